#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

#include "strategy/time_dependent.hpp"

namespace parley {

TEST_CASE("a time-dependent target falls from 1 to the reservation utility", "[strategy]") {
  CHECK(TimeDependent::target_at(0.0, 1.0, 0.3, 0.5) == 1.0);
  CHECK(TimeDependent::target_at(1.0, 1.0, 0.3, 0.5) == Approx(0.3).epsilon(1e-12));
  // Linear (e = 1) halfway: 1 − 0.7·0.5 = 0.65.
  CHECK(TimeDependent::target_at(0.5, 1.0, 0.3, 1.0) == Approx(0.65).epsilon(1e-12));
  // Boulware (e = 0.5) halfway: 1 − 0.7·0.5² = 0.825; conceder (e = 2): 1 − 0.7·√0.5.
  CHECK(TimeDependent::target_at(0.5, 1.0, 0.3, 0.5) == Approx(0.825).epsilon(1e-12));
  CHECK(TimeDependent::target_at(0.5, 1.0, 0.3, 2.0) ==
        Approx(1.0 - 0.7 * std::sqrt(0.5)).epsilon(1e-12));
}

TEST_CASE("a time-dependent target starts from the best the phase can give", "[strategy]") {
  // b = 0.8 (issues held at the status quo cost 0.2): linear halfway 0.8 − 0.5·0.5 = 0.55.
  CHECK(TimeDependent::target_at(0.0, 0.8, 0.3, 1.0) == 0.8);
  CHECK(TimeDependent::target_at(0.5, 0.8, 0.3, 1.0) == Approx(0.55).epsilon(1e-12));
  CHECK(TimeDependent::target_at(1.0, 0.8, 0.3, 1.0) == Approx(0.3).epsilon(1e-12));
  // A fallback above anything the phase can give: the target is the fallback.
  CHECK(TimeDependent::target_at(0.0, 0.4, 0.5, 1.0) == 0.5);
}

namespace {

// A strategy whose target now and at its next turn are fixed numbers.
class FixedTargets final : public Strategy {
 public:
  FixedTargets(double now, double next) : now_(now), next_(next) {}
  void begin_phase(const Observation& /*seen*/) override {}
  void begin_round(const Observation& /*seen*/) override {}
  double target_utility() const override { return now_; }
  double next_target(const Observation& /*seen*/) const override { return next_; }
  bool propose(const Observation& /*seen*/, Rng& /*rng*/, OfferWorkspace& /*workspace*/,
               Eigen::Ref<Eigen::VectorXd> /*offer*/) override {
    return false;
  }

 private:
  double now_;
  double next_;
};

// One actor on one issue, ideal 1, linear: u(x) = x.
struct OneResponder {
  std::vector<Issue> issues{Issue{"x", "X", "", 0.0, 1.0, {}, {}}};
  std::vector<Actor> actors{Actor{"r", "R", {}, "time_dependent"}};
  Eigen::ArrayXd inverse_span = Eigen::ArrayXd::Ones(1);
  Preferences own;
  OneResponder() {
    own.ideal = Eigen::ArrayXd::Ones(1);
    own.weight = Eigen::ArrayXd::Ones(1);
    own.inverse_span = &inverse_span;
  }
  Observation at(int round, double delta, double fallback, double wait) const {
    Observation seen;
    seen.own = &own;
    seen.issues = issues;
    seen.actors = actors;
    seen.round = round;
    seen.deadline_rounds = 20;
    seen.last_turn = 20;
    seen.discount_per_round = delta;
    seen.fallback = fallback;
    seen.rounds_to_next_turn = wait;
    return seen;
  }
};

Response answer(const Strategy& strategy, const Observation& seen, double x) {
  return strategy.respond(seen, Eigen::VectorXd::Constant(1, x));
}

}  // namespace

TEST_CASE("delay discounts a deal and the value of no deal alike", "[strategy]") {
  // Round 10 at δ = 0.9: the deal worth 0.45 is worth 0.9⁹·0.45 = 0.17 today, no
  // deal 0.9⁹·0.4: the deal still beats no deal (the old rule compared 0.17 with
  // an undiscounted 0.4 and refused it).
  OneResponder setup;
  const FixedTargets at_fallback(0.4, 0.4);
  const Response response = answer(at_fallback, setup.at(10, 0.9, 0.4, 0.0), 0.45);
  CHECK(response.accepted());
  const Response below = answer(at_fallback, setup.at(10, 0.9, 0.4, 0.0), 0.39);
  CHECK(below.verdict == Verdict::kBelowFallback);
  CHECK(below.threshold == 0.4);
}

TEST_CASE("a responder accepts what beats its own next offer, discounted (AC_next)", "[strategy]") {
  OneResponder setup;
  const FixedTargets targets(0.7, 0.6);  // now 0.7; at its next turn 0.6
  SECTION("patient: the next target itself") {
    CHECK(answer(targets, setup.at(3, 1.0, 0.2, 1.0), 0.6).accepted());
    const Response short_of = answer(targets, setup.at(3, 1.0, 0.2, 1.0), 0.59);
    CHECK(short_of.verdict == Verdict::kBelowTarget);
    CHECK(short_of.threshold == 0.6);
  }
  SECTION("impatient: two rounds of waiting at δ = 0.9 cost 19%: 0.81 × 0.6 = 0.486") {
    CHECK(answer(targets, setup.at(3, 0.9, 0.2, 2.0), 0.49).accepted());
    const Response short_of = answer(targets, setup.at(3, 0.9, 0.2, 2.0), 0.48);
    CHECK(short_of.verdict == Verdict::kBelowTarget);
    CHECK(short_of.threshold == Approx(0.486).epsilon(0).margin(1e-12));
  }
  SECTION("no turn left: the current target (AC_time)") {
    CHECK(answer(targets, setup.at(3, 0.9, 0.2, 0.0), 0.7).accepted());
    CHECK(answer(targets, setup.at(3, 0.9, 0.2, 0.0), 0.69).verdict == Verdict::kBelowTarget);
  }
}

TEST_CASE("the concession clock runs to the actor's last turn, on discounted value", "[strategy]") {
  OneResponder setup;
  Observation seen = setup.at(3, 1.0, 0.0, 1.0);
  seen.last_turn = 5;
  CHECK(seen.time_used() == 0.5);      // (3 − 1) / (5 − 1)
  CHECK(seen.time_used_at(5) == 1.0);  // its last turn
  CHECK(seen.time_used_at(7) == 1.0);  // and after it
  seen.discount_per_round = 0.9;
  // (1 − 0.9²) / (1 − 0.9⁴) = 0.19 / 0.3439: ahead of calendar time.
  CHECK(seen.time_used() == Approx(0.19 / 0.3439).epsilon(0).margin(1e-12));
  CHECK(seen.time_used() > 0.5);
  CHECK(seen.next_turn() == 4);
  seen.rounds_to_next_turn = 1.0 / 1e-270;  // a drawn turn with a tiny chance
  CHECK(seen.next_turn() == 5);             // the deadline's clock, not an overflow
  CHECK(seen.time_used_at(seen.next_turn()) == 1.0);
  seen.rounds_to_next_turn = 0.0;  // no turn left: this round
  CHECK(seen.next_turn() == 3);
}

TEST_CASE("the cached concession clock gives the bits of the computed one", "[strategy]") {
  // ClockPowers (time_dependent.hpp) keeps s(t)^(1/e) per round; it must give
  // exactly TimeDependent::target_in_round's numbers, also when the clock's
  // inputs change between calls (a new phase, another actor) and beyond its
  // table (phases longer than kMaxRounds rounds).
  ClockPowers clock;
  Observation seen;
  seen.best_utility = 0.93;
  int checked = 0;
  for (const int last_turn : {1, 2, 7, 100, 199, ClockPowers::kMaxRounds + 40}) {
    for (const double delta : {1.0, 0.999, 0.9}) {
      for (const double exponent : {0.25, 1.0, 2.0, 3.7}) {
        seen.last_turn = last_turn;
        seen.discount_per_round = delta;
        for (int round = 1; round <= last_turn + 2; round += (last_turn > 50 ? 7 : 1)) {
          seen.round = round;
          const double end = 0.1 + 0.001 * round;
          const double cached = clock.target_in_round(seen, round, end, exponent);
          const double computed = TimeDependent::target_in_round(seen, round, end, exponent);
          REQUIRE(std::memcmp(&cached, &computed, sizeof(double)) == 0);
          ++checked;
        }
      }
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("an actor's linear utility has the bits of the Eigen expression", "[strategy]") {
  // Preferences::utility sums the linear loss in a plain loop in the order
  // Eigen 3.4 sums the expression (observation.hpp); a different order would
  // change the last bits of offers and so the golden outputs. Pseudo-random
  // cases of 1 to 40 issues, with ideal points, outcomes and weights of
  // varied magnitude.
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1p-53;
  };
  int checked = 0;
  for (int issues = 1; issues <= 40; ++issues) {
    for (int trial = 0; trial < 50; ++trial) {
      Eigen::ArrayXd inverse_span(issues);
      Preferences own;
      own.ideal.resize(issues);
      own.weight.resize(issues);
      Eigen::VectorXd outcome(issues);
      for (int d = 0; d < issues; ++d) {
        inverse_span(d) = 1.0 / (0.1 + 100.0 * next());
        own.ideal(d) = 50.0 * next();
        outcome(d) = 50.0 * next();
        own.weight(d) = next() / issues;
      }
      own.inverse_span = &inverse_span;
      own.spatial_weight = own.weight;
      const double expected =
          1.0 - (own.weight * ((own.ideal - outcome.array()).abs() * inverse_span)).sum();
      const double actual = own.utility(outcome);
      REQUIRE(std::memcmp(&actual, &expected, sizeof(double)) == 0);
      ++checked;
    }
  }
  CHECK(checked == 2000);
}

}  // namespace parley
