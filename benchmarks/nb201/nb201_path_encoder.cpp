/// @file Path encoding of NB201 cells.
///
/// Convention: BANANAS (White, Neiswanger, Savani, AAAI 2021) define the path encoding as one
/// feature per input->output path, labelled by its op sequence. Their NB201 code (naszilla
/// `naszilla/nas_bench_201/cell_201.py`, `Cell201.get_paths`/`get_path_indices`/
/// `encode_paths`, `get_op_list` in arch-string order) fixes the layout reproduced here:
/// routes as edge lists in arch-string order [3], [0,4], [1,5], [0,2,5]; labels
/// OPS = [avg_pool_3x3, nor_conv_1x1, nor_conv_3x3, none, skip_connect]; index =
/// offset + sum_j OPS.index(op_j) * 5^j with offset 0 for route 0, 5 for routes 1 and 2 (one
/// shared block: a path is its label sequence, not its route), 30 for route 3; length 155.
///
/// Deviation: the reference treats `none` as a label, so a route through a `none` edge still
/// sets a feature. In the cell that route is not a path, so encode() leaves it out (the
/// project's rule); encode_reference() gives the reference vector bit for bit.
/// Caveat: NASLib (`naslib/search_spaces/nasbench201/encodings.py`) copies the formula but
/// applies it to its own op indices (`conversions.py`: edges in the order (1,2),(1,3),(1,4),
/// (2,3),(2,4),(3,4), ops numbered Identity, Zero, conv3x3, conv1x1, avgpool), under which
/// blueprints [3] and [0,2,5] are not input->output routes; NASLib's vectors therefore differ
/// from naszilla's and from these. We follow naszilla, the BANANAS authors' own code.
#include "nb201/nb201_path_encoder.hpp"

#include <algorithm>
#include <array>

#include "tabnas/core/errors.hpp"

namespace tabnas::nb201 {

namespace {

constexpr std::size_t kNumLabels = 5;
constexpr std::size_t kNumFeatures = 5 + 25 + 125;
constexpr std::uint8_t kNone = 0;
/// Reference label of each NB201 op id: none 3, skip_connect 4, nor_conv_1x1 1,
/// nor_conv_3x3 2, avg_pool_3x3 0.
constexpr std::array<std::size_t, kNumOps> kLabel = {3, 4, 1, 2, 0};
/// Offset of the block of paths of length 1, 2, 3.
constexpr std::array<std::size_t, 4> kOffset = {0, 0, 5, 30};

struct Route {
  std::array<std::size_t, 3> edges;
  std::size_t length;
};
/// The four input->output routes as edges in arch-string order.
constexpr std::array<Route, 4> kRoutes = {
    {{{3, 0, 0}, 1}, {{0, 4, 0}, 2}, {{1, 5, 0}, 2}, {{0, 2, 5}, 3}}};

std::size_t route_index(const Nb201Cell& cell, const Route& r) {
  std::size_t index = kOffset[r.length];
  std::size_t weight = 1;
  for (std::size_t j = 0; j < r.length; ++j) {
    index += kLabel[cell.ops[r.edges[j]]] * weight;
    weight *= kNumLabels;
  }
  return index;
}

void check(const Nb201Cell& cell, std::span<float> out) {
  if (out.size() != kNumFeatures) {
    throw InternalError("NB201 path encoding needs a buffer of " + std::to_string(kNumFeatures) +
                        " floats, got " + std::to_string(out.size()));
  }
  for (const std::uint8_t op : cell.ops) {
    if (op >= kNumOps) {
      throw ConfigError("NB201 cell has op id " + std::to_string(op) + ", allowed 0..4");
    }
  }
}

}  // namespace

std::size_t Nb201PathEncoder::size() {
  return kNumFeatures;
}

void Nb201PathEncoder::encode(const Nb201Cell& cell, std::span<float> out) {
  check(cell, out);
  std::fill(out.begin(), out.end(), 0.0F);
  for (const Route& r : kRoutes) {
    bool through_none = false;
    for (std::size_t j = 0; j < r.length; ++j) through_none |= cell.ops[r.edges[j]] == kNone;
    if (!through_none) out[route_index(cell, r)] = 1.0F;
  }
}

void Nb201PathEncoder::encode_reference(const Nb201Cell& cell, std::span<float> out) {
  check(cell, out);
  std::fill(out.begin(), out.end(), 0.0F);
  for (const Route& r : kRoutes) out[route_index(cell, r)] = 1.0F;
}

std::size_t Nb201PathEncoder::feature_index(std::span<const std::uint8_t> ops) {
  if (ops.empty() || ops.size() > 3) {
    throw ConfigError("NB201 path length must be 1..3, got " + std::to_string(ops.size()));
  }
  std::size_t index = kOffset[ops.size()];
  std::size_t weight = 1;
  for (const std::uint8_t op : ops) {
    if (op >= kNumOps) {
      throw ConfigError("NB201 op id " + std::to_string(op) + " not in 0..4");
    }
    index += kLabel[op] * weight;
    weight *= kNumLabels;
  }
  return index;
}

}  // namespace tabnas::nb201
