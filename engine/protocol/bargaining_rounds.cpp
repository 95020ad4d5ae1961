#include "protocol/bargaining_rounds.hpp"

#include "protocol/alternating_offers.hpp"
#include "protocol/random_proposer.hpp"

#include <limits>

#include "simulation/session.hpp"

namespace parley {

bool BargainingRounds::passes(const DecisionRule& rule, std::span<const int> participants,
                              std::span<const char> accepted, const Eigen::VectorXd& capability) {
  for (int v : rule.veto)
    if (!accepted[static_cast<std::size_t>(v)]) return false;
  switch (rule.kind) {
    case DecisionRule::Kind::kUnanimity:
      for (int j : participants)
        if (!accepted[static_cast<std::size_t>(j)]) return false;
      return true;
    case DecisionRule::Kind::kMajority: {
      std::size_t yes = 0;
      for (int j : participants) yes += accepted[static_cast<std::size_t>(j)] ? 1U : 0U;
      return 2 * yes > participants.size();
    }
    case DecisionRule::Kind::kQuota: {
      double yes = 0.0;
      double total = 0.0;
      for (int j : participants) {
        total += capability(j);
        if (accepted[static_cast<std::size_t>(j)]) yes += capability(j);
      }
      return yes >= rule.quota * total - 1e-12;
    }
  }
  return false;
}

PhaseOutcome BargainingRounds::run(Session& s, const Phase& phase, Rng& rng,
                                   std::vector<char>& vetoed) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  PhaseOutcome outcome;
  const Scenario& scenario = s.scenario_;
  for (int j : phase.participants) {
    // Own ideal on the table, status quo elsewhere (offer_ is free until round 1).
    s.offer_ = s.status_quo_;
    for (int d : phase.issues) s.offer_(d) = s.preferences_[static_cast<std::size_t>(j)].ideal(d);
    s.best_utility_(j) = s.preferences_[static_cast<std::size_t>(j)].utility(s.offer_);
  }
  AlternatingOffers::proposing_order(phase, s.parameters_.capability, s.proposer_order_);
  if (phase.equilibrium) {
    s.plan_.solve(scenario, phase, s.parameters_, s.fallback_, s.proposer_order_);
  }
  s.offer_utility_.setConstant(kNaN);
  s.concession_.setConstant(kNaN);
  for (int j : phase.participants) {
    s.strategies_[static_cast<std::size_t>(j)]->begin_phase(s.observe(j, phase, 1));
  }
  // After a round without agreement the talks may break down (one draw only
  // when the phase has a breakdown probability, so other phases' draws are unchanged).
  auto broke_down = [&]() {
    if (phase.breakdown_probability <= 0.0 || rng.uniform01() >= phase.breakdown_probability)
      return false;
    outcome.result = PhaseResult::kBrokeDown;
    return true;
  };
  for (int round = 1; round <= phase.max_rounds; ++round) {
    outcome.round = round;
    if (round > 1) {
      for (int j : phase.participants) {
        s.strategies_[static_cast<std::size_t>(j)]->begin_round(s.observe(j, phase, round));
      }
    }
    s.concession_.setConstant(kNaN);  // consumed: a round without an offer concedes nothing
    const int slot = phase.protocol == ProtocolKind::kRandomProposer
                         ? RandomProposer::proposer(phase, rng)
                         : AlternatingOffers::proposer(s.proposer_order_, round);
    const int proposer = phase.participants[static_cast<std::size_t>(slot)];
    if (!s.strategies_[static_cast<std::size_t>(proposer)]->propose(
            s.observe(proposer, phase, round), rng, s.workspace_, s.offer_)) {
      if (broke_down()) return outcome;
      continue;  // the proposer passes this round
    }
    ++outcome.offers;
    s.accepted_.assign(s.accepted_.size(), 0);
    s.accepted_[static_cast<std::size_t>(proposer)] = 1;
    for (int j : phase.participants) {
      if (j == proposer) continue;
      const Response response =
          s.strategies_[static_cast<std::size_t>(j)]->respond(s.observe(j, phase, round), s.offer_);
      s.accepted_[static_cast<std::size_t>(j)] = response.accepted() ? 1 : 0;
      // NaN on the proposer's first offer of the phase.
      s.concession_(j) = response.utility - s.offer_utility_(j, proposer);
      s.offer_utility_(j, proposer) = response.utility;
    }
    if (!passes(phase.decision_rule, phase.participants, s.accepted_, s.parameters_.capability)) {
      if (broke_down()) return outcome;
      continue;
    }

    bool ratified = true;
    for (int r : phase.ratifiers) {
      const auto index = static_cast<std::size_t>(r);
      const Response verdict =
          ratify(s.preferences_[index], scenario.actors[index], s.fallback_(r), s.offer_);
      if (!verdict.accepted()) {
        vetoed[index] = 1;
        ratified = false;
      }
    }
    outcome.result = ratified ? PhaseResult::kAgreed : PhaseResult::kVetoed;
    return outcome;
  }
  outcome.result = PhaseResult::kDeadline;
  return outcome;
}

}  // namespace parley
