#include "protocol/alternating_offers.hpp"

#include <array>

namespace parley {
namespace {

constexpr std::array kKeys = {
    ProtocolKey{"proposer_order",
                "\"rotating\" (listed order, the default), \"capability\" (largest first) or an "
                "array of participants, repeated"},
};

// The slot proposing in `round` (1-based) under the order `order`.
int in_turn(std::span<const int> order, int round) {
  return order[static_cast<std::size_t>(round - 1) % order.size()];
}

}  // namespace

std::string_view AlternatingOffers::summary() const {
  return "participants propose in turn (listed order, by capability or a given sequence); "
         "the others accept or reject";
}

std::span<const ProtocolKey> AlternatingOffers::keys() const { return kKeys; }

std::string AlternatingOffers::describe(const Phase& /*phase*/) const {
  return "alternating offers";
}

int AlternatingOffers::proposer(const Phase& /*phase*/, std::span<const int> order, int round,
                                Rng& /*rng*/) const {
  return in_turn(order, round);
}

double AlternatingOffers::proposal_probability(const Phase& /*phase*/, std::span<const int> order,
                                               int round, int slot) const {
  return in_turn(order, round) == slot ? 1.0 : 0.0;
}

}  // namespace parley
