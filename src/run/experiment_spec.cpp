#include "tabnas/run/experiment_spec.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "tabnas/core/errors.hpp"
#include "tabnas/search/algorithm_registry.hpp"

namespace tabnas {

namespace {

using Json = nlohmann::ordered_json;

void check_keys(const Json& j, const std::string& where, const std::set<std::string>& allowed) {
  if (!j.is_object()) throw ConfigError(where + ": expected a JSON object, got " + j.dump());
  for (const auto& [k, v] : j.items()) {
    if (allowed.count(k) == 0) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      throw ConfigError(where + "." + k + ": unknown field (allowed: " + list + ")");
    }
  }
}

const Json& need(const Json& j, const std::string& key, const std::string& where) {
  if (!j.contains(key)) throw ConfigError(where + "." + key + ": required field is missing");
  return j.at(key);
}

std::string need_string(const Json& j, const std::string& key, const std::string& where) {
  const Json& v = need(j, key, where);
  if (!v.is_string() || v.get<std::string>().empty()) {
    throw ConfigError(where + "." + key + ": expected a non-empty string, got " + v.dump());
  }
  return v.get<std::string>();
}

SignalSpec parse_signal(const Json& j, const std::string& where) {
  check_keys(j, where, {"split", "fidelity", "metric", "seed_policy", "fixed_run", "maximize"});
  SignalSpec s;
  s.split = need_string(j, "split", where);
  s.fidelity = need_string(j, "fidelity", where);
  if (j.contains("metric")) s.metric = need_string(j, "metric", where);
  if (j.contains("seed_policy")) {
    s.policy = parse_seed_policy(need_string(j, "seed_policy", where), where + ".seed_policy");
  }
  if (j.contains("fixed_run")) {
    const Json& v = j.at("fixed_run");
    if (!v.is_number_unsigned()) {
      throw ConfigError(where + ".fixed_run: expected a run index >= 0, got " + v.dump());
    }
    s.fixed_run = v.get<std::uint32_t>();
  }
  if (j.contains("maximize")) {
    if (!j.at("maximize").is_boolean()) {
      throw ConfigError(where + ".maximize: expected true or false, got " + j.at("maximize").dump());
    }
    s.maximize = j.at("maximize").get<bool>();
  }
  return s;
}

}  // namespace

ExperimentSpec ExperimentSpec::from_json(const Json& j, const std::string& file) {
  const std::string root = file + ": $";
  check_keys(j, root,
             {"name", "benchmark", "dataset", "datasets", "search", "report", "budget", "seeds",
              "master_seed", "algorithms", "description"});
  ExperimentSpec s;
  s.source = j;
  s.name = need_string(j, "name", root);
  for (const char c : s.name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) {
      throw ConfigError(root + ".name: '" + s.name +
                        "' may only contain letters, digits, '_', '-' and '.'");
    }
  }
  s.benchmark = need_string(j, "benchmark", root);
  if (j.contains("dataset") == j.contains("datasets")) {
    throw ConfigError(root + ": give exactly one of 'dataset' (string) or 'datasets' (array)");
  }
  if (j.contains("dataset")) {
    s.datasets.push_back(need_string(j, "dataset", root));
  } else {
    const Json& d = j.at("datasets");
    if (!d.is_array() || d.empty()) {
      throw ConfigError(root + ".datasets: expected a non-empty array of dataset names");
    }
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (!d[i].is_string()) {
        throw ConfigError(root + ".datasets[" + std::to_string(i) + "]: expected a string");
      }
      s.datasets.push_back(d[i].get<std::string>());
    }
  }
  s.search = parse_signal(need(j, "search", root), root + ".search");
  s.report = parse_signal(need(j, "report", root), root + ".report");

  const Json& budget = need(j, "budget", root);
  check_keys(budget, root + ".budget", {"queries", "seconds"});
  if (budget.contains("seconds")) {
    throw ConfigError(root + ".budget.seconds: budgets in simulated seconds need training times, "
                             "which the NB201 CSV tables do not have; use budget.queries");
  }
  const Json& q = need(budget, "queries", root + ".budget");
  if (!q.is_number_integer() || q.get<long long>() <= 0) {
    throw ConfigError(root + ".budget.queries: must be an integer > 0, got " + q.dump());
  }
  s.budget_queries = q.get<std::uint64_t>();

  const Json& seeds = need(j, "seeds", root);
  if (seeds.is_array()) {
    for (std::size_t i = 0; i < seeds.size(); ++i) {
      if (!seeds[i].is_number_integer()) {
        throw ConfigError(root + ".seeds[" + std::to_string(i) + "]: expected an integer");
      }
      s.seeds.push_back(seeds[i].get<std::int64_t>());
    }
  } else if (seeds.is_object()) {
    check_keys(seeds, root + ".seeds", {"count", "start"});
    const Json& count = need(seeds, "count", root + ".seeds");
    if (!count.is_number_integer() || count.get<long long>() <= 0) {
      throw ConfigError(root + ".seeds.count: must be an integer > 0, got " + count.dump());
    }
    std::int64_t start = 0;
    if (seeds.contains("start")) {
      if (!seeds.at("start").is_number_integer()) {
        throw ConfigError(root + ".seeds.start: expected an integer");
      }
      start = seeds.at("start").get<std::int64_t>();
    }
    for (long long i = 0; i < count.get<long long>(); ++i) s.seeds.push_back(start + i);
  } else {
    throw ConfigError(root + ".seeds: expected an array of integers or {\"count\": N, \"start\": S}");
  }
  if (s.seeds.empty()) throw ConfigError(root + ".seeds: no seeds given");
  std::set<std::int64_t> unique_seeds(s.seeds.begin(), s.seeds.end());
  if (unique_seeds.size() != s.seeds.size()) throw ConfigError(root + ".seeds: seeds repeat");

  if (j.contains("master_seed")) {
    if (!j.at("master_seed").is_number_unsigned()) {
      throw ConfigError(root + ".master_seed: expected an integer >= 0");
    }
    s.master_seed = j.at("master_seed").get<std::uint64_t>();
  }

  const Json& algos = need(j, "algorithms", root);
  if (!algos.is_array() || algos.empty()) {
    throw ConfigError(root + ".algorithms: expected a non-empty array");
  }
  std::set<std::string> labels;
  for (std::size_t i = 0; i < algos.size(); ++i) {
    const std::string where = root + ".algorithms[" + std::to_string(i) + "]";
    const Json& a = algos[i];
    AlgorithmEntry e;
    if (a.is_string()) {
      e.name = a.get<std::string>();
    } else {
      check_keys(a, where, {"name", "label", "params"});
      e.name = need_string(a, "name", where);
      if (a.contains("label")) e.label = need_string(a, "label", where);
      if (a.contains("params")) e.params = nlohmann::json::parse(a.at("params").dump());
    }
    if (e.label.empty()) e.label = e.name;
    const AlgorithmInfo& info = find_algorithm(e.name, where + ".name");
    Params validated(e.name, info.params, e.params, where + ".params");  // throws on bad keys
    if (!labels.insert(e.label).second) {
      throw ConfigError(where + ".label: '" + e.label +
                        "' is used twice; give each entry a unique label");
    }
    s.algorithms.push_back(std::move(e));
  }
  return s;
}

ExperimentSpec ExperimentSpec::from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot open experiment spec '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  Json j;
  try {
    j = Json::parse(ss.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw ConfigError(path + ": invalid JSON: " + e.what());
  }
  return from_json(j, path);
}

}  // namespace tabnas
