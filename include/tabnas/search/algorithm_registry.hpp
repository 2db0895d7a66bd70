#pragma once
/// @file The registered search algorithms (their classes are listed in algorithm_list.hpp).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tabnas/search/algorithm.hpp"
#include "tabnas/search/params.hpp"

namespace tabnas {

/// Everything the runner and `tabnas list algorithms` know about one algorithm.
struct AlgorithmInfo {
  std::string name;         ///< = file stem = CLI name
  std::string description;  ///< one line
  std::string citation;     ///< the paper it implements
  std::string deviation;    ///< stated deviation from the paper ("" if none)
  Capabilities capabilities;
  std::vector<ParamSpec> params;
  std::function<std::unique_ptr<Algorithm>(const Params&)> make;
};

/// All registered algorithms, in registration order.
const std::vector<AlgorithmInfo>& algorithm_registry();
/// The algorithm called `name`. @throws ConfigError listing the registered names.
const AlgorithmInfo& find_algorithm(const std::string& name, const std::string& where);

}  // namespace tabnas
