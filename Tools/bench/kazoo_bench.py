"""The kazoo comparator: N creates, gets, deletes with kazoo's async API, WINDOW in flight.

Run with Debian's python3 (python3-kazoo). Prints "<phase> <n> <seconds>" per phase.
    /usr/bin/python3 kazoo_bench.py CONNECT ROOT N WINDOW
"""
import collections
import sys
import time

from kazoo.client import KazooClient


def run_phase(submit, n, window):
    pending = collections.deque()
    start = time.monotonic()
    for i in range(n):
        if len(pending) >= window:
            pending.popleft().get()
        pending.append(submit(i))
    while pending:
        pending.popleft().get()
    return time.monotonic() - start


def main():
    connect, root, n, window = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    zk = KazooClient(hosts=connect, timeout=10)
    zk.start(timeout=10)
    zk.ensure_path(root)
    value = b"v" * 16
    phases = [
        ("create", lambda i: zk.create_async(f"{root}/n{i}", value)),
        ("get", lambda i: zk.get_async(f"{root}/n{i}")),
        ("delete", lambda i: zk.delete_async(f"{root}/n{i}")),
    ]
    for name, submit in phases:
        elapsed = run_phase(submit, n, window)
        print(f"{name} {n} {elapsed:.6f}", flush=True)
    zk.delete(root)
    zk.stop()
    zk.close()


if __name__ == "__main__":
    main()
