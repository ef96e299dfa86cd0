#!/usr/bin/python3
"""Fuzz podserve-gate's readers with the real binary (issue 10 part 5).

Builds one workspace (real git, `init`, `new dns`, `new mail --depends-on dns`, this repository's dns plan,
a real planning transition of dns), then, from a fixed random seed, mutates seed files — service.yaml,
a checklist, gate files, state.yaml and a transition commit's message with its trailers — and runs the
podman-free commands that read them (`check`, `status`, `plan`, `verify`, `history`). Every run must:

  * exit 0, 1 or 2 (never by a signal, never 3/64/other),
  * finish within --timeout seconds,
  * stay under --max-rss-mb of peak resident memory (measured per child with wait4),
  * on exit 2, name where the problem is: a workspace path, and `file:line:column` when the error is a
    YAML one (syntax, limit, unknown key, wrong value).

Prints counts per target and exit code; failing cases are saved under --out with a reproducer.
Exit 0 when every run held, 1 otherwise, 2 on a set-up error.

  tests/fuzz/fuzz.py --cases 300            # the short pass the Swift test suite runs
  tests/fuzz/run-long.sh                    # a long pass (5,000 cases by default)
"""
import argparse
import collections
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# What a mutation may splice in: YAML structure, Markdown task syntax, trailer syntax, hostile bytes.
TOKENS = [
    "[", "]", "{", "}", ",", ":", ": ", "- ", "? ", "&a ", "*a", "&b ", "*b", "!!str ", "!!map ", "!custom ",
    "|", ">", "'", '"', "#", "%YAML 1.1\n", "---\n", "...\n", "\t", "  ", "\n", "\r\n", "\x00", "\x1b[31m",
    "~", "null", "true", "0x1F", "1e309", "-1", "9" * 40, "é", "\u202e", "\ufeff", "\ud7ff",
    "- [ ] ", "- [x] ", "`auto:plan-complete`", "`auto:`", "```\n",
    "Gate-Service: ", "Gate-From: ", "Gate-To: ", "Gate-Evidence: ", "Gate-Reason: ", "Signed-off-by: ",
    "planning", "isolation", "ready", "none", "dns", "mail", "../", "/etc/passwd", "depends_on", "dependson",
]


def deep(rng):
    depth = rng.choice([10, 63, 64, 65, 200, 5000, 5000, 20000])
    opener, closer = rng.choice([("[", "]"), ("{a: ", "}"), ("- ", "")])
    if opener == "- ":
        return "\n" + "".join("  " * i + "- " + "\n" for i in range(min(depth, 400)))
    return opener * depth + closer * depth


def alias_bomb(rng):
    levels = rng.randint(2, 10)
    width = rng.randint(2, 12)
    lines = ["b0: &b0 [" + ",".join(["x"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"b{level}: &b{level} [" + ",".join([f"*b{level - 1}"] * width) + "]")
    return "\n" + "\n".join(lines) + "\n"


def many_keys(rng):
    count = rng.choice([100, 9_999, 10_001, 30_000])
    return "\n" + "\n".join(f"k{i}: {i}" for i in range(count)) + "\n"


def mutate(rng, text):
    """One to four random edits of `text` (a str); returns the new text."""
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        n = len(text)
        at = rng.randint(0, n)
        if choice < 0.18:  # insert a token
            text = text[:at] + rng.choice(TOKENS) + text[at:]
        elif choice < 0.30:  # delete a range
            end = min(n, at + rng.randint(1, 40))
            text = text[:at] + text[end:]
        elif choice < 0.40:  # flip a character
            if n:
                i = rng.randrange(n)
                text = text[:i] + chr(rng.choice([0, 9, 10, 13, 32, 34, 35, 38, 39, 42, 45, 58, 91, 93, 123, 125, 0x7F,
                                                   rng.randint(33, 126), rng.randint(0xA0, 0x2FFF)])) + text[i + 1:]
        elif choice < 0.50:  # duplicate or move a line
            lines = text.split("\n")
            if lines:
                line = rng.choice(lines)
                lines.insert(rng.randint(0, len(lines)), line)
                text = "\n".join(lines)
        elif choice < 0.58:  # re-indent a line
            lines = text.split("\n")
            if lines:
                i = rng.randrange(len(lines))
                lines[i] = rng.choice(["", " ", "  ", "    ", "\t"]) + lines[i].lstrip()
                text = "\n".join(lines)
        elif choice < 0.64:  # truncate
            text = text[:at]
        elif choice < 0.70:  # typo a key
            keys = re.findall(r"^\s*([a-z_]+):", text, re.M)
            if keys:
                key = rng.choice(keys)
                typo = key.replace("_", "") if "_" in key else key[:-1] + key[-1] * 2
                text = re.sub(r"(^\s*)" + re.escape(key) + ":", r"\g<1>" + typo + ":", text, count=1, flags=re.M)
        elif choice < 0.78:
            text = text[:at] + deep(rng) + text[at:]
        elif choice < 0.84:
            text = text + alias_bomb(rng)
        elif choice < 0.88:
            text = text + many_keys(rng)
        elif choice < 0.90:  # a key's value replaced by a hostile structure, so the file stays valid YAML
            lines = text.split("\n")
            keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*[a-z_]+:", line)]
            if keyed:
                i = rng.choice(keyed)
                head = lines[i][: lines[i].index(":") + 1]
                if rng.random() < 0.5:
                    lines[i] = head + " " + deep(rng).replace("\n", " ")
                    text = "\n".join(lines)
                else:
                    bomb = alias_bomb(rng)
                    last = re.findall(r"&(b\d+)", bomb)[-1]
                    lines[i] = head + " *" + last
                    text = bomb.lstrip("\n") + "\n".join(lines)
        elif choice < 0.93:  # a long line
            text = text[:at] + rng.choice(["x", "[a, ", "&a ", "é"]) * rng.choice([1_000, 100_000]) + text[at:]
        else:  # swap two halves
            text = text[at:] + text[:at]
    return text


class Runner:
    """Runs the binary with a timeout (kills its process group) and reads its peak RSS with wait4."""

    def __init__(self, binary, workspace, timeout, env):
        self.binary = binary
        self.workspace = workspace
        self.timeout = timeout
        self.env = env

    def run(self, args):
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.monotonic()
            proc = subprocess.Popen([self.binary] + args, cwd=self.workspace, stdout=out, stderr=err,
                                    stdin=subprocess.DEVNULL, env=self.env, start_new_session=True)
            timed_out = threading.Event()

            def kill():
                timed_out.set()
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

            timer = threading.Timer(self.timeout, kill)
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            proc.returncode = 0  # reaped by wait4; keep Popen from waiting again
            elapsed = time.monotonic() - start
            out.seek(0)
            err.seek(0)
            stdout = out.read(1 << 20).decode("utf-8", "replace")
            stderr_bytes = err.read()
            code = os.waitstatus_to_exitcode(status)
            return {
                "args": args, "code": code, "seconds": elapsed, "rss_kib": usage.ru_maxrss,
                "timed_out": timed_out.is_set(), "stdout": stdout,
                "stderr": stderr_bytes[: 1 << 20].decode("utf-8", "replace"), "stderr_bytes": len(stderr_bytes),
            }


def git(workspace, *args, input_text=None):
    result = subprocess.run(["git", *args], cwd=workspace, input=input_text, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {result.stderr}")
    return result.stdout.strip()


def build_workspace(binary, workspace, env):
    def tool(*args):
        result = subprocess.run([binary, *args], cwd=workspace, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            raise RuntimeError(f"podserve-gate {' '.join(args)}: exit {result.returncode}: {result.stderr}")
        return result.stdout

    git(workspace, "init", "-q", "-b", "main")
    git(workspace, "config", "user.name", "Fuzz Harness")
    git(workspace, "config", "user.email", "fuzz@example.com")
    git(workspace, "config", "commit.gpgsign", "false")
    tool("init", "--quiet")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "gates")
    tool("new", "dns", "--quiet")
    tool("new", "mail", "--depends-on", "dns", "--quiet")
    with open(os.path.join(ROOT, "services/dns/service.yaml"), encoding="utf-8") as handle:
        plan = handle.read()
    with open(os.path.join(workspace, "services/dns/service.yaml"), "w", encoding="utf-8") as handle:
        handle.write(plan)
    checklist = os.path.join(workspace, "services/dns/checklists/1-planning.md")
    with open(checklist, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    lines = [l.replace("- [ ]", "- [x]") if "- [ ]" in l and "`auto:" not in l else l for l in lines]
    with open(checklist, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "plan dns")
    tool("advance", "dns", "--quiet")
    return git(workspace, "rev-parse", "HEAD")


LOCATION = re.compile(r"(services|gates)/[A-Za-z0-9._/-]+")
LINE_COLUMN = re.compile(r"(services|gates)/[A-Za-z0-9._/-]+:\d+:\d+")
YAML_ERROR = re.compile(r"YAML syntax error|past the [a-z ]+ limit|unknown key|is written twice")


def judge(run, limits):
    """Why a run broke the rules, or None."""
    if run["timed_out"]:
        return f"no exit within {limits.timeout} s (killed)"
    if run["code"] < 0:
        return f"killed by signal {-run['code']}"
    if run["code"] not in (0, 1, 2):
        return f"exit {run['code']}"
    if run["rss_kib"] > limits.max_rss_mb * 1024:
        return f"peak RSS {run['rss_kib'] // 1024} MB > {limits.max_rss_mb} MB"
    if run["stderr_bytes"] > 256 * 1024:
        return f"{run['stderr_bytes']} bytes of stderr"
    if run["code"] == 2:
        if not LOCATION.search(run["stderr"]):
            return "exit 2 without a location"
        if YAML_ERROR.search(run["stderr"]) and not LINE_COLUMN.search(run["stderr"]):
            return "YAML error without file:line:column"
    return None


def targets(workspace):
    """(name, path in the workspace, commands) for every seed file."""
    return [
        ("service.yaml", "services/dns/service.yaml", [PLANNING + ["dns"], ["status"], ["plan"], PLANNING + ["mail"]]),
        ("dependent-plan", "services/mail/service.yaml", [PLANNING + ["mail"], ["plan", "mail"]]),
        ("checklist", "services/mail/checklists/1-planning.md", [PLANNING + ["mail"], ["status", "mail"]]),
        ("gate", "gates/1-planning.yaml", [PLANNING + ["mail"], PLANNING + ["dns"]]),
        ("later-gate", "gates/4-integration-planning.yaml", [["check", "--phase", "integration-planning", "mail"], ["verify"]]),
        ("state.yaml", "services/mail/state.yaml", [["status"], PLANNING + ["mail"], ["plan"]]),
    ]


# Only the planning gates (phases 1 and 4) are podman-free; the runs also get a PATH without podman, so a run that tried to
# start a container would exit 3 and be reported instead of leaving one behind.
PLANNING = ["check", "--phase", "planning"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.environ.get("PODSERVE_GATE_BIN", os.path.join(ROOT, ".build/debug/podserve-gate")))
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per run")
    parser.add_argument("--max-rss-mb", type=int, default=150)
    parser.add_argument("--out", help="where failing cases are saved (default: a new temporary folder)")
    parser.add_argument("--verbose", action="store_true")
    limits = parser.parse_args()
    if not os.access(limits.binary, os.X_OK):
        print(f"fuzz: no binary at {limits.binary}; build it with `swift build`", file=sys.stderr)
        return 2

    rng = random.Random(limits.seed)
    scratch = tempfile.mkdtemp(prefix="podserve-fuzz-")
    out = limits.out or tempfile.mkdtemp(prefix="podserve-fuzz-failures-")
    workspace = os.path.join(scratch, "ws")
    os.mkdir(workspace)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["NO_COLOR"] = "1"
    empty_bin = os.path.join(scratch, "empty-bin")
    os.mkdir(empty_bin)
    tool_env = dict(env, PATH=empty_bin)
    try:
        head = build_workspace(limits.binary, workspace, env)
        transition = git(workspace, "cat-file", "commit", head)
        message = transition.split("\n\n", 1)[1]
        tree = git(workspace, "rev-parse", "HEAD^{tree}")
        parent = git(workspace, "rev-parse", "HEAD~1")
        seeds = {}
        for name, path, _ in targets(workspace):
            with open(os.path.join(workspace, path), encoding="utf-8") as handle:
                seeds[path] = handle.read()
        runner = Runner(limits.binary, workspace, limits.timeout, tool_env)
        counts = collections.Counter()
        codes = collections.Counter()
        failures = []
        worst_rss = 0
        worst_seconds = 0.0
        started = time.monotonic()
        for case in range(limits.cases):
            kind = rng.random()
            if kind < 0.2:
                # A transition commit whose message (and trailers) is mutated, on the real transition's tree.
                name = "commit-message"
                mutated = mutate(rng, message).replace("\x00", "")
                commit = git(workspace, "commit-tree", tree, "-p", parent, input_text=mutated)
                git(workspace, "update-ref", "refs/heads/main", commit)
                commands = [["verify"], ["history", "dns"], ["status"]]
                restore = lambda: git(workspace, "update-ref", "refs/heads/main", head)
                payload = mutated
            else:
                name, path, commands = rng.choice(targets(workspace))
                mutated = mutate(rng, seeds[path])
                with open(os.path.join(workspace, path), "wb") as handle:
                    handle.write(mutated.encode("utf-8", "surrogatepass"))

                def restore(path=path):
                    with open(os.path.join(workspace, path), "w", encoding="utf-8") as handle:
                        handle.write(seeds[path])
                payload = mutated
            counts[name] += 1
            try:
                for args in commands:
                    run = runner.run(args)
                    codes[(name, run["code"])] += 1
                    worst_rss = max(worst_rss, run["rss_kib"])
                    worst_seconds = max(worst_seconds, run["seconds"])
                    problem = judge(run, limits)
                    if limits.verbose:
                        print(f"case {case} {name} {' '.join(args)}: exit {run['code']} {run['seconds']:.2f}s "
                              f"{run['rss_kib'] // 1024}MB", file=sys.stderr)
                    if problem:
                        folder = os.path.join(out, f"case-{case}-{name}")
                        os.makedirs(folder, exist_ok=True)
                        with open(os.path.join(folder, "input"), "wb") as handle:
                            handle.write(payload.encode("utf-8", "surrogatepass"))
                        with open(os.path.join(folder, "stderr"), "w", encoding="utf-8") as handle:
                            handle.write(run["stderr"])
                        failures.append((case, name, args, problem, folder))
                        print(f"FAIL case {case} {name}: podserve-gate {' '.join(args)}: {problem} "
                              f"(input and stderr in {folder})", file=sys.stderr)
            finally:
                restore()
        elapsed = time.monotonic() - started
        print(f"fuzz: seed {limits.seed}, {limits.cases} cases, {sum(codes.values())} runs in {elapsed:.1f} s; "
              f"peak RSS {worst_rss // 1024} MB, slowest run {worst_seconds:.2f} s")
        for name in sorted(counts):
            by_code = ", ".join(f"exit {code}: {codes[(name, code)]}" for code in sorted({c for n, c in codes if n == name}))
            print(f"  {name:15} {counts[name]:5} cases  {by_code}")
        print(f"fuzz: {sum(codes.values()) - len(failures)} runs held, {len(failures)} broke the rules")
        return 1 if failures else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if not limits.out and not os.listdir(out):
            os.rmdir(out)


if __name__ == "__main__":
    sys.exit(main())
