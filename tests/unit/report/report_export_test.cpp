// Export file validity: SVG, PNG (decoded back), CSV, notebook, manifest, HTML.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tabnas/report/export_figures.hpp"
#include "tabnas/report/exporter.hpp"
#include "tabnas/report/figure.hpp"
#include "tabnas/report/plots.hpp"
#include "tabnas/report/png_writer.hpp"
#include "tabnas/report/rasterizer.hpp"
#include "tabnas/report/svg_writer.hpp"
#include "tabnas/report/tidy_csv.hpp"
#include "test_support.hpp"

using namespace tabnas::report;
namespace fs = std::filesystem;

namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

/// A minimal PNG decoder for 8-bit RGB, non-interlaced files: checks every chunk CRC, inflates
/// IDAT and undoes the five row filters. Returns width, height and RGB bytes.
struct DecodedPng {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<std::uint8_t> rgb;
};

DecodedPng decode_png(const std::string& png) {
  DecodedPng out;
  REQUIRE(png.size() > 8);
  REQUIRE(png.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) == 0);
  std::size_t at = 8;
  std::string idat;
  bool end = false;
  while (at + 12 <= png.size() && !end) {
    const std::uint32_t len = be32(png, at);
    const std::string type = png.substr(at + 4, 4);
    const std::string body = png.substr(at + 4, 4 + len);
    const auto crc =
        crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
    REQUIRE(be32(png, at + 8 + len) == static_cast<std::uint32_t>(crc));
    const std::string data = png.substr(at + 8, len);
    if (type == "IHDR") {
      REQUIRE(len == 13);
      out.width = be32(data, 0);
      out.height = be32(data, 4);
      CHECK(data[8] == 8);   // bit depth
      CHECK(data[9] == 2);   // RGB
      CHECK(data[12] == 0);  // not interlaced
    } else if (type == "IDAT") {
      idat += data;
    } else if (type == "IEND") {
      end = true;
    }
    at += 12 + len;
  }
  REQUIRE(end);
  const std::size_t stride = static_cast<std::size_t>(out.width) * 3;
  std::vector<std::uint8_t> raw((stride + 1) * out.height);
  uLongf raw_len = static_cast<uLongf>(raw.size());
  REQUIRE(uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()),
                     static_cast<uLong>(idat.size())) == Z_OK);
  REQUIRE(raw_len == raw.size());
  out.rgb.assign(stride * out.height, 0);
  for (std::size_t y = 0; y < out.height; ++y) {
    const std::uint8_t f = raw[y * (stride + 1)];
    REQUIRE(f <= 4);
    const std::uint8_t* in = &raw[y * (stride + 1) + 1];
    std::uint8_t* cur = &out.rgb[y * stride];
    const std::uint8_t* up = y > 0 ? &out.rgb[(y - 1) * stride] : nullptr;
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= 3 ? cur[i - 3] : 0;
      const int b = up != nullptr ? up[i] : 0;
      const int c = (i >= 3 && up != nullptr) ? up[i - 3] : 0;
      int pred = 0;
      if (f == 1) pred = a;
      if (f == 2) pred = b;
      if (f == 3) pred = (a + b) / 2;
      if (f == 4) {
        const int p = a + b - c;
        const int pa = std::abs(p - a);
        const int pb = std::abs(p - b);
        const int pc = std::abs(p - c);
        pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
      }
      cur[i] = static_cast<std::uint8_t>((in[i] + pred) & 0xFF);
    }
  }
  return out;
}

/// Well-formedness check of the XML we write: balanced tags, attributes quoted, one root.
bool xml_balanced(const std::string& s, std::string& why) {
  std::vector<std::string> stack;
  std::size_t i = 0;
  int roots = 0;
  while ((i = s.find('<', i)) != std::string::npos) {
    const std::size_t j = s.find('>', i);
    if (j == std::string::npos) {
      why = "unterminated tag";
      return false;
    }
    std::string tag = s.substr(i + 1, j - i - 1);
    i = j + 1;
    if (tag.empty()) {
      why = "empty tag";
      return false;
    }
    if (tag[0] == '?' || tag[0] == '!') continue;
    if (std::count(tag.begin(), tag.end(), '"') % 2 != 0) {
      why = "unbalanced quotes in <" + tag + ">";
      return false;
    }
    if (tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (stack.empty() || stack.back() != name) {
        why = "unexpected </" + name + ">";
        return false;
      }
      stack.pop_back();
      continue;
    }
    const std::string name = tag.substr(0, tag.find_first_of(" \n/"));
    if (stack.empty()) ++roots;
    if (tag.back() != '/') stack.push_back(name);
  }
  if (!stack.empty()) {
    why = "unclosed <" + stack.back() + ">";
    return false;
  }
  if (roots != 1) {
    why = "expected one root element";
    return false;
  }
  return true;
}

StepRecord step(std::uint32_t k, double v) {
  StepRecord s;
  s.step = k;
  s.arch = k * 3;
  s.observed = s.reported = v;
  s.incumbent = k;
  s.incumbent_observed = s.incumbent_reported = v;
  s.cost = 1.0;
  s.cumulative_cost = k;
  s.time = k;
  s.hypervolume = 0.1 * k;
  return s;
}

/// Two algorithms x 4 seeds x 6 steps, two objectives, on datasets "d1" and "d 2".
ResultsData small_mo_data() {
  ResultsData d;
  d.directory = "small";
  d.name = "small";
  d.source_file = "results.sqlite";
  d.num_objectives = 2;
  d.objective_names = {"-valid/hp12/accuracy", "params"};
  d.report_description = "valid/hp200/accuracy";
  for (const std::string ds : {"d1", "d 2"}) {
    d.best_in_table[ds] = 100.0;
    for (const std::string alg : {"alpha", "beta,quoted"}) {
      for (std::int64_t seed = 0; seed < 4; ++seed) {
        RunRecord r;
        r.index = d.runs.size();
        r.dataset = ds;
        r.algorithm = alg;
        r.seed = seed;
        double best = 0.0;
        for (std::uint32_t k = 1; k <= 6; ++k) {
          const double v =
              50.0 + static_cast<double>((k * 7 + static_cast<std::uint32_t>(seed) * 5) % 11) +
              (alg == "alpha" ? 3.0 : 0.0);
          best = std::max(best, v);
          StepRecord s = step(k, best);
          s.observed = v;
          s.hypervolume = 0.01 * best + 0.001 * static_cast<double>(seed);
          r.steps.push_back(s);
          r.objectives.push_back(-v);
          r.objectives.push_back(
              static_cast<double>((k * 13 + static_cast<std::uint32_t>(seed)) % 7) + 0.5);
        }
        d.runs.push_back(r);
      }
    }
  }
  d.datasets = {"d1", "d 2"};
  d.algorithms = {"alpha", "beta,quoted"};
  return d;
}

}  // namespace

TEST_CASE("SVG writer: well-formed and escaped", "[report]") {
  Figure f;
  f.width = 100;
  f.height = 50;
  f.title = "a < b & \"c\"";
  f.elements.emplace_back(
      Figure::Polyline{{{0, 0}, {10, 10}}, Color{1, 2, 3}, 1.5, 0.5, false, {4, 2}});
  f.elements.emplace_back(Figure::Polygon{{{0, 0}, {10, 0}, {10, 10}}, Color{255, 0, 0}, 0.2});
  f.elements.emplace_back(Figure::Circle{{5, 5}, 2, Color{0, 0, 255}, 0.0, Color{0, 0, 255}, 1.0});
  f.elements.emplace_back(Figure::Text{{5, 40}, "x<y>&z", 10, Color{}, TextAnchor::kMiddle, true});
  const std::string svg = SvgWriter::write(f);
  std::string why;
  CHECK(xml_balanced(svg, why));
  INFO(why);
  CHECK(svg.find("x&lt;y&gt;&amp;z") != std::string::npos);
  CHECK(svg.find("rotate(-90 5 40)") != std::string::npos);
  CHECK(svg.find("stroke-dasharray=\"4,2\"") != std::string::npos);
  CHECK(svg.find("#010203") != std::string::npos);
  CHECK(Color::from_hex("#1f77b4").hex() == "#1f77b4");
}

TEST_CASE("PNG writer and rasterizer: decodable with exact pixels and anti-aliased edges",
          "[report]") {
  Figure f;
  f.width = 40;
  f.height = 30;
  // a red square 10..20 x 5..15 and a half-pixel edge at x = 30.5
  f.elements.emplace_back(
      Figure::Polygon{{{10, 5}, {20, 5}, {20, 15}, {10, 15}}, Color{255, 0, 0}, 1.0});
  f.elements.emplace_back(
      Figure::Polygon{{{25, 20}, {30.5, 20}, {30.5, 28}, {25, 28}}, Color{0, 0, 0}, 1.0});
  f.elements.emplace_back(
      Figure::Polygon{{{0, 20}, {8, 20}, {8, 28}, {0, 28}}, Color{0, 0, 255}, 0.5});
  const RasterImage img = Rasterizer::render(f, 1.0);
  CHECK(img.width() == 40);
  CHECK(img.height() == 30);
  const Color inside = img.pixel(15, 10);
  CHECK((inside.r == 255 && inside.g == 0 && inside.b == 0));
  const Color outside = img.pixel(5, 2);
  CHECK((outside.r == 255 && outside.g == 255 && outside.b == 255));
  const Color edge = img.pixel(30, 24);  // half covered: mid grey
  CHECK(edge.r == 128);
  const Color translucent = img.pixel(4, 24);  // 50% blue over white
  CHECK((translucent.r == 128 && translucent.b == 255));

  const std::string png = PngWriter::encode(img);
  const DecodedPng dec = decode_png(png);
  CHECK(dec.width == 40);
  CHECK(dec.height == 30);
  CHECK(dec.rgb == img.rgb8());
  CHECK(PngWriter::encode(img) == png);  // deterministic

  // Text leaves ink; scale 2 doubles the size
  Figure t;
  t.width = 60;
  t.height = 20;
  t.elements.emplace_back(Figure::Text{{2, 14}, "Ag1", 10, Color{}, TextAnchor::kStart, false});
  const RasterImage ti = Rasterizer::render(t, 2.0);
  CHECK(ti.width() == 120);
  std::size_t ink = 0;
  for (std::uint32_t y = 0; y < ti.height(); ++y) {
    for (std::uint32_t x = 0; x < ti.width(); ++x) ink += ti.pixel(x, y).r < 128 ? 1U : 0U;
  }
  CHECK(ink > 100);
}

TEST_CASE("plots: box statistics follow matplotlib's rules and Pareto filtering", "[report]") {
  const auto b = BoxStats::of({1, 2, 3, 4, 5, 6, 7, 8, 100, std::nan("")});
  CHECK(b.q1 == 3.0);
  CHECK(b.median == 5.0);
  CHECK(b.q3 == 7.0);
  CHECK(b.whisker_low == 1.0);
  CHECK(b.whisker_high == 8.0);
  CHECK(b.outliers == std::vector<double>{100.0});
  CHECK(ExportFigures::non_dominated({{-3, 5}, {-1, 1}, {-2, 1}, {-2, 3}, {-3, 5}, {0, 9}}) ==
        std::vector<std::pair<double, double>>{{-2, 1}, {-3, 5}});
  CHECK(ExportFigures::slug("d 2/x") == "d_2_x");
}

TEST_CASE("export writes valid CSV and notebook and figures and HTML and manifest", "[report]") {
  tabnas::test::TempDir dir;
  const ResultsData data = small_mo_data();
  ExportOptions opt;
  opt.out_dir = dir.str("export");
  opt.png_scale = 1.0;
  const auto files = Exporter::run(data, opt);
  CHECK(files.back() == "manifest.json");
  const auto read = [&](const std::string& f) {
    return tabnas::test::read_file(dir.str("export/" + f));
  };

  // CSV: header + one row per (algorithm, seed, step); quoted label; objective columns
  const std::string csv = read("trajectory.csv");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 2 * 2 * 4 * 6);
  CHECK(csv.rfind("dataset,algorithm,seed,step,arch,fidelity,observed,reported,incumbent,"
                  "incumbent_observed,incumbent_reported,cost,cumulative_cost,objective_0,"
                  "objective_1,hypervolume\n",
                  0) == 0);
  CHECK(csv.find("\"beta,quoted\"") != std::string::npos);
  CHECK(TidyCsv::cell("a\"b") == "\"a\"\"b\"");

  // notebook: nbformat 4 structure
  const auto nb = nlohmann::json::parse(read("tabnas_export.ipynb"));
  CHECK(nb["nbformat"] == 4);
  CHECK(nb["nbformat_minor"].get<int>() >= 4);
  CHECK(nb["metadata"].contains("kernelspec"));
  std::size_t code_cells = 0;
  for (const auto& c : nb["cells"]) {
    REQUIRE(c.contains("cell_type"));
    REQUIRE(c.contains("source"));
    REQUIRE(c.contains("metadata"));
    REQUIRE(c.contains("id"));
    if (c["cell_type"] == "code") {
      ++code_cells;
      CHECK(c["outputs"].is_array());
      CHECK(c.contains("execution_count"));
    }
  }
  CHECK(code_cells == 4);

  // figures: SVG well-formed, PNG decodable at the right size
  const auto manifest = nlohmann::json::parse(read("manifest.json"));
  const auto& figs = manifest["export"]["figures"];
  // per dataset: anytime regret, box, anytime hypervolume, pareto
  CHECK(figs.size() == 8);
  for (const auto& f : figs) {
    const std::string svg = read(f["files"][0].get<std::string>());
    std::string why;
    CHECK(xml_balanced(svg, why));
    const auto png = decode_png(read(f["files"][1].get<std::string>()));
    CHECK(png.width == 720);
    CHECK(png.height == 450);
  }
  CHECK(manifest["export"]["metric"] == "regret");
  CHECK(manifest["export"]["t_quantile_975"].contains("3"));
  CHECK(manifest["export"]["files"].size() + 1 == files.size());
  for (const auto& f : manifest["export"]["files"]) {
    CHECK(f["sha256"].get<std::string>().size() == 64);
  }
  const std::string pareto = read("pareto.csv");
  CHECK(pareto.rfind("dataset,algorithm,seed,hypervolume,objective_0,objective_1\n", 0) == 0);

  const std::string html = read("report.html");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(std::count(html.begin(), html.end(), 'x') > 0);
  std::size_t svgs = 0;
  for (std::size_t p = 0; (p = html.find("<svg ", p)) != std::string::npos; ++p) ++svgs;
  CHECK(svgs == 8);
  CHECK(html.find("src=\"http") == std::string::npos);  // self-contained

  // same inputs, same bytes
  ExportOptions opt2 = opt;
  opt2.out_dir = dir.str("export2");
  Exporter::run(data, opt2);
  for (const auto& f : files) {
    if (f == "manifest.json") continue;
    INFO(f);
    CHECK(read(f) == tabnas::test::read_file(dir.str("export2/" + f)));
  }
}
