#include "tabnas/report/notebook_writer.hpp"

#include <vector>

namespace tabnas::report {

namespace {

using Json = nlohmann::ordered_json;

const char* const kSetup = R"py(import json
import math
import os

import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

with open("manifest.json", encoding="utf-8") as f:
    MANIFEST = json.load(f)
EXP = MANIFEST["export"]
# Student-t 0.975 quantiles by degrees of freedom, computed by tabnas (Boost.Math), so the
# notebook needs no SciPy and its intervals equal the exported ones.
T975 = {int(k): v for k, v in EXP["t_quantile_975"].items()}
PALETTE = EXP["palette"]
COLOR = {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(EXP["algorithms"])}
os.makedirs("notebook_figures", exist_ok=True)

df = pd.read_csv("trajectory.csv")
print(len(df), "rows;", df.groupby(["dataset", "algorithm"]).seed.nunique().to_dict())
df.head())py";

const char* const kHelpers = R"py(def metric_values(frame, metric):
    """The metric of each row; regret = best value in the table - incumbent_reported (maximised
    report metric) or the reverse (minimised)."""
    if metric == "regret":
        best = frame["dataset"].map(EXP["best_in_table"])
        value = frame["incumbent_reported"]
        return best - value if EXP["report_maximize"] else value - best
    if metric == "hypervolume_regret":
        return frame["dataset"].map(EXP["true_front_hypervolume"]) - frame["hypervolume"]
    return frame[metric]


def run_series(frame, metric, axis):
    """Per seed: the metric after each query, indexed by step or simulated time (of several
    queries completing at the same time the last counts)."""
    out = {}
    for seed, g in frame.groupby("seed", sort=True):
        g = g.sort_values("step")
        s = pd.Series(metric_values(g, metric).to_numpy(dtype=float), index=g[axis].to_numpy())
        out[seed] = s[~s.index.duplicated(keep="last")]
    return out


def at_grid(series_by_seed, grid):
    """Step-function interpolation: each run's value at x is its value after the last query
    completed at or before x (NaN before its first query; the last value after its end)."""
    columns = {seed: s.reindex(grid, method="ffill") for seed, s in series_by_seed.items()}
    return pd.DataFrame(columns, index=grid)


def summarize(wide):
    """Mean over runs and its 95% t confidence interval at every grid point."""
    n = wide.count(axis=1)
    mean = wide.mean(axis=1)
    sem = wide.std(axis=1, ddof=1) / np.sqrt(n)
    t = n.map(lambda k: T975.get(int(k) - 1, np.nan))
    return pd.DataFrame({"n": n, "mean": mean, "ci_low": mean - t * sem, "ci_high": mean + t * sem})


def final_values(frame, metric):
    """Each run's metric at its last query, indexed by seed."""
    last = frame.sort_values("step").groupby("seed", sort=True).tail(1).sort_values("seed")
    values = metric_values(last, metric).to_numpy(dtype=float)
    return pd.Series(values, index=last["seed"].to_numpy())


def non_dominated(points):
    """2-D Pareto front of (o0, o1) pairs, both minimised, ascending o1."""
    out, best = [], math.inf
    for o0, o1 in sorted(set(points), key=lambda p: (p[1], p[0])):
        if o0 < best:
            out.append((o0, o1))
            best = o0
    return out


def median_run(frame):
    """Seed of the run with the median final hypervolume (ties by seed; lower median)."""
    last = frame.sort_values("step").groupby("seed", sort=True).tail(1)
    keys = sorted((hv if math.isfinite(hv) else -math.inf, int(seed))
                  for hv, seed in zip(last["hypervolume"], last["seed"]))
    return keys[(len(keys) - 1) // 2]


def front_of(frame, seed):
    g = frame[frame["seed"] == seed].sort_values("step")
    if "feasible" in g:
        g = g[g["feasible"] == 1]
    g = g[g["fidelity"] == EXP["top_fidelity"]]
    pts = [(a, b) for a, b in zip(g["objective_0"], g["objective_1"])
           if math.isfinite(a) and math.isfinite(b)]
    return non_dominated(pts)


RECOMPUTED = {"curves": {}, "final": {}, "pareto": {}})py";

const char* const kDraw = R"py(def new_axes(spec):
    fig, ax = plt.subplots(figsize=(7.2, 4.5), dpi=100)
    ax.set_title(spec["title"])
    ax.set_xlabel(spec["xlabel"])
    ax.set_ylabel(spec["ylabel"])
    ax.grid(True, color="#e4e4e4")
    ax.set_axisbelow(True)
    return fig, ax


def draw_anytime(spec):
    fig, ax = new_axes(spec)
    sub = df[df["dataset"] == spec["dataset"]]
    grid = list(range(1, EXP["max_step"] + 1)) if spec["axis"] == "step" else EXP["time_grid"]
    for alg in spec["algorithms"]:
        runs = run_series(sub[sub["algorithm"] == alg], spec["metric"], spec["axis"])
        s = summarize(at_grid(runs, grid))
        RECOMPUTED["curves"][(spec["name"], alg)] = s
        ax.fill_between(s.index, s["ci_low"], s["ci_high"], color=COLOR[alg], alpha=0.2,
                        linewidth=0)
        ax.plot(s.index, s["mean"], color=COLOR[alg], linewidth=1.8, label=alg)
    ax.legend(loc="best")
    return fig


def draw_box(spec):
    fig, ax = new_axes(spec)
    sub = df[df["dataset"] == spec["dataset"]]
    data = []
    for alg in spec["algorithms"]:
        v = final_values(sub[sub["algorithm"] == alg], spec["metric"])
        RECOMPUTED["final"][(spec["dataset"], alg)] = v
        data.append(v.dropna().to_numpy())
    box = ax.boxplot(data, whis=1.5, patch_artist=True, widths=0.5)
    for patch, alg in zip(box["boxes"], spec["algorithms"]):
        patch.set_facecolor(COLOR[alg] + "4d")
        patch.set_edgecolor(COLOR[alg])
    for i, alg in enumerate(spec["algorithms"]):
        for part in ("whiskers", "caps"):
            for line in box[part][2 * i:2 * i + 2]:
                line.set_color(COLOR[alg])
        box["fliers"][i].set_markeredgecolor(COLOR[alg])
        box["medians"][i].set_color("#333333")
    ax.set_xticks(range(1, len(spec["algorithms"]) + 1))
    ax.set_xticklabels(spec["algorithms"])
    return fig


def draw_pareto(spec):
    fig, ax = new_axes(spec)
    sub = df[df["dataset"] == spec["dataset"]]
    flip = -1.0 if EXP["search_maximize"] else 1.0
    if spec.get("true_front"):
        xs = [o1 for o0, o1 in spec["true_front"]]
        ys = [flip * o0 for o0, o1 in spec["true_front"]]
        ax.step(xs, ys, where="post", color="#606060", linewidth=1.5)
        ax.scatter(xs, ys, color="#606060", s=18, label="true Pareto front (whole table)")
    for alg in spec["algorithms"]:
        g = sub[sub["algorithm"] == alg]
        hv, seed = median_run(g)
        front = front_of(g, seed)
        RECOMPUTED["pareto"][(spec["dataset"], alg)] = (seed, front)
        xs = [o1 for o0, o1 in front]
        ys = [flip * o0 for o0, o1 in front]
        ax.step(xs, ys, where="post", color=COLOR[alg], linewidth=1.5)
        ax.scatter(xs, ys, color=COLOR[alg], s=18, label=f"{alg} (seed {seed})")
    ax.legend(loc="best")
    return fig


DRAW = {"anytime": draw_anytime, "box": draw_box, "pareto": draw_pareto}
for spec in EXP["figures"]:
    fig = DRAW[spec["kind"]](spec)
    fig.savefig(os.path.join("notebook_figures", spec["name"] + ".png"))
    plt.show()
    plt.close(fig))py";

const char* const kCheck =
    R"py(# The notebook's numbers must equal the ones behind the exported SVG/PNG figures.
curves = pd.read_csv("curves.csv")
for (name, alg), s in RECOMPUTED["curves"].items():
    ref = curves[(curves["figure"] == name) & (curves["algorithm"] == alg)]
    assert len(ref) == len(s), (name, alg, len(ref), len(s))
    assert np.array_equal(ref["n"].to_numpy(), s["n"].to_numpy()), (name, alg, "n")
    for col in ("mean", "ci_low", "ci_high"):
        assert np.allclose(ref[col].to_numpy(dtype=float), s[col].to_numpy(dtype=float),
                           rtol=1e-9, atol=1e-12, equal_nan=True), (name, alg, col)
final = pd.read_csv("final.csv")
for (ds, alg), v in RECOMPUTED["final"].items():
    ref = final[(final["dataset"] == ds) & (final["algorithm"] == alg)].sort_values("seed")
    assert np.array_equal(ref["seed"].to_numpy(), v.index.to_numpy()), (ds, alg, "seeds")
    assert np.allclose(ref["value"].to_numpy(dtype=float), v.to_numpy(), rtol=0, atol=1e-12,
                       equal_nan=True), (ds, alg, "final values")
if RECOMPUTED["pareto"]:
    pareto = pd.read_csv("pareto.csv")
    for (ds, alg), (seed, front) in RECOMPUTED["pareto"].items():
        ref = pareto[(pareto["dataset"] == ds) & (pareto["algorithm"] == alg)]
        assert (ref["seed"] == seed).all(), (ds, alg, "seed")
        got = list(zip(ref["objective_0"], ref["objective_1"]))
        assert len(got) == len(front) and all(
            math.isclose(a, c, rel_tol=1e-12) and math.isclose(b, d, rel_tol=1e-12)
            for (a, b), (c, d) in zip(got, front)), (ds, alg, "front")
print("checked", len(RECOMPUTED["curves"]), "curves,", len(RECOMPUTED["final"]), "box plots,",
      len(RECOMPUTED["pareto"]), "Pareto fronts: all equal the exported data"))py";

std::vector<std::string> split_lines(const std::string& src) {
  // nbformat stores multi-line sources as a list of lines, each but the last ending in "\n".
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < src.size()) {
    const std::size_t nl = src.find('\n', pos);
    if (nl == std::string::npos) {
      out.push_back(src.substr(pos));
      break;
    }
    out.push_back(src.substr(pos, nl - pos + 1));
    pos = nl + 1;
  }
  return out;
}

Json markdown(const std::string& id, const std::string& text) {
  return Json{{"cell_type", "markdown"},
              {"id", id},
              {"metadata", Json::object()},
              {"source", split_lines(text)}};
}

Json code(const std::string& id, const std::string& text) {
  return Json{
      {"cell_type", "code"},        {"execution_count", nullptr}, {"id", id},
      {"metadata", Json::object()}, {"outputs", Json::array()},   {"source", split_lines(text)}};
}

}  // namespace

std::vector<std::string> NotebookWriter::code_cells(bool /*multi_objective*/) {
  return {kSetup, kHelpers, kDraw, kCheck};
}

Json NotebookWriter::notebook(const std::string& title, bool multi_objective) {
  const auto cells = code_cells(multi_objective);
  Json nb = Json::object();
  nb["cells"] = Json::array();
  nb["cells"].push_back(markdown(
      "intro", "# " + title +
                   "\n\nExported by `tabnas export`. This notebook loads the tidy "
                   "`trajectory.csv` (one row per dataset, algorithm, seed and query) with pandas, "
                   "redraws every figure of `figures/` with matplotlib (into "
                   "`notebook_figures/`) and finally checks that its numbers equal the ones "
                   "behind the exported figures (`curves.csv`, `final.csv`, `pareto.csv`).\n\n"
                   "Run it from the export directory (Jupyter does that when you open it there)."));
  nb["cells"].push_back(code("setup", cells[0]));
  nb["cells"].push_back(
      markdown("method",
               "## Aggregation\n\n"
               "- **Anytime curves**: step-function interpolation: a run's value after x "
               "queries (or at simulated time x) is its value after the last query completed at "
               "or before x; runs without a completed query at x are left out.\n"
               "- **Bands**: 95% confidence interval of the mean, mean +- t(0.975, n-1) * "
               "std / sqrt(n).\n"
               "- **Box plots**: quartiles by linear interpolation (NumPy's default), whiskers "
               "at 1.5 IQR.\n" +
                   std::string(multi_objective
                                   ? "- **Pareto fronts**: the run with the median final "
                                     "hypervolume per algorithm; its feasible results at the "
                                     "full fidelity, non-dominated in the first two objectives.\n"
                                   : "")));
  nb["cells"].push_back(code("helpers", cells[1]));
  nb["cells"].push_back(markdown("figures", "## Figures"));
  nb["cells"].push_back(code("draw", cells[2]));
  nb["cells"].push_back(markdown("check", "## Check against the exported data"));
  nb["cells"].push_back(code("check-code", cells[3]));
  nb["metadata"] = {
      {"kernelspec", {{"display_name", "Python 3"}, {"language", "python"}, {"name", "python3"}}},
      {"language_info", {{"name", "python"}}}};
  nb["nbformat"] = 4;
  nb["nbformat_minor"] = 5;
  return nb;
}

}  // namespace tabnas::report
