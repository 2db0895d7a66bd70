#pragma once
/// @file Search spaces known to tabnas, built from the arch list a store holds.
#include <memory>
#include <string>
#include <vector>

#include "tabnas/space/search_space.hpp"

namespace tabnas {

/// Names of the known spaces.
std::vector<std::string> known_spaces();
/// Builds space `name` from its arch strings (index order).
/// @throws ConfigError for an unknown name (listing the known ones), DataError for a bad list.
std::shared_ptr<const SearchSpace> make_space(const std::string& name,
                                              const std::vector<std::string>& arch_strings);

}  // namespace tabnas
