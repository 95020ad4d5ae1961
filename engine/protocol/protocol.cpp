#include "protocol/protocol.hpp"

#include <algorithm>
#include <numeric>

#include "core/errors.hpp"
#include "protocol/alternating_offers.hpp"
#include "protocol/decision_rule.hpp"
#include "protocol/expected_utility.hpp"
#include "protocol/forecast_protocol.hpp"
#include "protocol/random_proposer.hpp"

namespace parley {
namespace {

const AlternatingOffers kAlternatingOffers;
const RandomProposer kRandomProposer;
const ForecastProtocol kCompromise{"compromise"};
const ForecastProtocol kMedian{"median"};
const ForecastProtocol kNash{"nash"};
const ForecastProtocol kProcedural{"procedural"};
const ForecastProtocol kExpectedUtility{"expected_utility"};

// The registry: one line per protocol.
constexpr std::array<const Protocol*, 7> kProtocols = {
    &kAlternatingOffers, &kRandomProposer,  &kCompromise, &kMedian, &kNash,
    &kProcedural,        &kExpectedUtility,
};

}  // namespace

std::optional<std::string> Protocol::problem(const Scenario& /*scenario*/,
                                             const Phase& /*phase*/) const {
  return std::nullopt;
}

double Protocol::forecast(const ForecastCase& /*question*/) const {
  PARLEY_CHECK(false, "protocol {} does not forecast", name());
  return 0.0;
}

std::vector<EuRound> Protocol::model_rounds(const ForecastCase& /*question*/) const { return {}; }

bool Protocol::passes(const Phase& phase, std::span<const char> accepted,
                      const Eigen::VectorXd& capability) const {
  return passes_decision_rule(phase.decision_rule, phase.participants, accepted, capability);
}

std::span<const Protocol* const> protocols() { return kProtocols; }

const Protocol* find_protocol(std::string_view name) {
  for (const Protocol* protocol : kProtocols)
    if (protocol->name() == name) return protocol;
  return nullptr;
}

const Protocol& protocol_of(const Phase& phase) {
  const Protocol* protocol = find_protocol(phase.protocol);
  PARLEY_CHECK(protocol != nullptr, "phase {} has the unknown protocol \"{}\"", phase.id,
               phase.protocol);
  return *protocol;
}

std::string protocol_names() {
  std::string names;
  for (const Protocol* protocol : kProtocols) {
    if (!names.empty()) names += ", ";
    names += protocol->name();
  }
  return names;
}

void proposing_order(const Phase& phase, const Eigen::VectorXd& capability,
                     std::vector<int>& slots) {
  if (phase.proposer_order == ProposerOrder::kSequence) {
    slots = phase.proposer_sequence;
    return;
  }
  slots.resize(phase.participants.size());
  std::iota(slots.begin(), slots.end(), 0);
  if (phase.proposer_order == ProposerOrder::kCapability) {
    std::stable_sort(slots.begin(), slots.end(), [&](int a, int b) {
      return capability(phase.participants[static_cast<std::size_t>(a)]) >
             capability(phase.participants[static_cast<std::size_t>(b)]);
    });
  }
}

}  // namespace parley
