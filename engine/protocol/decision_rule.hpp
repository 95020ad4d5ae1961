// Decision rules: whether the participants who accept an offer pass it.
//
// The proposer counts as accepting. With the phase's rule:
//
// | rule      | passes when                                                  |
// |-----------|--------------------------------------------------------------|
// | unanimity | every participant accepts                                    |
// | majority  | more than half of the participants accept                    |
// | quota     | accepters hold ≥ quota of the participants' total capability |
// | eu_council| the Council of the EU's rule over the participants who are   |
// |           | members (CouncilRule: weighted votes, members, population,   |
// |           | blocking minority, or unanimity), and the agenda setter      |
// |           | accepts unless every member does                             |
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

// The Council's rule on a tally of the members' votes: `yes_*` of the accepting
// members, the others of all members who vote. Vote and population shares are
// compared with a relative margin of 1e-12 (62 of 87 passes exactly at 62).
bool council_rule_passes(const CouncilRule& rule, double yes_votes, double votes, int yes_members,
                         int members, double yes_population, double population);

}  // namespace parley
