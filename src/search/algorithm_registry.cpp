#include "tabnas/search/algorithm_registry.hpp"

#include "tabnas/core/errors.hpp"
#include "tabnas/search/algorithm_list.hpp"

namespace tabnas {

namespace {

template <typename... A>
std::vector<AlgorithmInfo> infos_of(AlgorithmTypes<A...> /*list*/) {
  return {A::info()...};
}

}  // namespace

const std::vector<AlgorithmInfo>& algorithm_registry() {
  static const std::vector<AlgorithmInfo> kRegistry = infos_of(RegisteredAlgorithms{});
  return kRegistry;
}

const AlgorithmInfo& find_algorithm(const std::string& name, const std::string& where) {
  for (const auto& a : algorithm_registry()) {
    if (a.name == name) return a;
  }
  std::string names;
  for (const auto& a : algorithm_registry()) names += (names.empty() ? "" : ", ") + a.name;
  throw ConfigError(where + ": unknown algorithm '" + name + "' (registered: " + names + ")");
}

}  // namespace tabnas
