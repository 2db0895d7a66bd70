#include "tabnas/search/params.hpp"

#include <cmath>

#include "tabnas/core/errors.hpp"

namespace tabnas {

const char* param_type_name(ParamType t) {
  switch (t) {
    case ParamType::kInt:
      return "int";
    case ParamType::kDouble:
      return "double";
    case ParamType::kBool:
      return "bool";
    case ParamType::kString:
      return "string";
  }
  return "?";
}

Params::Params(const std::string& algorithm, const std::vector<ParamSpec>& specs,
               const nlohmann::json& given, const std::string& where)
    : algorithm_(algorithm), values_(nlohmann::ordered_json::object()) {
  if (!given.is_null() && !given.is_object()) {
    throw ConfigError(where + ": parameters of '" + algorithm + "' must be a JSON object");
  }
  std::string allowed;
  for (const auto& s : specs) allowed += (allowed.empty() ? "" : ", ") + s.name;
  if (allowed.empty()) allowed = "none";
  if (given.is_object()) {
    for (const auto& [key, value] : given.items()) {
      const ParamSpec* spec = nullptr;
      for (const auto& s : specs) {
        if (s.name == key) spec = &s;
      }
      if (spec == nullptr) {
        throw ConfigError(where + "." + key + ": unknown parameter of '" + algorithm +
                          "' (allowed: " + allowed + ")");
      }
    }
  }
  for (const auto& s : specs) {
    const nlohmann::json v = (given.is_object() && given.contains(s.name)) ? given.at(s.name)
                                                                          : s.default_value;
    const std::string path = where + "." + s.name;
    const auto type_error = [&]() {
      throw ConfigError(path + ": expected " + param_type_name(s.type) + ", got " + v.dump());
    };
    switch (s.type) {
      case ParamType::kInt: {
        if (!v.is_number_integer()) type_error();
        const auto x = v.get<long long>();
        if (static_cast<double>(x) < s.min || static_cast<double>(x) > s.max) {
          throw ConfigError(path + ": " + std::to_string(x) + " out of range [" +
                            std::to_string(static_cast<long long>(s.min)) + ", " +
                            std::to_string(static_cast<long long>(s.max)) + "]");
        }
        values_[s.name] = x;
        break;
      }
      case ParamType::kDouble: {
        if (!v.is_number()) type_error();
        const auto x = v.get<double>();
        if (!std::isfinite(x) || x < s.min || x > s.max) {
          throw ConfigError(path + ": " + v.dump() + " out of range [" + std::to_string(s.min) +
                            ", " + std::to_string(s.max) + "]");
        }
        values_[s.name] = x;
        break;
      }
      case ParamType::kBool:
        if (!v.is_boolean()) type_error();
        values_[s.name] = v.get<bool>();
        break;
      case ParamType::kString:
        if (!v.is_string()) type_error();
        values_[s.name] = v.get<std::string>();
        break;
    }
  }
}

const nlohmann::ordered_json& Params::at(const std::string& name) const {
  if (!values_.contains(name)) {
    throw InternalError("algorithm '" + algorithm_ + "' read undeclared parameter '" + name + "'");
  }
  return values_.at(name);
}

long long Params::get_int(const std::string& name) const { return at(name).get<long long>(); }
double Params::get_double(const std::string& name) const { return at(name).get<double>(); }
bool Params::get_bool(const std::string& name) const { return at(name).get<bool>(); }
std::string Params::get_string(const std::string& name) const {
  return at(name).get<std::string>();
}

}  // namespace tabnas
