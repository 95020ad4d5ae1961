// Alternating offers (stacked, n-player): participants propose in turn.
//
// The proposing order is the participants as listed, in turn (`proposer_order =
// "rotating"`, the default), by capability, largest first (`"capability"`, ties
// in listed order), or an explicit sequence of participants (`["us", "us",
// "russia"]`); the order repeats until the deadline. With two players, discounting
// and no deadline this is Rubinstein (1982) bargaining, with a deadline Ståhl
// (1972); the round loop itself is Session::run_phase (simulation/session.hpp).
#pragma once

#include <span>
#include <vector>

#include <Eigen/Dense>

#include "scenario/scenario.hpp"

namespace parley {

class AlternatingOffers {
 public:
  // Participant slots in proposing order (slot k = phase.participants[k]).
  static void proposing_order(const Phase& phase, const Eigen::VectorXd& capability,
                              std::vector<int>& slots);
  // The slot proposing in `round` (1-based).
  static int proposer(std::span<const int> slots, int round) {
    return slots[static_cast<std::size_t>(round - 1) % slots.size()];
  }
};

}  // namespace parley
