// Threats, side payments and shocks, each in a one-round phase small enough to
// derive by hand (strategy/transactional_moves.hpp for when a move pays). With max_rounds = 1 a
// time_dependent responder's target is already its fallback (t/T = 1), and a transactional
// proposer's target is the best the phase can give, so it offers its own ideal.
#include <catch2/catch.hpp>

#include <string>

#include "parsing/scenario_parser.hpp"
#include "simulation/session.hpp"

namespace parley {
namespace {

// Buyer (transactional, ideal 0) and seller (time_dependent, ideal 1, reservation
// 0.3) on one price issue; `extra_buyer` and `extra_file` add instruments/shocks.
std::string market(const std::string& extra_buyer, const std::string& extra_file,
                   const std::string& watcher_ideal = "0.9", const std::string& ratification = "") {
  return R"(
[scenario]
name = "market"
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
)" + extra_buyer +
         R"(
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
reservation_utility = 0.95
strategy = { kind = "time_dependent" }
ideal = { price = )" +
         watcher_ideal + R"( }
salience = { price = 1.0 }
[[phases]]
id = "deal"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 1
)" + ratification +
         extra_file;
}

// The watcher made transactional, with reservation 0.5, holding `instruments`
// (it is not at the table; with `ratification` it ratifies).
std::string with_backer(const std::string& instruments, const std::string& ratification = "") {
  std::string text = market("", "", "0.2", ratification);
  const std::string watcher =
      "reservation_utility = 0.95\nstrategy = { kind = \"time_dependent\" }";
  text.replace(
      text.find(watcher), watcher.size(),
      "reservation_utility = 0.5\nstrategy = { kind = \"transactional\" }\n" + instruments);
  return text;
}

}  // namespace

TEST_CASE("without instruments the seller rejects the buyer's ideal", "[instruments]") {
  // u_seller(0) = 0 < its fallback 0.3.
  const Scenario scenario = parse_scenario(market("", ""), "m.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK_FALSE(record.agreed);
  CHECK(record.utility(1) == 0.3);
}

TEST_CASE("a credible threat makes the target accept what it rejected", "[instruments]") {
  // The buyer offers its ideal, price 0; the seller's believed gap is its
  // reservation 0.3 − u_seller(0) = 0.3. Drop 0.3 at credibility 1 closes it
  // (q = 1), and at the buyer's last turn the threat wins the deal, 1 − 0.2:
  // an ultimatum. The seller's fallback falls to 0 and it accepts; no deal
  // failed, so the threat is not carried out.
  const std::string threat =
      "threats = [ { id = \"tariffs\", target = \"seller\", reservation_drop = 0.3, credibility = "
      "1.0, cost = 0.1 } ]\n";
  const Scenario scenario = parse_scenario(market(threat, ""), "m.toml");
  Session session(scenario);
  std::vector<Move> log;
  session.set_log(&log);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.agreed);
  CHECK(record.outcome(0) == 0.0);
  CHECK(record.threat_made == std::vector<char>{1});
  CHECK(record.threat_carried_out == std::vector<char>{0});
  CHECK(record.threat_backed_down == std::vector<char>{0});
  CHECK(record.utility(0) == 1.0);
  REQUIRE(log.size() >= 4);
  CHECK(log[1].kind == MoveKind::kAgreementZone);  // the analysis, at the phase's start
  CHECK(log[2].kind == MoveKind::kThreat);
  CHECK(log[2].detail == 1);  // with its last offer: an ultimatum
  CHECK(log[3].kind == MoveKind::kOffer);
}

TEST_CASE("a threat that fails is carried out at a cost to both", "[instruments]") {
  // Drop 0.2 at credibility 1: q = 0.2 / 0.3, net = q·0.8 − (1 − q)·0.05 > 0, so
  // it is made; the seller's fallback 0.1 > u_seller(0) = 0, so no deal; the
  // threat is carried out: seller 0.3 − 0.2 = 0.1, buyer 0.2 − 0.05 = 0.15.
  const std::string threat =
      "threats = [ { id = \"tariffs\", target = \"seller\", reservation_drop = 0.2, credibility = "
      "1.0, cost = 0.05 } ]\n";
  const Scenario scenario = parse_scenario(market(threat, ""), "m.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK_FALSE(record.agreed);
  CHECK(record.threat_made == std::vector<char>{1});
  CHECK(record.threat_carried_out == std::vector<char>{1});
  CHECK(record.utility(1) == Approx(0.1).epsilon(0).margin(1e-15));
  CHECK(record.utility(0) == Approx(0.15).epsilon(0).margin(1e-15));
}

TEST_CASE("a threat that cannot close any of the gap is not made", "[instruments]") {
  // Credibility 0: q = 0, so its net gain is −(audience cost) ≤ 0.
  const std::string threat =
      "threats = [ { id = \"bluff\", target = \"seller\", reservation_drop = 0.3, credibility = "
      "0.0 } ]\n";
  const Scenario scenario = parse_scenario(market(threat, ""), "m.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK_FALSE(record.agreed);
  CHECK(record.threat_made == std::vector<char>{0});
  CHECK(record.utility(1) == 0.3);
}

TEST_CASE("a threatener who backs down pays its audience cost", "[instruments]") {
  // Drop 0.2 at credibility 0.5: q = 0.1 / 0.3 = 1/3; net = 0.8/3 − (2/3)(0.5·0.05 + 0.5·0.1)
  // = 0.2167 > 0: made. The seller's fallback 0.3 − 0.1 = 0.2 > 0: no deal. Then a draw
  // decides: carried out (seller 0.1, buyer 0.2 − 0.05) or backed down (seller 0.3, buyer
  // 0.2 − 0.1, the audience cost). Over 200 replicates both happen, about half each.
  const std::string threat =
      "threats = [ { id = \"tariffs\", target = \"seller\", reservation_drop = 0.2, credibility = "
      "0.5, cost = 0.05, audience_cost = 0.1 } ]\n";
  const Scenario scenario = parse_scenario(market(threat, ""), "m.toml");
  Session session(scenario);
  int backed_down = 0;
  for (std::uint64_t r = 0; r < 200; ++r) {
    const SessionRecord record = session.run(1, 0, r);
    REQUIRE_FALSE(record.agreed);
    REQUIRE(record.threat_made == std::vector<char>{1});
    REQUIRE(record.threat_carried_out[0] + record.threat_backed_down[0] == 1);
    if (record.threat_backed_down[0]) {
      ++backed_down;
      CHECK(record.utility(0) == Approx(0.1).epsilon(0).margin(1e-15));
      CHECK(record.utility(1) == 0.3);
    } else {
      CHECK(record.utility(0) == Approx(0.15).epsilon(0).margin(1e-15));
      CHECK(record.utility(1) == Approx(0.1).epsilon(0).margin(1e-15));
    }
  }
  // Binomial(200, 0.5): 99.9% of draws within 100 ± 47.
  CHECK(backed_down > 53);
  CHECK(backed_down < 147);
}

TEST_CASE("an audience cost deters a threat that is unlikely to work", "[instruments]") {
  // As above but audience cost 1: net = 0.8/3 − (2/3)(0.025 + 0.5) = −0.083 < 0.
  const std::string threat =
      "threats = [ { id = \"tariffs\", target = \"seller\", reservation_drop = 0.2, credibility = "
      "0.5, cost = 0.05, audience_cost = 1.0 } ]\n";
  const Scenario scenario = parse_scenario(market(threat, ""), "m.toml");
  Session session(scenario);
  for (std::uint64_t r = 0; r < 20; ++r)
    CHECK(session.run(1, 0, r).threat_made == std::vector<char>{0});
}

TEST_CASE("a side payment sized to the gap buys a ratifier's consent", "[instruments]") {
  // The watcher (ideal 0.2, reservation 0.95) must ratify the buyer's ideal 0:
  // u_w(0) = 0.8, a gap of 0.15. The threat closes the seller's gap (as above);
  // the aid, budget 0.3 at cost 0.1, is attached in the amount 0.15 (plus 1e-9)
  // at cost 0.1 × 0.15 / 0.3 = 0.05: cheaper than conceding 0.15, and the buyer
  // keeps 0.95 ≥ 0.2. Utilities: buyer 1 − 0.05, watcher 0.8 + 0.15.
  const std::string both =
      "threats = [ { id = \"tariffs\", target = \"seller\", reservation_drop = 0.3, credibility = "
      "1.0 } ]\n"
      "side_payments = [ { id = \"aid\", target = \"watcher\", value = 0.3, cost = 0.1 } ]\n";
  const std::string ratify = "ratification = [\"watcher\"]\n";
  const Scenario scenario = parse_scenario(market(both, "", "0.2", ratify), "m.toml");
  Session session(scenario);
  std::vector<Move> log;
  session.set_log(&log);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.agreed);
  CHECK(record.threat_made == std::vector<char>{1, 0});
  CHECK(record.side_payment_offered == std::vector<char>{0, 1});
  CHECK(record.side_payment_paid == std::vector<char>{0, 1});
  CHECK(record.utility(0) == Approx(0.95).epsilon(0).margin(1e-8));
  CHECK(record.utility(2) == Approx(0.95).epsilon(0).margin(1e-8));
  bool logged = false;
  for (const Move& move : log) {
    if (move.kind != MoveKind::kSidePayment) continue;
    logged = true;
    CHECK(move.value == Approx(0.15).epsilon(0).margin(1e-8));
  }
  CHECK(logged);
}

TEST_CASE("a side payment is not used when the budget cannot close the gap or costs more",
          "[instruments]") {
  const std::string ratify = "ratification = [\"watcher\"]\n";
  for (const std::string& aid :
       {// budget 0.1 < the gap 0.15
        std::string("side_payments = [ { id = \"aid\", target = \"watcher\", value = 0.1, "
                    "cost = 0.01 } ]\n"),
        // 0.15 of a 0.3 budget at cost 0.4 costs 0.2 > 0.15: conceding is cheaper
        std::string("side_payments = [ { id = \"aid\", target = \"watcher\", value = 0.3, "
                    "cost = 0.4 } ]\n")}) {
    std::string text = market(aid, "", "0.2", ratify);
    text.replace(text.find("reservation_utility = 0.3"), 25, "reservation_utility = 0.0");
    const Scenario scenario = parse_scenario(text, "m.toml");
    Session session(scenario);
    const SessionRecord record = session.run(1, 0, 0);
    CHECK_FALSE(record.agreed);  // the watcher vetoes
    CHECK(record.side_payment_offered == std::vector<char>{0});
    CHECK(record.vetoed == std::vector<char>{0, 0, 1});
  }
}

TEST_CASE("an absent actor backs an offer with a side payment to its one holdout",
          "[instruments]") {
  // The buyer offers its ideal, price 0; the seller (reservation 0.3) lacks 0.3.
  // The watcher, not at the table, gets u_w(0) = 1 − 0.2 = 0.8 against its
  // fallback 0.5: a stake of 0.3. The seller is the one holdout, so the watcher
  // pays the gap, 0.3 (+1e-9), from a budget of 0.4 at cost 0.1 × 0.3 / 0.4 =
  // 0.075 < 0.3. The seller accepts at 0 + 0.3; the watcher ends at 0.8 − 0.075.
  const Scenario scenario = parse_scenario(
      with_backer("side_payments = [ { id = \"aid\", target = \"seller\", value = 0.4, cost = "
                  "0.1 } ]\n"),
      "m.toml");
  Session session(scenario);
  std::vector<Move> log;
  session.set_log(&log);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.agreed);
  CHECK(record.outcome(0) == 0.0);
  CHECK(record.side_payment_paid == std::vector<char>{1});
  CHECK(record.utility(0) == 1.0);
  CHECK(record.utility(1) == Approx(0.3).epsilon(0).margin(1e-8));
  CHECK(record.utility(2) == Approx(0.725).epsilon(0).margin(1e-8));
  int backing = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (log[i].kind != MoveKind::kSidePayment) continue;
    ++backing;
    CHECK(log[i].actor == 2);  // the watcher pays
    CHECK(log[i].target == 1);
    CHECK(log[i].detail == kBackingMove);
    CHECK(log[i].value == Approx(0.3).epsilon(0).margin(1e-8));
    REQUIRE(i > 0);
    CHECK(log[i - 1].kind == MoveKind::kOffer);  // it follows the buyer's offer
    CHECK(log[i - 1].actor == 0);
  }
  CHECK(backing == 1);
}

TEST_CASE("a ratifier backs an offer with a threat on its one holdout", "[instruments]") {
  // As above, the watcher ratifying: it accepts price 0 itself (0.8 ≥ 0.5), and
  // its threat on the seller (drop 0.3, credibility 1) closes the seller's gap
  // 0.3 for sure: net = 1 × 0.3 > 0. The seller's fallback falls to 0; it
  // accepts; the watcher ratifies; the threat is not carried out.
  const Scenario scenario = parse_scenario(
      with_backer("threats = [ { id = \"embargo\", target = \"seller\", reservation_drop = 0.3, "
                  "credibility = 1.0, cost = 0.1 } ]\n",
                  "ratification = [\"watcher\"]\n"),
      "m.toml");
  Session session(scenario);
  std::vector<Move> log;
  session.set_log(&log);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.agreed);
  CHECK(record.threat_made == std::vector<char>{1});
  CHECK(record.threat_carried_out == std::vector<char>{0});
  CHECK(record.utility(2) == Approx(0.8).epsilon(0).margin(1e-12));
  bool threatened = false;
  for (const Move& move : log) {
    if (move.kind != MoveKind::kThreat) continue;
    threatened = true;
    CHECK(move.actor == 2);
    CHECK(move.detail == kBackingMove);
  }
  CHECK(threatened);
}

TEST_CASE("a backer does not pay more than its stake, nor back an offer it does not want",
          "[instruments]") {
  // Budget 0.4 at cost 0.5: paying 0.3 costs 0.375 > the stake 0.3.
  const std::string dear =
      "side_payments = [ { id = \"aid\", target = \"seller\", value = 0.4, cost = 0.5 } ]\n";
  // The watcher's ideal at 0.9: u_w(0) = 0.1 < its fallback 0.5, no stake.
  std::string unwanted = with_backer(
      "side_payments = [ { id = \"aid\", target = \"seller\", value = 0.4, cost = 0.1 } ]\n");
  unwanted.replace(unwanted.find("ideal = { price = 0.2 }"), 23, "ideal = { price = 0.9 }");
  for (const std::string& text : {with_backer(dear), unwanted}) {
    const Scenario scenario = parse_scenario(text, "m.toml");
    Session session(scenario);
    const SessionRecord record = session.run(1, 0, 0);
    CHECK_FALSE(record.agreed);
    CHECK(record.side_payment_offered == std::vector<char>{0});
  }
}

TEST_CASE("a backer does not act when one move cannot decide the deal", "[instruments]") {
  // The seller and a ratifying skeptic (ideal 1, reservation 0.5: u(0) = 0)
  // both reject price 0. Paying the seller's gap alone decides nothing, so the
  // watcher, with the same stake 0.3 as in the first case, keeps its money.
  std::string text = with_backer(
      "side_payments = [ { id = \"aid\", target = \"seller\", value = 0.4, cost = 0.1 } ]\n",
      "ratification = [\"skeptic\"]\n");
  text += R"(
[[actors]]
id = "skeptic"
name = "Skeptic"
reservation_utility = 0.5
strategy = { kind = "time_dependent" }
ideal = { price = 1.0 }
salience = { price = 1.0 }
)";
  const Scenario scenario = parse_scenario(text, "m.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK_FALSE(record.agreed);
  CHECK(record.side_payment_offered == std::vector<char>{0});
}

TEST_CASE("a shock that is certain changes the parameter it names", "[instruments]") {
  // Probability 1 in round 1: the seller's reservation rises by 0.2 to 0.5 and
  // that is what it gets when there is no deal.
  const std::string shock = R"(
[[shocks]]
id = "embargo"
probability = 1.0
effects = [ { actor = "seller", parameter = "reservation_utility", change = 0.2 } ]
)";
  const Scenario scenario = parse_scenario(market("", shock), "m.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.shock_occurred == std::vector<char>{1});
  CHECK_FALSE(record.agreed);
  CHECK(record.reservation(1) == Approx(0.5).epsilon(0).margin(1e-15));
  CHECK(record.utility(1) == Approx(0.5).epsilon(0).margin(1e-15));
}

TEST_CASE("a shock that cannot happen never does", "[instruments]") {
  const std::string shock = R"(
[[shocks]]
id = "never"
probability = 0.0
effects = [ { actor = "seller", parameter = "salience.price", change = 1.0 } ]
)";
  const Scenario scenario = parse_scenario(market("", shock), "m.toml");
  Session session(scenario);
  for (std::uint64_t r = 0; r < 20; ++r)
    CHECK(session.run(1, 0, r).shock_occurred == std::vector<char>{0});
}

}  // namespace parley
