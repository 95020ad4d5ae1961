// Interim agreements and foresight across phases (simulation/session.hpp:
// set_lookahead; scenario/scenario.hpp: Phase::interim), on two-actor cases
// small enough to derive by hand.
#include <catch2/catch.hpp>

#include <string>

#include "parsing/scenario_parser.hpp"
#include "simulation/session.hpp"

namespace parley {
namespace {

// A buyer and a seller on a price (ideals 0 and 1), each phase one round long.
// Phase 1 bargains over the price; phase 2 is the compromise model, which
// forecasts the capability- and salience-weighted mean of the ideals, 0.5.
std::string two_tables(const std::string& buyer_reservation) {
  return R"(
[scenario]
name = "two tables"
[[issues]]
id = "price"
label = "Price"
range = [0.0, 1.0]
status_quo = 1.0
[[actors]]
id = "buyer"
name = "Buyer"
reservation_utility = )" +
         buyer_reservation + R"(
strategy = { kind = "time_dependent" }
ideal = { price = 0.0 }
salience = { price = 1.0 }
[[actors]]
id = "seller"
name = "Seller"
reservation_utility = 0.3
strategy = { kind = "time_dependent" }
ideal = { price = 1.0 }
salience = { price = 1.0 }
[[phases]]
id = "bilateral"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 1
[[phases]]
id = "forum"
participants = ["buyer", "seller"]
protocol = "compromise"
)";
}

// Two partners on an interim issue they both want (missions, 0 → 1) and a
// price they cannot agree on: saliences 0.2 and 0.8, reservation 0.5 each.
const char* kInterim = R"(
[scenario]
name = "interim"
[[issues]]
id = "missions"
label = "Missions"
range = [0.0, 1.0]
status_quo = 0.0
[[issues]]
id = "price"
label = "Price"
range = [0.0, 1.0]
status_quo = 0.5
[[actors]]
id = "buyer"
name = "Buyer"
reservation_utility = 0.5
strategy = { kind = "time_dependent" }
ideal = { missions = 1.0, price = 0.0 }
salience = { missions = 0.2, price = 0.8 }
[[actors]]
id = "seller"
name = "Seller"
reservation_utility = 0.5
strategy = { kind = "time_dependent" }
ideal = { missions = 1.0, price = 1.0 }
salience = { missions = 0.2, price = 0.8 }
[[phases]]
id = "missions"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 1
issues = ["missions"]
agreement = "interim"
[[phases]]
id = "price"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 1
issues = ["price"]
)";

}  // namespace

TEST_CASE("foresight: a responder refuses a deal worth less than the next table", "[foresight]") {
  // The buyer (reservation 0.6) offers at its fallback in its only turn: price
  // 0.4, worth 0.4 to the seller, above the seller's reservation 0.3. The
  // forum's compromise, 0.5, is worth 0.5 to each, one round later (δ = 1):
  // C_seller = 0.5 > 0.4, so with foresight the seller refuses and gets 0.5;
  // without it, it signs for 0.4 (and the forum, which meets anyway, then
  // moves the price to its compromise).
  const Scenario scenario = parse_scenario(two_tables("0.6"), "t.toml");
  Session myopic(scenario);
  myopic.set_lookahead(false);
  std::vector<Move> log;
  myopic.set_log(&log);
  const SessionRecord signed_early = myopic.run(1, 0, 0);
  CHECK(signed_early.phase_results[0] == PhaseResult::kAgreed);
  bool offered = false;
  for (const Move& move : log) {
    if (move.kind != MoveKind::kOffer || move.phase != 0) continue;
    offered = true;
    CHECK(move.outcome(0) == Approx(0.4).epsilon(0).margin(1e-9));
  }
  CHECK(offered);

  Session foresighted(scenario);
  const SessionRecord waited = foresighted.run(1, 0, 0);
  CHECK(foresighted.continuation_values()(0, 1) == Approx(0.5).epsilon(0).margin(1e-12));
  CHECK(foresighted.continuation_values()(0, 0) == Approx(0.5).epsilon(0).margin(1e-12));
  CHECK(std::isnan(foresighted.continuation_values()(1, 0)));  // the last phase leads nowhere
  CHECK(waited.phase_results[0] == PhaseResult::kDeadline);
  CHECK(waited.phase == 1);
  CHECK(waited.outcome(0) == Approx(0.5).epsilon(0).margin(1e-12));
  CHECK(waited.utility(1) == Approx(0.5).epsilon(0).margin(1e-12));
}

TEST_CASE("foresight changes nothing when the early deal beats the later table", "[foresight]") {
  // Buyer reservation 0.2: it offers price 0.8, worth 0.8 > C = 0.5 to the seller.
  const Scenario scenario = parse_scenario(two_tables("0.2"), "t.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.phase_results[0] == PhaseResult::kAgreed);
}

TEST_CASE("an interim agreement adds its gain to the value of no deal", "[interim]") {
  // Missions table: the status quo is worth 1 − 0.2 − 0.8·0.5 = 0.4 to each, the
  // missions restored 0.6: both sign (fallback at an interim table: the status
  // quo's utility). Its gain, 0.2, raises each value of no deal to 0.5 + 0.2 =
  // 0.7. At the price table u_buyer = 1 − 0.8p and u_seller = 1 − 0.8(1 − p):
  // both ≥ 0.7 needs p ≤ 0.375 and p ≥ 0.625, so no settlement. Each ends
  // with 0.7; the outcome is the status quo as the interim step left it.
  const Scenario scenario = parse_scenario(kInterim, "i.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.phase_results[0] == PhaseResult::kAgreed);
  CHECK(record.phase_results[1] == PhaseResult::kDeadline);
  CHECK_FALSE(record.agreed);  // an interim step is not a settlement
  CHECK(record.outcome(0) == 1.0);
  CHECK(record.outcome(1) == 0.5);
  CHECK(record.utility(0) == Approx(0.7).epsilon(0).margin(1e-12));
  CHECK(record.utility(1) == Approx(0.7).epsilon(0).margin(1e-12));
}

}  // namespace parley
