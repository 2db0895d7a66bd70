#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_context.hpp"
#include "option_parsing.hpp"
#include "tabnas/store/store.hpp"

namespace po = boost::program_options;

namespace tabnas::cli {

int run_info(CliContext& ctx, const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "devices") {
    return run_hw_devices(ctx, std::vector<std::string>(args.begin() + 1, args.end()),
                          "info devices");
  }
  po::options_description desc("info options");
  desc.add_options()("report", "also print every import-report line");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse_command("info",
                     "tabnas [--store FILE] [--json] info [--report]\n"
                     "       tabnas [--store FILE] [--json] info devices   device tables "
                     "(the same as `tabnas hw devices`)",
                     args, desc, pos, vm)) {
    return 0;
  }
  Store store(ctx.store_path, Store::Mode::kRead);
  const auto columns = store.columns();
  const auto sources = store.sources();
  if (ctx.json) {
    nlohmann::ordered_json j;
    j["store"] = store.path();
    j["schema_version"] = kSchemaVersion;
    j["spaces"] = nlohmann::ordered_json::array();
    for (const auto& s : store.spaces()) {
      j["spaces"].push_back({{"name", s}, {"archs", store.arch_strings(s).size()}});
    }
    j["columns"] = nlohmann::ordered_json::array();
    for (const auto& c : columns) {
      j["columns"].push_back({{"space", c.space},
                              {"dataset", c.key.dataset},
                              {"split", c.key.split},
                              {"fidelity", c.key.fidelity},
                              {"metric", c.key.metric},
                              {"archs", c.archs},
                              {"rows", c.rows},
                              {"runs", c.seed_mean ? 0 : c.runs},
                              {"seed_mean", c.seed_mean}});
    }
    j["sources"] = nlohmann::ordered_json::array();
    for (const auto& s : sources) {
      nlohmann::ordered_json sj = {{"id", s.id},
                                   {"path", s.path},
                                   {"sha256", s.sha256},
                                   {"importer", s.importer},
                                   {"imported_at", s.imported_at},
                                   {"rows", s.rows}};
      sj["report"] = nlohmann::ordered_json::array();
      for (const auto& r : store.import_report(s.id)) {
        sj["report"].push_back({{"kind", r[0]}, {"item", r[1]}, {"message", r[2]}});
      }
      j["sources"].push_back(sj);
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "store: " << store.path() << " (schema " << kSchemaVersion << ")\n";
  for (const auto& s : store.spaces()) {
    std::cout << "space " << s << ": " << store.arch_strings(s).size() << " architectures\n";
  }
  std::cout << "columns (dataset/split/fidelity/metric: archs, values per arch):\n";
  for (const auto& c : columns) {
    std::cout << "  " << c.space << " " << c.key.dataset << "/" << c.key.split << "/"
              << c.key.fidelity << "/" << c.key.metric << ": " << c.archs << " archs, "
              << (c.seed_mean
                      ? (c.runs > 0 ? "seed-mean or resolved value (run -1) + up to " +
                                          std::to_string(c.runs) + " runs"
                                    : std::string("one seed-mean or resolved value (run -1)"))
                      : "up to " + std::to_string(c.runs) + " runs")
              << "\n";
  }
  std::cout << "sources:\n";
  for (const auto& s : sources) {
    std::cout << "  [" << s.id << "] " << s.path << "\n      " << s.importer << ", " << s.rows
              << " rows, sha256 " << s.sha256.substr(0, 16) << "..., " << s.imported_at << "\n";
    const auto report = store.import_report(s.id);
    if (vm.count("report") != 0U) {
      for (const auto& r : report)
        std::cout << "      " << r[0] << " " << r[1] << ": " << r[2] << "\n";
    } else if (!report.empty()) {
      std::cout << "      " << report.size() << " import-report lines (--report shows them)\n";
    }
  }
  return 0;
}

}  // namespace tabnas::cli
