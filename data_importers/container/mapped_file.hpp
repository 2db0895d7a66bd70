#pragma once
/// @file Read-only memory mapping of a whole file.
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>

namespace tabnas::container {

/// Maps a file read-only (multi-GB benchmark files are not copied into memory).
class MappedFile {
 public:
  /// @throws DataError when the file cannot be opened, stat'ed or mapped.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  /// The file's bytes (valid while this object lives).
  [[nodiscard]] std::span<const std::byte> bytes() const noexcept {
    return {static_cast<const std::byte*>(addr_), size_};
  }
  /// The path as given.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  void* addr_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace tabnas::container
