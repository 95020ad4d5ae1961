// Protocol: the rules of a phase of talks — who proposes in each round and what
// passes — as one object per protocol, found by name in one registry.
//
// The round loop (Session::run_phase, simulation/bargaining_rounds.cpp) runs every
// protocol and asks it:
//  - who proposes in round t (`proposer`): in turn, or drawn by recognition weight;
//  - with what probability each participant proposes in round t
//    (`proposal_probability`; the equilibrium strategy solves the game with it);
//  - whether an offer passes the decision rule (`passes`; by default the phase's
//    rule, protocol/decision_rule.hpp);
//  - whether a proposal stays on the floor for amendments (`amendments_open`);
//  - or, for a forecasting protocol, the forecast that decides the phase in one
//    step (`decides_in_one_step`, `forecast`; protocol/forecast_models.hpp).
//
// Each protocol also says what it is in words: `summary` for `parley list`,
// `describe(phase)` for a trace's phase header, and the phase keys it reads
// (`keys`), which the parser (parsing/) refuses on a phase of another protocol.
// Its `problem(scenario, phase)` is the check the parser runs on a built phase.
//
// Adding a protocol: a header and a source in protocol/ deriving from Protocol,
// a test, and one line in `protocols()` (protocol.cpp). A protocol that needs a
// phase key no protocol reads yet also adds that key to Phase (scenario/) and
// reads it in parsing/.
//
// References: Rubinstein (1982) and Ståhl (1972) for alternating offers; Baron &
// Ferejohn (1989) "Bargaining in legislatures" for the random proposer and the
// amendment rules; the forecasting models' references are in forecast_models.hpp.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include "core/random.hpp"
#include "scenario/forecast_case.hpp"
#include "scenario/scenario.hpp"

namespace parley {

struct EuRound;

// A phase key a protocol reads, with its meaning (for `parley list`).
struct ProtocolKey {
  std::string_view name;
  std::string_view doc;
};

class Protocol {
 public:
  virtual ~Protocol() = default;

  // The name scenario files give (`protocol = "..."`), also in manifests and traces.
  virtual std::string_view name() const = 0;
  // One line for `parley list protocols`.
  virtual std::string_view summary() const = 0;
  // The phase keys it reads beyond the common ones (participants, max_rounds, …).
  virtual std::span<const ProtocolKey> keys() const { return {}; }
  // The phase's rules in words for a trace's phase header, e.g. "alternating offers".
  virtual std::string describe(const Phase& phase) const = 0;
  // What makes the built phase unplayable under this protocol, if anything
  // (checked by the parser, which names the `protocol` key's location).
  virtual std::optional<std::string> problem(const Scenario& scenario, const Phase& phase) const;

  // Forecasting protocols decide the phase in one step: `forecast` gives the
  // outcome on each issue on the table, which the ratifiers then answer.
  virtual bool decides_in_one_step() const { return false; }
  virtual double forecast(const ForecastCase& question) const;
  // For traces of a one-step phase: the model's own rounds on `question`, if it
  // has rounds (the expected-utility model); empty otherwise.
  virtual std::vector<EuRound> model_rounds(const ForecastCase& question) const;

  // The participant slot proposing in `round` (1-based); `order` is the phase's
  // proposing order (proposing_order below). May draw from `rng`.
  virtual int proposer(const Phase& phase, std::span<const int> order, int round,
                       Rng& rng) const = 0;
  // The probability that slot `slot` proposes in `round`.
  virtual double proposal_probability(const Phase& phase, std::span<const int> order, int round,
                                      int slot) const = 0;
  // Whether a proposal stays on the floor, open to amendments, before the vote.
  virtual bool amendments_open(const Phase& /*phase*/) const { return false; }
  // Whether the participants in `accepted` (indexed by actor) pass an offer.
  virtual bool passes(const Phase& phase, std::span<const char> accepted,
                      const Eigen::VectorXd& capability) const;
};

// Every protocol, in the order `parley list` shows them.
std::span<const Protocol* const> protocols();
// The protocol named `name`, or nullptr.
const Protocol* find_protocol(std::string_view name);
// The protocol of `phase` (its name was checked by the parser).
const Protocol& protocol_of(const Phase& phase);
// "alternating_offers, random_proposer, compromise, …" for error messages.
std::string protocol_names();

// Participant slots in proposing order (slot k = phase.participants[k]): listed,
// by capability (largest first, ties in listed order) or the phase's sequence.
void proposing_order(const Phase& phase, const Eigen::VectorXd& capability,
                     std::vector<int>& slots);

}  // namespace parley
