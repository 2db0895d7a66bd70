#pragma once
/// @file Atomic file replacement: write to "<path>.tmp-<pid>", fsync, rename over <path>.
#include <string>
#include <string_view>

namespace tabnas {

/// Writes `content` to `path` atomically. @throws DataError naming the path on failure.
void write_file_atomic(const std::string& path, std::string_view content);
/// Temporary sibling name used for atomic writes of `path`.
[[nodiscard]] std::string temp_path_for(const std::string& path);
/// fsyncs and renames `tmp` over `path`. @throws DataError.
void commit_temp_file(const std::string& tmp, const std::string& path);

}  // namespace tabnas
