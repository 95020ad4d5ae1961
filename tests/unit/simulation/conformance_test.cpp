// Conformance (design.md conventions 11): random sessions of every strategy
// pair terminate by the deadline, utilities stay in [0, 1], and no signed deal
// breaks a signer's red line or gives a signer less than its reservation utility.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "core/random.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/session.hpp"
#include "utility/utility.hpp"

namespace parley {
namespace {

const char* const kStrategies[] = {"time_dependent", "tit_for_tat", "transactional"};

// A random scenario: `n` actors, 3 issues (one discrete), one phase among all
// but the last actor (who must ratify), unanimity, red lines that each actor's
// own ideal satisfies.
std::string random_scenario(Rng& rng, int n, const char* first, const char* others, int max_rounds,
                            const char* protocol) {
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
    const char* kind = i == 0 ? first : others;
    text += fmt::format("strategy = {{ kind = \"{}\" }}\n", kind);
    if (i == 0 && std::string(kind) == "transactional") {
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

}  // namespace

TEST_CASE("random sessions of every strategy pair keep the protocol's invariants",
          "[conformance]") {
  Rng scenario_rng(20251119);
  int agreements = 0;
  int sessions = 0;
  for (const char* protocol : {"alternating_offers", "random_proposer", "random_proposer_open"}) {
    for (const char* first : kStrategies) {
      for (const char* others : kStrategies) {
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
            model.reset(session.parameters(), scenario.spans());
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
