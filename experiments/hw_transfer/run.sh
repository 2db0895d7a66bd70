#!/usr/bin/env bash
# Transfer study of issue 5: device latency rank correlations and latency predictors fitted on
# 50/100/500 measured architectures of a device, tested on the rest. Builds a temporary store
# from the data directory (NB201 tables + every hardware table) and writes the tables next to
# this script:
#   device_correlation.{csv,md}  Spearman rho of every pair of device columns
#   predictor_transfer.{csv,md}  lut / gbt / proxy predictors at 50, 100, 500 archs, 5 seeds
#   predictor_quality.md         fit on 500, test on the rest: rho and MAPE, lut and gbt
# Usage: experiments/hw_transfer/run.sh   (TABNAS=path/to/tabnas, TABNAS_DATA=data directory)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TABNAS=${TABNAS:-$ROOT/build/src/cli/tabnas}
DATA=${TABNAS_DATA:-$ROOT/../shared/data}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$TABNAS" --store "$TMP/hw.sqlite" --data "$DATA" import default > /dev/null
"$TABNAS" --store "$TMP/hw.sqlite" --data "$DATA" import hw-default > /dev/null
cd "$HERE"
"$TABNAS" --store "$TMP/hw.sqlite" hw transfer --out . --sizes 50,100,500 --seeds 5 --seed 0
