#!/usr/bin/env bash
# A local cluster of the coordinator in store.mode=db: one PostgreSQL (Tools/postgres.sh), one
# ZooKeeper, two coordinators sharing the database and registered in Seata's ZooKeeper
# registry (/registry/zk/default/IP:PORT), in the foreground. Ctrl-C stops everything it
# started, by pid. Reached through ./Tools/run.sh --store db.
#
#   ./Tools/run-cluster.sh          run until Ctrl-C
#   ./Tools/run-cluster.sh --check  stop once both coordinators answer /ready with 200
#
# RUN_DIR (state folder; default .run/cluster) overrides the default. The transaction ports
# are 8091 and 8092 and the HTTP ports 7091 and 7092 when free, free ones otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
case "${1:-}" in
    --check) check=true ;;
    "") ;;
    *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
esac

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { Tools/free-ports.py; }
pick() { if port_free "$1"; then echo "$1"; else free_port; fi; }
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
echo "run-cluster.sh: building" >&2
swift build >&2
bin=$(swift build --show-bin-path)

state=${RUN_DIR:-.run/cluster}
mkdir -p "$state"
state=$(cd "$state" && pwd)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    ./Tools/zookeeper.sh destroy "$state/zookeeper" >/dev/null 2>&1 || true
    ./Tools/postgres.sh destroy "$state/postgres" >/dev/null 2>&1 || true
    echo "run-cluster.sh: stopped" >&2
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

./Tools/zookeeper.sh destroy "$state/zookeeper" >/dev/null 2>&1 || true
./Tools/postgres.sh destroy "$state/postgres" >/dev/null 2>&1 || true
connect=$(./Tools/zookeeper.sh start "$state/zookeeper" --tick 2000)
database=$(./Tools/postgres.sh start "$state/postgres")
url=$(./Tools/postgres.sh url "$state/postgres")
echo "run-cluster.sh: ZooKeeper at $connect, PostgreSQL at $database" >&2

zk=("$bin/zkconfig" --connect "$connect" --root /seata)
"${zk[@]}" seed --from Config/config.txt >&2
for kv in store.mode=db store.db.dbType=postgresql store.db.datasource=hikari \
    store.db.driverClassName=org.postgresql.Driver "store.db.url=$url" store.db.user=seata; do
    "${zk[@]}" set "${kv%%=*}" "${kv#*=}" >&2
done
# The throwaway cluster's password (Tools/postgres.sh); zkconfig never echoes it.
"${zk[@]}" set store.db.password seata >&2
"$bin/coordinator" --connect "$connect" --root /seata --init-store >&2

bases=()
for i in 1 2; do
    port=$(pick $((8090 + i)))
    http=$(pick $((7090 + i)))
    log="$state/coordinator-$i.log"
    : >"$log"
    mkdir -p "$state/coordinator-$i"
    (cd "$state/coordinator-$i" && exec "$bin/coordinator" --connect "$connect" --root /seata --port "$port" \
        --http-port "$http" --registry-type zk --registry-cluster default) 2> >(tee "$log" >&2) &
    pids+=($!)
    bases+=("http://127.0.0.1:$http")
done

ready=0
for _ in $(seq 1 300); do
    ready=0
    for base in "${bases[@]}"; do [ "$(http_status "$base/ready")" = 200 ] && ready=$((ready + 1)); done
    [ "$ready" = 2 ] && break
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "run-cluster.sh: a coordinator exited" >&2; exit 1; }; done
    sleep 0.1
done
cat <<SUMMARY

  Two coordinators on one database ($ready of 2 ready)
    ${bases[0]}/ready   ${bases[1]}/ready
  Seata's registry   zkCli.sh -server $connect ls /registry/zk/default
  Clients            registry.type=zk, registry.zk.serverAddr=$connect,
                     service.vgroupMapping.<group>=default
  PostgreSQL         $url (user seata, password seata)
  Ctrl-C stops everything.

SUMMARY
if $check; then
    [ "$ready" = 2 ] || { echo "run-cluster.sh --check: not both ready" >&2; exit 1; }
    echo "run-cluster.sh --check: ok" >&2
    exit 0
fi
wait "${pids[@]}"
