// `tabnas report RESULTS_DIR`: aggregation tables of a results directory (docs/report.md).
#include <charconv>
#include <iostream>

#include "cli_context.hpp"
#include "option_parsing.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/report/report_formatter.hpp"
#include "tabnas/report/report_tables.hpp"
#include "tabnas/report/results_reader.hpp"

namespace po = boost::program_options;

namespace tabnas::cli {

namespace {

/// Parses "10,50,150" (positive integers or numbers), naming the option on error.
template <typename T>
std::vector<T> parse_list(const std::string& text, const std::string& option) {
  std::vector<T> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(pos, end - pos);
    T v{};
    const auto res = std::from_chars(item.data(), item.data() + item.size(), v);
    if (item.empty() || res.ec != std::errc() || res.ptr != item.data() + item.size() ||
        !(v > T{})) {
      throw ConfigError("tabnas report: " + option + ": '" + item +
                        "' is not a positive number (expected a comma-separated list, e.g. "
                        "10,50,150)");
    }
    out.push_back(v);
    pos = end + 1;
  }
  return out;
}

}  // namespace

int run_report(CliContext& ctx, const std::vector<std::string>& args) {
  const std::string usage =
      "tabnas [--json] report RESULTS_DIR [--metric M] [--steps 10,50,150] [--times T1,T2] "
      "[--bootstrap-seed S] [--resamples B] [--json]";
  po::options_description desc("report options");
  desc.add_options()("results", po::value<std::string>(),
                     "results directory (--out of tabnas run)")(
      "metric", po::value<std::string>()->default_value("incumbent_reported"),
      "metric: incumbent_reported, incumbent_observed, observed, reported, regret, hypervolume")(
      "steps", po::value<std::string>(),
      "query counts of the anytime table (default: max/15, max/3, max)")(
      "times", po::value<std::string>(),
      "simulated times of the anytime-over-time table (runs with a clock only)")(
      "bootstrap-seed", po::value<std::uint64_t>()->default_value(report::Bootstrap::kDefaultSeed),
      "master seed of the bootstrap CIs")(
      "resamples", po::value<std::size_t>()->default_value(2000), "bootstrap resamples")(
      "json", "print JSON instead of tables (same as the global --json)");
  po::positional_options_description pos;
  pos.add("results", 1);
  po::variables_map vm;
  if (!parse_command("report", usage, args, desc, pos, vm)) return 0;
  if (vm.count("results") == 0U) {
    throw ConfigError("tabnas report: missing RESULTS_DIR (usage: " + usage + ")");
  }
  report::ReportOptions opt;
  opt.metric = report::parse_metric(vm["metric"].as<std::string>());
  if (vm.count("steps") != 0U) {
    opt.steps = parse_list<std::uint32_t>(vm["steps"].as<std::string>(), "--steps");
  }
  if (vm.count("times") != 0U) {
    opt.times = parse_list<double>(vm["times"].as<std::string>(), "--times");
  }
  opt.bootstrap_seed = vm["bootstrap-seed"].as<std::uint64_t>();
  opt.bootstrap_resamples = vm["resamples"].as<std::size_t>();
  if (opt.bootstrap_resamples == 0) throw ConfigError("tabnas report: --resamples must be > 0");

  const auto data = report::ResultsReader::read(vm["results"].as<std::string>());
  const auto tables = report::ReportTables::build(data, opt);
  if (ctx.json || vm.count("json") != 0U) {
    std::cout << report::ReportFormatter::json(data, tables).dump(2) << "\n";
  } else {
    std::cout << report::ReportFormatter::text(data, tables);
  }
  return 0;
}

}  // namespace tabnas::cli
