#!/usr/bin/env bash
# Search-throughput benchmark (issue: core simulator). Each of REPEATS rounds runs, back to back
# on the same machine state:
#   1. tabnas run perf/re_1000x150.json, whole process (start-up + store loading + search +
#      outputs): with all outputs on 2 threads, and with --no-trajectory on 2 threads and on 1;
#   2. the plain-Python reference perf/python_reference_re.py (same loop, dict look-ups,
#      Python's random) on the same CSV tables.
# Within a round each tabnas configuration runs SAMPLES times and the round keeps the MEAN of
# those processes: a tabnas search phase lasts about 10 ms, the Python one about 1 s, so one
# tabnas process samples the host's state of one instant while Python's time averages it over a
# second; the mean of several consecutive processes averages tabnas's side the same way
# (a mean, not a minimum or median, so slow instants count as they do for Python).
# It prints the median over rounds of each figure and the ratios against the Python reference's
# search phase (data loading excluded on both sides): the ratio of the medians, and the median
# of the per-round ratios (each round's tabnas and Python runs share the host's state of the
# moment; on this VM the host's noise changes a process's speed by up to 1.5x from one second
# to the next).
# "search phase" is tabnas's wall time from the first run to the last, crash-safe commits to
# progress.bin included; "compute" is the busiest worker's time inside the runs (the
# Python reference, like "compute", keeps its results in memory and writes nothing).
# Usage: perf/run_perf.sh [build-dir]   (env: TABNAS_DATA, REPEATS=15, SAMPLES=5)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
TABNAS="$BUILD/src/cli/tabnas"
DATA="${TABNAS_DATA:-$ROOT/../shared/data}"
REPEATS="${REPEATS:-15}"
SAMPLES="${SAMPLES:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export TABNAS_STORE="$WORK/store.sqlite"
"$TABNAS" --quiet --data "$DATA" import default > /dev/null

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2==1) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

CONFIGS=("all" "notraj2" "notraj1")
declare -A LABEL=([all]="tabnas 2 threads, all outputs" [notraj2]="tabnas 2 threads, --no-trajectory"
                  [notraj1]="tabnas 1 thread, --no-trajectory")
declare -A ARGS=([all]="--threads 2" [notraj2]="--threads 2 --no-trajectory"
                 [notraj1]="--threads 1 --no-trajectory")

mean() { awk '{s += $1} END {printf "%.6f\n", s / NR}'; }

measure_round() {  # $1 = config; appends the means over SAMPLES processes of the wall, search
  local c="$1" start end                           # and compute seconds to its files
  rm -f "$WORK/round_wall" "$WORK/round_search" "$WORK/round_compute"
  for _ in $(seq "$SAMPLES"); do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$TABNAS" --quiet run "$ROOT/perf/re_1000x150.json" --out "$WORK/out" --fresh --timing \
      ${ARGS[$c]} > /dev/null 2> "$WORK/timing"
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN {printf "%.6f\n", b - a}' >> "$WORK/round_wall"
    sed -E 's/.*search ([0-9.e-]+) s.*/\1/' "$WORK/timing" >> "$WORK/round_search"
    sed -E 's/.*compute ([0-9.e-]+) s.*/\1/' "$WORK/timing" >> "$WORK/round_compute"
  done
  mean < "$WORK/round_wall" >> "$WORK/wall_$c"
  mean < "$WORK/round_search" >> "$WORK/search_$c"
  mean < "$WORK/round_compute" >> "$WORK/compute_$c"
}

echo "machine: $(nproc) cores, $(uname -m); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$REPEATS rounds; per round and configuration the mean of $SAMPLES tabnas processes"
for _ in $(seq "$REPEATS"); do
  for c in "${CONFIGS[@]}"; do measure_round "$c"; done
  python3 "$ROOT/perf/python_reference_re.py" "$DATA" 1000 150 > "$WORK/py.json"
  read -r py_s py_l < <(python3 -c \
    "import json;d=json.load(open('$WORK/py.json'));print(d['search_seconds'],d['load_seconds'])")
  echo "$py_s" >> "$WORK/py_search"
  echo "$py_l" >> "$WORK/py_load"
  printf 'round %2d: python search %.4f s; tabnas search, 2 threads --no-trajectory %.4f s (%.1fx), 1 thread %.4f s\n' \
    "$(wc -l < "$WORK/py_search")" "$(tail -1 "$WORK/py_search")" "$(tail -1 "$WORK/search_notraj2")" \
    "$(awk -v p="$(tail -1 "$WORK/py_search")" -v s="$(tail -1 "$WORK/search_notraj2")" 'BEGIN {print p / s}')" \
    "$(tail -1 "$WORK/search_notraj1")"
done

for c in "${CONFIGS[@]}"; do
  wall=$(median < "$WORK/wall_$c"); search=$(median < "$WORK/search_$c")
  compute=$(median < "$WORK/compute_$c")
  printf '%-36s whole process %.3f s  search phase %.4f s (%6.0f runs/s)  compute %.4f s\n' \
    "${LABEL[$c]}" "$wall" "$search" "$(awk -v s="$search" 'BEGIN {print 1000 / s}')" "$compute"
done
py_search=$(median < "$WORK/py_search")
py_load=$(median < "$WORK/py_load")
printf '%-44s load %.3f s                search phase %.4f s   %8.0f runs/s  %10.0f queries/s\n' \
  "python reference (1 thread)" "$py_load" "$py_search" \
  "$(awk -v s="$py_search" 'BEGIN {print 1000 / s}')" "$(awk -v s="$py_search" 'BEGIN {print 150000 / s}')"
for c in notraj2 notraj1; do
  s=$(median < "$WORK/search_$c"); k=$(median < "$WORK/compute_$c")
  paste "$WORK/py_search" "$WORK/search_$c" | awk '{print $1 / $2}' | sort -g > "$WORK/ratios"
  paired=$(median < "$WORK/ratios")
  paired_k=$(paste "$WORK/py_search" "$WORK/compute_$c" | awk '{print $1 / $2}' | median)
  printf 'ratio vs python, %-34s search phase %.1fx (per round: median %.1fx, range %.1fx-%.1fx), compute only %.1fx (per round %.1fx)\n' \
    "${LABEL[$c]}" "$(awk -v p="$py_search" -v s="$s" 'BEGIN {print p / s}')" "$paired" \
    "$(head -1 "$WORK/ratios")" "$(tail -1 "$WORK/ratios")" \
    "$(awk -v p="$py_search" -v s="$k" 'BEGIN {print p / s}')" "$paired_k"
done
