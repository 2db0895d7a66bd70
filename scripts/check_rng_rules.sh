#!/usr/bin/env bash
# Reproducibility rule 2 (DESIGN.md): no std:: distributions, std::shuffle, rand() or
# std::random_device in the project's C++ code; all draws go through tabnas::Rng.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pattern='std::(uniform_int_distribution|uniform_real_distribution|normal_distribution|bernoulli_distribution|discrete_distribution|shuffle|random_device|mt19937|default_random_engine)|[^_a-zA-Z:.]s?rand\('
if grep -rnE "$pattern" "$ROOT"/src "$ROOT"/include "$ROOT"/benchmarks "$ROOT"/data_importers \
     --include='*.cpp' --include='*.hpp'; then
  echo "check_rng_rules: forbidden random-number API found (see DESIGN.md rule 2)" >&2
  exit 1
fi
echo "check_rng_rules: ok"
