#include <catch2/catch.hpp>

#include <vector>

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

}  // namespace parley
