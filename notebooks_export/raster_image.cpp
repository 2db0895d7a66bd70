#include "tabnas/report/raster_image.hpp"

#include <algorithm>
#include <cmath>

namespace tabnas::report {

RasterImage::RasterImage(std::uint32_t width, std::uint32_t height)
    : width_(width), height_(height), rgb_(static_cast<std::size_t>(width) * height * 3, 255.0F) {}

void RasterImage::blend(std::uint32_t x, std::uint32_t y, Color color, double alpha) {
  if (x >= width_ || y >= height_ || !(alpha > 0.0)) return;
  const auto a = static_cast<float>(std::min(alpha, 1.0));
  float* p = &rgb_[(static_cast<std::size_t>(y) * width_ + x) * 3];
  p[0] += a * (static_cast<float>(color.r) - p[0]);
  p[1] += a * (static_cast<float>(color.g) - p[1]);
  p[2] += a * (static_cast<float>(color.b) - p[2]);
}

Color RasterImage::pixel(std::uint32_t x, std::uint32_t y) const {
  const float* p = &rgb_[(static_cast<std::size_t>(y) * width_ + x) * 3];
  const auto c = [](float v) {
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
  };
  return Color{c(p[0]), c(p[1]), c(p[2])};
}

std::vector<std::uint8_t> RasterImage::rgb8() const {
  std::vector<std::uint8_t> out(rgb_.size());
  for (std::size_t i = 0; i < rgb_.size(); ++i) {
    out[i] = static_cast<std::uint8_t>(std::clamp(std::lround(rgb_[i]), 0L, 255L));
  }
  return out;
}

}  // namespace tabnas::report
