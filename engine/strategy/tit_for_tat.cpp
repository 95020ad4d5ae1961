#include "strategy/tit_for_tat.hpp"

#include <algorithm>
#include <cmath>

#include "strategy/offer_builder.hpp"

namespace parley {

void TitForTat::begin_phase(const Observation& seen) {
  target_ = std::max(seen.fallback,
                     std::min(ceiling(seen, seen.round),
                              seen.best_utility - seen.strategy_param(kInitialConcessionSlot)));
}

double TitForTat::ceiling(const Observation& seen, int round) const {
  return clock_.target_in_round(seen, round, seen.fallback,
                                seen.strategy_param(kDeadlineExponentSlot));
}

void TitForTat::begin_round(const Observation& seen) {
  if (seen.round == 1) return;  // begin_phase set the opening target
  const double received = std::isnan(seen.concession_received) ? 0.0 : seen.concession_received;
  const double concession = std::max(received, seen.strategy_param(kMinConcessionSlot));
  target_ = std::max(seen.fallback, std::min(ceiling(seen, seen.round), target_ - concession));
}

double TitForTat::next_target(const Observation& seen) const {
  return std::max(seen.fallback, std::min(target_, ceiling(seen, seen.next_turn())));
}

bool TitForTat::propose(const Observation& seen, Rng& /*rng*/, OfferWorkspace& workspace,
                        Eigen::Ref<Eigen::VectorXd> offer) {
  return build_offer(seen, target_, workspace, offer);
}

}  // namespace parley
