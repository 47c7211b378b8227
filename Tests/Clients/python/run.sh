#!/usr/bin/env bash
# Runs one of the seata-python client scripts in its virtualenv, under a hard timeout, so a
# caller (the Swift tests) only runs this and reads the script's JSON lines from stdout.
#
#   run.sh SCRIPT [ARGS...]      SCRIPT: tm_commit.py, tm_rollback.py or at_rollback.py (a name
#                                here, or a path); ARGS go to the script (see its --help)
#
# Exit status: the script's own (0 ok, 1 check failed, 2 usage, 3 coordinator unreachable or
# an answer timed out, 4 the script's --deadline passed; see client_session.py), or
#   5    the virtualenv is not built (run ./Tools/setup.sh)
#   137  killed after SEATA_PY_HARD_TIMEOUT seconds (default 60; keep it above --deadline)
# The hard timeout uses KILL: seata-python's threads never end on their own, and a caller may
# have TERM blocked (processes started from Swift concurrency threads inherit that mask).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=venv.sh
. "$here/venv.sh"

[ $# -ge 1 ] || { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 2; }
script=$1
shift
case "$script" in */*) ;; *) script="$here/$script" ;; esac
[ -f "$script" ] || { echo "run.sh: no script $script" >&2; exit 2; }

if ! seata_venv_ready; then
    echo "run.sh: the seata-python virtualenv $(seata_venv_dir) is not built; run ./Tools/setup.sh" >&2
    exit 5
fi

export PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
exec timeout -s KILL "${SEATA_PY_HARD_TIMEOUT:-60}" "$(seata_venv_dir)/bin/python" "$script" "$@"
