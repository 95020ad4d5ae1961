// Random streams: one independent generator per (master seed, point, replicate, purpose).
//
// A run must be a pure function of its inputs and seed, whatever the thread or
// rank count. So no generator is shared: every replicate derives its own streams
// from the master seed by hashing the stream's coordinates (never by the order in
// which replicates happen to run), and the generator is an argument of every
// sampling call (OpenMC `random_lcg.h`: "a given particle always has the same
// starting seed regardless of how many processors are used").
//
// Generator: xoshiro256** 1.0 (Blackman & Vigna 2018), state seeded by SplitMix64;
// the stream key is mixed with SplitMix64's finaliser (Steele, Lea & Flood 2014).
// `Rng` models UniformRandomBitGenerator, so Boost.Random distributions (header
// code, identical on every platform) draw from it; see `distribution.hpp`.
#pragma once

#include <array>
#include <cstdint>
#include <limits>

namespace parley {

// What a stream is used for; part of the stream key so that adding draws for one
// purpose never shifts the draws of another.
enum class StreamPurpose : std::uint64_t {
  kParameters = 1,   // uncertain scenario parameters, drawn once per replicate
  kPerception = 2,   // noise on what each actor believes of the others
  kBargaining = 3,   // draws made by strategies and protocols during rounds
  kShocks = 4,       // per-round random events
  kDesign = 5,       // sweep designs (Latin hypercube permutations and jitter)
  kBootstrap = 6,    // bootstrap resamples for sensitivity intervals
  kPermutation = 7,  // permutation tests of two samples (analysis/two_sample.hpp)
};

class Rng {
 public:
  using result_type = std::uint64_t;

  // A generator seeded directly (tests, tools). Simulation code uses `stream`.
  explicit Rng(std::uint64_t seed);

  // The stream for (master_seed, point, replicate, purpose): a hash of all four.
  static Rng stream(std::uint64_t master_seed, std::uint64_t point, std::uint64_t replicate,
                    StreamPurpose purpose);

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()();

  // Uniform on [0, 1) with 53 random bits.
  double uniform01();

 private:
  std::array<std::uint64_t, 4> state_;
};

// SplitMix64's output function: a bijective 64-bit mixer.
std::uint64_t mix64(std::uint64_t x);

}  // namespace parley
