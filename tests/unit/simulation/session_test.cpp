#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>

#include "parsing/scenario_parser.hpp"
#include "record/record_schema.hpp"
#include "simulation/session.hpp"

namespace parley {
namespace {

// Buyer (ideal 0) and seller (ideal 1) on one issue, both linear time-dependent
// (e = 1), reservation 0, no discounting, 3 rounds; a third actor may ratify.
std::string bilateral(const std::string& phases, double ratifier_reservation = 0.0) {
  return R"(
[scenario]
name = "bilateral"
[[issues]]
id = "price"
label = "Price"
range = [0.0, 1.0]
status_quo = 0.2
[[actors]]
id = "buyer"
name = "Buyer"
strategy = { kind = "time_dependent", exponent = 1.0 }
ideal = { price = 0.0 }
salience = { price = 1.0 }
[[actors]]
id = "seller"
name = "Seller"
strategy = { kind = "time_dependent", exponent = 1.0 }
ideal = { price = 1.0 }
salience = { price = 1.0 }
[[actors]]
id = "watcher"
name = "Watcher"
reservation_utility = )" +
         std::to_string(ratifier_reservation) + R"(
strategy = { kind = "time_dependent" }
ideal = { price = 0.9 }
salience = { price = 1.0 }
)" + phases;
}

const std::string kOnePhase = R"(
[[phases]]
id = "talks"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 3
)";

}  // namespace

TEST_CASE("with three rounds the buyer proposes last, and the seller takes its opening offer",
          "[session]") {
  // Ståhl (1972): with a known last round and no discounting, the last proposer
  // takes everything. The buyer proposes in rounds 1 and 3, the seller in round 2.
  // Round 1: the buyer (time used 0 of its turns 1…3) offers its ideal 0. The
  // seller's next offer would come on its last turn (round 2), where its target
  // has reached its fallback 0: the opening offer is no worse (AC_next), so it
  // accepts at once.
  const Scenario scenario = parse_scenario(bilateral(kOnePhase), "b.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.agreed);
  CHECK(record.phase == 0);
  CHECK(record.round == 1);
  CHECK(record.offers == 1);
  CHECK(record.outcome(0) == Approx(0.0).epsilon(0).margin(1e-12));
  CHECK(record.utility(0) == Approx(1.0).epsilon(0).margin(1e-12));
  CHECK(record.utility(1) == Approx(0.0).epsilon(0).margin(1e-12));
  CHECK(record.utility(2) == Approx(0.1).epsilon(0).margin(1e-12));  // watcher: 1 − |0 − 0.9|
  CHECK(record.breakdown_reason().empty());
}

TEST_CASE("with four rounds the seller proposes last and gets two thirds", "[session]") {
  // The seller proposes in rounds 2 and 4. Round 1: the seller's next offer
  // (round 2, time 1/3 of its turns 1…4) is at target 2/3, so it rejects the
  // buyer's 0. Round 2: it offers x = 2/3; the buyer's next offer would come on
  // its last turn (round 3) at its fallback 0, so 1/3 is better and it accepts.
  // Who proposes last, not the parity as such, moves the split.
  std::string text = bilateral(kOnePhase);
  text.replace(text.find("max_rounds = 3"), 14, "max_rounds = 4");
  const Scenario scenario = parse_scenario(text, "b.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.agreed);
  CHECK(record.round == 2);
  CHECK(record.offers == 2);
  CHECK(record.outcome(0) == Approx(2.0 / 3.0).epsilon(0).margin(1e-12));
  CHECK(record.utility(0) == Approx(1.0 / 3.0).epsilon(0).margin(1e-12));
  CHECK(record.utility(1) == Approx(2.0 / 3.0).epsilon(0).margin(1e-12));
}

TEST_CASE("a ratifier whose fallback beats the deal vetoes it and the talks move on", "[session]") {
  const std::string phases = R"(
[[phases]]
id = "exploratory"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 3
ratification = ["watcher"]
on_veto = "next_phase"
[[phases]]
id = "full"
participants = ["buyer", "seller", "watcher"]
protocol = "alternating_offers"
max_rounds = 1
)";
  // Exploratory: the 0.5 deal gives the watcher 0.6 < its reservation 0.8: veto.
  // Full talks have one round, so every target is at its fallback (0, 0, 0.8). The
  // buyer concedes all the way to the others' compromise point, weighted by
  // capability × salience: (1·1 + 0.9·1)/2 = 0.95, worth 0.05 ≥ 0 to it, 0.95 to
  // the seller and 0.95 ≥ 0.8 to the watcher: all accept in round 1.
  const Scenario scenario = parse_scenario(bilateral(phases, 0.8), "b.toml");
  Session session(scenario);
  session.set_lookahead(
      false);  // myopic: the phase mechanics alone (foresight: phases_foresight_test.cpp)
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.agreed);
  CHECK(record.phase == 1);
  CHECK(record.round == 1);
  CHECK(record.vetoed == std::vector<char>{0, 0, 1});
  CHECK(record.phase_results ==
        std::vector<PhaseResult>{PhaseResult::kVetoed, PhaseResult::kAgreed});
  CHECK(record.outcome(0) == Approx(0.95).epsilon(0).margin(1e-12));
  CHECK(record.utility(0) == Approx(0.05).epsilon(0).margin(1e-12));
}

TEST_CASE("traders whose reservation utilities leave no zone of agreement reach the deadline",
          "[session]") {
  // Buyer needs x ≤ 0.1, seller x ≥ 0.9 (reservation 0.9 each): no offer passes.
  std::string text = bilateral(kOnePhase);
  for (const std::string name : {"name = \"Buyer\"\n", "name = \"Seller\"\n"}) {
    text.insert(text.find(name) + name.size(), "reservation_utility = 0.9\n");
  }
  const Scenario scenario = parse_scenario(text, "b.toml");
  REQUIRE(scenario.base.reservation(0) == 0.9);
  REQUIRE(scenario.base.reservation(1) == 0.9);
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK_FALSE(record.agreed);
  CHECK(record.offers == 3);
  CHECK(record.rounds == 3);
  CHECK(record.phase_results == std::vector<PhaseResult>{PhaseResult::kDeadline});
  CHECK(record.breakdown_reason() == "deadline");
  CHECK(record.outcome(0) == 0.2);  // the status quo
  CHECK(record.utility(0) == 0.9);  // no deal: reservation utilities
  // u_buyer + u_seller = 1 < 0.9 + 0.9: no zone of agreement. The buyer proposes last
  // (round 3), and the seller refuses it.
  CHECK(record.zone_of_agreement == 0);
  CHECK(record.blocked == std::vector<char>{0, 1, 0});
  CHECK(std::isnan(record.pareto_slack));
  CHECK(std::isnan(record.nash_distance));
}

TEST_CASE("a veto with on_veto = breakdown ends the talks", "[session]") {
  const std::string phases = R"(
[[phases]]
id = "exploratory"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 3
ratification = ["watcher"]
on_veto = "breakdown"
[[phases]]
id = "full"
participants = ["buyer", "seller", "watcher"]
protocol = "alternating_offers"
max_rounds = 5
)";
  const Scenario scenario = parse_scenario(bilateral(phases, 0.8), "b.toml");
  Session session(scenario);
  session.set_lookahead(
      false);  // myopic: the phase mechanics alone (foresight: phases_foresight_test.cpp)
  const SessionRecord record = session.run(1, 0, 0);
  CHECK_FALSE(record.agreed);
  CHECK(record.phase_results ==
        std::vector<PhaseResult>{PhaseResult::kVetoed, PhaseResult::kNotReached});
  CHECK(record.breakdown_reason() == "veto");
  // The deal failed although one existed: the watcher (1 − |x − 0.9| > 0.8 for
  // 0.7 < x < 1), the buyer (1 − x > 0) and the seller (x > 0) all prefer any x in
  // (0.7, 1) to no deal, and no one has a red line. The watcher blocked the deal.
  CHECK(record.zone_of_agreement == 1);
  CHECK(record.blocked == std::vector<char>{0, 0, 1});
  CHECK(std::isnan(record.pareto_slack));  // no agreement to analyse
  // Without the analysis the zone is not looked for; who blocked is still recorded.
  session.set_analysis(false);
  const SessionRecord plain = session.run(1, 0, 0);
  CHECK(plain.zone_of_agreement == -1);
  CHECK(plain.blocked == record.blocked);
}

TEST_CASE("an agreed replicate has a zone, no blocker and a Pareto slack of 0 on one issue",
          "[session]") {
  // The traders' one-issue split: every outcome is efficient (slack 0). The
  // three-round deal is x = 0 (see above); the Nash point with fallbacks 0 is 0.5.
  const Scenario scenario = parse_scenario(bilateral(kOnePhase), "b.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  REQUIRE(record.agreed);
  CHECK(record.zone_of_agreement == 1);
  CHECK(record.blocked == std::vector<char>{0, 0, 0});
  CHECK(record.pareto_slack == Approx(0.0).epsilon(0).margin(1e-9));
  CHECK(record.nash_distance == Approx(0.5).epsilon(0).margin(1e-6));
}

TEST_CASE("an agreement becomes the next phase's status quo and fallback", "[session]") {
  const std::string phases = kOnePhase + R"(
[[phases]]
id = "second"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 1
)";
  // Phase 1 ends at 0 (see above), which becomes phase 2's status quo and sets the
  // fallbacks: 1 for the buyer, 0 for the seller. Phase 2 has one round, so the
  // targets are at the fallbacks at once: the buyer proposes 0 again (the only
  // point worth 1 to it) and the seller, worth its fallback, accepts.
  const Scenario scenario = parse_scenario(bilateral(phases), "b.toml");
  Session session(scenario);
  session.set_lookahead(
      false);  // myopic: the phase mechanics alone (foresight: phases_foresight_test.cpp)
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.agreed);
  CHECK(record.phase == 1);
  CHECK(record.round == 1);
  CHECK(record.outcome(0) == Approx(0.0).epsilon(0).margin(1e-12));
  CHECK(record.utility(0) == Approx(1.0).epsilon(0).margin(1e-12));
  CHECK(record.phase_results ==
        std::vector<PhaseResult>{PhaseResult::kAgreed, PhaseResult::kAgreed});
}

TEST_CASE("a replicate is the same whenever it runs and differs from the next", "[session]") {
  std::string uncertain = bilateral(kOnePhase);
  uncertain.replace(uncertain.find("max_rounds = 3"), 14, "max_rounds = 12");
  uncertain.replace(uncertain.find("exponent = 1.0"), 14,
                    "exponent = { dist = \"uniform\", min = 0.2, max = 3.0 }");
  const Scenario scenario = parse_scenario(uncertain, "b.toml");
  Session first(scenario);
  Session second(scenario);
  const SessionRecord a = first.run(5, 0, 17);
  (void)second.run(5, 0, 3);  // a different history on this session object
  const SessionRecord b = second.run(5, 0, 17);
  CHECK(first_difference(a, b) == "");
  // Different replicates draw different exponents and so end differently.
  std::set<double> outcomes;
  for (std::uint64_t r = 0; r < 10; ++r) outcomes.insert(first.run(5, 0, r).outcome(0));
  CHECK(outcomes.size() > 3);
}

TEST_CASE("an opening offer reveals the proposer's ideal to the others", "[session]") {
  // Perception noise blurs what each trader believes of the other's ideal. With
  // belief_update = 1 an offer in round 1 (nothing of the phase used yet) pulls
  // the belief all the way to it, and the buyer's first offer is its ideal 0 (its
  // last turn is round 3). The seller's offer in round 2 of 3 pulls halfway, so
  // the buyer still sees the seller through noise; the buyer's offer in round 3
  // pulls nothing.
  std::string text = bilateral(kOnePhase);
  text.insert(text.find("[[issues]]"), "[uncertainty]\nperception_sd = 0.2\nbelief_update = 1.0\n");
  for (const std::string name : {"name = \"Buyer\"\n", "name = \"Seller\"\n"}) {
    text.insert(text.find(name) + name.size(), "reservation_utility = 0.9\n");  // no deal
  }
  // An interior ideal for the seller, so that noise is not clamped onto the truth.
  text.replace(text.find("ideal = { price = 1.0 }"), 23, "ideal = { price = 0.8 }");
  const Scenario scenario = parse_scenario(text, "b.toml");
  Session session(scenario);
  const SessionRecord record = session.run(3, 0, 0);
  REQUIRE_FALSE(record.agreed);
  CHECK(session.beliefs(1)(0, 0) == 0.0);  // the seller now knows the buyer's ideal
  CHECK(session.beliefs(0)(1, 0) != 0.8);  // the buyer still misreads the seller's
  CHECK(session.beliefs(0)(0, 0) == 0.0);  // everyone knows its own ideal
}

}  // namespace parley

namespace parley {

TEST_CASE("under the open rule a proposal waits for a member to move the question", "[session]") {
  // Three legislators on one issue, only `a` is ever recognised (recognition
  // 1/0/0), majority rule, linear time-dependent targets over 3 rounds.
  // Round 1: `a` proposes its ideal 0; nothing is voted yet (open rule).
  // Round 2: `a` would accept its own proposal (u = 1 ≥ its target 0.5), so it
  // moves the question; b and c (ideal 1, u = 0 < 0.5) vote it down.
  // Round 3: `a` proposes again (target 0: the others' compromise point, 1), and
  // the deadline passes before anyone can move the question.
  const std::string text = R"(
[scenario]
name = "open rule"
[[issues]]
id = "x"
label = "X"
range = [0.0, 1.0]
status_quo = 0.5
[[actors]]
id = "a"
name = "A"
strategy = { kind = "time_dependent" }
ideal = { x = 0.0 }
salience = { x = 1.0 }
[[actors]]
id = "b"
name = "B"
strategy = { kind = "time_dependent" }
ideal = { x = 1.0 }
salience = { x = 1.0 }
[[actors]]
id = "c"
name = "C"
strategy = { kind = "time_dependent" }
ideal = { x = 1.0 }
salience = { x = 1.0 }
[[phases]]
id = "floor"
participants = ["a", "b", "c"]
protocol = "random_proposer"
amendment_rule = "open"
recognition = { a = 1.0, b = 0.0, c = 0.0 }
max_rounds = 3
decision_rule = "majority"
)";
  const Scenario scenario = parse_scenario(text, "open.toml");
  Session session(scenario);
  std::vector<Move> log;
  session.set_log(&log);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK_FALSE(record.agreed);
  CHECK(record.offers == 2);
  CHECK(record.phase_results == std::vector<PhaseResult>{PhaseResult::kDeadline});
  std::vector<MoveKind> kinds;
  for (const Move& move : log) kinds.push_back(move.kind);
  CHECK(kinds == std::vector<MoveKind>{MoveKind::kPhaseStart, MoveKind::kAgreementZone,
                                       MoveKind::kOffer, MoveKind::kReject, MoveKind::kReject,
                                       MoveKind::kOffer, MoveKind::kPhaseEnd});
  // The last proposal put to a vote (a's, moved in round 2) was refused by b and c;
  // a's offer of round 3 was never voted on.
  CHECK(record.blocked == std::vector<char>{0, 1, 1});
  // The same phase under the closed rule votes at once: a's ideal is rejected in
  // round 1; in round 2 every target is 0.5, a offers the point worth 0.5 to it,
  // x = 0.5, worth 0.5 to b and c too: they accept.
  std::string closed = text;
  closed.replace(closed.find("amendment_rule = \"open\"\n"), 24, "");
  const Scenario closed_scenario = parse_scenario(closed, "closed.toml");
  Session closed_session(closed_scenario);
  const SessionRecord closed_record = closed_session.run(1, 0, 0);
  CHECK(closed_record.agreed);
  CHECK(closed_record.round == 2);
  CHECK(closed_record.outcome(0) == Approx(0.5).epsilon(0).margin(1e-12));
}

}  // namespace parley
