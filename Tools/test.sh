#!/usr/bin/env bash
# Runs the whole test suite against a real ZooKeeper, on a fresh machine or a used one.
#   1. installs what is missing (Tools/setup.sh)
#   2. starts a throwaway ZooKeeper on a free loopback port, data in a temporary folder
#   3. exports its connect string as ZK_TEST_CONNECT, builds, runs `swift test`
#   4. stops every ZooKeeper it or the tests started, by pid, also on failure or Ctrl-C
# Extra arguments go to `swift test` (for example: --filter ZooKeeperTests); without any, the
# timing-sensitive ConnectTimeoutTests suites run first on their own, then everything else.
set -euo pipefail
cd "$(dirname "$0")/.."

./Tools/setup.sh

state=$(mktemp -d "${TMPDIR:-/tmp}/zkcc-test.XXXXXX")
cleanup() {
    # The shared server, and any private server a test started (tests put them under TMPDIR).
    for dir in "$state"/zk "$state"/zk-test-*; do
        [ -e "$dir" ] && ./Tools/zookeeper.sh destroy "$dir" >/dev/null 2>&1 || true
    done
    rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ZK_TEST_CONNECT=$(./Tools/zookeeper.sh start "$state/zk")
export ZK_TEST_CONNECT
export TMPDIR="$state"
echo "test.sh: ZooKeeper for the tests at $ZK_TEST_CONNECT (state in $state)" >&2

swift build --build-tests
if [ $# -gt 0 ]; then
    swift test --skip-build "$@"
else
    # Suites named ConnectTimeoutTests check that a dead server is reported within the
    # connect timeout plus one second; they run alone first, so the rest of the suite (CPU-
    # heavy fuzzing, JVMs for private servers) cannot delay their timers. Then everything else.
    swift test --skip-build --filter ConnectTimeoutTests
    swift test --skip-build --skip ConnectTimeoutTests
fi
