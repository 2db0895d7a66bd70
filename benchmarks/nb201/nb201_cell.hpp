#pragma once
/// @file One NAS-Bench-201 cell: the op on each of its 6 edges.
///
/// Edge order is the arch-string order: edge 0 = node0->node1, 1 = node0->node2,
/// 2 = node1->node2, 3 = node0->node3, 4 = node1->node3, 5 = node2->node3.
/// Op ids: 0 none, 1 skip_connect, 2 nor_conv_1x1, 3 nor_conv_3x3, 4 avg_pool_3x3
/// (the ids used by the data directory's hp200_xvalid pickles and BRP-NAS).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tabnas::nb201 {

constexpr std::size_t kNumEdges = 6;
constexpr std::size_t kNumOps = 5;
constexpr std::uint32_t kNumCells = 15625;  // 5^6
/// Op names in id order.
constexpr std::array<std::string_view, kNumOps> kOpNames = {
    "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};
/// Source node of each edge (target nodes are 1,2,2,3,3,3).
constexpr std::array<int, kNumEdges> kEdgeFrom = {0, 0, 1, 0, 1, 2};
/// Target node of each edge.
constexpr std::array<int, kNumEdges> kEdgeTo = {1, 2, 2, 3, 3, 3};

/// A cell as 6 op ids.
struct Nb201Cell {
  std::array<std::uint8_t, kNumEdges> ops{};

  /// Parses `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`. @throws ConfigError naming the text.
  static Nb201Cell parse(std::string_view text);
  /// Cell from its base-5 code (edge 0 is the most significant digit). @throws ConfigError.
  static Nb201Cell from_code(std::uint32_t code);
  /// The official arch string.
  [[nodiscard]] std::string to_string() const;
  /// Base-5 code with edge 0 as the most significant digit, 0 .. 15624.
  [[nodiscard]] std::uint32_t code() const;
  /// Six-digit op-id string, e.g. "431222" (key format of the hp200_xvalid pickles).
  [[nodiscard]] std::string digits() const;

  friend bool operator==(const Nb201Cell&, const Nb201Cell&) = default;
};

}  // namespace tabnas::nb201
