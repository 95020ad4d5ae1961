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

double TimeDependent::target_in_round(const Observation& seen, int round, double end,
                                      double exponent) {
  return target_at(seen.time_used_at(round), seen.best_utility, end, exponent);
}

double TimeDependent::current_target(const Observation& seen) const {
  // Called several times a round with the same inputs (begin_round, propose,
  // respond): the last value is kept, and recomputed when any input changes.
  const double exponent = seen.strategy_param(kExponentSlot);
  if (!(memo_.valid && memo_.round == seen.round && memo_.last_turn == seen.last_turn &&
        memo_.discount == seen.discount_per_round && memo_.best == seen.best_utility &&
        memo_.fallback == seen.fallback && memo_.exponent == exponent)) {
    memo_ = {true,
             seen.round,
             seen.last_turn,
             seen.discount_per_round,
             seen.best_utility,
             seen.fallback,
             exponent,
             target_in_round(seen, seen.round, seen.fallback, exponent)};
  }
  return memo_.target;
}

double TimeDependent::next_target(const Observation& seen) const {
  return target_in_round(seen, seen.next_turn(), seen.fallback, seen.strategy_param(kExponentSlot));
}

bool TimeDependent::propose(const Observation& seen, Rng& /*rng*/, OfferWorkspace& workspace,
                            Eigen::Ref<Eigen::VectorXd> offer) {
  return build_offer(seen, current_target(seen), workspace, offer);
}

}  // namespace parley
