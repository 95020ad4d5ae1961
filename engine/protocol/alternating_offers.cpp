#include "protocol/alternating_offers.hpp"

#include <limits>

#include "simulation/session.hpp"

namespace parley {

bool AlternatingOffers::passes(const DecisionRule& rule, std::span<const int> participants,
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

PhaseOutcome AlternatingOffers::run(Session& s, const Phase& phase, Rng& rng,
                                    std::vector<char>& vetoed) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  PhaseOutcome outcome;
  const Scenario& scenario = s.scenario_;
  for (int j : phase.participants) {
    s.others_latest_(j) = kNaN;
    s.others_previous_(j) = kNaN;
    s.strategies_[static_cast<std::size_t>(j)]->begin_phase(s.observe(j, phase, 1));
  }
  const auto participant_count = static_cast<int>(phase.participants.size());
  for (int round = 1; round <= phase.max_rounds; ++round) {
    outcome.round = round;
    for (int j : phase.participants) {
      if (round > 1)
        s.strategies_[static_cast<std::size_t>(j)]->begin_round(s.observe(j, phase, round));
    }
    const int proposer =
        phase.participants[static_cast<std::size_t>((round - 1) % participant_count)];
    if (!s.strategies_[static_cast<std::size_t>(proposer)]->propose(
            s.observe(proposer, phase, round), rng, s.workspace_, s.offer_)) {
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
      s.others_previous_(j) = s.others_latest_(j);
      s.others_latest_(j) = response.utility;
    }
    if (!passes(phase.decision_rule, phase.participants, s.accepted_, s.parameters_.capability))
      continue;

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
