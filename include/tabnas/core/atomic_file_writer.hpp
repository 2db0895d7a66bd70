#pragma once
/// @file A file written in pieces and replaced atomically (see atomic_file.hpp).
#include <cstdio>
#include <string>
#include <string_view>

namespace tabnas {

/// Writes to "<path>.tmp-<pid>"; commit() fsyncs it and renames it over <path>. Destroyed
/// without commit() (an error, an exception), it removes the temporary file and leaves <path>
/// as it was. For files too large to build in memory first (trajectory.jsonl).
class AtomicFileWriter {
 public:
  /// @throws DataError naming the temporary file when it cannot be created.
  explicit AtomicFileWriter(std::string path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  /// Appends `piece`. @throws DataError naming the temporary file on a write error.
  void write(std::string_view piece);
  /// Flushes, fsyncs and renames over the path. @throws DataError.
  void commit();

 private:
  /// Closes and removes the temporary file, then throws DataError naming it.
  [[noreturn]] void fail();

  std::string path_;
  std::string tmp_;
  std::FILE* file_ = nullptr;
};

}  // namespace tabnas
