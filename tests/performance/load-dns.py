#!/usr/bin/env python3
"""Throughput load for dns: A queries for dns.$DOMAIN over TCP/53 (the published
port), one persistent connection per worker (dnsmasq serves many queries per TCP
connection, up to 100 — TCP_MAX_QUERIES — so workers reconnect after 100).  Prints requests=N; exits non-zero if any query fails."""
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _load  # noqa: E402

DOMAIN = os.environ.get("DOMAIN", "podserve.local")
HOST, PORT = _load.target(53)


def query(name):
    qid = random.randint(0, 0xFFFF)
    header = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    msg = header + qname + struct.pack(">HH", 1, 1)
    return qid, struct.pack(">H", len(msg)) + msg


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed")
        buf += chunk
    return buf


PER_CONNECTION = 100   # dnsmasq closes a TCP connection after 100 queries


def worker(stop_at):
    ok = failed = 0
    sock = None
    used = 0
    while time.monotonic() < stop_at:
        try:
            if sock is not None and used >= PER_CONNECTION:
                sock.close()
                sock = None
            if sock is None:
                sock = socket.create_connection((HOST, PORT), timeout=2)
                used = 0
            used += 1
            qid, packet = query(f"dns.{DOMAIN}")
            sock.sendall(packet)
            (length,) = struct.unpack(">H", recv_exact(sock, 2))
            reply = recv_exact(sock, length)
            rid, flags, _, ancount = struct.unpack(">HHHH", reply[:8])
            if rid == qid and flags & 0x000F == 0 and ancount >= 1:
                ok += 1
            else:
                failed += 1
        except (OSError, ConnectionError):
            failed += 1
            if sock is not None:
                sock.close()
            sock = None
    if sock is not None:
        sock.close()
    return ok, failed


if __name__ == "__main__":
    sys.exit(_load.run(worker, "load-dns"))
