#include "core/random.hpp"

namespace parley {
namespace {
constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;

constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

std::uint64_t mix64(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

Rng::Rng(std::uint64_t seed) {
  std::uint64_t s = seed;
  for (auto& word : state_) {
    s += kGoldenGamma;
    word = mix64(s);
  }
}

Rng Rng::stream(std::uint64_t master_seed, std::uint64_t point, std::uint64_t replicate,
                StreamPurpose purpose) {
  // Chain the coordinates through the mixer; each step is a bijection of the
  // running key, so distinct coordinates give distinct keys with overwhelming
  // probability and nearby coordinates give unrelated streams.
  std::uint64_t key = mix64(master_seed + kGoldenGamma);
  key = mix64(key ^ (point + 1) * kGoldenGamma);
  key = mix64(key ^ (replicate + 1) * 0xd1b54a32d192ed03ULL);
  key = mix64(key ^ static_cast<std::uint64_t>(purpose) * 0x8cb92ba72f3d8dd7ULL);
  return Rng(key);
}

Rng::result_type Rng::operator()() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double Rng::uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

}  // namespace parley
