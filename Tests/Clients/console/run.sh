#!/usr/bin/env bash
# Runs a console test tool in its virtualenv: run.sh browser ARGS… (browser.py) or
# run.sh schemathesis ARGS… (the schemathesis CLI). Builds the virtualenv when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=venv.sh
. "$here/venv.sh"
console_venv_install
dir=$(console_venv_dir)
tool=$1
shift
case "$tool" in
    browser) exec "$dir/bin/python" "$here/browser.py" "$@" ;;
    # schemathesis keeps a cache (.schemathesis/) in its working folder: a scratch one, not the checkout.
    schemathesis) cd "${TMPDIR:-/tmp}" && exec "$dir/bin/schemathesis" "$@" ;;
    *) echo "run.sh: unknown tool $tool (browser, schemathesis)" >&2; exit 64 ;;
esac
