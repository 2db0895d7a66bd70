#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli_context.hpp"
#include "container/mapped_file.hpp"
#include "csv/csv_importer.hpp"
#include "nats/nats_importer.hpp"
#include "option_parsing.hpp"
#include "pandas/data_frame_reader.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/store/csv_reader.hpp"
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

/// Format of `path` for `tabnas import auto`, from the directory listing or the file's first
/// bytes (docs/nats_import.md): nats, pandas, hw or csv.
std::string detect_import_format(const std::string& path) {
  const std::string nats = nats::NatsImporter::detect(path);
  if (nats == "nats-dir") return "nats";
  if (std::filesystem::is_directory(path)) {
    throw DataError("'" + path +
                    "' is a directory without meta.pickle.pbz2; tabnas import auto reads a "
                    "NATS-Bench per-architecture directory or one file");
  }
  if (!std::filesystem::exists(path)) throw DataError("'" + path + "': no such file");
  const container::MappedFile file(path);
  const auto bytes = file.bytes();
  const std::string_view head(reinterpret_cast<const char*>(bytes.data()),
                              std::min<std::size_t>(bytes.size(), std::size_t{1} << 20U));
  if (nats == "nats-file" && bytes.size() >= 3 && head.substr(0, 3) == "BZh") return "nats";
  if (nats.empty()) {
    // text: a flat accuracy table with a built-in mapping, else a hardware table layout
    // (read by the same CSV reader the importers use, so quoting and line ends agree)
    CsvReader reader(path);
    std::vector<std::string> header;
    if (!reader.next(header)) return "csv";  // empty: the csv importer reports it
    return CsvMapping::builtin_for_header(header) ? "csv" : "hw";
  }
  // A pickle, PyTorch zip (members are stored uncompressed) or legacy PyTorch stream: the
  // names of its first keys or globals are in the first bytes.
  if (head.find("meta_archs") != std::string_view::npos ||
      head.find("arch2infos") != std::string_view::npos) {
    return "nats";
  }
  if (head.find("pandas") != std::string_view::npos) return "pandas";
  return "hw";
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
      "                the originals HELP latency_<config>.pt, BRP-NAS .pkl and\n"
      "                HW-NAS-Bench-v1_0.pickle\n"
      "    nats PATH   NATS-Bench tss/sss: a per-architecture directory (meta.pickle.pbz2 +\n"
      "                NNNNNN.pickle.pbz2, decoded on --threads threads) or the single-file\n"
      "                .pickle.pbz2; all curves into HDF5 (docs/nats_import.md)\n"
      "    nb201 PATH  NAS-Bench-201 .pth (v1.0/v1.1, legacy or zip), streamed\n"
      "    auto PATH   any of the above, told apart by the directory listing or the file's bytes";
  po::options_description desc("import options");
  desc.add_options()("format", po::value<std::string>(), "format")("path", po::value<std::string>(),
                                                                   "file or directory")(
      "mapping", po::value<std::string>()->default_value(""),
      "JSON column mapping for csv (docs/csv_import.md)")(
      "space", po::value<std::string>()->default_value(""),
      "nats/nb201: space to file the architectures under (default: nb201 for the 15625 "
      "topologies, nats_sss for the 32768 sizes)")(
      "threads", po::value<unsigned>()->default_value(0),
      "nats: decoding threads for a per-architecture directory (0 = one per core)")(
      "compression", po::value<int>()->default_value(1),
      "nats/nb201: HDF5 curve compression, 0 = none, 1-9 = shuffle + deflate level");
  po::positional_options_description pos;
  pos.add("format", 1).add("path", 1);
  po::variables_map vm;
  if (!parse_command("import", usage, args, desc, pos, vm)) return 0;
  if (vm.count("format") == 0U)
    throw ConfigError("tabnas import: missing format (usage: " + usage + ")");
  std::string format = vm["format"].as<std::string>();
  if (format == "auto") {
    if (vm.count("path") == 0U) throw ConfigError("tabnas import auto: missing PATH");
    format = detect_import_format(vm["path"].as<std::string>());
    if (!ctx.quiet) std::cerr << "tabnas import auto: detected format '" << format << "'\n";
  }
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
  if (format == "nats" || format == "nb201") {
    if (vm.count("path") == 0U) throw ConfigError("tabnas import " + format + ": missing PATH");
    const std::string path = vm["path"].as<std::string>();
    nats::NatsImportOptions opt;
    opt.space = vm["space"].as<std::string>();
    opt.threads = vm["threads"].as<unsigned>();
    opt.deflate_level = vm["compression"].as<int>();
    if (opt.deflate_level < 0 || opt.deflate_level > 9) {
      throw ConfigError("tabnas import: --compression " + std::to_string(opt.deflate_level) +
                        " outside 0..9");
    }
    opt.progress = !ctx.quiet && ::isatty(STDERR_FILENO) != 0;  // no \r lines in logs
    Store store(ctx.store_path, Store::Mode::kWrite);
    print_summary(nats::NatsImporter::run(store, path, spaces, opt), ctx.store_path);
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
                    "' (allowed: default, csv, pandas, hw-default, hw-csv, hw, nats, nb201, auto)");
}

}  // namespace tabnas::cli
