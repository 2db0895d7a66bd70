#include "tabnas/app/name_resolver.hpp"

#include <algorithm>
#include <set>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out.empty() ? "none" : out;
}

}  // namespace

NameResolver::NameResolver(std::string space, std::vector<ColumnSummary> columns)
    : space_(std::move(space)), columns_(std::move(columns)) {}

std::string NameResolver::dataset(const std::string& name, const std::string& where) const {
  std::set<std::string> have;
  for (const auto& c : columns_) have.insert(c.key.dataset);
  std::string want = lower(name);
  if (want == "imagenet" || want == "imagenet16" || want == "imagenet16_120") {
    want = "imagenet16-120";
  }
  for (const auto& d : have) {
    if (lower(d) == want) return d;
  }
  throw ConfigError(where + ": unknown dataset '" + name + "' for space '" + space_ +
                    "' (in the store: " + join(have) + ")");
}

MetricKey NameResolver::key(const std::string& dataset_name, const std::string& split,
                            const std::string& fidelity, const std::string& metric,
                            const std::string& where) const {
  MetricKey k;
  k.dataset = dataset(dataset_name, where);
  std::set<std::string> splits;
  for (const auto& c : columns_) {
    if (c.key.dataset == k.dataset) splits.insert(c.key.split);
  }
  if (splits.count(split) == 0) {
    std::string hint;
    if (split == "x-valid" || split == "x-test" || split == "ori-test") {
      hint = "; source split names are mapped to canonical ones, see docs/splits.md";
    }
    throw ConfigError(where + ": split '" + split + "' not available for dataset " + k.dataset +
                      " (available: " + join(splits) + ")" + hint);
  }
  k.split = split;
  std::string fid = fidelity;
  if (fid == "12" || fid == "200") fid = "hp" + fid;
  std::set<std::string> fids;
  for (const auto& c : columns_) {
    if (c.key.dataset == k.dataset && c.key.split == k.split) fids.insert(c.key.fidelity);
  }
  if (fids.count(fid) == 0) {
    throw ConfigError(where + ": fidelity '" + fidelity + "' not available for " + k.dataset +
                      "/" + k.split + " (available: " + join(fids) + ")");
  }
  k.fidelity = fid;
  std::set<std::string> metrics;
  for (const auto& c : columns_) {
    if (c.key.dataset == k.dataset && c.key.split == k.split && c.key.fidelity == k.fidelity) {
      metrics.insert(c.key.metric);
    }
  }
  if (metrics.count(metric) == 0) {
    throw ConfigError(where + ": metric '" + metric + "' not available for " + k.dataset + "/" +
                      k.split + "/" + k.fidelity + " (available: " + join(metrics) + ")");
  }
  k.metric = metric;
  return k;
}

}  // namespace tabnas
