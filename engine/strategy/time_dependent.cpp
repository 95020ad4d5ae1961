#include "strategy/time_dependent.hpp"

#include <cmath>

#include "strategy/offer_builder.hpp"

namespace parley {

double TimeDependent::target_at(double time_used, double best, double fallback, double exponent) {
  if (fallback >= best) return fallback;
  return best - (best - fallback) * std::pow(time_used, 1.0 / exponent);
}

void TimeDependent::begin_phase(const Observation& seen) { begin_round(seen); }

void TimeDependent::begin_round(const Observation& seen) { target_ = current_target(seen); }

double TimeDependent::current_target(const Observation& seen) const {
  // Called several times a round with the same inputs (begin_round, propose,
  // respond): the last value is kept, and recomputed when any input changes.
  const double time_used = seen.time_used();
  const double exponent = seen.strategy_param(kExponentSlot);
  if (!(memo_.valid && memo_.time_used == time_used && memo_.best == seen.best_utility &&
        memo_.fallback == seen.fallback && memo_.exponent == exponent)) {
    memo_ = {
        true,          time_used, seen.best_utility,
        seen.fallback, exponent,  target_at(time_used, seen.best_utility, seen.fallback, exponent)};
  }
  return memo_.target;
}

double TimeDependent::next_target(const Observation& seen) const {
  return target_at(seen.time_used_at(seen.next_turn()), seen.best_utility, seen.fallback,
                   seen.strategy_param(kExponentSlot));
}

bool TimeDependent::propose(const Observation& seen, Rng& /*rng*/, OfferWorkspace& workspace,
                            Eigen::Ref<Eigen::VectorXd> offer) {
  return build_offer(seen, current_target(seen), workspace, offer);
}

}  // namespace parley
