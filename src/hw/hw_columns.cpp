#include "tabnas/hw/hw_columns.hpp"

#include <map>
#include <set>
#include <tuple>

#include "tabnas/core/errors.hpp"

namespace tabnas {

std::string HwColumnKey::label() const {
  return device + " " + metric + " b" + std::to_string(batch);
}

std::vector<HwColumnInfo> list_hw_columns(Store& store) {
  std::vector<HwColumnInfo> out;
  auto st = store.db().prepare(
      "SELECT space, device, metric, batch, unit, SUM(predicted = 0), SUM(predicted = 1) "
      "FROM hw_metric GROUP BY space, device, metric, batch, unit "
      "ORDER BY space, device, metric, batch, unit");
  while (st.step()) {
    HwColumnInfo c;
    c.key = {st.column_text(0), st.column_text(1), st.column_text(2),
             static_cast<int>(st.column_int(3))};
    c.unit = st.column_text(4);
    c.measured = st.column_int(5);
    c.predicted = st.column_int(6);
    out.push_back(std::move(c));
  }
  auto src = store.db().prepare(
      "SELECT DISTINCT space, device, metric, batch, source_id FROM hw_metric "
      "ORDER BY space, device, metric, batch, source_id");
  std::map<std::tuple<std::string, std::string, std::string, int>, std::vector<std::int64_t>> ids;
  while (src.step()) {
    ids[{src.column_text(0), src.column_text(1), src.column_text(2),
         static_cast<int>(src.column_int(3))}]
        .push_back(src.column_int(4));
  }
  for (auto& c : out) c.source_ids = ids[{c.key.space, c.key.device, c.key.metric, c.key.batch}];
  return out;
}

HwColumnKey resolve_hw_column(Store& store, const std::string& space, const std::string& device,
                              const std::string& metric, std::optional<int> batch) {
  std::set<int> batches;
  std::set<std::string> devices;
  {
    auto st = store.db().prepare(
        "SELECT DISTINCT device, metric, batch FROM hw_metric WHERE space = ? ORDER BY device");
    st.bind(1, space);
    while (st.step()) {
      devices.insert(st.column_text(0));
      if (st.column_text(0) == device && st.column_text(1) == metric) {
        batches.insert(static_cast<int>(st.column_int(2)));
      }
    }
  }
  if (batches.empty()) {
    std::string have;
    for (const auto& d : devices) have += (have.empty() ? "" : ", ") + d;
    throw ConfigError("device '" + device + "' has no " + metric + " values in space '" + space +
                      "' of the store (devices: " +
                      (have.empty() ? "none; run `tabnas import hw-default`" : have) + ")");
  }
  std::string list;
  for (const int b : batches) list += (list.empty() ? "" : ", ") + std::to_string(b);
  if (!batch) {
    if (batches.size() != 1) {
      throw ConfigError("device '" + device + "' has " + metric + " at several batch sizes (" +
                        list + "); pass --batch");
    }
    batch = *batches.begin();
  } else if (batches.count(*batch) == 0) {
    throw ConfigError("device '" + device + "' has no " + metric + " at batch " +
                      std::to_string(*batch) + " (batches: " + list + ")");
  }
  return {space, device, metric, *batch};
}

void HwColumnData::measured(std::vector<ArchId>& archs_out, std::vector<double>& values_out) const {
  archs_out.clear();
  values_out.clear();
  for (std::size_t i = 0; i < archs.size(); ++i) {
    if (predicted[i] == 0) {
      archs_out.push_back(archs[i]);
      values_out.push_back(values[i]);
    }
  }
}

HwColumnData load_hw_column(Store& store, const HwColumnKey& key) {
  HwColumnData d;
  d.key = key;
  auto st = store.db().prepare(
      "SELECT arch, value, predicted, unit FROM hw_metric WHERE space = ? AND device = ? AND "
      "metric = ? AND batch = ? ORDER BY arch");
  st.bind(1, key.space);
  st.bind(2, key.device);
  st.bind(3, key.metric);
  st.bind(4, std::int64_t{key.batch});
  while (st.step()) {
    d.archs.push_back(static_cast<ArchId>(st.column_int(0)));
    d.values.push_back(st.column_double(1));
    d.predicted.push_back(st.column_int(2) != 0 ? std::uint8_t{1} : std::uint8_t{0});
    if (d.unit.empty()) d.unit = st.column_text(3);
  }
  if (d.archs.empty()) throw ConfigError("no rows for hardware column " + key.label());
  return d;
}

}  // namespace tabnas
