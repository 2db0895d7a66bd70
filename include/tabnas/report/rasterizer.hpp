#pragma once
/// @file Draws a Figure into a RasterImage: scanline polygon filling with 4 x 4 supersampling
/// (anti-aliasing), strokes as unions of segment quads and round joins, text in BitmapFont.
/// Each primitive is composited once over the union of its shapes, so translucent strokes do
/// not darken where their pieces overlap.
#include "tabnas/report/figure.hpp"
#include "tabnas/report/raster_image.hpp"

namespace tabnas::report {

class Rasterizer {
 public:
  /// Renders `figure` at `scale` device pixels per figure unit (2 gives a sharp PNG).
  static RasterImage render(const Figure& figure, double scale = 2.0);
};

}  // namespace tabnas::report
