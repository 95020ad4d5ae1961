// Stylised facts of bargaining, checked on the negotiators (label `reference`).
//
// Each test runs a small scenario many times with uncertain reservation values
// (so that no fact rests on one knife-edge draw) and checks the direction the
// literature states, with a margin that the sampling error of the replicates
// used is far below:
//  * more patience → a larger share (Rubinstein 1982);
//  * a higher reservation utility → a larger share and no higher agreement rate
//    (Nash 1950; Binmore, Rubinstein & Wolinsky 1986 on outside options);
//  * impatience → earlier agreement (Rubinstein 1982; Cramton 1992);
//  * a credible threat → a larger share for the threatener (Schelling 1960);
//  * an added veto player → no higher agreement rate (Tsebelis 2002);
//  * deals cluster near the deadline (Roth, Murnighan & Schoumaker 1988), but
//    under uncertainty the agreement rate does not depend on the deadline's
//    parity (a mechanic of who proposes last must not decide the headline).
#include <catch2/catch.hpp>

#include <string>

#include <fmt/format.h>

#include "parsing/overrides.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/session.hpp"

namespace parley {
namespace {

constexpr std::uint64_t kSeed = 20250218;
constexpr int kReplicates = 1000;

// A buyer (ideal price 0) and a seller (ideal 1) on one issue, with uncertain
// reservation utilities; `seller_extra` is spliced into the seller's table,
// `phase_extra` into the phase.
std::string market(const std::string& seller_extra = "", const std::string& phase_extra = "",
                   int max_rounds = 10) {
  return fmt::format(R"(
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
reservation_utility = {{ dist = "uniform", min = 0.0, max = 0.3 }}
strategy = {{ kind = "time_dependent", exponent = 0.5 }}
ideal = {{ price = 0.0 }}
salience = {{ price = 1.0 }}
[[actors]]
id = "seller"
name = "Seller"
reservation_utility = {{ dist = "uniform", min = 0.0, max = 0.3 }}
{}
ideal = {{ price = 1.0 }}
salience = {{ price = 1.0 }}
[[phases]]
id = "talks"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = {}
{}
)",
                     seller_extra.empty()
                         ? std::string("strategy = { kind = \"time_dependent\", exponent = 0.5 }")
                         : seller_extra,
                     max_rounds, phase_extra);
}

struct Tally {
  double agreement = 0.0;   // share of replicates with a deal
  double mean_round = 0.0;  // over deals
  double mean_price = 0.0;  // over deals: the seller's share
  double late = 0.0;        // share of deals in the last third of the rounds
};

Tally run(const Scenario& scenario, int replicates = kReplicates) {
  Session session(scenario);
  session.set_analysis(false);
  Tally tally;
  int deals = 0;
  const int deadline = scenario.phases[0].max_rounds;
  for (int r = 0; r < replicates; ++r) {
    const SessionRecord record = session.run(kSeed, 0, static_cast<std::uint64_t>(r));
    if (!record.agreed) continue;
    ++deals;
    tally.mean_round += record.round;
    tally.mean_price += record.outcome(0);
    if (3 * record.round > 2 * deadline) tally.late += 1.0;
  }
  tally.agreement = static_cast<double>(deals) / replicates;
  if (deals > 0) {
    tally.mean_round /= deals;
    tally.mean_price /= deals;
    tally.late /= deals;
  }
  return tally;
}

Tally run_with(const std::string& text, const std::vector<std::string>& settings) {
  Scenario scenario = parse_scenario(text, "market.toml");
  for (const std::string& setting : settings) apply_override(scenario, setting);
  return run(scenario);
}

}  // namespace

TEST_CASE("more patience gives a larger share (Rubinstein 1982)", "[stylised]") {
  // The buyer grows less patient; the seller's δ stays 1.
  const std::string text = market();
  const Tally patient = run_with(text, {"actors.buyer.discount_per_round=1"});
  const Tally restless = run_with(text, {"actors.buyer.discount_per_round=0.9"});
  const Tally hurried = run_with(text, {"actors.buyer.discount_per_round=0.8"});
  INFO("seller's mean price: " << patient.mean_price << ", " << restless.mean_price << ", "
                               << hurried.mean_price);
  CHECK(restless.mean_price > patient.mean_price + 0.01);
  CHECK(hurried.mean_price > restless.mean_price + 0.01);
}

TEST_CASE("a higher reservation utility gives a larger share and no more deals (Nash 1950)",
          "[stylised]") {
  const std::string text = market();
  Tally previous;
  bool first = true;
  for (const double reservation : {0.0, 0.2, 0.4, 0.6, 0.8}) {
    const Tally tally =
        run_with(text, {fmt::format("actors.seller.reservation_utility={}", reservation)});
    INFO("seller reservation " << reservation << ": agreement " << tally.agreement << ", price "
                               << tally.mean_price);
    if (!first) {
      CHECK(tally.mean_price > previous.mean_price + 0.01);
      CHECK(tally.agreement <= previous.agreement + 1e-12);
    }
    previous = tally;
    first = false;
  }
}

TEST_CASE("impatience brings agreement earlier and never fewer deals (Rubinstein 1982)",
          "[stylised]") {
  const std::string text = market();
  Tally previous;
  bool first = true;
  for (const double delta : {1.0, 0.99, 0.95, 0.9, 0.8}) {
    const Tally tally = run_with(text, {fmt::format("actors.buyer.discount_per_round={}", delta),
                                        fmt::format("actors.seller.discount_per_round={}", delta)});
    INFO("δ = " << delta << ": agreement " << tally.agreement << ", mean round "
                << tally.mean_round);
    if (!first) {
      CHECK(tally.mean_round <= previous.mean_round + 1e-12);
      CHECK(tally.agreement >= previous.agreement - 0.02);
    }
    previous = tally;
    first = false;
  }
  const Tally patient = run_with(text, {});
  const Tally hurried = run_with(
      text, {"actors.buyer.discount_per_round=0.8", "actors.seller.discount_per_round=0.8"});
  CHECK(hurried.mean_round < patient.mean_round - 0.5);
}

TEST_CASE("a credible threat gives the threatener a larger share (Schelling 1960)", "[stylised]") {
  // The seller plays transactional without reciprocity (its Boulware schedule
  // alone: what a threat buys is not returned); its threat against the buyer
  // lowers the buyer's value of no deal once it is made.
  const std::string strategy =
      "strategy = { kind = \"transactional\", exponent = 0.5, reciprocity = 0 }";
  const std::string plain = market(strategy);
  const std::string armed =
      market(strategy +
             "\n"
             "threats = [ { id = \"walk_out\", target = \"buyer\", reservation_drop = 0.25, "
             "credibility = 1.0, cost = 0.0 } ]");
  const Tally without = run_with(plain, {});
  const Tally with = run_with(armed, {});
  INFO("seller's mean price without a threat " << without.mean_price << ", with "
                                               << with.mean_price);
  CHECK(with.mean_price > without.mean_price + 0.01);
}

TEST_CASE("an added veto player never raises the agreement rate (Tsebelis 2002)", "[stylised]") {
  // Three at the table under majority rule; then the third also holds a veto.
  const std::string third = R"(
[[actors]]
id = "regulator"
name = "Regulator"
reservation_utility = { dist = "uniform", min = 0.3, max = 0.7 }
strategy = { kind = "time_dependent", exponent = 0.5 }
ideal = { price = 0.3 }
salience = { price = 1.0 }
)";
  std::string text = market("", "decision_rule = \"majority\"");
  text.insert(text.find("[[phases]]"), third);
  const std::string three = "participants = [\"buyer\", \"seller\", \"regulator\"]";
  text.replace(text.find("participants = [\"buyer\", \"seller\"]"), 34, three);
  std::string vetoed = text;
  vetoed.replace(vetoed.find("decision_rule = \"majority\""), 26,
                 "decision_rule = { rule = \"majority\", veto = [\"regulator\"] }");
  const Tally majority = run_with(text, {});
  const Tally with_veto = run_with(vetoed, {});
  INFO("agreement under majority " << majority.agreement << ", with a veto "
                                   << with_veto.agreement);
  CHECK(with_veto.agreement <= majority.agreement + 1e-12);
}

TEST_CASE(
    "deals come late, but the deadline's parity does not decide the agreement rate "
    "(Roth, Murnighan & Schoumaker 1988)",
    "[stylised]") {
  double lowest = 1.0;
  double highest = 0.0;
  for (int deadline = 8; deadline <= 13; ++deadline) {
    const Tally tally = run(parse_scenario(market("", "", deadline), "market.toml"));
    INFO("deadline " << deadline << ": agreement " << tally.agreement << ", late deals "
                     << tally.late);
    CHECK(tally.late > 0.5);
    lowest = std::min(lowest, tally.agreement);
    highest = std::max(highest, tally.agreement);
  }
  CHECK(highest - lowest <= 0.03);
}

}  // namespace parley
