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
  return target_at(seen.time_used(), seen.best_utility, seen.fallback,
                   seen.strategy_param(kExponentSlot));
}

bool TimeDependent::propose(const Observation& seen, Rng& /*rng*/, OfferWorkspace& workspace,
                            Eigen::Ref<Eigen::VectorXd> offer) {
  return build_offer(seen, current_target(seen), workspace, offer);
}

}  // namespace parley
