#include "container/legacy_torch.hpp"

#include "pickle/pickle_reader.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::container {

bool LegacyTorch::looks_like(std::span<const std::byte> data) noexcept {
  // PROTO n, LONG1 10, <10 magic bytes>
  if (data.size() < 14) return false;
  const auto b = [&data](std::size_t i) { return static_cast<unsigned char>(data[i]); };
  if (b(0) != 0x80 || b(1) < 2 || b(1) > 5 || b(2) != 0x8a || b(3) != 10) return false;
  for (std::size_t i = 0; i < 10; ++i) {
    if (b(4 + i) != kMagic[i]) return false;
  }
  return true;
}

pickle::Value LegacyTorch::read(std::span<const std::byte> data,
                                const pickle::ReadOptions& options) {
  pickle::ReadOptions header = options;
  header.stream = {};
  std::size_t offset = 0;
  // Reads the next pickle at `offset` with `opts`, advancing offset.
  auto next = [&](const pickle::ReadOptions& opts) {
    pickle::ReadOptions o = opts;
    o.offset_base = options.offset_base + offset;
    pickle::PickleReader reader(data.subspan(offset), o);
    pickle::Value v = reader.read_next();
    offset += reader.offset();
    return v;
  };
  const pickle::Value magic = next(header);
  const std::vector<std::uint8_t> expected(std::begin(kMagic), std::end(kMagic));
  if (magic.kind() != pickle::Kind::kBigInt || magic.as_big_int().bytes() != expected) {
    throw DataError(options.source_name +
                    ": not a legacy PyTorch file: first pickle is not the magic number "
                    "0x1950a86a20f9469cfc6c (found " +
                    magic.describe() + ")");
  }
  const std::size_t version_at = offset;
  const pickle::Value version = next(header);
  if (version.kind() != pickle::Kind::kInt || version.as_int() != kProtocolVersion) {
    throw DataError(options.source_name + ": byte offset " + std::to_string(version_at) +
                    ": legacy PyTorch protocol version must be 1001, found " + version.describe());
  }
  const std::size_t sys_info_at = offset;
  const pickle::Value sys_info = next(header);
  if (sys_info.kind() != pickle::Kind::kDict) {
    throw DataError(options.source_name + ": byte offset " + std::to_string(sys_info_at) +
                    ": legacy PyTorch sys_info must be a dict, found " + sys_info.describe());
  }
  pickle::Value main = next(options);
  const std::size_t keys_at = offset;
  const pickle::Value keys = next(header);
  if (keys.kind() != pickle::Kind::kList) {
    throw DataError(options.source_name + ": byte offset " + std::to_string(keys_at) +
                    ": legacy PyTorch storage key list must be a list, found " + keys.describe());
  }
  return main;
}

}  // namespace tabnas::container
