#include "tabnas/run/experiment_spec.hpp"

#include <cmath>
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
      throw ConfigError(where + ".maximize: expected true or false, got " +
                        j.at("maximize").dump());
    }
    s.maximize = j.at("maximize").get<bool>();
  }
  return s;
}

ArchQuantitySpec parse_quantity(const Json& j, const std::string& where, bool constraint) {
  std::set<std::string> allowed = {"kind", "device", "metric", "batch"};
  if (constraint) allowed.insert("max");
  check_keys(j, where, allowed);
  ArchQuantitySpec q;
  // "kind" may be left out when a "device" is given: {"metric": "latency", "device": "pixel3"}.
  q.kind = !j.contains("kind") && j.contains("device") ? "hw" : need_string(j, "kind", where);
  if (q.kind != "params" && q.kind != "flops" && q.kind != "hw") {
    throw ConfigError(where + ".kind: '" + q.kind + "' (allowed: params, flops, hw)");
  }
  if (q.kind == "hw") {
    q.device = need_string(j, "device", where);
    if (j.contains("metric")) q.metric = need_string(j, "metric", where);
    if (j.contains("batch")) {
      if (!j.at("batch").is_number_integer() || j.at("batch").get<int>() < 1) {
        throw ConfigError(where + ".batch: expected an integer >= 1");
      }
      q.batch = j.at("batch").get<int>();
    }
  } else if (j.contains("device") || j.contains("metric") || j.contains("batch")) {
    throw ConfigError(where + ": device, metric and batch only apply to kind 'hw'");
  }
  if (constraint) {
    const Json& m = need(j, "max", where);
    if (!m.is_number()) throw ConfigError(where + ".max: expected a number");
    q.max = m.get<double>();
  }
  return q;
}

}  // namespace

std::string_view budget_unit_name(BudgetUnit unit) {
  switch (unit) {
    case BudgetUnit::kQueries:
      return "queries";
    case BudgetUnit::kEpochs:
      return "epochs";
    case BudgetUnit::kSeconds:
      return "estimated_seconds";
  }
  return "queries";
}

std::string ArchQuantitySpec::name() const {
  if (kind != "hw") return kind;
  return "hw:" + device + ":" + metric + ":b" + std::to_string(batch);
}

ExperimentSpec ExperimentSpec::from_json(const Json& j, const std::string& file) {
  const std::string root = file + ": $";
  check_keys(j, root,
             {"name", "benchmark", "dataset", "datasets", "search", "report", "budget", "seeds",
              "master_seed", "algorithms", "description", "workers", "fidelities", "objectives",
              "constraints", "reference_point"});
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
  check_keys(budget, root + ".budget", {"queries", "epochs", "seconds"});
  if (budget.size() != 1) {
    throw ConfigError(root + ".budget: give exactly one of queries, epochs or seconds");
  }
  if (budget.contains("seconds")) {
    const Json& sec = budget.at("seconds");
    if (!sec.is_number() || !(sec.get<double>() > 0.0) || !std::isfinite(sec.get<double>())) {
      throw ConfigError(root +
                        ".budget.seconds: must be a number > 0 (simulated seconds, "
                        "estimated by the benchmark's training time model), got " +
                        sec.dump());
    }
    s.budget_seconds = sec.get<double>();
    s.budget_unit = BudgetUnit::kSeconds;
  } else {
    const std::string unit = budget.contains("queries") ? "queries" : "epochs";
    const Json& q = budget.at(unit);
    if (!q.is_number_integer() || q.get<long long>() <= 0) {
      throw ConfigError(root + ".budget." + unit + ": must be an integer > 0, got " + q.dump());
    }
    s.budget_queries = q.get<std::uint64_t>();
    s.budget_unit = unit == "queries" ? BudgetUnit::kQueries : BudgetUnit::kEpochs;
  }

  if (j.contains("workers")) {
    const Json& w = j.at("workers");
    if (!w.is_number_integer() || w.get<long long>() < 1 || w.get<long long>() > 4096) {
      throw ConfigError(root + ".workers: must be an integer in [1, 4096], got " + w.dump());
    }
    s.workers = w.get<std::uint32_t>();
  }
  if (j.contains("fidelities")) {
    const Json& f = j.at("fidelities");
    if (!f.is_array() || f.empty()) {
      throw ConfigError(root + ".fidelities: expected a non-empty array, lowest fidelity first");
    }
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (!f[i].is_string()) {
        throw ConfigError(root + ".fidelities[" + std::to_string(i) + "]: expected a string");
      }
      s.fidelities.push_back(f[i].get<std::string>());
    }
    if (s.fidelities.back() != s.search.fidelity) {
      throw ConfigError(root +
                        ".fidelities: the last (full) fidelity must equal search.fidelity ('" +
                        s.search.fidelity + "')");
    }
  } else {
    s.fidelities.push_back(s.search.fidelity);
  }
  if (s.budget_unit != BudgetUnit::kQueries) {
    for (const auto& f : s.fidelities) {
      if (f.size() < 3 || f.rfind("hp", 0) != 0 ||
          f.find_first_not_of("0123456789", 2) != std::string::npos) {
        throw ConfigError(
            root + ".budget." + (s.budget_unit == BudgetUnit::kEpochs ? "epochs" : "seconds") +
            ": fidelity '" + f + "' has no epoch count (expected names like hp12, hp200)");
      }
    }
  }
  for (const char* key : {"objectives", "constraints"}) {
    if (!j.contains(key)) continue;
    const Json& arr = j.at(key);
    if (!arr.is_array()) throw ConfigError(root + "." + key + ": expected an array");
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string w = root + "." + key + "[" + std::to_string(i) + "]";
      const bool constraint = std::string(key) == "constraints";
      (constraint ? s.constraints : s.objectives).push_back(parse_quantity(arr[i], w, constraint));
    }
  }
  if (j.contains("reference_point")) {
    const Json& r = j.at("reference_point");
    if (!r.is_array() || r.size() != 1 + s.objectives.size()) {
      throw ConfigError(root + ".reference_point: expected " +
                        std::to_string(1 + s.objectives.size()) +
                        " numbers (one per objective, minimised; the search signal enters as "
                        "-value when maximised)");
    }
    for (const auto& v : r) {
      if (!v.is_number()) throw ConfigError(root + ".reference_point: expected numbers");
      s.reference_point.push_back(v.get<double>());
    }
  }

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
    throw ConfigError(root +
                      ".seeds: expected an array of integers or {\"count\": N, \"start\": S}");
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
    if (info.capabilities.multi_objective && s.objectives.empty()) {
      throw ConfigError(where + ".name: '" + e.name +
                        "' is multi-objective; add at least one entry to $.objectives");
    }
    if (!info.capabilities.multi_objective && !s.objectives.empty()) {
      throw ConfigError(where + ".name: '" + e.name +
                        "' is single-objective but $.objectives is set (use a multi-objective "
                        "algorithm or drop $.objectives)");
    }
    if (info.capabilities.requires_constraints && s.constraints.empty()) {
      throw ConfigError(where + ".name: '" + e.name +
                        "' needs a constraint (its target comes from the first entry of "
                        "$.constraints, e.g. {\"device\": \"pixel3\", \"metric\": \"latency\", "
                        "\"max\": 5.0})");
    }
    if (info.capabilities.multi_fidelity && s.fidelities.size() < 2) {
      throw ConfigError(where + ".name: '" + e.name +
                        "' is multi-fidelity; list at least two fidelities in $.fidelities");
    }
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
