#include "protocol/random_proposer.hpp"

#include <array>

#include <fmt/format.h>

namespace parley {
namespace {

constexpr std::array kKeys = {
    ProtocolKey{"amendment_rule",
                "\"closed\" (a proposal is voted on at once, the default) or \"open\" (later "
                "members may amend it first)"},
    ProtocolKey{"recognition",
                "weight per participant, e.g. { us = 2, russia = 1 } (equal by default)"},
};

}  // namespace

std::string_view RandomProposer::summary() const {
  return "Baron–Ferejohn: the proposer is drawn each round by recognition weight; closed or "
         "open amendment rule";
}

std::span<const ProtocolKey> RandomProposer::keys() const { return kKeys; }

std::string RandomProposer::describe(const Phase& phase) const {
  return fmt::format("a proposer drawn each round ({} rule)",
                     phase.amendment_rule == AmendmentRule::kOpen ? "open" : "closed");
}

int RandomProposer::proposer(const Phase& phase, std::span<const int> /*order*/, int /*round*/,
                             Rng& rng) const {
  const double draw = rng.uniform01();
  double cumulative = 0.0;
  const auto count = phase.recognition.size();
  for (std::size_t k = 0; k + 1 < count; ++k) {
    cumulative += phase.recognition[k];
    if (draw < cumulative) return static_cast<int>(k);
  }
  // The last participant with positive weight takes the remainder (rounding).
  for (std::size_t k = count; k-- > 0;) {
    if (phase.recognition[k] > 0.0) return static_cast<int>(k);
  }
  return 0;
}

double RandomProposer::proposal_probability(const Phase& phase, std::span<const int> /*order*/,
                                            int /*round*/, int slot) const {
  return phase.recognition[static_cast<std::size_t>(slot)];
}

}  // namespace parley
