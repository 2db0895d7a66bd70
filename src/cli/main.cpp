// Thin entry point: every error becomes a one-line message and a documented exit code.
#include <malloc.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli_context.hpp"
#include "tabnas/core/errors.hpp"

int main(int argc, char** argv) {
  // Grow the heap in 64 MiB steps instead of 128 KiB ones: a run keeps every run's step rows
  // (~14 KB each), and thousands of small heap extensions (each an mprotect/brk under the
  // kernel's memory-map lock) made two worker threads slower than one (measured with
  // perf/run_perf.sh). Virtual address space only; pages are touched as they are used.
  mallopt(M_TOP_PAD, 64 << 20);
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
