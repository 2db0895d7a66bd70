#pragma once
/// @file Immutable in-memory benchmark: a search space plus the metric columns an experiment
/// needs. Loaded once, shared read-only by every run thread; never touches SQLite afterwards.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tabnas/eval/metric_column.hpp"
#include "tabnas/space/search_space.hpp"
#include "tabnas/store/store.hpp"

namespace tabnas {

/// A per-architecture quantity that is free to look up (params, FLOPs, a device latency);
/// NaN where unknown. Named "<quantity>@<dataset>", e.g. "params@cifar10-valid".
struct ArchScalar {
  std::string name;
  std::string unit;
  std::vector<double> values;
};

class Benchmark {
 public:
  Benchmark(std::string space_name, std::shared_ptr<const SearchSpace> space,
            std::vector<MetricColumn> columns, std::vector<ColumnSummary> available,
            std::vector<ArchScalar> scalars = {});

  /// Loads `keys` of `space_name` from the store (names already canonical, see NameResolver).
  /// @param space the search space built from the store's arch list (see SpaceRegistry).
  /// @throws ConfigError when a column is absent (listing the available ones).
  static std::shared_ptr<const Benchmark> load(Store& store, const std::string& space_name,
                                               std::shared_ptr<const SearchSpace> space,
                                               const std::vector<MetricKey>& keys,
                                               std::vector<ArchScalar> scalars = {});

  [[nodiscard]] const std::string& space_name() const noexcept { return space_name_; }
  [[nodiscard]] const SearchSpace& space() const noexcept { return *space_; }
  [[nodiscard]] std::shared_ptr<const SearchSpace> space_ptr() const noexcept { return space_; }
  /// The loaded column with this key. @throws ConfigError listing the loaded keys.
  [[nodiscard]] const MetricColumn& column(const MetricKey& key) const;
  /// The scalar called `name`. @throws ConfigError listing the loaded ones.
  [[nodiscard]] const ArchScalar& scalar(const std::string& name) const;
  /// All columns present in the store for this space (loaded or not).
  [[nodiscard]] const std::vector<ColumnSummary>& available() const noexcept { return available_; }

 private:
  std::string space_name_;
  std::shared_ptr<const SearchSpace> space_;
  std::vector<MetricColumn> columns_;
  std::vector<ColumnSummary> available_;
  std::vector<ArchScalar> scalars_;
};

}  // namespace tabnas
