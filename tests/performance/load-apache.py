#!/usr/bin/env python3
"""Throughput load for apache: HTTP/1.1 keep-alive GETs of /backend/ (through the
reverse proxy) on the published port 8080.  Prints requests=N; exits non-zero if
any request fails or does not answer 200."""
import http.client
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _load  # noqa: E402

HOST, PORT = _load.target(8080)
PATH = os.environ.get("LOAD_PATH", "/backend/")


def worker(stop_at):
    ok = failed = 0
    conn = None
    while time.monotonic() < stop_at:
        try:
            if conn is None:
                conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", PATH)
            resp = conn.getresponse()
            resp.read()
            if resp.status == 200:
                ok += 1
            else:
                failed += 1
            if resp.will_close:
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            failed += 1
            if conn is not None:
                conn.close()
            conn = None
    if conn is not None:
        conn.close()
    return ok, failed


if __name__ == "__main__":
    sys.exit(_load.run(worker, "load-apache"))
