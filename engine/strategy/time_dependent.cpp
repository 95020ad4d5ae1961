#include "strategy/time_dependent.hpp"

#include <cmath>
#include <limits>

#include "strategy/offer_builder.hpp"

namespace parley {

double ClockPowers::compute(const Observation& seen, int round, double exponent) {
  if (round < 1 || seen.last_turn > kMaxRounds) {
    return std::pow(seen.time_used_at(round), 1.0 / exponent);
  }
  if (seen.last_turn != last_turn_ || seen.discount_per_round != discount_ ||
      exponent != exponent_) {
    last_turn_ = seen.last_turn;
    discount_ = seen.discount_per_round;
    exponent_ = exponent;
    powers_.assign(static_cast<std::size_t>(seen.last_turn),
                   std::numeric_limits<double>::quiet_NaN());
  }
  double& power = powers_[static_cast<std::size_t>(round - 1)];
  if (std::isnan(power)) power = std::pow(seen.time_used_at(round), 1.0 / exponent);
  return power;
}

double TimeDependent::target_at(double time_used, double best, double fallback, double exponent) {
  if (fallback >= best) return fallback;
  return best - (best - fallback) * std::pow(time_used, 1.0 / exponent);
}

void TimeDependent::begin_phase(const Observation& seen) { begin_round(seen); }

void TimeDependent::begin_round(const Observation& seen) { target_ = current_target(seen); }

double TimeDependent::target_in_round(const Observation& seen, int round, double end,
                                      double exponent) {
  return target_at(seen.time_used_at(round), seen.best_utility, end, exponent);
}

double TimeDependent::current_target(const Observation& seen) const {
  return clock_.target_in_round(seen, seen.round, seen.fallback,
                                seen.strategy_param(kExponentSlot));
}

double TimeDependent::next_target(const Observation& seen) const {
  return clock_.target_in_round(seen, seen.next_turn(), seen.fallback,
                                seen.strategy_param(kExponentSlot));
}

bool TimeDependent::propose(const Observation& seen, Rng& /*rng*/, OfferWorkspace& workspace,
                            Eigen::Ref<Eigen::VectorXd> offer) {
  return build_offer(seen, current_target(seen), workspace, offer);
}

}  // namespace parley
