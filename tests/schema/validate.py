#!/usr/bin/python3
"""Validate YAML files against a JSON Schema with a real validator (Debian's python3-jsonschema).

usage: validate.py SCHEMA.json FILE.yaml...
Checks the schema itself against its draft's meta-schema, then prints one line per file:
`ok FILE` or `invalid FILE: <path>: <message>` for each error. Exit 0 when every file is valid,
1 when any is invalid, 2 on a schema or YAML error.
"""
import json
import sys

import jsonschema
import yaml


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    try:
        validator_class.check_schema(schema)
    except jsonschema.exceptions.SchemaError as error:
        print(f"schema {argv[0]} is not a valid {validator_class.__name__} schema: {error.message}", file=sys.stderr)
        return 2
    validator = validator_class(schema)
    invalid = 0
    for path in argv[1:]:
        try:
            with open(path, encoding="utf-8") as handle:
                document = yaml.safe_load(handle)
        except yaml.YAMLError as error:
            print(f"yaml-error {path}: {error}")
            return 2
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            invalid += 1
            for error in errors:
                where = "/".join(str(part) for part in error.absolute_path) or "(root)"
                print(f"invalid {path}: {where}: {error.message}")
        else:
            print(f"ok {path}")
    print(f"{validator_class.__name__}: {len(argv) - 1 - invalid} valid, {invalid} invalid", file=sys.stderr)
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
