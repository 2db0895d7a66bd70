#pragma once
/// @file Algorithm parameters: declared specs with defaults; unknown keys are rejected.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tabnas {

enum class ParamType { kInt, kDouble, kBool, kString };

/// Declaration of one parameter.
struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kInt;
  nlohmann::json default_value;
  std::string help;
  double min = -1e300;  ///< inclusive bounds for numbers
  double max = 1e300;
};

/// Validated parameter values of one algorithm instance.
class Params {
 public:
  /// Checks `given` (a JSON object or null) against `specs` and fills defaults.
  /// @param where JSON path used in error messages, e.g. "algorithms[1].params".
  /// @throws ConfigError naming the key and the allowed keys / type / range.
  Params(const std::string& algorithm, const std::vector<ParamSpec>& specs,
         const nlohmann::json& given, const std::string& where);

  [[nodiscard]] long long get_int(const std::string& name) const;
  [[nodiscard]] double get_double(const std::string& name) const;
  [[nodiscard]] bool get_bool(const std::string& name) const;
  [[nodiscard]] std::string get_string(const std::string& name) const;
  /// All values (defaults filled), keys in declaration order.
  [[nodiscard]] const nlohmann::ordered_json& values() const noexcept { return values_; }

 private:
  const nlohmann::ordered_json& at(const std::string& name) const;
  std::string algorithm_;
  nlohmann::ordered_json values_;
};

/// Name of a type ("int", "double", "bool", "string").
const char* param_type_name(ParamType t);

}  // namespace tabnas
