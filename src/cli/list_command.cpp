#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_context.hpp"
#include "csv/csv_mapping.hpp"
#include "option_parsing.hpp"
#include "tabnas/app/space_registry.hpp"
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
                         {"constrained", a.capabilities.constrained}};
    j["params"] = nlohmann::ordered_json::array();
    for (const auto& p : a.params) {
      j["params"].push_back({{"name", p.name}, {"type", param_type_name(p.type)},
                             {"default", p.default_value}, {"help", p.help}});
    }
    out.push_back(j);
  }
  return out;
}

}  // namespace

int run_list(CliContext& ctx, const std::vector<std::string>& args) {
  const std::string usage =
      "tabnas list <algorithms|spaces|datasets|metrics|mappings>";
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
      if (a.contains("deviation")) std::cout << "  deviation: " << a["deviation"].get<std::string>() << "\n";
      std::string caps;
      for (const auto& [k, v] : a["capabilities"].items()) {
        if (v.get<bool>()) caps += (caps.empty() ? "" : ", ") + k;
      }
      std::cout << "  capabilities: " << (caps.empty() ? "single-objective, single-fidelity" : caps) << "\n";
      for (const auto& p : a["params"]) {
        std::cout << "  param " << p["name"].get<std::string>() << " (" << p["type"].get<std::string>()
                  << ", default " << p["default"].dump() << "): " << p["help"].get<std::string>() << "\n";
      }
    }
    return 0;
  }
  if (what == "spaces") {
    for (const auto& s : known_spaces()) std::cout << s << "\n";
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
      const std::string line = what == "datasets"
                                   ? c.space + " " + c.key.dataset
                                   : c.space + " " + c.key.dataset + " " + c.key.split + " " +
                                         c.key.fidelity + " " + c.key.metric;
      if (line == last) continue;
      last = line;
      if (ctx.json) {
        out.push_back(line);
      } else {
        std::cout << line << "\n";
      }
    }
    if (ctx.json) std::cout << out.dump(2) << "\n";
    return 0;
  }
  throw ConfigError("tabnas list: unknown item '" + what +
                    "' (allowed: algorithms, spaces, datasets, metrics, mappings)");
}

}  // namespace tabnas::cli
