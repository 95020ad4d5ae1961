#include "analysis/bargaining_solutions.hpp"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace parley {
namespace {

// Closed forms from validation/analytic/nash_and_ks_solutions.csv (/work/shared), which
// checks them on a grid to 1e-6; hence the tolerance here.
constexpr double kTolerance = 1e-6;

// An absolute tolerance only (Approx alone also passes within a relative 1.2e-5).
Approx near(double target, double margin = kTolerance) {
  return Approx(target).epsilon(0.0).epsilon(0).margin(margin);
}

// N actors on D issues, every issue on the table, every actor a participant.
// Issues are continuous on [0, 1] unless given.
struct Setup {
  std::vector<Issue> issues;
  std::vector<Actor> actors;
  std::vector<int> participants;
  std::vector<int> table;
  ModelParameters parameters;
  UtilityModel utility;
  Eigen::VectorXd status_quo;

  Setup(Eigen::MatrixXd ideal, Eigen::MatrixXd salience, Eigen::VectorXd risk,
        std::vector<Issue> issue_list = {}) {
    const Eigen::Index n = ideal.rows();
    const Eigen::Index d = ideal.cols();
    issues = std::move(issue_list);
    for (Eigen::Index k = static_cast<Eigen::Index>(issues.size()); k < d; ++k)
      issues.push_back(Issue{fmt::format("issue{}", k), "", "", 0.0, 1.0, {}, {}});
    for (Eigen::Index i = 0; i < n; ++i) {
      actors.push_back(Actor{fmt::format("a{}", i), "", {}, "time_dependent"});
      participants.push_back(static_cast<int>(i));
    }
    for (Eigen::Index k = 0; k < d; ++k) table.push_back(static_cast<int>(k));
    parameters.ideal = std::move(ideal);
    parameters.salience = std::move(salience);
    parameters.risk = std::move(risk);
    Eigen::VectorXd spans(d);
    for (Eigen::Index k = 0; k < d; ++k) spans(k) = issues[static_cast<std::size_t>(k)].span();
    utility.reset(parameters, spans);
    status_quo = Eigen::VectorXd::Zero(d);
  }

  void add_red_line(int actor, const std::string& text) {
    std::vector<std::string> ids;
    std::vector<std::vector<std::string>> options;
    for (const Issue& issue : issues) {
      ids.push_back(issue.id);
      options.push_back(issue.options);
    }
    actors[static_cast<std::size_t>(actor)].red_lines.push_back(
        RedLine::compile(text, ids, options));
  }

  // `disagreement` and `power` default to zeros and equal powers.
  BargainingProblem problem(Eigen::VectorXd disagreement = {}, Eigen::VectorXd power = {}) const {
    const Eigen::Index n = static_cast<Eigen::Index>(participants.size());
    BargainingProblem p;
    p.utility = &utility;
    p.participants = participants;
    p.issues = issues;
    p.issues_on_table = table;
    p.status_quo = &status_quo;
    p.disagreement = disagreement.size() == 0 ? Eigen::VectorXd::Zero(n) : disagreement;
    p.bargaining_power = power.size() == 0 ? Eigen::VectorXd::Ones(n) : power;
    p.actors = actors;
    p.parameters = &parameters;
    return p;
  }

  double u(int actor, const Eigen::VectorXd& x) const { return utility.evaluate(actor, x); }
};

// The linear split of one issue: actor 0 (ideal 1) has u0 = x, actor 1 (ideal 0) has
// u1 = 1 − x; salience 1, ρ = 1.
Setup linear_split() {
  return Setup(Eigen::MatrixXd{{1.0}, {0.0}}, Eigen::MatrixXd{{1.0}, {1.0}},
               Eigen::VectorXd::Ones(2));
}

// The csv's pie gives player 1 the share s (u1 = s) and player 2 u2 = (1 − s)^ρ. The
// model's utilities are 1 − distance^ρ, so the same utility frontier is: actor 0 with
// ideal 1 and risk exponent 1/ρ, actor 1 with ideal 0 and ρ = 1:
//   u0 = 1 − (1 − x)^(1/ρ),  u1 = 1 − x,  hence u1 = (1 − u0)^ρ.
// The Nash point is a point of utility space, so the csv's u1 = s and u2 are checked
// as u0 and u1; on the issue, x = 1 − u2.
Setup pie(double rho) {
  return Setup(Eigen::MatrixXd{{1.0}, {0.0}}, Eigen::MatrixXd{{1.0}, {1.0}},
               Eigen::Vector2d(1.0 / rho, 1.0));
}

// Logrolling: A (ideal (0, 0)) cares 0.8 / 0.2 about issues 1 / 2, B (ideal (1, 1))
// 0.2 / 0.8. So u_A = 1 − 0.8 x1 − 0.2 x2 and u_B = 0.2 x1 + 0.8 x2 on the unit square.
Setup logrolling(double rho = 1.0) {
  return Setup(Eigen::MatrixXd{{0.0, 0.0}, {1.0, 1.0}}, Eigen::MatrixXd{{0.8, 0.2}, {0.2, 0.8}},
               Eigen::VectorXd::Constant(2, rho));
}

double nash_x(const Setup& setup, const BargainingProblem& problem) {
  const std::optional<Eigen::VectorXd> x = nash_bargaining_point(problem);
  REQUIRE(x.has_value());
  REQUIRE(x->size() == static_cast<Eigen::Index>(setup.issues.size()));
  return (*x)(0);
}

}  // namespace

TEST_CASE("the symmetric Nash point of a linear split halves it", "[analysis]") {
  const Setup setup = linear_split();
  const std::optional<Eigen::VectorXd> x = nash_bargaining_point(setup.problem());
  REQUIRE(x.has_value());
  CHECK((*x)(0) == near(0.5));
  CHECK(setup.u(0, *x) == near(0.5));
  CHECK(setup.u(1, *x) == near(0.5));
}

TEST_CASE("the Nash point of a linear split splits the surplus over the disagreement point",
          "[analysis]") {
  const Setup setup = linear_split();
  // csv: d = (0.2, 0.1) → 0.55; d = (0.3, 0.3) → 0.5.
  CHECK(nash_x(setup, setup.problem(Eigen::Vector2d(0.2, 0.1))) == near(0.55));
  CHECK(nash_x(setup, setup.problem(Eigen::Vector2d(0.3, 0.3))) == near(0.5));
  // And the other way round: d = (0.1, 0.2) → 0.45.
  CHECK(nash_x(setup, setup.problem(Eigen::Vector2d(0.1, 0.2))) == near(0.45));
}

TEST_CASE("the asymmetric Nash point gives each side its bargaining power's share", "[analysis]") {
  const Setup setup = linear_split();
  // csv: weights (α, 1 − α): α = 0.3 → 0.3, α = 0.75 → 0.75.
  CHECK(nash_x(setup, setup.problem({}, Eigen::Vector2d(0.3, 0.7))) == near(0.3));
  CHECK(nash_x(setup, setup.problem({}, Eigen::Vector2d(0.75, 0.25))) == near(0.75));
  // Only the ratio of the powers matters.
  CHECK(nash_x(setup, setup.problem({}, Eigen::Vector2d(3.0, 7.0))) == near(0.3));
}

TEST_CASE("risk exponents bend the pie's Nash split as in the closed form", "[analysis]") {
  struct Row {
    double rho;
    double u1;  // csv u1 = split_x_to_player1
    double u2;
  };
  // csv rows "pie: u1=x, u2=(1-x)^rho, d=0", Nash.
  const Row rows[] = {{0.5, 0.666666667, 0.577350269},
                      {0.25, 0.800000000, 0.668740305},
                      {2.0, 0.333333333, 0.444444444}};
  for (const Row& row : rows) {
    INFO("rho = " << row.rho);
    const Setup setup = pie(row.rho);
    const std::optional<Eigen::VectorXd> x = nash_bargaining_point(setup.problem());
    REQUIRE(x.has_value());
    CHECK(setup.u(0, *x) == near(row.u1));
    CHECK(setup.u(1, *x) == near(row.u2));
    CHECK((*x)(0) == near(1.0 - row.u2));
  }
}

TEST_CASE("the Nash point of a curved frontier is found to 1e-10", "[analysis]") {
  // The pie's exact closed form: maximise s (1 − s)^ρ, so s = 1 / (1 + ρ), u2 = (ρ s)^ρ.
  for (const double rho : {0.5, 0.25, 2.0, 3.0}) {
    INFO("rho = " << rho);
    const Setup setup = pie(rho);
    const std::optional<Eigen::VectorXd> x = nash_bargaining_point(setup.problem());
    REQUIRE(x.has_value());
    const double share = 1.0 / (1.0 + rho);
    CHECK(setup.u(0, *x) == near(share, 1e-10));
    CHECK(setup.u(1, *x) == near(std::pow(rho * share, rho), 1e-10));
  }
}

TEST_CASE("a Nash point at the participants' ideal points is found exactly", "[analysis]") {
  // A (0, 0), B (0.4, 1), C (1, 0.5), salience 0.5 / 0.5, ρ = 1. At (0.4, 0.5) the
  // utilities are 0.55, 0.75, 0.7 and the one-sided derivatives of Σ log u change sign
  // on both issues: on issue 1 −0.5/0.55 ± 0.5/0.75 + 0.5/0.7 is 0.47 to the left and
  // −0.86 to the right; on issue 2 −0.5/0.55 + 0.5/0.75 ± 0.5/0.7 is 0.47 and −0.96.
  // So the maximum is the kink (B's ideal on issue 1, C's on issue 2), which a search
  // by steps alone would reach only to its last step.
  const Setup setup(Eigen::MatrixXd{{0.0, 0.0}, {0.4, 1.0}, {1.0, 0.5}},
                    Eigen::MatrixXd::Ones(3, 2), Eigen::VectorXd::Ones(3));
  const std::optional<Eigen::VectorXd> x = nash_bargaining_point(setup.problem());
  REQUIRE(x.has_value());
  CHECK((*x)(0) == near(0.4, 1e-15));
  CHECK((*x)(1) == near(0.5, 1e-15));
}

TEST_CASE("a red line that cuts the split moves the Nash point to its boundary", "[analysis]") {
  Setup setup = linear_split();
  setup.add_red_line(1, "issue0 <= 0.4");
  CHECK(nash_x(setup, setup.problem()) == near(0.4));
  Setup other = linear_split();
  other.add_red_line(0, "issue0 >= 0.7");
  CHECK(nash_x(other, other.problem()) == near(0.7));
  Setup loose = linear_split();
  loose.add_red_line(1, "issue0 <= 0.6");
  CHECK(nash_x(loose, loose.problem()) == near(0.5));
}

TEST_CASE("a red line across two issues is followed to the best point on its boundary",
          "[analysis]") {
  // A (ideal (1, 1), salience 0.5 / 0.5): u_A = (a + b) / 2; B (ideal (0, 0), salience
  // 0.8 / 0.2): u_B = 1 − 0.8 a − 0.2 b; B's red line a + b ≤ 0.6. For a fixed a + b = s,
  // B is best off with a = 0, and s/2 · (1 − 0.2 s) rises up to s = 2.5: so (0, 0.6).
  // Coordinate moves alone stall on the red line (from the status quo (0.1, 0.1) at
  // (0.1, 0.5)); moves along it are needed.
  Setup setup(Eigen::MatrixXd{{1.0, 1.0}, {0.0, 0.0}}, Eigen::MatrixXd{{0.5, 0.5}, {0.8, 0.2}},
              Eigen::VectorXd::Ones(2));
  setup.add_red_line(1, "issue0 + issue1 <= 0.6");
  setup.status_quo = Eigen::Vector2d(0.1, 0.1);
  const std::optional<Eigen::VectorXd> x = nash_bargaining_point(setup.problem());
  REQUIRE(x.has_value());
  CHECK((*x)(0) == near(0.0));
  CHECK((*x)(1) == near(0.6));
}

TEST_CASE("an empty bargaining set has no Nash point", "[analysis]") {
  Setup setup = linear_split();
  // u0 + u1 = 1 < 0.6 + 0.6.
  CHECK_FALSE(nash_bargaining_point(setup.problem(Eigen::Vector2d(0.6, 0.6))).has_value());
  // Exactly on the frontier there is no strict gain either.
  CHECK_FALSE(nash_bargaining_point(setup.problem(Eigen::Vector2d(0.5, 0.5))).has_value());
  // Red lines that leave no common ground.
  setup.add_red_line(1, "issue0 <= 0.3");
  setup.add_red_line(0, "issue0 >= 0.5");
  CHECK_FALSE(nash_bargaining_point(setup.problem()).has_value());
}

TEST_CASE("a zone of agreement exists exactly when the fallbacks leave a surplus", "[analysis]") {
  // Ideals 0 and 1 on [0, 1]: u0 = x, u1 = 1 − x, so u0 + u1 = 1 everywhere. Fallbacks
  // 0.6 / 0.6 need u0 + u1 > 1.2: no zone. Fallbacks 0.4 / 0.4: the zone is 0.4 < x < 0.6,
  // and its Nash point (x − 0.4)(0.6 − x) is at x = 0.5.
  Setup setup = linear_split();
  CHECK_FALSE(nash_bargaining_point(setup.problem(Eigen::Vector2d(0.6, 0.6))).has_value());
  CHECK(nash_x(setup, setup.problem(Eigen::Vector2d(0.4, 0.4))) == near(0.5));
  // A red line of actor 0 (x ≥ 0.7) leaves actor 1 at most 0.3 < 0.4: the zone is gone.
  setup.add_red_line(0, "issue0 >= 0.7");
  CHECK_FALSE(nash_bargaining_point(setup.problem(Eigen::Vector2d(0.4, 0.4))).has_value());
}

TEST_CASE("utility offsets shift the Nash point and the zone but not the Pareto slack",
          "[analysis]") {
  const Setup setup = linear_split();
  // d = (0.3, 0.3) and a side payment worth 0.2 to actor 0: maximise
  // (x + 0.2 − 0.3)(1 − x − 0.3), so x = (0.1 + 0.7) / 2 = 0.4 (without it, 0.5).
  BargainingProblem paid = setup.problem(Eigen::Vector2d(0.3, 0.3));
  paid.offset = Eigen::Vector2d(0.2, 0.0);
  CHECK(nash_x(setup, paid) == near(0.4));
  // d = (0.6, 0.6) leaves no zone (u0 + u1 = 1 < 1.2); a payment worth 0.3 to actor 0
  // that costs actor 1 nothing makes it u0 + u1 + 0.3 = 1.3: the zone is 0.3 < x < 0.4
  // and (x − 0.3)(0.4 − x) peaks at x = 0.35.
  BargainingProblem rescued = setup.problem(Eigen::Vector2d(0.6, 0.6));
  rescued.offset = Eigen::Vector2d(0.3, 0.0);
  CHECK(nash_x(setup, rescued) == near(0.35));
  // A payment that costs the payer what it gives the receiver moves no surplus.
  rescued.offset = Eigen::Vector2d(0.3, -0.3);
  CHECK_FALSE(nash_bargaining_point(rescued).has_value());
  // The slack compares utilities of two outcomes, so constant offsets cancel: the
  // logrolling midpoint's 0.3 stays 0.3.
  const Setup trade = logrolling();
  BargainingProblem offset = trade.problem();
  offset.offset = Eigen::Vector2d(0.1, -0.05);
  CHECK(pareto_slack(offset, Eigen::Vector2d(0.5, 0.5)) == near(0.3));
  CHECK(pareto_slack(offset, Eigen::Vector2d(0.0, 1.0)) == near(0.0, 1e-9));
}

TEST_CASE("a bargaining set that contains no starting point is still found", "[analysis]") {
  // d = (0.7, 0.2): the set is 0.7 < x < 0.8, away from the status quo 0, the centre
  // 0.5, the ideals 0 and 1 and their mean. Nash: (x − 0.7)(0.8 − x) → x = 0.75.
  const Setup setup = linear_split();
  CHECK(nash_x(setup, setup.problem(Eigen::Vector2d(0.7, 0.2))) == near(0.75));
}

TEST_CASE("issues off the table stay at the status quo", "[analysis]") {
  // Both issues matter equally; only issue 0 is negotiated, issue 1 stays at 0.3:
  // u0 = 0.15 + 0.5 x, u1 = 0.85 − 0.5 x, so the Nash point is x = 0.7.
  Setup setup(Eigen::MatrixXd{{1.0, 1.0}, {0.0, 0.0}}, Eigen::MatrixXd{{1.0, 1.0}, {1.0, 1.0}},
              Eigen::VectorXd::Ones(2));
  setup.table = {0};
  setup.status_quo = Eigen::Vector2d(0.0, 0.3);
  const std::optional<Eigen::VectorXd> x = nash_bargaining_point(setup.problem());
  REQUIRE(x.has_value());
  CHECK((*x)(0) == near(0.7));
  CHECK((*x)(1) == 0.3);
}

TEST_CASE("the Nash point on a discrete issue is the best option", "[analysis]") {
  // Five options 0…4, ideals 0 and 4: u0 = 1 − x/4, u1 = x/4.
  Issue options{"choice", "", "", 0.0, 4.0, {}, {"a", "b", "c", "d", "e"}};
  const Setup setup(Eigen::MatrixXd{{0.0}, {4.0}}, Eigen::MatrixXd{{1.0}, {1.0}},
                    Eigen::VectorXd::Ones(2), {options});
  // d = 0: option 2 (0.5 · 0.5).
  CHECK(nash_x(setup, setup.problem()) == 2.0);
  // d = (0.3, 0): the continuous optimum 1.4 lies between options 1 (0.45 · 0.25 =
  // 0.1125) and 2 (0.2 · 0.5 = 0.1); option 1 wins.
  CHECK(nash_x(setup, setup.problem(Eigen::Vector2d(0.3, 0.0))) == 1.0);
}

TEST_CASE("on a linear split every outcome is weakly Pareto-efficient", "[analysis]") {
  const Setup setup = linear_split();
  for (const double x : {0.0, 0.3, 0.5, 1.0}) {
    INFO("x = " << x);
    const Eigen::VectorXd outcome = Eigen::VectorXd::Constant(1, x);
    CHECK(pareto_slack(setup.problem(), outcome) == near(0.0, 1e-9));
    CHECK(pareto_efficient(setup.problem(), outcome));
  }
}

TEST_CASE("a logrolling midpoint is inefficient and trading issues is efficient", "[analysis]") {
  const Setup setup = logrolling();
  // At (0.5, 0.5) both have 0.5. The trade that gives A issue 1 (x1 = 0, its ideal) and
  // B issue 2 (x2 = 1) gives both 0.8; no point gives both more (the frontier runs
  // (1, 0) – (0.8, 0.8) – (0, 1)), so the slack is 0.3.
  const Eigen::Vector2d midpoint(0.5, 0.5);
  CHECK(pareto_slack(setup.problem(), midpoint) == near(0.3));
  CHECK_FALSE(pareto_efficient(setup.problem(), midpoint));
  const Eigen::Vector2d trade(0.0, 1.0);
  CHECK(pareto_slack(setup.problem(), trade) == near(0.0, 1e-9));
  CHECK(pareto_efficient(setup.problem(), trade));
  // Giving each side the issue it cares less about is the worst trade: both have 0.2
  // at (1, 0), so swapping it for the good trade gains each 0.6.
  CHECK(pareto_slack(setup.problem(), Eigen::Vector2d(1.0, 0.0)) == near(0.6));
  // The symmetric Nash point is the trade: on the edge x1 = 0, u_A u_B =
  // (1 − 0.2 x2) 0.8 x2 rises up to x2 = 2.5, and then lowering u_A along x2 = 1 costs more.
  const std::optional<Eigen::VectorXd> nash = nash_bargaining_point(setup.problem());
  REQUIRE(nash.has_value());
  CHECK((*nash)(0) == near(0.0));
  CHECK((*nash)(1) == near(1.0));
}

TEST_CASE("a risk-averse logrolling midpoint is inefficient by the curved trade's gain",
          "[analysis]") {
  // ρ = 2: u_A = 1 − 0.8 x1² − 0.2 x2², u_B = 1 − 0.2 (1 − x1)² − 0.8 (1 − x2)²; both have
  // 0.75 at (0.5, 0.5). On x2 = 1 − x1 = 1 − a the two are equal, 1 − 0.8 a² − 0.2 (1 −
  // a)², highest at a = 0.2 with 0.84, where the gradients are opposite (±(0.32, 0.32)):
  // the max-min point. Slack 0.84 − 0.75 = 0.09.
  const Setup setup = logrolling(2.0);
  CHECK(pareto_slack(setup.problem(), Eigen::Vector2d(0.5, 0.5)) == near(0.09));
  CHECK(pareto_slack(setup.problem(), Eigen::Vector2d(0.2, 0.8)) == near(0.0, 1e-9));
}

TEST_CASE("a coarser accuracy gives the slack to that accuracy, never above it", "[analysis]") {
  // The accuracy the session records (simulation/session.cpp): 1e-5.
  for (const double rho : {1.0, 2.0}) {
    INFO("rho = " << rho);
    const Setup setup = logrolling(rho);
    const double exact = rho == 1.0 ? 0.3 : 0.09;  // the two cases above
    const double coarse = pareto_slack(setup.problem(), Eigen::Vector2d(0.5, 0.5), 1e-5);
    CHECK(coarse == near(exact, 1e-5));
    CHECK(coarse <= exact + 1e-12);
  }
  const Setup setup = logrolling();
  CHECK(pareto_slack(setup.problem(), Eigen::Vector2d(0.0, 1.0), 1e-5) == near(0.0, 1e-9));
}

TEST_CASE("a red line can make an outcome efficient among what is feasible", "[analysis]") {
  // B insists on x1 ≥ 0.5, so the trade (0, 1) is out. From (0.5, 0.5) a change Δ gives
  // A −0.8 Δ1 − 0.2 Δ2 and B 0.2 Δ1 + 0.8 Δ2; both positive needs −Δ1/4 < Δ2 < −4 Δ1,
  // so Δ1 < 0, which the red line bars: the midpoint is efficient.
  Setup setup = logrolling();
  setup.add_red_line(1, "issue0 >= 0.5");
  CHECK(pareto_slack(setup.problem(), Eigen::Vector2d(0.5, 0.5)) == near(0.0, 1e-9));
  CHECK(pareto_efficient(setup.problem(), Eigen::Vector2d(0.5, 0.5)));
  // From (0.7, 0.2) the trade is still open down to x1 = 0.5: equal gains need
  // Δ2 = −Δ1, giving both −0.6 Δ1, largest at Δ1 = −0.2: slack 0.12 at (0.5, 0.4).
  CHECK(pareto_slack(setup.problem(), Eigen::Vector2d(0.7, 0.2)) == near(0.12));
}

TEST_CASE("the analysis gives the same bits on every call", "[analysis]") {
  // Three actors, two continuous issues and a discrete one, risk exponents ≠ 1.
  Issue options{"choice", "", "", 0.0, 2.0, {}, {"a", "b", "c"}};
  Setup setup(
      Eigen::MatrixXd{{0.1, 0.9, 0.0}, {0.8, 0.2, 2.0}, {0.5, 0.6, 1.0}},
      Eigen::MatrixXd{{3.0, 1.0, 1.0}, {1.0, 2.0, 1.0}, {1.0, 1.0, 2.0}},
      Eigen::Vector3d(0.7, 1.5, 2.5),
      {Issue{"p", "", "", 0.0, 1.0, {}, {}}, Issue{"q", "", "", 0.0, 1.0, {}, {}}, options});
  setup.add_red_line(2, "q >= 0.3");
  const BargainingProblem problem =
      setup.problem(Eigen::Vector3d(0.2, 0.3, 0.1), Eigen::Vector3d(1.0, 2.0, 0.5));
  const std::optional<Eigen::VectorXd> first = nash_bargaining_point(problem);
  const std::optional<Eigen::VectorXd> second = nash_bargaining_point(problem);
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  CHECK(std::memcmp(first->data(), second->data(), 3 * sizeof(double)) == 0);
  CHECK((*first)(2) == std::round((*first)(2)));
  CHECK((*first)(1) >= 0.3 - 1e-9);
  const Eigen::Vector3d outcome(0.5, 0.5, 1.0);
  const double slack = pareto_slack(problem, outcome);
  const double again = pareto_slack(problem, outcome);
  CHECK(std::memcmp(&slack, &again, sizeof(double)) == 0);
  // The Nash point is (weakly) efficient.
  CHECK(pareto_slack(problem, *first) <= kTolerance);
}

TEST_CASE("distance is the root-mean-square of span-normalised differences", "[analysis]") {
  const std::vector<Issue> issues{Issue{"a", "", "", 0.0, 1.0, {}, {}},
                                  Issue{"b", "", "", 0.0, 10.0, {}, {}}};
  // ((0.3 / 1)² + (4 / 10)²) / 2 = 0.125.
  CHECK(distance(Eigen::Vector2d(0.0, 0.0), Eigen::Vector2d(0.3, 4.0), issues) ==
        near(std::sqrt(0.125), 1e-15));
  CHECK(distance(Eigen::Vector2d(0.2, 7.0), Eigen::Vector2d(0.2, 7.0), issues) == 0.0);
}

TEST_CASE("a malformed bargaining problem is an internal error", "[analysis]") {
  const Setup setup = linear_split();
  BargainingProblem problem = setup.problem();
  problem.bargaining_power = Eigen::Vector2d(1.0, 0.0);
  CHECK_THROWS_AS(nash_bargaining_point(problem), InternalError);
  problem = setup.problem(Eigen::VectorXd::Zero(3));
  CHECK_THROWS_AS(nash_bargaining_point(problem), InternalError);
  problem = setup.problem();
  problem.offset = Eigen::VectorXd::Zero(3);  // one offset per participant, or none
  CHECK_THROWS_AS(nash_bargaining_point(problem), InternalError);
  CHECK_THROWS_AS(pareto_slack(problem, Eigen::VectorXd::Zero(1)), InternalError);
}

}  // namespace parley
