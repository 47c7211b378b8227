"""The kazoo comparator for the seed benchmark: one synchronous create per key, as a script
written with kazoo would seed (plain key=value lines; no escapes, which the inputs do not use).

Run with Debian's python3 (python3-kazoo):
    /usr/bin/python3 kazoo_seed.py CONNECT ROOT FILE
"""
import sys

from kazoo.client import KazooClient


def entries(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip("\r\n").lstrip(" \t")
            if not line or line[0] in "#!":
                continue
            cut = min((i for i in (line.find("="), line.find(":")) if i >= 0), default=len(line))
            values[line[:cut]] = line[cut + 1:].lstrip(" \t")
    return values


def main():
    connect, root, path = sys.argv[1], sys.argv[2], sys.argv[3]
    zk = KazooClient(hosts=connect, timeout=10)
    zk.start(timeout=10)
    zk.ensure_path(root)
    for key, value in entries(path).items():
        zk.create(f"{root}/{key}", value.encode("utf-8"))
    zk.stop()
    zk.close()


if __name__ == "__main__":
    main()
