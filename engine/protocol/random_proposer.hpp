// Random proposer (Baron & Ferejohn 1989): each round the proposer is drawn,
// participant k with probability equal to its recognition weight (equal by
// default; `recognition = { us = 2, russia = 1 }` in the phase). Under the
// closed amendment rule (the default) the proposal is voted on at once under the
// phase's decision rule. Under the open rule it stays on the floor: the next
// member recognised moves the previous question if it would accept it (then
// all vote; a proposal voted down leaves the floor) or offers an amendment,
// which replaces it if more than half of the participants prefer it. With n odd,
// equal recognition, majority rule and the `equilibrium` strategy the proposer
// keeps 1 − δ(n−1)/(2n) and buys (n−1)/2 partners at δ/n each. The round loop is
// Session::run_phase (simulation/session.hpp); protocol/protocol.hpp is the
// interface.
#pragma once

#include "protocol/protocol.hpp"

namespace parley {

class RandomProposer final : public Protocol {
 public:
  std::string_view name() const override { return "random_proposer"; }
  std::string_view summary() const override;
  std::span<const ProtocolKey> keys() const override;
  std::string describe(const Phase& phase) const override;
  // The slot recognised this round; one draw from `rng`.
  int proposer(const Phase& phase, std::span<const int> order, int round, Rng& rng) const override;
  // The slot's recognition weight, every round.
  double proposal_probability(const Phase& phase, std::span<const int> order, int round,
                              int slot) const override;
  bool amendments_open(const Phase& phase) const override {
    return phase.amendment_rule == AmendmentRule::kOpen;
  }
};

}  // namespace parley
