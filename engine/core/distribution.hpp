// Probability distributions for uncertain scenario parameters.
//
// Any numeric scenario parameter may be a distribution; each replicate draws its
// own value from its own stream (random.hpp). Sampling uses Boost.Random's
// distributions, which are header code and give the same numbers with every
// standard library (std::normal_distribution does not); the truncated normal is
// drawn by inversion with Boost.Math's normal quantile; a beta with a shape below 1
// is drawn from the logarithms of two gamma draws (distribution.cpp), because
// Boost's G_a / (G_a + G_b) is 0/0 when both gammas underflow. Exact draws for one
// seed are pinned in tests/unit/core/distribution_test.cpp.
//
// | kind               | parameters                      | support          |
// |--------------------|---------------------------------|------------------|
// | fixed              | value                           | {value}          |
// | normal             | mean, sd > 0                    | ℝ                |
// | truncated_normal   | mean, sd > 0, min < max         | [min, max]       |
// | uniform            | min < max                       | [min, max]       |
// | beta               | alpha > 0, beta > 0, min < max  | [min, max]       |
// | triangular         | min ≤ mode ≤ max, min < max     | [min, max]       |
//
// Limits. Every parameter but a fixed value lies within ±kMaxDistributionParameter
// (1e12, core/input_limits.hpp): sd, alpha and beta in (0, 1e12], mean, min, max and
// mode in [−1e12, 1e12]. Contract: for every parameter a constructor accepts, every
// draw is a finite number in the support and mean() is finite (and in the support);
// tests/unit/core/distribution_test.cpp draws at the edges of these limits.
#pragma once

#include <string>
#include <string_view>

#include "core/random.hpp"

namespace parley {

class Distribution {
 public:
  enum class Kind { kFixed, kNormal, kTruncatedNormal, kUniform, kBeta, kTriangular };

  // Constructors check their parameters (domains and limits above) and throw
  // std::invalid_argument with a message such as "sd must be > 0, found -0.1"; the
  // scenario parser adds the file position.
  static Distribution fixed(double value);
  static Distribution normal(double mean, double sd);
  static Distribution truncated_normal(double mean, double sd, double min, double max);
  static Distribution uniform(double min, double max);
  static Distribution beta(double alpha, double beta, double min, double max);
  static Distribution triangular(double min, double mode, double max);

  double sample(Rng& rng) const;
  double mean() const;
  // The kind's name as written in scenario files ("truncated_normal").
  std::string_view kind_name() const;
  // The ends of the support (table above): the value for a fixed one, ±∞ for a normal.
  double support_min() const;
  double support_max() const;
  bool is_fixed() const { return kind_ == Kind::kFixed; }
  Kind kind() const { return kind_; }
  // A TOML inline table that reproduces this distribution, e.g.
  // `{ dist = "normal", mean = 0.6, sd = 0.1 }`, or the number for a fixed value.
  std::string to_toml() const;

 private:
  Distribution(Kind kind, double a, double b, double c, double d)
      : kind_(kind), a_(a), b_(b), c_(c), d_(d) {}
  Kind kind_;
  double a_, b_, c_, d_;  // meaning depends on kind_, in the order of the table above
};

}  // namespace parley
