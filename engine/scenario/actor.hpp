// Actor: a party to the talks (a state, a bloc, a leader).
//
// The actor's numbers — capability, ideal point, salience, reservation utility
// (value of no deal, the BATNA), discount per round, risk exponent and strategy
// parameters — live in `ModelParameters` (row = actor index) so that they can be
// uncertain and evaluated for all actors at once. This type holds what is not a
// number: identity, red lines and the strategy's kind.
#pragma once

#include <string>
#include <vector>

#include "utility/red_line.hpp"

namespace parley {

struct Actor {
  std::string id;
  std::string name;
  std::vector<RedLine> red_lines;           // all must hold in any deal the actor signs
  std::string strategy = "time_dependent";  // its name in strategy/strategy_catalogue.hpp

  // True when `outcome` breaks none of the actor's red lines; otherwise the index
  // of the first broken one is written to `broken` (if given).
  bool accepts_red_lines(const Eigen::Ref<const Eigen::VectorXd>& outcome,
                         int* broken = nullptr) const {
    for (std::size_t k = 0; k < red_lines.size(); ++k) {
      if (!red_lines[k].holds(outcome)) {
        if (broken != nullptr) *broken = static_cast<int>(k);
        return false;
      }
    }
    return true;
  }
};

}  // namespace parley
