#!/usr/bin/env bash
# Benchmark: seeding a configuration into an empty root, whole-process times, one fresh server.
#   - zkconfig seed (release build, Swift runtime linked statically): plan, one guarded multi,
#     print the plan
#   - raw C (seed_bench.c): async creates with WINDOW requests in flight, no plan, no guards
#   - kazoo (kazoo_seed.py): one synchronous create per key, as a kazoo script would
#   - Seata's method: one `zkCli.sh create` per key (a JVM each); ZKCLI_SAMPLE keys are timed
#     and the time extrapolated to every key (plus the root's create)
# Inputs: Seata's stock config.txt (126 keys, from ../shared/fixtures) and a generated file
# of 10,000 keys. Prints a table of medians over ROUNDS rounds (clients interleaved) and ratios.
#
#   Tools/bench/seed-bench.sh            ROUNDS=5 WINDOW=256 ZKCLI_SAMPLE=10 by default
#
# Targets (issue 4): zkconfig at least 500x faster than zkCli.sh per key, at least 3x faster
# than kazoo, within 1.5x of raw C.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-5}
WINDOW=${WINDOW:-256}
ZKCLI_SAMPLE=${ZKCLI_SAMPLE:-10}
zkcli=/usr/share/zookeeper/bin/zkCli.sh

source Tools/bench/common.sh
bench_prepare seed_bench
# Statically linked, as a CLI ships: a dynamically linked Swift binary spends ~5 ms of every
# run loading and relocating Foundation.
swift build -c release --product zkconfig --static-swift-stdlib >&2
zkconfig=$(swift build -c release --static-swift-stdlib --show-bin-path)/zkconfig

bench_start_server seed-bench
echo "server: $connect; rounds: $ROUNDS; window: $WINDOW; zkCli.sh sample: $ZKCLI_SAMPLE keys" >&2

inputs=()
seata=../shared/fixtures/seata/config.txt
if [ -f "$seata" ]; then inputs+=("seata=$seata"); else echo "no $seata: skipping that input" >&2; fi
python3 - "$state/keys-10000.txt" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("# 10,000 generated keys, Seata-like names and values\n")
    for i in range(10000):
        f.write(f"service.vgroupMapping.tx-group-{i:05d}=cluster-{i % 7}\n")
PY
inputs+=("generated=$state/keys-10000.txt")

now() { date +%s%N; }

# run CLIENT FILE ROOT: prints the whole-process time in microseconds.
run() {
    local start end
    start=$(now)
    case $1 in
        zkconfig) "$zkconfig" seed --connect "$connect" --root "$3" --from "$2" >/dev/null 2>&1 ;;
        c) "$out/seed_bench" "$connect" "$3" "$2" "$WINDOW" ;;
        kazoo) /usr/bin/python3 Tools/bench/kazoo_seed.py "$connect" "$3" "$2" ;;
    esac
    end=$(now)
    echo $(((end - start) / 1000))
}

results="$state/results"
: >"$results"
generated="$state/keys-10000.txt"
# Warm the server's JIT up first; these runs are not counted.
for client in c zkconfig kazoo; do run "$client" "$generated" "/warm-$client" >/dev/null; done

counter=0
for input in "${inputs[@]}"; do
    name=${input%%=*} file=${input#*=}
    keys=$(grep -Ev '^[[:space:]]*([#!]|$)' "$file" | sed 's/[=:].*//' | sort -u | wc -l)
    for round in $(seq 1 "$ROUNDS"); do
        case $((round % 3)) in
            0) order="c zkconfig kazoo" ;;
            1) order="zkconfig kazoo c" ;;
            2) order="kazoo c zkconfig" ;;
        esac
        for client in $order; do
            counter=$((counter + 1))
            # Short roots, like /seata: the path is part of every request's size.
            echo "$name $keys $client $(run "$client" "$file" "/b$counter")" >>"$results"
        done
    done
    # Seata's method: the root, then one zkCli.sh create per key; a sample, extrapolated.
    start=$(now)
    "$zkcli" -server "$connect" create "/bench-$name-zkcli" "" >/dev/null 2>&1
    grep -Ev '^[[:space:]]*([#!]|$)' "$file" | awk -v n="$ZKCLI_SAMPLE" 'NR <= n' | while IFS= read -r line; do
        key=${line%%=*} value=${line#*=}
        "$zkcli" -server "$connect" create "/bench-$name-zkcli/$key" "$value" >/dev/null 2>&1 || true
    done
    end=$(now)
    echo "$name $keys zkcli-sample $(((end - start) / 1000 / (ZKCLI_SAMPLE + 1)))" >>"$results"
done

# How zkconfig applies each input under a root as long as /seata: in one multi, or how many.
for input in "${inputs[@]}"; do
    name=${input%%=*}
    "$zkconfig" seed --connect "$connect" --root "/${name:0:5}" --from "${input#*=}" 2>&1 >/dev/null |
        sed -n "s/^zkconfig: seeded .*: /$name under \/${name:0:5}: /p" >&2
done

python3 - "$results" "$WINDOW" <<'PY'
import collections, statistics, sys
times = collections.defaultdict(list)
keys = {}
for line in open(sys.argv[1]):
    name, n, client, micros = line.split()
    keys[name] = int(n)
    times[(name, client)].append(int(micros) / 1e6)
window = sys.argv[2]
def ms(s): return f"{s * 1000:,.0f} ms" if s < 10 else f"{s:,.1f} s"
print(f"| input | keys | zkconfig seed | raw C, {window} in flight | kazoo, create per key | zkCli.sh per key (extrapolated) "
      "| zkCli.sh / zkconfig | kazoo / zkconfig | zkconfig / C |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name in keys:
    med = {c: statistics.median(times[(name, c)]) for c in ("zkconfig", "c", "kazoo")}
    zkcli = times[(name, "zkcli-sample")][0] * (keys[name] + 1)
    print(f"| {name} | {keys[name]:,} | {ms(med['zkconfig'])} | {ms(med['c'])} | {ms(med['kazoo'])} | {ms(zkcli)} "
          f"| {zkcli / med['zkconfig']:,.0f}x | {med['kazoo'] / med['zkconfig']:.1f}x | {med['zkconfig'] / med['c']:.2f}x |")
PY
