#!/usr/bin/env bash
# Benchmark: ZooKeeperClient against the raw ZooKeeper C async API (zk_bench.c, ours) and
# kazoo's async API: N creates, gets and deletes (N = 100 and 10,000) on one session with
# WINDOW requests in flight, all against one fresh server in one run. Release builds.
# Prints a table of ops/s (median over ROUNDS rounds, clients interleaved) and time ratios.
#
#   Tools/bench/zookeeper-bench.sh            ROUNDS=7 WINDOW=256 by default
#
# Targets (issue 2): Swift within 1.3x of raw C; faster than kazoo.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-7}
WINDOW=${WINDOW:-256}

source Tools/bench/common.sh
bench_prepare zk_bench
swift build -c release --product ZooKeeperBenchmark >&2
swift_bench=$(swift build -c release --show-bin-path)/ZooKeeperBenchmark

bench_start_server zk-bench
echo "server: $connect; rounds: $ROUNDS; window: $WINDOW" >&2

run() { # client n round
    local root="/bench-$1-$2-$3"
    case $1 in
        c) "$out/zk_bench" "$connect" "$root" "$2" "$WINDOW" ;;
        swift) "$swift_bench" "$connect" "$root" "$2" "$WINDOW" ;;
        kazoo) /usr/bin/python3 Tools/bench/kazoo_bench.py "$connect" "$root" "$2" "$WINDOW" ;;
    esac | sed "s/^/$1 /"
}

results="$state/results"
# Warm the server's JIT up first; these rounds are not counted.
for client in c swift kazoo; do run "$client" 10000 warm >/dev/null; done
for n in 100 10000; do
    rounds=$ROUNDS
    [ "$n" -le 100 ] && rounds=$((ROUNDS * 3))
    for round in $(seq 1 "$rounds"); do
        # Rotate the order so no client always runs right after another's cleanup.
        case $((round % 3)) in
            0) order="c swift kazoo" ;;
            1) order="swift kazoo c" ;;
            2) order="kazoo c swift" ;;
        esac
        for client in $order; do run "$client" "$n" "$round" >>"$results"; done
    done
done

python3 - "$results" <<'PY'
import collections, statistics, sys
times = collections.defaultdict(list)
for line in open(sys.argv[1]):
    client, phase, n, seconds = line.split()
    times[(client, phase, int(n))].append(float(seconds))
print("| operation | N | raw C ops/s | ZooKeeperClient ops/s | kazoo ops/s | Swift time / C time | kazoo time / Swift time |")
print("|---|---:|---:|---:|---:|---:|---:|")
for n in (100, 10000):
    for phase in ("create", "get", "delete"):
        med = {c: statistics.median(times[(c, phase, n)]) for c in ("c", "swift", "kazoo")}
        ops = {c: n / med[c] for c in med}
        print(f"| {phase} | {n:,} | {ops['c']:,.0f} | {ops['swift']:,.0f} | {ops['kazoo']:,.0f} "
              f"| {med['swift'] / med['c']:.2f}x | {med['kazoo'] / med['swift']:.2f}x |")
PY
