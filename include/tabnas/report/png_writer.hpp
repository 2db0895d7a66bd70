#pragma once
/// @file Encodes a RasterImage as PNG (8-bit RGB, zlib-compressed, per-row adaptive filter).
#include <string>

#include "tabnas/report/raster_image.hpp"

namespace tabnas::report {

class PngWriter {
 public:
  /// The PNG file bytes. Deterministic for a given zlib. @throws InternalError if zlib fails.
  static std::string encode(const RasterImage& image);
};

}  // namespace tabnas::report
