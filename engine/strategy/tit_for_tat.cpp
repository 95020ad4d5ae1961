#include "strategy/tit_for_tat.hpp"

#include <algorithm>
#include <cmath>

#include "strategy/offer_builder.hpp"

namespace parley {

void TitForTat::begin_phase(const Observation& seen) {
  target_ = std::max(seen.fallback, 1.0 - seen.strategy_param(kInitialConcessionSlot));
}

void TitForTat::begin_round(const Observation& seen) {
  if (seen.round == 1) return;  // begin_phase set the opening target
  double concession = 0.0;
  if (!std::isnan(seen.others_latest_offer_utility) &&
      !std::isnan(seen.others_previous_offer_utility)) {
    concession = seen.others_latest_offer_utility - seen.others_previous_offer_utility;
  }
  concession = std::max(concession, seen.strategy_param(kMinConcessionSlot));
  target_ = std::max(seen.fallback, target_ - concession);
}

bool TitForTat::propose(const Observation& seen, Rng& /*rng*/, OfferWorkspace& workspace,
                        Eigen::Ref<Eigen::VectorXd> offer) {
  return build_offer(seen, target_, workspace, offer);
}

}  // namespace parley
