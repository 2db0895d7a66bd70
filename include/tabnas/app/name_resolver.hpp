#pragma once
/// @file Resolves user-given dataset / split / fidelity / metric names against what a store
/// holds, with aliases, and explains what is allowed when a name is wrong.
#include <string>
#include <vector>

#include "tabnas/store/store.hpp"

namespace tabnas {

class NameResolver {
 public:
  /// @param columns the store's columns of one space.
  NameResolver(std::string space, std::vector<ColumnSummary> columns);

  /// Canonical dataset name for `name` (case-insensitive; aliases: imagenet, imagenet16,
  /// imagenet16-120 -> ImageNet16-120). @throws ConfigError listing the datasets present.
  [[nodiscard]] std::string dataset(const std::string& name, const std::string& where) const;
  /// Canonical key; each component is checked in turn and a wrong one is reported with the
  /// values allowed for it. Fidelity aliases: "12" -> "hp12", "200" -> "hp200".
  [[nodiscard]] MetricKey key(const std::string& dataset, const std::string& split,
                              const std::string& fidelity, const std::string& metric,
                              const std::string& where) const;

 private:
  std::string space_;
  std::vector<ColumnSummary> columns_;
};

}  // namespace tabnas
