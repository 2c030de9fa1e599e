#!/usr/bin/env bash
# Builds gmm in release mode (installing system libraries first) and runs it with the given arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product gmm >/dev/null
exec .build/release/gmm "$@"
