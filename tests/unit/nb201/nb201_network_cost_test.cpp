#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <string_view>

#include "nb201/nb201_network_cost.hpp"
#include "tabnas/core/errors.hpp"

using tabnas::nb201::Nb201Cell;
using tabnas::nb201::Nb201NetworkCost;

namespace {

Nb201Cell cell(std::string_view arch) {
  return Nb201Cell::parse(arch);
}

constexpr std::string_view kArch0 =
    "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|"
    "skip_connect~2|";
constexpr std::string_view kArch11 =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|";
constexpr std::string_view kArch284 =
    "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|none~0|nor_conv_1x1~1|none~2|";

void check_cost(std::string_view arch, std::string_view dataset, double params_m, double flops_m) {
  INFO(arch << " on " << dataset);
  const auto cost = Nb201NetworkCost::compute(cell(arch), dataset);
  // Params: relative 5e-7, and the count itself is an exact integer.
  CHECK(std::abs(cost.params_m - params_m) <= 5e-7 * params_m);
  CHECK(std::llround(cost.params_m * 1e6) == std::llround(params_m * 1e6));
  // FLOPs: all five printed decimals.
  CHECK(std::llround(cost.flops_m * 1e5) == std::llround(flops_m * 1e5));
  CHECK(std::abs(cost.flops_m - flops_m) < 5e-6);
}

}  // namespace

TEST_CASE("nb201 network cost: NATS-Bench tss reference records (hp=12)", "[nb201]") {
  for (const char* ds : {"cifar10-valid", "cifar10"}) {
    check_cost(kArch0, ds, 0.129306, 15.64737);
    check_cost(kArch11, ds, 0.802426, 113.95137);
    check_cost(kArch284, ds, 0.101306, 11.71521);
  }
  check_cost(kArch0, "cifar100", 0.135156, 15.65322);
  check_cost(kArch11, "cifar100", 0.808276, 113.95722);
  check_cost(kArch284, "cifar100", 0.107156, 11.72106);
  check_cost(kArch0, "ImageNet16-120", 0.136456, 3.91948);
  check_cost(kArch11, "ImageNet16-120", 0.809576, 28.49548);
  check_cost(kArch284, "ImageNet16-120", 0.108456, 2.93644);
}

TEST_CASE("nb201 network cost: extremes of the space on cifar10", "[nb201]") {
  // No conv edge: only stem, reduction blocks, lastact and classifier.
  const auto bare = Nb201NetworkCost::compute(
      Nb201Cell::parse(
          "|none~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|skip_connect~1|avg_pool_3x3~2|"),
      "cifar10");
  CHECK(std::llround(bare.params_m * 1e6) == 73306);
  CHECK(std::llround(bare.flops_m * 1e6) == 7783050);
  const auto zero = Nb201NetworkCost::compute(Nb201Cell::from_code(0), "cifar10");
  CHECK(zero.params_m == bare.params_m);
  CHECK(zero.flops_m == bare.flops_m);
  // All conv3x3: 6 edges x 15 cells x 9*C^2*H*W = 2359296 multiply-adds each.
  const auto big = Nb201NetworkCost::compute(
      Nb201Cell::parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|"
                       "nor_conv_3x3~1|nor_conv_3x3~2|"),
      "cifar10");
  CHECK(std::llround(big.params_m * 1e6) == 1531546);
  CHECK(std::llround(big.flops_m * 1e6) == 7783050 + 90LL * 2359296);
}

TEST_CASE("nb201 network cost: dead edges are still counted", "[nb201]") {
  // Node 1 is dead (edge 0 none), but its outgoing conv edges are instantiated and run, so
  // the cost equals that of a cell with the same ops on live edges.
  const auto dead = Nb201NetworkCost::compute(
      Nb201Cell::parse("|none~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|"),
      "cifar100");
  const auto live = Nb201NetworkCost::compute(
      Nb201Cell::parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|none~2|"),
      "cifar100");
  CHECK(dead.params_m == live.params_m);
  CHECK(dead.flops_m == live.flops_m);
  const auto none = Nb201NetworkCost::compute(Nb201Cell::from_code(0), "cifar100");
  CHECK(dead.params_m > none.params_m);
}

TEST_CASE("nb201 network cost: unknown dataset", "[nb201]") {
  CHECK_THROWS_AS(Nb201NetworkCost::compute(Nb201Cell{}, "imagenet"), tabnas::ConfigError);
  CHECK_THROWS_AS(Nb201NetworkCost::compute(Nb201Cell{}, "CIFAR10"), tabnas::ConfigError);
}
