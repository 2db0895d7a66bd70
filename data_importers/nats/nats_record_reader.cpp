#include "nats/nats_record_reader.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "pickle/cursor.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::nats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Largest epoch count accepted (NATS: 1, 12, 90, 200); guards the per-run allocation.
constexpr std::int64_t kMaxEpochs = 10000;

bool known_dataset(const std::string& d) {
  return d == "cifar10-valid" || d == "cifar10" || d == "cifar100" || d == "ImageNet16-120";
}

/// Fills `curve` from a dict epoch(int) -> float; None leaves the curve out (returns false).
bool read_epoch_dict(const pickle::Cursor& c, std::uint32_t epochs, RunCurve& curve) {
  if (c.is_none()) return false;
  curve.values.assign(epochs, kNaN);
  for (const auto& [k, v] : c.dict_items()) {
    if (k.kind() != pickle::Kind::kInt) {
      c.fail("epoch key " + pickle::short_repr(k) + " is not an int");
    }
    const std::int64_t e = k.as_int();
    if (e < 0 || e >= static_cast<std::int64_t>(epochs)) {
      c.fail("epoch " + std::to_string(e) + " outside 0.." + std::to_string(epochs - 1));
    }
    if (v.kind() != pickle::Kind::kFloat && v.kind() != pickle::Kind::kInt) {
      c.at(k).fail("expected a number, found " + v.describe());
    }
    curve.values[static_cast<std::size_t>(e)] = v.as_double();
  }
  return true;
}

struct EvalSplit {
  std::string source;                ///< x-valid, x-test, ori-test
  std::size_t curve[3] = {0, 0, 0};  ///< accuracy, loss, time positions in run.curves
};

/// Fills the eval curves (key "<split>@<epoch>") of one metric (0 acc, 1 loss, 2 time).
void read_eval_dict(const pickle::Cursor& c, std::size_t which, std::uint32_t epochs,
                    std::vector<EvalSplit>& splits, NatsRun& run) {
  if (c.is_none()) return;
  EvalSplit* prev = nullptr;
  for (const auto& [k, v] : c.dict_items()) {
    if (!k.is_str()) c.fail("key " + pickle::short_repr(k) + " is not a '<split>@<epoch>' str");
    const std::string& key = k.as_string();
    const auto at = key.rfind('@');
    std::int64_t e = -1;
    if (at != std::string::npos) {
      const char* first = key.data() + at + 1;
      const char* last = key.data() + key.size();
      auto [ptr, ec] = std::from_chars(first, last, e);
      if (ec != std::errc() || ptr != last) e = -1;
    }
    if (e < 0) c.fail("key '" + key + "' is not of the form '<split>@<epoch>'");
    if (e >= static_cast<std::int64_t>(epochs)) {
      c.fail("key '" + key + "': epoch outside 0.." + std::to_string(epochs - 1));
    }
    const std::string_view split(key.data(), at);
    // keys come grouped by split: try the previous entry's split first
    if (prev == nullptr || prev->source != split) {
      prev = nullptr;
      for (auto& x : splits) {
        if (x.source == split) prev = &x;
      }
    }
    EvalSplit* s = prev;
    if (s == nullptr) {
      c.fail("key '" + key + "': split '" + std::string(split) +
             "' is not in eval_names (allowed: x-valid, x-test, ori-test)");
    }
    if (v.kind() != pickle::Kind::kFloat && v.kind() != pickle::Kind::kInt) {
      c[key].fail("expected a number, found " + v.describe());
    }
    run.curves[s->curve[which]].values[static_cast<std::size_t>(e)] = v.as_double();
  }
}

NatsRun read_run(const pickle::Cursor& rc, const std::string& dataset, std::int64_t seed,
                 const std::string& fidelity) {
  NatsRun run;
  run.dataset = dataset;
  run.fidelity = fidelity;
  run.seed = seed;
  const std::int64_t epochs = rc["epochs"].as_int();
  if (epochs <= 0 || epochs > kMaxEpochs) {
    rc["epochs"].fail("epoch count " + std::to_string(epochs) + " outside 1.." +
                      std::to_string(kMaxEpochs));
  }
  run.epochs = static_cast<std::uint32_t>(epochs);
  if (const auto name = rc.find("name"); name && name->as_string() != dataset) {
    name->fail("names dataset '" + name->as_string() + "' but the record is filed under '" +
               dataset + "'");
  }
  run.params = rc["params"].as_double();
  run.flops = rc["flop"].as_double();
  run.latency = kNaN;
  if (const auto lat = rc.find("latency"); lat && !lat->is_none()) {
    if (lat->kind() == pickle::Kind::kList || lat->kind() == pickle::Kind::kTuple) {
      if (lat->size() > 0) run.latency = (*lat)[0].as_double();
    } else {
      run.latency = lat->as_double();
    }
    if (!(run.latency > 0.0)) run.latency = kNaN;  // the API treats <= 0 as "not measured"
  }
  // training curves
  const std::pair<const char*, const char*> train[] = {{"train_acc1es", "accuracy"},
                                                       {"train_acc5es", "top5"},
                                                       {"train_losses", "loss"},
                                                       {"train_times", "time"}};
  for (const auto& [key, metric] : train) {
    const auto c = rc.find(key);
    if (!c) continue;
    RunCurve curve;
    curve.split = "train";
    curve.metric = metric;
    if (read_epoch_dict(*c, run.epochs, curve)) run.curves.push_back(std::move(curve));
  }
  // evaluation curves
  std::vector<EvalSplit> splits;
  const pickle::Cursor names = rc["eval_names"];
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string& source = names[i].as_string();
    const std::string canonical =
        NatsRecordReader::canonical_split(dataset, source, names[i].path());
    EvalSplit s;
    s.source = source;
    const char* metrics[3] = {"accuracy", "loss", "time"};
    for (std::size_t m = 0; m < 3; ++m) {
      s.curve[m] = run.curves.size();
      run.curves.push_back(RunCurve{canonical, metrics[m], std::vector<double>(run.epochs, kNaN)});
    }
    splits.push_back(std::move(s));
  }
  read_eval_dict(rc["eval_acc1es"], 0, run.epochs, splits, run);
  read_eval_dict(rc["eval_losses"], 1, run.epochs, splits, run);
  if (const auto t = rc.find("eval_times")) read_eval_dict(*t, 2, run.epochs, splits, run);
  // drop eval curves that stayed empty (e.g. v1.0 records without eval times)
  std::vector<RunCurve> kept;
  kept.reserve(run.curves.size());
  for (auto& c : run.curves) {
    c.present = 0;
    for (double x : c.values) c.present += std::isnan(x) ? 0U : 1U;
    if (c.present > 0) kept.push_back(std::move(c));
  }
  run.curves = std::move(kept);
  return run;
}

}  // namespace

std::string NatsRecordReader::fidelity_of(const std::string& hp_key, const std::string& where) {
  if (hp_key == "12" || hp_key == "less") return "hp12";
  if (hp_key == "200" || hp_key == "full") return "hp200";
  if (hp_key == "01") return "hp01";
  if (hp_key == "90") return "hp90";
  throw DataError(where + ": unknown training protocol '" + hp_key +
                  "' (allowed: '12', '200', '01', '90', 'less', 'full')");
}

std::string NatsRecordReader::canonical_split(const std::string& dataset,
                                              const std::string& source_split,
                                              const std::string& where) {
  if (source_split == "x-valid") return "valid";
  if (source_split == "x-test") return "test";
  if (source_split == "ori-test") {
    return (dataset == "cifar10-valid" || dataset == "cifar10") ? "test" : "valtest";
  }
  throw DataError(where + ": unknown split '" + source_split + "' of dataset '" + dataset +
                  "' (allowed: x-valid, x-test, ori-test)");
}

NatsArchRecord NatsRecordReader::read(const pickle::Value& hp_map, std::int64_t index,
                                      const std::string& source) {
  const pickle::Cursor root(hp_map, source);
  NatsArchRecord rec;
  rec.index = index;
  bool first = true;
  for (const auto& [hp_key, arch_results] : root.dict_items()) {
    if (!hp_key.is_str()) root.fail("key " + pickle::short_repr(hp_key) + " is not an hp str");
    const pickle::Cursor ar = root[hp_key.as_string()];
    const std::string fidelity = fidelity_of(hp_key.as_string(), source + ": at " + ar.path());
    const std::string arch_str = ar["arch_str"].as_string();
    const std::int64_t recorded = ar["arch_index"].as_int();
    if (first) {
      rec.arch_str = arch_str;
      rec.recorded_index = recorded;
      first = false;
    } else if (arch_str != rec.arch_str || recorded != rec.recorded_index) {
      ar["arch_str"].fail("architecture differs between training protocols ('" + arch_str +
                          "' vs '" + rec.arch_str + "')");
    }
    const pickle::Cursor results = ar["all_results"];
    for (const auto& [key, value] : results.dict_items()) {
      if (key.kind() != pickle::Kind::kTuple || key.size() != 2 || !key.items()[0].is_str() ||
          key.items()[1].kind() != pickle::Kind::kInt) {
        results.fail("key " + pickle::short_repr(key) + " is not a (dataset, seed) tuple");
      }
      const std::string& dataset = key.items()[0].as_string();
      const std::int64_t seed = key.items()[1].as_int();
      const pickle::Cursor rc = results.at(key);
      if (!known_dataset(dataset)) {
        rc.fail("unknown dataset '" + dataset +
                "' (allowed: cifar10-valid, cifar10, cifar100, ImageNet16-120)");
      }
      rec.runs.push_back(read_run(rc, dataset, seed, fidelity));
    }
  }
  if (first) root.fail("no training protocol in the record");
  return rec;
}

}  // namespace tabnas::nats
