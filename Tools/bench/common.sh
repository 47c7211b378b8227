# Sourced by the benchmark scripts: what each does before it measures anything.
#   bench_prepare NAME     install what is missing, build Tools/bench/NAME.c into $out/NAME
#   bench_start_server TAG start a fresh ZooKeeper for this run (destroyed on exit); sets $connect
#   bench_stop_server      destroy it now (for a script that sets its own EXIT trap: call this in it)
# The server gets the optimising JIT and room: the clients are what is measured.
out=Tools/bench/out

bench_prepare() {
    ./Tools/setup.sh
    mkdir -p "$out"
    gcc -O2 -Wall -o "$out/$1" "Tools/bench/$1.c" -lzookeeper_mt
}

bench_start_server() {
    state=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    trap bench_stop_server EXIT
    connect=$(ZK_JVM_FLAGS="-Xmx1g -XX:+UseParallelGC" ./Tools/zookeeper.sh start "$state/zk" --tick 2000)
}

bench_stop_server() {
    ./Tools/zookeeper.sh destroy "$state/zk" >/dev/null 2>&1 || true
    rm -rf "$state"
}

# Processes a benchmark started (append their pids to `pids`); bench_stop_processes stops each
# by pid: SIGTERM, up to 10 s to exit, then SIGKILL.
pids=()
bench_stop_processes() {
    local pid
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || continue
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    pids=()
}
