#!/usr/bin/env bash
# Search-throughput benchmark (issue: core simulator). Runs, in one invocation and on the same
# machine state:
#   1. tabnas run perf/re_1000x150.json, whole process (start-up + store loading + search +
#      outputs), median of REPEATS, with per-step outputs and with --no-trajectory;
#   2. the plain-Python reference perf/python_reference_re.py (same loop, dict look-ups,
#      Python's random) on the same CSV tables, median of REPEATS;
# and reports search-phase throughput (runs/s, data loading excluded on both sides) as a ratio.
# "search phase" is tabnas's wall time from the first run to the last, crash-safe commits to
# progress.sqlite included; "compute" is the busiest worker's time inside the runs (the
# Python reference, like "compute", keeps its results in memory and writes nothing).
# Usage: perf/run_perf.sh [build-dir]   (env: TABNAS_DATA, REPEATS=5)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
TABNAS="$BUILD/src/cli/tabnas"
DATA="${TABNAS_DATA:-$ROOT/../shared/data}"
REPEATS="${REPEATS:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export TABNAS_STORE="$WORK/store.sqlite"
"$TABNAS" --quiet --data "$DATA" import default > /dev/null

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2==1) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

measure() {  # $1 = label, rest = extra tabnas run args; prints wall and search seconds
  local label="$1"; shift
  : > "$WORK/wall" ; : > "$WORK/search" ; : > "$WORK/compute"
  for _ in $(seq "$REPEATS"); do
    local start end
    start=$(date +%s.%N)
    "$TABNAS" --quiet run "$ROOT/perf/re_1000x150.json" --out "$WORK/out" --fresh --timing "$@" \
      > /dev/null 2> "$WORK/timing"
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN {printf "%.6f\n", b - a}' >> "$WORK/wall"
    sed -E 's/.*search ([0-9.e-]+) s.*/\1/' "$WORK/timing" >> "$WORK/search"
    sed -E 's/.*compute ([0-9.e-]+) s.*/\1/' "$WORK/timing" >> "$WORK/compute"
  done
  local wall search compute
  wall=$(median < "$WORK/wall"); search=$(median < "$WORK/search"); compute=$(median < "$WORK/compute")
  printf '%-36s whole process %.3f s  search phase %.4f s (%6.0f runs/s)  compute %.4f s\n' \
    "$label" "$wall" "$search" "$(awk -v s="$search" 'BEGIN {print 1000 / s}')" "$compute"
  echo "$search" > "$WORK/search_$label"
  echo "$compute" > "$WORK/compute_$label"
}

echo "machine: $(nproc) cores, $(uname -m); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "tabnas 2 threads, all outputs" --threads 2
measure "tabnas 2 threads, --no-trajectory" --threads 2 --no-trajectory
measure "tabnas 1 thread, --no-trajectory" --threads 1 --no-trajectory
# The Python loop's time varies by up to 1.5x between invocations on this VM: median of REPEATS,
# like the tabnas figures.
: > "$WORK/py_search" ; : > "$WORK/py_load"
for _ in $(seq "$REPEATS"); do
  python3 "$ROOT/perf/python_reference_re.py" "$DATA" 1000 150 > "$WORK/py.json"
  python3 -c "import json;print(json.load(open('$WORK/py.json'))['search_seconds'])" >> "$WORK/py_search"
  python3 -c "import json;print(json.load(open('$WORK/py.json'))['load_seconds'])" >> "$WORK/py_load"
done
py_search=$(median < "$WORK/py_search")
py_load=$(median < "$WORK/py_load")
printf '%-44s load %.3f s                search phase %.4f s   %8.0f runs/s  %10.0f queries/s\n' \
  "python reference (1 thread)" "$py_load" "$py_search" \
  "$(awk -v s="$py_search" 'BEGIN {print 1000 / s}')" "$(awk -v s="$py_search" 'BEGIN {print 150000 / s}')"
for label in "tabnas 2 threads, --no-trajectory" "tabnas 1 thread, --no-trajectory"; do
  s=$(cat "$WORK/search_$label"); c=$(cat "$WORK/compute_$label")
  printf 'ratio vs python, %-34s search phase %.1fx, compute only %.1fx\n' "$label" \
    "$(awk -v p="$py_search" -v s="$s" 'BEGIN {print p / s}')" \
    "$(awk -v p="$py_search" -v s="$c" 'BEGIN {print p / s}')"
done
