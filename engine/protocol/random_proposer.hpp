// Random proposer (Baron & Ferejohn 1989): each round the proposer is drawn,
// participant k with probability equal to its recognition weight (equal by
// default; `recognition = { us = 2, russia = 1 }` in the phase). The proposal
// is voted on at once under the phase's decision rule — the closed amendment
// rule. With n odd, equal recognition, majority rule and the `equilibrium`
// strategy the proposer keeps 1 − δ(n−1)/(2n) and buys (n−1)/2 partners at δ/n
// each. The round loop itself is in bargaining_rounds.hpp.
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
