#include "container/open_any.hpp"

#include <cctype>
#include <cstdio>

#include "container/bzip2_decoder.hpp"
#include "container/legacy_torch.hpp"
#include "container/mapped_file.hpp"
#include "container/torch_zip.hpp"
#include "pickle/pickle_reader.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::container {

namespace {

std::string describe_head(std::span<const std::byte> data) {
  if (data.empty()) return "the file is empty";
  std::string hex;
  const std::size_t n = std::min<std::size_t>(data.size(), 8);
  bool text = true;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02x", c);
    hex += buf;
    if (std::isprint(c) == 0 && c != '\n' && c != '\r' && c != '\t') text = false;
  }
  return std::string("it starts with bytes ") + hex + (text ? " (text, e.g. CSV or JSON)" : "");
}

}  // namespace

LoadedPickle open_any_bytes(std::span<const std::byte> data, const pickle::ReadOptions& options,
                            OpenLimits limits) {
  LoadedPickle out;
  out.format = detect_format(data);
  switch (out.format) {
    case ContainerFormat::kBzip2Pickle: {
      const std::vector<std::byte> raw =
          Bzip2Decoder::decompress(data, options.source_name, limits.max_decompressed);
      pickle::ReadOptions o = options;
      o.source_name = options.source_name + " (decompressed)";
      if (LegacyTorch::looks_like(raw)) {
        out.value = LegacyTorch::read(raw, o);
      } else {
        out.value = pickle::read_pickle(raw, o);
      }
      break;
    }
    case ContainerFormat::kTorchZip: {
      const TorchZip zip = TorchZip::open_memory(data, options.source_name);
      const std::string member = zip.prefix() + "data.pkl";
      const std::vector<std::byte> raw = zip.read_member(member, limits.max_decompressed);
      pickle::ReadOptions o = options;
      o.source_name = options.source_name + ":" + member;
      out.value = pickle::read_pickle(raw, o);
      break;
    }
    case ContainerFormat::kLegacyTorch:
      out.value = LegacyTorch::read(data, options);
      break;
    case ContainerFormat::kPickle:
      out.value = pickle::read_pickle(data, options);
      break;
    case ContainerFormat::kUnknown:
      throw DataError(options.source_name +
                      ": not a supported pickle container: " + describe_head(data) +
                      ". Supported: " + std::string(supported_formats_text()));
  }
  return out;
}

LoadedPickle open_any(const std::filesystem::path& path, pickle::ReadOptions options,
                      OpenLimits limits) {
  if (options.source_name == "<memory>") options.source_name = path.string();
  const MappedFile file(path);
  return open_any_bytes(file.bytes(), options, limits);
}

}  // namespace tabnas::container
