#include "tabnas/report/report_formatter.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tabnas/core/text_format.hpp"

namespace tabnas::report {

namespace {

using Json = nlohmann::ordered_json;

Json num(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

/// A text table: left-aligned first `left` columns, right-aligned others, widths from content.
class TextTable {
 public:
  TextTable(std::vector<std::string> header, std::size_t left)
      : header_(std::move(header)), left_(left) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  [[nodiscard]] std::string str() const {
    std::vector<std::size_t> w(header_.size(), 0);
    for (std::size_t c = 0; c < header_.size(); ++c) w[c] = header_[c].size();
    for (const auto& r : rows_) {
      for (std::size_t c = 0; c < r.size() && c < w.size(); ++c) w[c] = std::max(w[c], r[c].size());
    }
    std::string out;
    const auto line = [&](const std::vector<std::string>& r) {
      std::string l;
      for (std::size_t c = 0; c < w.size(); ++c) {
        const std::string cell = c < r.size() ? r[c] : std::string();
        const std::string pad(w[c] - cell.size(), ' ');
        if (c > 0) l += "  ";
        l += c < left_ ? cell + pad : pad + cell;
      }
      while (!l.empty() && l.back() == ' ') l.pop_back();
      out += l + "\n";
    };
    line(header_);
    for (const auto& r : rows_) line(r);
    return out;
  }

 private:
  std::vector<std::string> header_;
  std::size_t left_;
  std::vector<std::vector<std::string>> rows_;
};

std::string fx(double v, int digits) {
  if (std::isnan(v)) return "-";
  return format_fixed(v, digits);
}

std::string ci(double lo, double hi, int digits) {
  if (std::isnan(lo) || std::isnan(hi)) return "-";
  return "[" + format_fixed(lo, digits) + ", " + format_fixed(hi, digits) + "]";
}

Json summary_json(const SampleSummary& s) {
  Json j = Json::object();
  j["n"] = s.n;
  j["mean"] = num(s.mean);
  j["std"] = num(s.std);
  j["sem"] = num(s.sem);
  j["ci95_t"] = Json::array({num(s.t_low), num(s.t_high)});
  j["ci95_bootstrap"] = Json::array({num(s.boot_low), num(s.boot_high)});
  j["median"] = num(s.median);
  j["q1"] = num(s.q1);
  j["q3"] = num(s.q3);
  j["min"] = num(s.min);
  j["max"] = num(s.max);
  return j;
}

double max_abs(const ReportTables& t) {
  double m = 0.0;
  for (const auto& r : t.final_rows) {
    for (const double v : {r.stats.mean, r.stats.max, r.stats.min}) {
      if (std::isfinite(v)) m = std::max(m, std::fabs(v));
    }
  }
  return m;
}

std::string anytime_text(const std::vector<AnytimeRow>& rows, const std::vector<std::string>& xs,
                         int digits) {
  std::vector<std::string> header = {"dataset", "algorithm"};
  for (const auto& x : xs) header.push_back(x);
  TextTable tt(header, 2);
  for (const auto& r : rows) {
    std::vector<std::string> cells = {r.dataset, r.algorithm};
    for (const auto& s : r.at) {
      cells.push_back(std::isnan(s.mean)
                          ? "-"
                          : format_fixed(s.mean, digits) + " +- " +
                                (std::isnan(s.sem) ? "-" : format_fixed(s.sem, digits)));
    }
    tt.add(cells);
  }
  return tt.str();
}

/// Word-wraps `text` at `width` columns, every line indented by two spaces.
std::string wrap(const std::string& text, std::size_t width = 100) {
  std::string out;
  std::string line = " ";
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(pos, end - pos);
    if (line.size() > 1 && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = " ";
    }
    line += " " + word;
    pos = end + 1;
  }
  if (line.size() > 1) out += line + "\n";
  return out;
}

std::string short_number(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9 * std::max(1.0, std::fabs(v))) {
    return format_fixed(std::round(v), 0);
  }
  return format_fixed(v, 2);
}

}  // namespace

const char* ReportFormatter::interpolation_note() {
  return "step function: a run's value at x is the value after its last completed query at or "
         "before x; runs without a completed query at x are left out; after its last query a "
         "run keeps its last value";
}

const char* ReportFormatter::wilcoxon_note() {
  return "two-sided Wilcoxon signed-rank test of the final values paired by seed (seeds where "
         "both runs succeeded); zero differences dropped, tied |differences| get average ranks; "
         "exact permutation distribution for n <= 25 non-zero differences, else normal "
         "approximation with tie and continuity correction; Holm adjustment over the pairs of "
         "each dataset";
}

std::string ReportFormatter::format_p(double p) {
  if (std::isnan(p)) return "-";
  if (p < 1e-4) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1e", p);
    return buf;
  }
  return format_fixed(p, 4);
}

int ReportFormatter::digits_for(double m) {
  return m < 1.0 ? 4 : 3;
}

std::string ReportFormatter::text(const ResultsData& data, const ReportTables& t) {
  const int dg = digits_for(max_abs(t));
  std::string out;
  const std::string dir = t.higher_is_better ? "higher is better" : "lower is better";
  out += "experiment " + data.name + " (read from " + data.source_file + ")\n";
  out += "metric " + metric_name(t.metric) + ": " + data.describe(t.metric) + " (" + dir + ")\n";
  std::size_t n_runs = data.runs.size();
  std::size_t n_failed = 0;
  for (const auto& r : data.runs) n_failed += r.ok ? 0 : 1;
  out += std::to_string(t.datasets.size()) + " dataset(s), " + std::to_string(t.algorithms.size()) +
         " algorithm(s), " + std::to_string(n_runs) + " runs (" + std::to_string(n_failed) +
         " failed), up to " + std::to_string(data.max_step()) + " queries per run\n\n";

  out += "Final value (at each run's last query)\n";
  out += wrap("95% confidence intervals of the mean: Student t, and percentile bootstrap (" +
              std::to_string(t.options.bootstrap_resamples) + " resamples, seed " +
              std::to_string(t.options.bootstrap_seed) +
              "); quartiles by linear interpolation "
              "(type 7); failed runs are counted and left out");
  TextTable ft({"dataset", "algorithm", "runs", "failed", "mean", "std", "se", "95% CI (t)",
                "95% CI (bootstrap)", "median", "Q1", "Q3"},
               2);
  for (const auto& r : t.final_rows) {
    const auto& s = r.stats;
    ft.add({r.dataset, r.algorithm, std::to_string(r.runs), std::to_string(r.failed),
            fx(s.mean, dg), fx(s.std, dg), fx(s.sem, dg), ci(s.t_low, s.t_high, dg),
            ci(s.boot_low, s.boot_high, dg), fx(s.median, dg), fx(s.q1, dg), fx(s.q3, dg)});
  }
  out += ft.str();

  if (!t.steps.empty()) {
    out += "\nAnytime: mean +- standard error after N queries\n";
    out += wrap("interpolation: " + std::string(interpolation_note()));
    std::vector<std::string> xs;
    for (const auto s : t.steps) xs.push_back("N=" + std::to_string(s));
    out += anytime_text(t.anytime, xs, dg);
  } else if (!data.has_trajectory) {
    out +=
        "\n(no per-step rows: the experiment ran with --no-trajectory; anytime tables skipped)\n";
  }
  if (!t.times.empty()) {
    const bool seconds = data.spec.is_object() && data.spec.contains("budget") &&
                         data.spec["budget"].is_object() && data.spec["budget"].contains("seconds");
    out += std::string("\nAnytime: mean +- standard error at simulated time T (") +
           (seconds ? "estimated seconds, from the training time model in manifest.json"
                    : "budget units") +
           ")\n";
    out += wrap("same interpolation over the simulated clock");
    std::vector<std::string> xs;
    for (const auto x : t.times) xs.push_back("T=" + short_number(x));
    out += anytime_text(t.anytime_time, xs, dg);
  }

  out += "\nMean rank across datasets\n";
  out += wrap(
      "algorithms ranked per dataset by final mean (1 = best; ties share the average "
      "rank), averaged over the datasets each ran on");
  std::vector<std::string> rh = {"algorithm", "mean rank", "datasets"};
  for (const auto& d : t.ranks.datasets) rh.push_back(d);
  TextTable rt(rh, 1);
  std::vector<std::size_t> order(t.ranks.algorithms.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double ra = t.ranks.mean_rank[a];
    const double rb = t.ranks.mean_rank[b];
    if (std::isnan(ra) != std::isnan(rb)) return std::isnan(rb);
    return ra < rb;
  });
  for (const auto a : order) {
    std::vector<std::string> cells = {t.ranks.algorithms[a], fx(t.ranks.mean_rank[a], 2),
                                      std::to_string(t.ranks.datasets_ranked[a])};
    for (const double r : t.ranks.ranks[a]) cells.push_back(fx(r, 1));
    rt.add(cells);
  }
  out += rt.str();

  out += "\nPairwise Wilcoxon signed-rank tests (final values)\n";
  out += wrap(std::string(wilcoxon_note()) +
              ". Cell (row, column): p-value, then + if the row algorithm is better, - if worse, "
              "= if W+ = W-; * if the Holm-adjusted p < 0.05");
  for (const auto& ds : t.datasets) {
    std::vector<std::string> algs;
    for (const auto& a : t.algorithms) {
      for (const auto& r : t.final_rows) {
        if (r.dataset == ds && r.algorithm == a) algs.push_back(a);
      }
    }
    if (algs.size() < 2) continue;
    std::vector<std::string> header = {ds};
    for (const auto& a : algs) header.push_back(a);
    TextTable pt(header, 1);
    std::size_t min_n = SIZE_MAX;
    std::size_t max_n = 0;
    bool any_exact = false;
    bool any_normal = false;
    for (const auto& ra : algs) {
      std::vector<std::string> cells = {ra};
      for (const auto& cb : algs) {
        if (ra == cb) {
          cells.emplace_back("-");
          continue;
        }
        for (const auto& p : t.pairwise) {
          if (p.dataset != ds) continue;
          const bool fwd = p.a == ra && p.b == cb;
          const bool bwd = p.a == cb && p.b == ra;
          if (!fwd && !bwd) continue;
          const int better = fwd ? p.better : -p.better;
          std::string cell = format_p(p.result.p_value);
          cell += better > 0 ? " +" : better < 0 ? " -" : " =";
          cell += p.p_holm < 0.05 ? "*" : " ";
          cells.push_back(cell);
          min_n = std::min(min_n, p.result.pairs);
          max_n = std::max(max_n, p.result.pairs);
          any_exact = any_exact || p.result.exact;
          any_normal = any_normal || !p.result.exact;
        }
      }
      pt.add(cells);
    }
    out += pt.str();
    out += "  pairs per test: " +
           (min_n == max_n ? std::to_string(min_n)
                           : std::to_string(min_n) + ".." + std::to_string(max_n)) +
           " common seeds; " +
           (any_exact && any_normal ? "exact and normal approximation"
            : any_exact             ? "exact distribution"
                                    : "normal approximation") +
           "\n";
  }
  return out;
}

Json ReportFormatter::json(const ResultsData& data, const ReportTables& t) {
  Json j = Json::object();
  j["experiment"] = data.name;
  j["source"] = data.source_file;
  j["metric"] = metric_name(t.metric);
  j["metric_description"] = data.describe(t.metric);
  j["higher_is_better"] = t.higher_is_better;
  j["max_step"] = data.max_step();
  j["bootstrap"] = {{"method", "percentile bootstrap of the mean"},
                    {"resamples", t.options.bootstrap_resamples},
                    {"seed", t.options.bootstrap_seed}};
  j["interpolation"] = interpolation_note();
  Json fin = Json::array();
  for (const auto& r : t.final_rows) {
    Json row = Json::object();
    row["dataset"] = r.dataset;
    row["algorithm"] = r.algorithm;
    row["runs"] = r.runs;
    row["failed"] = r.failed;
    row.update(summary_json(r.stats));
    fin.push_back(row);
  }
  j["final"] = fin;
  const auto anytime_json = [](const std::string& axis, const Json& grid,
                               const std::vector<AnytimeRow>& rows) {
    Json a = Json::object();
    a["axis"] = axis;
    a["grid"] = grid;
    a["rows"] = Json::array();
    for (const auto& r : rows) {
      Json row = {{"dataset", r.dataset}, {"algorithm", r.algorithm}, {"points", Json::array()}};
      for (const auto& s : r.at) row["points"].push_back(summary_json(s));
      a["rows"].push_back(row);
    }
    return a;
  };
  if (!t.steps.empty()) j["anytime_steps"] = anytime_json("step", t.steps, t.anytime);
  if (!t.times.empty()) {
    Json grid = Json::array();
    for (const double x : t.times) grid.push_back(x);
    j["anytime_time"] = anytime_json("time", grid, t.anytime_time);
  }
  Json ranks = Json::object();
  ranks["datasets"] = t.ranks.datasets;
  ranks["rows"] = Json::array();
  for (std::size_t a = 0; a < t.ranks.algorithms.size(); ++a) {
    Json per = Json::object();
    for (std::size_t d = 0; d < t.ranks.datasets.size(); ++d) {
      per[t.ranks.datasets[d]] = num(t.ranks.ranks[a][d]);
    }
    ranks["rows"].push_back({{"algorithm", t.ranks.algorithms[a]},
                             {"mean_rank", num(t.ranks.mean_rank[a])},
                             {"datasets_ranked", t.ranks.datasets_ranked[a]},
                             {"ranks", per}});
  }
  j["ranks"] = ranks;
  Json pw = Json::object();
  pw["test"] = wilcoxon_note();
  pw["pairs"] = Json::array();
  for (const auto& p : t.pairwise) {
    pw["pairs"].push_back({{"dataset", p.dataset},
                           {"a", p.a},
                           {"b", p.b},
                           {"pairs", p.result.pairs},
                           {"nonzero", p.result.nonzero},
                           {"w_plus", p.result.w_plus},
                           {"w_minus", p.result.w_minus},
                           {"z", num(p.result.z)},
                           {"exact", p.result.exact},
                           {"p_value", num(p.result.p_value)},
                           {"p_holm", num(p.p_holm)},
                           {"median_difference", num(p.result.median_difference)},
                           {"better", p.better > 0   ? "a"
                                      : p.better < 0 ? "b"
                                                     : "tie"}});
  }
  j["pairwise_wilcoxon"] = pw;
  return j;
}

}  // namespace tabnas::report
