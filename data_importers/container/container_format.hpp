#pragma once
/// @file Detection of the container formats tabnas reads.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace tabnas::container {

/// Outer format of a benchmark file, decided from its first bytes.
enum class ContainerFormat : std::uint8_t {
  kBzip2Pickle,  ///< "BZh": bzip2-compressed pickle (NATS-Bench)
  kTorchZip,     ///< "PK\x03\x04": PyTorch zip (torch.save since 1.6)
  kLegacyTorch,  ///< "\x80" + pickled legacy magic number: pre-1.6 torch.save stream
  kPickle,       ///< "\x80": plain pickle, protocol 2-5
  kUnknown,
};

/// Short name ("bzip2 pickle", "PyTorch zip", ...).
[[nodiscard]] std::string_view format_name(ContainerFormat format) noexcept;

/// Decides the format from the first bytes (at least 14 are looked at when present).
[[nodiscard]] ContainerFormat detect_format(std::span<const std::byte> head) noexcept;

/// Human-readable list of supported formats with their signatures, for error messages.
[[nodiscard]] std::string_view supported_formats_text() noexcept;

}  // namespace tabnas::container
