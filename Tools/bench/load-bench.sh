#!/usr/bin/env bash
# Benchmark: loading a configuration and propagating a change, on one fresh server, one run.
#   load:      ConfigLoader.load (sync, list, pipelined gets, origins, validation) of N keys
#              (N = 100 and 10,000) against raw C pipelined gets (load_bench.c: sync, list,
#              zoo_aget with WINDOW in flight) and kazoo's async gets; median of ROUNDS rounds,
#              clients interleaved.
#   propagate: from a write by another client to the subscriber's update, COUNT writes one
#              after another: LiveConfig (the repository's schema and config, every change
#              validated) against a kazoo DataWatch; p50 and p99.
# Release builds. Prints one markdown table.
#
#   Tools/bench/load-bench.sh            ROUNDS=7 WINDOW=256 COUNT=500 by default
#
# Targets (issue 5): load within 1.3x of raw C; propagation p99 under 20 ms on loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-7}
WINDOW=${WINDOW:-256}
COUNT=${COUNT:-500}

source Tools/bench/common.sh
bench_prepare load_bench
swift build -c release --product LoadBenchmark >&2
swift_bench=$(swift build -c release --show-bin-path)/LoadBenchmark

bench_start_server zk-load-bench
echo "server: $connect; rounds: $ROUNDS; window: $WINDOW; propagation writes: $COUNT" >&2

for n in 100 10000; do "$swift_bench" seed "$connect" "/load-$n" "$n"; done

run() { # client n
    case $1 in
        c) "$out/load_bench" "$connect" "/load-$2" "$WINDOW" ;;
        swift) "$swift_bench" load "$connect" "/load-$2" "$2" "$WINDOW" ;;
        kazoo) /usr/bin/python3 Tools/bench/kazoo_load_bench.py load "$connect" "/load-$2" "$WINDOW" ;;
    esac | sed "s/^/$1 /"
}

results="$state/results"
# Warm the server's JIT up first; these rounds are not counted.
for client in c swift kazoo; do run "$client" 10000 >/dev/null; done
for n in 100 10000; do
    rounds=$ROUNDS
    [ "$n" -le 100 ] && rounds=$((ROUNDS * 3))
    for round in $(seq 1 "$rounds"); do
        # Rotate the order so no client always runs right after another.
        case $((round % 3)) in
            0) order="c swift kazoo" ;;
            1) order="swift kazoo c" ;;
            2) order="kazoo c swift" ;;
        esac
        for client in $order; do run "$client" "$n" >>"$results"; done
    done
done
"$swift_bench" propagate "$connect" /propagate-swift "$COUNT" | sed "s/^/swift /" >>"$results"
/usr/bin/python3 Tools/bench/kazoo_load_bench.py propagate "$connect" /propagate-kazoo "$COUNT" \
    | sed "s/^/kazoo /" >>"$results"

python3 - "$results" <<'PY'
import collections, statistics, sys
loads = collections.defaultdict(list)
latencies = collections.defaultdict(list)
for line in open(sys.argv[1]):
    fields = line.split()
    if fields[1] == "load":
        loads[(fields[0], int(fields[2]))].append(float(fields[3]))
    else:
        latencies[fields[0]].append(float(fields[2]))

def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

print("| measure | raw C | LiveConfig / ConfigLoader | kazoo | Swift / C | kazoo / Swift |")
print("|---|---:|---:|---:|---:|---:|")
for n in (100, 10000):
    med = {c: statistics.median(loads[(c, n)]) for c in ("c", "swift", "kazoo")}
    print(f"| load {n:,} keys (median ms) | {med['c'] * 1000:.1f} | {med['swift'] * 1000:.1f} "
          f"| {med['kazoo'] * 1000:.1f} | {med['swift'] / med['c']:.2f}x | {med['kazoo'] / med['swift']:.2f}x |")
for p in (50, 99):
    s, k = percentile(latencies["swift"], p), percentile(latencies["kazoo"], p)
    print(f"| propagation p{p} (ms; kazoo: DataWatch) | | {s:.2f} | {k:.2f} | | {k / s:.2f}x |")
PY
