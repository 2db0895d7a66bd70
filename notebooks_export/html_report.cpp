#include "tabnas/report/html_report.hpp"

#include <cmath>

#include "tabnas/core/text_format.hpp"
#include "tabnas/report/report_formatter.hpp"
#include "tabnas/report/svg_writer.hpp"

namespace tabnas::report {

namespace {

using Json = nlohmann::ordered_json;

std::string esc(const std::string& s) {
  return SvgWriter::escape(s);
}

std::string fx(double v, int d) {
  return std::isnan(v) ? "&ndash;" : format_fixed(v, d);
}

std::string ci(double lo, double hi, int d) {
  if (std::isnan(lo) || std::isnan(hi)) return "&ndash;";
  return "[" + format_fixed(lo, d) + ", " + format_fixed(hi, d) + "]";
}

std::string th(const std::vector<std::string>& cells) {
  std::string s = "<tr>";
  for (const auto& c : cells) s += "<th>" + esc(c) + "</th>";
  return s + "</tr>\n";
}

std::string td_row(const std::vector<std::string>& cells, std::size_t text_cols) {
  std::string s = "<tr>";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    s += std::string(i < text_cols ? "<td class=\"t\">" : "<td>") + cells[i] + "</td>";
  }
  return s + "</tr>\n";
}

std::string json_text(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  return j.dump();
}

}  // namespace

std::string HtmlReport::render(const ResultsData& data, const ReportTables& t,
                               const std::vector<ExportedFigure>& figures, const Json& manifest) {
  double m = 0.0;
  for (const auto& r : t.final_rows) {
    if (std::isfinite(r.stats.max)) m = std::max(m, std::fabs(r.stats.max));
    if (std::isfinite(r.stats.min)) m = std::max(m, std::fabs(r.stats.min));
  }
  const int dg = ReportFormatter::digits_for(m);
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
       esc(data.name) +
       " - tabnas report</title>\n<style>\n"
       "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;"
       "max-width:1100px;color:#222;padding:0 1em}\n"
       "table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:0.9em}\n"
       "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right;"
       "font-variant-numeric:tabular-nums}\n"
       "th{background:#f3f3f3}\ntd.t{text-align:left}\n"
       "figure{margin:1.5em 0}\nfigcaption{font-size:0.9em;color:#444;max-width:720px}\n"
       "svg{max-width:100%;height:auto;border:1px solid #eee}\n"
       "p.note{font-size:0.85em;color:#555;max-width:900px}\n"
       "code{background:#f5f5f5;padding:0 3px}\n</style>\n</head>\n<body>\n";
  h += "<h1>" + esc(data.name) + "</h1>\n";
  h += "<p>Metric <code>" + esc(metric_name(t.metric)) +
       "</code>: " + esc(data.describe(t.metric)) + " (" +
       (t.higher_is_better ? "higher" : "lower") + " is better). " +
       std::to_string(data.runs.size()) + " runs, " + std::to_string(t.datasets.size()) +
       " dataset(s), " + std::to_string(t.algorithms.size()) + " algorithm(s), up to " +
       std::to_string(data.max_step()) +
       " queries per run. Files: <code>trajectory.csv</code>, "
       "<code>tabnas_export.ipynb</code>, <code>figures/</code>, <code>manifest.json</code>.</p>\n";

  h += "<h2>Final values</h2>\n<p class=\"note\">Value at each run's last query; 95% CIs of the "
       "mean by Student t and by percentile bootstrap (" +
       std::to_string(t.options.bootstrap_resamples) + " resamples, seed " +
       std::to_string(t.options.bootstrap_seed) + ").</p>\n<table>\n";
  h += th({"dataset", "algorithm", "runs", "failed", "mean", "std", "se", "95% CI (t)",
           "95% CI (bootstrap)", "median", "Q1", "Q3"});
  for (const auto& r : t.final_rows) {
    const auto& s = r.stats;
    h += td_row({esc(r.dataset), esc(r.algorithm), std::to_string(r.runs), std::to_string(r.failed),
                 fx(s.mean, dg), fx(s.std, dg), fx(s.sem, dg), ci(s.t_low, s.t_high, dg),
                 ci(s.boot_low, s.boot_high, dg), fx(s.median, dg), fx(s.q1, dg), fx(s.q3, dg)},
                2);
  }
  h += "</table>\n";

  if (!t.steps.empty()) {
    h += "<h2>Anytime</h2>\n<p class=\"note\">Mean &plusmn; standard error after N queries; " +
         esc(ReportFormatter::interpolation_note()) + ".</p>\n<table>\n";
    std::vector<std::string> head = {"dataset", "algorithm"};
    for (const auto s : t.steps) head.push_back("N=" + std::to_string(s));
    h += th(head);
    for (const auto& r : t.anytime) {
      std::vector<std::string> cells = {esc(r.dataset), esc(r.algorithm)};
      for (const auto& s : r.at) cells.push_back(fx(s.mean, dg) + " &plusmn; " + fx(s.sem, dg));
      h += td_row(cells, 2);
    }
    h += "</table>\n";
  }

  h += "<h2>Mean rank across datasets</h2>\n<p class=\"note\">Rank of the final mean per "
       "dataset (1 = best; ties share the average rank), averaged over datasets.</p>\n<table>\n";
  std::vector<std::string> rh = {"algorithm", "mean rank"};
  for (const auto& d : t.ranks.datasets) rh.push_back(d);
  h += th(rh);
  for (std::size_t a = 0; a < t.ranks.algorithms.size(); ++a) {
    std::vector<std::string> cells = {esc(t.ranks.algorithms[a]), fx(t.ranks.mean_rank[a], 2)};
    for (const double r : t.ranks.ranks[a]) cells.push_back(fx(r, 1));
    h += td_row(cells, 1);
  }
  h += "</table>\n";

  h += "<h2>Pairwise Wilcoxon signed-rank tests</h2>\n<p class=\"note\">" +
       esc(ReportFormatter::wilcoxon_note()) +
       ". Cell (row, column): p-value; + row better, &minus; row worse; * Holm-adjusted p &lt; "
       "0.05.</p>\n";
  for (const auto& ds : t.datasets) {
    std::vector<std::string> algs;
    for (const auto& r : t.final_rows) {
      if (r.dataset == ds) algs.push_back(r.algorithm);
    }
    if (algs.size() < 2) continue;
    h += "<table>\n";
    std::vector<std::string> head = {ds};
    head.insert(head.end(), algs.begin(), algs.end());
    h += th(head);
    for (const auto& ra : algs) {
      std::vector<std::string> cells = {esc(ra)};
      for (const auto& cb : algs) {
        std::string cell = "&ndash;";
        for (const auto& p : t.pairwise) {
          if (p.dataset != ds) continue;
          const bool fwd = p.a == ra && p.b == cb;
          const bool bwd = p.a == cb && p.b == ra;
          if (!fwd && !bwd) continue;
          const int better = fwd ? p.better : -p.better;
          cell = esc(ReportFormatter::format_p(p.result.p_value)) +
                 (better > 0   ? " +"
                  : better < 0 ? " &minus;"
                               : " =") +
                 (p.p_holm < 0.05 ? "*" : "") + " <small>(n=" + std::to_string(p.result.pairs) +
                 ")</small>";
        }
        cells.push_back(cell);
      }
      h += td_row(cells, 1);
    }
    h += "</table>\n";
  }

  h += "<h2>Figures</h2>\n";
  for (const auto& f : figures) {
    h += "<figure id=\"" + esc(f.name) + "\">\n" + SvgWriter::write(f.figure, true) +
         "<figcaption><b>" + esc(f.name) + "</b>: " + esc(f.caption) + "</figcaption>\n</figure>\n";
  }

  h += "<h2>Provenance</h2>\n<table>\n";
  for (const char* key :
       {"tabnas_version", "git_commit", "compiler", "store_schema_version", "master_seed"}) {
    if (manifest.contains(key)) {
      h += td_row({esc(key), esc(json_text(manifest[key]))}, 2);
    }
  }
  if (manifest.contains("libraries") && manifest["libraries"].is_object()) {
    for (const auto& [k, v] : manifest["libraries"].items()) {
      h += td_row({esc(k), esc(json_text(v))}, 2);
    }
  }
  h += "</table>\n";
  if (manifest.contains("store_sources") && manifest["store_sources"].is_array()) {
    h += "<table>\n" + th({"store source", "sha256", "importer", "rows"});
    for (const auto& s : manifest["store_sources"]) {
      h += td_row({esc(json_text(s.value("file", Json("")))),
                   "<code>" + esc(json_text(s.value("sha256", Json("")))) + "</code>",
                   esc(json_text(s.value("importer", Json("")))),
                   esc(json_text(s.value("rows", Json(""))))},
                  3);
    }
    h += "</table>\n";
  }
  if (data.spec.is_object()) {
    h += "<details><summary>Experiment spec</summary>\n<pre>" + esc(data.spec.dump(2)) +
         "</pre>\n</details>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace tabnas::report
