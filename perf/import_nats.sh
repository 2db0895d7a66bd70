#!/usr/bin/env bash
# NATS import throughput benchmark (issue: official formats). Builds a full-size NATS-Bench tss
# per-architecture directory by copying the 3 real per-arch files of the data directory to the
# 15625 names 000000..015624 (cycling 000000, 000011, 000284) plus the real meta file, then, in
# one invocation and on the same (warm page cache) machine state:
#   1. the Python baseline perf/python_reference_nats_load.py: pickle.load(bz2.open(f)) per file;
#   2. `tabnas import nats DIR` into a fresh store, whole process, under /usr/bin/time -v;
# and reports the ratio of the wall times and tabnas' peak resident memory.
# Usage: perf/import_nats.sh [build-dir]
#   env: TABNAS_DATA, PERF_DIR (default /tmp/tabnas-perf-nats; 1.3 GB), ARCHS (default 15625),
#        PYTHON (default /usr/bin/python3, needs python3-numpy), COMPRESSION (default 1)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
TABNAS="$BUILD/src/cli/tabnas"
DATA="${TABNAS_DATA:-$ROOT/../shared/data}"
SRC="$DATA/nats/NATS-tss-v1_0-3ffb9-simple"
WORKDIR="${PERF_DIR:-/tmp/tabnas-perf-nats}"
ARCHS="${ARCHS:-15625}"
PY="${PYTHON:-/usr/bin/python3}"
DIR="$WORKDIR/tss-$ARCHS"

"$PY" -c "import numpy" 2> /dev/null || {
  echo "perf/import_nats.sh: $PY cannot import numpy (apt-get install -y python3-numpy)" >&2
  exit 2
}
[ -x /usr/bin/time ] || { echo "perf/import_nats.sh: needs /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
mkdir -p "$DIR"
if [ "$(find "$DIR" -name '*.pickle.pbz2' | wc -l)" -ne $((ARCHS + 1)) ]; then
  echo "building $DIR: $ARCHS copies of 3 real per-arch files + the real meta file ..."
  cp "$SRC/meta.pickle.pbz2" "$DIR/"
  srcs=("$SRC/000000.pickle.pbz2" "$SRC/000011.pickle.pbz2" "$SRC/000284.pickle.pbz2")
  for ((i = 0; i < ARCHS; i++)); do
    cp "${srcs[$((i % 3))]}" "$DIR/$(printf '%06d' "$i").pickle.pbz2"
  done
fi
echo "machine: $(nproc) cores, $(uname -m); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $DIR ($(du -sh "$DIR" | cut -f1), $((ARCHS + 1)) files)"
cat "$DIR"/*.pickle.pbz2 > /dev/null  # warm the page cache for both sides

py_json=$("$PY" "$ROOT/perf/python_reference_nats_load.py" "$DIR")
py_s=$(echo "$py_json" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['seconds'])")
printf 'python pickle.load(bz2.open(f)) loop: %8.2f s  (%.2f ms per file)\n' "$py_s" \
  "$(awk -v s="$py_s" -v n="$ARCHS" 'BEGIN {print 1000 * s / (n + 1)}')"

STORE="$WORKDIR/store.sqlite"
rm -rf "$STORE" "$STORE"-* "$STORE.h5.d"
/usr/bin/time -v -o "$WORKDIR/time.txt" "$TABNAS" --quiet --store "$STORE" import nats "$DIR" \
  --compression "${COMPRESSION:-1}" > "$WORKDIR/import.txt"
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORKDIR/time.txt" |
  awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORKDIR/time.txt")
cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$WORKDIR/time.txt")
printf 'tabnas import nats (whole process):    %8.2f s  (%.2f ms per file, %.1f s CPU)\n' "$wall" \
  "$(awk -v s="$wall" -v n="$ARCHS" 'BEGIN {print 1000 * s / (n + 1)}')" "$cpu"
printf 'peak resident memory of tabnas:        %8.1f MiB\n' "$(awk -v k="$rss_kb" 'BEGIN {print k / 1024}')"
printf 'store: %s SQLite, %s HDF5 curves\n' "$(du -sh "$STORE" | cut -f1)" "$(du -sh "$STORE.h5.d" | cut -f1)"
grep -E "values|architectures" "$WORKDIR/import.txt" | head -2
printf 'ratio: tabnas is %.2fx the Python loop (goal >= 1.5x; peak memory goal < 1024 MiB)\n' \
  "$(awk -v p="$py_s" -v t="$wall" 'BEGIN {print p / t}')"
