#include "tabnas/report/export_figures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "tabnas/report/plots.hpp"

namespace tabnas::report {

namespace {

Color color_of(const ResultsData& data, const std::string& algorithm) {
  const auto it = std::find(data.algorithms.begin(), data.algorithms.end(), algorithm);
  return Plots::palette(static_cast<std::size_t>(it - data.algorithms.begin()));
}

std::vector<CurveSeries> series_of(const ResultsData& data,
                                   const std::vector<AnytimeCurve>& curves) {
  std::vector<CurveSeries> out;
  for (const auto& c : curves) {
    CurveSeries s{c.algorithm, color_of(data, c.algorithm), {}, {}, {}, {}};
    for (const auto& p : c.points) {
      s.x.push_back(p.x);
      s.mean.push_back(p.stats.mean);
      s.low.push_back(p.stats.t_low);
      s.high.push_back(p.stats.t_high);
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::string metric_label(const ResultsData& data, Metric m) {
  const std::string name = metric_name(m);
  if ((m == Metric::kRegret || m == Metric::kIncumbentReported || m == Metric::kReported) &&
      !data.report_description.empty()) {
    return name + " (" + data.report_description + ")";
  }
  return name;
}

std::vector<std::string> algorithms_in(const ResultsData& data, const std::string& dataset) {
  std::vector<std::string> out;
  for (const auto& a : data.algorithms) {
    if (!data.runs_of(dataset, a).empty()) out.push_back(a);
  }
  return out;
}

}  // namespace

std::string ExportFigures::slug(const std::string& name) {
  std::string out;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  return out.empty() ? "_" : out;
}

std::uint32_t ExportFigures::top_fidelity(const ResultsData& data) {
  if (data.spec.is_object() && data.spec.contains("fidelities") &&
      data.spec["fidelities"].is_array() && !data.spec["fidelities"].empty()) {
    return static_cast<std::uint32_t>(data.spec["fidelities"].size() - 1);
  }
  return 0;
}

std::vector<std::pair<double, double>> ExportFigures::non_dominated(
    std::vector<std::pair<double, double>> points) {
  std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second, a.first) < std::tie(b.second, b.first);
  });
  points.erase(std::unique(points.begin(), points.end()), points.end());
  std::vector<std::pair<double, double>> out;
  double best = std::numeric_limits<double>::infinity();
  for (const auto& p : points) {
    if (p.first < best) {
      out.push_back(p);
      best = p.first;
    }
  }
  return out;
}

ParetoFront ExportFigures::pareto_front(const ResultsData& data, const std::string& dataset,
                                        const std::string& algorithm) {
  ParetoFront f;
  f.algorithm = algorithm;
  std::vector<std::tuple<double, std::int64_t, const RunRecord*>> keyed;
  for (const RunRecord* r : data.runs_of(dataset, algorithm)) {
    if (!r->ok || r->steps.empty()) continue;
    double hv = r->steps.back().hypervolume;
    if (!std::isfinite(hv)) hv = -std::numeric_limits<double>::infinity();
    keyed.emplace_back(hv, r->seed, r);
  }
  if (keyed.empty() || data.num_objectives < 2) return f;
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  const auto& [hv, seed, run] = keyed[(keyed.size() - 1) / 2];
  f.seed = seed;
  f.hypervolume = hv;
  const std::uint32_t top = top_fidelity(data);
  std::vector<std::pair<double, double>> pts;
  for (std::size_t i = 0; i < run->steps.size(); ++i) {
    const StepRecord& s = run->steps[i];
    if (!s.feasible || s.fidelity != top) continue;
    const std::size_t at = i * data.num_objectives;
    if (at + 1 >= run->objectives.size()) break;
    const double o0 = run->objectives[at];
    const double o1 = run->objectives[at + 1];
    if (std::isfinite(o0) && std::isfinite(o1)) pts.emplace_back(o0, o1);
  }
  f.points = non_dominated(std::move(pts));
  return f;
}

std::vector<ExportedFigure> ExportFigures::build(const ResultsData& data, Metric metric) {
  std::vector<ExportedFigure> out;
  const std::string mname = metric_name(metric);
  const std::vector<std::uint32_t> steps = AnytimeCurves::full_step_grid(data);
  const std::vector<double> times =
      data.has_time ? AnytimeCurves::time_grid(data, kTimePoints) : std::vector<double>();
  const bool mo = data.num_objectives > 1;
  for (const auto& ds : data.datasets) {
    const auto algs = algorithms_in(data, ds);
    const std::string s = slug(ds);
    const auto anytime = [&](Metric m, const std::string& axis) {
      ExportedFigure f;
      f.kind = "anytime";
      f.dataset = ds;
      f.metric = metric_name(m);
      f.axis = axis;
      f.name = std::string(axis == "step" ? "anytime_" : "anytime_time_") + f.metric + "_" + s;
      for (const auto& a : algs) {
        f.curves.push_back(axis == "step" ? AnytimeCurves::over_steps(data, ds, a, m, steps)
                                          : AnytimeCurves::over_time(data, ds, a, m, times));
      }
      f.title = ds + ": " + f.metric + ", mean and 95% CI";
      const bool seconds = data.spec.is_object() && data.spec.contains("budget") &&
                           data.spec["budget"].is_object() &&
                           data.spec["budget"].contains("seconds");
      f.xlabel = axis == "step" ? "queries"
                 : seconds      ? "simulated time (estimated seconds)"
                                : "simulated time (budget units)";
      f.ylabel = metric_label(data, m);
      f.caption =
          "Mean " + data.describe(m) + " over runs after each " +
          (axis == "step" ? std::string("query") : std::string("point of the simulated clock")) +
          " (step-function interpolation), band: 95% t confidence interval of the mean.";
      f.figure = Plots::anytime(series_of(data, f.curves), f.xlabel, f.ylabel, f.title);
      out.push_back(std::move(f));
    };
    anytime(metric, "step");
    if (!times.empty()) anytime(metric, "time");
    {
      ExportedFigure f;
      f.kind = "box";
      f.dataset = ds;
      f.metric = mname;
      f.name = "final_" + mname + "_" + s;
      std::vector<BoxGroup> groups;
      for (const auto& a : algs) {
        FinalValues fv{a, AnytimeCurves::final_values(data, ds, a, metric)};
        BoxGroup g{a, color_of(data, a), {}};
        for (const auto& [seed, v] : fv.values) g.values.push_back(v);
        groups.push_back(std::move(g));
        f.finals.push_back(std::move(fv));
      }
      f.title = ds + ": final " + mname + " per run";
      f.ylabel = metric_label(data, metric);
      f.caption = "Final " + data.describe(metric) +
                  " of each run: box Q1-Q3 (type-7 quartiles), line at the median, whiskers at "
                  "the most extreme runs within 1.5 IQR, circles beyond.";
      f.figure = Plots::box(groups, f.ylabel, f.title);
      out.push_back(std::move(f));
    }
    if (mo) {
      if (metric != Metric::kHypervolume) anytime(Metric::kHypervolume, "step");
      if (metric != Metric::kHypervolumeRegret && data.true_front_hypervolume.count(ds) != 0U) {
        anytime(Metric::kHypervolumeRegret, "step");
      }
      ExportedFigure f;
      f.kind = "pareto";
      f.dataset = ds;
      f.name = "pareto_" + s;
      std::vector<ParetoSeries> series;
      const bool flip = data.search_maximize;
      // The true front of the whole table (manifest.json), drawn first, in grey.
      if (data.num_objectives == 2 && data.manifest.is_object() &&
          data.manifest.contains("true_pareto_fronts") &&
          data.manifest["true_pareto_fronts"].contains(ds)) {
        std::vector<std::pair<double, double>> pts;
        for (const auto& p : data.manifest["true_pareto_fronts"][ds]["points"]) {
          if (p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number()) {
            pts.emplace_back(p[0].get<double>(), p[1].get<double>());
          }
        }
        f.true_front = non_dominated(std::move(pts));
        ParetoSeries ts{"true Pareto front (whole table)", Color{96, 96, 96}, {}};
        for (const auto& [o0, o1] : f.true_front) ts.points.push_back({o1, flip ? -o0 : o0});
        series.push_back(std::move(ts));
      }
      for (const auto& a : algs) {
        ParetoFront pf = pareto_front(data, ds, a);
        ParetoSeries ps{a + " (seed " + std::to_string(pf.seed) + ")", color_of(data, a), {}};
        for (const auto& [o0, o1] : pf.points) ps.points.push_back({o1, flip ? -o0 : o0});
        series.push_back(std::move(ps));
        f.fronts.push_back(std::move(pf));
      }
      const std::string y0 = data.objective_names.empty() ? "objective 0" : data.objective_names[0];
      f.xlabel = data.objective_names.size() > 1 ? data.objective_names[1] : "objective 1";
      f.ylabel = flip && !y0.empty() && y0[0] == '-' ? y0.substr(1) : y0;
      f.title = ds + ": Pareto front of the median-hypervolume run";
      f.caption =
          "Non-dominated feasible results at the full fidelity of the run with the median "
          "final hypervolume of each algorithm, " +
          f.ylabel + " against " + f.xlabel +
          (data.num_objectives > 2 ? " (first two objectives only)" : "") +
          (f.true_front.empty() ? std::string(".")
                                : std::string("; grey: the exact Pareto front of all "
                                              "architectures in the table."));
      f.figure = Plots::pareto(series, f.xlabel, f.ylabel, f.title);
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace tabnas::report
