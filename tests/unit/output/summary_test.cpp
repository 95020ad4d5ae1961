#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "output/summary.hpp"

namespace parley {

TEST_CASE("the Wilson interval matches the published value for 8 of 10", "[summary]") {
  // Newcombe (1998), Table I, example 8/10 without continuity correction: 0.4902 – 0.9433.
  const WilsonInterval ci = wilson_interval(8, 10);
  CHECK(ci.low == Approx(0.4902).epsilon(0).margin(5e-5));
  CHECK(ci.high == Approx(0.9433).epsilon(0).margin(5e-5));
}

TEST_CASE("the Wilson interval stays inside the unit interval at 0 and n successes", "[summary]") {
  // Newcombe (1998) example 0/20: 0 – 0.1611.
  const WilsonInterval none = wilson_interval(0, 20);
  CHECK(none.low == 0.0);
  CHECK(none.high == Approx(0.1611).epsilon(0).margin(5e-5));
  const WilsonInterval all = wilson_interval(20, 20);
  CHECK(all.high == 1.0);
  CHECK(all.low == Approx(1.0 - 0.1611).epsilon(0).margin(5e-5));
}

TEST_CASE("quantiles interpolate linearly between order statistics (type 7)", "[summary]") {
  const std::vector<double> sorted{1.0, 2.0, 3.0, 4.0, 10.0};
  // h = (n − 1)p: p = 0.05 → h = 0.2 → 1.2; p = 0.95 → h = 3.8 → 4 + 0.8·6 = 8.8.
  CHECK(quantile_sorted(sorted, 0.05) == Approx(1.2).epsilon(1e-12));
  CHECK(quantile_sorted(sorted, 0.5) == 3.0);
  CHECK(quantile_sorted(sorted, 0.95) == Approx(8.8).epsilon(1e-12));
  CHECK(quantile_sorted(sorted, 0.0) == 1.0);
  CHECK(quantile_sorted(sorted, 1.0) == 10.0);
}

TEST_CASE("a summary's quantiles are those of the fully sorted values", "[summary]") {
  // The summary selects the order statistics it reads instead of sorting: for many
  // sizes (1 … 200, so every rounding of (n − 1)p) and values with many ties, each
  // quantile must equal the one read from a sorted copy, bit for bit.
  Rng rng(20261207);
  for (std::size_t n = 1; n <= 200; ++n) {
    std::vector<double> values(n);
    for (double& v : values) v = std::floor(rng.uniform01() * 20.0) / 4.0;  // ties
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    const MetricSummary s = summarise_values("x", values, false);
    INFO("n = " << n);
    CHECK(s.q05 == quantile_sorted(sorted, 0.05));
    CHECK(s.q25 == quantile_sorted(sorted, 0.25));
    CHECK(s.q50 == quantile_sorted(sorted, 0.50));
    CHECK(s.q75 == quantile_sorted(sorted, 0.75));
    CHECK(s.q95 == quantile_sorted(sorted, 0.95));
    // A binary metric's quantiles come from its count of 0s: the same values.
    std::vector<double> flags(n);
    for (double& v : flags) v = rng.uniform01() < 0.3 ? 1.0 : 0.0;
    std::vector<double> sorted_flags = flags;
    std::sort(sorted_flags.begin(), sorted_flags.end());
    const MetricSummary b = summarise_values("flag", flags, true);
    CHECK(b.q05 == quantile_sorted(sorted_flags, 0.05));
    CHECK(b.q25 == quantile_sorted(sorted_flags, 0.25));
    CHECK(b.q50 == quantile_sorted(sorted_flags, 0.50));
    CHECK(b.q75 == quantile_sorted(sorted_flags, 0.75));
    CHECK(b.q95 == quantile_sorted(sorted_flags, 0.95));
  }
}

TEST_CASE("a summary has the sample sd and the Monte Carlo standard error", "[summary]") {
  const MetricSummary s = summarise_values("x", {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}, false);
  CHECK(s.n == 8);
  CHECK(s.mean == 5.0);
  // Sum of squared deviations 32, sample variance 32/7.
  CHECK(s.sd == Approx(std::sqrt(32.0 / 7.0)).epsilon(1e-12));
  CHECK(s.mcse == Approx(std::sqrt(32.0 / 7.0) / std::sqrt(8.0)).epsilon(1e-12));
}

TEST_CASE("an empty metric has n = 0", "[summary]") {
  const MetricSummary s = summarise_values("deal_outcome.x", {}, false);
  CHECK(s.n == 0);
}

namespace {

// One issue, two actors, one phase: enough for the analysis metrics.
Scenario one_issue_scenario() {
  Scenario scenario;
  Issue issue;
  issue.id = "price";
  scenario.issues = {issue};
  for (const char* id : {"buyer", "seller"}) {
    Actor actor;
    actor.id = id;
    scenario.actors.push_back(actor);
  }
  Phase phase;
  phase.id = "talks";
  scenario.phases = {phase};
  return scenario;
}

SessionRecord analysed(bool agreed, signed char zone, double slack, double nash) {
  SessionRecord r;
  r.agreed = agreed;
  r.outcome = Eigen::VectorXd::Zero(1);
  r.utility = Eigen::VectorXd::Zero(2);
  r.reservation = Eigen::VectorXd::Zero(2);
  r.phase_results = {agreed ? PhaseResult::kAgreed : PhaseResult::kDeadline};
  r.vetoed = {0, 0};
  r.blocked = {0, 0};
  r.zone_of_agreement = zone;
  r.pareto_slack = slack;
  r.nash_distance = nash;
  return r;
}

const MetricSummary& metric(const std::vector<MetricSummary>& summary, const std::string& name) {
  for (const MetricSummary& m : summary)
    if (m.metric == name) return m;
  FAIL("no metric " << name);
  return summary.front();
}

}  // namespace

TEST_CASE("the analysis metrics count deals near the frontier and deals missed", "[summary]") {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const Scenario scenario = one_issue_scenario();
  const std::vector<SessionRecord> records = {
      analysed(true, 1, 0.0, 0.1),      // an efficient deal
      analysed(true, 1, 0.02, 0.3),     // 0.02 > 0.01 from the frontier
      analysed(false, 1, kNaN, kNaN),   // no deal although one existed
      analysed(false, 0, kNaN, kNaN),   // no deal, and none existed
      analysed(false, -1, kNaN, kNaN),  // not analysed
  };
  const std::vector<MetricSummary> summary = summarise(scenario, records);
  CHECK(metric(summary, "zone_of_agreement").n == 4);
  CHECK(metric(summary, "zone_of_agreement").mean == 0.75);
  CHECK(metric(summary, "no_deal_with_zone").n == 4);
  CHECK(metric(summary, "no_deal_with_zone").mean == 0.25);
  CHECK(metric(summary, "pareto_efficient").n == 2);
  CHECK(metric(summary, "pareto_efficient").mean == 0.5);
  CHECK(metric(summary, "pareto_slack").mean == Approx(0.01).epsilon(1e-12));
  CHECK(metric(summary, "nash_distance").mean == Approx(0.2).epsilon(1e-12));
  // 1 of 4: Wilson 95% interval 0.0456 – 0.6994.
  CHECK(describe_analysis(summary) ==
        "deals within 0.01 of the Pareto frontier: 50.0% (mean slack 0.010); mean distance to "
        "the Nash point 0.200\n"
        "no deal although a deal existed: 25.0% (95% CI 4.6%–69.9%)\n");
  // Without the analysis there is nothing to tell.
  const std::vector<SessionRecord> plain = {analysed(true, -1, kNaN, kNaN)};
  CHECK(describe_analysis(summarise(scenario, plain)).empty());
}

}  // namespace parley
