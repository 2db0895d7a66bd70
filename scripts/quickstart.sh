#!/usr/bin/env bash
# Fresh machine -> finished algorithm comparison: install, build, import the default benchmark
# (NB201 tables of the data directory) and run experiments/quickstart.json.
# Data directory: $TABNAS_DATA (default ../shared/data next to the checkout).
# Store: $TABNAS_STORE (default ~/.local/share/tabnas/store.sqlite).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TABNAS_DATA="${TABNAS_DATA:-$ROOT/../shared/data}"
bash "$ROOT/scripts/build.sh"
TABNAS="${TABNAS_BUILD_DIR:-$ROOT/build}/src/cli/tabnas"
"$TABNAS" import default
"$TABNAS" run "$ROOT/experiments/quickstart.json" --out "${TABNAS_OUT:-quickstart}"
