#pragma once
/// @file Exception hierarchy of tabnas (DESIGN.md "Errors") and the CLI exit codes.
#include <stdexcept>
#include <string>

namespace tabnas {

/// CLI exit codes (DESIGN.md): 0 ok, 1 internal, 2 usage/config, 3 data/store, 4 some runs failed.
enum class ExitCode : int { kOk = 0, kInternal = 1, kConfig = 2, kData = 3, kRunsFailed = 4 };

/// Base of every tabnas exception.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
  /// Exit code the CLI uses for this error.
  [[nodiscard]] virtual ExitCode exit_code() const noexcept = 0;
};

/// Bad user input: unknown names, wrong types, bad values in specs or flags.
class ConfigError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] ExitCode exit_code() const noexcept override { return ExitCode::kConfig; }
};

/// Bad or missing source data; the message names the file and, where it applies, the byte offset.
class DataError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] ExitCode exit_code() const noexcept override { return ExitCode::kData; }
};

/// Failure reported by SQLite or HDF5, with the native error code in the message.
class StoreError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] ExitCode exit_code() const noexcept override { return ExitCode::kData; }
};

/// A broken invariant inside tabnas: a bug.
class InternalError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] ExitCode exit_code() const noexcept override { return ExitCode::kInternal; }
};

}  // namespace tabnas
