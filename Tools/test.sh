#!/usr/bin/env bash
# Runs the whole test suite against a real ZooKeeper, on a fresh machine or a used one.
#   1. installs what is missing (Tools/setup.sh)
#   2. starts a throwaway ZooKeeper on a free loopback port, data in a temporary folder
#   3. exports its connect string as ZK_TEST_CONNECT, builds, runs `swift test`
#   4. installs zkconfig and coordinator as operators get them (Tools/install.sh: release build,
#      Swift runtime static) into a temporary prefix and runs the end-to-end CLI and coordinator
#      tests again against those binaries, so optimizer-only bugs are caught
#   5. stops every ZooKeeper and PostgreSQL it or the tests started, by pid, also on failure or Ctrl-C
#
# A throwaway PostgreSQL (Tools/postgres.sh) runs beside ZooKeeper for the db store's suites
# (DatabaseStoreTests, ClusterTests); its folder is exported as PG_TEST_DIR. ClusterTests runs
# once, in the debug pass (its coordinators are the same executable the release pass checks).
#
#   ./Tools/test.sh                    everything (debug pass, then release pass)
#   ./Tools/test.sh --filter X         only `swift test --filter X`, debug (any swift test arguments)
#   ./Tools/test.sh --release [ARGS]   only the release pass (ARGS narrow it, e.g. --filter WatchTests)
#
# In the debug pass the timing-sensitive ConnectTimeoutTests suites run first on their own,
# then everything else but the heaviest suites, then ClusterTests and ConsoleTests, each on
# its own. Every pass runs even when one before it failed; the script fails if any did.
set -euo pipefail
cd "$(dirname "$0")/.."

./Tools/setup.sh

state=$(mktemp -d "${TMPDIR:-/tmp}/zkcc-test.XXXXXX")
cleanup() {
    # The shared server, and any private server a test started (tests put them under TMPDIR).
    for dir in "$state"/zk "$state"/zk-test-*; do
        [ -e "$dir" ] && ./Tools/zookeeper.sh destroy "$dir" >/dev/null 2>&1 || true
    done
    for dir in "$state"/pg "$state"/pg-test-*; do
        [ -e "$dir" ] && ./Tools/postgres.sh destroy "$dir" >/dev/null 2>&1 || true
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
PG_TEST_DIR="$state/pg"
echo "test.sh: PostgreSQL for the tests at $(./Tools/postgres.sh start "$PG_TEST_DIR")" >&2
export PG_TEST_DIR

# The suites that run the executables as processes: the release pass runs them again.
end_to_end='ZKConfigTests|CoordinatorTests'

release_pass() {
    local started=$SECONDS
    local status=0
    ./Tools/install.sh --prefix "$state/install" || return 1
    echo "test.sh: release build and install took $((SECONDS - started)) s" >&2
    export SWIFT_BUILD_DIR="$state/install/bin" ZKCC_INSTALLED_PREFIX="$state/install"
    if [ $# -gt 0 ]; then
        swift test --skip-build "$@" || status=1
    else
        swift test --skip-build --filter "ZKConfigTests.ConnectTimeoutTests|CoordinatorTests.ConnectTimeoutTests" \
            || status=1
        swift test --skip-build --filter "$end_to_end" --skip ConnectTimeoutTests || status=1
    fi
    unset SWIFT_BUILD_DIR ZKCC_INSTALLED_PREFIX
    return "$status"
}

swift build --build-tests
if [ "${1:-}" = "--release" ]; then
    shift
    release_pass "$@"
elif [ $# -gt 0 ]; then
    swift test --skip-build "$@"
else
    # Suites named ConnectTimeoutTests check that a dead server is reported within the
    # connect timeout plus two seconds; they run alone first, so the rest of the suite (CPU-
    # heavy fuzzing, JVMs for private servers) cannot delay their timers. Then everything else.
    failed=0
    swift test --skip-build --filter ConnectTimeoutTests || failed=1
    # The suites that run several servers per test (coordinators on one PostgreSQL, restarts;
    # a browser and schemathesis against a coordinator) each get the machine to themselves:
    # beside everything else, two cores cannot keep the other suites' timers honest.
    heavy='ClusterTests|ConsoleTests'
    swift test --skip-build --skip "ConnectTimeoutTests|$heavy" || failed=1
    swift test --skip-build --filter ClusterTests || failed=1
    swift test --skip-build --filter ConsoleTests || failed=1
    release_pass || failed=1
    exit "$failed"
fi
