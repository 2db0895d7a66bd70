// Thin entry point: every error becomes a one-line message and a documented exit code.
#include <iostream>
#include <string>
#include <vector>

#include "cli_context.hpp"
#include "tabnas/core/errors.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return tabnas::cli::dispatch(args);
  } catch (const tabnas::Error& e) {
    std::cerr << "tabnas: error: " << e.what() << "\n";
    return static_cast<int>(e.exit_code());
  } catch (const std::bad_alloc&) {
    std::cerr << "tabnas: error: out of memory\n";
    return static_cast<int>(tabnas::ExitCode::kInternal);
  } catch (const std::exception& e) {
    std::cerr << "tabnas: internal error: " << e.what() << "\n";
    return static_cast<int>(tabnas::ExitCode::kInternal);
  }
}
