#include "tabnas/report/results_reader.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "tabnas/core/errors.hpp"
#include "tabnas/store/sqlite_database.hpp"

namespace tabnas::report {

namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw DataError("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Json read_json_file(const fs::path& p) {
  try {
    return Json::parse(read_text(p));
  } catch (const Json::parse_error& e) {
    throw DataError(p.string() + ": invalid JSON: " + e.what());
  }
}

double number_or_nan(const Json& j) {
  return j.is_number() ? j.get<double>() : std::nan("");
}

/// Parses "[1.5,null,-3]" as written by the results writer.
std::vector<double> parse_number_array(std::string_view s, const std::string& where) {
  std::vector<double> out;
  std::size_t i = 0;
  const auto skip = [&]() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  };
  skip();
  if (i >= s.size() || s[i] != '[') throw DataError(where + ": expected a JSON array of numbers");
  ++i;
  skip();
  if (i < s.size() && s[i] == ']') return out;
  while (i < s.size()) {
    skip();
    if (s.compare(i, 4, "null") == 0) {
      out.push_back(std::nan(""));
      i += 4;
    } else {
      double v = 0.0;
      const auto res = std::from_chars(s.data() + i, s.data() + s.size(), v);
      if (res.ec != std::errc()) throw DataError(where + ": bad number in objectives array");
      out.push_back(v);
      i = static_cast<std::size_t>(res.ptr - s.data());
    }
    skip();
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i < s.size() && s[i] == ']') return out;
    break;
  }
  throw DataError(where + ": unterminated objectives array");
}

std::string quantity_name(const Json& q) {
  const std::string kind = q.value("kind", std::string("?"));
  if (kind == "params" || kind == "flops") return kind + " (M)";  // millions
  if (kind != "hw") return kind;
  return "hw:" + q.value("device", std::string("?")) + ":" +
         q.value("metric", std::string("latency")) + ":b" + std::to_string(q.value("batch", 1));
}

/// Fills the spec-derived fields of `data` from data.spec.
void apply_spec(ResultsData& data) {
  const Json& s = data.spec;
  if (!s.is_object()) return;
  data.name = s.value("name", data.name);
  if (s.contains("search") && s["search"].is_object()) {
    data.search_maximize = s["search"].value("maximize", true);
  }
  if (s.contains("report") && s["report"].is_object()) {
    const Json& r = s["report"];
    data.report_maximize = r.value("maximize", true);
    data.report_description = r.value("split", std::string("?")) + "/" +
                              r.value("fidelity", std::string("?")) + "/" +
                              r.value("metric", std::string("accuracy"));
  }
  const bool epochs = s.contains("budget") && s["budget"].is_object() &&
                      (s["budget"].contains("epochs") || s["budget"].contains("seconds"));
  const bool workers =
      s.contains("workers") && s["workers"].is_number() && s["workers"].get<double>() > 1.0;
  data.has_time = epochs || workers;
  data.has_feasible =
      s.contains("constraints") && s["constraints"].is_array() && !s["constraints"].empty();
  data.objective_names.clear();
  std::string search = "search signal";
  if (s.contains("search") && s["search"].is_object()) {
    search = s["search"].value("split", std::string("?")) + "/" +
             s["search"].value("fidelity", std::string("?")) + "/" +
             s["search"].value("metric", std::string("accuracy"));
    if (data.search_maximize) search = "-" + search;
  }
  data.objective_names.push_back(search);
  if (s.contains("objectives") && s["objectives"].is_array()) {
    for (const auto& q : s["objectives"]) data.objective_names.push_back(quantity_name(q));
  }
}

void finish(ResultsData& data) {
  for (const auto& r : data.runs) {
    if (std::find(data.datasets.begin(), data.datasets.end(), r.dataset) == data.datasets.end()) {
      data.datasets.push_back(r.dataset);
    }
    if (std::find(data.algorithms.begin(), data.algorithms.end(), r.algorithm) ==
        data.algorithms.end()) {
      data.algorithms.push_back(r.algorithm);
    }
  }
  if (!data.has_time) {
    for (auto& r : data.runs) {
      for (auto& st : r.steps) st.time = static_cast<double>(st.step);
    }
  }
  if (data.num_objectives > 1 && data.objective_names.size() != data.num_objectives) {
    data.objective_names.clear();
    for (std::uint32_t k = 0; k < data.num_objectives; ++k) {
      data.objective_names.push_back("objective " + std::to_string(k));
    }
  }
}

void read_sqlite(const fs::path& path, ResultsData& data) {
  SqliteDatabase db(path.string(), false, true);
  {
    auto st = db.prepare("SELECT value FROM experiment WHERE key = 'spec'");
    if (st.step()) {
      try {
        data.spec = Json::parse(st.column_text(0));
      } catch (const Json::parse_error& e) {
        throw DataError(path.string() + ": table experiment: spec is not valid JSON: " + e.what());
      }
    }
  }
  std::map<std::int64_t, std::size_t> by_index;
  {
    auto st = db.prepare(
        "SELECT idx, dataset, algorithm, seed, status, error, queries, final_observed, "
        "final_reported FROM run ORDER BY idx");
    while (st.step()) {
      RunRecord r;
      r.index = static_cast<std::size_t>(st.column_int(0));
      r.dataset = st.column_text(1);
      r.algorithm = st.column_text(2);
      r.seed = st.column_int(3);
      r.ok = st.column_text(4) == "ok";
      r.error = st.is_null(5) ? std::string() : st.column_text(5);
      // A synthetic final step, replaced below when the step table has rows.
      StepRecord last;
      last.step = static_cast<std::uint32_t>(st.column_int(6));
      last.incumbent_observed = st.is_null(7) ? std::nan("") : st.column_double(7);
      last.incumbent_reported = st.is_null(8) ? std::nan("") : st.column_double(8);
      last.observed = last.reported = last.cost = last.cumulative_cost = std::nan("");
      last.time = std::nan("");
      last.hypervolume = std::nan("");
      if (r.ok && last.step > 0) r.steps.push_back(last);
      by_index[static_cast<std::int64_t>(r.index)] = data.runs.size();
      data.runs.push_back(std::move(r));
    }
  }
  std::vector<bool> replaced(data.runs.size(), false);
  auto st = db.prepare(
      "SELECT run, step, arch, fidelity, observed, reported, incumbent, incumbent_observed, "
      "incumbent_reported, cost, time, feasible, hypervolume, objectives FROM step "
      "ORDER BY run, step");
  const auto real = [&](int c) { return st.is_null(c) ? std::nan("") : st.column_double(c); };
  bool any_steps = false;
  while (st.step()) {
    const auto it = by_index.find(st.column_int(0));
    if (it == by_index.end()) {
      throw DataError(path.string() + ": table step: row for unknown run " +
                      std::to_string(st.column_int(0)));
    }
    RunRecord& r = data.runs[it->second];
    if (!replaced[it->second]) {
      r.steps.clear();
      replaced[it->second] = true;
    }
    any_steps = true;
    StepRecord s;
    s.step = static_cast<std::uint32_t>(st.column_int(1));
    s.arch = static_cast<std::uint32_t>(st.column_int(2));
    s.fidelity = static_cast<std::uint32_t>(st.column_int(3));
    s.observed = real(4);
    s.reported = real(5);
    s.incumbent = static_cast<std::uint32_t>(st.column_int(6));
    s.incumbent_observed = real(7);
    s.incumbent_reported = real(8);
    s.cost = real(9);
    s.cumulative_cost = (r.steps.empty() ? 0.0 : r.steps.back().cumulative_cost) + s.cost;
    s.time = real(10);
    s.feasible = st.column_int(11) != 0;
    s.hypervolume = real(12);
    if (!st.is_null(13)) {
      const auto objs = parse_number_array(
          st.column_text_view(13), path.string() + ": step of run " + std::to_string(r.index) +
                                       " step " + std::to_string(s.step));
      if (data.num_objectives < 2) data.num_objectives = static_cast<std::uint32_t>(objs.size());
      if (objs.size() != data.num_objectives) {
        throw DataError(path.string() + ": run " + std::to_string(r.index) +
                        ": objectives arrays of different lengths");
      }
      r.objectives.insert(r.objectives.end(), objs.begin(), objs.end());
    }
    r.steps.push_back(s);
  }
  data.has_trajectory = any_steps;
}

}  // namespace

void ResultsReader::parse_jsonl(const std::string& text, const std::string& file,
                                ResultsData& data) {
  std::map<std::tuple<std::string, std::string, std::int64_t>, std::size_t> runs;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  bool saw_time = false;
  bool saw_feasible = false;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string where = file + ":" + std::to_string(line_no);
    Json j;
    try {
      j = Json::parse(line);
    } catch (const Json::parse_error& e) {
      throw DataError(where + ": invalid JSON: " + e.what());
    }
    try {
      const auto key =
          std::make_tuple(j.at("dataset").get<std::string>(), j.at("algorithm").get<std::string>(),
                          j.at("seed").get<std::int64_t>());
      auto it = runs.find(key);
      if (it == runs.end()) {
        RunRecord r;
        r.index = data.runs.size();
        r.dataset = std::get<0>(key);
        r.algorithm = std::get<1>(key);
        r.seed = std::get<2>(key);
        it = runs.emplace(key, data.runs.size()).first;
        data.runs.push_back(std::move(r));
      }
      RunRecord& r = data.runs[it->second];
      StepRecord s;
      s.step = j.at("step").get<std::uint32_t>();
      s.arch = j.at("arch").get<std::uint32_t>();
      s.fidelity = j.value("fidelity", 0U);
      s.observed = number_or_nan(j.at("observed"));
      s.reported = number_or_nan(j.at("reported"));
      s.incumbent = j.at("incumbent").get<std::uint32_t>();
      s.incumbent_observed = number_or_nan(j.at("incumbent_observed"));
      s.incumbent_reported = number_or_nan(j.at("incumbent_reported"));
      s.cost = number_or_nan(j.value("cost", Json()));
      s.cumulative_cost = number_or_nan(j.value("cumulative_cost", Json()));
      if (j.contains("time")) {
        saw_time = true;
        s.time = number_or_nan(j["time"]);
      }
      if (j.contains("feasible")) {
        saw_feasible = true;
        s.feasible = j["feasible"].get<bool>();
      }
      s.hypervolume = number_or_nan(j.value("hypervolume", Json()));
      if (j.contains("objectives")) {
        const Json& o = j["objectives"];
        if (data.num_objectives < 2) data.num_objectives = static_cast<std::uint32_t>(o.size());
        if (o.size() != data.num_objectives) {
          throw DataError(where + ": objectives arrays of different lengths");
        }
        for (const auto& v : o) r.objectives.push_back(number_or_nan(v));
      }
      if (!r.steps.empty() && s.step <= r.steps.back().step) {
        throw DataError(where + ": steps of one run must increase");
      }
      r.steps.push_back(s);
    } catch (const Json::exception& e) {
      throw DataError(where + ": missing or mistyped field: " + e.what());
    }
  }
  data.has_time = data.has_time || saw_time;
  data.has_feasible = data.has_feasible || saw_feasible;
  data.has_trajectory = !data.runs.empty();
}

ResultsData ResultsReader::read(const std::string& directory) {
  ResultsData data;
  data.directory = directory;
  const fs::path dir(directory);
  if (!fs::is_directory(dir)) {
    throw DataError("results directory '" + directory +
                    "' does not exist (give the --out "
                    "directory of `tabnas run`)");
  }
  if (fs::exists(dir / "manifest.json")) {
    data.manifest = read_json_file(dir / "manifest.json");
    if (data.manifest.is_object() && data.manifest.contains("true_pareto_fronts") &&
        data.manifest["true_pareto_fronts"].is_object()) {
      for (const auto& [ds, f] : data.manifest["true_pareto_fronts"].items()) {
        if (f.is_object() && f.contains("hypervolume") && f["hypervolume"].is_number()) {
          data.true_front_hypervolume[ds] = f["hypervolume"].get<double>();
        }
      }
    }
  }
  const fs::path sqlite = dir / "results.sqlite";
  const fs::path jsonl = dir / "trajectory.jsonl";
  if (fs::exists(sqlite)) {
    data.source_file = "results.sqlite";
    read_sqlite(sqlite, data);
  } else if (fs::exists(jsonl)) {
    data.source_file = "trajectory.jsonl";
    if (data.manifest.is_object() && data.manifest.contains("spec")) {
      data.spec = data.manifest["spec"];
    }
    parse_jsonl(read_text(jsonl), jsonl.string(), data);
  } else {
    throw DataError("'" + directory +
                    "' holds neither results.sqlite nor trajectory.jsonl "
                    "(give the --out directory of `tabnas run`)");
  }
  if (data.spec.is_null() && data.manifest.is_object() && data.manifest.contains("spec")) {
    data.spec = data.manifest["spec"];
  }
  data.name = dir.filename().string();
  if (data.name.empty()) data.name = dir.parent_path().filename().string();
  const bool jsonl_time = data.has_time;
  const bool jsonl_feasible = data.has_feasible;
  apply_spec(data);
  data.has_time = data.has_time || jsonl_time;
  data.has_feasible = data.has_feasible || jsonl_feasible;
  if (fs::exists(dir / "summary.json")) {
    const Json summary = read_json_file(dir / "summary.json");
    if (summary.contains("rows") && summary["rows"].is_array()) {
      for (const auto& row : summary["rows"]) {
        if (row.contains("dataset") && row.contains("best_in_table") &&
            row["best_in_table"].is_number()) {
          data.best_in_table[row["dataset"].get<std::string>()] =
              row["best_in_table"].get<double>();
        }
      }
    }
  }
  finish(data);
  return data;
}

}  // namespace tabnas::report
