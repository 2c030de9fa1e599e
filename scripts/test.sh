#!/usr/bin/env bash
# The whole test suite on a fresh machine: system libraries, then `swift test` (its summary is the last output).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift test 2>&1
