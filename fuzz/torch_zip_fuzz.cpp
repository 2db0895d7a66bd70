// libFuzzer target: torch_zip (see fuzz/README.md).
#include "fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(  // NOLINT(readability-identifier-naming)
    const std::uint8_t* data, std::size_t size) {
  tabnas::fuzz::run_torch_zip(std::span(reinterpret_cast<const std::byte*>(data), size));
  return 0;
}
