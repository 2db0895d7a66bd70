// `tabnas export RESULTS_DIR [--out DIR]`: CSV, figures, notebook, HTML report (docs/report.md).
#include <filesystem>
#include <iostream>

#include "cli_context.hpp"
#include "option_parsing.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/report/exporter.hpp"
#include "tabnas/report/results_reader.hpp"

namespace po = boost::program_options;

namespace tabnas::cli {

int run_export(CliContext& ctx, const std::vector<std::string>& args) {
  const std::string usage =
      "tabnas export RESULTS_DIR [--out DIR] [--metric M] [--bootstrap-seed S] [--resamples B] "
      "[--png-scale X]";
  po::options_description desc("export options");
  desc.add_options()("results", po::value<std::string>(),
                     "results directory (--out of tabnas run)")(
      "out,o", po::value<std::string>(), "export directory (default: RESULTS_DIR/export)")(
      "metric", po::value<std::string>(),
      "metric of the anytime and box plots (default: regret if summary.json gives the best "
      "value in the table, else incumbent_reported)")(
      "bootstrap-seed", po::value<std::uint64_t>()->default_value(report::Bootstrap::kDefaultSeed),
      "master seed of the bootstrap CIs in the report tables")(
      "resamples", po::value<std::size_t>()->default_value(2000), "bootstrap resamples")(
      "png-scale", po::value<double>()->default_value(2.0),
      "PNG pixels per figure unit (figures are 720 x 450 units)");
  po::positional_options_description pos;
  pos.add("results", 1);
  po::variables_map vm;
  if (!parse_command("export", usage, args, desc, pos, vm)) return 0;
  if (vm.count("results") == 0U) {
    throw ConfigError("tabnas export: missing RESULTS_DIR (usage: " + usage + ")");
  }
  const std::string dir = vm["results"].as<std::string>();
  report::ExportOptions opt;
  opt.out_dir = vm.count("out") != 0U ? vm["out"].as<std::string>()
                                      : (std::filesystem::path(dir) / "export").string();
  if (vm.count("metric") != 0U) opt.metric = report::parse_metric(vm["metric"].as<std::string>());
  opt.bootstrap_seed = vm["bootstrap-seed"].as<std::uint64_t>();
  opt.bootstrap_resamples = vm["resamples"].as<std::size_t>();
  if (opt.bootstrap_resamples == 0) throw ConfigError("tabnas export: --resamples must be > 0");
  opt.png_scale = vm["png-scale"].as<double>();
  if (!(opt.png_scale >= 0.25 && opt.png_scale <= 8.0)) {
    throw ConfigError("tabnas export: --png-scale must be in [0.25, 8]");
  }
  const auto data = report::ResultsReader::read(dir);
  const auto files = report::Exporter::run(data, opt);
  if (ctx.json) {
    std::cout << "{\"out\": " << nlohmann::json(opt.out_dir).dump()
              << ", \"files\": " << nlohmann::json(files).dump() << "}\n";
  } else if (!ctx.quiet) {
    std::cout << "exported " << files.size() << " files to " << opt.out_dir
              << " (report.html, tabnas_export.ipynb, trajectory.csv, figures/)\n";
  }
  return 0;
}

}  // namespace tabnas::cli
