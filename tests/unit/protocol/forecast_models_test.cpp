// Forecasting models on small cases with hand-derived values, the Nash model and
// its interval solver against the closed forms of nash_and_ks_solutions.csv, and the
// expected-utility model's pass against the plain O(n³) sums of its header.
#include "protocol/forecast_models.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "core/input_limits.hpp"
#include "core/random.hpp"
#include "protocol/expected_utility.hpp"

namespace parley {
namespace {

// The csv's closed forms are given to 9 decimals and its note asks for 1e-6; the
// hand-derived values below are exact in binary or nearly so, hence 1e-9 for them.
constexpr double kCsvTolerance = 1e-6;
constexpr double kExact = 1e-9;

Approx near(double target, double margin) { return Approx(target).epsilon(0.0).margin(margin); }

ForecastActor actor(std::string id, double position, double capability = 1.0,
                    double salience = 1.0) {
  ForecastActor a;
  a.id = std::move(id);
  a.capability = capability;
  a.position = position;
  a.salience = salience;
  return a;
}

ForecastCase make_case(std::vector<ForecastActor> actors, double scale_min = 0.0,
                       double scale_max = 100.0) {
  ForecastCase c;
  c.id = "test";
  c.actors = std::move(actors);
  c.scale_min = scale_min;
  c.scale_max = scale_max;
  return c;
}

ForecastCase with_status_quo(ForecastCase c, double status_quo, std::string rule = "") {
  c.status_quo = status_quo;
  c.voting_rule = std::move(rule);
  return c;
}

// Player 1 (ideal 1) and player 2 (ideal 0) on [0, 1]: u1 = x, u2 = 1 − x, so x is
// player 1's share of the csv's linear split; bargaining power = capability.
ForecastCase linear_split(double power1 = 1.0, double power2 = 1.0) {
  return make_case({actor("player1", 1.0, power1), actor("player2", 0.0, power2)}, 0.0, 1.0);
}

double objective(const std::vector<IntervalBargainer>& bargainers, double x, double lo, double hi) {
  double sum = 0.0;
  for (const IntervalBargainer& b : bargainers) {
    const double gain =
        1.0 - std::pow(std::abs(x - b.position) / (hi - lo), b.risk) - b.disagreement;
    if (!(gain > 0.0)) return -std::numeric_limits<double>::infinity();
    sum += b.power * std::log(gain);
  }
  return sum;
}

}  // namespace

TEST_CASE("the compromise is the capability-times-salience weighted mean", "[forecast]") {
  // Weights 2·0.5 = 1, 1·1 = 1, 4·0.5 = 2: (10 + 40 + 2·80) / 4 = 52.5.
  const ForecastCase c =
      make_case({actor("a", 10, 2, 0.5), actor("b", 40, 1, 1.0), actor("c", 80, 4, 0.5)});
  CHECK(compromise_forecast(c) == near(52.5, kExact));
  CHECK(forecast("compromise", c) == near(52.5, kExact));
}

TEST_CASE("with every weight zero the compromise is the plain mean", "[forecast]") {
  const ForecastCase c =
      make_case({actor("a", 10, 0, 1.0), actor("b", 40, 2, 0.0), actor("c", 70, 0, 0.0)});
  CHECK(compromise_forecast(c) == near(40.0, kExact));
}

TEST_CASE("the weighted median is the first position holding half the weight", "[forecast]") {
  // Weights 1, 1, 2, 1 (total 5): cumulative 1, 2, 4 ≥ 2.5 at 40.
  CHECK(weighted_median(std::vector<double>{10, 20, 40, 80}, std::vector<double>{1, 1, 2, 1}) ==
        40.0);
  // A heavy actor at one end takes it: 1, 1, 5 → cumulative 1, 2, 7 ≥ 3.5 at 90.
  CHECK(weighted_median(std::vector<double>{50, 10, 90}, std::vector<double>{1, 1, 5}) == 90.0);
  // Actors at one position pool their weight: 30, 30, 60 → 2 of 3 at 30.
  CHECK(weighted_median(std::vector<double>{30, 60, 30}, std::vector<double>{1, 1, 1}) == 30.0);
  // One actor.
  CHECK(weighted_median(std::vector<double>{42}, std::vector<double>{3}) == 42.0);
}

TEST_CASE("a weight split exactly in half gives the midpoint of the two middle positions",
          "[forecast]") {
  // Equal weights on 10, 20, 40, 80: exactly half at 20, so (20 + 40) / 2.
  CHECK(weighted_median(std::vector<double>{10, 20, 40, 80}, std::vector<double>{1, 1, 1, 1}) ==
        30.0);
  // Mirrored on [0, 100] the median mirrors too: 100 − 30.
  CHECK(weighted_median(std::vector<double>{90, 80, 60, 20}, std::vector<double>{1, 1, 1, 1}) ==
        70.0);
  // Weights that sum to half only up to rounding (0.1 + 0.2 ≠ 0.3 in binary).
  CHECK(weighted_median(std::vector<double>{0, 10, 20}, std::vector<double>{0.1, 0.2, 0.3}) ==
        15.0);
  // Two actors of equal weight: their midpoint.
  const ForecastCase c = make_case({actor("a", 20, 1, 0.5), actor("b", 60, 0.5, 1.0)});
  CHECK(median_forecast(c) == 40.0);
}

TEST_CASE("with every weight zero the median is the plain median", "[forecast]") {
  const ForecastCase c =
      make_case({actor("a", 10, 0, 1.0), actor("b", 70, 0, 1.0), actor("c", 20, 0, 1.0)});
  CHECK(median_forecast(c) == 20.0);
  CHECK(forecast("median", c) == 20.0);
}

TEST_CASE("the Nash model reproduces the linear rows of the csv", "[forecast][nash]") {
  // nash_and_ks_solutions.csv (/work/shared/validation/analytic, copied here because CI
  // has no /work/shared):
  //   "linear u1+u2=1, d=(0,0)",Nash,0.500000000,0.500000000,0.500000000
  //   "linear u1+u2=1, d=0, bargaining power alpha=0.3",asymmetric Nash,0.3,0.7,0.3
  //   "linear u1+u2=1, d=0, bargaining power alpha=0.75",asymmetric Nash,0.75,0.25,0.75
  // Mapping: linear_split() with capability α and 1 − α (salience 1), no status quo.
  CHECK(nash_forecast(linear_split()) == near(0.5, kCsvTolerance));
  CHECK(forecast("nash", linear_split(0.3, 0.7)) == near(0.3, kCsvTolerance));
  CHECK(forecast("nash", linear_split(0.75, 0.25)) == near(0.75, kCsvTolerance));
  // Only the ratio matters, and salience scales power like capability.
  ForecastCase scaled = linear_split(3.0, 7.0);
  scaled.actors[0].salience = 0.5;
  scaled.actors[1].salience = 0.5;
  CHECK(nash_forecast(scaled) == near(0.3, kCsvTolerance));
  // On a 0–100 scale the same split, in scale units.
  const ForecastCase wide = make_case({actor("p1", 100, 0.3), actor("p2", 0, 0.7)});
  CHECK(nash_forecast(wide) == near(30.0, 100 * kCsvTolerance));
}

TEST_CASE("the interval solver reproduces the csv's rows with a disagreement point",
          "[forecast][nash]") {
  // nash_and_ks_solutions.csv:
  //   "linear u1+u2=1, d=(0.2,0.1)",Nash,0.550000000,0.450000000,0.550000000
  //   "linear u1+u2=1, d=(0.3,0.3)",Nash,0.500000000,0.500000000,0.500000000
  // No case maps to these rows: a status quo s gives d = (u1(s), u2(s)), and with the
  // players at 0 and 1 every s on [0, 1] has u1 + u2 = 1 (the set is then empty) while
  // no s gives d1 + d2 < 1 with d1 ≠ d2 ± 1. So the solver the model uses is checked
  // directly with the given d.
  const std::vector<IntervalBargainer> first{{1.0, 1.0, 0.2, 1.0}, {0.0, 1.0, 0.1, 1.0}};
  const std::optional<double> x = nash_point_on_interval(first, 0.0, 1.0);
  REQUIRE(x.has_value());
  CHECK(*x == near(0.55, kCsvTolerance));
  const std::vector<IntervalBargainer> second{{1.0, 1.0, 0.3, 1.0}, {0.0, 1.0, 0.3, 1.0}};
  const std::optional<double> y = nash_point_on_interval(second, 0.0, 1.0);
  REQUIRE(y.has_value());
  CHECK(*y == near(0.5, kCsvTolerance));
  // The bisection runs to adjacent doubles: the closed form to rounding.
  CHECK(*x == near(0.55, 1e-15));
}

TEST_CASE("the interval solver reproduces the csv's concave pie rows", "[forecast][nash]") {
  // nash_and_ks_solutions.csv, rows "pie: u1=x, u2=(1-x)^rho, d=0", Nash:
  //   rho 0.5 → u1 0.666666667, u2 0.577350269; 0.25 → 0.8, 0.668740305;
  //   2.0 → 0.333333333, 0.444444444.
  // Mapping (as in bargaining_solutions_test.cpp): player 1 at 1 with risk exponent
  // 1/ρ, player 2 at 0 with ρ = 1 on [0, 1]: u1 = 1 − (1 − x)^(1/ρ), u2 = 1 − x, so
  // u2 = (1 − u1)^ρ — the csv's frontier with the csv's u1 as player 1's utility. The
  // csv's share is u1; on the issue x = 1 − u2. The model's actors have no risk
  // exponent (ρ = 1), so these rows test the solver; ρ = 2 gives player 1 an exponent
  // 1/2 < 1 and exercises the non-concave path.
  struct Row {
    double rho;
    double u1;
    double u2;
  };
  const Row rows[] = {{0.5, 0.666666667, 0.577350269},
                      {0.25, 0.800000000, 0.668740305},
                      {2.0, 0.333333333, 0.444444444}};
  for (const Row& row : rows) {
    INFO("rho = " << row.rho);
    const std::vector<IntervalBargainer> pie{{1.0, 1.0, 0.0, 1.0 / row.rho}, {0.0, 1.0, 0.0, 1.0}};
    const std::optional<double> x = nash_point_on_interval(pie, 0.0, 1.0);
    REQUIRE(x.has_value());
    CHECK(1.0 - std::pow(1.0 - *x, 1.0 / row.rho) == near(row.u1, kCsvTolerance));
    CHECK(1.0 - *x == near(row.u2, kCsvTolerance));
    // The exact closed form: u1 = 1 / (1 + ρ).
    CHECK(1.0 - std::pow(1.0 - *x, 1.0 / row.rho) == near(1.0 / (1.0 + row.rho), 1e-12));
  }
}

TEST_CASE("a status quo outside the actors' range is the Nash disagreement point",
          "[forecast][nash]") {
  // A at 20 (power 1), B at 60 (power 3) on [0, 100], status quo 0: d = (0.8, 0.4).
  // Gains over d: A (20 − |x − 20|)/100, B x/100 for x < 60; the set is (0, 40). On
  // [20, 40] maximise log(40 − x) + 3 log x: x = 30 (on [0, 20] both gains rise).
  const ForecastCase c = make_case({actor("a", 20, 1), actor("b", 60, 3)});
  CHECK(nash_forecast(with_status_quo(c, 0)) == near(30.0, kExact));
  // Without a status quo d = 0: on [20, 60] −1/(120 − x) + 3/(40 + x) > 0 throughout,
  // and beyond 60 both lose: B's ideal point, a kink, found exactly.
  CHECK(nash_forecast(c) == 60.0);
  // A status quo inside the range is Pareto-optimal: no gain for all, so d = 0.
  CHECK(nash_forecast(with_status_quo(c, 40)) == 60.0);
}

TEST_CASE("the Nash point of three actors sits at the middle kink", "[forecast][nash]") {
  // Equal power at 0, 50, 100: just left of 50 the slope is −1/50 + 1/100 + 1/50 > 0,
  // just right −1/50 − 1/100 + 1/50 < 0.
  const ForecastCase c = make_case({actor("a", 0), actor("b", 50), actor("c", 100)});
  CHECK(nash_forecast(c) == 50.0);
  // An actor with no power has no say: the two others split evenly.
  const ForecastCase mute = make_case({actor("a", 0), actor("b", 30, 0.0), actor("c", 100)});
  CHECK(nash_forecast(mute) == near(50.0, kExact));
  // With every weight zero the actors count equally.
  const ForecastCase none =
      make_case({actor("a", 0, 0.0), actor("b", 50, 0.0), actor("c", 100, 0.0)});
  CHECK(nash_forecast(none) == 50.0);
}

TEST_CASE("the interval solver finds the best point of a grid with mixed risk exponents",
          "[forecast][nash]") {
  // Non-concave objectives (ρ < 1): compare with a grid of 200001 points on [0, 10].
  const std::vector<std::vector<IntervalBargainer>> problems{
      {{1.0, 1.0, 0.0, 0.5}, {6.0, 2.0, 0.0, 2.0}, {9.0, 1.0, 0.1, 0.7}},
      {{2.0, 0.5, 0.2, 0.3}, {3.0, 1.0, 0.0, 1.0}, {8.0, 3.0, 0.0, 0.6}},
      {{0.0, 1.0, 0.0, 3.0}, {10.0, 1.0, 0.0, 0.4}}};
  for (std::size_t p = 0; p < problems.size(); ++p) {
    INFO("problem " << p);
    const std::optional<double> x = nash_point_on_interval(problems[p], 0.0, 10.0);
    REQUIRE(x.has_value());
    double grid_best = -std::numeric_limits<double>::infinity();
    for (int k = 0; k <= 200000; ++k)
      grid_best = std::max(grid_best, objective(problems[p], k * 5e-5, 0.0, 10.0));
    CHECK(objective(problems[p], *x, 0.0, 10.0) >= grid_best - 1e-12);
  }
}

TEST_CASE("the interval solver finds no Nash point in an empty bargaining set",
          "[forecast][nash]") {
  // u1 + u2 = 1 on [0, 1] cannot exceed d1 + d2 = 1.2, nor d = (0.5, 0.5) strictly.
  const std::vector<IntervalBargainer> over{{1.0, 1.0, 0.6, 1.0}, {0.0, 1.0, 0.6, 1.0}};
  CHECK_FALSE(nash_point_on_interval(over, 0.0, 1.0).has_value());
  const std::vector<IntervalBargainer> edge{{1.0, 1.0, 0.5, 1.0}, {0.0, 1.0, 0.5, 1.0}};
  CHECK_FALSE(nash_point_on_interval(edge, 0.0, 1.0).has_value());
  // The set (0.7, 0.8) lies away from every ideal point: its centre, x = 0.75.
  const std::vector<IntervalBargainer> narrow{{1.0, 1.0, 0.7, 1.0}, {0.0, 1.0, 0.2, 1.0}};
  const std::optional<double> x = nash_point_on_interval(narrow, 0.0, 1.0);
  REQUIRE(x.has_value());
  CHECK(*x == near(0.75, 1e-15));
}

TEST_CASE("without a status quo the procedural model is the compromise", "[forecast]") {
  const ForecastCase c =
      make_case({actor("a", 10, 2, 0.5), actor("b", 40, 1, 1.0), actor("c", 80, 4, 0.5)});
  CHECK(procedural_forecast(c) == near(52.5, kExact));
}

TEST_CASE("unanimity stops a move at the reflection of the actor nearest the status quo",
          "[forecast][procedural]") {
  // Status quo 0, actors at 20, 60, 100 (equal): compromise 60. Under unanimity the
  // pivot is 20, who accepts up to 2·20 − 0 = 40.
  const ForecastCase c = make_case({actor("a", 20), actor("b", 60), actor("c", 100)});
  CHECK(procedural_forecast(with_status_quo(c, 0, "unanimity")) == near(40.0, kExact));
  CHECK(procedural_forecast(with_status_quo(c, 0, "Unan")) == near(40.0, kExact));
  // A qualified majority of 0.74: 100 and 60 hold 2/3, so 20 completes it: 40 as well.
  CHECK(procedural_forecast(with_status_quo(c, 0, "QMV")) == near(40.0, kExact));
  // A simple majority: 100 and 60 hold 2/3 > 1/2, pivot 60, limit 120: the compromise.
  CHECK(procedural_forecast(with_status_quo(c, 0, "majority")) == near(60.0, kExact));
  // An empty rule is majority.
  CHECK(procedural_forecast(with_status_quo(c, 0)) == near(60.0, kExact));
}

TEST_CASE("a qualified majority reaches the quota with the weightier actors",
          "[forecast][procedural]") {
  // Capabilities 1, 3, 1 at 20, 60, 100 (total 5), status quo 0: from the right 100
  // holds 0.2, with 60 0.8 ≥ 0.74, so the pivot is 60 (limit 120) and the compromise
  // (20 + 180 + 100)/5 = 60 passes; under unanimity 20 limits it to 40.
  const ForecastCase c = make_case({actor("a", 20, 1), actor("b", 60, 3), actor("c", 100, 1)});
  CHECK(procedural_forecast(with_status_quo(c, 0, "qmv")) == near(60.0, kExact));
  CHECK(procedural_forecast(with_status_quo(c, 0, "unanimity")) == near(40.0, kExact));
}

TEST_CASE("a status quo between the pivots is gridlock", "[forecast][procedural]") {
  // Actors at 20, 60, 100, status quo 50: under unanimity 20 blocks moves right and
  // 60, 100 block moves left.
  const ForecastCase c = make_case({actor("a", 20), actor("b", 60), actor("c", 100)});
  CHECK(procedural_forecast(with_status_quo(c, 50, "unanimity")) == 50.0);
  // qmv: 100 and 60 hold 2/3 < 0.74: still gridlock.
  CHECK(procedural_forecast(with_status_quo(c, 50, "qmv")) == 50.0);
  // Majority: 60 is the pivot for moves right, up to 70; the compromise 60 passes.
  CHECK(procedural_forecast(with_status_quo(c, 50, "majority")) == near(60.0, kExact));
}

TEST_CASE("a status quo above every actor limits a move down the scale", "[forecast][procedural]") {
  // Actors at 10, 30, 50, status quo 60 (outside their range): compromise 30; the
  // unanimity pivot is 50, who accepts down to 2·50 − 60 = 40.
  const ForecastCase c = make_case({actor("a", 10), actor("b", 30), actor("c", 50)});
  CHECK(procedural_forecast(with_status_quo(c, 60, "unanimity")) == near(40.0, kExact));
  // From 90 the pivot's limit 10 is below the compromise, which passes.
  CHECK(procedural_forecast(with_status_quo(c, 90, "unanimity")) == near(30.0, kExact));
  // Salience shapes the proposal, not the votes: c's low salience pulls the compromise
  // to (10 + 30 + 0.2·50)/2.2 = 22.73, still cut back to 40 by the pivot at 50.
  ForecastCase low = c;
  low.actors[2].salience = 0.2;
  CHECK(procedural_forecast(with_status_quo(low, 60, "unanimity")) == near(40.0, kExact));
}

TEST_CASE("a proposal on the blocked side of the status quo leaves it in place",
          "[forecast][procedural]") {
  // Capabilities 3, 1, 1 at 0, 60, 100, status quo 50, majority. The left pivot is 0
  // (0.6 > 0.5): moves left pass down to −50. The compromise (0 + 60 + 100)/5 = 32 < 50
  // passes. With salience 0 for the actor at 0 the compromise is 80 > 50, but moves
  // right have no majority (the right pivot is 0): the status quo stays.
  const ForecastCase c = make_case({actor("a", 0, 3), actor("b", 60, 1), actor("c", 100, 1)});
  CHECK(procedural_forecast(with_status_quo(c, 50, "majority")) == near(32.0, kExact));
  ForecastCase quiet = c;
  quiet.actors[0].salience = 0.0;
  CHECK(procedural_forecast(with_status_quo(quiet, 50, "majority")) == 50.0);
}

TEST_CASE("two actors: every model stays between them", "[forecast]") {
  const ForecastCase c = make_case({actor("a", 30, 1, 0.8), actor("b", 70, 2, 0.6)});
  for (const std::string& model : forecast_model_names()) {
    INFO(model);
    const double x = forecast(model, c);
    CHECK(x >= 30.0);
    CHECK(x <= 70.0);
  }
  // Compromise (0.8·30 + 1.2·70)/2 = 54; median: 1.2 of 2 at 70; Nash: between them
  // u_a = (130 − x)/100 and u_b = (30 + x)/100, and −0.8/(130 − x) + 1.2/(30 + x) = 0
  // at x = 66 (the utilities do not reach 0 at the other's ideal, so it is not 54).
  CHECK(forecast("compromise", c) == near(54.0, kExact));
  CHECK(forecast("median", c) == 70.0);
  CHECK(forecast("nash", c) == near(66.0, kExact));
}

TEST_CASE("the registry names the five models and dispatches the expected-utility model",
          "[forecast]") {
  CHECK(forecast_model_names() ==
        std::vector<std::string>{"compromise", "median", "nash", "procedural", "expected_utility"});
  const ForecastCase c =
      make_case({actor("a", 10, 1, 0.8), actor("b", 40, 2, 0.5), actor("c", 90, 1.5, 0.9)});
  EuOptions options;
  options.scale_min = 0.0;
  options.scale_max = 100.0;
  // The point forecast is the weighted mean averaged over rounds 1–10.
  const EuResult result = run_expected_utility(c.actors, options);
  REQUIRE(result.rounds.size() == 11);
  double sum = 0.0;
  for (std::size_t k = 1; k <= 10; ++k) sum += result.rounds[k].mean;
  CHECK(forecast("expected_utility", c) == Approx(sum / 10.0).epsilon(0).margin(1e-12));
  // Every weight zero: equal actors.
  const ForecastCase none = make_case({actor("a", 10, 0), actor("b", 40, 0), actor("c", 90, 0)});
  const double x = forecast("expected_utility", none);
  CHECK(x >= 10.0);
  CHECK(x <= 90.0);
}

namespace {

// The expected-utility model's steps 2–3 exactly as expected_utility.hpp writes them:
// every pair's support summed over every voter, the all-pairs denominator over every
// voter and pair, O(n³). The engine's pass is O(n²); this is its independent
// expectation. μ is the variant's median of x, which the caller takes from the engine.
struct PlainEu {
  std::vector<ForecastActor> actors;
  EuOptions options;

  // ρ: the explicit scale, else the range of the initial positions (1 if that is 0).
  double width() const {
    if (options.scale_min < options.scale_max) return options.scale_max - options.scale_min;
    double lo = actors[0].position;
    double hi = lo;
    for (const ForecastActor& a : actors) {
      lo = std::min(lo, a.position);
      hi = std::max(hi, a.position);
    }
    return hi > lo ? hi - lo : 1.0;
  }

  EuPairs pass(const Eigen::VectorXd& x, const Eigen::VectorXd& r, double mu) const {
    const auto n = static_cast<Eigen::Index>(actors.size());
    const double rho = width();
    const bool net_share = options.variant == EuVariant::kMasad2014;  // and r = 1 in L
    const bool pair_share = options.variant == EuVariant::kBdm1994;
    const bool all_pairs_rule = !net_share && !pair_share;
    const auto at = [&](Eigen::Index k) -> const ForecastActor& {
      return actors[static_cast<std::size_t>(k)];
    };
    // loss[a][k] = L_k(x_a) = w_k (|x_k − x_a| / ρ)^r_k (plain loops over k: quick in
    // debug builds too)
    std::vector<std::vector<double>> loss(actors.size(), std::vector<double>(actors.size()));
    for (Eigen::Index a = 0; a < n; ++a) {
      for (Eigen::Index k = 0; k < n; ++k) {
        const double d = std::abs(x(k) - x(a)) / rho;
        loss[static_cast<std::size_t>(a)][static_cast<std::size_t>(k)] =
            at(k).capability * at(k).salience * (net_share ? d : std::pow(d, r(k)));
      }
    }
    double all_pairs = 0;  // Σ_k Σ_a Σ_b |v_k(a, b)|
    if (all_pairs_rule) {
      for (const std::vector<double>& at_a : loss)
        for (const std::vector<double>& at_b : loss)
          for (std::size_t k = 0; k < at_a.size(); ++k) all_pairs += std::abs(at_b[k] - at_a[k]);
    }
    EuPairs out{Eigen::MatrixXd::Zero(n, n), Eigen::MatrixXd::Zero(n, n),
                Eigen::MatrixXd::Zero(n, n)};
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = 0; j < n; ++j) {
        if (x(i) == x(j)) continue;
        const std::vector<double>& at_i = loss[static_cast<std::size_t>(i)];
        const std::vector<double>& at_j = loss[static_cast<std::size_t>(j)];
        double positive = 0;
        double net = 0;
        double total = 0;
        for (std::size_t k = 0; k < at_i.size(); ++k) {
          const double v = at_j[k] - at_i[k];  // v_k(i, j) > 0: k prefers x_i
          positive += std::max(0.0, v);
          net += v;
          total += std::abs(v);
        }
        double p = 0;
        if (all_pairs_rule) p = all_pairs > 0 ? positive / all_pairs : 0.0;
        if (pair_share) p = total > 0 ? positive / total : 0.0;
        if (net_share) p = total > 0 ? std::max(0.0, net) / total : 0.0;
        out.probability(i, j) = p;
      }
    }
    // EU_k(a→b) as an actor with exponent `risk` sees it.
    const auto eu = [&](double risk, Eigen::Index a, Eigen::Index b) {
      const double d = std::abs(x(a) - x(b)) / rho;
      const double e = (std::abs(x(a) - mu) + std::abs(x(a) - x(b))) / rho;
      const double u_success = 2 - 4 * std::pow(0.5 - 0.5 * d, risk);
      const double u_failure = 2 - 4 * std::pow(0.5 + 0.5 * d, risk);
      const double u_status_quo = 2 - 4 * std::pow(0.5, risk);
      const double u_better = 2 - 4 * std::pow(0.5 - 0.25 * e, risk);
      const double u_worse = 2 - 4 * std::pow(0.5 + 0.25 * e, risk);
      const double p = out.probability(a, b);
      const double s = at(b).salience;
      const double q = options.q;
      const double change = (1 - q) * (options.t * u_better + (1 - options.t) * u_worse);
      const double value =
          s * (p * u_success + (1 - p) * u_failure) + (1 - s) * u_success - q * u_status_quo;
      switch (options.variant) {
        case EuVariant::kScholzPython:
          return value;
        case EuVariant::kMasad2014:
          return value + change;
        default:
          return value - change;
      }
    };
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = 0; j < n; ++j) {
        if (i == j) continue;
        out.challenge(i, j) = eu(r(i), i, j);
        out.threat(i, j) = eu(r(i), j, i);
      }
    }
    return out;
  }

  // Step 1: R_i and r_i from the dangers Σ_j EU_i(j→i) with every exponent 1, across
  // actors, or for kBdm1994 across the positions actor i could hold.
  Eigen::VectorXd risk(const Eigen::VectorXd& x, double mu) const {
    const auto n = x.size();
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
    const auto danger = [&](const Eigen::VectorXd& at, Eigen::Index i) {
      return pass(at, ones, mu).threat.row(i).sum();
    };
    const auto exponent = [](double d, double high, double low) {
      const double big_r = high > low ? (2 * d - high - low) / (high - low) : 0.0;
      return (1 - big_r / 3) / (1 + big_r / 3);
    };
    Eigen::VectorXd r(n);
    if (options.variant != EuVariant::kBdm1994) {
      const Eigen::VectorXd dangers = pass(x, ones, mu).threat.rowwise().sum();
      for (Eigen::Index i = 0; i < n; ++i)
        r(i) = exponent(dangers(i), dangers.maxCoeff(), dangers.minCoeff());
      return r;
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      std::vector<double> dangers;
      for (Eigen::Index p = 0; p < n; ++p) {
        Eigen::VectorXd moved = x;
        moved(i) = x(p);
        dangers.push_back(danger(moved, i));
      }
      r(i) = exponent(danger(x, i), *std::max_element(dangers.begin(), dangers.end()),
                      *std::min_element(dangers.begin(), dangers.end()));
    }
    return r;
  }
};

double max_difference(const EuPairs& a, const EuPairs& b) {
  return std::max({(a.probability - b.probability).cwiseAbs().maxCoeff(),
                   (a.challenge - b.challenge).cwiseAbs().maxCoeff(),
                   (a.threat - b.threat).cwiseAbs().maxCoeff()});
}

enum class Layout { kSpread, kGrid, kNearTies, kOnePoint };

// n actors from a fixed stream: positions spread over [0, 100], on a grid of 11
// values (many ties), on that grid but some a few ulp to 1e-6 off it (nearly tied:
// a share P of two such positions is all cancellation), or all at 40 but one; about
// a quarter with salience 0 and a few with capability 0 (actor 0 always weighs
// something).
std::vector<ForecastActor> random_actors(std::size_t n, Layout layout, std::uint64_t seed) {
  Rng rng = Rng::stream(seed, n, static_cast<std::uint64_t>(layout), StreamPurpose::kParameters);
  std::vector<ForecastActor> actors(n);
  for (std::size_t k = 0; k < n; ++k) {
    ForecastActor& a = actors[k];
    a.id = std::to_string(k);
    a.capability = rng.uniform01() < 0.1 ? 0.0 : 0.1 + 9.9 * rng.uniform01();
    a.salience = rng.uniform01() < 0.25 ? 0.0 : rng.uniform01();
    const double u = rng.uniform01();
    switch (layout) {
      case Layout::kSpread:
        a.position = 100 * u;
        break;
      case Layout::kGrid:
        a.position = 10 * std::floor(11 * u);
        break;
      case Layout::kNearTies: {
        const double offsets[] = {0.0, 1e-6, 1e-9, 1e-12};
        a.position = 10 * std::floor(11 * u);
        const double v = rng.uniform01();
        if (v < 0.2) a.position = std::nextafter(a.position, 0.0);
        if (v > 0.2) a.position += offsets[static_cast<int>(4 * rng.uniform01())];
        break;
      }
      case Layout::kOnePoint:
        a.position = k == n - 1 ? 100 * u : 40;
        break;
    }
  }
  actors[0].capability = std::max(actors[0].capability, 0.5);
  actors[0].salience = std::max(actors[0].salience, 0.5);
  return actors;
}

}  // namespace

// The engine's pass (prefix sums over the actors sorted by position, O(n²)) must
// agree with the plain sums to rounding. Tolerance 1e-9 absolute on every P_ij,
// EU_i(i→j), EU_i(j→i) and risk exponent; the measured differences are below 1e-12
// (sums taken in another order; a pair-share P of two nearly equal positions, whose
// prefix differences would cancel, is summed directly by the engine as here).
TEST_CASE("the expected-utility pass equals the plain O(n³) sums over the voters",
          "[forecast][expected_utility]") {
  constexpr double kRounding = 1e-9;
  const std::vector<EuVariant> variants = {EuVariant::kScholz2011, EuVariant::kScholzPython,
                                           EuVariant::kMasad2014, EuVariant::kBdm1994};
  int passes = 0;
  for (const std::size_t n : {2u, 3u, 7u, 50u, 200u}) {
    for (const Layout layout :
         {Layout::kSpread, Layout::kGrid, Layout::kNearTies, Layout::kOnePoint}) {
      const std::vector<ForecastActor> actors = random_actors(n, layout, 18);
      Rng rng = Rng::stream(18, n, static_cast<std::uint64_t>(layout), StreamPurpose::kBargaining);
      for (const EuVariant variant : variants) {
        for (const double q : {1.0, 0.6}) {
          // n = 200 (a plain pass is 8·10⁶ steps): fewer combinations, to keep debug
          // and sanitizer builds quick; not kMasad2014, whose median alone is O(n³).
          if (n == 200 &&
              (layout == Layout::kOnePoint || layout == Layout::kNearTies ||
               variant == EuVariant::kScholzPython || variant == EuVariant::kMasad2014 ||
               (q < 1 && variant != EuVariant::kScholz2011))) {
            continue;
          }
          EuOptions options;
          options.variant = variant;
          options.q = q;
          options.t = 0.7;
          if (layout == Layout::kSpread) options.scale_max = 100;  // else the actors' range
          const PlainEu plain{actors, options};
          INFO("n = " << n << ", layout " << static_cast<int>(layout) << ", variant "
                      << static_cast<int>(variant) << ", q = " << q);

          // Initial positions with exponents in [0.5, 2], some exactly 1.
          options.max_rounds = 0;
          const EuRound start = run_expected_utility(actors, options).rounds[0];
          Eigen::VectorXd risk(static_cast<Eigen::Index>(n));
          for (double& r : risk) r = rng.uniform01() < 0.2 ? 1.0 : 0.5 + 1.5 * rng.uniform01();
          CHECK(max_difference(expected_utility_pairs(actors, start.positions, risk, options),
                               plain.pass(start.positions, risk, start.median)) <= kRounding);
          ++passes;

          // The positions and exponents of the first rounds of a run.
          if (n == 200 && (variant != EuVariant::kScholz2011 || q < 1)) continue;
          if (n > 7 && variant == EuVariant::kBdm1994 && q < 1) continue;
          options.max_rounds = n >= 50 ? 1 : 3;
          const EuResult run = run_expected_utility(actors, options);
          for (std::size_t k = 1; k < run.rounds.size(); ++k) {
            const EuRound& before = run.rounds[k - 1];
            const EuRound& now = run.rounds[k];
            INFO("round " << k);
            if (variant != EuVariant::kBdm1994 || n <= 7) {
              CHECK(
                  (now.risk - plain.risk(before.positions, before.median)).cwiseAbs().maxCoeff() <=
                  kRounding);
            }
            CHECK(
                max_difference(expected_utility_pairs(actors, before.positions, now.risk, options),
                               plain.pass(before.positions, now.risk, before.median)) <= kRounding);
            ++passes;
          }
        }
      }
    }
  }
  CHECK(passes > 200);
}

TEST_CASE("an unknown model is a usage error that lists the models", "[forecast]") {
  const ForecastCase c = make_case({actor("a", 10), actor("b", 40)});
  CHECK_THROWS_AS(forecast("mean", c), UsageError);
  CHECK_THROWS_WITH(forecast("mean", c),
                    Catch::Contains("compromise, median, nash, procedural, expected_utility"));
}

TEST_CASE("every model gives a finite forecast on the scale at the largest accepted inputs",
          "[forecast][edge]") {
  // Scales at the limit and tiny ones; capabilities 1e12, 1 and 0; saliences 1, 0 and
  // the smallest double; positions at the ends; with and without a status quo.
  constexpr double kBig = kMaxWeight;
  constexpr double kTiny = std::numeric_limits<double>::denorm_min();
  const std::vector<std::pair<double, double>> scales{
      {-kMaxIssueMagnitude, kMaxIssueMagnitude},
      {0.0, kMaxIssueMagnitude},
      {-kMaxIssueMagnitude, -kMaxIssueMagnitude + 1},
      {0.0, kTiny}};
  int forecasts = 0;
  for (const auto& [lo, hi] : scales) {
    const double mid = lo / 2 + hi / 2;
    const std::vector<std::vector<ForecastActor>> groups{
        {actor("a", lo, kBig), actor("b", hi, kBig)},
        {actor("a", lo, kBig), actor("b", hi, 0.0, 0.0)},
        {actor("a", lo, kBig, 1.0), actor("b", hi, 1.0, kTiny), actor("c", mid, 0.0, 0.0)},
        {actor("a", lo, 0.0), actor("b", hi, 0.0), actor("c", hi, 0.0)},
        {actor("a", hi, kBig), actor("b", hi, kBig)},
        {actor("a", lo, kBig, kTiny), actor("b", hi, kTiny, kTiny)},
        {actor("a", lo, kBig, 1.0), actor("b", hi, kBig, 1.0), actor("c", hi, kBig, 1.0),
         actor("d", lo, kBig, 1.0), actor("e", mid, kBig, 0.5)},
    };
    for (const std::vector<ForecastActor>& group : groups) {
      std::vector<ForecastCase> cases{make_case(group, lo, hi)};
      for (double q : {lo, hi, mid})
        for (const char* rule : {"", "qmv", "unanimity"})
          cases.push_back(with_status_quo(make_case(group, lo, hi), q, rule));
      for (const ForecastCase& c : cases) {
        for (const std::string& model : forecast_model_names()) {
          INFO(model << " on [" << lo << ", " << hi << "] with " << c.actors.size()
                     << " actors, status quo " << (c.status_quo ? *c.status_quo : lo - 1)
                     << ", rule \"" << c.voting_rule << "\"");
          const double x = forecast(model, c);
          CHECK(std::isfinite(x));
          CHECK(x >= lo);
          CHECK(x <= hi);
          ++forecasts;
        }
      }
    }
  }
  CHECK(forecasts == 4 * 7 * 10 * 5);
}

TEST_CASE("a capability or a scale beyond 1e12 is a usage error naming the case",
          "[forecast][edge]") {
  const ForecastCase heavy = make_case({actor("a", 10, 1e308), actor("b", 40)});
  for (const std::string& model : forecast_model_names()) {
    INFO(model);
    CHECK_THROWS_WITH(forecast(model, heavy),
                      Catch::Contains("case \"test\"") && Catch::Contains("capability 1e+308"));
  }
  const ForecastCase wide = make_case({actor("a", -1e308), actor("b", 1e308)}, -1e308, 1e308);
  for (const std::string& model : forecast_model_names()) {
    INFO(model);
    CHECK_THROWS_WITH(forecast(model, wide), Catch::Contains("case \"test\"") &&
                                                 Catch::Contains("scale [-1e+308, 1e+308]"));
  }
  // The limits themselves are accepted.
  CHECK(std::isfinite(compromise_forecast(
      make_case({actor("a", -kMaxIssueMagnitude, kMaxWeight), actor("b", kMaxIssueMagnitude)},
                -kMaxIssueMagnitude, kMaxIssueMagnitude))));
}

TEST_CASE("a malformed case is a usage error naming the case", "[forecast]") {
  ForecastCase off = make_case({actor("a", 10), actor("b", 140)});
  CHECK_THROWS_WITH(compromise_forecast(off),
                    Catch::Contains("case \"test\"") && Catch::Contains("position 140"));
  ForecastCase salient = make_case({actor("a", 10, 1, 1.5), actor("b", 40)});
  CHECK_THROWS_AS(median_forecast(salient), UsageError);
  ForecastCase rule = with_status_quo(make_case({actor("a", 10), actor("b", 40)}), 0, "codecision");
  CHECK_THROWS_WITH(procedural_forecast(rule), Catch::Contains("unknown voting rule"));
  ForecastCase empty = make_case({});
  CHECK_THROWS_AS(nash_forecast(empty), UsageError);
  CHECK(parse_voting_rule(" QMV ") == VotingRule::kQualifiedMajority);
  CHECK_FALSE(parse_voting_rule("").has_value());
}

}  // namespace parley
