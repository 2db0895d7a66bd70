#pragma once
/// @file Shared Boost.Program_options plumbing for subcommands.
#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "tabnas/core/errors.hpp"

namespace tabnas::cli {

/// Parses `args` with `desc` (plus --help) and positional names. Prints help and returns false
/// when --help was given. @throws ConfigError on a parse error, naming the command.
inline bool parse_command(const std::string& command, const std::string& usage,
                          const std::vector<std::string>& args,
                          boost::program_options::options_description& desc,
                          const boost::program_options::positional_options_description& pos,
                          boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  desc.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
    if (vm.count("help") != 0U) {
      std::cout << "usage: " << usage << "\n\n" << desc << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw ConfigError("tabnas " + command + ": " + e.what() + " (usage: " + usage + ")");
  }
  return true;
}

}  // namespace tabnas::cli
