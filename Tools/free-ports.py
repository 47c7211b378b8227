#!/usr/bin/env python3
"""free-ports.py [N]: N distinct loopback ports that bind on 127.0.0.1 now, one line, spaces between.

The ports lie below the kernel's ephemeral range (ip_local_port_range). A port from bind(0) lies
inside it and can be taken, before the server it was picked for binds it, by any outgoing
connection's local port or another bind(0): the likely reason a private PostgreSQL of the tests
once failed to start while every suite ran at once. Nothing takes a port below the range unless
asked for it by number. The tests' FreePort (Swift) picks from 20000 up to the range for the same
reason; this script keeps to 10000-19999, so a port FreePort handed to a test that has not bound
yet is never picked here too.
"""
import random
import socket
import sys

LOW = 10000
HIGH = 20000  # where the Swift tests' FreePort range starts


def ephemeral_low():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    high = min(HIGH, ephemeral_low())
    held = []
    if high - LOW >= 1000:
        candidates = random.sample(range(LOW, high), min(high - LOW, 200 + count))
        for port in candidates:
            if len(held) == count:
                break
            s = socket.socket()
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                s.close()
                continue
            held.append(s)
    # A machine whose ephemeral range leaves no room below it: the kernel's choice, held open
    # together so the ports differ.
    while len(held) < count:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        held.append(s)
    print(" ".join(str(s.getsockname()[1]) for s in held))


main()
