#pragma once
/// @file Random search (Bergstra & Bengio, JMLR 2012; the NAS baseline of Li & Talwalkar,
/// UAI 2019 "Random Search and Reproducibility for NAS").
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"

namespace tabnas {

/// Samples architectures uniformly at random. With `dedup` (default) an architecture is never
/// proposed twice (as in naszilla's random search); the NATS-Bench example samples with
/// replacement (`dedup: false`).
class RandomSearch final : public Algorithm {
 public:
  explicit RandomSearch(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

 private:
  bool dedup_;
  std::vector<bool> seen_;
  std::uint32_t num_seen_ = 0;
};

}  // namespace tabnas
