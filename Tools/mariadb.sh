#!/usr/bin/env bash
# A real MariaDB on loopback for the AT-mode tests: one server on a free port, every file
# (data, unix socket, pid, log) in one folder, a database and a user for the tests. The
# server is stopped by the pid this script recorded; nothing is ever killed by name.
#
#   mariadb.sh start DIR [--port PORT]  start (or start again) and print host:port
#   mariadb.sh connect DIR              print host:port
#   mariadb.sh info DIR                 the connection as shell assignments (MARIADB_HOST,
#                                       MARIADB_PORT, MARIADB_DATABASE, MARIADB_USER,
#                                       MARIADB_PASSWORD, MARIADB_SOCKET): the names the
#                                       Python client scripts read; eval "$(mariadb.sh info DIR)"
#   mariadb.sh sql DIR [SQL]            run SQL (or stdin) as root over the unix socket
#   mariadb.sh status DIR               host:port, pid, running|stopped
#   mariadb.sh stop DIR                 stop the server (TERM, then KILL after 30 s)
#   mariadb.sh destroy DIR              stop it and delete DIR
#
# Binds 127.0.0.1 only. As root, mariadbd runs with --user=root (it refuses to run as root
# otherwise, and the folder is root's anyway); as anyone else, as that user. The data is
# throwaway: InnoDB does not fsync (a killed server loses nothing, a crashed machine may).
set -euo pipefail

die() { echo "mariadb.sh: $*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 64; }

[ $# -ge 2 ] || usage
cmd=$1 dir=$2
shift 2

# The database and account the tests use; `info` prints them, so no caller repeats them.
database=seata_at
user=seata
password=seata

mariadbd=/usr/sbin/mariadbd
case "$cmd" in start | sql)
    [ -x "$mariadbd" ] && command -v mariadb-install-db >/dev/null && command -v mariadb >/dev/null ||
        die "MariaDB is not installed: run ./Tools/setup.sh first" ;;
esac

free_port() { "$(dirname "$0")/free-ports.py"; }

port() { cat "$dir/port"; }
socket_path() { echo "$dir/mysqld.sock"; }
pid() { [ -f "$dir/pid" ] && cat "$dir/pid" || true; }
# log_end FILE: FILE's last lines, for an error message: CI keeps what the script printed, not the
# temporary folder the log was in.
log_end() { printf 'the end of %s:\n%s' "$1" "$(tail -n 8 "$1" 2>/dev/null)"; }
alive() { local p; p=$(pid); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
need_dir() { [ -f "$dir/port" ] || die "no MariaDB state in $dir (start one with: mariadb.sh start $dir)"; }

root_sql() { mariadb --no-defaults --socket="$(socket_path)" --user=root --batch --skip-column-names "$@"; }

as_user=()
[ "$(id -u)" = 0 ] && as_user=(--user=root)

# Options shared by the bootstrap (mariadb-install-db passes them on) and the server.
server_options=(
    --no-defaults
    "${as_user[@]}"
    --datadir="$dir/data"
    --skip-name-resolve
    --innodb-buffer-pool-size=32M
    --innodb-log-file-size=16M
    # Throwaway data: no fsync at all, so a test's commit costs no disk flush.
    --innodb-flush-method=nosync
    --innodb-flush-log-at-trx-commit=0
    # Native AIO (io_uring or libaio) can be refused inside containers; a test database has
    # no use for it.
    --innodb-use-native-aio=0
    --character-set-server=utf8mb4
    --collation-server=utf8mb4_general_ci
)

initialise() {
    local fixed_port=$1
    mkdir -p "$dir"
    # A unix socket path over 107 bytes cannot be bound; say so instead of a cryptic bind error.
    [ ${#dir} -lt 90 ] || die "$dir is too long a path for MariaDB's unix socket (keep it under 90 characters)"
    [ -d "$dir/data/mysql" ] ||
        mariadb-install-db "${server_options[@]}" --auth-root-authentication-method=normal \
            --skip-test-db >"$dir/install.log" 2>&1 ||
        die "mariadb-install-db failed in $dir/data; $(log_end "$dir/install.log")"
    echo "${fixed_port:-$(free_port)}" >"$dir/port"
}

launch() {
    alive && return 0
    (
        # The server outlives this script: it must not keep the caller's pipes or sockets
        # open (a caller waiting for EOF, or Foundation's Process waiting for its child,
        # would wait as long as the server runs).
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
        done
        exec setsid "$mariadbd" "${server_options[@]}" \
            --port="$(port)" --bind-address=127.0.0.1 --socket="$(socket_path)" \
            --pid-file="$dir/mariadbd.pid" --log-error="$dir/server.log" \
            --max-connections=500 </dev/null >>"$dir/stdout.log" 2>&1
    ) &
    echo $! >"$dir/pid"
}

wait_serving() {
    local deadline=$((SECONDS + 60))
    until root_sql -e 'SELECT 1' >/dev/null 2>&1; do
        alive || die "mariadbd (pid $(pid)) exited; $(log_end "$dir/server.log")"
        [ $SECONDS -lt $deadline ] || die "MariaDB in $dir did not answer within 60 s; $(log_end "$dir/server.log")"
        sleep 0.1
    done
}

# The tests' database and account; idempotent, so a restart runs it again harmlessly.
provision() {
    root_sql <<SQL
CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`$database\`.* TO '$user'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$database\`.* TO '$user'@'localhost';
SQL
}

stop_server() {
    local p i
    p=$(pid)
    [ -n "$p" ] || return 0
    if kill -0 "$p" 2>/dev/null; then
        kill -CONT "$p" 2>/dev/null || true
        kill -TERM "$p" 2>/dev/null || true
        for i in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null || true
        for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$dir/pid"
}

case "$cmd" in
start)
    fixed_port=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --port) [ $# -ge 2 ] || usage; fixed_port=$2; shift 2 ;;
            *) usage ;;
        esac
    done
    [ -f "$dir/port" ] || initialise "$fixed_port"
    if [ -n "$fixed_port" ] && [ "$fixed_port" != "$(port)" ]; then
        die "$dir already serves port $(port); destroy it to use port $fixed_port"
    fi
    launch
    wait_serving
    provision
    echo "127.0.0.1:$(port)"
    ;;
connect) need_dir; echo "127.0.0.1:$(port)" ;;
info)
    need_dir
    echo "MARIADB_HOST=127.0.0.1"
    echo "MARIADB_PORT=$(port)"
    echo "MARIADB_DATABASE=$database"
    echo "MARIADB_USER=$user"
    echo "MARIADB_PASSWORD=$password"
    echo "MARIADB_SOCKET=$(socket_path)"
    ;;
sql)
    need_dir
    alive || die "MariaDB in $dir is not running (start it with: mariadb.sh start $dir)"
    if [ $# -gt 0 ]; then root_sql -e "$*"; else root_sql; fi
    ;;
status)
    need_dir
    state=stopped
    alive && state=running
    echo "127.0.0.1:$(port) $(p=$(pid); echo "${p:--}") $state"
    ;;
stop) need_dir; stop_server ;;
destroy)
    [ -f "$dir/port" ] && stop_server
    rm -rf "$dir"
    ;;
*) usage ;;
esac
