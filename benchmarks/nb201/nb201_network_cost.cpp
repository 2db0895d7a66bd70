/// @file Parameters and FLOPs of the NB201 / NATS-Bench topology network, from its definition.
///
/// Network (xautodl `TinyNetwork` with `InferCell`, C = 16, N = 5, as NATS-Bench tss builds
/// it): stem Conv3x3(3->16, pad 1, no bias) + BN; stage 1: 5 cells at 16 channels; ResNet
/// basic block 16->32 stride 2; stage 2: 5 cells at 32; basic block 32->64 stride 2; stage 3:
/// 5 cells at 64; lastact BN + ReLU; global average pool; Linear(64, classes) with bias.
/// Basic block: conv_a = ReLU-Conv3x3(stride 2, no bias)-BN, conv_b = ReLU-Conv3x3-BN,
/// shortcut = AvgPool2d(2, 2) then Conv1x1(no bias, no BN). Cell edges: nor_conv_kxk =
/// ReLU-Conv kxk(pad (k-1)/2, no bias, since affine BN)-BN(affine); avg_pool_3x3 =
/// AvgPool2d(3, 1, 1) (no preprocessing conv, since C_in == C_out in a cell); skip_connect =
/// identity; none = zero. Every edge is instantiated and run, including edges that leave a
/// dead node, so the cost is a sum over the six edges.
///
/// Counting rules of NATS-Bench (xautodl `utils/flop_benchmark.py`, `get_model_infos`):
/// - params = number of elements of `model.parameters()` / 1e6 (`count_parameters_in_MB`,
///   decimal "MB" = millions): conv weights, BN weight and bias (2 per channel; running
///   statistics are buffers and do not count), linear weight and bias.
/// - FLOPs = sum of `__flops__` over Conv2d, Conv1d, Linear (and self-described modules; none
///   in this network) per image / 1e6: conv = kh*kw*C_in/groups*C_out*H_out*W_out (+C_out*
///   H_out*W_out with bias), linear = in*out (+out with bias). AvgPool2d gets a hook but its
///   count is left out of the sum, so pooling is 0; BN, ReLU, the zero op, additions and the
///   global pool are not counted. The stem conv and the classifier are counted.
/// Inputs: cifar10-valid, cifar10, cifar100 are 32x32 (10, 10, 100 classes); ImageNet16-120
/// is 16x16 with 120 classes. The three reference archs (indexes 0, 11, 284) of the NATS-Bench
/// tss records match to every printed digit (tests/unit/nb201/nb201_network_cost_test.cpp).
#include "nb201/nb201_network_cost.hpp"

#include <cstdint>
#include <string>

#include "tabnas/core/errors.hpp"

namespace tabnas::nb201 {

namespace {

constexpr std::uint64_t kStemChannels = 16;
constexpr std::uint64_t kCellsPerStage = 5;
constexpr std::uint64_t kStages = 3;

/// Exact integer tallies of parameters and multiply-adds.
struct Tally {
  std::uint64_t params = 0;
  std::uint64_t flops = 0;

  void conv(std::uint64_t c_in, std::uint64_t c_out, std::uint64_t k, std::uint64_t h_out,
            std::uint64_t w_out) {
    params += k * k * c_in * c_out;
    flops += k * k * c_in * c_out * h_out * w_out;
  }
  void batch_norm(std::uint64_t c) { params += 2 * c; }
  void relu_conv_bn(std::uint64_t c_in, std::uint64_t c_out, std::uint64_t k, std::uint64_t h_out,
                    std::uint64_t w_out) {
    conv(c_in, c_out, k, h_out, w_out);
    batch_norm(c_out);
  }
  void linear(std::uint64_t in, std::uint64_t out) {
    params += in * out + out;
    flops += in * out + out;
  }
};

struct DatasetShape {
  std::string_view name;
  std::uint64_t resolution;
  std::uint64_t classes;
};

constexpr DatasetShape kDatasets[] = {{"cifar10-valid", 32, 10},
                                      {"cifar10", 32, 10},
                                      {"cifar100", 32, 100},
                                      {"ImageNet16-120", 16, 120}};

const DatasetShape& find_dataset(std::string_view dataset) {
  for (const DatasetShape& d : kDatasets) {
    if (d.name == dataset) return d;
  }
  throw ConfigError("unknown NB201 dataset '" + std::string(dataset) +
                    "' (allowed: cifar10-valid, cifar10, cifar100, ImageNet16-120)");
}

void add_cell(Tally& t, const Nb201Cell& cell, std::uint64_t c, std::uint64_t hw) {
  for (const std::uint8_t op : cell.ops) {
    switch (op) {
      case 0:  // none: x * 0, nothing counted
      case 1:  // skip_connect: identity
      case 4:  // avg_pool_3x3: no parameters, pooling FLOPs not summed by xautodl
        break;
      case 2:
        t.relu_conv_bn(c, c, 1, hw, hw);
        break;
      case 3:
        t.relu_conv_bn(c, c, 3, hw, hw);
        break;
      default:
        throw ConfigError("NB201 cell has op id " + std::to_string(op) + ", allowed 0..4");
    }
  }
}

void add_reduction(Tally& t, std::uint64_t c_in, std::uint64_t c_out, std::uint64_t hw_out) {
  t.relu_conv_bn(c_in, c_out, 3, hw_out, hw_out);   // conv_a, stride 2
  t.relu_conv_bn(c_out, c_out, 3, hw_out, hw_out);  // conv_b
  t.conv(c_in, c_out, 1, hw_out, hw_out);           // shortcut conv after AvgPool2d(2)
}

}  // namespace

NetworkCost Nb201NetworkCost::compute(const Nb201Cell& cell, std::string_view dataset) {
  const DatasetShape& d = find_dataset(dataset);
  Tally t;
  std::uint64_t c = kStemChannels;
  std::uint64_t hw = d.resolution;
  t.conv(3, c, 3, hw, hw);  // stem
  t.batch_norm(c);
  for (std::uint64_t stage = 0; stage < kStages; ++stage) {
    if (stage > 0) {
      hw /= 2;
      add_reduction(t, c, 2 * c, hw);
      c *= 2;
    }
    for (std::uint64_t i = 0; i < kCellsPerStage; ++i) add_cell(t, cell, c, hw);
  }
  t.batch_norm(c);  // lastact
  t.linear(c, d.classes);
  NetworkCost cost;
  cost.params_m = static_cast<double>(t.params) / 1e6;
  cost.flops_m = static_cast<double>(t.flops) / 1e6;
  return cost;
}

}  // namespace tabnas::nb201
