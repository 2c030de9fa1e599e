#!/usr/bin/env bash
# The whole test suite on a fresh machine: system libraries, then `swift test` (its summary is the last output).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# XCTest only: an empty swift-testing run would print "0 tests" as the last line.
swift test --disable-swift-testing 2>&1
