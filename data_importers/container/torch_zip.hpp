#pragma once
/// @file PyTorch zip container (torch.save since PyTorch 1.6).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "pickle/read_options.hpp"
#include "pickle/value.hpp"

namespace tabnas::container {

/// A zip archive written by torch.save: `<prefix>/data.pkl` (the pickled object),
/// `<prefix>/version`, and one `<prefix>/data/<key>` member per tensor storage. The prefix is
/// the first path component of data.pkl (e.g. "archive/").
///
/// Tensor storages appear in data.pkl as persistent ids; the reader keeps them as opaque
/// kCall records (how = kPersistentId) and read_member() gives access to their raw bytes.
class TorchZip {
 public:
  /// Default limit for one member's uncompressed size: 16 GiB.
  static constexpr std::uint64_t kDefaultMaxMember = std::uint64_t{16} << 30U;

  /// Opens (memory-maps) an archive file.
  /// @throws DataError when the file is not a zip or has no single `<prefix>/data.pkl`.
  [[nodiscard]] static TorchZip open_file(const std::filesystem::path& path);

  /// Opens an archive held in memory (the bytes must outlive the object).
  /// @throws DataError as open_file.
  [[nodiscard]] static TorchZip open_memory(std::span<const std::byte> data,
                                            std::string source_name);

  ~TorchZip();
  TorchZip(TorchZip&&) noexcept;
  TorchZip& operator=(TorchZip&&) noexcept;
  TorchZip(const TorchZip&) = delete;
  TorchZip& operator=(const TorchZip&) = delete;

  /// "archive/" for files written as "archive.pt"-style torch.save output.
  [[nodiscard]] const std::string& prefix() const noexcept;

  /// Names of all members.
  [[nodiscard]] std::vector<std::string> member_names() const;

  /// Uncompressed bytes of one member (CRC checked by libzip).
  /// @throws DataError when absent, corrupt or larger than max_bytes.
  [[nodiscard]] std::vector<std::byte> read_member(
      const std::string& name, std::uint64_t max_bytes = kDefaultMaxMember) const;

  /// Unpickles `<prefix>/data.pkl`; options.source_name is set to "<archive>:<member>".
  /// @throws DataError for unreadable members or malformed pickles.
  [[nodiscard]] pickle::Value read_data_pickle(pickle::ReadOptions options = {}) const;

  /// The name used in messages (the path, or the name given to open_memory).
  [[nodiscard]] const std::string& source_name() const noexcept;

 private:
  struct State;
  explicit TorchZip(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace tabnas::container
