#include "tabnas/hw/latency_filler.hpp"

#include <filesystem>

#include "tabnas/core/atomic_file.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/sha256.hpp"
#include "tabnas/core/text_format.hpp"
#include "tabnas/hw/arch_features.hpp"
#include "tabnas/hw/latency_predictor.hpp"
#include "tabnas/store/import_writer.hpp"

namespace tabnas {

FillReport fill_missing_latencies(Store& store, const SearchSpace& space, const HwColumnKey& key,
                                  const std::string& model, const std::string& model_dir) {
  const HwColumnData data = load_hw_column(store, key);
  std::vector<ArchId> archs;
  std::vector<double> values;
  data.measured(archs, values);
  if (archs.size() < 2) {
    throw ConfigError(key.label() + ": " + std::to_string(archs.size()) +
                      " measured architectures; a predictor needs at least 2");
  }
  auto predictor = make_latency_predictor(model);
  const ArchFeatures train_x(space, archs);
  predictor->fit(train_x, values);
  FillReport rep;
  rep.key = key;
  rep.model = model;
  rep.measured = archs.size();
  rep.train_fit = prediction_quality(predictor->predict(train_x), values);

  std::vector<std::uint8_t> is_measured(space.size(), 0);
  for (const ArchId a : archs) is_measured[a] = 1;
  std::vector<ArchId> missing;
  for (ArchId a = 0; a < space.size(); ++a) {
    if (is_measured[a] == 0) missing.push_back(a);
  }
  const std::vector<double> pred = predictor->predict(ArchFeatures(space, missing));

  nlohmann::ordered_json j;
  j["space"] = key.space;
  j["device"] = key.device;
  j["metric"] = key.metric;
  j["batch"] = key.batch;
  j["unit"] = data.unit;
  j["training_rows"] = archs.size();
  j["training_archs_sha256"] = [&] {
    std::string ids;
    for (const ArchId a : archs) ids += std::to_string(a) + "\n";
    return Sha256::of(ids);
  }();
  j["predictor"] = predictor->to_json();
  const std::string text = j.dump(1) + "\n";
  const std::string sha = Sha256::of(text);
  std::filesystem::create_directories(model_dir);
  std::string stem = key.device + "-" + key.metric + "-b" + std::to_string(key.batch) + "-" + model;
  for (char& c : stem) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) c = '_';
  }
  const std::string file =
      (std::filesystem::path(model_dir) / (stem + "-" + sha.substr(0, 12) + ".json")).string();
  write_file_atomic(file, text);
  rep.model_file = file;

  ImportWriter writer(store, "hw-predict:" + model, file);
  rep.source_id = writer.source_id();
  // Inside the transaction (BEGIN IMMEDIATE holds the write lock): the measured rows must still
  // be the ones the model was fitted on, and no measured row may be overwritten.
  {
    auto st = store.db().prepare(
        "SELECT arch, predicted FROM hw_metric WHERE space = ? AND device = ? AND metric = ? AND "
        "batch = ? ORDER BY arch");
    st.bind(1, key.space);
    st.bind(2, key.device);
    st.bind(3, key.metric);
    st.bind(4, std::int64_t{key.batch});
    std::size_t n_measured = 0;
    while (st.step()) {
      const auto a = static_cast<ArchId>(st.column_int(0));
      if (st.column_int(1) == 0) {
        if (a >= space.size() || is_measured[a] == 0) {
          throw StoreError(key.label() + ": measured rows changed while predicting; run again");
        }
        ++n_measured;
      } else {
        ++rep.replaced_predicted;
      }
    }
    if (n_measured != archs.size()) {
      throw StoreError(key.label() + ": measured rows changed while predicting; run again");
    }
  }
  for (std::size_t k = 0; k < missing.size(); ++k) {
    writer.put_hw(key.space, key.device, key.metric, key.batch, missing[k], pred[k], data.unit,
                  true);
  }
  rep.written = missing.size();
  writer.note("note", key.label(),
              "predicted " + std::to_string(missing.size()) + " unmeasured architectures with '" +
                  model + "' fitted on all " + std::to_string(archs.size()) +
                  " measured rows; rows marked predicted = 1; measured rows untouched");
  writer.note("note", "in-sample fit",
              "spearman " + format_fixed(rep.train_fit.spearman, 4) + ", kendall " +
                  format_fixed(rep.train_fit.kendall, 4) + ", MAPE " +
                  format_fixed(rep.train_fit.mape, 3) + "%, RMSE " +
                  format_fixed(rep.train_fit.rmse, 4) + " " + data.unit +
                  " (held-out quality: `tabnas hw fit`)");
  if (rep.replaced_predicted > 0) {
    writer.note("replaced", key.label(),
                std::to_string(rep.replaced_predicted) + " earlier predicted rows replaced");
  }
  writer.commit();
  return rep;
}

}  // namespace tabnas
