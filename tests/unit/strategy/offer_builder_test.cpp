#include <catch2/catch.hpp>

#include <vector>

#include "strategy/offer_builder.hpp"

namespace parley {
namespace {

// Proposer 0 (ideal (0, 0), salience 0.75 / 0.25) and one other participant
// (ideal (1, 1), salience 0.25 / 0.75), two issues a and b on [0, 1].
// The compromise point is the other's ideal (1, 1). Rates: care / (own salience
// + 0.001): a: 0.25/0.751, b: 0.75/0.251, normalised to r_a = 0.111408…, r_b = 1.
// So the proposer gives up b (which it cares little about) first, then a.
struct TwoActors {
  std::vector<Issue> issues{Issue{"a", "A", "", 0.0, 1.0, {}, {}},
                            Issue{"b", "B", "", 0.0, 1.0, {}, {}}};
  std::vector<Actor> actors{Actor{"p", "P", {}, "time_dependent"},
                            Actor{"o", "O", {}, "time_dependent"}};
  std::vector<int> participants{0, 1};
  std::vector<int> table{0, 1};
  std::vector<int> no_ratifiers;
  Eigen::ArrayXd inverse_span = Eigen::ArrayXd::Ones(2);
  Preferences own;
  Eigen::VectorXd status_quo = Eigen::VectorXd::Zero(2);
  Eigen::MatrixXd ideal{{0.0, 0.0}, {1.0, 1.0}};
  Eigen::ArrayXXd weight{{0.75, 0.25}, {0.25, 0.75}};
  Eigen::VectorXd capability = Eigen::VectorXd::Ones(2);
  Eigen::MatrixXd strategy_params = Eigen::MatrixXd::Ones(2, 4);
  OfferWorkspace workspace;

  explicit TwoActors(double risk) {
    own.ideal = ideal.row(0).transpose().array();
    own.weight = weight.row(0).transpose();
    own.risk = risk;
    own.inverse_span = &inverse_span;
    workspace.resize(2);
  }

  Observation observation() const {
    Observation seen;
    seen.self = 0;
    seen.strategy_params = &strategy_params;
    seen.own = &own;
    seen.issues = issues;
    seen.actors = actors;
    seen.participants = participants;
    seen.ratifiers = no_ratifiers;
    seen.issues_on_table = table;
    seen.status_quo = &status_quo;
    seen.believed_ideal = &ideal;
    seen.believed_weight = &weight;
    seen.capability = &capability;
    return seen;
  }
};

}  // namespace

TEST_CASE("a linear proposer gives up its least salient issue first and lands on its target",
          "[offer_builder]") {
  TwoActors setup(1.0);
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(setup.observation(), 0.5, setup.workspace, offer));
  // b goes to 1 first (u = 1 − 0.75·a − 0.25); u = 0.5 needs a = 1/3.
  CHECK(offer(0) == Approx(1.0 / 3.0).epsilon(0).margin(1e-12));
  CHECK(offer(1) == Approx(1.0).epsilon(0).margin(1e-12));
  CHECK(setup.own.utility(offer) == Approx(0.5).epsilon(0).margin(1e-12));
}

TEST_CASE("a risk-averse proposer solves its curved iso-utility surface", "[offer_builder]") {
  TwoActors setup(2.0);
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(setup.observation(), 0.5, setup.workspace, offer));
  // u = 1 − 0.75·a² − 0.25·b²; with b = 1: a² = 1/3.
  CHECK(offer(0) == Approx(std::sqrt(1.0 / 3.0)).epsilon(0).margin(1e-9));
  CHECK(offer(1) == Approx(1.0).epsilon(0).margin(1e-12));
}

TEST_CASE("a high target keeps the offer near the proposer's ideal", "[offer_builder]") {
  TwoActors setup(1.0);
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(setup.observation(), 1.0, setup.workspace, offer));
  CHECK(offer(0) == 0.0);
  CHECK(offer(1) == 0.0);
  // Target 0.9: both move, b nine times faster: a = λ·r_a, b = λ with
  // 0.75·λ·r_a + 0.25·λ = 0.1.
  REQUIRE(build_offer(setup.observation(), 0.9, setup.workspace, offer));
  const double r_a = (0.25 / 0.751) / (0.75 / 0.251);
  const double lambda = 0.1 / (0.75 * r_a + 0.25);
  CHECK(offer(0) == Approx(lambda * r_a).epsilon(0).margin(1e-12));
  CHECK(offer(1) == Approx(lambda).epsilon(0).margin(1e-12));
  CHECK(setup.own.utility(offer) == Approx(0.9).epsilon(0).margin(1e-12));
}

TEST_CASE("an offer never goes past the compromise point", "[offer_builder]") {
  TwoActors setup(1.0);
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(setup.observation(), 0.0, setup.workspace, offer));
  CHECK(offer(0) == Approx(1.0).epsilon(0).margin(1e-12));
  CHECK(offer(1) == Approx(1.0).epsilon(0).margin(1e-12));
}

TEST_CASE("an offer steps back to the boundary of another participant's red line",
          "[offer_builder]") {
  TwoActors setup(1.0);
  const std::vector<std::string> ids{"a", "b"};
  const std::vector<std::vector<std::string>> options{{}, {}};
  setup.actors[1].red_lines.push_back(RedLine::compile("a <= 0.3", ids, options));
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(setup.observation(), 0.5, setup.workspace, offer));
  // Unconstrained the offer would be a = 1/3; the red line caps a at 0.3, solved
  // exactly (the line is affine in a: RedLine::crossings). Worth more than the
  // target to the proposer, so it is an offer at its target.
  CHECK(offer(0) <= 0.3 + 1e-9);
  CHECK(offer(0) == Approx(0.3).epsilon(0).margin(1e-12));
  CHECK(offer(1) == Approx(1.0).epsilon(0).margin(1e-12));
  CHECK(setup.workspace.reason == OfferReason::kAtTarget);
}

TEST_CASE("a proposer lowers its target when no offer worth it keeps a red line, and says so",
          "[offer_builder]") {
  // The other demands a >= 0.6. At target 0.6 even the own ideal with a = 0.6
  // is worth only 1 − 0.75·0.6 = 0.55. The path beyond the target: its first
  // step (λ = 1.795 + (8.976 − 1.795)/20, a = 0.24, b = 1) repaired to a = 0.6
  // is worth 1 − 0.45 − 0.25 = 0.3, above the fallback 0: that offer, below
  // the target.
  TwoActors setup(1.0);
  const std::vector<std::string> ids{"a", "b"};
  const std::vector<std::vector<std::string>> options{{}, {}};
  setup.actors[1].red_lines.push_back(RedLine::compile("a >= 0.6", ids, options));
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(setup.observation(), 0.6, setup.workspace, offer));
  CHECK(offer(0) == Approx(0.6).epsilon(0).margin(1e-12));
  CHECK(offer(1) == Approx(1.0).epsilon(0).margin(1e-12));
  CHECK(setup.own.utility(offer) == Approx(0.3).epsilon(0).margin(1e-12));
  CHECK(setup.workspace.reason == OfferReason::kLoweredTarget);
  // At target 0.5 the own ideal repaired (0.6, 0) is worth 0.55: it keeps its
  // target by asking more on b instead (b ≤ 0.2 at a = 0.6).
  REQUIRE(build_offer(setup.observation(), 0.5, setup.workspace, offer));
  CHECK(setup.own.utility(offer) >= 0.5 - 1e-12);
  CHECK(offer(0) == Approx(0.6).epsilon(0).margin(1e-12));
  CHECK(offer(1) <= 0.2 + 1e-12);
  CHECK(setup.workspace.reason == OfferReason::kAtTarget);
}

TEST_CASE("a proposer passes when its own red lines cannot hold", "[offer_builder]") {
  TwoActors setup(1.0);
  const std::vector<std::string> ids{"a", "b"};
  const std::vector<std::vector<std::string>> options{{}, {}};
  // Issue b is off the table at status quo 0, which breaks the proposer's own red line.
  setup.table = {0};
  setup.actors[0].red_lines.push_back(RedLine::compile("b >= 0.5", ids, options));
  Eigen::VectorXd offer(2);
  CHECK_FALSE(build_offer(setup.observation(), 0.5, setup.workspace, offer));
  CHECK(setup.workspace.reason == OfferReason::kRedLines);
}

TEST_CASE("an implication red line is kept the way that costs the proposer least",
          "[offer_builder]") {
  // At target 0.5 the offer would be (1/3, 1), which breaks the other's
  // `b > 0.5 -> a >= 0.8`. Granting a = 0.8 costs the proposer 0.75 × 0.467;
  // giving up b down to 0.5 gains it 0.25 × 0.5: it lowers b to the boundary,
  // worth 0.625 to it, above its target, so that offer stands.
  TwoActors setup(1.0);
  const std::vector<std::string> ids{"a", "b"};
  const std::vector<std::vector<std::string>> options{{}, {}};
  setup.actors[1].red_lines.push_back(RedLine::compile("b > 0.5 -> a >= 0.8", ids, options));
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(setup.observation(), 0.5, setup.workspace, offer));
  CHECK(setup.actors[1].red_lines[0].holds(offer));
  CHECK(offer(0) == Approx(1.0 / 3.0).epsilon(0).margin(1e-12));
  CHECK(offer(1) == Approx(0.5).epsilon(0).margin(1e-12));
  CHECK(setup.own.utility(offer) == Approx(0.625).epsilon(0).margin(1e-12));
}

TEST_CASE("a sum bound is kept by moving the term the proposer minds most", "[offer_builder]") {
  // (1/3, 1) breaks `a + b <= 1.2`. Lowering a (salience 0.75 to the proposer)
  // to 0.2 gains it 0.1; lowering b (0.25) to 0.867 gains 0.033: it lowers a.
  TwoActors setup(1.0);
  const std::vector<std::string> ids{"a", "b"};
  const std::vector<std::vector<std::string>> options{{}, {}};
  setup.actors[1].red_lines.push_back(RedLine::compile("a + b <= 1.2", ids, options));
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(setup.observation(), 0.5, setup.workspace, offer));
  CHECK(setup.actors[1].red_lines[0].holds(offer));
  CHECK(offer(0) == Approx(0.2).epsilon(0).margin(1e-12));
  CHECK(offer(1) == Approx(1.0).epsilon(0).margin(1e-12));
}

TEST_CASE("a red line no offer can keep binds only an actor whose acceptance is required",
          "[offer_builder]") {
  // The other participant demands a ≥ 2 on a range that ends at 1.
  TwoActors setup(1.0);
  const std::vector<std::string> ids{"a", "b"};
  const std::vector<std::vector<std::string>> options{{}, {}};
  setup.actors[1].red_lines.push_back(RedLine::compile("a >= 2", ids, options));
  Eigen::VectorXd offer(2);
  DecisionRule rule;
  Observation seen = setup.observation();
  seen.decision_rule = &rule;
  SECTION("under unanimity its acceptance is required: the proposer passes") {
    rule.kind = DecisionRule::Kind::kUnanimity;
    CHECK_FALSE(build_offer(seen, 0.5, setup.workspace, offer));
    CHECK(setup.workspace.reason == OfferReason::kRedLines);
  }
  SECTION("under majority without a veto it is not: the offer at the target stands") {
    rule.kind = DecisionRule::Kind::kMajority;
    REQUIRE(build_offer(seen, 0.5, setup.workspace, offer));
    CHECK(offer(0) == Approx(1.0 / 3.0).epsilon(0).margin(1e-12));
    CHECK(offer(1) == Approx(1.0).epsilon(0).margin(1e-12));
    CHECK(setup.workspace.reason == OfferReason::kRequiredOnly);
  }
  SECTION("with a veto it is again, and the proposer passes") {
    rule.kind = DecisionRule::Kind::kMajority;
    rule.veto = {1};
    CHECK_FALSE(build_offer(seen, 0.5, setup.workspace, offer));
  }
}

TEST_CASE(
    "a proposer does not repeat an offer: at the same target it passes, and it concedes "
    "only as its target falls",
    "[offer_builder]") {
  TwoActors setup(1.0);
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(setup.observation(), 0.5, setup.workspace, offer));
  Eigen::MatrixXd made(2, kRememberedOffers);
  made.col(0) = offer;
  Observation seen = setup.observation();
  seen.own_offers = &made;
  seen.own_offer_count = 1;
  Eigen::VectorXd next(2);
  // Nothing new is worth its target: conceding below it only to avoid a repeat
  // would hand the other side value for nothing (a Boulware proposer holds).
  CHECK_FALSE(build_offer(seen, 0.5, setup.workspace, next));
  CHECK(setup.workspace.reason == OfferReason::kNothingNew);
  // A lower target: the point on the path worth exactly that, more for the other.
  REQUIRE(build_offer(seen, 0.45, setup.workspace, next));
  CHECK(setup.own.utility(next) == Approx(0.45).epsilon(0).margin(1e-12));
  CHECK(next(0) > offer(0));
  // A higher target: never less for the other than the latest offer, so it passes.
  CHECK_FALSE(build_offer(seen, 0.6, setup.workspace, next));
}

TEST_CASE("a proposer with nothing new to offer passes", "[offer_builder]") {
  // At target 0 the offer is the compromise point (1, 1), already made: the path
  // ends there, so there is nothing further to concede.
  TwoActors setup(1.0);
  Eigen::MatrixXd made(2, kRememberedOffers);
  made.col(0) = Eigen::Vector2d(1.0, 1.0);
  Observation seen = setup.observation();
  seen.own_offers = &made;
  seen.own_offer_count = 1;
  Eigen::VectorXd offer(2);
  CHECK_FALSE(build_offer(seen, 0.0, setup.workspace, offer));
}

}  // namespace parley
