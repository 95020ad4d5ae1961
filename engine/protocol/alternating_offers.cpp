#include "protocol/alternating_offers.hpp"

#include <algorithm>
#include <numeric>

namespace parley {

void AlternatingOffers::proposing_order(const Phase& phase, const Eigen::VectorXd& capability,
                                        std::vector<int>& slots) {
  if (phase.proposer_order == ProposerOrder::kSequence) {
    slots = phase.proposer_sequence;
    return;
  }
  slots.resize(phase.participants.size());
  std::iota(slots.begin(), slots.end(), 0);
  if (phase.proposer_order == ProposerOrder::kCapability) {
    std::stable_sort(slots.begin(), slots.end(), [&](int a, int b) {
      return capability(phase.participants[static_cast<std::size_t>(a)]) >
             capability(phase.participants[static_cast<std::size_t>(b)]);
    });
  }
}

}  // namespace parley
