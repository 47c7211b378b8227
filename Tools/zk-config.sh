#!/usr/bin/env bash
# A drop-in for Seata's script/config-center/zk/zk-config.sh that runs `zkconfig seed`.
#
#   zk-config.sh [-h host] [-p port] [-z zkHome] [-f file] [-- zkconfig seed options…]
#
# Same flags and defaults as Seata's script: -h (default localhost), -p (default 2181),
# the keys go under /seata, and the input is config.txt in the parent of the working
# directory ($(dirname "$PWD")/config.txt, what Seata's script reads). -z is accepted and
# ignored (no zkCli.sh, no JVM). -f FILE names another input. Anything after -- goes to
# `zkconfig seed` (for example: -- --overwrite --prune, --root /other, --auth user:pw,
# --dry-run).
#
# Unlike Seata's script it never asks to wipe the tree: existing keys are kept unless
# --overwrite, keys not in the file stay unless --prune; values keep their spaces and may start
# with -; the apply is atomic; passwords are not echoed; and the exit status is zkconfig's
# (0 ok, 64 usage, 65 bad file, 69 unreachable, 75 conflict, 77 refused).
#
# The zkconfig binary: $ZKCONFIG, else the zkconfig beside this script (as Tools/install.sh
# installs them), else zkconfig on PATH, else this repository's release or debug build.
set -euo pipefail

usage() { echo "usage: $0 [-h host] [-p port] [-z zkHome] [-f file] [-- zkconfig seed options]" >&2; exit 64; }

host=localhost
port=2181
file="$(dirname "$PWD")/config.txt"
while getopts ":h:p:z:f:" opt; do
    case $opt in
        h) host=$OPTARG ;;
        p) port=$OPTARG ;;
        z) ;;  # zkHome: Seata's script needs it for zkCli.sh; zkconfig does not.
        f) file=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
if [ "${1:-}" = "--" ]; then shift; fi

zkconfig=${ZKCONFIG:-}
if [ -z "$zkconfig" ]; then
    here=$(cd "$(dirname "$0")" && pwd)
    repo=$(cd "$here/.." && pwd)
    if [ -x "$here/zkconfig" ]; then
        zkconfig=$here/zkconfig
    elif command -v zkconfig >/dev/null 2>&1; then
        zkconfig=$(command -v zkconfig)
    elif [ -x "$repo/.build/release/zkconfig" ]; then
        zkconfig=$repo/.build/release/zkconfig
    elif [ -x "$repo/.build/debug/zkconfig" ]; then
        zkconfig=$repo/.build/debug/zkconfig
    else
        echo "zk-config.sh: no zkconfig binary: build it (swift build -c release --product zkconfig) or set ZKCONFIG" >&2
        exit 69
    fi
fi

echo "zk-config.sh: seeding $file into ZooKeeper $host:$port" >&2
exec "$zkconfig" seed --connect "$host:$port" --root /seata --from "$file" "$@"
