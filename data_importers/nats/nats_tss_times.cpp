#include "nats/nats_tss_times.hpp"

#include <algorithm>

#include "container/open_any.hpp"
#include "pickle/cursor.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::nats {

TssEpochTimes read_tss_epoch_times(const std::filesystem::path& file) {
  const auto loaded = container::open_any(file);
  const pickle::Cursor root(loaded.value, file.filename().string());
  TssEpochTimes out;
  bool first_hp = true;
  std::vector<double> sums;
  for (const char* hp : {"12", "200"}) {
    const pickle::Cursor h = root[hp];
    if (first_hp) {
      out.arch_index = h["arch_index"].as_int();
      out.arch_str = h["arch_str"].as_string();
      first_hp = false;
    } else if (h["arch_str"].as_string() != out.arch_str) {
      h["arch_str"].fail("differs from hp '12' ('" + out.arch_str + "')");
    }
    const pickle::Cursor results = h["all_results"];
    for (const auto& [key, value] : results.dict_items()) {
      const pickle::Cursor run = results.at(key);
      const std::string dataset = run["name"].as_string();
      auto it = std::find_if(out.datasets.begin(), out.datasets.end(),
                             [&](const DatasetEpochTime& d) { return d.dataset == dataset; });
      if (it == out.datasets.end()) {
        DatasetEpochTime d;
        d.dataset = dataset;
        d.min_seconds = 1e300;
        d.max_seconds = -1e300;
        d.recorded_mflops = run["flop"].as_double();
        out.datasets.push_back(d);
        sums.push_back(0.0);
        it = out.datasets.end() - 1;
      }
      const auto at = static_cast<std::size_t>(it - out.datasets.begin());
      const pickle::Cursor times = run["train_times"];
      if (times.size() == 0) times.fail("no per-epoch training times");
      for (const auto& [epoch, seconds] : times.dict_items()) {
        const double s = times.at(epoch).as_double();
        sums[at] += s;
        it->min_seconds = std::min(it->min_seconds, s);
        it->max_seconds = std::max(it->max_seconds, s);
        ++it->values;
      }
    }
  }
  for (std::size_t i = 0; i < out.datasets.size(); ++i) {
    DatasetEpochTime& d = out.datasets[i];
    // NATS writes one constant per dataset; keep it exact rather than a rounded mean.
    d.mean_seconds =
        d.min_seconds == d.max_seconds ? d.min_seconds : sums[i] / static_cast<double>(d.values);
  }
  return out;
}

}  // namespace tabnas::nats
