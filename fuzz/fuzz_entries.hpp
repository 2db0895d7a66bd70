#pragma once
// One-input entry points shared by the libFuzzer targets and by the regression test
// (tests/unit/pickle/fuzz_regression_test.cpp). Every input must either parse or raise
// tabnas::DataError; any other exception, crash, leak or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <span>

#include "container/bzip2_decoder.hpp"
#include "container/legacy_torch.hpp"
#include "container/torch_zip.hpp"
#include "pickle/pickle_reader.hpp"
#include "pickle/value_json.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::fuzz {

/// Limits small enough for fuzzing speed; the code paths are the production ones.
inline pickle::ReadOptions fuzz_options() {
  pickle::ReadOptions o;
  o.source_name = "fuzz-input";
  o.max_nesting = 2000;
  return o;
}

/// Renders a value with bounded limits (exercises the JSON form on hostile trees).
inline void render(const pickle::Value& v) {
  (void)pickle::to_inspect_json(v, 40, 40, 20000);
}

/// Plain pickle bytes: read normally, in strict mode, and streaming the top-level dict.
inline void run_pickle(std::span<const std::byte> data) {
  try {
    render(pickle::read_pickle(data, fuzz_options()));
  } catch (const DataError&) {
  }
  try {
    pickle::ReadOptions o = fuzz_options();
    o.strict_globals = true;
    std::size_t entries = 0;
    o.stream.on_entry = [&entries](const pickle::Value& k, const pickle::Value& v) {
      ++entries;
      render(k);
      render(v);
    };
    render(pickle::read_pickle(data, o));
  } catch (const DataError&) {
  }
}

/// bzip2 bytes, then the decompressed pickle.
inline void run_bzip2(std::span<const std::byte> data) {
  try {
    const auto raw = container::Bzip2Decoder::decompress(data, "fuzz-input", std::size_t{1} << 24U);
    render(pickle::read_pickle(raw, fuzz_options()));
  } catch (const DataError&) {
  }
}

/// A zip archive: locate data.pkl, unpickle it, read every member.
inline void run_torch_zip(std::span<const std::byte> data) {
  try {
    const auto zip = container::TorchZip::open_memory(data, "fuzz-input");
    for (const auto& name : zip.member_names()) {
      try {
        (void)zip.read_member(name, std::size_t{1} << 24U);
      } catch (const DataError&) {
      }
    }
    const auto raw = zip.read_member(zip.prefix() + "data.pkl", std::size_t{1} << 24U);
    render(pickle::read_pickle(raw, fuzz_options()));
  } catch (const DataError&) {
  }
}

/// A legacy torch stream (several pickles back to back).
inline void run_legacy_torch(std::span<const std::byte> data) {
  try {
    render(container::LegacyTorch::read(data, fuzz_options()));
  } catch (const DataError&) {
  }
}

}  // namespace tabnas::fuzz
