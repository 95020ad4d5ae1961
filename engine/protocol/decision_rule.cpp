#include "protocol/decision_rule.hpp"

namespace parley {

bool passes_decision_rule(const DecisionRule& rule, std::span<const int> participants,
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
    case DecisionRule::Kind::kCouncil: {
      const CouncilSeats& seats = rule.council;
      double yes_votes = 0.0, votes = 0.0, yes_population = 0.0, population = 0.0;
      int yes_members = 0, members = 0;
      for (int j : participants) {
        const auto k = static_cast<std::size_t>(j);
        if (!seats.member[k]) continue;
        const bool yes = accepted[k] != 0;
        ++members;
        votes += seats.votes(j);
        population += seats.population(j);
        if (!yes) continue;
        ++yes_members;
        yes_votes += seats.votes(j);
        yes_population += seats.population(j);
      }
      if (!council_rule_passes(seats.rule, yes_votes, votes, yes_members, members, yes_population,
                               population))
        return false;
      return seats.agenda_setter < 0 || accepted[static_cast<std::size_t>(seats.agenda_setter)] ||
             yes_members == members;
    }
  }
  return false;
}

bool council_rule_passes(const CouncilRule& rule, double yes_votes, double votes, int yes_members,
                         int members, double yes_population, double population) {
  if (rule.unanimity) return yes_members == members;
  if (rule.blocking_minority > 0 && members - yes_members < rule.blocking_minority) return true;
  const auto meets = [](double yes, double share, double total) {
    return share <= 0.0 || yes >= share * total * (1.0 - 1e-12);
  };
  if (rule.member_majority && !(2 * yes_members > members)) return false;
  return meets(yes_votes, rule.vote_share, votes) &&
         meets(static_cast<double>(yes_members), rule.member_share, static_cast<double>(members)) &&
         meets(yes_population, rule.population_share, population);
}

}  // namespace parley
