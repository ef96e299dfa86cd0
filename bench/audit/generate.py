#!/usr/bin/env python3
"""Writes a `git fast-import` stream: a long history with real podserve-gate transitions.

Usage: generate.py [--commits N] [--services S] [--seed K] | git fast-import --quiet

Each service is created (none -> planning), then for each of the six phases a person ticks the manual
checklist items in one commit and the gate advances it in another, writing evidence whose blob id is the
Gate-Evidence trailer, the ticked checklist and the new state -- the same files and trailers the tool writes.
Evidence decodes as the tool's own (ISO times, artifacts), and every performance evidence carries the phase-3
validators' figures (startup, memory, response, throughput, recovery, soak), so `report` charts a baseline per service.
Every other commit changes source files under src/; every 500 commits a short side branch is merged back
(--no-ff), so verify and history have merges to follow.
"""
import argparse
import datetime
import hashlib
import json
import random
import sys

PHASES = ["planning", "isolation", "performance", "integration-planning", "combination", "production", "ready"]

out = sys.stdout.buffer


def emit(text):
    out.write(text.encode() if isinstance(text, str) else text)


def data(payload):
    raw = payload.encode() if isinstance(payload, str) else payload
    emit(f"data {len(raw)}\n")
    emit(raw)
    emit("\n")


def blob_id(payload):
    raw = payload.encode()
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


def state(phase):
    return f"# written by podserve-gate; change it with podserve-gate advance/reopen\nphase: {phase}\n"


def checklist(service, n, phase, manual_ticked, auto_ticked):
    m = "x" if manual_ticked else " "
    a = "x" if auto_ticked else " "
    return (f"# {service}: Phase {n} checklist ({phase})\n\n"
            f"- [{a}] validators of {phase} pass `auto:check-{phase}`\n"
            f"- [{a}] figures recorded `auto:figures-{phase}`\n\n## Sign-off\n\n"
            f"- [{m}] reviewed by a person\n- [{m}] dependents informed\n")


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def figure(kind, rng, metrics):
    return {"id": kind, "kind": kind, "status": "pass", "attempts": 1, "passes": 1,
            "duration_ms": rng.randint(10, 5000), "message": "ok", "output": "", "metrics": metrics}


def baseline_figures(rng):
    """The performance gate's own validators with the figures the baseline report (and `report`) chart."""
    median = round(rng.uniform(0.2, 2.0), 3)
    p50 = round(rng.uniform(2, 40), 2)
    return [
        figure("startup-time", rng, {"startup_median_s": median, "startup_p95_s": round(median * 1.2, 3), "target_s": 5}),
        figure("memory", rng, {"memory_bytes": rng.randint(10**6, 9 * 10**7), "target_bytes": 100_000_000}),
        figure("response-time", rng, {"p50_ms": p50, "p95_ms": round(p50 * 2.5, 2), "target_ms": 100}),
        figure("throughput", rng, {"per_second": rng.randint(800, 20000), "target_per_second": 1000}),
        figure("restart-recovery", rng, {"recovery_s": round(rng.uniform(0.3, 3), 3), "max_s": 10}),
        figure("soak", rng, {"slope_bytes_per_hour": rng.randint(-10**5, 10**6), "max_growth_bytes_per_hour": 10**7}),
    ]


def evidence(service, phase, rng, t):
    validators = [
        {"id": f"check-{phase}", "kind": "command", "status": "pass", "attempts": 1, "passes": 1,
         "duration_ms": rng.randint(10, 5000), "message": "ok", "output": "",
         "metrics": {"median_ms": rng.randint(100, 900), "peak_bytes": rng.randint(10**6, 10**8)}},
        {"id": f"figures-{phase}", "kind": "command", "status": "pass", "attempts": 1, "passes": 1,
         "duration_ms": 12, "message": "ok", "output": "", "metrics": {}},
    ]
    if phase == "performance":
        validators += baseline_figures(rng)
    record = {
        "tool": "podserve-gate", "tool_version": "0.1.0", "service": service, "phase": phase, "passed": True,
        "started_at": iso(t), "finished_at": iso(t + 30), "environment": {"cpus": "2"}, "artifacts": {},
        "validators": validators,
    }
    return json.dumps(record, indent=2, sort_keys=True) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--layout", choices=["spread", "recent"], default="spread",
                        help="spread: every service goes through all six phases across the whole history; "
                             "recent: services are created in the newest commits and --advanced of them advance once")
    parser.add_argument("--advanced", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    names = [f"svc{i:03d}" for i in range(args.services)]
    # Per service: create, then (tick, advance) for each of the six phases = 13 events, in order.
    events = []
    for index, name in enumerate(names):
        events.append((name, "create", 0))
        phases = range(6) if args.layout == "spread" else range(1 if index < args.advanced else 0)
        for p in phases:
            events.append((name, "tick", p))
            events.append((name, "advance", p))
    service_events = len(events)
    # Slots are main-line commits; every 500th slot also brings a side branch of 5 commits and its merge.
    slots_total = args.commits
    while slots_total + 6 * ((slots_total - 1) // 500) > args.commits:
        slots_total -= 1
    slots_total = max(slots_total, service_events)
    # Shuffle the interleaving but keep each service's own order.
    first = 0 if args.layout == "spread" else max(0, slots_total - 2 * service_events)
    slots = sorted(rng.sample(range(first, slots_total), service_events))
    queues = {name: [e for e in events if e[0] == name] for name in names}
    order = [n for n in names for _ in range(len(queues[n]))]
    rng.shuffle(order)
    scheduled = {}
    for slot, name in zip(slots, order):
        scheduled[slot] = queues[name].pop(0)

    src_files = [f"src/mod{d:02d}/file{f:03d}.txt" for d in range(40) for f in range(25)]
    mark = 0
    t = 1_600_000_000
    main_tip = None
    written = 0

    def commit(ref, message, changes, parent=None, merge=None, author="Ada Lovelace <ada@example.org>"):
        nonlocal mark, t, written
        mark += 1
        written += 1
        t += 37
        emit(f"commit {ref}\nmark :{mark}\n")
        emit(f"author {author} {t} +0000\ncommitter {author} {t} +0000\n")
        data(message)
        if parent:
            emit(f"from :{parent}\n")
        if merge:
            emit(f"merge :{merge}\n")
        for path, content in changes:
            emit(f"M 100644 inline {path}\n")
            data(content)
        emit("\n")
        return mark

    for slot in range(slots_total):
        if slot > 0 and slot % 500 == 0:
            # A side branch of five source commits merged back with --no-ff.
            side = main_tip
            changed = {}
            for k in range(5):
                path = rng.choice(src_files)
                changed[path] = f"side {slot} {k} {rng.random()}\n"
                side = commit("refs/heads/side", f"side work {slot}.{k}\n", [(path, changed[path])], parent=side)
            main_tip = commit("refs/heads/main", f"Merge branch 'side' ({slot})\n", sorted(changed.items()),
                              parent=main_tip, merge=side)
        event = scheduled.get(slot)
        if event is None:
            path = rng.choice(src_files)
            main_tip = commit("refs/heads/main", f"src: change {path} ({slot})\n",
                              [(path, f"{slot} {rng.random()}\n")], parent=main_tip)
            continue
        name, kind, p = event
        base = f"services/{name}"
        if kind == "create":
            files = [(f"{base}/service.yaml", f"name: {name}\nscope: {name} service\nimage: localhost/podserve-{name}:latest\n"),
                     (f"{base}/state.yaml", state("planning"))]
            files += [(f"{base}/checklists/{n + 1}-{ph}.md", checklist(name, n + 1, ph, False, False))
                      for n, ph in enumerate(PHASES[:6])]
            message = (f"gate({name}): none -> planning\n\nCreate service {name} in planning.\n\n"
                       f"Gate-Service: {name}\nGate-From: none\nGate-To: planning\n"
                       f"Signed-off-by: Ada Lovelace <ada@example.org>\n")
        elif kind == "tick":
            phase = PHASES[p]
            files = [(f"{base}/checklists/{p + 1}-{phase}.md", checklist(name, p + 1, phase, True, False))]
            message = f"{name}: sign off {phase} checklist\n"
        else:
            phase, nxt = PHASES[p], PHASES[p + 1]
            ev = evidence(name, phase, rng, t)
            files = [(f"{base}/state.yaml", state(nxt)),
                     (f"{base}/evidence/{p + 1}-{phase}.json", ev),
                     (f"{base}/checklists/{p + 1}-{phase}.md", checklist(name, p + 1, phase, True, True))]
            message = (f"gate({name}): {phase} -> {nxt}\n\nPhase {p + 1} gate passed for {name}: 2 passed, 0 skipped.\n\n"
                       f"- pass check-{phase}: ok\n- pass figures-{phase}: ok\n\n"
                       f"Gate-Service: {name}\nGate-From: {phase}\nGate-To: {nxt}\nGate-Evidence: {blob_id(ev)}\n"
                       f"Signed-off-by: Ada Lovelace <ada@example.org>\n")
        main_tip = commit("refs/heads/main", message, files, parent=main_tip)
    emit("done\n")
    print(f"generated {written} commits, {len(names)} services, {service_events} service commits", file=sys.stderr)


if __name__ == "__main__":
    main()
