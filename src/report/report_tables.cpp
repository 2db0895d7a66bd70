#include "tabnas/report/report_tables.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "tabnas/report/anytime_curves.hpp"

namespace tabnas::report {

std::vector<std::uint32_t> ReportTables::default_steps(std::uint32_t max_step) {
  std::vector<std::uint32_t> out;
  if (max_step == 0) return out;
  for (const double f : {1.0 / 15.0, 1.0 / 3.0, 1.0}) {
    const auto s =
        static_cast<std::uint32_t>(std::max(1.0, std::round(static_cast<double>(max_step) * f)));
    if (out.empty() || out.back() != s) out.push_back(s);
  }
  return out;
}

ReportTables ReportTables::build(const ResultsData& data, const ReportOptions& options) {
  data.check_metric(options.metric);
  ReportTables t;
  t.options = options;
  t.metric = options.metric;
  t.higher_is_better = data.higher_is_better(options.metric);
  t.datasets = data.datasets;
  t.algorithms = data.algorithms;
  const Bootstrap boot(options.bootstrap_seed, options.bootstrap_resamples);

  // Final values.
  std::vector<std::vector<double>> means(t.algorithms.size(),
                                         std::vector<double>(t.datasets.size(), std::nan("")));
  std::map<std::pair<std::string, std::string>, std::map<std::int64_t, double>> finals;
  for (std::size_t d = 0; d < t.datasets.size(); ++d) {
    for (std::size_t a = 0; a < t.algorithms.size(); ++a) {
      const auto runs = data.runs_of(t.datasets[d], t.algorithms[a]);
      if (runs.empty()) continue;
      FinalRow row;
      row.dataset = t.datasets[d];
      row.algorithm = t.algorithms[a];
      row.runs = runs.size();
      for (const RunRecord* r : runs) {
        if (!r->ok || r->steps.empty()) ++row.failed;
      }
      const auto fv = AnytimeCurves::final_values(data, row.dataset, row.algorithm, options.metric);
      std::vector<double> values;
      auto& by_seed = finals[{row.dataset, row.algorithm}];
      for (const auto& [seed, v] : fv) {
        values.push_back(v);
        by_seed[seed] = v;
      }
      // The final cell's bootstrap stream is keyed by step 0 (the anytime cells use their step).
      const Bootstrap cell = boot.cell(row.dataset, row.algorithm, 0);
      row.stats = SampleSummary::of(values, &cell);
      means[a][d] = row.stats.mean;
      t.final_rows.push_back(row);
    }
  }

  // Anytime tables.
  t.steps = options.steps.empty() ? default_steps(data.max_step()) : options.steps;
  std::sort(t.steps.begin(), t.steps.end());
  t.steps.erase(std::unique(t.steps.begin(), t.steps.end()), t.steps.end());
  if (data.has_time) {
    t.times = options.times;
    if (t.times.empty()) {
      const double tm = data.max_time();
      if (tm > 0.0) t.times = {tm / 15.0, tm / 3.0, tm};
    }
    std::sort(t.times.begin(), t.times.end());
    t.times.erase(std::unique(t.times.begin(), t.times.end()), t.times.end());
  }
  for (const auto& row : t.final_rows) {
    if (data.has_trajectory) {
      const auto c = AnytimeCurves::over_steps(data, row.dataset, row.algorithm, options.metric,
                                               t.steps, &boot);
      AnytimeRow ar{row.dataset, row.algorithm, {}};
      for (const auto& p : c.points) ar.at.push_back(p.stats);
      t.anytime.push_back(ar);
      if (!t.times.empty()) {
        const auto ct = AnytimeCurves::over_time(data, row.dataset, row.algorithm, options.metric,
                                                 t.times, &boot);
        AnytimeRow at{row.dataset, row.algorithm, {}};
        for (const auto& p : ct.points) at.at.push_back(p.stats);
        t.anytime_time.push_back(at);
      }
    }
  }
  if (!data.has_trajectory) {
    t.steps.clear();
    t.times.clear();
  }

  t.ranks = RankTable::from_means(t.algorithms, t.datasets, means, t.higher_is_better);

  // Pairwise Wilcoxon over common seeds, per dataset; Holm over the dataset's pairs.
  for (const auto& ds : t.datasets) {
    const std::size_t first = t.pairwise.size();
    for (std::size_t a = 0; a < t.algorithms.size(); ++a) {
      for (std::size_t b = a + 1; b < t.algorithms.size(); ++b) {
        const auto ia = finals.find({ds, t.algorithms[a]});
        const auto ib = finals.find({ds, t.algorithms[b]});
        if (ia == finals.end() || ib == finals.end()) continue;
        std::vector<double> x;
        std::vector<double> y;
        for (const auto& [seed, v] : ia->second) {
          const auto jt = ib->second.find(seed);
          if (jt == ib->second.end()) continue;
          x.push_back(v);
          y.push_back(jt->second);
        }
        PairwiseTest p;
        p.dataset = ds;
        p.a = t.algorithms[a];
        p.b = t.algorithms[b];
        p.result = WilcoxonSignedRank::test(x, y);
        if (p.result.w_plus != p.result.w_minus) {
          const bool a_larger = p.result.w_plus > p.result.w_minus;
          p.better = a_larger == t.higher_is_better ? 1 : -1;
        }
        t.pairwise.push_back(p);
      }
    }
    std::vector<double> ps;
    for (std::size_t i = first; i < t.pairwise.size(); ++i)
      ps.push_back(t.pairwise[i].result.p_value);
    const auto adj = WilcoxonSignedRank::holm(ps);
    for (std::size_t i = first; i < t.pairwise.size(); ++i) t.pairwise[i].p_holm = adj[i - first];
  }
  return t;
}

}  // namespace tabnas::report
