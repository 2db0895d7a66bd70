#include "tabnas/report/tidy_csv.hpp"

#include <cmath>

#include "tabnas/core/text_format.hpp"

namespace tabnas::report {

std::string TidyCsv::cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string TidyCsv::number(double v) {
  return std::isfinite(v) ? format_double(v) : std::string();
}

std::vector<std::string> TidyCsv::trajectory_columns(const ResultsData& data) {
  std::vector<std::string> cols = {"dataset",
                                   "algorithm",
                                   "seed",
                                   "step",
                                   "arch",
                                   "fidelity",
                                   "observed",
                                   "reported",
                                   "incumbent",
                                   "incumbent_observed",
                                   "incumbent_reported",
                                   "cost",
                                   "cumulative_cost"};
  if (data.has_time) cols.emplace_back("time");
  if (data.has_feasible) cols.emplace_back("feasible");
  if (data.num_objectives > 1) {
    for (std::uint32_t k = 0; k < data.num_objectives; ++k) {
      cols.push_back("objective_" + std::to_string(k));
    }
    cols.emplace_back("hypervolume");
  }
  return cols;
}

std::string TidyCsv::trajectory(const ResultsData& data) {
  std::string out;
  const auto cols = trajectory_columns(data);
  for (std::size_t i = 0; i < cols.size(); ++i) out += (i > 0 ? "," : "") + cols[i];
  out += "\n";
  for (const auto& r : data.runs) {
    if (!r.ok) continue;
    const std::string prefix =
        cell(r.dataset) + "," + cell(r.algorithm) + "," + std::to_string(r.seed) + ",";
    for (std::size_t i = 0; i < r.steps.size(); ++i) {
      const StepRecord& s = r.steps[i];
      out += prefix;
      out += std::to_string(s.step) + "," + std::to_string(s.arch) + "," +
             std::to_string(s.fidelity) + "," + number(s.observed) + "," + number(s.reported) +
             "," + std::to_string(s.incumbent) + "," + number(s.incumbent_observed) + "," +
             number(s.incumbent_reported) + "," + number(s.cost) + "," + number(s.cumulative_cost);
      if (data.has_time) out += "," + number(s.time);
      if (data.has_feasible) out += s.feasible ? ",1" : ",0";
      if (data.num_objectives > 1) {
        for (std::uint32_t k = 0; k < data.num_objectives; ++k) {
          const std::size_t at = i * data.num_objectives + k;
          out += "," + (at < r.objectives.size() ? number(r.objectives[at]) : std::string());
        }
        out += "," + number(s.hypervolume);
      }
      out += "\n";
    }
  }
  return out;
}

std::string TidyCsv::runs(const ResultsData& data) {
  std::string out = "index,dataset,algorithm,seed,status,queries,error\n";
  for (const auto& r : data.runs) {
    out += std::to_string(r.index) + "," + cell(r.dataset) + "," + cell(r.algorithm) + "," +
           std::to_string(r.seed) + "," + (r.ok ? "ok" : "failed") + "," +
           std::to_string(r.steps.empty() ? 0U : r.steps.back().step) + "," + cell(r.error) + "\n";
  }
  return out;
}

}  // namespace tabnas::report
