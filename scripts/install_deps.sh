#!/usr/bin/env bash
# Installs every Debian 12 package tabnas needs to build, test and run its tooling.
set -euo pipefail
PKGS=(
  build-essential cmake ninja-build pkg-config git
  libsqlite3-dev libhdf5-dev
  libboost-program-options-dev libboost-dev
  nlohmann-json3-dev catch2
  libbz2-dev libzip-dev libeigen3-dev
  python3 ccache bc zlib1g-dev time
  python3-numpy  # perf/import_nats.sh (the Python baseline loads numpy scalars)
  python3-pandas python3-matplotlib  # notebook export test (tests/unit/report)
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
