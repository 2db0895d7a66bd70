#pragma once
/// @file An RGB image with floating-point channels, composited by coverage.
#include <cstdint>
#include <vector>

#include "tabnas/report/figure.hpp"

namespace tabnas::report {

class RasterImage {
 public:
  /// A white image of width x height pixels.
  RasterImage(std::uint32_t width, std::uint32_t height);

  [[nodiscard]] std::uint32_t width() const noexcept { return width_; }
  [[nodiscard]] std::uint32_t height() const noexcept { return height_; }
  /// Blends `color` over pixel (x, y) with weight `alpha` in [0, 1] (out of range is ignored).
  void blend(std::uint32_t x, std::uint32_t y, Color color, double alpha);
  /// 8-bit RGB of pixel (x, y), rounded.
  [[nodiscard]] Color pixel(std::uint32_t x, std::uint32_t y) const;
  /// Rows of 8-bit RGB, top to bottom (width * 3 bytes per row).
  [[nodiscard]] std::vector<std::uint8_t> rgb8() const;

 private:
  std::uint32_t width_;
  std::uint32_t height_;
  std::vector<float> rgb_;  ///< linear in the stored sRGB values (no gamma handling)
};

}  // namespace tabnas::report
