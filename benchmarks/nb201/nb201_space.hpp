#pragma once
/// @file The NAS-Bench-201 / NATS-Bench topology search space (15625 cells).
#include <memory>
#include <string>
#include <vector>

#include "nb201/nb201_cell.hpp"
#include "tabnas/space/search_space.hpp"

namespace tabnas::nb201 {

/// NB201 cell space with the official index order.
///
/// The official index order (`meta_archs` of NB201/NATS, the `index` column of the data
/// directory's CSVs) is not derivable from the ops, so the space is built from the list of arch
/// strings in index order (the store holds it). Choice vector = the 6 op ids.
class Nb201Space final : public SearchSpace {
 public:
  /// @param arch_strings all 15625 arch strings, position = official index.
  /// @throws DataError if the list is not a permutation of all 15625 cells.
  explicit Nb201Space(const std::vector<std::string>& arch_strings);

  [[nodiscard]] std::string_view name() const override { return "nb201"; }
  [[nodiscard]] ArchId size() const override { return kNumCells; }
  [[nodiscard]] std::size_t num_variables() const override { return kNumEdges; }
  [[nodiscard]] std::size_t num_choices(std::size_t /*var*/) const override { return kNumOps; }
  void decode(ArchId arch, std::span<std::uint8_t> out) const override;
  [[nodiscard]] ArchId encode(std::span<const std::uint8_t> choices) const override;
  [[nodiscard]] std::string arch_string(ArchId arch) const override;
  [[nodiscard]] ArchId parse(std::string_view text) const override;
  [[nodiscard]] std::uint32_t canonical_id(ArchId arch) const override {
    return canonical_id_[arch];
  }
  [[nodiscard]] std::uint32_t num_canonical_ids() const override { return num_canonical_; }
  [[nodiscard]] std::size_t path_encoding_size() const override;
  void neighbours(ArchId arch, std::vector<ArchId>& out) const override;
  [[nodiscard]] ArchId sample(Rng& rng) const override;
  [[nodiscard]] ArchId mutate(ArchId arch, Rng& rng) const override;
  void path_encoding(ArchId arch, std::span<float> out) const override;

  /// The cell of an index. @throws ConfigError when out of range.
  [[nodiscard]] Nb201Cell cell(ArchId arch) const;
  /// Index of a cell.
  [[nodiscard]] ArchId index_of(const Nb201Cell& cell) const { return code_to_index_[cell.code()]; }

 private:
  // 16-bit tables (15625 < 2^16): 31 KB each, so mutate() and the evaluator's columns stay in
  // the core's cache together.
  std::vector<std::uint16_t> index_to_code_;
  std::vector<std::uint16_t> code_to_index_;
  std::vector<std::uint32_t> canonical_id_;
  std::uint32_t num_canonical_ = 0;
};

}  // namespace tabnas::nb201
