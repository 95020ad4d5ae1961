#include "strategy/strategy.hpp"

#include <cmath>

namespace parley {
namespace {
// Utilities computed along different paths may differ in the last bits.
constexpr double kUtilityTolerance = 1e-12;
}  // namespace

Response Strategy::respond(const Observation& seen,
                           const Eigen::Ref<const Eigen::VectorXd>& offer) const {
  Response response;
  response.utility = seen.own->utility(offer) + seen.side_payment_to_me;
  // δ^(t−1); 1 exactly when δ = 1 or t = 1, without a pow call.
  const double factor = seen.discount_per_round == 1.0 || seen.round == 1
                            ? 1.0
                            : std::pow(seen.discount_per_round, seen.round - 1);
  const double discounted = factor * response.utility;
  const Actor& self = seen.actors[static_cast<std::size_t>(seen.self)];
  if (!self.accepts_red_lines(offer, &response.red_line)) {
    response.verdict = Verdict::kRedLine;
  } else if (discounted < seen.fallback - kUtilityTolerance) {
    response.verdict = Verdict::kBelowFallback;
  } else if (response.utility < current_target(seen) - kUtilityTolerance) {
    response.verdict = Verdict::kBelowTarget;
  }
  return response;
}

Response ratify(const Preferences& own, const Actor& actor, double fallback,
                const Eigen::Ref<const Eigen::VectorXd>& deal, double side_payment_to_me) {
  Response response;
  response.utility = own.utility(deal) + side_payment_to_me;
  if (!actor.accepts_red_lines(deal, &response.red_line)) {
    response.verdict = Verdict::kRedLine;
  } else if (response.utility < fallback - kUtilityTolerance) {
    response.verdict = Verdict::kBelowFallback;
  }
  return response;
}

}  // namespace parley
