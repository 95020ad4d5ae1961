// Decision rules: whether the participants who accept an offer pass it.
//
// The proposer counts as accepting. With the phase's rule:
//
// | rule      | passes when                                                  |
// |-----------|--------------------------------------------------------------|
// | unanimity | every participant accepts                                    |
// | majority  | more than half of the participants accept                    |
// | quota     | accepters hold ≥ quota of the participants' total capability |
// | veto      | (with any rule) every listed veto player accepts             |
//
// The rule is applied by the round loop (simulation/bargaining_rounds.cpp) for
// every protocol that votes (protocol/protocol.hpp).
#pragma once

#include <span>

#include <Eigen/Dense>

#include "scenario/scenario.hpp"

namespace parley {

// Whether the set of accepting participants (`accepted`, indexed by actor)
// passes `rule`; `capability` is indexed by actor.
bool passes_decision_rule(const DecisionRule& rule, std::span<const int> participants,
                          std::span<const char> accepted, const Eigen::VectorXd& capability);

}  // namespace parley
