// `tabnas inspect FILE`: print any supported benchmark file's decoded value tree as JSON
// (the documented form of docs/inspect_json.md), without Python and without running code.
#include <boost/program_options.hpp>
#include <iostream>

#include "cli_context.hpp"
#include "container/open_any.hpp"
#include "option_parsing.hpp"
#include "pickle/value_json.hpp"

namespace po = boost::program_options;

namespace tabnas::cli {

int run_inspect(CliContext& ctx, const std::vector<std::string>& args) {
  const std::string usage =
      "tabnas inspect FILE [--max-depth N] [--max-items N] [--strict-globals]\n"
      "  FILE: a pickle (protocol 0-5), a bzip2-compressed pickle (NATS-Bench .pickle.pbz2),\n"
      "  a PyTorch zip or legacy .pth/.pt container, or a pandas pickle; the format is\n"
      "  detected from the file's first bytes. Output: the decoded value as JSON in the form of\n"
      "  docs/inspect_json.md (tuples, sets, non-string dict keys, bytes, big integers,\n"
      "  NaN/inf and unexecuted global calls stay distinguishable). Globals are data: nothing\n"
      "  is ever executed.";
  po::options_description desc("inspect options");
  desc.add_options()("file", po::value<std::string>(), "file to decode")(
      "max-depth", po::value<int>()->default_value(-1),
      "containers nested deeper are shown as {\"$truncated\": n} (-1: no limit)")(
      "max-items", po::value<int>()->default_value(-1),
      "show at most N elements per container, then {\"$truncated\": rest} (-1: no limit)")(
      "strict-globals", "reject globals that are neither emulated nor known data records");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!parse_command("inspect", usage, args, desc, pos, vm)) return 0;
  if (vm.count("file") == 0U) {
    throw ConfigError("tabnas inspect: missing FILE (usage: " + usage.substr(0, usage.find('\n')) +
                      ")");
  }
  const std::string file = vm["file"].as<std::string>();
  pickle::ReadOptions options;
  options.source_name = file;
  options.strict_globals = vm.count("strict-globals") != 0U;
  const container::LoadedPickle loaded = container::open_any(file, options);
  if (!ctx.quiet) {
    std::cerr << file << ": " << container::format_name(loaded.format) << "\n";
  }
  const auto j =
      pickle::to_inspect_json(loaded.value, vm["max-depth"].as<int>(), vm["max-items"].as<int>());
  std::cout << j.dump(ctx.json ? -1 : 1) << "\n";
  return 0;
}

}  // namespace tabnas::cli
