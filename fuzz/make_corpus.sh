#!/bin/sh
# Fills fuzz/corpus-work/<target>/ (git-ignored) with seed inputs from the test fixtures.
# Usage: fuzz/make_corpus.sh   (from the repository root)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/fuzz/corpus-work"
fix="$root/tests/fixtures"
mkdir -p "$work/pickle" "$work/bzip2" "$work/torch_zip" "$work/legacy_torch"
cp "$fix"/random_pickles/*.pkl "$work/pickle/"
for f in hwnas_like.pickle numpy_arrays_p2.pickle numpy_arrays_p5.pickle pandas_like.pd; do
  cp "$fix/pickle/$f" "$work/pickle/"
done
cp "$fix"/pickle/*.pbz2 "$work/bzip2/"
cp "$fix"/pickle/*.zip "$fix"/pickle/*.pt "$fix"/pickle/nb201_zip.pth "$work/torch_zip/"
cp "$fix"/pickle/nb201_legacy.pth "$work/legacy_torch/"
for t in pickle bzip2 torch_zip legacy_torch; do
  if [ -d "$fix/fuzz_regressions/$t" ]; then cp "$fix/fuzz_regressions/$t"/* "$work/$t/" 2>/dev/null || true; fi
done
echo "seed corpus in $work"
