#include "tabnas/app/arch_scalars.hpp"

#include <limits>
#include <set>

#include "nb201/nb201_network_cost.hpp"
#include "nb201/nb201_space.hpp"
#include "tabnas/core/errors.hpp"
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

ArchScalar hw_quantity(Store& store, const std::string& space_name, const SearchSpace& space,
                       const ArchQuantitySpec& q, const std::string& dataset) {
  ArchScalar s;
  s.name = Runner::scalar_name(q, dataset);
  s.unit = "ms";
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

}  // namespace tabnas
