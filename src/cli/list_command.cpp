#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_context.hpp"
#include "csv/csv_mapping.hpp"
#include "option_parsing.hpp"
#include "tabnas/app/arch_scalars.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/text_format.hpp"
#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/store/store.hpp"

namespace po = boost::program_options;

namespace tabnas::cli {

namespace {

nlohmann::ordered_json algorithms_json() {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& a : algorithm_registry()) {
    nlohmann::ordered_json j;
    j["name"] = a.name;
    j["description"] = a.description;
    j["citation"] = a.citation;
    if (!a.deviation.empty()) j["deviation"] = a.deviation;
    j["capabilities"] = {{"multi_objective", a.capabilities.multi_objective},
                         {"multi_fidelity", a.capabilities.multi_fidelity},
                         {"constrained", a.capabilities.constrained},
                         {"requires_constraints", a.capabilities.requires_constraints}};
    j["params"] = nlohmann::ordered_json::array();
    for (const auto& p : a.params) {
      j["params"].push_back({{"name", p.name},
                             {"type", param_type_name(p.type)},
                             {"default", p.default_value},
                             {"help", p.help}});
    }
    out.push_back(j);
  }
  return out;
}

/// `tabnas list time-model`: the compiled-in nb201 training time model and, when the data
/// directory holds the NATS-Bench files it was fitted on, a refit next to it.
int list_time_model(const CliContext& ctx) {
  nlohmann::ordered_json out = time_model_description("nb201");
  try {
    out["refit"] = refit_time_model(ctx.data_dir);
  } catch (const DataError& e) {
    out["refit"] = {{"skipped", e.what()}};
  }
  if (ctx.json) {
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "training time model " << out["name"].get<std::string>()
            << ": ESTIMATED seconds per training epoch = intercept_s + slope_s_per_mflop * "
               "MFLOPs(arch, dataset)\n"
            << "a query at fidelity hpN costs N epochs (a promotion within one schedule only the "
               "extra epochs)\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-16s %20s %20s %14s\n", "dataset", "intercept_s",
                "slope_s_per_mflop", "max |rel res|");
  std::cout << line;
  for (const auto& l : out["lines"]) {
    std::snprintf(line, sizeof line, "%-16s %20s %20s %14s\n",
                  l["dataset"].get<std::string>().c_str(),
                  format_double(l["intercept_s"].get<double>()).c_str(),
                  format_double(l["slope_s_per_mflop"].get<double>()).c_str(),
                  format_fixed(l["max_abs_relative_residual"].get<double>(), 4).c_str());
    std::cout << line;
  }
  std::cout << "fitted on (" << out["fitted_values"].get<std::string>() << "):\n";
  for (const auto& f : out["fitted_on"]) {
    std::cout << "  " << f["file"].get<std::string>() << "  sha256 "
              << f["sha256"].get<std::string>() << "\n";
  }
  const auto& refit = out["refit"];
  if (refit.contains("skipped")) {
    std::cout << "refit skipped: " << refit["skipped"].get<std::string>() << "\n";
    return 0;
  }
  std::cout << "refit from " << ctx.data_dir << ":\n";
  std::snprintf(line, sizeof line, "%-16s %6s %10s %12s %12s %12s %9s\n", "dataset", "arch",
                "MFLOPs", "recorded s", "fitted s", "residual s", "relative");
  std::cout << line;
  bool all_equal = true;
  for (const auto& l : refit["lines"]) {
    all_equal = all_equal && l["equals_compiled_in"].get<bool>();
    for (const auto& p : l["points"]) {
      const double rec = p["recorded_s"].get<double>();
      const double res = p["residual_s"].get<double>();
      std::snprintf(line, sizeof line, "%-16s %6lld %10s %12s %12s %12s %8s%%\n",
                    l["dataset"].get<std::string>().c_str(),
                    static_cast<long long>(p["arch_index"].get<std::int64_t>()),
                    format_fixed(p["mflops"].get<double>(), 5).c_str(),
                    format_fixed(rec, 4).c_str(),
                    format_fixed(p["fitted_s"].get<double>(), 4).c_str(),
                    format_fixed(res, 4).c_str(), format_fixed(100.0 * res / rec, 1).c_str());
      std::cout << line;
    }
  }
  bool same_files = true;
  for (const auto& f : refit["files"]) same_files = same_files && f["sha256_as_fitted"].get<bool>();
  std::cout << "refit coefficients identical to the compiled-in ones: "
            << (all_equal ? "yes" : "NO")
            << "; files identical to the ones fitted: " << (same_files ? "yes" : "NO") << "\n";
  return 0;
}

}  // namespace

int run_list(CliContext& ctx, const std::vector<std::string>& args) {
  const std::string usage = "tabnas list <algorithms|spaces|datasets|metrics|mappings|time-model>";
  po::options_description desc("list options");
  desc.add_options()("what", po::value<std::string>()->default_value("algorithms"), "what to list");
  po::positional_options_description pos;
  pos.add("what", 1);
  po::variables_map vm;
  if (!parse_command("list", usage, args, desc, pos, vm)) return 0;
  const std::string what = vm["what"].as<std::string>();
  if (what == "algorithms") {
    const auto j = algorithms_json();
    if (ctx.json) {
      std::cout << j.dump(2) << "\n";
      return 0;
    }
    for (const auto& a : j) {
      std::cout << a["name"].get<std::string>() << "\n  " << a["description"].get<std::string>()
                << "\n  cites: " << a["citation"].get<std::string>() << "\n";
      if (a.contains("deviation"))
        std::cout << "  deviation: " << a["deviation"].get<std::string>() << "\n";
      std::string caps;
      for (const auto& [k, v] : a["capabilities"].items()) {
        if (v.get<bool>()) caps += (caps.empty() ? "" : ", ") + k;
      }
      std::cout << "  capabilities: " << (caps.empty() ? "single-objective, single-fidelity" : caps)
                << "\n";
      for (const auto& p : a["params"]) {
        std::cout << "  param " << p["name"].get<std::string>() << " ("
                  << p["type"].get<std::string>() << ", default " << p["default"].dump()
                  << "): " << p["help"].get<std::string>() << "\n";
      }
    }
    return 0;
  }
  if (what == "spaces") {
    if (ctx.json) {
      std::cout << nlohmann::ordered_json(known_spaces()).dump(2) << "\n";
    } else {
      for (const auto& s : known_spaces()) std::cout << s << "\n";
    }
    return 0;
  }
  if (what == "mappings") {
    std::cout << CsvMapping::builtin_json().dump(2) << "\n";
    return 0;
  }
  if (what == "datasets" || what == "metrics") {
    Store store(ctx.store_path, Store::Mode::kRead);
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    std::string last;
    for (const auto& c : store.columns()) {
      const bool datasets = what == "datasets";
      const std::string line = datasets ? c.space + " " + c.key.dataset
                                        : c.space + " " + c.key.dataset + " " + c.key.split + " " +
                                              c.key.fidelity + " " + c.key.metric;
      if (line == last) continue;
      last = line;
      if (!ctx.json) {
        std::cout << line << "\n";
      } else if (datasets) {
        out.push_back({{"space", c.space}, {"dataset", c.key.dataset}});
      } else {
        out.push_back({{"space", c.space},
                       {"dataset", c.key.dataset},
                       {"split", c.key.split},
                       {"fidelity", c.key.fidelity},
                       {"metric", c.key.metric},
                       {"archs", c.archs},
                       {"runs", c.runs},
                       {"seed_mean", c.seed_mean}});
      }
    }
    if (ctx.json) std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (what == "time-model") return list_time_model(ctx);
  throw ConfigError("tabnas list: unknown item '" + what +
                    "' (allowed: algorithms, spaces, datasets, metrics, mappings, time-model)");
}

}  // namespace tabnas::cli
