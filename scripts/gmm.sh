#!/usr/bin/env bash
# Builds gmm in release mode (installing system libraries first) and runs it with the given arguments, in the
# caller's working directory (where walkthroughs write their pictures and checkpoints).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup.sh"
swift build -c release --package-path "$root" --product gmm >/dev/null
exec "$root/.build/release/gmm" "$@"
