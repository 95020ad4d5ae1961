// Threats, side payments and shocks, each in a one-round phase small enough to
// derive by hand. With max_rounds = 1 a time_dependent responder's target is
// already its fallback (t/T = 1), and a transactional proposer's target is the
// best the phase can give, so it offers its own ideal.
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
  // Drop 0.3 at credibility 1: the seller's fallback falls to 0.3 − 0.3 = 0, and
  // u_seller(0) = 0 ≥ 0: it accepts the buyer's ideal. No deal failed, so the threat
  // is not carried out.
  const std::string threat =
      "threats = [ { id = \"tariffs\", target = \"seller\", reservation_drop = 0.3, credibility = "
      "1.0, "
      "cost = 0.1 } ]\n";
  const Scenario scenario = parse_scenario(market(threat, ""), "m.toml");
  Session session(scenario);
  std::vector<Move> log;
  session.set_log(&log);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.agreed);
  CHECK(record.outcome(0) == 0.0);
  CHECK(record.threat_made == std::vector<char>{1});
  CHECK(record.threat_carried_out == std::vector<char>{0});
  CHECK(record.utility(0) == 1.0);
  REQUIRE(log.size() >= 4);
  CHECK(log[1].kind == MoveKind::kAgreementZone);  // the analysis, at the phase's start
  CHECK(log[2].kind == MoveKind::kThreat);
  CHECK(log[3].kind == MoveKind::kOffer);
}

TEST_CASE("a threat that fails is carried out at a cost to both", "[instruments]") {
  // Drop 0.2 at credibility 1: fallback 0.1 > u_seller(0) = 0, so no deal; the
  // threat is carried out: seller 0.3 − 0.2 = 0.1, buyer 0.2 − 0.05 = 0.15.
  const std::string threat =
      "threats = [ { id = \"tariffs\", target = \"seller\", reservation_drop = 0.2, credibility = "
      "1.0, "
      "cost = 0.05 } ]\n";
  const Scenario scenario = parse_scenario(market(threat, ""), "m.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK_FALSE(record.agreed);
  CHECK(record.threat_carried_out == std::vector<char>{1});
  CHECK(record.utility(1) == Approx(0.1).epsilon(0).margin(1e-15));
  CHECK(record.utility(0) == Approx(0.15).epsilon(0).margin(1e-15));
}

TEST_CASE("a threat that is never believed changes nothing", "[instruments]") {
  const std::string threat =
      "threats = [ { id = \"bluff\", target = \"seller\", reservation_drop = 0.3, credibility = "
      "0.0 } ]\n";
  const Scenario scenario = parse_scenario(market(threat, ""), "m.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK_FALSE(record.agreed);
  CHECK(record.threat_made == std::vector<char>{1});
  CHECK(record.threat_carried_out == std::vector<char>{0});
  CHECK(record.utility(1) == 0.3);
}

TEST_CASE("a side payment buys a ratifier's consent and costs the payer", "[instruments]") {
  // The watcher (ideal 0.2, reservation 0.95) must ratify the buyer's ideal 0:
  // u_w(0) = 0.8 < 0.95 alone, 0.8 + 0.3 = 1.1 ≥ 0.95 with the aid attached.
  // First, a buyer holding a threat and the aid uses only the threat on its
  // first turn (pressure first): the threat brings the seller's fallback to 0,
  // the seller accepts, and the watcher, without aid, vetoes.
  const std::string both =
      "threats = [ { id = \"tariffs\", target = \"seller\", reservation_drop = 0.3, credibility = "
      "1.0 } ]\n"
      "side_payments = [ { id = \"aid\", target = \"watcher\", value = 0.3, cost = 0.1 } ]\n";
  const std::string ratify = "ratification = [\"watcher\"]\n";
  {
    const Scenario scenario = parse_scenario(market(both, "", "0.2", ratify), "m.toml");
    Session session(scenario);
    const SessionRecord record = session.run(1, 0, 0);
    CHECK_FALSE(record.agreed);  // pressure only: the watcher vetoes
    CHECK(record.vetoed == std::vector<char>{0, 0, 1});
  }
  // With only the side payment (and the seller at reservation 0), the first turn
  // is reward: the watcher ratifies; utilities: buyer 1 − 0.1, watcher min(1, 1.1).
  const std::string aid =
      "side_payments = [ { id = \"aid\", target = \"watcher\", value = 0.3, cost = 0.1 } ]\n";
  std::string text = market(aid, "", "0.2", ratify);
  text.replace(text.find("reservation_utility = 0.3"), 25, "reservation_utility = 0.0");
  const Scenario scenario = parse_scenario(text, "m.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.agreed);
  CHECK(record.side_payment_paid == std::vector<char>{1});
  CHECK(record.utility(0) == Approx(0.9).epsilon(0).margin(1e-15));
  CHECK(record.utility(2) == 1.0);
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
