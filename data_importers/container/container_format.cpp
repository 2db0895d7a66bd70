#include "container/container_format.hpp"

#include "container/bzip2_decoder.hpp"
#include "container/legacy_torch.hpp"

namespace tabnas::container {

std::string_view format_name(ContainerFormat format) noexcept {
  switch (format) {
    case ContainerFormat::kBzip2Pickle:
      return "bzip2 pickle";
    case ContainerFormat::kTorchZip:
      return "PyTorch zip";
    case ContainerFormat::kLegacyTorch:
      return "legacy PyTorch stream";
    case ContainerFormat::kPickle:
      return "pickle";
    case ContainerFormat::kUnknown:
      return "unknown";
  }
  return "unknown";
}

ContainerFormat detect_format(std::span<const std::byte> head) noexcept {
  if (Bzip2Decoder::looks_like(head)) return ContainerFormat::kBzip2Pickle;
  if (head.size() >= 4 && head[0] == std::byte{'P'} && head[1] == std::byte{'K'} &&
      head[2] == std::byte{0x03} && head[3] == std::byte{0x04}) {
    return ContainerFormat::kTorchZip;
  }
  if (LegacyTorch::looks_like(head)) return ContainerFormat::kLegacyTorch;
  if (head.size() >= 2 && head[0] == std::byte{0x80} && head[1] >= std::byte{2} &&
      head[1] <= std::byte{5}) {
    return ContainerFormat::kPickle;
  }
  return ContainerFormat::kUnknown;
}

std::string_view supported_formats_text() noexcept {
  return "bzip2-compressed pickle (starts with 'BZh'), PyTorch zip (starts with 'PK\\x03\\x04'), "
         "legacy PyTorch stream (pickled magic number 0x1950a86a20f9469cfc6c), plain pickle of "
         "protocol 2-5 (starts with '\\x80')";
}

}  // namespace tabnas::container
