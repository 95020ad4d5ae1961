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
  const Actor& self = seen.actors[static_cast<std::size_t>(seen.self)];
  if (!self.accepts_red_lines(offer, &response.red_line)) {
    response.verdict = Verdict::kRedLine;
    return response;
  }
  // Deal and fallback are discounted alike, δ^(t−1) on both sides.
  if (response.utility < seen.fallback - kUtilityTolerance) {
    response.verdict = Verdict::kBelowFallback;
    response.threshold = seen.fallback;
    return response;
  }
  // AC_next: the own next offer, δ^w rounds of delay away (1 exactly when δ = 1);
  // with no turn left, the current target (the fallback by then: AC_time).
  const double delta = seen.discount_per_round;
  const double wait = seen.rounds_to_next_turn;
  if (delta != waited_discount_ || wait != waited_rounds_) {
    waited_discount_ = delta;
    waited_rounds_ = wait;
    wait_factor_ = delta == 1.0 ? 1.0 : std::pow(delta, wait);
  }
  const double threshold = wait <= 0.0 ? current_target(seen) : wait_factor_ * next_target(seen);
  if (response.utility < threshold - kUtilityTolerance) {
    response.verdict = Verdict::kBelowTarget;
    response.threshold = threshold;
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
    response.threshold = fallback;
  }
  return response;
}

}  // namespace parley
