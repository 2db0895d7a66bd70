// `tabnas hw devices|fit|predict|transfer` and `tabnas import hw-csv|hw-default`
// (docs/hardware.md).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_context.hpp"
#include "hw/hw_table_importer.hpp"
#include "option_parsing.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/core/atomic_file.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/text_format.hpp"
#include "tabnas/hw/holdout_evaluation.hpp"
#include "tabnas/hw/hw_columns.hpp"
#include "tabnas/hw/latency_filler.hpp"
#include "tabnas/hw/latency_predictor.hpp"
#include "tabnas/hw/transfer_study.hpp"
#include "tabnas/store/store.hpp"

namespace po = boost::program_options;

namespace tabnas::cli {

namespace {

constexpr const char* kHwUsage =
    "tabnas hw <action> [options]\n"
    "  devices                         device columns: metric, batch, unit, coverage, predicted, "
    "source\n"
    "                                  (also `tabnas info devices`)\n"
    "  fit --device D [--batch B] --train N [--seed S] [--model lut|gbt|all]\n"
    "                                  fit on N random measured architectures, score the rest\n"
    "  predict --device D [--batch B] --model lut|gbt\n"
    "                                  fill the unmeasured architectures (marked predicted)\n"
    "  transfer --out DIR [--sizes 50,100,500] [--seeds 5] [--seed S] [--models lut,gbt,proxy]\n"
    "                                  device rank correlations + predictor transfer tables";

std::string pad(const std::string& s, std::size_t w) {
  return s.size() >= w ? s + " " : s + std::string(w - s.size(), ' ');
}
std::string lpad(const std::string& s, std::size_t w) {
  return s.size() >= w ? " " + s : std::string(w - s.size(), ' ') + s;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

struct ColumnOptions {
  std::string space;
  std::string device;
  std::string metric;
  std::optional<int> batch;
};

void add_column_options(po::options_description& desc) {
  desc.add_options()("space", po::value<std::string>()->default_value("nb201"), "search space")(
      "device", po::value<std::string>()->required(), "device name (tabnas hw devices)")(
      "metric", po::value<std::string>()->default_value("latency"), "hardware metric")(
      "batch", po::value<int>(), "batch size (may be omitted when the device has one)");
}

ColumnOptions column_options(const po::variables_map& vm) {
  ColumnOptions c;
  c.space = vm["space"].as<std::string>();
  c.device = vm["device"].as<std::string>();
  c.metric = vm["metric"].as<std::string>();
  if (vm.count("batch") != 0U) c.batch = vm["batch"].as<int>();
  return c;
}

}  // namespace

int run_hw_devices(CliContext& ctx, const std::vector<std::string>& args,
                   const std::string& command) {
  po::options_description desc(command + " options");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse_command(command,
                     "tabnas [--store FILE] [--json] " + command +
                         "\n\nLists the device tables of the store (one row per device, metric "
                         "and batch):\nunit, measured architectures, coverage of the space, "
                         "predicted rows and sources.\n`tabnas info devices` and `tabnas hw "
                         "devices` are the same command.",
                     args, desc, pos, vm)) {
    return 0;
  }
  Store store(ctx.store_path, Store::Mode::kRead);
  const auto columns = list_hw_columns(store);
  std::map<std::int64_t, SourceRecord> sources;
  for (const auto& s : store.sources()) sources[s.id] = s;
  std::map<std::string, std::size_t> space_size;
  for (const auto& s : store.spaces()) space_size[s] = store.arch_strings(s).size();
  auto source_text = [&](const HwColumnInfo& c) {
    std::string t;
    for (const auto id : c.source_ids) {
      const auto& s = sources[id];
      t += (t.empty() ? "" : ", ") + std::string("[") + std::to_string(id) + "] " +
           std::filesystem::path(s.path).filename().string() + " (" + s.importer + ")";
    }
    return t;
  };
  if (ctx.json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& c : columns) {
      nlohmann::ordered_json sj = nlohmann::ordered_json::array();
      for (const auto id : c.source_ids) {
        sj.push_back({{"id", id}, {"path", sources[id].path}, {"importer", sources[id].importer}});
      }
      j.push_back({{"space", c.key.space},
                   {"device", c.key.device},
                   {"metric", c.key.metric},
                   {"batch", c.key.batch},
                   {"unit", c.unit},
                   {"measured", c.measured},
                   {"space_size", space_size[c.key.space]},
                   {"predicted", c.predicted},
                   {"sources", sj}});
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  if (columns.empty()) {
    std::cout << "no hardware tables in " << store.path()
              << " (import them with `tabnas import hw-default`)\n";
    return 0;
  }
  std::cout << pad("device", 16) << pad("metric", 9) << lpad("batch", 5) << "  " << pad("unit", 5)
            << lpad("measured", 9) << lpad("coverage", 20) << lpad("predicted", 10) << "  source\n";
  for (const auto& c : columns) {
    const std::size_t total = space_size[c.key.space];
    const std::string cov =
        std::to_string(c.measured) + "/" + std::to_string(total) + " " +
        format_fixed(
            total == 0 ? 0.0 : 100.0 * static_cast<double>(c.measured) / static_cast<double>(total),
            1) +
        "%";
    std::cout << pad(c.key.device, 16) << pad(c.key.metric, 9)
              << lpad(std::to_string(c.key.batch), 5) << "  " << pad(c.unit, 5)
              << lpad(std::to_string(c.measured), 9) << lpad(cov, 20)
              << lpad(std::to_string(c.predicted), 10) << "  " << source_text(c) << "\n";
  }
  return 0;
}

namespace {

int hw_fit(CliContext& ctx, const std::vector<std::string>& args) {
  po::options_description desc("hw fit options");
  add_column_options(desc);
  desc.add_options()("train", po::value<std::size_t>()->required(),
                     "number of measured architectures to fit on")(
      "seed", po::value<std::uint64_t>()->default_value(0), "seed of the training-set draw")(
      "model", po::value<std::string>()->default_value("all"), "lut, gbt or all");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse_command("hw fit", kHwUsage, args, desc, pos, vm)) return 0;
  const ColumnOptions co = column_options(vm);
  const std::string model = vm["model"].as<std::string>();
  std::vector<std::string> models =
      model == "all" ? latency_predictor_names() : std::vector<std::string>{model};
  for (const auto& m : models) (void)make_latency_predictor(m);
  Store store(ctx.store_path, Store::Mode::kRead);
  const auto space = make_space(co.space, store.arch_strings(co.space));
  const HwColumnKey key = resolve_hw_column(store, co.space, co.device, co.metric, co.batch);
  const HwColumnData data = load_hw_column(store, key);
  std::vector<ArchId> archs;
  std::vector<double> values;
  data.measured(archs, values);
  const std::size_t n_train = vm["train"].as<std::size_t>();
  const std::uint64_t seed = vm["seed"].as<std::uint64_t>();
  const auto perm = holdout_permutation(archs.size(), seed);
  std::vector<HoldoutResult> results;
  for (const auto& m : models)
    results.push_back(evaluate_holdout(*space, archs, values, perm, m, n_train));
  if (ctx.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : results) {
      out.push_back({{"device", key.device},
                     {"metric", key.metric},
                     {"batch", key.batch},
                     {"model", r.model},
                     {"seed", seed},
                     {"n_train", n_train},
                     {"n_test", r.test.n},
                     {"spearman", r.test.spearman},
                     {"kendall", r.test.kendall},
                     {"mape_percent", r.test.mape},
                     {"rmse", r.test.rmse},
                     {"unit", data.unit}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << key.label() << ": " << archs.size() << " measured, fit on " << n_train << " (seed "
            << seed << "), test on " << archs.size() - n_train << "\n"
            << pad("model", 7) << lpad("spearman", 9) << lpad("kendall", 9) << lpad("MAPE %", 9)
            << lpad("RMSE " + data.unit, 10) << "\n";
  for (const auto& r : results) {
    std::cout << pad(r.model, 7) << lpad(format_fixed(r.test.spearman, 4), 9)
              << lpad(format_fixed(r.test.kendall, 4), 9) << lpad(format_fixed(r.test.mape, 2), 9)
              << lpad(format_fixed(r.test.rmse, 4), 10) << "\n";
  }
  return 0;
}

int hw_predict(CliContext& ctx, const std::vector<std::string>& args) {
  po::options_description desc("hw predict options");
  add_column_options(desc);
  desc.add_options()("model", po::value<std::string>()->required(), "lut or gbt");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse_command("hw predict", kHwUsage, args, desc, pos, vm)) return 0;
  const ColumnOptions co = column_options(vm);
  const std::string model = vm["model"].as<std::string>();
  (void)make_latency_predictor(model);
  Store store(ctx.store_path, Store::Mode::kWrite);
  const auto space = make_space(co.space, store.arch_strings(co.space));
  const HwColumnKey key = resolve_hw_column(store, co.space, co.device, co.metric, co.batch);
  const FillReport r = fill_missing_latencies(store, *space, key, model, ctx.store_path + ".hw.d");
  if (ctx.json) {
    nlohmann::ordered_json j = {{"device", key.device},
                                {"metric", key.metric},
                                {"batch", key.batch},
                                {"model", model},
                                {"measured", r.measured},
                                {"predicted_written", r.written},
                                {"replaced_predicted", r.replaced_predicted},
                                {"source_id", r.source_id},
                                {"model_file", r.model_file},
                                {"in_sample_spearman", r.train_fit.spearman},
                                {"in_sample_mape_percent", r.train_fit.mape}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << key.label() << ": fitted " << model << " on " << r.measured
            << " measured architectures, wrote " << r.written << " predicted rows (predicted = 1"
            << (r.replaced_predicted > 0
                    ? ", replacing " + std::to_string(r.replaced_predicted) + " earlier predictions"
                    : std::string())
            << ")\n  in-sample spearman " << format_fixed(r.train_fit.spearman, 4) << ", MAPE "
            << format_fixed(r.train_fit.mape, 2) << "%; held-out quality: tabnas hw fit\n"
            << "  model " << r.model_file << " (source id " << r.source_id << ")\n";
  return 0;
}

std::string join_args(const std::vector<std::string>& args) {
  std::string s = "tabnas hw transfer";
  for (const auto& a : args) s += " " + a;
  return s;
}

int hw_transfer(CliContext& ctx, const std::vector<std::string>& args) {
  po::options_description desc("hw transfer options");
  desc.add_options()("space", po::value<std::string>()->default_value("nb201"), "search space")(
      "out", po::value<std::string>()->required(), "output directory")(
      "sizes", po::value<std::string>()->default_value("50,100,500"), "training-set sizes")(
      "seeds", po::value<std::size_t>()->default_value(5), "random training sets per size")(
      "seed", po::value<std::uint64_t>()->default_value(0), "master seed")(
      "models", po::value<std::string>()->default_value("lut,gbt,proxy"), "lut, gbt, proxy");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse_command("hw transfer", kHwUsage, args, desc, pos, vm)) return 0;
  TransferOptions opt;
  opt.sizes.clear();
  for (const auto& s : split_list(vm["sizes"].as<std::string>())) {
    try {
      opt.sizes.push_back(static_cast<std::size_t>(std::stoul(s)));
    } catch (const std::exception&) {
      throw ConfigError("--sizes: '" + s + "' is not a number");
    }
  }
  opt.seeds = vm["seeds"].as<std::size_t>();
  opt.seed = vm["seed"].as<std::uint64_t>();
  opt.models = split_list(vm["models"].as<std::string>());
  if (opt.seeds == 0 || opt.sizes.empty() || opt.models.empty()) {
    throw ConfigError("hw transfer: need at least one size, seed and model");
  }
  const std::string space_name = vm["space"].as<std::string>();
  const std::string out_dir = vm["out"].as<std::string>();
  Store store(ctx.store_path, Store::Mode::kRead);
  const auto space = make_space(space_name, store.arch_strings(space_name));
  // Fully measured columns first, then the others; each group by device, batch.
  std::vector<HwColumnData> cols;
  for (const bool want_full : {true, false}) {
    for (const auto& c : list_hw_columns(store)) {
      const bool is_full = c.measured == static_cast<std::int64_t>(space->size());
      if (c.key.space == space_name && c.key.metric == "latency" && c.measured >= 3 &&
          is_full == want_full) {
        cols.push_back(load_hw_column(store, c.key));
      }
    }
  }
  if (cols.empty()) throw ConfigError("no latency columns in the store (tabnas import hw-default)");
  const TransferStudy study(*space, std::move(cols));
  const auto& columns = study.columns();
  const auto pairs = study.pair_correlations();
  const auto rows = study.predictor_rows(opt);
  const std::string command = join_args(args);
  const std::size_t n_space = space->size();

  // device_correlation.csv: every pair.
  std::string csv = "device_a,batch_a,device_b,batch_b,n_common,spearman\n";
  for (const auto& p : pairs) {
    csv += columns[p.a].key.device + "," + std::to_string(columns[p.a].key.batch) + "," +
           columns[p.b].key.device + "," + std::to_string(columns[p.b].key.batch) + "," +
           std::to_string(p.n_common) + "," + format_double(p.spearman) + "\n";
  }
  std::filesystem::create_directories(out_dir);
  write_file_atomic(out_dir + "/device_correlation.csv", csv);

  // device_correlation.md: matrix of the fully measured columns + the others' best matches.
  std::vector<std::size_t> full;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (study.full(c)) full.push_back(c);
  }
  std::map<std::pair<std::size_t, std::size_t>, const DevicePairCorrelation*> by_pair;
  for (const auto& p : pairs) {
    by_pair[{p.a, p.b}] = &p;
    by_pair[{p.b, p.a}] = &p;
  }
  auto short_label = [&](std::size_t c) {
    return columns[c].key.device + "/" + std::to_string(columns[c].key.batch);
  };
  std::string md = "# Device latency rank correlation (Spearman)\n\nGenerated by `" + command +
                   "` (experiments/hw_transfer/run.sh). Latency columns of space " + space_name +
                   "; every pair over the architectures both devices measured.\n\n## Fully "
                   "measured devices (" +
                   std::to_string(n_space) + " architectures each)\n\n| device/batch |";
  for (std::size_t k = 0; k < full.size(); ++k) md += " " + std::to_string(k + 1) + " |";
  md += "\n|---|";
  for (std::size_t k = 0; k < full.size(); ++k) md += "---:|";
  md += "\n";
  for (std::size_t i = 0; i < full.size(); ++i) {
    md += "| " + std::to_string(i + 1) + " " + short_label(full[i]) + " |";
    for (std::size_t k = 0; k < full.size(); ++k) {
      if (i == k) {
        md += " 1 |";
      } else {
        md += " " + format_fixed(by_pair.at({full[i], full[k]})->spearman, 2) + " |";
      }
    }
    md += "\n";
  }
  // Summary statistics over the off-diagonal pairs of fully measured devices.
  std::vector<double> off;
  for (std::size_t i = 0; i < full.size(); ++i) {
    for (std::size_t k = i + 1; k < full.size(); ++k)
      off.push_back(by_pair.at({full[i], full[k]})->spearman);
  }
  if (!off.empty()) {
    std::vector<double> sorted = off;
    std::sort(sorted.begin(), sorted.end());
    double sum = 0.0;
    for (const double v : off) sum += v;
    md += "\n" + std::to_string(off.size()) + " pairs: min " + format_fixed(sorted.front(), 3) +
          ", median " + format_fixed(sorted[sorted.size() / 2], 3) + ", mean " +
          format_fixed(sum / static_cast<double>(off.size()), 3) + ", max " +
          format_fixed(sorted.back(), 3) + ".\n";
  }
  md +=
      "\n## Partially measured devices: most and least similar fully measured devices\n\n"
      "| device/batch | measured | best match (rho, n) | 2nd (rho) | 3rd (rho) | least similar "
      "(rho) |\n|---|---:|---|---|---|---|\n";
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (study.full(c)) continue;
    std::vector<const DevicePairCorrelation*> list;
    for (const std::size_t f : full) {
      auto it = by_pair.find({c, f});
      if (it != by_pair.end()) list.push_back(it->second);
    }
    std::stable_sort(list.begin(), list.end(),
                     [](const auto* x, const auto* y) { return x->spearman > y->spearman; });
    auto other = [&](const DevicePairCorrelation* p) { return p->a == c ? p->b : p->a; };
    md += "| " + short_label(c) + " | " + std::to_string(study.measured(c)) + " |";
    for (std::size_t k = 0; k < 3; ++k) {
      if (k < list.size()) {
        md += " " + short_label(other(list[k])) + " (" + format_fixed(list[k]->spearman, 3) +
              (k == 0 ? ", n=" + std::to_string(list[k]->n_common) : std::string()) + ") |";
      } else {
        md += " - |";
      }
    }
    md += list.empty() ? std::string(" - |\n")
                       : " " + short_label(other(list.back())) + " (" +
                             format_fixed(list.back()->spearman, 3) + ") |\n";
  }
  write_file_atomic(out_dir + "/device_correlation.md", md);

  // predictor_transfer.csv
  csv =
      "device,batch,measured,model,n_train,n_test,seeds,spearman_mean,spearman_sd,"
      "kendall_mean,mape_mean,mape_sd,rmse_mean_ms,proxy\n";
  for (const auto& r : rows) {
    const auto& k = columns[r.column].key;
    csv += k.device + "," + std::to_string(k.batch) + "," +
           std::to_string(study.measured(r.column)) + "," + r.model + "," +
           std::to_string(r.n_train) + "," + std::to_string(r.n_test) + "," +
           std::to_string(r.seeds) + "," + format_double(r.spearman_mean) + "," +
           format_double(r.spearman_sd) + "," + format_double(r.kendall_mean) + "," +
           format_double(r.mape_mean) + "," + format_double(r.mape_sd) + "," +
           format_double(r.rmse_mean) + "," + r.proxy + "\n";
  }
  write_file_atomic(out_dir + "/predictor_transfer.csv", csv);

  // predictor_transfer.md: one table, rows = device, columns = model x size.
  std::map<std::tuple<std::size_t, std::string, std::size_t>, const TransferRow*> cell;
  for (const auto& r : rows) cell[{r.column, r.model, r.n_train}] = &r;
  std::string sizes_text;
  for (const auto s : opt.sizes) sizes_text += (sizes_text.empty() ? "" : "/") + std::to_string(s);
  md = "# Latency predictors on a new device: fit on " + sizes_text +
       " measured architectures, test on the rest\n\nGenerated by `" + command +
       "` (experiments/hw_transfer/run.sh). Mean over " + std::to_string(opt.seeds) +
       " random training sets per size (nested across sizes, shared by the models); test set = "
       "every other measured architecture of the device. lut = per-(edge, op) additive lookup "
       "table (least squares), gbt = gradient-boosted trees on the op encoding, proxy = the "
       "best-correlated other fully measured device (chosen on the training set, other batch "
       "sizes of the same device excluded) mapped by a log-log line.\n\n";
  for (const char* what : {"spearman", "mape"}) {
    md += std::string("## ") + (std::string(what) == "spearman" ? "Spearman rho" : "MAPE (%)") +
          "\n\n| device/batch | measured |";
    for (const auto& m : opt.models) {
      for (const auto s : opt.sizes) md += " " + m + " " + std::to_string(s) + " |";
    }
    md += "\n|---|---:|";
    for (std::size_t k = 0; k < opt.models.size() * opt.sizes.size(); ++k) md += "---:|";
    md += "\n";
    for (std::size_t c = 0; c < columns.size(); ++c) {
      md += "| " + short_label(c) + " | " + std::to_string(study.measured(c)) + " |";
      for (const auto& m : opt.models) {
        for (const auto s : opt.sizes) {
          auto it = cell.find({c, m, s});
          if (it == cell.end()) {
            md += " - |";
          } else if (std::string(what) == "spearman") {
            md += " " + format_fixed(it->second->spearman_mean, 3) + " |";
          } else {
            md += " " + format_fixed(it->second->mape_mean, 1) + " |";
          }
        }
      }
      md += "\n";
    }
    md += "\n";
  }
  write_file_atomic(out_dir + "/predictor_transfer.md", md);

  // predictor_quality.md: the acceptance table (fit on 500, test on the rest), lut and gbt.
  const std::size_t q_size = std::find(opt.sizes.begin(), opt.sizes.end(), 500U) != opt.sizes.end()
                                 ? 500
                                 : opt.sizes.back();
  md = "# Predictor quality: fit on " + std::to_string(q_size) +
       " measured architectures, test on the rest\n\nGenerated by `" + command +
       "` (experiments/hw_transfer/run.sh). Mean (sd) over " + std::to_string(opt.seeds) +
       " random training sets. Devices with full coverage first (test set = the other " +
       std::to_string(n_space - q_size) +
       " architectures), then the partially measured ones (test set = their other measured "
       "architectures).\n\n| device/batch | measured | lut rho | lut MAPE % | gbt rho | gbt MAPE % "
       "|\n|---|---:|---:|---:|---:|---:|\n";
  auto quality_line = [&](std::size_t c) {
    std::string line = "| " + short_label(c) + " | " + std::to_string(study.measured(c)) + " |";
    for (const char* m : {"lut", "gbt"}) {
      auto it = cell.find({c, m, q_size});
      if (it == cell.end()) {
        line += " - | - |";
      } else {
        line += " " + format_fixed(it->second->spearman_mean, 3) + " (" +
                format_fixed(it->second->spearman_sd, 3) + ") | " +
                format_fixed(it->second->mape_mean, 2) + " (" +
                format_fixed(it->second->mape_sd, 2) + ") |";
      }
    }
    return line + "\n";
  };
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (study.full(c)) md += quality_line(c);
  }
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (!study.full(c)) md += quality_line(c);
  }
  write_file_atomic(out_dir + "/predictor_quality.md", md);

  if (!ctx.quiet) {
    std::cout << "wrote " << out_dir
              << "/{device_correlation,predictor_transfer}.{csv,md} and predictor_quality.md ("
              << columns.size() << " device columns, " << pairs.size() << " pairs, " << rows.size()
              << " predictor rows)\n";
  }
  return 0;
}

void print_import(const ImportSummary& s, const std::string& store) {
  std::cout << "imported " << s.path << " (" << s.importer << ") into " << store << "\n"
            << "  " << s.rows << " values, " << s.archs << " architectures, source id "
            << s.source_id << "\n";
  for (const auto& c : s.columns) std::cout << "  device " << c << "\n";
  for (const auto& n : s.notes) std::cout << "  note: " << n << "\n";
}

}  // namespace

int run_import_hw(CliContext& ctx, const std::string& format, const std::string& path) {
  const SpaceFactory spaces = [](const std::string& name, const std::vector<std::string>& list) {
    return make_space(name, list);
  };
  if (format == "hw-default") {
    for (const auto& f : HwTableImporter::default_files(ctx.data_dir)) {
      if (!std::filesystem::exists(f)) {
        throw DataError("hardware table '" + f +
                        "' not found; set --data or TABNAS_DATA to the benchmark data directory");
      }
    }
    Store store(ctx.store_path, Store::Mode::kWrite);
    for (const auto& s : HwTableImporter::import_default(store, ctx.data_dir, spaces)) {
      print_import(s, ctx.store_path);
    }
    return 0;
  }
  if (format == "hw-csv") {
    if (path.empty()) throw ConfigError("tabnas import hw-csv: missing PATH");
    Store store(ctx.store_path, Store::Mode::kWrite);
    print_import(HwTableImporter::import_csv(store, path, spaces), ctx.store_path);
    return 0;
  }
  if (format == "hw") {
    if (path.empty()) throw ConfigError("tabnas import hw: missing PATH");
    Store store(ctx.store_path, Store::Mode::kWrite);
    print_import(HwTableImporter::import_file(store, path, spaces), ctx.store_path);
    return 0;
  }
  throw InternalError("run_import_hw: format '" + format + "'");
}

int run_hw(CliContext& ctx, const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << "usage: " << kHwUsage << "\n";
    return args.empty() ? static_cast<int>(ExitCode::kConfig) : 0;
  }
  const std::string action = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (action == "devices") return run_hw_devices(ctx, rest, "hw devices");
  if (action == "fit") return hw_fit(ctx, rest);
  if (action == "predict") return hw_predict(ctx, rest);
  if (action == "transfer") return hw_transfer(ctx, rest);
  throw ConfigError("tabnas hw: unknown action '" + action +
                    "' (allowed: devices, fit, predict, transfer)");
}

}  // namespace tabnas::cli
