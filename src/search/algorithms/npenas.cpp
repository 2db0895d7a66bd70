#include "tabnas/search/algorithms/npenas.hpp"

#include <string>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {

PredictorGuidedSearch::Options npenas_options(const Params& p) {
  PredictorGuidedSearch::Options o;
  const auto size = [&](const char* name) { return static_cast<std::size_t>(p.get_int(name)); };
  o.num_init = size("num_init");
  o.k = size("k");
  o.num_ensemble = size("num_ensemble");
  o.mlp.num_layers = size("num_layers");
  o.mlp.layer_width = size("layer_width");
  o.mlp.epochs = size("epochs");
  o.mlp.batch_size = size("batch_size");
  o.mlp.learning_rate = p.get_double("learning_rate");
  o.encoding = ArchEncoder::parse(p.get_string("encoding"), "npenas.encoding");
  o.path_cutoff = 0;
  o.num_candidates = size("num_candidates");
  o.max_parents = size("max_parents");
  o.attempts_per_parent = o.num_candidates;
  o.truncate_pool = true;
  o.mutation = PredictorGuidedSearch::Mutation::kOneEdit;
  const std::string acq = p.get_string("acquisition");
  if (acq == "mean") {
    o.acquisition = PredictorGuidedSearch::Acquisition::kMean;
  } else if (acq == "its") {
    o.acquisition = PredictorGuidedSearch::Acquisition::kIndependentThompson;
  } else {
    throw ConfigError("npenas.acquisition: unknown value '" + acq + "' (allowed: mean, its)");
  }
  return o;
}

}  // namespace

AlgorithmInfo Npenas::info() {
  AlgorithmInfo i;
  i.name = "npenas";
  i.description =
      "neural-predictor guided evolution: parents spawn many one-edit children, a predictor "
      "picks the k to evaluate";
  i.citation =
      "Wei, Niu, Tang, Wang, Hu & Liang, NPENAS: Neural Predictor Guided Evolution for "
      "Neural Architecture Search, IEEE TNNLS 2022 (arXiv:2003.12857)";
  i.deviation =
      "predictor = ensemble of 3 MLPs (BANANAS settings, targets standardised) on the one-hot "
      "op encoding instead of the paper's GIN (NPENAS-NP) / graph uncertainty network "
      "(NPENAS-BO); acquisition=its approximates NPENAS-BO's Thompson sampling";
  i.params = {
      {"num_init", ParamType::kInt, 10, "random architectures before the first fit", 1, 1e6},
      {"k", ParamType::kInt, 10, "children evaluated per generation (one fit each)", 1, 1e4},
      {"num_candidates", ParamType::kInt, 100, "children scored per generation", 1, 1e6},
      {"max_parents", ParamType::kInt, 50,
       "most parents (best first) used to fill the candidate pool", 1, 1e6},
      {"num_ensemble", ParamType::kInt, 3, "networks in the predictor ensemble", 1, 100},
      {"num_layers", ParamType::kInt, 10, "hidden layers per network", 1, 100},
      {"layer_width", ParamType::kInt, 20, "units per hidden layer", 1, 4096},
      {"epochs", ParamType::kInt, 150, "training epochs per fit", 1, 1e5},
      {"batch_size", ParamType::kInt, 32, "mini-batch size", 1, 1e6},
      {"learning_rate", ParamType::kDouble, 0.01, "Adam learning rate", 1e-8, 10.0},
      {"encoding", ParamType::kString, "one_hot", "predictor input: one_hot or path"},
      {"acquisition", ParamType::kString, "mean", "mean (NPENAS-NP) or its (NPENAS-BO-like)"}};
  i.make = [](const Params& p) { return std::make_unique<Npenas>(p); };
  return i;
}

Npenas::Npenas(const Params& params) : engine_(npenas_options(params)) {}

std::optional<Trial> Npenas::ask(SearchContext& ctx) {
  return engine_.ask(ctx);
}

void Npenas::tell(const Observation& obs, SearchContext& ctx) {
  engine_.tell(obs, ctx);
}

}  // namespace tabnas
