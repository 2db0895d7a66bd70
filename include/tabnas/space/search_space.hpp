#pragma once
/// @file Abstract search space: what search algorithms may know about architectures.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tabnas/core/rng.hpp"

namespace tabnas {

/// Dense architecture id: 0 .. SearchSpace::size()-1 (for NB201, the official index).
using ArchId = std::uint32_t;

/// A finite search space of architectures described by categorical decision variables.
///
/// Every architecture is a vector of `num_variables()` choices (for NB201: the op id of each of
/// the 6 edges). Algorithms use only this interface, never storage.
class SearchSpace {
 public:
  virtual ~SearchSpace() = default;

  /// Short name of the space, e.g. "nb201".
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// Number of architectures.
  [[nodiscard]] virtual ArchId size() const = 0;
  /// Number of categorical decision variables.
  [[nodiscard]] virtual std::size_t num_variables() const = 0;
  /// Number of choices of variable `var`.
  [[nodiscard]] virtual std::size_t num_choices(std::size_t var) const = 0;
  /// Writes the choice vector of `arch` into `out` (size num_variables()).
  virtual void decode(ArchId arch, std::span<std::uint8_t> out) const = 0;
  /// Architecture with the given choice vector. @throws ConfigError on an invalid vector.
  [[nodiscard]] virtual ArchId encode(std::span<const std::uint8_t> choices) const = 0;
  /// Human-readable arch string (for NB201 the official cell string).
  [[nodiscard]] virtual std::string arch_string(ArchId arch) const = 0;
  /// Parses an arch string. @throws ConfigError naming the string and what is allowed.
  [[nodiscard]] virtual ArchId parse(std::string_view text) const = 0;
  /// Canonical id: architectures computing the same function share one id.
  [[nodiscard]] virtual std::uint32_t canonical_id(ArchId arch) const = 0;
  /// Number of distinct canonical ids.
  [[nodiscard]] virtual std::uint32_t num_canonical_ids() const = 0;
  /// Length of the path encoding (White et al. 2021, BANANAS).
  [[nodiscard]] virtual std::size_t path_encoding_size() const = 0;
  /// Writes the path encoding of `arch` (0/1 entries) into `out` (size path_encoding_size()).
  virtual void path_encoding(ArchId arch, std::span<float> out) const = 0;

  /// Uniformly random architecture: uniform_index(size()). Spaces may override with a faster
  /// equivalent (same draw, same result).
  [[nodiscard]] virtual ArchId sample(Rng& rng) const;
  /// Number of one-variable mutations of any architecture.
  [[nodiscard]] std::size_t num_neighbours() const;
  /// All one-variable mutations of `arch`, in fixed order (variable, then choice).
  /// Spaces may override with a faster equivalent (same order).
  virtual void neighbours(ArchId arch, std::vector<ArchId>& out) const;
  /// One uniformly random one-variable mutation of `arch` (always differs from `arch`): draws
  /// k = uniform_index(num_neighbours()) and returns the k-th element of neighbours().
  /// Spaces may override with a faster equivalent (same draw, same result).
  [[nodiscard]] virtual ArchId mutate(ArchId arch, Rng& rng) const;
  /// Size of the one-hot encoding: sum of num_choices over variables.
  [[nodiscard]] std::size_t one_hot_size() const;
  /// Writes the one-hot encoding of `arch` into `out` (size one_hot_size()).
  void one_hot(ArchId arch, std::span<float> out) const;
};

}  // namespace tabnas
