#include "tabnas/eval/benchmark.hpp"

#include <cmath>
#include <limits>

#include "tabnas/core/errors.hpp"

namespace tabnas {

std::uint32_t MetricColumn::coverage() const {
  std::uint32_t n = 0;
  for (const std::uint8_t c : count) n += c > 0 ? 1U : 0U;
  return n;
}

namespace {

std::string key_text(const MetricKey& k) {
  return k.dataset + "/" + k.split + "/" + k.fidelity + "/" + k.metric;
}

}  // namespace

Benchmark::Benchmark(std::string space_name, std::shared_ptr<const SearchSpace> space,
                     std::vector<MetricColumn> columns, std::vector<ColumnSummary> available,
                     std::vector<ArchScalar> scalars)
    : space_name_(std::move(space_name)),
      space_(std::move(space)),
      columns_(std::move(columns)),
      available_(std::move(available)),
      scalars_(std::move(scalars)) {}

const ArchScalar& Benchmark::scalar(const std::string& name) const {
  for (const auto& s : scalars_) {
    if (s.name == name) return s;
  }
  std::string have;
  for (const auto& s : scalars_) have += " " + s.name;
  throw ConfigError("per-architecture quantity '" + name +
                    "' was not loaded; loaded:" + (have.empty() ? std::string(" none") : have));
}

std::shared_ptr<const Benchmark> Benchmark::load(Store& store, const std::string& space_name,
                                                 std::shared_ptr<const SearchSpace> space,
                                                 const std::vector<MetricKey>& keys,
                                                 std::vector<ArchScalar> scalars) {
  std::vector<ColumnSummary> available;
  for (auto& c : store.columns()) {
    if (c.space == space_name) available.push_back(c);
  }
  const std::uint32_t n = space->size();
  std::vector<MetricColumn> columns;
  for (const MetricKey& key : keys) {
    bool dup = false;
    for (const auto& c : columns) dup = dup || c.key == key;
    if (dup) continue;
    const ColumnSummary* summary = nullptr;
    for (const auto& a : available) {
      if (a.key == key) summary = &a;
    }
    if (summary == nullptr) {
      std::string have;
      for (const auto& a : available) have += "\n  " + key_text(a.key);
      throw ConfigError("column " + key_text(key) + " is not in store '" + store.path() +
                        "'; available (dataset/split/fidelity/metric):" +
                        (have.empty() ? std::string(" none") : have));
    }
    MetricColumn col;
    col.key = key;
    col.num_archs = n;
    // Only run -1 rows: a published seed-mean column. A column may also hold per-run rows
    // next to run -1 rows (e.g. the NATS per-seed values of a few architectures imported into
    // a store that has the published hp12 means, or resolved costs): run -1 is then the
    // authoritative seed-mean of its architecture and the runs serve the other seed policies.
    col.seed_mean_only = summary->runs <= 0;
    col.max_runs = static_cast<std::uint32_t>(std::max<std::int64_t>(summary->runs, 1));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    col.values.assign(static_cast<std::size_t>(n) * col.max_runs, nan);
    col.mean.assign(n, nan);
    col.count.assign(n, 0);
    std::vector<double> published(col.seed_mean_only ? 0 : n, nan);
    store.for_each_value(space_name, key, [&](std::uint32_t arch, int run, double v) {
      if (arch >= n) {
        throw DataError("store '" + store.path() + "': column " + key_text(key) + " has arch " +
                        std::to_string(arch) + " outside the space (size " + std::to_string(n) +
                        ")");
      }
      if (run >= 0 && col.seed_mean_only) {
        throw DataError("store '" + store.path() + "': column " + key_text(key) +
                        " mixes per-run values and seed-means");
      }
      if (run < 0 && !col.seed_mean_only) {
        published[arch] = v;
        return;
      }
      const auto slot = static_cast<std::uint32_t>(run < 0 ? 0 : run);
      if (std::isnan(v)) return;
      col.values[static_cast<std::size_t>(arch) * col.max_runs + slot] = v;
      ++col.count[arch];
    });
    // Means over present runs in fixed run order.
    for (std::uint32_t a = 0; a < n; ++a) {
      if (col.count[a] == 0) continue;
      double sum = 0.0;
      for (std::uint32_t r = 0; r < col.max_runs; ++r) {
        const double v = col.values[static_cast<std::size_t>(a) * col.max_runs + r];
        if (!std::isnan(v)) sum += v;
      }
      col.mean[a] = sum / col.count[a];
    }
    for (std::uint32_t a = 0; a < published.size(); ++a) {
      if (std::isnan(published[a])) continue;
      col.mean[a] = published[a];
      if (col.count[a] == 0) {  // only the seed-mean: it answers every seed policy
        col.values[static_cast<std::size_t>(a) * col.max_runs] = published[a];
        col.count[a] = 1;
      }
    }
    columns.push_back(std::move(col));
  }
  return std::make_shared<const Benchmark>(space_name, std::move(space), std::move(columns),
                                           std::move(available), std::move(scalars));
}

const MetricColumn& Benchmark::column(const MetricKey& key) const {
  for (const auto& c : columns_) {
    if (c.key == key) return c;
  }
  std::string have;
  for (const auto& c : columns_) have += " " + key_text(c.key);
  throw ConfigError("column " + key_text(key) + " was not loaded; loaded:" + have);
}

}  // namespace tabnas
