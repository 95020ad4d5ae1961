// The exchange model on small proposals worked out by hand, and its invariants on
// random proposals.
#include "protocol/exchange_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "protocol/forecast_models.hpp"

namespace parley {
namespace {

// The hand-derived values are fractions such as 70/3 computed in a few double
// operations, so they are exact to well below 1e-9 on a 0–100 scale.
constexpr double kExact = 1e-9;

Approx near(double target, double margin = kExact) {
  return Approx(target).epsilon(0.0).margin(margin);
}

ForecastActor actor(std::string id, double position, double salience, double capability = 1.0) {
  ForecastActor a;
  a.id = std::move(id);
  a.capability = capability;
  a.position = position;
  a.salience = salience;
  return a;
}

ForecastCase issue(std::string id, std::vector<ForecastActor> actors, double scale_min = 0.0,
                   double scale_max = 100.0) {
  ForecastCase c;
  c.id = std::move(id);
  c.actors = std::move(actors);
  c.scale_min = scale_min;
  c.scale_max = scale_max;
  return c;
}

double position_of(const ForecastCase& c, const std::string& id) {
  for (const ForecastActor& a : c.actors)
    if (a.id == id) return a.position;
  FAIL("no actor " << id << " on " << c.id);
  return 0.0;
}

const ForecastActor* find_actor(const ForecastCase& c, const std::string& id) {
  for (const ForecastActor& a : c.actors)
    if (a.id == id) return &a;
  return nullptr;
}

// Two issues on 0–100, capability 1 for all:
//   A at (0, 0)     saliences (0.9, 0.1)
//   B at (100, 100) saliences (0.1, 0.9)
//   C at (50, 50)   saliences (0.5, 0.5)
std::vector<ForecastCase> three_actors() {
  return {issue("a", {actor("A", 0, 0.9), actor("B", 100, 0.1), actor("C", 50, 0.5)}),
          issue("b", {actor("A", 0, 0.1), actor("B", 100, 0.9), actor("C", 50, 0.5)})};
}

}  // namespace

// Worked on paper.
// Weights w = c·s: on a (0.9, 0.1, 0.5), on b (0.1, 0.9, 0.5); W_a = W_b = 1.5.
//   O_a = (0.9·0 + 0.1·100 + 0.5·50) / 1.5 = 35/1.5 = 70/3 ≈ 23.33
//   O_b = (0.1·0 + 0.9·100 + 0.5·50) / 1.5 = 115/1.5 = 230/3 ≈ 76.67
// Sides (left/right of O): on a A left, B and C right; on b A and C left, B right.
//   A–C: same side on b, no exchange. B–C: same side on a, no exchange.
//   A–B: opposite on both; s_Aa·s_Bb = 0.81 > s_Ba·s_Ab = 0.01, so A gains on a
//   (B shifts there towards 0) and B gains on b (A shifts there towards 100).
// Ratio A/B = (s_Ab + s_Bb)/(s_Aa + s_Ba) = (0.1 + 0.9)/(0.9 + 0.1) = 1.
// Limits: A ≤ w_Ba·|0 − 100|/W_a = 0.1·100/1.5 = 20/3 (B moves all the way to 0),
//         A ≤ |0 − O_a| = 70/3;
//         B ≤ w_Ab·|100 − 0|/W_b = 20/3 (A moves all the way to 100), B ≤ 70/3.
// So B = min(20/3, (20/3)/1) = 20/3 and A = 20/3: both shift limits bind at once.
// Shifts Δ_Ba = Δ_Ab = 100. Gain = B (0.81 − 0.01)/(0.9 + 0.1) = 16/3 to each
// (A: 0.9·20/3 − 0.1·20/3 = 16/3; B: 0.9·20/3 − 0.1·20/3 = 16/3).
// New voting positions: a (0, 0, 50), b (100, 100, 50):
//   O_a = 25/1.5 = 50/3 ≈ 16.67,  O_b = (10 + 90 + 25)/1.5 = 250/3 ≈ 83.33.
// Next: A–B is spent (B has shifted on a, A on b); A–C: A (wants 0) and C are both
// left of O_b; B–C: B (wants 100) and C are both right of O_a. Sides follow what the
// actors want, not how they vote. So one exchange, forecasts 50/3 and 250/3.
TEST_CASE("the three-actor proposal worked out by hand", "[exchange]") {
  const std::vector<ForecastCase> issues = three_actors();
  const ExchangeResult result = run_exchange_model(issues);

  REQUIRE(result.exchanges.size() == 1);
  const PositionExchange& e = result.exchanges[0];
  CHECK(e.gainer_on_first == "A");
  CHECK(e.gainer_on_second == "B");
  CHECK(e.first_issue == 0);
  CHECK(e.second_issue == 1);
  CHECK(e.shift_on_first == near(100.0));
  CHECK(e.shift_on_second == near(100.0));
  CHECK(e.outcome_shift_first == near(20.0 / 3.0));
  CHECK(e.outcome_shift_second == near(20.0 / 3.0));
  CHECK(e.gain == near(16.0 / 3.0));

  REQUIRE(result.shifted.size() == 2);
  CHECK(position_of(result.shifted[0], "A") == near(0.0));
  CHECK(position_of(result.shifted[0], "B") == near(0.0));
  CHECK(position_of(result.shifted[0], "C") == near(50.0));
  CHECK(position_of(result.shifted[1], "A") == near(100.0));
  CHECK(position_of(result.shifted[1], "B") == near(100.0));
  CHECK(position_of(result.shifted[1], "C") == near(50.0));

  REQUIRE(result.forecasts.size() == 2);
  CHECK(result.forecasts[0] == near(50.0 / 3.0));
  CHECK(result.forecasts[1] == near(250.0 / 3.0));
  CHECK(exchange_forecasts(issues) == result.forecasts);
  // The forecast is the compromise of the shifted positions.
  CHECK(result.forecasts[0] == near(compromise_forecast(result.shifted[0])));
  CHECK(result.forecasts[1] == near(compromise_forecast(result.shifted[1])));
}

// Worked on paper. Issue a: I at 40 (s 0.8), J at 100 (s 0.4), K at 0 (s 0.4);
// issue b: I at 0 (s 0.2), J at 100 (s 0.6), K missing. Capability 1 for all.
//   W_a = 1.6, O_a = (32 + 40 + 0)/1.6 = 45;  W_b = 0.8, O_b = (0 + 60)/0.8 = 75.
// K holds no position on b, so it trades with no one. I–J: I (40) left and J right of
// 45, I (0) left and J right of 75; s_Ia·s_Jb = 0.48 > s_Ja·s_Ib = 0.08, so I gains on
// a, J on b. Ratio A/B = (0.2 + 0.6)/(0.8 + 0.4) = 2/3.
// Limits: A ≤ w_Ja·|40 − 100|/W_a = 0.4·60/1.6 = 15, A ≤ |40 − 45| = 5 (binds: with J at
//         40, K at 0 would pull the outcome to 32, past I's ideal);
//         B ≤ w_Ib·|100 − 0|/W_b = 0.2·100/0.8 = 25, B ≤ |100 − 75| = 25.
// B = min(25, 5/(2/3)) = 7.5, A = 5. Δ_Ja = A·W_a/w_Ja = 5·1.6/0.4 = 20 (J: 100 → 80);
// Δ_Ib = B·W_b/w_Ib = 7.5·0.8/0.2 = 30 (I: 0 → 30).
// Gain = 7.5·(0.48 − 0.08)/1.2 = 2.5 to each
// (I: 0.8·5 − 0.2·7.5 = 2.5; J: 0.6·7.5 − 0.4·5 = 2.5).
// New outcomes: O_a = (32 + 32 + 0)/1.6 = 40 (= I's ideal), O_b = (6 + 60)/0.8 = 82.5.
// Then J has shifted on a and I on b: no exchange is left.
TEST_CASE("the outcome stops at the gaining actor's position; a missing actor does not trade",
          "[exchange]") {
  const std::vector<ForecastCase> issues = {
      issue("a", {actor("I", 40, 0.8), actor("J", 100, 0.4), actor("K", 0, 0.4)}),
      issue("b", {actor("I", 0, 0.2), actor("J", 100, 0.6)})};
  const ExchangeResult result = run_exchange_model(issues);

  REQUIRE(result.exchanges.size() == 1);
  const PositionExchange& e = result.exchanges[0];
  CHECK(e.gainer_on_first == "I");
  CHECK(e.gainer_on_second == "J");
  CHECK(e.first_issue == 0);
  CHECK(e.second_issue == 1);
  CHECK(e.outcome_shift_first == near(5.0));
  CHECK(e.outcome_shift_second == near(7.5));
  CHECK(e.shift_on_first == near(20.0));
  CHECK(e.shift_on_second == near(30.0));
  CHECK(e.gain == near(2.5));

  CHECK(position_of(result.shifted[0], "I") == near(40.0));
  CHECK(position_of(result.shifted[0], "J") == near(80.0));
  CHECK(position_of(result.shifted[0], "K") == near(0.0));
  CHECK(position_of(result.shifted[1], "I") == near(30.0));
  CHECK(position_of(result.shifted[1], "J") == near(100.0));
  CHECK(result.shifted[1].actors.size() == 2);
  CHECK(result.forecasts[0] == near(40.0));
  CHECK(result.forecasts[1] == near(82.5));
}

TEST_CASE("no exchange when the saliences are proportional", "[exchange]") {
  // s_Aa/s_Ab = 0.6/0.3 = 2 = 0.4/0.2 = s_Ba/s_Bb: neither gains by trading.
  const std::vector<ForecastCase> issues = {issue("a", {actor("A", 0, 0.6), actor("B", 100, 0.4)}),
                                            issue("b", {actor("A", 0, 0.3), actor("B", 100, 0.2)})};
  const ExchangeResult result = run_exchange_model(issues);
  CHECK(result.exchanges.empty());
  CHECK(result.forecasts[0] == near(compromise_forecast(issues[0])));  // 40
  CHECK(result.forecasts[1] == near(compromise_forecast(issues[1])));  // 40
  CHECK(result.forecasts[0] == near(40.0));
}

TEST_CASE("no exchange when the actors are on the same side of an outcome", "[exchange]") {
  // A and B have complementary saliences and are on opposite sides on a
  // (O_a = (0 + 10 + 45)/1.9 ≈ 28.9), but on b both are right of
  // O_b = (9.5 + 90 + 0)/1.1 ≈ 90.5. B–C: both right of O_a. A–C: proportional saliences.
  const std::vector<ForecastCase> issues = {
      issue("a", {actor("A", 0, 0.9), actor("B", 100, 0.1), actor("C", 50, 0.9)}),
      issue("b", {actor("A", 95, 0.1), actor("B", 100, 0.9), actor("C", 0, 0.1)})};
  const ExchangeResult result = run_exchange_model(issues);
  CHECK(result.exchanges.empty());
  CHECK(result.forecasts[0] == near(55.0 / 1.9));
  CHECK(result.forecasts[1] == near(99.5 / 1.1));
  CHECK(result.shifted[0].actors[1].position == 100.0);
}

TEST_CASE("a proposal with one issue gives the compromise", "[exchange]") {
  const std::vector<ForecastCase> issues = {three_actors()[0]};
  const ExchangeResult result = run_exchange_model(issues);
  CHECK(result.exchanges.empty());
  REQUIRE(result.forecasts.size() == 1);
  CHECK(result.forecasts[0] == near(compromise_forecast(issues[0])));
  CHECK(result.forecasts[0] == near(70.0 / 3.0));
}

TEST_CASE("a proposal without issues gives no forecasts", "[exchange]") {
  const ExchangeResult result = run_exchange_model({});
  CHECK(result.exchanges.empty());
  CHECK(result.forecasts.empty());
  CHECK(result.shifted.empty());
}

TEST_CASE("with every weight zero on an issue the actors count equally", "[exchange]") {
  // On a every capability is 0, so the outcome is the plain mean (0 + 100 + 50)/3 = 50 and
  // a shift moves it by Δ/3. A and B still have saliences, so they can trade.
  std::vector<ForecastCase> issues = three_actors();
  for (ForecastActor& a : issues[0].actors) a.capability = 0.0;
  const ExchangeResult result = run_exchange_model(issues);
  for (std::size_t k = 0; k < issues.size(); ++k)
    CHECK(result.forecasts[k] == near(compromise_forecast(result.shifted[k])));
  REQUIRE_FALSE(result.exchanges.empty());
  const PositionExchange& e = result.exchanges[0];
  // B shifts on a: the outcome moves by a third of B's shift.
  if (e.first_issue == 0)
    CHECK(e.outcome_shift_first == near(e.shift_on_first / 3.0));
  else
    CHECK(e.outcome_shift_second == near(e.shift_on_second / 3.0));
}

TEST_CASE("bad input is refused", "[exchange]") {
  std::vector<ForecastCase> issues = three_actors();
  issues[1].actors[0].salience = 1.5;
  CHECK_THROWS_AS(run_exchange_model(issues), UsageError);
  issues = three_actors();
  issues[0].actors.push_back(actor("A", 10, 0.5));
  CHECK_THROWS_AS(run_exchange_model(issues), UsageError);
}

namespace {

// A random proposal: 2–4 issues on varied scales, up to 6 actors, some missing from some
// issues. Values come from integer draws of std::mt19937, whose output the standard fixes.
std::vector<ForecastCase> random_proposal(std::mt19937& rng) {
  const auto draw = [&](std::uint32_t n) { return static_cast<std::uint32_t>(rng() % n); };
  const std::vector<std::string> names = {"de", "fr", "it", "nl", "pl", "es"};
  const std::size_t issue_count = 2 + draw(3);
  std::vector<ForecastCase> issues;
  for (std::size_t a = 0; a < issue_count; ++a) {
    const double lo = std::vector<double>{-50.0, 0.0, 10.0}[draw(3)];
    const double width = std::vector<double>{1.0, 10.0, 100.0}[draw(3)];
    std::vector<ForecastActor> actors;
    for (const std::string& name : names) {
      if (draw(5) == 0) continue;  // missing here
      actors.push_back(actor(name, lo + width * draw(101) / 100.0, draw(11) / 10.0,
                             static_cast<double>(draw(4))));
    }
    if (actors.empty()) actors.push_back(actor(names[0], lo, 0.5));
    issues.push_back(issue("issue" + std::to_string(a), std::move(actors), lo, lo + width));
  }
  return issues;
}

}  // namespace

TEST_CASE("on random proposals the exchanges keep the model's invariants", "[exchange]") {
  std::mt19937 rng(20260);
  int traded = 0;
  for (int round = 0; round < 300; ++round) {
    const std::vector<ForecastCase> issues = random_proposal(rng);
    const ExchangeResult result = run_exchange_model(issues);
    REQUIRE(result.forecasts.size() == issues.size());
    REQUIRE(result.shifted.size() == issues.size());
    traded += result.exchanges.empty() ? 0 : 1;

    // Forecasts on the scale, equal to the compromise of the shifted positions.
    for (std::size_t a = 0; a < issues.size(); ++a) {
      const double width = issues[a].scale_max - issues[a].scale_min;
      CHECK(result.forecasts[a] >= issues[a].scale_min);
      CHECK(result.forecasts[a] <= issues[a].scale_max);
      CHECK(result.forecasts[a] == near(compromise_forecast(result.shifted[a]), 1e-9 * width));
    }

    // Each (actor, issue) shifts at most once, by the recorded amount, towards the other;
    // each exchange gains both actors the same positive amount.
    std::set<std::pair<std::string, std::size_t>> shifted;
    for (const PositionExchange& e : result.exchanges) {
      CHECK(e.gain > 0.0);
      CHECK(e.first_issue != e.second_issue);
      CHECK(shifted.insert({e.gainer_on_second, e.first_issue}).second);
      CHECK(shifted.insert({e.gainer_on_first, e.second_issue}).second);
      const ForecastCase& a = issues[e.first_issue];
      const ForecastCase& b = issues[e.second_issue];
      const double s_ia = find_actor(a, e.gainer_on_first)->salience;
      const double s_ja = find_actor(a, e.gainer_on_second)->salience;
      const double s_ib = find_actor(b, e.gainer_on_first)->salience;
      const double s_jb = find_actor(b, e.gainer_on_second)->salience;
      const double scale = std::max(a.scale_max - a.scale_min, b.scale_max - b.scale_min);
      CHECK(s_ia * e.outcome_shift_first - s_ib * e.outcome_shift_second ==
            near(e.gain, 1e-9 * scale));
      CHECK(s_jb * e.outcome_shift_second - s_ja * e.outcome_shift_first ==
            near(e.gain, 1e-9 * scale));
      const double x_ia = find_actor(a, e.gainer_on_first)->position;
      const double x_ja = find_actor(a, e.gainer_on_second)->position;
      const double y_ja = position_of(result.shifted[e.first_issue], e.gainer_on_second);
      CHECK(std::abs(y_ja - x_ja) == near(e.shift_on_first, 1e-9 * scale));
      CHECK(std::abs(x_ia - y_ja) <= std::abs(x_ia - x_ja));
    }
    // Every other position is unchanged.
    for (std::size_t a = 0; a < issues.size(); ++a)
      for (std::size_t k = 0; k < issues[a].actors.size(); ++k)
        if (!shifted.count({issues[a].actors[k].id, a}))
          CHECK(result.shifted[a].actors[k].position == issues[a].actors[k].position);
  }
  CHECK(traded > 50);  // the invariants were exercised on many trading proposals
}

TEST_CASE("the order of the actors in the input does not change the result", "[exchange]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 100; ++round) {
    const std::vector<ForecastCase> issues = random_proposal(rng);
    std::vector<ForecastCase> permuted = issues;
    for (ForecastCase& c : permuted) {
      std::reverse(c.actors.begin(), c.actors.end());
      std::rotate(
          c.actors.begin(),
          c.actors.begin() + static_cast<long>(static_cast<std::size_t>(round) % c.actors.size()),
          c.actors.end());
    }
    const ExchangeResult one = run_exchange_model(issues);
    const ExchangeResult other = run_exchange_model(permuted);
    // Bit for bit: outcomes are summed in id order and ties go by ids, then issues.
    CHECK(one.forecasts == other.forecasts);
    REQUIRE(one.exchanges.size() == other.exchanges.size());
    for (std::size_t k = 0; k < one.exchanges.size(); ++k) {
      CHECK(one.exchanges[k].gainer_on_first == other.exchanges[k].gainer_on_first);
      CHECK(one.exchanges[k].gainer_on_second == other.exchanges[k].gainer_on_second);
      CHECK(one.exchanges[k].first_issue == other.exchanges[k].first_issue);
      CHECK(one.exchanges[k].gain == other.exchanges[k].gain);
    }
    for (std::size_t a = 0; a < issues.size(); ++a)
      for (const ForecastActor& x : issues[a].actors)
        CHECK(position_of(one.shifted[a], x.id) == position_of(other.shifted[a], x.id));
  }
}

TEST_CASE("ties go to the actors whose ids come first", "[exchange]") {
  // A and A2 are identical, and so are B and B2, so A–B, A–B2, A2–B and A2–B2 are
  // equally good first trades. Ids sort A < A2 < B < B2; A–A2 cannot trade (same
  // sides), so the first pair in id order that can is A–B, listed last in the input.
  const std::vector<ForecastCase> issues = {issue("a", {actor("B2", 100, 0.1), actor("A2", 0, 0.9),
                                                        actor("B", 100, 0.1), actor("A", 0, 0.9)}),
                                            issue("b", {actor("B2", 100, 0.9), actor("A2", 0, 0.1),
                                                        actor("B", 100, 0.9), actor("A", 0, 0.1)})};
  const ExchangeResult result = run_exchange_model(issues);
  REQUIRE_FALSE(result.exchanges.empty());
  CHECK(result.exchanges[0].gainer_on_first == "A");
  CHECK(result.exchanges[0].gainer_on_second == "B");
}

}  // namespace parley
