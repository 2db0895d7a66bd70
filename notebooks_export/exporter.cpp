#include "tabnas/report/exporter.hpp"

#include <filesystem>
#include <map>
#include <set>

#include "tabnas/core/atomic_file.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/sha256.hpp"
#include "tabnas/report/export_figures.hpp"
#include "tabnas/report/html_report.hpp"
#include "tabnas/report/notebook_writer.hpp"
#include "tabnas/report/plots.hpp"
#include "tabnas/report/png_writer.hpp"
#include "tabnas/report/rasterizer.hpp"
#include "tabnas/report/report_formatter.hpp"
#include "tabnas/report/report_tables.hpp"
#include "tabnas/report/svg_writer.hpp"
#include "tabnas/report/tidy_csv.hpp"
#include "tabnas/version.hpp"

namespace tabnas::report {

namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string curves_csv(const std::vector<ExportedFigure>& figures, std::set<std::size_t>& dfs) {
  std::string out =
      "figure,dataset,algorithm,metric,axis,x,n,mean,std,sem,ci_low,ci_high,median,q1,q3\n";
  for (const auto& f : figures) {
    for (const auto& c : f.curves) {
      const std::string prefix = TidyCsv::cell(f.name) + "," + TidyCsv::cell(f.dataset) + "," +
                                 TidyCsv::cell(c.algorithm) + "," + f.metric + "," + f.axis + ",";
      for (const auto& p : c.points) {
        const auto& s = p.stats;
        if (s.n >= 2) dfs.insert(s.n - 1);
        out += prefix + TidyCsv::number(p.x) + "," + std::to_string(s.n) + "," +
               TidyCsv::number(s.mean) + "," + TidyCsv::number(s.std) + "," +
               TidyCsv::number(s.sem) + "," + TidyCsv::number(s.t_low) + "," +
               TidyCsv::number(s.t_high) + "," + TidyCsv::number(s.median) + "," +
               TidyCsv::number(s.q1) + "," + TidyCsv::number(s.q3) + "\n";
      }
    }
  }
  return out;
}

std::string final_csv(const std::vector<ExportedFigure>& figures) {
  std::string out = "dataset,algorithm,seed,metric,value\n";
  for (const auto& f : figures) {
    if (f.kind != "box") continue;
    for (const auto& fv : f.finals) {
      for (const auto& [seed, v] : fv.values) {
        out += TidyCsv::cell(f.dataset) + "," + TidyCsv::cell(fv.algorithm) + "," +
               std::to_string(seed) + "," + f.metric + "," + TidyCsv::number(v) + "\n";
      }
    }
  }
  return out;
}

std::string pareto_csv(const std::vector<ExportedFigure>& figures) {
  std::string out = "dataset,algorithm,seed,hypervolume,objective_0,objective_1\n";
  for (const auto& f : figures) {
    if (f.kind != "pareto") continue;
    for (const auto& pf : f.fronts) {
      for (const auto& [o0, o1] : pf.points) {
        out += TidyCsv::cell(f.dataset) + "," + TidyCsv::cell(pf.algorithm) + "," +
               std::to_string(pf.seed) + "," + TidyCsv::number(pf.hypervolume) + "," +
               TidyCsv::number(o0) + "," + TidyCsv::number(o1) + "\n";
      }
    }
  }
  return out;
}

}  // namespace

Metric Exporter::default_metric(const ResultsData& data) {
  for (const auto& d : data.datasets) {
    if (data.best_in_table.count(d) == 0U) return Metric::kIncumbentReported;
  }
  return data.datasets.empty() ? Metric::kIncumbentReported : Metric::kRegret;
}

std::vector<std::string> Exporter::run(const ResultsData& data, const ExportOptions& opt) {
  if (!data.has_trajectory) {
    throw ConfigError("tabnas export: " + data.directory +
                      " has no per-step rows (the experiment ran with --no-trajectory); rerun it "
                      "without --no-trajectory to export curves and figures");
  }
  const Metric metric = opt.metric.value_or(default_metric(data));
  data.check_metric(metric);
  const fs::path out(opt.out_dir);
  std::error_code ec;
  fs::create_directories(out / "figures", ec);
  if (ec) throw DataError("cannot create export directory '" + opt.out_dir + "': " + ec.message());

  std::vector<std::string> files;
  const auto write = [&](const std::string& rel, const std::string& content) {
    write_file_atomic((out / rel).string(), content);
    files.push_back(rel);
  };

  write("trajectory.csv", TidyCsv::trajectory(data));
  write("runs.csv", TidyCsv::runs(data));

  const auto figures = ExportFigures::build(data, metric);
  std::set<std::size_t> dfs;
  write("curves.csv", curves_csv(figures, dfs));
  write("final.csv", final_csv(figures));
  if (data.num_objectives > 1) write("pareto.csv", pareto_csv(figures));

  Json fig_json = Json::array();
  for (const auto& f : figures) {
    const std::string stem = "figures/" + f.name;
    write(stem + ".svg", SvgWriter::write(f.figure));
    write(stem + ".png", PngWriter::encode(Rasterizer::render(f.figure, opt.png_scale)));
    Json j = {{"name", f.name},     {"kind", f.kind},     {"dataset", f.dataset},
              {"metric", f.metric}, {"axis", f.axis},     {"title", f.title},
              {"xlabel", f.xlabel}, {"ylabel", f.ylabel}, {"caption", f.caption}};
    Json algs = Json::array();
    if (f.kind == "anytime") {
      for (const auto& c : f.curves) algs.push_back(c.algorithm);
    } else if (f.kind == "box") {
      for (const auto& v : f.finals) algs.push_back(v.algorithm);
    } else {
      for (const auto& p : f.fronts) algs.push_back(p.algorithm);
      if (!f.true_front.empty()) {
        Json tf = Json::array();
        for (const auto& [o0, o1] : f.true_front) tf.push_back({o0, o1});
        j["true_front"] = tf;
      }
    }
    j["algorithms"] = algs;
    j["files"] = {stem + ".svg", stem + ".png"};
    fig_json.push_back(j);
  }

  ReportOptions ropt;
  ropt.metric = metric;
  ropt.bootstrap_seed = opt.bootstrap_seed;
  ropt.bootstrap_resamples = opt.bootstrap_resamples;
  const auto tables = ReportTables::build(data, ropt);
  write("report.txt", ReportFormatter::text(data, tables));
  write("report.json", ReportFormatter::json(data, tables).dump(2) + "\n");

  // The manifest: the run's manifest.json (spec, seeds, versions, store hashes) plus "export".
  Json manifest = data.manifest.is_object() ? data.manifest : Json::object();
  if (!manifest.contains("spec") && !data.spec.is_null()) manifest["spec"] = data.spec;
  Json ex = Json::object();
  ex["tabnas_version"] = kTabnasVersion;
  ex["git_commit"] = kTabnasGitCommit;
  ex["results_directory"] = fs::path(data.directory).filename().string();
  ex["results_source"] = data.source_file;
  ex["experiment"] = data.name;
  ex["metric"] = metric_name(metric);
  ex["metric_description"] = data.describe(metric);
  ex["higher_is_better"] = data.higher_is_better(metric);
  ex["report_maximize"] = data.report_maximize;
  ex["search_maximize"] = data.search_maximize;
  Json best = Json::object();
  for (const auto& [d, v] : data.best_in_table) best[d] = v;
  ex["best_in_table"] = best;
  Json true_hv = Json::object();
  for (const auto& [d, v] : data.true_front_hypervolume) true_hv[d] = v;
  ex["true_front_hypervolume"] = true_hv;
  ex["datasets"] = data.datasets;
  ex["algorithms"] = data.algorithms;
  Json seeds = Json::array();
  for (const auto& d : data.datasets) {
    for (const auto& a : data.algorithms) {
      const auto runs = data.runs_of(d, a);
      if (runs.empty()) continue;
      Json ok = Json::array();
      Json failed = Json::array();
      for (const RunRecord* r : runs) (r->ok && !r->steps.empty() ? ok : failed).push_back(r->seed);
      seeds.push_back({{"dataset", d}, {"algorithm", a}, {"seeds", ok}, {"failed_seeds", failed}});
    }
  }
  ex["runs"] = seeds;
  ex["max_step"] = data.max_step();
  ex["has_time"] = data.has_time;
  if (data.has_time) {
    Json grid = Json::array();
    for (const double t : AnytimeCurves::time_grid(data, ExportFigures::kTimePoints))
      grid.push_back(t);
    ex["time_grid"] = grid;
  }
  ex["top_fidelity"] = ExportFigures::top_fidelity(data);
  ex["num_objectives"] = data.num_objectives;
  ex["objective_names"] = data.objective_names;
  ex["interpolation"] = ReportFormatter::interpolation_note();
  ex["bootstrap"] = {{"seed", opt.bootstrap_seed}, {"resamples", opt.bootstrap_resamples}};
  ex["palette"] = Plots::palette_hex();
  Json tq = Json::object();
  for (const auto df : dfs) {
    tq[std::to_string(df)] = SampleSummary::t_quantile_975(static_cast<double>(df));
  }
  ex["t_quantile_975"] = tq;
  ex["figures"] = fig_json;

  // The notebook and the HTML report, then the file list with hashes.
  const std::string title = data.name + ": tabnas export";
  write("tabnas_export.ipynb",
        NotebookWriter::notebook(title, data.num_objectives > 1).dump(1) + "\n");
  manifest["export"] = ex;
  write("report.html", HtmlReport::render(data, tables, figures, manifest));
  Json hashes = Json::array();
  for (const auto& f : files) {
    const std::string path = (out / f).string();
    hashes.push_back({{"path", f},
                      {"bytes", static_cast<std::uint64_t>(fs::file_size(path))},
                      {"sha256", Sha256::of_file(path)}});
  }
  manifest["export"]["files"] = hashes;
  write("manifest.json", manifest.dump(2) + "\n");
  return files;
}

}  // namespace tabnas::report
