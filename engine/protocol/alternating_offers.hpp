// Alternating offers (stacked, n-player): participants propose in turn.
//
// The proposing order is the participants as listed, in turn (`proposer_order =
// "rotating"`, the default), by capability, largest first (`"capability"`, ties
// in listed order), or an explicit sequence of participants (`["us", "us",
// "russia"]`); the order repeats until the deadline. Every other participant
// answers each offer, which passes under the phase's decision rule. With two
// players, discounting and no deadline this is Rubinstein (1982) bargaining,
// with a deadline Ståhl (1972). The round loop is Session::run_phase
// (simulation/session.hpp); protocol/protocol.hpp is the interface.
#pragma once

#include "protocol/protocol.hpp"

namespace parley {

class AlternatingOffers final : public Protocol {
 public:
  std::string_view name() const override { return "alternating_offers"; }
  std::string_view summary() const override;
  std::span<const ProtocolKey> keys() const override;
  std::string describe(const Phase& phase) const override;
  int proposer(const Phase& phase, std::span<const int> order, int round, Rng& rng) const override;
  double proposal_probability(const Phase& phase, std::span<const int> order, int round,
                              int slot) const override;
};

}  // namespace parley
