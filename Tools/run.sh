#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build, start a local ZooKeeper,
# seed Config/config.txt (missing keys only), and run the coordinator in the foreground; it
# prints the command that runs a sample TCC transaction against it.
# Ctrl-C (or SIGTERM) stops the coordinator cleanly and then the ZooKeeper this started.
#
#   ./Tools/run.sh            ZooKeeper on 127.0.0.1:2181 (or a free port if 2181 is taken),
#                             coordinator's transactions on 127.0.0.1:8091 and its HTTP on
#                             http://127.0.0.1:7091 (each on a free port when taken)
#   ./Tools/run.sh --check    the same, runs the sample once, and stops as soon as /ready
#                             answers 200 and the sample succeeded (CI uses this)
#   ./Tools/run.sh --store db [--check]
#                             a local cluster instead: PostgreSQL, ZooKeeper, two coordinators
#                             sharing the database and registered in Seata's registry
#                             (Tools/run-cluster.sh)
#
# ZK_PORT, SEATA_PORT, HTTP_PORT and RUN_DIR (state folder; default .run/) override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

# --store db: the two-coordinator cluster lives in its own script, so this default path stays
# as it is.
if [ "${1:-}" = "--store" ]; then
    case "${2:-}" in
        db) shift 2; exec ./Tools/run-cluster.sh "$@" ;;
        file) shift 2 ;;
        *) echo "run.sh: --store takes db or file (the default)" >&2; exit 64 ;;
    esac
fi

check=false
case "${1:-}" in
    --check) check=true ;;
    "") ;;
    *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
esac

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# http_status URL: the status code of a GET, without needing curl on the machine.
http_status() {
    local hostport=${1#http://}
    hostport=${hostport%%/*}
    local path=/${1#http://*/}
    (
        exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}" || exit 1
        printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
        head -1 <&3 | cut -d' ' -f2
    ) 2>/dev/null
}

./Tools/setup.sh
echo "run.sh: building" >&2
swift build >&2
bin=$(swift build --show-bin-path)

state=${RUN_DIR:-.run}
mkdir -p "$state"
state=$(cd "$state" && pwd)
zk_dir="$state/zookeeper"
coordinator_pid=""
cleanup() {
    if [ -n "$coordinator_pid" ] && kill -0 "$coordinator_pid" 2>/dev/null; then
        kill -TERM "$coordinator_pid" 2>/dev/null || true
        wait "$coordinator_pid" 2>/dev/null || true
    fi
    ./Tools/zookeeper.sh destroy "$zk_dir" >/dev/null 2>&1 || true
    echo "run.sh: stopped" >&2
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

zk_port=${ZK_PORT:-2181}
port_args=(--port "$zk_port")
if ! port_free "$zk_port"; then
    echo "run.sh: port $zk_port is taken; starting ZooKeeper on a free port" >&2
    port_args=()
fi
./Tools/zookeeper.sh destroy "$zk_dir" >/dev/null 2>&1 || true
connect=$(./Tools/zookeeper.sh start "$zk_dir" --tick 2000 "${port_args[@]}")
echo "run.sh: ZooKeeper at $connect (data in $zk_dir)" >&2

"$bin/zkconfig" --connect "$connect" --root /seata seed --from Config/config.txt >&2

http_port=${HTTP_PORT:-7091}
port_free "$http_port" || http_port=0
seata_port=${SEATA_PORT:-8091}
port_free "$seata_port" || seata_port=0
: >"$state/coordinator.log"
cd "$state"
# The schema is built into the binary: nothing to point at.
"$bin/coordinator" --connect "$connect" --root /seata --http-port "$http_port" --port "$seata_port" \
    2> >(tee "$state/coordinator.log" >&2) &
coordinator_pid=$!
cd "$OLDPWD"

# The coordinator logs its URLs once it is up; show them where a person looks first.
base=""
for _ in $(seq 1 300); do
    base=$(sed -n 's/.*serving \(http:\/\/[^/]*\)\/health.*/\1/p' "$state/coordinator.log" | head -1 || true)
    [ -n "$base" ] && break
    kill -0 "$coordinator_pid" 2>/dev/null || { wait "$coordinator_pid"; exit $?; }
    sleep 0.1
done
[ -n "$base" ] || { echo "run.sh: the coordinator did not start within 30 s" >&2; exit 1; }

ready=""
for _ in $(seq 1 100); do
    [ "$(http_status "$base/ready")" = 200 ] && { ready=yes; break; }
    sleep 0.1
done
transactions=$(sed -n 's/.*transactions on \([^ ]*\) as.*/\1/p' "$state/coordinator.log" | head -1 || true)
sample_bin=$bin
[ -d .build/debug ] && [ "$(cd .build/debug && pwd -P)" = "$(cd "$bin" && pwd -P)" ] && sample_bin=.build/debug
sample="$sample_bin/tcc-sample --coordinator $transactions"
sample=${sample#"$PWD/"}
cat <<EOF

  Coordinator $([ -n "$ready" ] && echo ready || echo "started, not ready yet (see $base/ready)")
    transactions  $transactions   (Seata's RPC: point Seata clients here)
    health        $base/health
    ready         $base/ready
    config        $base/config
    metrics       $base/metrics
  ZooKeeper       $connect   (try: zkconfig --connect $connect validate)

  Run a sample TCC transaction against it, in another terminal:
    $sample

  Ctrl-C stops both.

EOF
if $check; then
    [ -n "$ready" ] || { echo "run.sh --check: /ready never answered 200" >&2; exit 1; }
    echo "run.sh --check: running the sample: $sample" >&2
    $sample >&2 || { echo "run.sh --check: the sample TCC transaction failed" >&2; exit 1; }
    echo "run.sh --check: ok" >&2
    exit 0
fi
wait "$coordinator_pid"
