// Random proposer (Baron & Ferejohn 1989): each round the proposer is drawn,
// participant k with probability equal to its recognition weight (equal by
// default; `recognition = { us = 2, russia = 1 }` in the phase). Under the
// closed amendment rule (the default) the proposal is voted on at once under the
// phase's decision rule. Under the open rule it stays on the floor: the next
// member recognised moves the previous question if it would accept it (then
// all vote; a proposal voted down leaves the floor) or offers an amendment,
// which replaces it if more than half of the participants prefer it. With n odd, equal recognition,
// majority rule and the `equilibrium` strategy the proposer keeps 1 − δ(n−1)/(2n) and buys (n−1)/2
// partners at δ/n each. The round loop itself is Session::run_phase (simulation/session.hpp).
#pragma once

#include "core/random.hpp"
#include "scenario/scenario.hpp"

namespace parley {

class RandomProposer {
 public:
  // The slot recognised this round; one draw from `rng`.
  static int proposer(const Phase& phase, Rng& rng);
};

}  // namespace parley
