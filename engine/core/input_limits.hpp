// Input limits: the largest magnitudes parley accepts for the numbers it reads, from
// a scenario, a case table or an option, chosen so that every derived quantity stays
// finite. A number beyond its limit is refused where it is read, with its position.
//
// | limit                     | value | bounds                                         |
// | ------------------------- | ----- | ---------------------------------------------- |
// | kMaxIssueMagnitude        | 1e12  | issue ranges and values, forecast scales       |
// | kMaxWeight                | 1e12  | capabilities and saliences                     |
// | kMaxDistributionParameter | 1e12  | every parameter of a distribution (its mean,   |
// |                           |       | sd, bounds, mode and beta shapes)              |
//
// Reasons. Issue values beyond ±1e12 would lose the 6 decimals the outputs are
// written with, and a span of two such ends (or a variance of their values) could
// overflow to infinity. Capabilities and saliences are weights: 1e12 leaves room for
// sums over thousands of actors and issues, and for a weight times a value (1e24).
// A distribution's draws are sums and products of its parameters (mean + sd·z,
// min + (max − min)·u), finite when the parameters are within 1e12; a beta shape
// above 1e12 is a point mass to double precision and Boost's gamma sampler loses its
// accuracy there.
#pragma once

namespace parley {

inline constexpr double kMaxIssueMagnitude = 1e12;
inline constexpr double kMaxWeight = 1e12;
inline constexpr double kMaxDistributionParameter = 1e12;

}  // namespace parley
