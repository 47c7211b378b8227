"""The kazoo comparator for loading and change propagation.

Run with Debian's python3 (python3-kazoo).
    /usr/bin/python3 kazoo_load_bench.py load CONNECT ROOT WINDOW
        sync, list ROOT, get every child with kazoo's async API, WINDOW in flight;
        prints "load <n> <seconds>"
    /usr/bin/python3 kazoo_load_bench.py propagate CONNECT ROOT COUNT
        a DataWatch on ROOT/probe; another kazoo client sets it COUNT times, each time waiting
        for the watch's callback; prints "propagate <milliseconds>" per write
"""
import collections
import sys
import threading
import time

from kazoo.client import KazooClient


def connect(hosts):
    zk = KazooClient(hosts=hosts, timeout=10)
    zk.start(timeout=10)
    return zk


def load(hosts, root, window):
    zk = connect(hosts)
    start = time.monotonic()
    zk.sync(root)
    names = zk.get_children(root)
    pending = collections.deque()
    values = {}
    for name in names:
        if len(pending) >= window:
            key, result = pending.popleft()
            values[key] = result.get()[0]
        pending.append((name, zk.get_async(f"{root}/{name}")))
    while pending:
        key, result = pending.popleft()
        values[key] = result.get()[0]
    elapsed = time.monotonic() - start
    assert len(values) == len(names)
    print(f"load {len(names)} {elapsed:.6f}", flush=True)
    zk.stop()
    zk.close()


def propagate(hosts, root, count):
    watcher, writer = connect(hosts), connect(hosts)
    probe = f"{root}/probe"
    writer.ensure_path(root)
    if not writer.exists(probe):
        writer.create(probe, b"0")
    seen = {"value": None}
    changed = threading.Condition()

    def on_change(data, stat):
        with changed:
            seen["value"] = data
            changed.notify_all()

    watcher.DataWatch(probe, on_change)
    for i in range(1, count + 1):
        value = str(1000 + i).encode()
        start = time.monotonic()
        writer.set(probe, value)
        with changed:
            while seen["value"] != value:
                changed.wait(10)
        print(f"propagate {(time.monotonic() - start) * 1000:.3f}", flush=True)
        time.sleep(0.005)
    writer.delete(root, recursive=True)
    for zk in (watcher, writer):
        zk.stop()
        zk.close()


def main():
    command, hosts, root, number = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if command == "load":
        load(hosts, root, number)
    elif command == "propagate":
        propagate(hosts, root, number)
    else:
        sys.exit(64)


if __name__ == "__main__":
    main()
