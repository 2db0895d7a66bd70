#include "tabnas/app/space_registry.hpp"

#include "nb201/nb201_space.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas {

std::vector<std::string> known_spaces() { return {"nb201"}; }

std::shared_ptr<const SearchSpace> make_space(const std::string& name,
                                              const std::vector<std::string>& arch_strings) {
  if (name == "nb201") return std::make_shared<const nb201::Nb201Space>(arch_strings);
  throw ConfigError("unknown search space '" + name + "' (known: nb201)");
}

}  // namespace tabnas
