#!/usr/bin/env bash
# Installs the system libraries gmm links against, if any is missing (Debian/Ubuntu; needs root or sudo).
set -euo pipefail
need=()
for pkg in libopenblas-dev libreadline-dev zlib1g-dev libpng-dev libgif-dev file; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "setup: installing ${need[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
