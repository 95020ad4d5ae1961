#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "strategy/offer_builder.hpp"
#include "strategy/opponent_model.hpp"
#include "strategy/pareto_bidder.hpp"
#include "utility/utility.hpp"

namespace parley {
namespace {

// Two discrete issues a and b with options 0, 1, 2 (span 2). The proposer (0)
// values them with weights 0.6 / 0.4 and option values a: 1, 0.6, 0 and
// b: 1, 0.5, 0; the other (1) with weights 0.4 / 0.6 and values 0, 0.5, 1 on
// both. Per outcome (a, b) the utilities (own, other), by hand:
//   (0,0) 1.00 0.0   (0,1) 0.80 0.3   (0,2) 0.60 0.6
//   (1,0) 0.76 0.2   (1,1) 0.56 0.5   (1,2) 0.36 0.8
//   (2,0) 0.40 0.4   (2,1) 0.20 0.7   (2,2) 0.00 1.0
struct ValuedPair {
  std::vector<Issue> issues{Issue{"a", "A", "", 0.0, 2.0, {}, {"a0", "a1", "a2"}},
                            Issue{"b", "B", "", 0.0, 2.0, {}, {"b0", "b1", "b2"}}};
  std::vector<Actor> actors{Actor{"p", "P", {}, "time_dependent"},
                            Actor{"o", "O", {}, "time_dependent"}};
  std::vector<OptionValuation> valuations{
      OptionValuation{0, 0, {1.0, 0.6, 0.0}}, OptionValuation{0, 1, {1.0, 0.5, 0.0}},
      OptionValuation{1, 0, {0.0, 0.5, 1.0}}, OptionValuation{1, 1, {0.0, 0.5, 1.0}}};
  std::vector<int> participants{0, 1};
  std::vector<int> table{0, 1};
  std::vector<int> no_ratifiers;
  Eigen::ArrayXd inverse_span = Eigen::ArrayXd::Constant(2, 0.5);
  Preferences own;
  Eigen::VectorXd status_quo = Eigen::VectorXd::Zero(2);
  Eigen::MatrixXd ideal{{0.0, 0.0}, {2.0, 2.0}};
  Eigen::ArrayXXd weight{{0.6, 0.4}, {0.4, 0.6}};
  Eigen::VectorXd capability = Eigen::VectorXd::Ones(2);
  Eigen::MatrixXd strategy_params = Eigen::MatrixXd::Ones(2, 4);
  Eigen::MatrixXd own_offers = Eigen::MatrixXd::Zero(2, kRememberedOffers);
  OfferWorkspace workspace;

  ValuedPair() {
    own.ideal = ideal.row(0).transpose().array();
    own.weight = weight.row(0).transpose();
    own.spatial_weight = Eigen::ArrayXd::Zero(2);
    own.valued = {&valuations[0], &valuations[1]};
    own.inverse_span = &inverse_span;
    workspace.resize(2, option_count(issues));
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
    seen.pareto_bids = true;
    seen.valuations = valuations;
    seen.own_offers = &own_offers;
    return seen;
  }
};

}  // namespace

TEST_CASE("option valuations give GENIUS's additive utility", "[utility][valuations]") {
  ValuedPair pair;
  ModelParameters parameters;
  parameters.ideal = pair.ideal;
  parameters.salience = Eigen::MatrixXd{{3.0, 2.0}, {2.0, 3.0}};  // normalised: 0.6 / 0.4
  parameters.risk = Eigen::VectorXd::Ones(2);
  UtilityModel model;
  model.reset(parameters, Eigen::VectorXd::Constant(2, 2.0), pair.valuations);
  Eigen::VectorXd utilities(2);
  const Eigen::VectorXd outcome{{1.0, 2.0}};
  model.evaluate(outcome, utilities);
  CHECK(utilities(0) == Approx(0.36).epsilon(0).margin(1e-15));  // 0.6·0.6 + 0.4·0
  CHECK(utilities(1) == Approx(0.8).epsilon(0).margin(1e-15));   // 0.4·0.5 + 0.6·1
  CHECK(model.evaluate(0, outcome) == utilities(0));
  CHECK(pair.own.utility(outcome) == Approx(0.36).epsilon(0).margin(1e-15));
  // ρ = 2 bends the lost value: 1 − 0.6·0.4² − 0.4·1² = 0.504.
  parameters.risk(0) = 2.0;
  model.reset(parameters, Eigen::VectorXd::Constant(2, 2.0), pair.valuations);
  CHECK(model.evaluate(0, outcome) == Approx(0.504).epsilon(0).margin(1e-15));
}

TEST_CASE("a Pareto-seeking bid is the outcome worth the target that the other likes best",
          "[pareto_bidder]") {
  ValuedPair pair;
  Eigen::VectorXd offer(2);
  // Each target against the table above: the best for the other among the
  // outcomes worth at least the target to the proposer.
  const std::vector<std::pair<double, Eigen::Vector2d>> expected{{1.0, {0.0, 0.0}},
                                                                 {0.7, {0.0, 1.0}},
                                                                 {0.5, {0.0, 2.0}},
                                                                 {0.3, {1.0, 2.0}},
                                                                 {0.0, {2.0, 2.0}}};
  for (const auto& [target, bid] : expected) {
    INFO("target " << target);
    REQUIRE(build_offer(pair.observation(), target, pair.workspace, offer));
    CHECK(offer(0) == bid(0));
    CHECK(offer(1) == bid(1));
    CHECK(pair.workspace.reason == OfferReason::kAtTarget);
  }
}

TEST_CASE("a Pareto-seeking proposer prefers a new outcome worth its target to a repeat",
          "[pareto_bidder]") {
  ValuedPair pair;
  Observation seen = pair.observation();
  pair.own_offers.col(0) = Eigen::Vector2d(0.0, 2.0);  // its best at target 0.5, offered before
  seen.own_offer_count = 1;
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(seen, 0.5, pair.workspace, offer));
  // Worth ≥ 0.5 and new: (1,1) gives the other 0.5, the most of (0,1) 0.3,
  // (1,0) 0.2, (0,0) 0 and (1,1) 0.5.
  CHECK(offer(0) == 1.0);
  CHECK(offer(1) == 1.0);
  // Nothing new worth 1: it repeats its best.
  pair.own_offers.col(0) = Eigen::Vector2d(0.0, 0.0);
  REQUIRE(build_offer(seen, 1.0, pair.workspace, offer));
  CHECK(offer(0) == 0.0);
  CHECK(offer(1) == 0.0);
}

TEST_CASE("a Pareto-seeking bid keeps the public red lines", "[pareto_bidder]") {
  ValuedPair pair;
  const std::vector<std::string> ids{"a", "b"};
  const std::vector<std::vector<std::string>> options{{"a0", "a1", "a2"}, {"b0", "b1", "b2"}};
  // The other will not accept b = b2.
  pair.actors[1].red_lines.push_back(RedLine::compile("b != 'b2'", ids, options));
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(pair.observation(), 0.5, pair.workspace, offer));
  // Worth ≥ 0.5 without b2: (1,1) 0.5 is the other's best.
  CHECK(offer(0) == 1.0);
  CHECK(offer(1) == 1.0);
  // The proposer's own red line forbids everything but b2: no offer keeps both.
  pair.actors[0].red_lines.push_back(RedLine::compile("b == 'b2'", ids, options));
  CHECK_FALSE(build_offer(pair.observation(), 0.5, pair.workspace, offer));
  CHECK(pair.workspace.reason == OfferReason::kRedLines);
}

TEST_CASE("the frequency model learns option values and issue weights from offers",
          "[opponent_model]") {
  ValuedPair pair;
  OpponentModels models;
  models.reset(pair.issues, 2);
  CHECK(models.weight(1, 0) == 0.5);
  CHECK(models.value(1, 0, 2) == 1.0);
  // Actor 1 keeps a at a0 and moves b: a0 at t = 0, 0.5 and 1; b0, b1, b2.
  models.observe(1, Eigen::Vector2d(0.0, 0.0), pair.table, 0.0);
  models.observe(1, Eigen::Vector2d(0.0, 1.0), pair.table, 0.5);
  models.observe(1, Eigen::Vector2d(0.0, 2.0), pair.table, 1.0);
  CHECK(models.offers_seen(1) == 3);
  // Values: (1 + count) / (1 + the issue's largest count).
  CHECK(models.value(1, 0, 0) == 1.0);
  CHECK(models.value(1, 0, 1) == 0.25);
  CHECK(models.value(1, 1, 2) == 1.0);
  // Weights: a unchanged at t = 0.5 (+ 0.5/2) and at t = 1 (+ 0): 1.25 : 1.
  CHECK(models.weight(1, 0) == Approx(1.25 / 2.25).epsilon(0).margin(1e-15));
  CHECK(models.weight(1, 1) == Approx(1.0 / 2.25).epsilon(0).margin(1e-15));
  CHECK(models.weight(0, 0) == 0.5);  // nothing learned of actor 0
}

TEST_CASE("with private preferences the first bid is the proposer's own best",
          "[pareto_bidder][opponent_model]") {
  ValuedPair pair;
  OpponentModels models;
  models.reset(pair.issues, 2);
  Observation seen = pair.observation();
  seen.valuations = {};
  seen.opponent_models = &models;
  Eigen::VectorXd offer(2);
  REQUIRE(build_offer(seen, 0.5, pair.workspace, offer));
  // Nothing learned: every outcome looks alike to the other, so the proposer
  // keeps what is best for itself.
  CHECK(offer(0) == 0.0);
  CHECK(offer(1) == 0.0);
  // After the other offered (2,2) twice and (2,1) once, a2 and b2 look best
  // for it, and a weighs more than b (a stayed put).
  models.observe(1, Eigen::Vector2d(2.0, 2.0), pair.table, 0.0);
  models.observe(1, Eigen::Vector2d(2.0, 2.0), pair.table, 0.1);
  models.observe(1, Eigen::Vector2d(2.0, 1.0), pair.table, 0.2);
  // Weights: a unchanged twice (+0.45 + 0.4), b once (+0.45): a 1.85, b 1.45.
  // Values a: a2 1, a0 a1 1/4; b: b2 1, b1 2/3, b0 1/3. Worth ≥ 0.5 to the
  // proposer: (0,0) (0,1) (0,2) (1,0) (1,1), believed worth to the other
  // (× 3.3, the weights' sum) 1.85/4 + 1.45·{1/3, 2/3, 1, 1/3, 2/3}: (0,2) is best.
  REQUIRE(build_offer(seen, 0.5, pair.workspace, offer));
  CHECK(offer(0) == 0.0);
  CHECK(offer(1) == 2.0);
}

}  // namespace parley
