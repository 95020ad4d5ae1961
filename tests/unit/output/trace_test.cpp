#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "output/trace.hpp"
#include "parsing/scenario_parser.hpp"
#include "record/record_schema.hpp"
#include "simulation/session.hpp"
#include "simulation/trace_replicate.hpp"
#include "strategy/strategy.hpp"

namespace parley {
namespace {

// Buyer (ideal 0) and seller (ideal 1) on one issue, both linear time-dependent
// (e = 1), reservation 0, no discounting, 4 rounds (session_test.cpp's traders).
// `extra` is spliced into the seller's table.
std::string bilateral(const std::string& seller_extra = "") {
  return R"(
[scenario]
name = "bilateral"
[[issues]]
id = "price"
label = "Price of the asset"
unit = "share of the surplus to the seller"
range = [0.0, 1.0]
status_quo = 0.2
ends = ["all to the buyer", "all to the seller"]
[[actors]]
id = "buyer"
name = "Buyer"
strategy = { kind = "time_dependent", exponent = 1.0 }
ideal = { price = 0.0 }
salience = { price = 1.0 }
[[actors]]
id = "seller"
name = "Seller"
)" + seller_extra +
         R"(
strategy = { kind = "time_dependent", exponent = 1.0 }
ideal = { price = 1.0 }
salience = { price = 1.0 }
[[phases]]
id = "talks"
label = "Talks over the price"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 4
)";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string text_of(const Scenario& scenario, const ReplicateTrace& trace, bool color = false) {
  std::ostringstream out;
  write_trace_text(out, scenario, trace, TraceStyle{color});
  return out.str();
}

Scenario load(const std::string& name) {
  return load_scenario(std::string(PARLEY_SOURCE_DIR) + "/scenarios/" + name + ".toml");
}

}  // namespace

TEST_CASE("the traders' run is told round by round: the seller, proposing last, gets more",
          "[trace]") {
  // Four rounds: the buyer proposes in rounds 1 and 3, the seller in 2 and 4.
  // Round 1: the buyer offers its ideal 0, worth 0 to the seller, whose own next
  // offer (round 2, time 1/3 of its turns 1…4) is at target 2/3: it rejects.
  // Round 2: the seller offers 2/3, worth 1/3 to the buyer, whose next offer
  // would come on its last turn, at its fallback 0: it accepts (AC_next;
  // session_test.cpp derives the same).
  const Scenario scenario = parse_scenario(bilateral(), "b.toml");
  const ReplicateTrace trace = trace_replicate(scenario, 1, 0);
  const std::vector<std::string> expected = {
      "bilateral — seed 1, replicate 0, move by move",
      "",
      "Actors, with their reservation utility (the value of no deal, as drawn in this replicate):",
      "  Buyer   0.00",
      "  Seller  0.00",
      "Issues, with the status quo:",
      "  price — Price of the asset: status quo 0.2 share of the surplus to the seller; range 0 "
      "to 1 (0: all to the buyer; 1: all to the seller)",
      "",
      "Utilities run from 0 to 1 (1: the actor's ideal outcome). At the table an actor",
      "accepts an offer worth at least its value of no deal (delay discounts both alike)",
      "and its target: what its own next offer would give it, less the cost of waiting",
      "for it; an offer that breaks one of its red lines it refuses. An actor who must",
      "ratify checks the value of no deal and the red lines.",
      "",
      "Phase 1 — Talks over the price (Buyer and Seller at the table)",
      "  On the table: price · alternating offers, at most 4 rounds · every participant must "
      "accept",
      "Round 1 · Buyer proposes: price 0 share of the surplus to the seller",
      "  Seller rejects (utility 0.00 below its target 0.67)",
      "Round 2 · Seller proposes: price 0.67 share of the surplus to the seller",
      "  Buyer accepts (utility 0.33)",
      "Phase 1 ends: agreed in round 2. The deal stands.",
      "",
      "Outcome: agreement in phase 1 (Talks over the price), round 2.",
      "  price  0.67 share of the surplus to the seller",
      "Utilities, and the gain over each reservation utility:",
      "  Buyer   0.33  +0.33 (reservation 0.00)",
      "  Seller  0.67  +0.67 (reservation 0.00)",
  };
  CHECK(lines_of(text_of(scenario, trace)) == expected);
}

TEST_CASE("colour marks round headers, accepts and rejections only when asked", "[trace]") {
  const Scenario scenario = parse_scenario(bilateral(), "b.toml");
  const ReplicateTrace trace = trace_replicate(scenario, 1, 0);
  CHECK(text_of(scenario, trace).find('\033') == std::string::npos);
  const std::string colored = text_of(scenario, trace, true);
  CHECK(colored.find("\033[1mRound 1 · Buyer proposes") != std::string::npos);
  CHECK(colored.find("  \033[32mBuyer accepts (utility 0.33)\033[0m") != std::string::npos);
  CHECK(colored.find("  \033[31mSeller rejects") != std::string::npos);
}

TEST_CASE("the JSON lines of the traders' run hold every event with its values", "[trace]") {
  const Scenario scenario = parse_scenario(bilateral(), "b.toml");
  std::ostringstream out;
  write_trace_jsonl(out, scenario, trace_replicate(scenario, 1, 0));
  std::vector<nlohmann::json> events;
  for (const std::string& line : lines_of(out.str())) events.push_back(nlohmann::json::parse(line));
  std::vector<std::string> kinds;
  for (const auto& event : events) kinds.push_back(event.at("event"));
  CHECK(kinds == std::vector<std::string>{"session", "phase_start", "agreement_zone", "offer",
                                          "response", "offer", "response", "phase_end", "outcome"});
  // Keys in the documented order (ordered_json), not alphabetical.
  CHECK(lines_of(out.str())[0].rfind(
            R"({"event":"session","scenario":"bilateral","seed":1,"replicate":0,"issues":[)", 0) ==
        0);
  const auto& session = events[0];
  CHECK(session["issues"][0]["id"] == "price");
  CHECK(session["issues"][0]["unit"] == "share of the surplus to the seller");
  CHECK(session["issues"][0]["min"] == 0.0);
  CHECK(session["issues"][0]["max"] == 1.0);
  CHECK(session["issues"][0]["options"].empty());
  CHECK(session["actors"][1]["id"] == "seller");
  CHECK(session["actors"][1]["name"] == "Seller");
  CHECK(session["actors"][1]["reservation_utility"] == 0.0);
  CHECK(session["status_quo"] == nlohmann::json::array({0.2}));
  CHECK(events[1]["phase"] == "talks");
  CHECK(events[1]["participants"] == nlohmann::json::array({"buyer", "seller"}));
  CHECK(events[1]["ratifiers"].empty());
  CHECK(events[1]["protocol"] == "alternating_offers");
  // The analysis: fallbacks 0 and 0 leave the whole split as a zone of agreement,
  // whose symmetric Nash point is 0.5 (bargaining_solutions_test.cpp).
  CHECK(events[2]["phase"] == "talks");
  CHECK(events[2]["exists"] == true);
  CHECK(events[2]["required"] == nlohmann::json::array({"buyer", "seller"}));
  CHECK(events[2]["fallbacks"]["seller"] == 0.0);
  CHECK(events[2]["nash_point"][0].get<double>() == Approx(0.5).margin(1e-6));
  CHECK(events[2]["nash_utilities"]["buyer"].get<double>() == Approx(0.5).margin(1e-6));
  // Round 1: the buyer's ideal, worth 1 to it and 0 to the seller, rejected below target 2/3.
  CHECK(events[3]["round"] == 1);
  CHECK(events[3]["actor"] == "buyer");
  CHECK(events[3]["offer"] == nlohmann::json::array({0.0}));
  CHECK(events[3]["utilities"]["buyer"] == 1.0);
  CHECK(events[3]["utilities"]["seller"] == 0.0);
  CHECK(events[4]["actor"] == "seller");
  CHECK(events[4]["to"] == "buyer");
  CHECK(events[4]["accepted"] == false);
  CHECK(events[4]["reason"] == "below_target");
  CHECK(events[4]["threshold"].get<double>() == Approx(2.0 / 3.0).margin(1e-12));
  CHECK(events[4]["red_line"].is_null());
  // Round 2: the seller's 2/3, accepted by the buyer (to 1e-12: a concession
  // path, not a closed form in the code).
  CHECK(events[5]["actor"] == "seller");
  CHECK(events[5]["offer"][0].get<double>() == Approx(2.0 / 3.0).margin(1e-12));
  CHECK(events[6]["accepted"] == true);
  CHECK(events[6]["reason"] == "accepted");
  CHECK(events[6]["threshold"].is_null());
  CHECK(events[6]["utility"].get<double>() == Approx(1.0 / 3.0).margin(1e-12));
  CHECK(events[7]["round"] == 2);
  CHECK(events[7]["result"] == "agreed");
  const auto& outcome = events[8];
  CHECK(outcome["agreed"] == true);
  CHECK(outcome["phase"] == "talks");
  CHECK(outcome["round"] == 2);
  CHECK(outcome["outcome"][0].get<double>() == Approx(2.0 / 3.0).margin(1e-12));
  CHECK(outcome["gains"]["buyer"].get<double>() == Approx(1.0 / 3.0).margin(1e-12));
  CHECK(outcome["gains"]["seller"].get<double>() == Approx(2.0 / 3.0).margin(1e-12));
  CHECK(outcome["reservation"]["buyer"] == 0.0);
  // One issue: every split is Pareto-efficient; the deal lies 2/3 − 1/2 from the Nash point.
  CHECK(outcome["blocked_by"].empty());
  CHECK(outcome["zone_of_agreement"] == true);
  CHECK(outcome["pareto_slack"].get<double>() == Approx(0.0).margin(1e-9));
  CHECK(outcome["nash_distance"].get<double>() == Approx(1.0 / 6.0).margin(1e-6));
}

TEST_CASE("a failed replicate ends by telling why there was no deal", "[trace]") {
  // The traders and a watcher (ideal 0.9, reservation 0.8) who must ratify; a veto
  // ends the talks. The buyer opens at its ideal 0, which the seller accepts (its
  // next offer would come on its last turn, at its fallback 0) and the watcher
  // vetoes (1 − 0.9 = 0.1 < 0.8). Yet every x in (0.7, 1) gives all three more than
  // their fallbacks: the symmetric Nash point maximises x (1 − x)(x − 0.7), at
  // x = (3.4 + √3.16) / 6 = 0.8629, worth 0.14, 0.86 and 0.96.
  std::string text = bilateral();
  text.replace(text.find("[[phases]]"), std::string::npos, R"([[actors]]
id = "watcher"
name = "Watcher"
reservation_utility = 0.8
strategy = { kind = "time_dependent" }
ideal = { price = 0.9 }
salience = { price = 1.0 }
[[phases]]
id = "talks"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 3
ratification = ["watcher"]
on_veto = "breakdown"
)");
  const Scenario scenario = parse_scenario(text, "b.toml");
  const ReplicateTrace trace = trace_replicate(scenario, 1, 0);
  REQUIRE_FALSE(trace.record.agreed);
  std::vector<std::string> lines = lines_of(text_of(scenario, trace));
  REQUIRE(lines.size() > 5);
  lines.erase(lines.begin(), lines.end() - 5);
  CHECK(lines ==
        std::vector<std::string>{
            "",
            "Why no deal:",
            "  At the start of phase 1 (talks) a deal existed: an outcome that kept the red lines "
            "of Buyer, Seller and Watcher, whose acceptance was required, and that each of them "
            "preferred to no deal. The symmetric Nash point among them would give Buyer 0.14, "
            "Seller 0.86 and Watcher 0.96 (fallbacks: Buyer 0.00, Seller 0.00 and Watcher 0.80).",
            "  The last proposal put to a vote, Buyer's in round 1 of phase 1, was refused by "
            "Watcher (utility 0.10 below its reservation utility 0.80).",
            "  A veto ended the talks (phase 1, round 1).",
        });

  // Reservation utilities 0.9 and 0.9 leave no zone (u_buyer + u_seller = 1 < 1.8):
  // four rounds, the seller proposes last and the buyer refuses.
  std::string both = bilateral("reservation_utility = 0.9\n");  // the seller's
  const std::string buyer = "name = \"Buyer\"\n";
  both.insert(both.find(buyer) + buyer.size(), "reservation_utility = 0.9\n");
  const Scenario apart = parse_scenario(both, "b.toml");
  const ReplicateTrace deadlock = trace_replicate(apart, 1, 0);
  REQUIRE_FALSE(deadlock.record.agreed);
  lines = lines_of(text_of(apart, deadlock));
  REQUIRE(lines.size() > 4);
  lines.erase(lines.begin(), lines.end() - 4);
  CHECK(lines == std::vector<std::string>{
                     "Why no deal:",
                     "  At the start of phase 1 (Talks over the price) no deal existed: no "
                     "outcome kept the red lines of Buyer and Seller, whose acceptance was "
                     "required, and gave each of them more than its fallback (Buyer 0.90 and "
                     "Seller 0.90).",
                     "  The last proposal put to a vote, Seller's in round 4 of phase 1, was "
                     "refused by Buyer (utility 0.10 below its reservation utility 0.90).",
                     "  The deadline ended the talks (phase 1, after round 4).",
                 });
}

TEST_CASE("rejections and vetoes give their reason: red line, fallback, target", "[trace]") {
  // A hand-made log: the narration reads the moves, not the strategies.
  const Scenario scenario =
      parse_scenario(bilateral("red_lines = [\"price >= 0.6\"]\ndiscount_per_round = 0.9\n"
                               "reservation_utility = 0.4\n"),
                     "b.toml");
  ReplicateTrace trace;
  trace.seed = 3;
  trace.drawn = scenario.base;
  auto move = [](MoveKind kind, int round, int actor, int target, Verdict verdict, double value) {
    Move m{0, round, kind, actor, target, static_cast<int>(verdict), value};
    return m;
  };
  trace.moves.push_back({0, 0, MoveKind::kPhaseStart});
  Move offer{0, 1, MoveKind::kOffer, 0};
  offer.outcome = Eigen::VectorXd::Constant(1, 0.3);
  trace.moves.push_back(offer);
  Move red = move(MoveKind::kReject, 1, 1, 0, Verdict::kRedLine, 0.3);
  red.detail = 0;
  trace.moves.push_back(red);
  Move low = move(MoveKind::kReject, 3, 1, 0, Verdict::kBelowFallback, 0.35);
  low.threshold = 0.4;  // delay discounts deal and fallback alike: no "after delay"
  trace.moves.push_back(low);
  Move short_of_target = move(MoveKind::kReject, 3, 1, 0, Verdict::kBelowTarget, 0.45);
  short_of_target.threshold = 0.5;
  trace.moves.push_back(short_of_target);
  Move veto = move(MoveKind::kVeto, 3, 1, -1, Verdict::kBelowFallback, 0.399);
  veto.threshold = 0.4;
  trace.moves.push_back(veto);
  trace.moves.push_back(
      {0, 3, MoveKind::kPhaseEnd, -1, -1, static_cast<int>(PhaseResult::kVetoed)});
  trace.record.phase_results = {PhaseResult::kVetoed};
  trace.record.outcome = scenario.base.status_quo;
  trace.record.utility = scenario.base.reservation;
  trace.record.reservation = scenario.base.reservation;
  const std::string text = text_of(scenario, trace);
  CHECK(text.find("Round 1 · Buyer proposes: price 0.3 share of the surplus to the seller\n"
                  "  Seller rejects: the offer breaks its red line \"price >= 0.6\" (utility "
                  "0.30)\n") != std::string::npos);
  CHECK(text.find("Round 3\n  Seller rejects (utility 0.35 below its reservation utility 0.40)\n"
                  "  Seller rejects (utility 0.45 below its target 0.50)\n") != std::string::npos);
  // 0.399 against 0.4: three decimals tell them apart.
  CHECK(text.find("  Seller vetoes (utility 0.399 below its reservation utility 0.400)\n") !=
        std::string::npos);
  CHECK(text.find("Phase 1 ends: the deal of round 3 is vetoed by Seller. The talks are over.\n") !=
        std::string::npos);
  CHECK(text.find("Outcome: no agreement (the last deal was vetoed); the status quo stands.\n"
                  "  price  0.2 share of the surplus to the seller\n") != std::string::npos);
  std::ostringstream out;
  write_trace_jsonl(out, scenario, trace);
  const auto lines = lines_of(out.str());
  REQUIRE(lines.size() == 9);
  const auto rejected = nlohmann::json::parse(lines[3]);
  CHECK(rejected["reason"] == "red_line");
  CHECK(rejected["red_line"] == "price >= 0.6");
  // Utilities of a logged offer without them come from the drawn parameters.
  CHECK(nlohmann::json::parse(lines[2])["utilities"]["seller"].get<double>() ==
        Approx(0.3).margin(1e-12));
  const auto below_fallback = nlohmann::json::parse(lines[4]);
  CHECK(below_fallback["reason"] == "below_reservation");
  CHECK(below_fallback["threshold"] == 0.4);
  CHECK(nlohmann::json::parse(lines[5])["reason"] == "below_target");
  CHECK(nlohmann::json::parse(lines[5])["threshold"] == 0.5);
  const auto vetoed = nlohmann::json::parse(lines[6]);
  CHECK(vetoed["event"] == "ratification");
  CHECK(vetoed["accepted"] == false);
  CHECK(vetoed["reason"] == "below_reservation");
  CHECK(vetoed["threshold"] == 0.4);
  CHECK(nlohmann::json::parse(lines[8])["phase"].is_null());
}

TEST_CASE("a move log changes no draw and no result", "[trace]") {
  for (const char* name : {"ukraine_2025", "bdm_example", "triangle", "belarus_potash"}) {
    const Scenario scenario = load(name);
    Session plain(scenario);
    Session logged(scenario);
    std::vector<Move> log;
    logged.set_log(&log);
    for (std::uint64_t replicate = 0; replicate < 20; ++replicate) {
      log.clear();
      const SessionRecord a = plain.run(7, 0, replicate);
      const SessionRecord b = logged.run(7, 0, replicate);
      INFO(name << " replicate " << replicate);
      CHECK(first_difference(a, b) == "");
      CHECK_FALSE(log.empty());
    }
  }
}

TEST_CASE("a log records the values a shock leaves and the decision rule's tally", "[trace]") {
  // The narrator tells these as the session recorded them; here they are
  // checked against the drawn parameters, replayed as Session::apply_shocks
  // applies the shocks (ukraine_2025's shocks change no capability).
  Scenario scenario = load("ukraine_2025");
  apply_override(scenario, "shocks.battlefield_gains.probability=0.4");
  int shocks = 0;
  int answers = 0;
  for (std::uint64_t replicate = 0; replicate < 10; ++replicate) {
    const ReplicateTrace trace = trace_replicate(scenario, 3, replicate);
    ModelParameters now = trace.drawn;
    int accepting = 0;
    for (const Move& move : trace.moves) {
      if (move.kind == MoveKind::kShock) {
        ++shocks;
        const Shock& shock = scenario.shocks[static_cast<std::size_t>(move.index)];
        REQUIRE(move.outcome.size() == static_cast<Eigen::Index>(shock.effects.size()));
        for (std::size_t k = 0; k < shock.effects.size(); ++k) {
          const int e = shock.effects[k];
          const ShockEffect& effect = scenario.shock_effects[static_cast<std::size_t>(e)];
          const double change = now.shock_change(e);
          double after = 0.0;
          if (effect.target == ShockEffect::Target::kReservation) {
            after = now.reservation(effect.actor) =
                std::clamp(now.reservation(effect.actor) + change, 0.0, 1.0);
          } else {
            REQUIRE(effect.target == ShockEffect::Target::kSalience);
            after = now.salience(effect.actor, effect.issue) =
                std::max(0.0, now.salience(effect.actor, effect.issue) + change);
          }
          CHECK(move.outcome(static_cast<Eigen::Index>(k)) == after);
        }
      }
      if (move.kind == MoveKind::kOffer || move.kind == MoveKind::kPass) accepting = 1;
      if (move.kind != MoveKind::kAccept && move.kind != MoveKind::kReject) continue;
      ++answers;
      const Phase& phase = scenario.phases[static_cast<std::size_t>(move.phase)];
      if (move.kind == MoveKind::kAccept) ++accepting;
      double capability = 0.0;
      for (int j : phase.participants) capability += now.capability(j);
      CHECK(move.tally.accepting == accepting);
      CHECK(move.tally.capability == capability);
      CHECK(move.tally.accepting_capability <= capability);
    }
  }
  CHECK(shocks > 0);
  CHECK(answers > 0);
}

TEST_CASE("an expected_utility phase logs each model round before its forecast", "[trace]") {
  const Scenario scenario = load("bdm_example");
  const ReplicateTrace trace = trace_replicate(scenario, 1994, 0);
  int model_rounds = 0;
  double mean_sum = 0.0;
  double forecast = 0.0;
  for (const Move& move : trace.moves) {
    if (move.kind == MoveKind::kModelRound) {
      CHECK(move.detail == model_rounds);
      if (move.detail > 0) mean_sum += move.mean;
      ++model_rounds;
    }
    if (move.kind == MoveKind::kOffer) {
      CHECK(move.actor == -1);
      forecast = move.outcome(0);
    }
  }
  CHECK(model_rounds == 11);  // the start and 10 rounds
  // The model's forecast is the mean position averaged over rounds 1–10.
  CHECK(forecast == Approx(mean_sum / 10.0).epsilon(0).margin(1e-12));
  CHECK(text_of(scenario, trace).find("Round 1 · The expected_utility model forecasts: year ") !=
        std::string::npos);
}

TEST_CASE("an offer that trades one issue for another is told as a logroll", "[trace]") {
  // North cares most for tariffs (0.8) and South for quotas (0.8). North, at
  // its fallback 0.75 in its only turn, gives up quotas entirely (loss 0.2) and
  // tariffs by 0.0625 (loss 0.05): it gives on quotas (a full range from its
  // ideal) for tariffs (within a tenth of it).
  const Scenario scenario = parse_scenario(R"(
[scenario]
name = "logroll"
[[issues]]
id = "tariffs"
label = "Tariffs"
range = [0.0, 1.0]
status_quo = 0.5
[[issues]]
id = "quotas"
label = "Quotas"
range = [0.0, 1.0]
status_quo = 0.5
[[actors]]
id = "north"
name = "North"
reservation_utility = 0.75
strategy = { kind = "time_dependent" }
ideal = { tariffs = 0.0, quotas = 0.0 }
salience = { tariffs = 0.8, quotas = 0.2 }
[[actors]]
id = "south"
name = "South"
reservation_utility = 0.5
strategy = { kind = "time_dependent" }
ideal = { tariffs = 1.0, quotas = 1.0 }
salience = { tariffs = 0.2, quotas = 0.8 }
[[phases]]
id = "trade"
participants = ["north", "south"]
protocol = "alternating_offers"
max_rounds = 1
)",
                                           "logroll.toml");
  const std::string text = text_of(scenario, trace_replicate(scenario, 1, 0));
  CHECK(text.find("North proposes: tariffs 0.06; quotas 1 — North gives on quotas for tariffs") !=
        std::string::npos);
}

TEST_CASE("a move made from outside the table is marked as backing in text and JSON lines",
          "[trace]") {
  // The buyer offers price 0 in its only turn; the watcher, not at the table,
  // wants it (0.8 against 0.5) and pays the seller's gap of 0.3 from a budget
  // of 0.4 (strategy/transactional_moves.hpp, choose_backing_moves).
  const Scenario scenario = parse_scenario(R"(
[scenario]
name = "backing"
[[issues]]
id = "price"
label = "Price"
range = [0.0, 1.0]
status_quo = 0.5
[[actors]]
id = "buyer"
name = "Buyer"
reservation_utility = 0.2
strategy = { kind = "transactional" }
ideal = { price = 0.0 }
salience = { price = 1.0 }
[[actors]]
id = "seller"
name = "Seller"
reservation_utility = 0.3
strategy = { kind = "time_dependent" }
ideal = { price = 1.0 }
salience = { price = 1.0 }
[[actors]]
id = "watcher"
name = "Watcher"
reservation_utility = 0.5
strategy = { kind = "transactional" }
side_payments = [ { id = "aid", target = "seller", value = 0.4, cost = 0.1 } ]
ideal = { price = 0.2 }
salience = { price = 1.0 }
[[phases]]
id = "deal"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 1
)",
                                           "backing.toml");
  const ReplicateTrace trace = trace_replicate(scenario, 1, 0);
  CHECK(
      text_of(scenario, trace)
          .find(
              "Watcher backs the offer from outside the table with a side payment for Seller: aid, "
              "worth 0.30 to Seller if the deal stands") != std::string::npos);
  std::ostringstream out;
  write_trace_jsonl(out, scenario, trace);
  int payments = 0;
  for (const std::string& line : lines_of(out.str())) {
    const nlohmann::json event = nlohmann::json::parse(line);
    if (event["event"] != "side_payment") continue;
    ++payments;
    CHECK(event["actor"] == "watcher");
    CHECK(event["target"] == "seller");
    CHECK(event["backing"] == true);
    CHECK(event["value"].get<double>() == Approx(0.3).epsilon(0).margin(1e-8));
  }
  CHECK(payments == 1);
}

}  // namespace parley
