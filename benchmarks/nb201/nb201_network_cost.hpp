#pragma once
/// @file Exact parameter count and FLOPs of the NB201 network for one cell.
#include <string_view>

#include "nb201/nb201_cell.hpp"

namespace tabnas::nb201 {

/// Parameters (millions) and FLOPs (millions of multiply-adds, as NATS-Bench reports them)
/// of the NB201 macro network (C=16, N=5) for a dataset.
struct NetworkCost {
  double params_m = 0.0;
  double flops_m = 0.0;
};

/// Computes NetworkCost from the network definition (no table look-up).
class Nb201NetworkCost {
 public:
  /// @param dataset one of cifar10-valid, cifar10, cifar100, ImageNet16-120.
  /// @throws ConfigError for an unknown dataset.
  [[nodiscard]] static NetworkCost compute(const Nb201Cell& cell, std::string_view dataset);
};

}  // namespace tabnas::nb201
