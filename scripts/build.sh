#!/usr/bin/env bash
# Installs the Debian packages (scripts/install_deps.sh) and builds tabnas (Release) into
# ${TABNAS_BUILD_DIR:-build}. Extra arguments go to the cmake configure step.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${TABNAS_BUILD_DIR:-$ROOT/build}"
bash "$ROOT/scripts/install_deps.sh"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$BUILD" -j"${TABNAS_JOBS:-2}"
