#pragma once
/// @file SHA-256 (FIPS 180-4) for source-file provenance.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tabnas {

/// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  /// Adds bytes.
  void update(const void* data, std::size_t size);
  /// Finishes and returns the lowercase hex digest; the object must not be used afterwards.
  std::string hex_digest();
  /// Hex digest of a whole file. @throws DataError naming the file when it cannot be read.
  static std::string of_file(const std::string& path);
  /// Hex digest of a string.
  static std::string of(std::string_view data);

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_{};
  std::array<std::uint8_t, 64> buf_{};
  std::size_t buf_len_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace tabnas
