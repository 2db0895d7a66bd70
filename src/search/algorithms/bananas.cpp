#include "tabnas/search/algorithms/bananas.hpp"

#include <algorithm>
#include <string>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {

PredictorGuidedSearch::Options bananas_options(const Params& p) {
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
  o.encoding = ArchEncoder::parse(p.get_string("encoding"), "bananas.encoding");
  o.path_cutoff = size("path_cutoff");
  o.num_candidates = size("num_candidates");
  // naszilla get_candidates: parents = best num_arches_to_mutate * patience_factor (5), each
  // given num_candidates / num_arches_to_mutate attempts, no new parent once the pool is full.
  const std::size_t parents = size("num_arches_to_mutate");
  o.max_parents = parents * 5;
  o.attempts_per_parent = std::max<std::size_t>(o.num_candidates / parents, 1);
  o.truncate_pool = false;
  o.mutation = PredictorGuidedSearch::Mutation::kPerVariable;
  o.edit_probability = p.get_double("edit_probability");
  const std::string acq = p.get_string("acquisition");
  if (acq == "its") {
    o.acquisition = PredictorGuidedSearch::Acquisition::kIndependentThompson;
  } else if (acq == "mean") {
    o.acquisition = PredictorGuidedSearch::Acquisition::kMean;
  } else {
    throw ConfigError("bananas.acquisition: unknown value '" + acq + "' (allowed: its, mean)");
  }
  return o;
}

}  // namespace

AlgorithmInfo Bananas::info() {
  AlgorithmInfo i;
  i.name = "bananas";
  i.description =
      "BO with an ensemble of MLPs on the path encoding, independent Thompson sampling and "
      "mutation-based candidates (k proposals per fit)";
  i.citation =
      "White, Neiswanger & Savani, BANANAS: Bayesian Optimization with Neural "
      "Architectures for Neural Architecture Search, AAAI 2021";
  i.deviation =
      "100 training epochs per fit instead of naszilla's 150, to keep a 150-query run under "
      "2 s on one core (epochs=150 restores it); targets standardised before training "
      "(naszilla trains on raw validation loss); full path encoding by default (naszilla's "
      "NB201 default truncates to 30 features: path_cutoff=30)";
  i.params = {
      {"num_init", ParamType::kInt, 10, "random architectures before the first fit", 1, 1e6},
      {"k", ParamType::kInt, 10, "proposals per model fit (top k of the acquisition)", 1, 1e4},
      {"num_ensemble", ParamType::kInt, 5, "networks in the ensemble", 1, 100},
      {"num_layers", ParamType::kInt, 10, "hidden layers per network", 1, 100},
      {"layer_width", ParamType::kInt, 20, "units per hidden layer", 1, 4096},
      {"epochs", ParamType::kInt, 100, "training epochs per fit (naszilla: 150)", 1, 1e5},
      {"batch_size", ParamType::kInt, 32, "mini-batch size", 1, 1e6},
      {"learning_rate", ParamType::kDouble, 0.01, "Adam learning rate", 1e-8, 10.0},
      {"encoding", ParamType::kString, "path", "predictor input: path or one_hot"},
      {"path_cutoff", ParamType::kInt, 0, "keep the first n path features (0 = all)", 0, 1e6},
      {"num_candidates", ParamType::kInt, 100, "candidate pool size per fit", 1, 1e6},
      {"num_arches_to_mutate", ParamType::kInt, 1,
       "best architectures mutated into candidates (x5 patience)", 1, 1e4},
      {"edit_probability", ParamType::kDouble, 0.25,
       "probability that a candidate mutation changes each variable", 1e-6, 1.0},
      {"acquisition", ParamType::kString, "its", "its (independent Thompson) or mean"}};
  i.make = [](const Params& p) { return std::make_unique<Bananas>(p); };
  return i;
}

Bananas::Bananas(const Params& params) : engine_(bananas_options(params)) {}

std::optional<Trial> Bananas::ask(SearchContext& ctx) {
  return engine_.ask(ctx);
}

void Bananas::tell(const Observation& obs, SearchContext& ctx) {
  engine_.tell(obs, ctx);
}

}  // namespace tabnas
