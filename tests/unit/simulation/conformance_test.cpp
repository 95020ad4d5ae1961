// Conformance: random sessions of every strategy
// pair terminate by the deadline, utilities stay in [0, 1], and no signed deal
// breaks a signer's red line or gives a signer less than its reservation utility.
// The strategies are those of the catalogue (strategy/strategy_catalogue.hpp),
// so a new strategy is checked without editing this file; a strategy defined
// below is registered at run time and checked the same way.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/random.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/session.hpp"
#include "strategy/strategy.hpp"
#include "strategy/strategy_catalogue.hpp"
#include "utility/utility.hpp"

namespace parley {
namespace {

// Every strategy of the catalogue that plays move by move (whole-phase
// strategies such as `equilibrium` need division games: the test below).
std::vector<std::string> catalogue_strategies() {
  std::vector<std::string> names;
  for (const StrategyInfo& info : strategy_catalogue())
    if (!info.whole_phase) names.emplace_back(info.name);
  return names;
}

// A random scenario: `n` actors, 3 issues (one discrete), one phase among all
// but the last actor (who must ratify), unanimity, red lines that each actor's
// own ideal satisfies.
std::string random_scenario(Rng& rng, int n, const std::string& first, const std::string& others,
                            int max_rounds, const char* protocol) {
  std::string text = "[scenario]\nname = \"random\"\n";
  text += "[[issues]]\nid = \"a\"\nlabel = \"A\"\nrange = [0.0, 1.0]\nstatus_quo = 0.5\n";
  text += "[[issues]]\nid = \"b\"\nlabel = \"B\"\nrange = [-10.0, 10.0]\nstatus_quo = 0.0\n";
  text +=
      "[[issues]]\nid = \"c\"\nlabel = \"C\"\noptions = [\"low\", \"mid\", \"high\", "
      "\"max\"]\nstatus_quo = \"mid\"\n";
  const char* options[] = {"low", "mid", "high", "max"};
  for (int i = 0; i < n; ++i) {
    const double a = rng.uniform01();
    const double b = -10.0 + 20.0 * rng.uniform01();
    const int c = static_cast<int>(rng() % 4);
    text += fmt::format("[[actors]]\nid = \"x{}\"\nname = \"X{}\"\n", i, i);
    text += fmt::format(
        "capability = {}\nreservation_utility = {}\ndiscount_per_round = {}\nrisk_exponent = {}\n",
        0.5 + rng.uniform01(), 0.6 * rng.uniform01(), 0.9 + 0.1 * rng.uniform01(),
        0.5 + 1.5 * rng.uniform01());
    // A red line the ideal satisfies: stay on the ideal's side of a threshold on `a`.
    const double threshold = a > 0.5 ? a - 0.3 * rng.uniform01() : a + 0.3 * rng.uniform01();
    text += fmt::format("red_lines = [\"a {} {}\"]\n", a > 0.5 ? ">=" : "<=", threshold);
    const std::string& kind = i == 0 ? first : others;
    text += fmt::format("strategy = {{ kind = \"{}\" }}\n", kind);
    if (i == 0 && kind == "transactional") {
      // The transactional proposer holds a threat over x1 and a side payment for
      // the ratifier, so instruments are exercised too.
      text += fmt::format(
          "threats = [ {{ id = \"t\", target = \"x1\", reservation_drop = {}, credibility = {}, "
          "cost = 0.02 }} ]\nside_payments = [ {{ id = \"p\", target = \"x{}\", value = {}, cost = "
          "{} }} ]\n",
          0.3 * rng.uniform01(), rng.uniform01(), n - 1, 0.2 * rng.uniform01(),
          0.1 * rng.uniform01());
    }
    text += fmt::format("[actors.ideal]\na = {}\nb = {}\nc = \"{}\"\n", a, b, options[c]);
    text += fmt::format("[actors.salience]\na = {}\nb = {}\nc = {}\n", rng.uniform01(),
                        rng.uniform01(), rng.uniform01() + 0.01);
  }
  std::string participants;
  for (int i = 0; i + 1 < n; ++i) participants += fmt::format("{}\"x{}\"", i == 0 ? "" : ", ", i);
  text += fmt::format(
      "[[phases]]\nid = \"talks\"\nparticipants = [{}]\nprotocol = \"{}\"\n"
      "max_rounds = {}\nratification = [\"x{}\"]\nbreakdown_probability = {}\n",
      participants, std::string(protocol) == "random_proposer_open" ? "random_proposer" : protocol,
      max_rounds, n - 1, 0.02 * rng.uniform01());
  if (std::string(protocol) == "random_proposer_open") text += "amendment_rule = \"open\"\n";
  return text;
}

// Random sessions of every pair (first proposer, the others) drawn from
// `strategies` under each protocol keep the invariants; counts sessions and
// agreements.
void check_invariants(const std::vector<std::string>& strategies, std::uint64_t seed, int& sessions,
                      int& agreements) {
  Rng scenario_rng(seed);
  for (const char* protocol : {"alternating_offers", "random_proposer", "random_proposer_open"}) {
    for (const std::string& first : strategies) {
      for (const std::string& others : strategies) {
        for (int trial = 0; trial < 20; ++trial) {
          const int n = 3 + trial % 3;  // 2–4 at the table plus a ratifier
          const int max_rounds = 1 + trial % 12;
          const Scenario scenario = parse_scenario(
              random_scenario(scenario_rng, n, first, others, max_rounds, protocol), "r.toml");
          Session session(scenario);
          for (std::uint64_t replicate = 0; replicate < 5; ++replicate) {
            const SessionRecord record = session.run(3, 0, replicate);
            ++sessions;
            INFO(fmt::format("{}: strategies {} / {}, trial {}, replicate {}", protocol, first,
                             others, trial, replicate));
            CHECK(record.rounds <= max_rounds);
            CHECK(record.round <= max_rounds);
            CHECK((record.utility.array() >= -1e-12).all());
            CHECK((record.utility.array() <= 1.0 + 1e-12).all());
            CHECK(record.outcome(0) >= 0.0);
            CHECK(record.outcome(0) <= 1.0);
            CHECK(record.outcome(1) >= -10.0);
            CHECK(record.outcome(1) <= 10.0);
            CHECK(record.outcome(2) == std::round(record.outcome(2)));  // discrete: an option
            if (!record.agreed) {
              // No deal: reservation utilities, less any threat carried out.
              if (std::find(record.threat_carried_out.begin(), record.threat_carried_out.end(),
                            1) == record.threat_carried_out.end()) {
                CHECK(record.utility == session.parameters().reservation);
              } else {
                CHECK((record.utility.array() <= session.parameters().reservation.array()).all());
              }
              continue;
            }
            ++agreements;
            UtilityModel model;
            model.reset(session.parameters(), scenario.spans(), scenario.valuations);
            for (int i = 0; i < n; ++i) {  // under unanimity every actor signed (or ratified)
              CHECK(scenario.actors[static_cast<std::size_t>(i)].accepts_red_lines(record.outcome));
              // A credible threat lowers its target's fallback below its
              // reservation; without one, no signer ends below its reservation
              // (side payments included).
              if (std::find(record.threat_made.begin(), record.threat_made.end(), 1) ==
                  record.threat_made.end()) {
                CHECK(record.utility(i) >= session.parameters().reservation(i) - 1e-9);
              }
            }
          }
        }
      }
    }
  }
}

}  // namespace

TEST_CASE("random sessions of every strategy pair keep the protocol's invariants",
          "[conformance]") {
  const std::vector<std::string> strategies = catalogue_strategies();
  REQUIRE(strategies.size() >= 3);
  int sessions = 0;
  int agreements = 0;
  check_invariants(strategies, 20251119, sessions, agreements);
  // The generator must exercise both branches, or the test proves little.
  CHECK(agreements > sessions / 40);  // short deadlines and the open rule agree rarely
  CHECK(agreements < sessions);
}

}  // namespace parley

namespace parley {

TEST_CASE("random division games under equilibrium play keep the invariants", "[conformance]") {
  // n legislators with own share issues, random δ and reservation utilities,
  // both protocols and all decision rules: every deal divides at most the unit,
  // gives each signer at least its discounted reservation utility, and ends by
  // the deadline.
  Rng rng(77);
  int agreements = 0;
  const char* const rules[] = {"\"unanimity\"", "\"majority\"",
                               "{ rule = \"quota\", quota = 0.6 }"};
  for (int trial = 0; trial < 60; ++trial) {
    const int n = 2 + trial % 5;
    const char* protocol = trial % 2 == 0 ? "alternating_offers" : "random_proposer";
    const char* rule = rules[trial % 3];
    const int max_rounds = 1 + trial % 9;
    std::string text = "[scenario]\nname = \"division\"\n";
    for (int k = 0; k < n; ++k) {
      text += fmt::format(
          "[[issues]]\nid = \"s{}\"\nlabel = \"S\"\nrange = [0.0, 1.0]\nstatus_quo = 0.0\n", k);
    }
    std::string participants;
    for (int k = 0; k < n; ++k) {
      text += fmt::format(
          "[[actors]]\nid = \"p{}\"\nname = \"P\"\ncapability = {}\n"
          "discount_per_round = {{ dist = \"uniform\", min = 0.5, max = 1.0 }}\n"
          "reservation_utility = {}\nstrategy = {{ kind = \"equilibrium\" }}\n",
          k, 0.5 + rng.uniform01(), 0.3 * rng.uniform01());
      std::string ideal = "[actors.ideal]\n";
      std::string salience = "[actors.salience]\n";
      for (int d = 0; d < n; ++d) {
        ideal += fmt::format("s{} = {}\n", d, d == k ? 1.0 : 0.0);
        salience += fmt::format("s{} = {}\n", d, d == k ? 1.0 : 0.0);
      }
      text += ideal + salience;
      participants += fmt::format("{}\"p{}\"", k == 0 ? "" : ", ", k);
    }
    text += fmt::format(
        "[[phases]]\nid = \"split\"\nparticipants = [{}]\nprotocol = \"{}\"\nmax_rounds = {}\n"
        "decision_rule = {}\n",
        participants, protocol, max_rounds, rule);
    const Scenario scenario = parse_scenario(text, "division.toml");
    Session session(scenario);
    for (std::uint64_t replicate = 0; replicate < 5; ++replicate) {
      INFO(fmt::format("trial {} ({}, {}, n = {}, T = {}), replicate {}", trial, protocol, rule, n,
                       max_rounds, replicate));
      const SessionRecord record = session.run(9, 0, replicate);
      CHECK(record.rounds <= max_rounds);
      CHECK(record.outcome.sum() <= 1.0 + 1e-9);
      CHECK((record.outcome.array() >= -1e-12).all());
      if (!record.agreed) continue;
      ++agreements;
      // Under unanimity everyone signs, and can always hold out for its
      // reservation: no share below the discounted reservation utility. (Under
      // majority and quota rules a legislator left out gets 0, and continuation
      // values may fall below reservation utilities.)
      if (trial % 3 != 0) continue;
      for (int k = 0; k < n; ++k) {
        const double share = record.outcome(k);
        if (share > 1e-12) {
          const double discounted =
              std::pow(session.parameters().discount(k), record.round - 1) * share;
          CHECK(discounted >= session.parameters().reservation(k) - 1e-9);
        }
      }
    }
  }
  CHECK(agreements > 100);
}

}  // namespace parley

namespace parley {
namespace {

// A strategy defined here, not in the engine: it always proposes its own ideal
// on the issues on the table and accepts any offer worth its fallback plus a
// margin (its one parameter). Registering it is all it takes to parse it,
// list it and run it.
class Accommodating final : public Strategy {
 public:
  void begin_phase(const Observation& seen) override { set_target(seen); }
  void begin_round(const Observation& seen) override { set_target(seen); }
  double target_utility() const override { return target_; }
  bool propose(const Observation& seen, Rng& /*rng*/, OfferWorkspace& /*workspace*/,
               Eigen::Ref<Eigen::VectorXd> offer) override {
    offer = *seen.status_quo;
    for (int d : seen.issues_on_table) offer(d) = seen.own->ideal(d);
    return true;
  }

 private:
  void set_target(const Observation& seen) {
    target_ = std::min(1.0, seen.fallback + seen.strategy_param(0));
  }
  double target_ = 1.0;
};

constexpr std::array kAccommodatingParams = {
    StrategyParamSpec{"margin", 0.05, 0.0, 0.5, "utility above the fallback it asks of an offer"},
};

std::unique_ptr<Strategy> make_accommodating() { return std::make_unique<Accommodating>(); }

}  // namespace

TEST_CASE("a strategy registered at run time is parsed, made and keeps the invariants",
          "[conformance]") {
  if (find_strategy("accommodating") == nullptr) {
    register_strategy(StrategyInfo{"accommodating", "proposes its ideal, accepts above a margin",
                                   kAccommodatingParams, make_accommodating});
  }
  CHECK_THROWS_AS(register_strategy(StrategyInfo{"accommodating", "again", {}, make_accommodating}),
                  std::invalid_argument);
  CHECK(strategy_names().find("accommodating") != std::string::npos);

  // The parser knows its name and its parameter, with its default and domain.
  const std::string text =
      "[scenario]\nname = \"pair\"\n"
      "[[issues]]\nid = \"a\"\nlabel = \"A\"\nrange = [0.0, 1.0]\nstatus_quo = 0.5\n"
      "[[actors]]\nid = \"x\"\nname = \"X\"\ncapability = 1\nreservation_utility = 0.2\n"
      "strategy = { kind = \"accommodating\", margin = 0.1 }\nideal = { a = 0.0 }\nsalience = { a "
      "= 1.0 }\n"
      "[[actors]]\nid = \"y\"\nname = \"Y\"\ncapability = 1\nreservation_utility = 0.2\n"
      "strategy = { kind = \"accommodating\" }\nideal = { a = 1.0 }\nsalience = { a = 1.0 }\n"
      "[[phases]]\nid = \"talks\"\nparticipants = [\"x\", \"y\"]\n"
      "protocol = \"alternating_offers\"\nmax_rounds = 4\n";
  const Scenario scenario = parse_scenario(text, "pair.toml");
  CHECK(scenario.actors[0].strategy == "accommodating");
  CHECK(scenario.base.strategy_params(0, 0) == 0.1);
  CHECK(scenario.base.strategy_params(1, 0) == 0.05);
  CHECK_THROWS_WITH(
      parse_scenario(text.substr(0, text.find("margin = 0.1")) + "patience = 1" +
                         text.substr(text.find("margin = 0.1") + 12),
                     "pair.toml"),
      Catch::Contains("unknown key `patience` in the accommodating strategy of `x`; expected one "
                      "of: kind, margin"));
  // x proposes 0 (worth 0 to y); y proposes 1, worth 0 to x: no deal is worth a
  // fallback of 0.2 plus the margin, so the talks end at the deadline.
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK_FALSE(record.agreed);
  CHECK(record.rounds == 4);

  // And every pairing with the catalogue's strategies keeps the invariants.
  int sessions = 0;
  int agreements = 0;
  check_invariants({"accommodating", "time_dependent", "transactional"}, 7, sessions, agreements);
  CHECK(agreements > sessions / 40);
  CHECK(agreements < sessions);
}

}  // namespace parley
