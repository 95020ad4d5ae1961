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
  }
  return false;
}

}  // namespace parley
