#!/usr/bin/env bash
# A real ZooKeeper on loopback for tests, benchmarks and run.sh: standalone or a
# three-member ensemble, on free ports, with all state in one folder. Every process
# it starts is stopped by the pid it recorded; nothing is ever killed by name.
#
#   zookeeper.sh start DIR [--members 1|3] [--tick MS] [--port PORT] [--address 127.0.0.1|::1]
#                                    start (or start again) and print the connect string
#   zookeeper.sh connect DIR         print the connect string
#   zookeeper.sh status DIR          a line per member: id, port, pid, process state, mode
#   zookeeper.sh stop DIR [ID]       stop every member, or member ID (TERM, then KILL)
#   zookeeper.sh restart DIR [ID]    start stopped members again on the same ports and data
#   zookeeper.sh pause DIR ID        SIGSTOP member ID (the process is frozen, the port stays open)
#   zookeeper.sh resume DIR ID       SIGCONT member ID
#   zookeeper.sh leader DIR          print the id of the ensemble's current leader
#   zookeeper.sh destroy DIR         stop every member and delete DIR
#
# Members bind 127.0.0.1 only (--address ::1: IPv6 loopback, connect string [::1]:PORT). --tick sets tickTime (default 500 ms, so sessions may be
# as short as 1 s and as long as 10 s: ZooKeeper allows 2 to 20 ticks). --port fixes the
# client port of a standalone server (run.sh uses 2181 when it is free). The JVM starts
# small and quick; ZK_JVM_FLAGS replaces "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
# (benchmarks want the fully optimising JIT).
set -euo pipefail

die() { echo "zookeeper.sh: $*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 64; }

[ $# -ge 2 ] || usage
cmd=$1 dir=$2
shift 2

jar=/usr/share/java/zookeeper.jar
[ -f "$jar" ] || [ "$cmd" = stop ] || [ "$cmd" = destroy ] || [ "$cmd" = status ] ||
    die "$jar is missing: run ./Tools/setup.sh first"

# free_ports N: N distinct free loopback ports.
free_ports() { "$(dirname "$0")/free-ports.py" "$1"; }

members() { cat "$dir/members"; }
# The loopback address clients use (127.0.0.1, or ::1 for a standalone server on IPv6).
address() { cat "$dir/address" 2>/dev/null || echo 127.0.0.1; }
# ADDRESS:PORT as a connect string names it: IPv6 in brackets.
host_port() { case "$(address)" in *:*) echo "[$(address)]:$1" ;; *) echo "$(address):$1" ;; esac; }
member_dir() { echo "$dir/m$1"; }
client_port() { cat "$(member_dir "$1")/client_port"; }
pid_of() { local f; f="$(member_dir "$1")/pid"; [ -f "$f" ] && cat "$f" || true; }

# log_end FILE: FILE's last lines, Java's stack frames left out, for an error message: CI keeps what
# the script printed, not the temporary folder the log was in.
log_end() { printf 'the end of %s:\n%s' "$1" "$(grep -v '^[[:space:]]*at ' "$1" 2>/dev/null | tail -n 8)"; }

alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

# four_letter ID WORD: a four-letter-word command to member ID; empty when it does not answer.
four_letter() {
    local port reply
    port=$(client_port "$1")
    # KILL, not timeout's default TERM: a caller may have SIGTERM blocked (processes started
    # from Swift concurrency threads inherit libdispatch's mask), and a blocked TERM left a
    # member that accepted but never answered hanging this, and every test waiting on it.
    reply=$(timeout -s KILL 2 bash -c "exec 3<>/dev/tcp/$(address)/$port && echo $2 >&3 && cat <&3" 2>/dev/null) || true
    printf '%s' "$reply"
}

mode_of() { four_letter "$1" srvr | sed -n 's/^Mode: //p'; }

connect_string() {
    local s="" id
    for id in $(members); do s="${s:+$s,}$(host_port "$(client_port "$id")")"; done
    echo "$s"
}

write_config() {
    local count=$1 tick=$2 fixed_port=$3 bind=$4 ports id m
    mkdir -p "$dir"
    echo "$bind" > "$dir/address"
    echo "$(seq 1 "$count" | tr '\n' ' ')" > "$dir/members"
    if [ "$count" = 1 ]; then
        ports=${fixed_port:-$(free_ports 1)}
    else
        ports=$(free_ports $((count * 3)))
    fi
    read -r -a p <<<"$ports"
    for id in $(seq 1 "$count"); do
        m=$(member_dir "$id")
        mkdir -p "$m/data"
        echo "$id" > "$m/data/myid"
        local cport=${p[$(((id - 1) * 3))]}
        echo "$cport" > "$m/client_port"
        {
            echo "tickTime=$tick"
            echo "initLimit=10"
            echo "syncLimit=5"
            echo "dataDir=$m/data"
            echo "clientPort=$cport"
            echo "clientPortAddress=$bind"
            echo "maxClientCnxns=0"
            echo "admin.enableServer=false"
            echo "4lw.commands.whitelist=*"
            echo "reconfigEnabled=false"
            if [ "$count" -gt 1 ]; then
                local j
                for j in $(seq 1 "$count"); do
                    echo "server.$j=127.0.0.1:${p[$(((j - 1) * 3 + 1))]}:${p[$(((j - 1) * 3 + 2))]}"
                done
            fi
        } > "$m/zoo.cfg"
    done
}

# The JVM keeps to IPv4 unless the server listens on IPv6.
ipv4_only() { case "$(address)" in *:*) ;; *) echo "-Djava.net.preferIPv4Stack=true" ;; esac; }

launch() {
    local id=$1 m main cp
    m=$(member_dir "$id")
    if alive "$id"; then return 0; fi
    main=org.apache.zookeeper.server.ZooKeeperServerMain
    [ "$(members | wc -w)" -gt 1 ] && main=org.apache.zookeeper.server.quorum.QuorumPeerMain
    cp="/etc/zookeeper/conf_example:$jar"
    [ -f /usr/share/java/slf4j-simple.jar ] && cp="$cp:/usr/share/java/slf4j-simple.jar"
    # forceSync=no: the data is throwaway; fsync per write would only make tests slower.
    (
        # The server outlives this script: it must not keep the caller's pipes or sockets
        # open (a caller waiting for EOF, or Foundation's Process waiting for its child,
        # would wait as long as the server runs).
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
        done
        # shellcheck disable=SC2086 # ZK_JVM_FLAGS is a list of flags
        # shellcheck disable=SC2046 # no flag, or one
        exec setsid java ${ZK_JVM_FLAGS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} $(ipv4_only) \
            -Dzookeeper.forceSync=no -Dzookeeper.jmx.log4j.disable=true \
            -cp "$cp" "$main" "$m/zoo.cfg" </dev/null >>"$m/server.log" 2>&1
    ) &
    echo $! > "$m/pid"
}

# wait_serving IDS...: until each member reports a mode, and an ensemble has a leader.
wait_serving() {
    local deadline=$((SECONDS + 60)) id ready leader
    while :; do
        ready=1 leader=0
        for id in "$@"; do
            alive "$id" || die "member $id (pid $(pid_of "$id")) exited; $(log_end "$(member_dir "$id")/server.log")"
            case "$(mode_of "$id")" in
                standalone | leader) leader=1 ;;
                follower) ;;
                *) ready=0 ;;
            esac
        done
        if [ "$ready" = 1 ]; then
            [ "$(members | wc -w)" = 1 ] && return 0
            [ "$leader" = 1 ] && return 0
            # A restarted follower is serving once it follows; the leader is elsewhere.
            for id in $(members); do [ "$(mode_of "$id")" = leader ] && return 0; done
        fi
        [ $SECONDS -lt $deadline ] || die "ZooKeeper in $dir did not start serving within 60 s; $(log_end "$(member_dir "${1:-1}")/server.log")"
        sleep 0.1
    done
}

stop_member() {
    local id=$1 pid i
    pid=$(pid_of "$id")
    [ -n "$pid" ] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -CONT "$pid" 2>/dev/null || true
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
        for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$(member_dir "$id")/pid"
}

need_dir() { [ -f "$dir/members" ] || die "no ZooKeeper state in $dir (start one with: zookeeper.sh start $dir)"; }
need_id() { [ -n "${1:-}" ] && [ -d "$(member_dir "$1")" ] || die "no member '${1:-}' in $dir (members: $(members))"; }

case "$cmd" in
start)
    count=1 tick=500 port="" bind=127.0.0.1
    while [ $# -gt 0 ]; do
        case "$1" in
            --members) count=$2; shift 2 ;;
            --tick) tick=$2; shift 2 ;;
            --port) port=$2; shift 2 ;;
            --address) bind=$2; shift 2 ;;
            *) usage ;;
        esac
    done
    [ "$count" = 1 ] || [ "$count" = 3 ] || [ "$count" = 5 ] || die "--members must be 1, 3 or 5"
    [ "$bind" = 127.0.0.1 ] || [ "$bind" = ::1 ] || die "--address must be 127.0.0.1 or ::1"
    [ "$bind" = 127.0.0.1 ] || [ "$count" = 1 ] || die "--address ::1 is for a standalone server"
    fresh=0
    [ -f "$dir/members" ] || { write_config "$count" "$tick" "$port" "$bind"; fresh=1; }
    # A port found free can still be taken before the JVM binds it: a new server on ports it
    # picked itself starts over on other ones.
    for attempt in 1 2 3; do
        for id in $(members); do launch "$id"; done
        failure=$( (wait_serving $(members)) 2>&1) && break
        if [ $fresh = 1 ] && [ -z "$port" ] && [ $attempt -lt 3 ] &&
            cat "$dir"/m*/server.log 2>/dev/null | grep -q 'Address already in use'; then
            echo "zookeeper.sh: a port picked for $dir was taken before the server bound it; trying others" >&2
            for id in $(members); do stop_member "$id"; done
            rm -rf "$dir"/m*
            write_config "$count" "$tick" "" "$bind"
        else
            echo "$failure" >&2
            exit 1
        fi
    done
    connect_string
    ;;
connect) need_dir; connect_string ;;
status)
    need_dir
    for id in $(members); do
        pid=$(pid_of "$id") state=stopped mode=-
        if alive "$id"; then
            state=running
            [ "$(ps -o stat= -p "$pid" | cut -c1)" = T ] && state=paused
            [ "$state" = running ] && mode=$(mode_of "$id")
        fi
        echo "$id $(host_port "$(client_port "$id")") ${pid:--} $state ${mode:--}"
    done
    ;;
stop)
    need_dir
    if [ -n "${1:-}" ]; then need_id "$1"; stop_member "$1"; else for id in $(members); do stop_member "$id"; done; fi
    ;;
restart)
    need_dir
    if [ -n "${1:-}" ]; then need_id "$1"; ids=$1; else ids=$(members); fi
    for id in $ids; do launch "$id"; done
    wait_serving $ids
    ;;
pause) need_dir; need_id "${1:-}"; alive "$1" || die "member $1 is not running"; kill -STOP "$(pid_of "$1")" ;;
resume) need_dir; need_id "${1:-}"; alive "$1" || die "member $1 is not running"; kill -CONT "$(pid_of "$1")" ;;
leader)
    need_dir
    for id in $(members); do
        alive "$id" || continue
        m=$(mode_of "$id")
        if [ "$m" = leader ] || [ "$m" = standalone ]; then echo "$id"; exit 0; fi
    done
    die "no member of $dir reports itself leader"
    ;;
destroy)
    if [ -f "$dir/members" ]; then for id in $(members); do stop_member "$id"; done; fi
    rm -rf "$dir"
    ;;
*) usage ;;
esac
