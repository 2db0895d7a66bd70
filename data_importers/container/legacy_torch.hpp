#pragma once
/// @file Legacy (pre-1.6, non-zip) PyTorch serialization stream.
#include <cstddef>
#include <span>

#include "pickle/read_options.hpp"
#include "pickle/value.hpp"

namespace tabnas::container {

/// The stream torch.save wrote before the zip format: consecutive pickles of the magic number
/// 0x1950a86a20f9469cfc6c, the protocol version 1001, a sys_info dict, the main object and the
/// list of storage keys, followed by raw storage bytes (not read here: weight-free benchmark
/// files have none; storages inside the main object stay opaque persistent-id records).
class LegacyTorch {
 public:
  /// True when `data` starts with a pickle (protocol 2-5) of the legacy magic number.
  [[nodiscard]] static bool looks_like(std::span<const std::byte> data) noexcept;

  /// The magic number's little-endian bytes (LONG1 payload).
  static constexpr unsigned char kMagic[10] = {0x6c, 0xfc, 0x9c, 0x46, 0xf9,
                                               0x20, 0x6a, 0xa8, 0x50, 0x19};
  /// Protocol version torch writes after the magic number.
  static constexpr std::int64_t kProtocolVersion = 1001;

  /// Returns the main object. `options` (streaming included) apply to the main pickle; the
  /// header pickles are read with the same source name and limits.
  /// @throws DataError for a wrong magic number/protocol version or malformed pickles.
  [[nodiscard]] static pickle::Value read(std::span<const std::byte> data,
                                          const pickle::ReadOptions& options);
};

}  // namespace tabnas::container
