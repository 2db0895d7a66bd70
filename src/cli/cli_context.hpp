#pragma once
/// @file Options shared by every subcommand.
#include <string>
#include <vector>

namespace tabnas::cli {

struct CliContext {
  std::string store_path;  ///< resolved --store / TABNAS_STORE / XDG default
  std::string data_dir;    ///< --data / TABNAS_DATA / ../shared/data
  bool quiet = false;
  bool json = false;
};

/// One subcommand: name, one-line help, entry point.
struct Command {
  const char* name;
  const char* summary;
  int (*run)(CliContext& ctx, const std::vector<std::string>& args);
};

/// The registered subcommands, in help order.
const std::vector<Command>& commands();

int run_import(CliContext& ctx, const std::vector<std::string>& args);
int run_info(CliContext& ctx, const std::vector<std::string>& args);
int run_query(CliContext& ctx, const std::vector<std::string>& args);
int run_list(CliContext& ctx, const std::vector<std::string>& args);
int run_run(CliContext& ctx, const std::vector<std::string>& args);
int run_hw(CliContext& ctx, const std::vector<std::string>& args);
int run_report(CliContext& ctx, const std::vector<std::string>& args);   ///< report_command.cpp
int run_export(CliContext& ctx, const std::vector<std::string>& args);   ///< export_command.cpp
int run_inspect(CliContext& ctx, const std::vector<std::string>& args);  ///< inspect_command.cpp
/// `tabnas import hw-csv PATH` / `tabnas import hw-default` (src/cli/hw_command.cpp).
int run_import_hw(CliContext& ctx, const std::string& format, const std::string& path);
/// `tabnas hw devices` and its alias `tabnas info devices` (src/cli/hw_command.cpp);
/// `command` names the spelling used, for --help and errors.
int run_hw_devices(CliContext& ctx, const std::vector<std::string>& args,
                   const std::string& command);

/// Dispatches argv (after the program name). Returns the exit code; throws tabnas errors.
int dispatch(const std::vector<std::string>& argv);

}  // namespace tabnas::cli
