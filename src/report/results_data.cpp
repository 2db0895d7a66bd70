#include "tabnas/report/results_data.hpp"

#include <algorithm>
#include <cmath>

#include "tabnas/core/errors.hpp"

namespace tabnas::report {

double ResultsData::value(const RunRecord& run, const StepRecord& step, Metric metric) const {
  switch (metric) {
    case Metric::kObserved:
      return step.observed;
    case Metric::kReported:
      return step.reported;
    case Metric::kIncumbentObserved:
      return step.incumbent_observed;
    case Metric::kIncumbentReported:
      return step.incumbent_reported;
    case Metric::kRegret: {
      const auto it = best_in_table.find(run.dataset);
      if (it == best_in_table.end()) check_metric(metric);
      const double best = it == best_in_table.end() ? std::nan("") : it->second;
      return report_maximize ? best - step.incumbent_reported : step.incumbent_reported - best;
    }
    case Metric::kHypervolume:
      return step.hypervolume;
    case Metric::kHypervolumeRegret: {
      const auto it = true_front_hypervolume.find(run.dataset);
      if (it == true_front_hypervolume.end()) check_metric(metric);
      return it == true_front_hypervolume.end() ? std::nan("") : it->second - step.hypervolume;
    }
  }
  return std::nan("");
}

void ResultsData::check_metric(Metric metric) const {
  if (metric == Metric::kRegret) {
    for (const auto& d : datasets) {
      if (best_in_table.count(d) == 0U) {
        throw ConfigError("metric 'regret' needs the best value in the table of dataset '" + d +
                          "', read from " + directory +
                          "/summary.json, which is missing or lacks it (use --metric "
                          "incumbent_reported)");
      }
    }
  }
  if (metric == Metric::kHypervolumeRegret) {
    for (const auto& d : datasets) {
      if (true_front_hypervolume.count(d) == 0U) {
        throw ConfigError("metric 'hypervolume_regret' needs the true Pareto front of dataset '" +
                          d + "', read from " + directory +
                          "/manifest.json (multi-objective runs of this version write it; use "
                          "--metric hypervolume)");
      }
    }
  }
  if (metric == Metric::kHypervolume && num_objectives < 2) {
    throw ConfigError("metric 'hypervolume' exists only in multi-objective experiments; " +
                      directory + " has a single objective");
  }
}

bool ResultsData::higher_is_better(Metric metric) const {
  switch (metric) {
    case Metric::kObserved:
    case Metric::kIncumbentObserved:
      return search_maximize;
    case Metric::kReported:
    case Metric::kIncumbentReported:
      return report_maximize;
    case Metric::kRegret:
    case Metric::kHypervolumeRegret:
      return false;
    case Metric::kHypervolume:
      return true;
  }
  return true;
}

std::string ResultsData::describe(Metric metric) const {
  const std::string rep = report_description.empty() ? "the report metric" : report_description;
  switch (metric) {
    case Metric::kObserved:
      return "search signal of each query";
    case Metric::kReported:
      return rep + " of each query";
    case Metric::kIncumbentObserved:
      return "search signal of the incumbent";
    case Metric::kIncumbentReported:
      return rep + " of the incumbent";
    case Metric::kRegret:
      return "regret of the incumbent's " + rep + " (best in table - value)";
    case Metric::kHypervolume:
      return "hypervolume of the feasible front";
    case Metric::kHypervolumeRegret:
      return "hypervolume regret (true Pareto front of the whole table - front found)";
  }
  return metric_name(metric);
}

std::uint32_t ResultsData::max_step() const {
  std::uint32_t m = 0;
  for (const auto& r : runs) {
    if (!r.steps.empty()) m = std::max(m, r.steps.back().step);
  }
  return m;
}

double ResultsData::max_time() const {
  double m = 0.0;
  for (const auto& r : runs) {
    for (const auto& s : r.steps) {
      if (std::isfinite(s.time)) m = std::max(m, s.time);
    }
  }
  return m;
}

std::vector<std::int64_t> ResultsData::seeds(const std::string& dataset,
                                             const std::string& algorithm) const {
  std::vector<std::int64_t> out;
  for (const auto& r : runs) {
    if (r.ok && !r.steps.empty() && r.dataset == dataset && r.algorithm == algorithm) {
      out.push_back(r.seed);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<const RunRecord*> ResultsData::runs_of(const std::string& dataset,
                                                   const std::string& algorithm) const {
  std::vector<const RunRecord*> out;
  for (const auto& r : runs) {
    if (r.dataset == dataset && r.algorithm == algorithm) out.push_back(&r);
  }
  return out;
}

}  // namespace tabnas::report
