#include "tabnas/report/png_writer.hpp"

#include <zlib.h>

#include <array>
#include <cstdlib>

#include "tabnas/core/errors.hpp"

namespace tabnas::report {

namespace {

void put32(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 24) & 0xFFU);
  out += static_cast<char>((v >> 16) & 0xFFU);
  out += static_cast<char>((v >> 8) & 0xFFU);
  out += static_cast<char>(v & 0xFFU);
}

void chunk(std::string& out, const char* type, const std::string& data) {
  put32(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type, 4);
  body += data;
  out += body;
  const auto crc =
      crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  put32(out, static_cast<std::uint32_t>(crc));
}

int paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a);
  const int pb = std::abs(p - b);
  const int pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  if (pb <= pc) return b;
  return c;
}

}  // namespace

std::string PngWriter::encode(const RasterImage& image) {
  const std::uint32_t w = image.width();
  const std::uint32_t h = image.height();
  const std::vector<std::uint8_t> rgb = image.rgb8();
  const std::size_t stride = static_cast<std::size_t>(w) * 3;
  constexpr std::size_t kBpp = 3;

  // Filtered scanlines: per row the filter (0..4) with the smallest sum of |signed bytes|
  // (the heuristic of the PNG specification, section 12.8); ties take the lower filter number.
  std::string raw;
  raw.reserve((stride + 1) * h);
  std::array<std::vector<std::uint8_t>, 5> cand;
  for (auto& c : cand) c.resize(stride);
  const std::vector<std::uint8_t> zero_row(stride, 0);
  for (std::uint32_t y = 0; y < h; ++y) {
    const std::uint8_t* cur = &rgb[y * stride];
    const std::uint8_t* up = y == 0 ? zero_row.data() : &rgb[(y - 1) * stride];
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= kBpp ? cur[i - kBpp] : 0;
      const int b = up[i];
      const int c = i >= kBpp ? up[i - kBpp] : 0;
      const int x = cur[i];
      cand[0][i] = static_cast<std::uint8_t>(x);
      cand[1][i] = static_cast<std::uint8_t>((x - a) & 0xFF);
      cand[2][i] = static_cast<std::uint8_t>((x - b) & 0xFF);
      cand[3][i] = static_cast<std::uint8_t>((x - (a + b) / 2) & 0xFF);
      cand[4][i] = static_cast<std::uint8_t>((x - paeth(a, b, c)) & 0xFF);
    }
    std::size_t best = 0;
    long best_sum = -1;
    for (std::size_t f = 0; f < cand.size(); ++f) {
      long sum = 0;
      for (const std::uint8_t v : cand[f]) sum += v < 128 ? v : 256 - v;
      if (best_sum < 0 || sum < best_sum) {
        best_sum = sum;
        best = f;
      }
    }
    raw += static_cast<char>(best);
    raw.append(reinterpret_cast<const char*>(cand[best].data()), stride);
  }

  uLongf zsize = compressBound(static_cast<uLong>(raw.size()));
  std::string z(zsize, '\0');
  const int rc =
      compress2(reinterpret_cast<Bytef*>(z.data()), &zsize,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()), 9);
  if (rc != Z_OK) throw InternalError("PNG: zlib compress2 failed with code " + std::to_string(rc));
  z.resize(zsize);

  std::string out("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  put32(ihdr, w);
  put32(ihdr, h);
  ihdr += static_cast<char>(8);  // bit depth
  ihdr += static_cast<char>(2);  // colour type: RGB
  ihdr += static_cast<char>(0);  // compression: deflate
  ihdr += static_cast<char>(0);  // filter method 0
  ihdr += static_cast<char>(0);  // no interlace
  chunk(out, "IHDR", ihdr);
  chunk(out, "IDAT", z);
  chunk(out, "IEND", std::string());
  return out;
}

}  // namespace tabnas::report
