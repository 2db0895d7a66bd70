#include "csv/csv_mapping.hpp"

#include <set>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {

// The data directory's flat NB201 tables (../shared/data/README.md). Split names follow the
// canonical mapping of docs/splits.md: cifar10-valid x-valid -> valid, ori-test -> test;
// cifar10 ori-test -> test; cifar100 / ImageNet16-120 x-valid -> valid, x-test -> test,
// ori-test -> valtest.
const char* const kBuiltin = R"JSON([
{"name": "nb201_hp12_accuracy", "space": "nb201", "index_column": "index",
 "arch_column": "arch_str", "values": [
  {"column": "cifar10_ori_test", "dataset": "cifar10", "split": "test", "source_split": "ori-test", "fidelity": "hp12", "metric": "accuracy", "run": -1},
  {"column": "cifar10_valid_x_valid", "dataset": "cifar10-valid", "split": "valid", "source_split": "x-valid", "fidelity": "hp12", "metric": "accuracy", "run": -1},
  {"column": "cifar100_x_test", "dataset": "cifar100", "split": "test", "source_split": "x-test", "fidelity": "hp12", "metric": "accuracy", "run": -1},
  {"column": "cifar100_x_valid", "dataset": "cifar100", "split": "valid", "source_split": "x-valid", "fidelity": "hp12", "metric": "accuracy", "run": -1},
  {"column": "imagenet16_120_x_test", "dataset": "ImageNet16-120", "split": "test", "source_split": "x-test", "fidelity": "hp12", "metric": "accuracy", "run": -1},
  {"column": "imagenet16_120_x_valid", "dataset": "ImageNet16-120", "split": "valid", "source_split": "x-valid", "fidelity": "hp12", "metric": "accuracy", "run": -1}]},
{"name": "nb201_mini_bench_hp12", "space": "nb201", "index_column": "arch",
 "arch_column": "cellstr", "values": [
  {"column": "cifar10-test", "dataset": "cifar10", "split": "test", "source_split": "ori-test", "fidelity": "hp12", "metric": "accuracy", "run": -1},
  {"column": "cifar10-val", "dataset": "cifar10-valid", "split": "valid", "source_split": "x-valid", "fidelity": "hp12", "metric": "accuracy", "run": -1},
  {"column": "cifar100-test", "dataset": "cifar100", "split": "test", "source_split": "x-test", "fidelity": "hp12", "metric": "accuracy", "run": -1},
  {"column": "cifar100-val", "dataset": "cifar100", "split": "valid", "source_split": "x-valid", "fidelity": "hp12", "metric": "accuracy", "run": -1},
  {"column": "imagenet-test", "dataset": "ImageNet16-120", "split": "test", "source_split": "x-test", "fidelity": "hp12", "metric": "accuracy", "run": -1},
  {"column": "imagenet-val", "dataset": "ImageNet16-120", "split": "valid", "source_split": "x-valid", "fidelity": "hp12", "metric": "accuracy", "run": -1}]},
{"name": "nb201_hp200_xvalid_runs", "space": "nb201", "index_column": "index",
 "arch_column": "arch_str", "dataset_column": "dataset", "values": [
  {"column": "run1", "split": "valid", "source_split": "x-valid", "fidelity": "hp200", "metric": "accuracy", "run": 0},
  {"column": "run2", "split": "valid", "source_split": "x-valid", "fidelity": "hp200", "metric": "accuracy", "run": 1},
  {"column": "run3", "split": "valid", "source_split": "x-valid", "fidelity": "hp200", "metric": "accuracy", "run": 2}]}
])JSON";

std::string str_field(const nlohmann::json& j, const char* key, const std::string& where,
                      bool required) {
  if (!j.contains(key)) {
    if (required) throw ConfigError(where + "." + key + ": required field is missing");
    return {};
  }
  if (!j.at(key).is_string()) throw ConfigError(where + "." + key + ": expected a string");
  return j.at(key).get<std::string>();
}

}  // namespace

CsvMapping CsvMapping::from_json(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) throw ConfigError(where + ": expected a JSON object");
  CsvMapping m;
  m.name = str_field(j, "name", where, false);
  m.space = str_field(j, "space", where, true);
  m.index_column = str_field(j, "index_column", where, true);
  m.arch_column = str_field(j, "arch_column", where, false);
  m.dataset_column = str_field(j, "dataset_column", where, false);
  if (!j.contains("values") || !j.at("values").is_array() || j.at("values").empty()) {
    throw ConfigError(where + ".values: expected a non-empty array");
  }
  static const std::set<std::string> kSplits = {"train", "valid", "test", "valtest"};
  for (std::size_t i = 0; i < j.at("values").size(); ++i) {
    const auto& v = j.at("values")[i];
    const std::string w = where + ".values[" + std::to_string(i) + "]";
    CsvValueColumn c;
    c.column = str_field(v, "column", w, true);
    c.dataset = str_field(v, "dataset", w, m.dataset_column.empty());
    c.split = str_field(v, "split", w, true);
    if (kSplits.count(c.split) == 0) {
      throw ConfigError(w + ".split: '" + c.split +
                        "' is not a canonical split (allowed: train, valid, test, valtest)");
    }
    c.source_split = str_field(v, "source_split", w, false);
    c.fidelity = str_field(v, "fidelity", w, true);
    c.metric = str_field(v, "metric", w, true);
    if (v.contains("run")) {
      if (!v.at("run").is_number_integer() || v.at("run").get<int>() < -1) {
        throw ConfigError(w + ".run: expected -1 (seed-mean) or a run index >= 0");
      }
      c.run = v.at("run").get<int>();
    }
    m.values.push_back(c);
  }
  return m;
}

nlohmann::json CsvMapping::builtin_json() { return nlohmann::json::parse(kBuiltin); }

std::vector<std::string> CsvMapping::builtin_names() {
  std::vector<std::string> out;
  for (const auto& j : builtin_json()) out.push_back(j.at("name").get<std::string>());
  return out;
}

std::optional<CsvMapping> CsvMapping::builtin_for_header(const std::vector<std::string>& header) {
  for (const auto& j : builtin_json()) {
    CsvMapping m = from_json(j, "builtin mapping");
    std::vector<std::string> expected = {m.index_column};
    if (!m.arch_column.empty()) expected.push_back(m.arch_column);
    if (!m.dataset_column.empty()) expected.push_back(m.dataset_column);
    for (const auto& v : m.values) expected.push_back(v.column);
    std::multiset<std::string> a(expected.begin(), expected.end());
    std::multiset<std::string> b(header.begin(), header.end());
    if (a == b) return m;
  }
  return std::nullopt;
}

}  // namespace tabnas
