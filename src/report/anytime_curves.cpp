#include "tabnas/report/anytime_curves.hpp"

#include <algorithm>
#include <cmath>

#include "tabnas/core/errors.hpp"
#include "tabnas/report/bootstrap.hpp"

namespace tabnas::report {

namespace {

/// Sweeps the steps of one run over an ascending grid; `key` gives a step's position.
template <typename Grid, typename Key>
void sweep(const ResultsData& data, const RunRecord& run, Metric metric, const Grid& grid, Key key,
           std::vector<std::vector<double>>& out, std::size_t column) {
  std::size_t s = 0;
  double current = std::nan("");
  for (std::size_t g = 0; g < grid.size(); ++g) {
    while (s < run.steps.size() && key(run.steps[s]) <= grid[g]) {
      current = data.value(run, run.steps[s], metric);
      ++s;
    }
    out[g][column] = current;
  }
}

template <typename Grid>
void check_ascending(const Grid& grid) {
  if (!std::is_sorted(grid.begin(), grid.end())) {
    throw InternalError("anytime curves: the grid must be ascending");
  }
}

std::vector<const RunRecord*> ok_runs(const ResultsData& data, const std::string& dataset,
                                      const std::string& algorithm) {
  std::vector<const RunRecord*> out;
  for (const RunRecord* r : data.runs_of(dataset, algorithm)) {
    if (r->ok && !r->steps.empty()) out.push_back(r);
  }
  return out;
}

}  // namespace

std::vector<std::vector<double>> AnytimeCurves::values_at_steps(
    const ResultsData& data, const std::string& dataset, const std::string& algorithm,
    Metric metric, const std::vector<std::uint32_t>& grid) {
  data.check_metric(metric);
  check_ascending(grid);
  const auto runs = ok_runs(data, dataset, algorithm);
  std::vector<std::vector<double>> out(grid.size(), std::vector<double>(runs.size()));
  for (std::size_t r = 0; r < runs.size(); ++r) {
    sweep(
        data, *runs[r], metric, grid, [](const StepRecord& s) { return s.step; }, out, r);
  }
  return out;
}

std::vector<std::vector<double>> AnytimeCurves::values_at_times(const ResultsData& data,
                                                                const std::string& dataset,
                                                                const std::string& algorithm,
                                                                Metric metric,
                                                                const std::vector<double>& grid) {
  data.check_metric(metric);
  check_ascending(grid);
  const auto runs = ok_runs(data, dataset, algorithm);
  std::vector<std::vector<double>> out(grid.size(), std::vector<double>(runs.size()));
  for (std::size_t r = 0; r < runs.size(); ++r) {
    sweep(
        data, *runs[r], metric, grid, [](const StepRecord& s) { return s.time; }, out, r);
  }
  return out;
}

std::vector<std::pair<std::int64_t, double>> AnytimeCurves::final_values(
    const ResultsData& data, const std::string& dataset, const std::string& algorithm,
    Metric metric) {
  data.check_metric(metric);
  std::vector<std::pair<std::int64_t, double>> out;
  for (const RunRecord* r : ok_runs(data, dataset, algorithm)) {
    out.emplace_back(r->seed, data.value(*r, r->steps.back(), metric));
  }
  return out;
}

AnytimeCurve AnytimeCurves::over_steps(const ResultsData& data, const std::string& dataset,
                                       const std::string& algorithm, Metric metric,
                                       const std::vector<std::uint32_t>& grid,
                                       const Bootstrap* bootstrap) {
  const auto values = values_at_steps(data, dataset, algorithm, metric, grid);
  AnytimeCurve c{dataset, algorithm, {}};
  c.points.reserve(grid.size());
  for (std::size_t g = 0; g < grid.size(); ++g) {
    CurvePoint p;
    p.x = static_cast<double>(grid[g]);
    if (bootstrap != nullptr) {
      const Bootstrap cell = bootstrap->cell(dataset, algorithm, grid[g]);
      p.stats = SampleSummary::of(values[g], &cell);
    } else {
      p.stats = SampleSummary::of(values[g]);
    }
    c.points.push_back(p);
  }
  return c;
}

AnytimeCurve AnytimeCurves::over_time(const ResultsData& data, const std::string& dataset,
                                      const std::string& algorithm, Metric metric,
                                      const std::vector<double>& grid, const Bootstrap* bootstrap) {
  const auto values = values_at_times(data, dataset, algorithm, metric, grid);
  AnytimeCurve c{dataset, algorithm, {}};
  c.points.reserve(grid.size());
  for (std::size_t g = 0; g < grid.size(); ++g) {
    CurvePoint p;
    p.x = grid[g];
    if (bootstrap != nullptr) {
      const Bootstrap cell = bootstrap->cell(dataset, algorithm + "@time", g);
      p.stats = SampleSummary::of(values[g], &cell);
    } else {
      p.stats = SampleSummary::of(values[g]);
    }
    c.points.push_back(p);
  }
  return c;
}

std::vector<std::uint32_t> AnytimeCurves::full_step_grid(const ResultsData& data) {
  std::vector<std::uint32_t> g(data.max_step());
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = static_cast<std::uint32_t>(i + 1);
  return g;
}

std::vector<double> AnytimeCurves::time_grid(const ResultsData& data, std::size_t points) {
  const double t_max = data.max_time();
  std::vector<double> g;
  if (points == 0 || !(t_max > 0.0)) return g;
  g.reserve(points);
  for (std::size_t i = 1; i <= points; ++i) {
    g.push_back(t_max * static_cast<double>(i) / static_cast<double>(points));
  }
  g.back() = t_max;
  return g;
}

}  // namespace tabnas::report
