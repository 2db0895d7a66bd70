#include "tabnas/report/svg_writer.hpp"

#include <cmath>

#include "tabnas/core/text_format.hpp"

namespace tabnas::report {

namespace {

/// Coordinates with at most two decimals, trailing zeros dropped.
std::string n2(double v) {
  if (!std::isfinite(v)) return "0";
  std::string s = format_fixed(v, 2);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string points_attr(const std::vector<Point>& pts) {
  std::string s;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (i > 0) s += ' ';
    s += n2(pts[i].x) + "," + n2(pts[i].y);
  }
  return s;
}

std::string opacity_attr(const char* name, double o) {
  if (o >= 1.0) return "";
  return std::string(" ") + name + "=\"" + n2(o) + "\"";
}

}  // namespace

std::string SvgWriter::escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string SvgWriter::write(const Figure& f, bool inline_svg) {
  std::string s;
  if (!inline_svg) s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + n2(f.width) +
       "\" height=\"" + n2(f.height) + "\" viewBox=\"0 0 " + n2(f.width) + " " + n2(f.height) +
       "\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\">\n";
  if (!f.title.empty()) s += "<title>" + escape(f.title) + "</title>\n";
  s += "<rect x=\"0\" y=\"0\" width=\"" + n2(f.width) + "\" height=\"" + n2(f.height) +
       "\" fill=\"#ffffff\"/>\n";
  for (const auto& e : f.elements) {
    if (const auto* p = std::get_if<Figure::Polyline>(&e)) {
      s += std::string("<") + (p->closed ? "polygon" : "polyline") + " points=\"" +
           points_attr(p->points) + "\" fill=\"none\" stroke=\"" + p->stroke.hex() +
           "\" stroke-width=\"" + n2(p->width) + "\"" + opacity_attr("stroke-opacity", p->opacity) +
           " stroke-linejoin=\"round\" stroke-linecap=\"round\"";
      if (p->dash.size() == 2) {
        s += " stroke-dasharray=\"" + n2(p->dash[0]) + "," + n2(p->dash[1]) + "\"";
      }
      s += "/>\n";
    } else if (const auto* g = std::get_if<Figure::Polygon>(&e)) {
      s += "<polygon points=\"" + points_attr(g->points) + "\" fill=\"" + g->fill.hex() + "\"" +
           opacity_attr("fill-opacity", g->opacity) + " stroke=\"none\"/>\n";
    } else if (const auto* c = std::get_if<Figure::Circle>(&e)) {
      s += "<circle cx=\"" + n2(c->center.x) + "\" cy=\"" + n2(c->center.y) + "\" r=\"" +
           n2(c->radius) + "\"";
      if (c->fill_opacity > 0.0) {
        s += " fill=\"" + c->fill.hex() + "\"" + opacity_attr("fill-opacity", c->fill_opacity);
      } else {
        s += " fill=\"none\"";
      }
      if (c->stroke_width > 0.0) {
        s += " stroke=\"" + c->stroke.hex() + "\" stroke-width=\"" + n2(c->stroke_width) + "\"";
      }
      s += "/>\n";
    } else if (const auto* t = std::get_if<Figure::Text>(&e)) {
      const char* anchor = t->anchor == TextAnchor::kStart    ? "start"
                           : t->anchor == TextAnchor::kMiddle ? "middle"
                                                              : "end";
      s += "<text x=\"" + n2(t->at.x) + "\" y=\"" + n2(t->at.y) + "\" font-size=\"" + n2(t->size) +
           "\" fill=\"" + t->color.hex() + "\" text-anchor=\"" + anchor + "\"";
      if (t->vertical) {
        s += " transform=\"rotate(-90 " + n2(t->at.x) + " " + n2(t->at.y) + ")\"";
      }
      s += " xml:space=\"preserve\">" + escape(t->text) + "</text>\n";
    }
  }
  s += "</svg>\n";
  return s;
}

}  // namespace tabnas::report
