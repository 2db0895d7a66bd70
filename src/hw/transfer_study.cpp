#include "tabnas/hw/transfer_study.hpp"

#include <cmath>
#include <limits>
#include <map>

#include "tabnas/core/errors.hpp"
#include "tabnas/core/rng.hpp"
#include "tabnas/hw/arch_features.hpp"
#include "tabnas/hw/holdout_evaluation.hpp"
#include "tabnas/hw/latency_predictor.hpp"
#include "tabnas/hw/prediction_metrics.hpp"

namespace tabnas {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Moments {
  double sum = 0.0;
  double sum_sq = 0.0;
  std::size_t n = 0;
  void add(double v) {
    sum += v;
    sum_sq += v * v;
    ++n;
  }
  [[nodiscard]] double mean() const { return n == 0 ? kNaN : sum / static_cast<double>(n); }
  [[nodiscard]] double sd() const {
    if (n < 2) return 0.0;
    const double m = mean();
    const double var = (sum_sq - static_cast<double>(n) * m * m) / static_cast<double>(n - 1);
    return var > 0.0 ? std::sqrt(var) : 0.0;
  }
};

}  // namespace

TransferStudy::TransferStudy(const SearchSpace& space, std::vector<HwColumnData> columns)
    : space_(space), columns_(std::move(columns)) {
  for (const auto& c : columns_) {
    std::vector<ArchId> a;
    std::vector<double> v;
    c.measured(a, v);
    std::vector<double> dense(space_.size(), kNaN);
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i] >= space_.size())
        throw DataError(c.key.label() + ": architecture outside the space");
      dense[a[i]] = v[i];
    }
    archs_.push_back(std::move(a));
    values_.push_back(std::move(v));
    dense_.push_back(std::move(dense));
  }
}

std::vector<DevicePairCorrelation> TransferStudy::pair_correlations() const {
  std::vector<DevicePairCorrelation> out;
  for (std::size_t a = 0; a < columns_.size(); ++a) {
    for (std::size_t b = a + 1; b < columns_.size(); ++b) {
      std::vector<double> va;
      std::vector<double> vb;
      for (const ArchId x : archs_[a]) {
        if (!std::isnan(dense_[b][x])) {
          va.push_back(dense_[a][x]);
          vb.push_back(dense_[b][x]);
        }
      }
      if (va.size() < 3) continue;
      out.push_back({a, b, va.size(), spearman_rho(va, vb)});
    }
  }
  return out;
}

std::vector<TransferRow> TransferStudy::predictor_rows(const TransferOptions& options) const {
  for (const auto& m : options.models) {
    if (m != "proxy") (void)make_latency_predictor(m);  // validates the name
  }
  std::vector<ArchId> all(space_.size());
  for (ArchId a = 0; a < space_.size(); ++a) all[a] = a;
  const ArchFeatures all_x(space_, all);

  std::vector<TransferRow> out;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const auto& archs = archs_[c];
    const auto& values = values_[c];
    // One permutation per seed, shared by every model and size (paired, nested training sets).
    std::vector<std::vector<std::size_t>> perms;
    for (std::size_t s = 0; s < options.seeds; ++s) {
      perms.push_back(
          holdout_permutation(archs.size(), derive_seed(options.seed, columns_[c].key.label(), s)));
    }
    for (const auto& model : options.models) {
      for (const std::size_t n_train : options.sizes) {
        if (n_train == 0 || n_train >= archs.size()) continue;
        Moments rho;
        Moments tau;
        Moments mape;
        Moments err;
        std::map<std::size_t, std::size_t> proxy_count;
        for (std::size_t s = 0; s < options.seeds; ++s) {
          const auto& perm = perms[s];
          std::vector<double> train_y;
          std::vector<double> test_y;
          std::vector<ArchId> train_a;
          std::vector<ArchId> test_a;
          for (std::size_t k = 0; k < perm.size(); ++k) {
            (k < n_train ? train_a : test_a).push_back(archs[perm[k]]);
            (k < n_train ? train_y : test_y).push_back(values[perm[k]]);
          }
          std::vector<double> pred(test_a.size());
          if (model == "proxy") {
            // Best other fully measured device on the training architectures.
            std::size_t best = columns_.size();
            double best_rho = -2.0;
            for (std::size_t p = 0; p < columns_.size(); ++p) {
              if (p == c || !full(p) || columns_[p].key.device == columns_[c].key.device) continue;
              std::vector<double> px(n_train);
              for (std::size_t k = 0; k < n_train; ++k) px[k] = dense_[p][train_a[k]];
              const double r = spearman_rho(px, train_y);
              if (!std::isnan(r) && r > best_rho) {
                best_rho = r;
                best = p;
              }
            }
            if (best == columns_.size()) break;
            ++proxy_count[best];
            // log y = alpha + beta log x by least squares on the training set.
            double mx = 0.0;
            double my = 0.0;
            for (std::size_t k = 0; k < n_train; ++k) {
              mx += std::log(dense_[best][train_a[k]]);
              my += std::log(train_y[k]);
            }
            mx /= static_cast<double>(n_train);
            my /= static_cast<double>(n_train);
            double sxy = 0.0;
            double sxx = 0.0;
            for (std::size_t k = 0; k < n_train; ++k) {
              const double dx = std::log(dense_[best][train_a[k]]) - mx;
              sxy += dx * (std::log(train_y[k]) - my);
              sxx += dx * dx;
            }
            const double beta = sxx > 0.0 ? sxy / sxx : 0.0;
            const double alpha = my - beta * mx;
            for (std::size_t k = 0; k < test_a.size(); ++k) {
              pred[k] = std::exp(alpha + beta * std::log(dense_[best][test_a[k]]));
            }
          } else {
            auto predictor = make_latency_predictor(model);
            predictor->fit(ArchFeatures(space_, train_a), train_y);
            for (std::size_t k = 0; k < test_a.size(); ++k) {
              pred[k] = predictor->predict_row(all_x.row(test_a[k]));
            }
          }
          const PredictionQuality q = prediction_quality(pred, test_y);
          rho.add(q.spearman);
          tau.add(q.kendall);
          mape.add(q.mape);
          err.add(q.rmse);
        }
        if (rho.n == 0) continue;
        TransferRow row;
        row.column = c;
        row.model = model;
        row.n_train = n_train;
        row.n_test = archs.size() - n_train;
        row.seeds = rho.n;
        row.spearman_mean = rho.mean();
        row.spearman_sd = rho.sd();
        row.kendall_mean = tau.mean();
        row.mape_mean = mape.mean();
        row.mape_sd = mape.sd();
        row.rmse_mean = err.mean();
        std::size_t most = 0;
        for (const auto& [p, k] : proxy_count) {
          if (k > most) {
            most = k;
            row.proxy = columns_[p].key.label();
          }
        }
        out.push_back(std::move(row));
      }
    }
  }
  return out;
}

}  // namespace tabnas
