"""Shared driver for the load commands that `podserve-gate`'s throughput validator runs.

The validator runs `load: {command: [...]}` on the host in the workspace with
PODSERVE_HOST, PODSERVE_PORT (host side of the first TCP port), PODSERVE_PORTS
(`8080=41234,…`), PODSERVE_CONTAINER and PODSERVE_DURATION set, and reads
`requests=N` / `requests_per_second=X` from stdout.
"""
import os
import sys
import threading
import time


def target(container_port=None):
    host = os.environ.get("PODSERVE_HOST", "127.0.0.1")
    port = int(os.environ.get("PODSERVE_PORT", "0") or 0)
    if container_port is not None:
        for pair in filter(None, os.environ.get("PODSERVE_PORTS", "").split(",")):
            inner, _, outer = pair.partition("=")
            if inner.strip() == str(container_port) and outer.strip():
                port = int(outer)
    if not port:
        sys.exit("load: PODSERVE_PORT/PODSERVE_PORTS name no host port")
    return host, port


def run(worker, name):
    """Run `worker(host, port, stop_at) -> (ok, failed)` in parallel for PODSERVE_DURATION seconds."""
    duration = float(os.environ.get("PODSERVE_DURATION", "10"))
    threads = int(os.environ.get("LOAD_CONNECTIONS", "4"))
    ok = [0] * threads
    failed = [0] * threads
    errors = []
    start = time.monotonic()
    stop_at = start + duration

    def body(i):
        try:
            ok[i], failed[i] = worker(stop_at)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(repr(exc))

    pool = [threading.Thread(target=body, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = max(time.monotonic() - start, 1e-9)
    total, bad = sum(ok), sum(failed)
    print(f"{name}: {total} ok, {bad} failed in {elapsed:.2f}s over {threads} connections", file=sys.stderr)
    for e in errors[:3]:
        print(f"{name}: worker error: {e}", file=sys.stderr)
    print(f"requests={total}")
    print(f"requests_per_second={total / elapsed:.1f}")
    return 0 if total and not bad and not errors else 1
