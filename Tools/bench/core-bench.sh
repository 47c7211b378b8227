#!/usr/bin/env bash
# Benchmark of the transaction core alone (no network): N concurrent TMs (1, 16, 128) each run
# begin + 2 branch registers + commit with 2 BranchCommits answered at once by an in-process
# RM, against the SQLite file store in flushDiskMode async and sync. Release build. Prints one
# markdown table per mix.
#
#   Tools/bench/core-bench.sh [SECONDS per cell, default 3] [MIXES, default "tcc at rollback"]
#
# This is the core's cost per transaction; issue 11's targets are measured end to end by
# Tools/bench/tc-bench.sh against a do-nothing responder.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_CELL=${1:-3}
MIXES=${2:-tcc at rollback}
swift build -c release --product CoreBenchmark >&2
bench=$(swift build -c release --show-bin-path)/CoreBenchmark
for mix in $MIXES; do
    "$bench" "$SECONDS_PER_CELL" "$mix"
    echo
done
