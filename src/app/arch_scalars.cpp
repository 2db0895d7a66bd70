#include "tabnas/app/arch_scalars.hpp"

#include <filesystem>
#include <limits>
#include <set>

#include "nats/nats_tss_times.hpp"
#include "nb201/nb201_epoch_time_model.hpp"
#include "nb201/nb201_network_cost.hpp"
#include "nb201/nb201_space.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/sha256.hpp"
#include "tabnas/core/text_format.hpp"
#include "tabnas/run/runner.hpp"

namespace tabnas {

namespace {

ArchScalar network_quantity(const SearchSpace& space, const ArchQuantitySpec& q,
                            const std::string& dataset) {
  const auto* nb = dynamic_cast<const nb201::Nb201Space*>(&space);
  if (nb == nullptr) {
    throw ConfigError("objective '" + q.kind + "' needs a network definition; space '" +
                      std::string(space.name()) + "' has none");
  }
  ArchScalar s;
  s.name = Runner::scalar_name(q, dataset);
  s.unit = q.kind == "params" ? "millions of parameters" : "MFLOPs";
  s.values.resize(space.size());
  for (ArchId a = 0; a < space.size(); ++a) {
    const auto cost = nb201::Nb201NetworkCost::compute(nb->cell(a), dataset);
    s.values[a] = q.kind == "params" ? cost.params_m : cost.flops_m;
  }
  return s;
}

/// Estimated seconds per training epoch of every architecture (Nb201EpochTimeModel).
ArchScalar epoch_seconds(const SearchSpace& space, const std::string& dataset) {
  const auto* nb = dynamic_cast<const nb201::Nb201Space*>(&space);
  if (nb == nullptr) {
    throw ConfigError("budget.seconds needs a training time model; space '" +
                      std::string(space.name()) + "' has none (use budget.queries or epochs)");
  }
  ArchScalar s;
  s.name = Runner::epoch_seconds_scalar(dataset);
  s.unit = "estimated seconds per training epoch";
  s.values.resize(space.size());
  for (ArchId a = 0; a < space.size(); ++a) {
    s.values[a] = nb201::Nb201EpochTimeModel::epoch_seconds(nb->cell(a), dataset);
  }
  return s;
}

ArchScalar hw_quantity(Store& store, const std::string& space_name, const SearchSpace& space,
                       const ArchQuantitySpec& q, const std::string& dataset) {
  ArchScalar s;
  s.name = Runner::scalar_name(q, dataset);
  s.unit = "ms";
  {
    // the stored unit of the column (ms for every time; e.g. mJ for HW-NAS-Bench energies)
    auto u = store.db().prepare(
        "SELECT unit FROM hw_metric WHERE space = ? AND device = ? AND metric = ? AND batch = ? "
        "LIMIT 1");
    u.bind(1, space_name);
    u.bind(2, q.device);
    u.bind(3, q.metric);
    u.bind(4, std::int64_t{q.batch});
    if (u.step()) s.unit = u.column_text(0);
  }
  s.values.assign(space.size(), std::numeric_limits<double>::quiet_NaN());
  const auto n = store.for_each_hw_value(space_name, q.device, q.metric, q.batch,
                                         [&](std::uint32_t arch, double v) {
                                           if (arch < s.values.size()) s.values[arch] = v;
                                         });
  if (n == 0) {
    std::set<std::string> have;
    auto st = store.db().prepare(
        "SELECT DISTINCT device, metric, batch FROM hw_metric WHERE space = ? ORDER BY 1, 2, 3");
    st.bind(1, space_name);
    while (st.step()) {
      have.insert(st.column_text(0) + ":" + st.column_text(1) + ":b" +
                  std::to_string(st.column_int(2)));
    }
    std::string list;
    for (const auto& h : have) list += (list.empty() ? "" : ", ") + h;
    throw ConfigError("hardware table " + q.device + ":" + q.metric + ":b" +
                      std::to_string(q.batch) + " is not in the store (present: " +
                      (list.empty() ? "none; import hardware tables first" : list) + ")");
  }
  return s;
}

}  // namespace

std::vector<ArchScalar> build_arch_scalars(Store& store, const std::string& space_name,
                                           const SearchSpace& space, const ExperimentSpec& spec) {
  std::vector<ArchScalar> out;
  std::set<std::string> done;
  for (const auto& d : spec.datasets) {
    if (spec.budget_unit == BudgetUnit::kSeconds &&
        done.insert(Runner::epoch_seconds_scalar(d)).second) {
      out.push_back(epoch_seconds(space, d));
    }
    std::vector<ArchQuantitySpec> all = spec.objectives;
    all.insert(all.end(), spec.constraints.begin(), spec.constraints.end());
    for (const auto& q : all) {
      const std::string name = Runner::scalar_name(q, d);
      if (!done.insert(name).second) continue;
      out.push_back(q.kind == "hw" ? hw_quantity(store, space_name, space, q, d)
                                   : network_quantity(space, q, d));
    }
  }
  return out;
}

nlohmann::ordered_json time_model_description(const std::string& space_name) {
  if (space_name != "nb201") {
    throw ConfigError("space '" + space_name +
                      "' has no training time model (budget.seconds needs one)");
  }
  using nb201::Nb201EpochTimeModel;
  nlohmann::ordered_json m;
  m["name"] = Nb201EpochTimeModel::kName;
  m["estimated"] = true;
  m["formula"] =
      "cost of a query = epochs paid * (intercept_s + slope_s_per_mflop * FLOPs(arch, dataset)); "
      "FLOPs in millions from the NB201 network definition";
  m["unit"] = "estimated seconds";
  m["lines"] = nlohmann::ordered_json::array();
  for (const auto& l : Nb201EpochTimeModel::lines()) {
    m["lines"].push_back({{"dataset", l.dataset},
                          {"intercept_s", l.intercept_s},
                          {"slope_s_per_mflop", l.slope_s_per_mflop},
                          {"max_abs_relative_residual", l.max_abs_relative_residual}});
  }
  m["fitted_on"] = nlohmann::ordered_json::array();
  for (const auto& src : Nb201EpochTimeModel::sources()) {
    m["fitted_on"].push_back({{"file", src.file}, {"sha256", src.sha256}});
  }
  m["fitted_values"] =
      "per-epoch training times (train_times) of NATS-Bench tss archs 0, 11 and 284; "
      "evaluation passes are not included";
  m["documentation"] = "docs/experiment_spec.md, section Simulated seconds";
  return m;
}

nlohmann::ordered_json refit_time_model(const std::string& data_dir) {
  using nb201::Nb201EpochTimeModel;
  nlohmann::ordered_json out;
  out["name"] = Nb201EpochTimeModel::kName;
  out["files"] = nlohmann::ordered_json::array();
  std::vector<nb201::EpochTimeSample> samples;
  std::vector<std::int64_t> arch_of_sample;
  for (const auto& src : Nb201EpochTimeModel::sources()) {
    const std::filesystem::path path = std::filesystem::path(data_dir) / src.file;
    if (!std::filesystem::exists(path)) {
      throw DataError("time model refit: '" + path.string() +
                      "' not found (set --data or TABNAS_DATA to the data directory)");
    }
    const std::string sha = Sha256::of_file(path.string());
    const nats::TssEpochTimes t = nats::read_tss_epoch_times(path);
    out["files"].push_back({{"file", src.file},
                            {"arch_index", t.arch_index},
                            {"sha256", sha},
                            {"sha256_as_fitted", sha == src.sha256}});
    for (const auto& d : t.datasets) {
      samples.push_back({t.arch_str, d.dataset, d.mean_seconds});
      arch_of_sample.push_back(t.arch_index);
      if (d.min_seconds != d.max_seconds) {
        out["notes"].push_back(std::string(src.file) + ": " + d.dataset +
                               " epoch times vary from " + format_double(d.min_seconds) + " to " +
                               format_double(d.max_seconds) + " s; their mean is fitted");
      }
    }
  }
  out["lines"] = nlohmann::ordered_json::array();
  for (const auto& f : Nb201EpochTimeModel::fit(samples)) {
    const nb201::EpochTimeLine& compiled = Nb201EpochTimeModel::line(f.dataset);
    nlohmann::ordered_json line;
    line["dataset"] = f.dataset;
    line["intercept_s"] = f.intercept_s;
    line["slope_s_per_mflop"] = f.slope_s_per_mflop;
    line["max_abs_relative_residual"] = f.max_abs_relative_residual();
    line["equals_compiled_in"] =
        f.intercept_s == compiled.intercept_s &&
        f.slope_s_per_mflop == compiled.slope_s_per_mflop &&
        f.max_abs_relative_residual() == compiled.max_abs_relative_residual;
    line["points"] = nlohmann::ordered_json::array();
    std::size_t k = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
      if (samples[i].dataset != f.dataset) continue;
      line["points"].push_back({{"arch_index", arch_of_sample[i]},
                                {"mflops", f.mflops[k]},
                                {"recorded_s", f.seconds[k]},
                                {"fitted_s", f.seconds[k] - f.residuals[k]},
                                {"residual_s", f.residuals[k]}});
      ++k;
    }
    out["lines"].push_back(line);
  }
  return out;
}

}  // namespace tabnas
