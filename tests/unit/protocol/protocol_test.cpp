// The protocol registry (protocol/protocol.hpp): every protocol found by its
// name, forecasting models registered as one-step protocols, each phase key read
// by one protocol, and the proposer laws against their definitions (in turn for
// alternating offers; recognition weights for the random proposer, Baron &
// Ferejohn 1989).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "protocol/forecast_models.hpp"
#include "protocol/protocol.hpp"

using namespace parley;

namespace {

Phase three_party_phase(const std::string& protocol) {
  Phase phase;
  phase.id = "talks";
  phase.protocol = protocol;
  phase.participants = {0, 1, 2};
  phase.recognition = {0.5, 0.3, 0.2};
  phase.max_rounds = 10;
  phase.decision_rule.kind = DecisionRule::Kind::kMajority;
  return phase;
}

}  // namespace

TEST_CASE("every protocol is found by its name, once", "[protocol]") {
  std::set<std::string> names;
  for (const Protocol* protocol : protocols()) {
    const std::string name(protocol->name());
    CHECK(names.insert(name).second);
    CHECK(find_protocol(name) == protocol);
    CHECK_FALSE(protocol->summary().empty());
  }
  CHECK(find_protocol("alternating_offer") == nullptr);
  CHECK(protocol_names() ==
        "alternating_offers, random_proposer, compromise, median, nash, procedural, "
        "expected_utility");
}

TEST_CASE("each forecasting model is a one-step protocol and only those are", "[protocol]") {
  const std::vector<std::string> models = forecast_model_names();
  for (const Protocol* protocol : protocols()) {
    const bool model =
        std::find(models.begin(), models.end(), std::string(protocol->name())) != models.end();
    INFO(protocol->name());
    CHECK(protocol->decides_in_one_step() == model);
  }
  for (const std::string& model : models) REQUIRE(find_protocol(model) != nullptr);
  // Its forecast is the model's.
  ForecastCase question;
  question.actors = {{"a", 1.0, 0.0, 1.0}, {"b", 3.0, 100.0, 1.0}};
  for (const std::string& model : models) {
    INFO(model);
    CHECK(find_protocol(model)->forecast(question) == forecast(model, question));
  }
  CHECK(find_protocol("expected_utility")->model_rounds(question).size() > 1);
  CHECK(find_protocol("compromise")->model_rounds(question).empty());
}

TEST_CASE("a phase key is read by one protocol", "[protocol]") {
  std::set<std::string> keys;
  for (const Protocol* protocol : protocols()) {
    for (const ProtocolKey& key : protocol->keys()) {
      CHECK(keys.insert(std::string(key.name)).second);
      CHECK_FALSE(key.doc.empty());
    }
  }
  CHECK(keys == std::set<std::string>{"proposer_order", "amendment_rule", "recognition"});
}

TEST_CASE("alternating offers: participants propose in turn, with certainty", "[protocol]") {
  const Phase phase = three_party_phase("alternating_offers");
  const Protocol& protocol = protocol_of(phase);
  std::vector<int> order;
  proposing_order(phase, Eigen::Vector3d(1.0, 5.0, 3.0), order);
  CHECK(order == std::vector<int>{0, 1, 2});
  Rng rng(7);
  for (int round = 1; round <= 7; ++round) {
    const int expected = (round - 1) % 3;
    CHECK(protocol.proposer(phase, order, round, rng) == expected);
    for (int slot = 0; slot < 3; ++slot) {
      CHECK(protocol.proposal_probability(phase, order, round, slot) ==
            (slot == expected ? 1.0 : 0.0));
    }
  }
  Phase by_capability = phase;
  by_capability.proposer_order = ProposerOrder::kCapability;
  proposing_order(by_capability, Eigen::Vector3d(1.0, 5.0, 3.0), order);
  CHECK(order == std::vector<int>{1, 2, 0});
  CHECK(protocol.describe(phase) == "alternating offers");
  CHECK_FALSE(protocol.amendments_open(phase));
}

TEST_CASE("random proposer: recognised with the probability of its weight", "[protocol]") {
  Phase phase = three_party_phase("random_proposer");
  const Protocol& protocol = protocol_of(phase);
  const std::vector<int> order = {0, 1, 2};
  Rng rng(2025);
  constexpr int kDraws = 200000;
  std::vector<int> count(3, 0);
  for (int k = 0; k < kDraws; ++k)
    ++count[static_cast<std::size_t>(protocol.proposer(phase, order, 1, rng))];
  for (int slot = 0; slot < 3; ++slot) {
    const double p = phase.recognition[static_cast<std::size_t>(slot)];
    CHECK(protocol.proposal_probability(phase, order, 4, slot) == p);
    // Within 5 standard errors of the weight.
    const double share = count[static_cast<std::size_t>(slot)] / static_cast<double>(kDraws);
    CHECK(std::abs(share - p) < 5.0 * std::sqrt(p * (1.0 - p) / kDraws));
  }
  CHECK(protocol.describe(phase) == "a proposer drawn each round (closed rule)");
  CHECK_FALSE(protocol.amendments_open(phase));
  phase.amendment_rule = AmendmentRule::kOpen;
  CHECK(protocol.amendments_open(phase));
}

TEST_CASE("protocols vote by the phase's decision rule", "[protocol]") {
  const Phase phase = three_party_phase("random_proposer");
  const Protocol& protocol = protocol_of(phase);
  const Eigen::Vector3d capability(1.0, 1.0, 1.0);
  const std::vector<char> two = {1, 1, 0};
  const std::vector<char> one = {1, 0, 0};
  CHECK(protocol.passes(phase, two, capability));
  CHECK_FALSE(protocol.passes(phase, one, capability));
}
