// ASHA: promotions on hand-worked event sequences (Li et al. 2020, Algorithm 2).
#include "tabnas/search/algorithms/asha.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

#include "mf_mo_test_support.hpp"

using namespace tabnas;
using namespace tabnas::test;

namespace {

/// Plays a scripted event sequence. New architectures get the values `base` in order of
/// appearance (config 0, 1, 2, ...); a configuration has the same value at every rung.
class Script {
 public:
  Script(Algorithm& algo, const SearchSpace& space, std::vector<double> base, std::uint32_t workers)
      : algo_(algo),
        rng_(99),
        ctx_(space, rng_, epoch_ladder({1, 3, 9}), 1, workers, 1000),
        base_(std::move(base)) {}

  /// Asks once; records (config, rung).
  Trial ask() {
    std::optional<Trial> t = algo_.ask(ctx_);
    REQUIRE(t);
    if (config_.count(t->arch) == 0) {
      const auto c = config_.size();
      config_[t->arch] = c;
      REQUIRE_FALSE(t->resume_from);
    } else {
      // A promotion resumes the configuration's trial one rung below.
      REQUIRE(t->resume_from);
      REQUIRE(trials_.at(*t->resume_from).arch == t->arch);
      REQUIRE(trials_.at(*t->resume_from).fidelity + 1 == t->fidelity);
    }
    trials_[t->id] = *t;
    sequence_.emplace_back(config_.at(t->arch), t->fidelity);
    return *t;
  }
  void tell(const Trial& t) {
    Observation o;
    o.trial = t;
    o.objectives = {base_.at(config_.at(t.arch))};
    algo_.tell(o, ctx_);
  }
  [[nodiscard]] const std::vector<std::pair<std::size_t, std::uint32_t>>& sequence() const {
    return sequence_;
  }

 private:
  Algorithm& algo_;
  Rng rng_;
  SearchContext ctx_;
  std::vector<double> base_;
  std::map<ArchId, std::size_t> config_;
  std::map<std::uint64_t, Trial> trials_;
  std::vector<std::pair<std::size_t, std::uint32_t>> sequence_;
};

using Seq = std::vector<std::pair<std::size_t, std::uint32_t>>;

}  // namespace

TEST_CASE("asha: promotions with one worker (eta = 3, rungs 1/3/9 epochs)",
          "[multi_fidelity][asha]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  auto algo = make_algorithm("asha");
  Script s(*algo, space, {5, 3, 8, 1, 9, 2, 7, 4, 6, 0.5}, 1);
  for (int i = 0; i < 16; ++i) s.tell(s.ask());
  // Hand-worked: rung 0 promotes its top floor(n/3), rung 1 likewise, highest rung first.
  //  4th ask: rung 0 = {c1:3, c0:5, c2:8} -> top 1 = c1 -> promote c1.
  //  6th: rung 0 = {c3:1, ...} (4 results) -> top 1 = c3 -> promote.
  //  9th: rung 0 has 6 results -> top 2 = {c3 (done), c5} -> promote c5.
  // 10th: rung 1 = {c3:1, c5:2, c1:3} -> top 1 = c3 -> promote to rung 2.
  // 14th: rung 0 has 9 results, top 3 = {c3, c5, c1} all promoted -> new c9 (0.5).
  // 15th: top 3 of 10 = {c9, c3, c5} -> promote c9; 16th: rung 1 top 1 of 4 = c9 -> rung 2.
  const Seq expect = {{0, 0}, {1, 0}, {2, 0}, {1, 1}, {3, 0}, {3, 1}, {4, 0}, {5, 0},
                      {5, 1}, {3, 2}, {6, 0}, {7, 0}, {8, 0}, {9, 0}, {9, 1}, {9, 2}};
  CHECK(s.sequence() == expect);
}

TEST_CASE("asha: promotions with two workers and out-of-order results", "[multi_fidelity][asha]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  auto algo = make_algorithm("asha");
  Script s(*algo, space, {5, 3, 8, 1, 9, 2, 7, 4, 6}, 2);
  const Trial t0 = s.ask();  // c0 at rung 0
  const Trial t1 = s.ask();  // c1 at rung 0 (nothing finished yet)
  s.tell(t1);                // rung 0 = {c1:3}
  const Trial t2 = s.ask();  // floor(1/3) = 0 -> new c2
  s.tell(t0);                // rung 0 = {c1:3, c0:5}
  const Trial t3 = s.ask();  // floor(2/3) = 0 -> new c3
  s.tell(t3);                // rung 0 = {c3:1, c1:3, c0:5}
  const Trial t4 = s.ask();  // top 1 = c3 -> promote to rung 1 (c2 still running)
  s.tell(t4);                // rung 1 = {c3:1}
  const Trial t5 = s.ask();  // rung 1: floor(1/3) = 0; rung 0: c3 promoted -> new c4
  s.tell(t2);                // rung 0 = {c3:1, c1:3, c0:5, c2:8}
  const Trial t6 = s.ask();  // top floor(4/3) = 1 = c3, promoted -> new c5
  s.tell(t6);                // rung 0 gets c5:2 (5 results)
  const Trial t7 = s.ask();  // top 1 = c3 -> new c6
  s.tell(t5);                // rung 0 gets c4:9 (6 results)
  const Trial t8 = s.ask();  // top 2 = {c3, c5} -> promote c5
  (void)t7;
  (void)t8;
  const Seq expect = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {3, 1}, {4, 0}, {5, 0}, {6, 0}, {5, 1}};
  CHECK(s.sequence() == expect);
}

TEST_CASE("asha: NB201 ladder promotes the top 1/9 of hp12 to hp200", "[multi_fidelity][asha]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  auto algo = make_algorithm("asha");
  const auto r = drive_mf(*algo, space, nb201_ladder(), fidelity_objective(random_landscape(4), 2),
                          1, 200, 9, 4, true);
  REQUIRE(r.trials.size() == 200);
  std::size_t low = 0;
  std::size_t high = 0;
  std::vector<double> low_values;
  for (std::size_t i = 0; i < r.trials.size(); ++i) {
    if (r.trials[i].fidelity == 0) {
      ++low;
      low_values.push_back(r.values[i][0]);
    } else {
      ++high;
    }
  }
  // At least floor(n/9) of n finished hp12 results get promoted (4 may still be running);
  // more is possible: a promoted one can drop out of the top 1/9 when better ones arrive.
  CHECK(high + 1 >= low / 9);
  CHECK(high <= low / 4);
  // Every promotion continues one of the better hp12 results (the top 1/9 when promoted,
  // so certainly better than the median of all of them).
  std::sort(low_values.begin(), low_values.end());
  const double median = low_values[low_values.size() / 2];
  for (const Trial& t : r.trials) {
    if (t.fidelity != 1) continue;
    REQUIRE(t.resume_from);
    CHECK(r.values[*t.resume_from][0] <= median);
  }
  const auto* asha = dynamic_cast<const Asha*>(algo.get());
  REQUIRE(asha != nullptr);
  REQUIRE(asha->rungs().size() == 2);
  CHECK(asha->rungs()[1].level - asha->rungs()[0].level == 2);
}
