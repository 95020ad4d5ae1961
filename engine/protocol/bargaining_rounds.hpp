// The round loop shared by the bargaining protocols.
//
// Round t = 1 … T of a phase: the protocol names the proposer
// (alternating_offers.hpp: in turn; random_proposer.hpp: drawn); the proposer's
// strategy makes an offer (or passes); every other participant accepts or
// rejects it (strategy.hpp: fallback, target, red lines). The offer passes
// under the phase's decision rule, the proposer counting as accepting:
//
// | rule      | passes when                                                  |
// |-----------|--------------------------------------------------------------|
// | unanimity | every participant accepts                                    |
// | majority  | more than half of the participants accept                    |
// | quota     | accepters hold ≥ quota of the participants' total capability |
// | veto      | (with any rule) every listed veto player accepts             |
//
// A passed offer goes to the phase's ratifiers (absent actors); one rejection
// is a veto. After a round without agreement the talks break down with the
// phase's breakdown probability; a phase without a passing offer by round T
// ends at its deadline. Payoffs are discounted per round by each actor's δ
// through the responders' acceptance rule (δ^(t−1)·u ≥ fallback).
#pragma once

#include <span>
#include <vector>

#include "core/random.hpp"
#include "scenario/scenario.hpp"
#include "simulation/session_record.hpp"

namespace parley {

class Session;

struct PhaseOutcome {
  PhaseResult result = PhaseResult::kDeadline;
  int round = 0;   // round of the passing offer (agreed or vetoed), else the last round played
  int offers = 0;  // proposals made
};

class BargainingRounds {
 public:
  // Runs phase `phase_index` on the session's current state. On kAgreed and
  // kVetoed the passing offer is left in the session's offer vector; vetoers,
  // threats and shocks are marked in `record`. Shocks draw from `shock_rng`,
  // everything else from `rng`. Throws RunCancelled at the start of a round
  // once the session's cancel flag is set (Session::set_cancel).
  static PhaseOutcome run(Session& session, int phase_index, Rng& rng, Rng& shock_rng,
                          SessionRecord& record);

  // Whether the set of accepting participants passes the decision rule.
  static bool passes(const DecisionRule& rule, std::span<const int> participants,
                     std::span<const char> accepted, const Eigen::VectorXd& capability);
};

}  // namespace parley
