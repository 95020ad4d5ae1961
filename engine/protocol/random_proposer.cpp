#include "protocol/random_proposer.hpp"

namespace parley {

int RandomProposer::proposer(const Phase& phase, Rng& rng) {
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

}  // namespace parley
