#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli_context.hpp"
#include "csv/csv_importer.hpp"
#include "option_parsing.hpp"
#include "pandas/data_frame_reader.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/store/store.hpp"

namespace po = boost::program_options;

namespace tabnas::cli {

namespace {

void print_summary(const ImportSummary& s, const std::string& store) {
  std::cout << "imported " << s.path << " (" << s.importer << ") into " << store << "\n"
            << "  " << s.rows << " values, " << s.archs << " architectures, source id "
            << s.source_id << "\n";
  for (const auto& c : s.columns) std::cout << "  column " << c << "\n";
  for (const auto& n : s.notes) std::cout << "  note: " << n << "\n";
}

std::optional<CsvMapping> read_mapping(const std::string& path) {
  if (path.empty()) return std::nullopt;
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot open mapping file '" + path + "'");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::parse_error& e) {
    throw ConfigError(path + ": invalid JSON: " + e.what());
  }
  return CsvMapping::from_json(j, path + ": $");
}

}  // namespace

int run_import(CliContext& ctx, const std::vector<std::string>& args) {
  const std::string usage =
      "tabnas import <format> [path] [--mapping FILE]\n"
      "  formats:\n"
      "    default   the default benchmark: NB201 hp12 + hp200 CSV tables of the data directory\n"
      "    csv PATH  a flat CSV table (built-in mapping chosen by header, or --mapping)\n"
      "    pandas PATH a pickled pandas DataFrame (df.to_pickle), columns mapped as for csv;\n"
      "              e.g. nb201/mini-bench-arch-cell-accs.pd (built-in mapping)\n"
      "    hw-default  every hardware (latency) table of the data directory\n"
      "    hw-csv PATH a hardware table: HELP, BRP-NAS, nn-Meter or wide layout "
      "(docs/hardware.md)\n"
      "    hw PATH     a hardware table, format detected from its bytes: any hw-csv layout, or\n"
      "                the originals HELP latency_<config>.pt and BRP-NAS .pkl";
  po::options_description desc("import options");
  desc.add_options()("format", po::value<std::string>(), "format")("path", po::value<std::string>(),
                                                                   "file or directory")(
      "mapping", po::value<std::string>()->default_value(""),
      "JSON column mapping for csv (docs/csv_import.md)");
  po::positional_options_description pos;
  pos.add("format", 1).add("path", 1);
  po::variables_map vm;
  if (!parse_command("import", usage, args, desc, pos, vm)) return 0;
  if (vm.count("format") == 0U)
    throw ConfigError("tabnas import: missing format (usage: " + usage + ")");
  const std::string format = vm["format"].as<std::string>();
  const SpaceFactory spaces = [](const std::string& name, const std::vector<std::string>& list) {
    return make_space(name, list);
  };
  if (format == "default") {
    const std::vector<std::string> files = {ctx.data_dir + "/nb201/nb201_hp12_accuracy.csv",
                                            ctx.data_dir + "/nb201/nb201_hp200_xvalid_runs.csv"};
    for (const auto& f : files) {
      if (!std::filesystem::exists(f)) {
        throw DataError("default benchmark file '" + f +
                        "' not found; set --data or TABNAS_DATA to the benchmark data directory");
      }
    }
    Store store(ctx.store_path, Store::Mode::kWrite);
    for (const auto& f : files)
      print_summary(CsvImporter::run(store, f, std::nullopt, spaces), ctx.store_path);
    return 0;
  }
  if (format == "hw-default" || format == "hw-csv" || format == "hw") {
    return run_import_hw(ctx, format, vm.count("path") != 0U ? vm["path"].as<std::string>() : "");
  }
  if (format == "pandas") {
    if (vm.count("path") == 0U) throw ConfigError("tabnas import pandas: missing PATH");
    const std::string path = vm["path"].as<std::string>();
    const auto mapping = read_mapping(vm["mapping"].as<std::string>());
    const pandas::DataFrame frame = pandas::read_data_frame(path);
    std::vector<std::string> header;
    for (const auto& c : frame.columns) header.push_back(c.name);
    Store store(ctx.store_path, Store::Mode::kWrite);
    print_summary(CsvImporter::run_table(store, path, header, pandas::to_text_rows(frame), mapping,
                                         spaces, "pandas"),
                  ctx.store_path);
    return 0;
  }
  if (format == "csv") {
    if (vm.count("path") == 0U) throw ConfigError("tabnas import csv: missing PATH");
    const std::string path = vm["path"].as<std::string>();
    const auto mapping = read_mapping(vm["mapping"].as<std::string>());
    Store store(ctx.store_path, Store::Mode::kWrite);
    print_summary(CsvImporter::run(store, path, mapping, spaces), ctx.store_path);
    return 0;
  }
  throw ConfigError("tabnas import: unknown format '" + format +
                    "' (allowed: default, csv, pandas, hw-default, hw-csv, hw)");
}

}  // namespace tabnas::cli
