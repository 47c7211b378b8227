#!/usr/bin/env bash
# A real PostgreSQL (Debian's postgresql-15) on loopback for tests, benchmarks and run.sh:
# one throwaway cluster in DIR, on a free port, owned by an unprivileged user. The server it
# starts is stopped by the pid it recorded; nothing is ever killed by name.
#
#   postgres.sh start DIR [--port PORT] [--durable]
#                          initdb (first time), start, create the database and user `seata`;
#                          print host:port
#   postgres.sh url DIR    print the JDBC URL of the `seata` database
#   postgres.sh psql DIR [psql args…]   psql as the cluster's superuser, on the `seata` database
#   postgres.sh stop DIR   fast shutdown (SIGINT to the postmaster), waits until it is gone
#   postgres.sh kill DIR   SIGKILL the postmaster (a crash; its backends follow)
#   postgres.sh restart DIR   start again on the same port and data
#   postgres.sh status DIR    port, pid, running|stopped
#   postgres.sh destroy DIR   stop and delete DIR
#
# Users: the superuser `postgres` and `seata`, both with password `seata` over TCP
# (scram-sha-256, so a wrong password is refused); local socket connections are trusted.
# By default fsync is off (tests: the data is throwaway); --durable keeps PostgreSQL's
# defaults (fsync, synchronous_commit), as the benchmark wants. As root the cluster belongs
# to the `postgres` system user (PostgreSQL refuses to run as root).
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 64; }

[ $# -ge 2 ] || usage
cmd=$1 dir=$2
shift 2

bin=/usr/lib/postgresql/15/bin
[ -x "$bin/postgres" ] || [ "$cmd" = stop ] || [ "$cmd" = destroy ] || [ "$cmd" = status ] ||
    die "$bin/postgres is missing: run ./Tools/setup.sh first (Debian package postgresql-15)"

password=seata
data() { echo "$dir/data"; }
port() { cat "$dir/port"; }
pid() { [ -f "$(data)/postmaster.pid" ] && head -1 "$(data)/postmaster.pid" || true; }
alive() { local p; p=$(pid); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# as_owner CMD…: run as the cluster's owner (the postgres user when we are root).
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() { "$(dirname "$0")/free-ports.py"; }

init_cluster() {
    local fixed=$1 durable=$2
    mkdir -p "$dir/socket"
    dir=$(cd "$dir" && pwd)
    echo "${fixed:-$(free_port)}" > "$dir/port"
    printf '%s\n' "$password" > "$dir/pwfile"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "no 'postgres' user to own the cluster (Debian's postgresql-15 creates it)"
        chown -R postgres: "$dir"
        # The owner must be able to reach DIR through its parents (mktemp folders are 0700).
        local parent=$dir
        while parent=$(dirname "$parent") && [ "$parent" != / ]; do chmod o+x "$parent" 2>/dev/null || true; done
    fi
    as_owner "$bin/initdb" -D "$(data)" -U postgres --pwfile="$dir/pwfile" --auth-host=scram-sha-256 \
        --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        die "initdb failed; the end of $dir/initdb.log:
$(tail -n 8 "$dir/initdb.log")"
    {
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $(port)"
        echo "unix_socket_directories = '$dir/socket'"
        echo "max_connections = 300"
        echo "shared_buffers = 64MB"
        echo "log_min_messages = warning"
        if [ "$durable" != 1 ]; then
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
    } >> "$(data)/postgresql.conf"
}

launch() {
    alive && return 0
    rm -f "$(data)/postmaster.pid"
    # The server outlives this script: it must not keep the caller's pipes or sockets open (a
    # caller waiting for EOF, or Foundation's Process waiting for its child, would wait as long
    # as the server runs), so every descriptor above 2 is closed first.
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
        done
        as_owner "$bin/pg_ctl" -D "$(data)" -l "$dir/server.log" -w -t 60 start </dev/null >/dev/null 2>&1
    )
}

# log_since OFFSET: what the server logged after byte OFFSET of server.log (this attempt's lines).
log_size() { [ -f "$dir/server.log" ] && wc -c <"$dir/server.log" || echo 0; }
log_since() { [ -f "$dir/server.log" ] && tail -c +$(($1 + 1)) "$dir/server.log" || true; }

not_started() {
    die "PostgreSQL in $dir did not start; the end of $dir/server.log:
$(log_since "$1" | tail -n 8)"
}

# set_port PORT: move a new cluster to another port before it has ever run.
set_port() {
    echo "$1" >"$dir/port"
    as_owner sed -i "s/^port = .*/port = $1/" "$(data)/postgresql.conf"
}

sql() { as_owner "$bin/psql" -h "$dir/socket" -p "$(port)" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

create_seata() {
    if [ "$(sql -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'seata'")" != 1 ]; then
        sql -d postgres -c "CREATE ROLE seata LOGIN PASSWORD '$password'"
    fi
    if [ "$(sql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'seata'")" != 1 ]; then
        sql -d postgres -c "CREATE DATABASE seata OWNER seata"
    fi
}

stop_server() {
    local p i
    p=$(pid)
    [ -n "$p" ] || return 0
    if kill -0 "$p" 2>/dev/null; then
        kill -CONT "$p" 2>/dev/null || true
        kill -INT "$p" 2>/dev/null || true
        for i in $(seq 1 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null || true
        for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    fi
}

need_dir() { [ -f "$dir/port" ] || die "no PostgreSQL state in $dir (start one with: postgres.sh start $dir)"; }

case "$cmd" in
start)
    fixed="" durable=0
    while [ $# -gt 0 ]; do
        case "$1" in
            --port) fixed=$2; shift 2 ;;
            --durable) durable=1; shift ;;
            *) usage ;;
        esac
    done
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    fresh=0
    [ -f "$(data)/PG_VERSION" ] || { init_cluster "$fixed" "$durable"; fresh=1; }
    # A port found free can be taken before the postmaster binds it (another test's server, or
    # an outgoing connection's source port): a new cluster on a port it picked itself moves to
    # another one and tries again.
    for attempt in 1 2 3 4 5; do
        offset=$(log_size)
        launch && break
        if [ $fresh = 1 ] && [ -z "$fixed" ] && [ $attempt -lt 5 ] &&
            log_since "$offset" | grep -q 'could not create any TCP/IP sockets'; then
            set_port "$(free_port)"
        else
            not_started "$offset"
        fi
    done
    create_seata
    echo "127.0.0.1:$(port)"
    ;;
url) need_dir; echo "jdbc:postgresql://127.0.0.1:$(port)/seata" ;;
psql) need_dir; dir=$(cd "$dir" && pwd); sql -d seata "$@" ;;
stop) need_dir; stop_server ;;
kill)
    need_dir
    p=$(pid)
    [ -n "$p" ] && kill -KILL "$p" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    ;;
restart) need_dir; dir=$(cd "$dir" && pwd); offset=$(log_size); launch || not_started "$offset" ;;
status)
    need_dir
    if alive; then echo "127.0.0.1:$(port) $(pid) running"; else echo "127.0.0.1:$(port) - stopped"; fi
    ;;
destroy)
    if [ -f "$dir/port" ]; then stop_server; fi
    rm -rf "$dir"
    ;;
*) usage ;;
esac
