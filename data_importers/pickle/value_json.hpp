#pragma once
/// @file The "inspect JSON" form of a Value (documented in docs/inspect_json.md).
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "pickle/value.hpp"

namespace tabnas::pickle {

/// Default cap on the number of Values rendered by to_inspect_json (memo sharing can make a
/// small pickle describe an exponentially large tree).
inline constexpr std::size_t kInspectDefaultMaxNodes = 10'000'000;

/// Converts a Value to its unambiguous JSON form (docs/inspect_json.md): str -> string,
/// int -> number or {"$int": "decimal"}, float -> number or {"$float": "nan"|"inf"|"-inf"},
/// list -> array, tuple/set/frozenset -> {"$tuple"|"$set"|"$frozenset": [...]} (set elements
/// sorted by inspect_sort_key), dict -> object when every key is a str not starting with '$',
/// else {"$dict": [[k, v], ...]}, bytes/bytearray -> {"$bytes"|"$bytearray": "hex"},
/// ndarray -> {"$ndarray": {...}}, globals and opaque calls -> {"$global": ...}/{"$call": ...}.
/// @param max_depth containers nested deeper than this are replaced by {"$truncated": n};
///        negative = no limit (an internal cap of 20000 levels still applies)
/// @param max_items containers show at most this many elements, then {"$truncated": rest};
///        negative = no limit
/// @param max_nodes total number of Values rendered; beyond it containers become truncated
[[nodiscard]] nlohmann::ordered_json to_inspect_json(
    const Value& value, int max_depth = -1, int max_items = -1,
    std::size_t max_nodes = kInspectDefaultMaxNodes);

/// Canonical text of a JSON value used to order set elements; identical to the Python
/// reference (tests/fixtures/pickle_json_form.py): null "N", true "T", false "F",
/// integer "I<decimal>", float "D<%.17g>", string "S<json.dumps with ensure_ascii>",
/// array "[k1,k2]", object "{<json key>:k,...}".
[[nodiscard]] std::string inspect_sort_key(const nlohmann::ordered_json& j);

}  // namespace tabnas::pickle
