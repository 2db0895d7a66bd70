#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>

#include "cli_context.hpp"
#include "nb201/nb201_network_cost.hpp"
#include "nb201/nb201_space.hpp"
#include "option_parsing.hpp"
#include "tabnas/app/name_resolver.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/core/text_format.hpp"
#include "tabnas/eval/benchmark.hpp"
#include "tabnas/eval/evaluator.hpp"
#include "tabnas/store/curve_file.hpp"
#include "tabnas/store/store.hpp"

namespace po = boost::program_options;

namespace tabnas::cli {

namespace {

/// Per-seed values of one architecture at one epoch, from the store's curves.
struct EpochValues {
  std::vector<std::int64_t> seeds;
  std::vector<double> values;  ///< per seed slot, NaN where missing
  std::uint64_t epochs = 0;
};

EpochValues curve_values(Store& store, const std::string& space, const MetricKey& key,
                         std::uint64_t arch, long epoch) {
  const auto loc = store.curve_location(space, key);
  if (!loc) {
    throw ConfigError("tabnas query --epoch: the store has no per-epoch curve for " + key.dataset +
                      "/" + key.split + "/" + key.fidelity + "/" + key.metric +
                      " (curves come from `tabnas import nats|nb201`; the CSV tables hold final "
                      "values only)");
  }
  const CurveFile file(loc->first, CurveFile::Mode::kRead);
  const CurveArray a = file.read_arch(loc->second, arch);
  EpochValues out;
  out.seeds = file.read_seeds(loc->second);
  out.epochs = a.shape[2];
  if (epoch < 0 || static_cast<std::uint64_t>(epoch) >= a.shape[2]) {
    throw ConfigError("tabnas query: --epoch " + std::to_string(epoch) + " outside 0.." +
                      std::to_string(a.shape[2] - 1) + " for fidelity " + key.fidelity);
  }
  for (std::uint64_t s = 0; s < a.shape[1]; ++s) {
    out.values.push_back(a.data[s * a.shape[2] + static_cast<std::uint64_t>(epoch)]);
  }
  return out;
}

/// mean: mean of the seeds with a value; fixed: the value of seed slot `slot`.
double combine(const EpochValues& v, const std::string& policy, unsigned slot) {
  if (policy == "fixed") {
    return slot < v.values.size() ? v.values[slot] : std::numeric_limits<double>::quiet_NaN();
  }
  double sum = 0.0;
  int n = 0;
  for (double x : v.values) {
    if (!std::isnan(x)) {
      sum += x;
      ++n;
    }
  }
  return n > 0 ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

/// `tabnas query --epoch E`: values from the curves, with the NATS valtest rule for a valid
/// split that has no value at E (docs/nats_import.md).
int run_epoch_query(CliContext& ctx, Store& store, const std::string& space_name,
                    const MetricKey& key, const po::variables_map& vm) {
  const long epoch = vm["epoch"].as<long>();
  const std::string policy = vm["seed-policy"].as<std::string>();
  if (policy != "mean" && policy != "fixed") {
    throw ConfigError("tabnas query --epoch: --seed-policy '" + policy +
                      "' not supported here (allowed: mean, fixed)");
  }
  const auto archs = store.arch_strings(space_name);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& a : vm["arch"].as<std::vector<std::string>>()) {
    std::uint64_t arch = 0;
    if (!a.empty() && std::all_of(a.begin(), a.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
      arch = std::stoull(a);
      if (arch >= archs.size()) {
        throw ConfigError("architecture index " + a + " out of range 0.." +
                          std::to_string(archs.size() - 1));
      }
    } else {
      const auto it = std::find(archs.begin(), archs.end(), a);
      if (it == archs.end()) {
        throw ConfigError("architecture '" + a + "' is not in space '" + space_name + "'");
      }
      arch = static_cast<std::uint64_t>(it - archs.begin());
    }
    EpochValues v = curve_values(store, space_name, key, arch, epoch);
    double value = combine(v, policy, vm["fixed-run"].as<unsigned>());
    std::string fallback;
    if (std::isnan(value) && key.split == "valid") {
      const MetricKey valtest{key.dataset, "valtest", key.fidelity, key.metric};
      if (store.curve_location(space_name, valtest)) {
        v = curve_values(store, space_name, valtest, arch, epoch);
        value = combine(v, policy, vm["fixed-run"].as<unsigned>());
        fallback = "valtest";
      }
    }
    nlohmann::ordered_json row;
    row["index"] = arch;
    row["arch"] = archs[arch];
    row["dataset"] = key.dataset;
    row["split"] = key.split;
    row["fidelity"] = key.fidelity;
    row["metric"] = key.metric;
    row["epoch"] = epoch;
    row["value"] =
        std::isnan(value) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
    if (!fallback.empty()) row["fallback"] = fallback;
    row["seeds"] = v.seeds;
    nlohmann::ordered_json runs = nlohmann::ordered_json::array();
    for (double x : v.values) {
      runs.push_back(std::isnan(x) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(x));
    }
    row["runs"] = runs;
    out.push_back(row);
  }
  if (ctx.json) {
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const auto& r : out) {
    std::cout << r["index"].get<std::uint64_t>() << "  " << r["arch"].get<std::string>() << "\n  "
              << key.dataset << "/" << key.split << "/" << key.fidelity << "/" << key.metric
              << " at epoch " << epoch << " (" << policy << "): "
              << (r["value"].is_null() ? std::string("missing")
                                       : format_double(r["value"].get<double>()));
    if (r.contains("fallback"))
      std::cout << "   (no valid value at this epoch: valtest, NATS rule)";
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

int run_query(CliContext& ctx, const std::vector<std::string>& args) {
  const std::string usage =
      "tabnas query --dataset D --split S --fidelity F [--metric M] [--seed-policy P] [--epoch E]\n"
      "             ARCH...\n"
      "  ARCH is an architecture index or arch string";
  po::options_description desc("query options");
  desc.add_options()("space", po::value<std::string>()->default_value("nb201"), "search space")(
      "dataset", po::value<std::string>()->required(), "dataset, e.g. cifar10-valid")(
      "split", po::value<std::string>()->default_value("valid"), "train, valid, test or valtest")(
      "fidelity", po::value<std::string>()->default_value("hp200"), "e.g. hp12, hp200")(
      "metric", po::value<std::string>()->default_value("accuracy"), "metric name")(
      "seed-policy", po::value<std::string>()->default_value("mean"), "mean, random or fixed")(
      "fixed-run", po::value<unsigned>()->default_value(0), "run slot for --seed-policy fixed")(
      "run-seed", po::value<unsigned long long>()->default_value(0),
      "run seed for --seed-policy random")(
      "epoch", po::value<long>(),
      "value at this epoch (0-based) from the per-epoch curves of `tabnas import nats|nb201`; "
      "a missing valid value falls back to valtest as in NATS-Bench")(
      "arch", po::value<std::vector<std::string>>(), "architectures");
  po::positional_options_description pos;
  pos.add("arch", -1);
  po::variables_map vm;
  if (!parse_command("query", usage, args, desc, pos, vm)) return 0;
  if (vm.count("arch") == 0U)
    throw ConfigError("tabnas query: give at least one ARCH (usage: " + usage + ")");
  const std::string space_name = vm["space"].as<std::string>();
  Store store(ctx.store_path, Store::Mode::kRead);
  std::vector<ColumnSummary> cols;
  for (auto& c : store.columns()) {
    if (c.space == space_name) cols.push_back(c);
  }
  const NameResolver names(space_name, cols);
  const MetricKey key =
      names.key(vm["dataset"].as<std::string>(), vm["split"].as<std::string>(),
                vm["fidelity"].as<std::string>(), vm["metric"].as<std::string>(), "tabnas query");
  if (vm.count("epoch") != 0U) return run_epoch_query(ctx, store, space_name, key, vm);
  const auto space = make_space(space_name, store.arch_strings(space_name));
  const auto bench = Benchmark::load(store, space_name, space, {key});
  const QueryTarget target{&bench->column(key),
                           parse_seed_policy(vm["seed-policy"].as<std::string>(), "--seed-policy"),
                           vm["fixed-run"].as<unsigned>()};
  const Evaluator evaluator(vm["run-seed"].as<unsigned long long>());
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& a : vm["arch"].as<std::vector<std::string>>()) {
    ArchId arch = 0;
    if (!a.empty() && std::all_of(a.begin(), a.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
      const unsigned long long v = std::stoull(a);
      if (v >= space->size()) {
        throw ConfigError("architecture index " + a + " out of range 0.." +
                          std::to_string(space->size() - 1));
      }
      arch = static_cast<ArchId>(v);
    } else {
      arch = space->parse(a);
    }
    const double value = evaluator.query(target, arch);
    nlohmann::ordered_json row;
    row["index"] = arch;
    row["arch"] = space->arch_string(arch);
    row["canonical_id"] = space->canonical_id(arch);
    row["dataset"] = key.dataset;
    row["split"] = key.split;
    row["fidelity"] = key.fidelity;
    row["metric"] = key.metric;
    row["value"] =
        std::isnan(value) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
    const MetricColumn& col = bench->column(key);
    nlohmann::ordered_json runs = nlohmann::ordered_json::array();
    for (std::uint32_t r = 0; r < col.max_runs; ++r) {
      const double v = col.value(arch, r);
      runs.push_back(std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v));
    }
    row[col.seed_mean_only ? "seed_mean" : "runs"] = runs;
    if (space_name == "nb201") {
      const auto& nb = dynamic_cast<const nb201::Nb201Space&>(*space);
      const auto cost = nb201::Nb201NetworkCost::compute(nb.cell(arch), key.dataset);
      row["params_m"] = cost.params_m;
      row["flops_m"] = cost.flops_m;
    }
    out.push_back(row);
  }
  if (ctx.json) {
    std::cout << out.dump(2) << "\n";
  } else {
    for (const auto& r : out) {
      std::cout << r["index"].get<ArchId>() << "  " << r["arch"].get<std::string>() << "\n  "
                << key.dataset << "/" << key.split << "/" << key.fidelity << "/" << key.metric
                << " (" << vm["seed-policy"].as<std::string>() << "): "
                << (r["value"].is_null() ? std::string("missing")
                                         : format_double(r["value"].get<double>()))
                << "   canonical id " << r["canonical_id"].get<std::uint32_t>();
      if (r.contains("params_m")) {
        std::cout << "   params " << format_fixed(r["params_m"].get<double>(), 6) << " M, FLOPs "
                  << format_fixed(r["flops_m"].get<double>(), 5) << " M";
      }
      std::cout << "\n";
    }
  }
  return 0;
}

}  // namespace tabnas::cli
