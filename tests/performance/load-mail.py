#!/usr/bin/env python3
"""Throughput load for mail: complete SMTP sessions on the published port 25, one
message to alice@$DOMAIN per session (EHLO, MAIL, RCPT, DATA, QUIT), so each
request is one accepted message.  Prints requests=N; exits non-zero if any
session fails."""
import os
import smtplib
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _load  # noqa: E402

DOMAIN = os.environ.get("DOMAIN", "podserve.local")
HOST, PORT = _load.target(25)
RCPT = os.environ.get("LOAD_RCPT", f"alice@{DOMAIN}")


def worker(stop_at):
    ok = failed = 0
    n = 0
    while time.monotonic() < stop_at:
        n += 1
        body = f"From: load@example.org\r\nTo: {RCPT}\r\nSubject: load {n}\r\n\r\nthroughput test message {n}\r\n"
        try:
            with smtplib.SMTP(HOST, PORT, local_hostname="load.example.org", timeout=5) as s:
                s.sendmail("load@example.org", [RCPT], body)
            ok += 1
        except (OSError, smtplib.SMTPException):
            failed += 1
    return ok, failed


if __name__ == "__main__":
    sys.exit(_load.run(worker, "load-mail"))
