#include <boost/program_options.hpp>
#include <iostream>

#include "cli_context.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/paths.hpp"
#include "tabnas/version.hpp"

namespace po = boost::program_options;

namespace tabnas::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> kCommands = {
      {"import", "import benchmark files into the store", &run_import},
      {"info", "show what the store holds; `info devices`: device tables", &run_info},
      {"query", "look up metrics of architectures", &run_query},
      {"list", "list algorithms, spaces, datasets, metrics, mappings", &run_list},
      {"run", "run an experiment spec", &run_run},
      {"hw", "hardware tables: devices, latency predictors, transfer study", &run_hw},
      {"report", "aggregate a results directory: stats, anytime, ranks, Wilcoxon", &run_report},
      {"export", "CSV, SVG/PNG figures, notebook and HTML report of a results directory",
       &run_export},
      {"inspect", "print a pickle / .pbz2 / .pth / .pt file's decoded contents as JSON",
       &run_inspect},
  };
  return kCommands;
}

namespace {

void print_usage(std::ostream& out, const po::options_description& global) {
  out << "tabnas " << kTabnasVersion
      << " - NAS on tabular benchmarks: import, query, search, compare\n\n"
         "usage: tabnas [global options] <command> [command options]\n\ncommands:\n";
  for (const auto& c : commands()) {
    out << "  " << c.name << std::string(10 - std::string(c.name).size(), ' ') << c.summary << "\n";
  }
  out << "\n"
      << global << "\n`tabnas <command> --help` shows a command's options.\n"
      << "exit codes: 0 ok, 1 internal error, 2 usage/config error, 3 data/store error, "
         "4 some runs failed\n";
}

}  // namespace

int dispatch(const std::vector<std::string>& argv) {
  po::options_description global("global options");
  global.add_options()("help,h", "show this help")("version", "print the version")(
      "store", po::value<std::string>(),
      "store file (default: $TABNAS_STORE, else $XDG_DATA_HOME/tabnas/store.sqlite, else "
      "~/.local/share/tabnas/store.sqlite)")(
      "data", po::value<std::string>(),
      "benchmark data directory (default: $TABNAS_DATA, else ../shared/data)")(
      "quiet,q", "no progress output on stderr")("json", "machine-readable output where supported");

  // Global options come before the command name.
  std::size_t cmd_pos = 0;
  while (cmd_pos < argv.size() && argv[cmd_pos].rfind('-', 0) == 0) {
    if (argv[cmd_pos] == "--store" || argv[cmd_pos] == "--data") ++cmd_pos;  // takes a value
    ++cmd_pos;
  }
  const std::vector<std::string> global_args(
      argv.begin(), argv.begin() + static_cast<long>(std::min(cmd_pos, argv.size())));
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(global_args).options(global).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw ConfigError(std::string(e.what()) + " (see tabnas --help)");
  }
  if (vm.count("version") != 0U) {
    std::cout << "tabnas " << kTabnasVersion << " (" << kTabnasGitCommit << ")\n";
    return 0;
  }
  if (vm.count("help") != 0U || cmd_pos >= argv.size()) {
    print_usage(cmd_pos >= argv.size() && vm.count("help") == 0U ? std::cerr : std::cout, global);
    return vm.count("help") != 0U ? 0 : static_cast<int>(ExitCode::kConfig);
  }
  CliContext ctx;
  ctx.store_path = vm.count("store") != 0U ? vm["store"].as<std::string>() : std::string();
  ctx.data_dir = vm.count("data") != 0U ? vm["data"].as<std::string>() : data_dir();
  ctx.quiet = vm.count("quiet") != 0U;
  ctx.json = vm.count("json") != 0U;
  const std::string& name = argv[cmd_pos];
  const std::vector<std::string> rest(argv.begin() + static_cast<long>(cmd_pos) + 1, argv.end());
  for (const auto& c : commands()) {
    if (name == c.name) {
      if (ctx.store_path.empty()) ctx.store_path = default_store_path();
      return c.run(ctx, rest);
    }
  }
  std::string names;
  for (const auto& c : commands()) names += std::string(names.empty() ? "" : ", ") + c.name;
  throw ConfigError("unknown command '" + name + "' (commands: " + names + ")");
}

}  // namespace tabnas::cli
