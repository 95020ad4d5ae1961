#include "core/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>

#include "core/input_limits.hpp"

namespace parley {
namespace {
void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}
void require_finite(double value, std::string_view name) {
  require(std::isfinite(value), fmt::format("{} must be a finite number, found {}", name, value));
}
// A location (mean, bound, mode): finite and within ±kMaxDistributionParameter.
void require_location(double value, std::string_view name) {
  require_finite(value, name);
  require(std::abs(value) <= kMaxDistributionParameter,
          fmt::format("{} must lie in [{:g}, {:g}] so that draws stay finite, found {}", name,
                      -kMaxDistributionParameter, kMaxDistributionParameter, value));
}
// A scale or shape: finite, > 0 and at most kMaxDistributionParameter.
void require_positive(double value, std::string_view name, std::string_view reason) {
  require_finite(value, name);
  require(value > 0, fmt::format("{} must be > 0, found {}", name, value));
  require(value <= kMaxDistributionParameter,
          fmt::format("{} must be ≤ {:g} {}, found {}", name, kMaxDistributionParameter, reason,
                      value));
}
void require_ordered(double min, double max) {
  require_location(min, "min");
  require_location(max, "max");
  require(min < max, fmt::format("min must be < max, found min = {} and max = {}", min, max));
}

constexpr std::string_view kScaleReason = "so that draws stay finite";
constexpr std::string_view kShapeReason = "(a larger shape is a point mass to double precision)";

// log G for G ~ gamma(shape, 1), in two parts, log G = log_g + log_u / shape, that the
// caller combines without overflow. Below 1, log_g = log G' with G' ~ gamma(shape + 1, 1)
// and log_u = log U with U uniform on (0, 1]: the identity G_a = G_{a+1} · U^{1/a}
// (Stuart 1962; Marsaglia & Tsang 2000). G_a itself underflows to 0 for small a, its
// logarithm does not. From 1 up, log_g = log G and log_u = 0. A draw of G' = 0 (the
// exponential sampler's rounding, at shape' = 1) is drawn again.
struct LogGamma {
  double log_g;
  double log_u;
};

LogGamma draw_log_gamma(double shape, Rng& rng) {
  const double drawn_shape = shape < 1.0 ? shape + 1.0 : shape;
  boost::random::gamma_distribution<double> gamma(drawn_shape, 1.0);
  double g = gamma(rng);
  while (!(g > 0.0)) g = gamma(rng);
  LogGamma result{std::log(g), 0.0};
  if (shape < 1.0) result.log_u = std::log(1.0 - rng.uniform01());
  return result;
}

// beta(alpha, beta) on [0, 1] when a shape is < 1, as G_a / (G_a + G_b) =
// 1 / (1 + exp(log G_b − log G_a)) from the logarithms of the two gamma draws.
// Boost's sampler forms G_a / (G_a + G_b) directly, which is 0/0 = NaN when both
// gammas underflow (shapes of 0.001 do, often). With s = min(alpha, beta) < 1,
//   s · (log G_b − log G_a) = s (log_g_b − log_g_a) + (s/beta) log_u_b − (s/alpha) log_u_a
// is finite (s/alpha, s/beta ∈ (0, 1], |log U| ≤ 37, the log_g within ±750), and
// dividing by s gives the difference or ±∞; 1 / (1 + exp(±∞)) is 0 or 1. Never NaN.
double beta_from_log_gammas(double alpha, double beta, Rng& rng) {
  const LogGamma a = draw_log_gamma(alpha, rng);
  const LogGamma b = draw_log_gamma(beta, rng);
  const double s = std::min(alpha, beta);
  const double scaled = s * (b.log_g - a.log_g) + (s / beta) * b.log_u - (s / alpha) * a.log_u;
  return 1.0 / (1.0 + std::exp(scaled / s));
}
}  // namespace

Distribution Distribution::fixed(double value) {
  require_finite(value, "value");
  return {Kind::kFixed, value, 0, 0, 0};
}

Distribution Distribution::normal(double mean, double sd) {
  require_location(mean, "mean");
  require_positive(sd, "sd", kScaleReason);
  return {Kind::kNormal, mean, sd, 0, 0};
}

Distribution Distribution::truncated_normal(double mean, double sd, double min, double max) {
  require_location(mean, "mean");
  require_positive(sd, "sd", kScaleReason);
  require_ordered(min, max);
  const boost::math::normal_distribution<double> standard;
  const double mass =
      boost::math::cdf(standard, (max - mean) / sd) - boost::math::cdf(standard, (min - mean) / sd);
  require(mass > 1e-12,
          fmt::format("[min, max] = [{}, {}] holds no probability of normal(mean = {}, sd = {})",
                      min, max, mean, sd));
  return {Kind::kTruncatedNormal, mean, sd, min, max};
}

Distribution Distribution::uniform(double min, double max) {
  require_ordered(min, max);
  return {Kind::kUniform, min, max, 0, 0};
}

Distribution Distribution::beta(double alpha, double beta, double min, double max) {
  require_positive(alpha, "alpha", kShapeReason);
  require_positive(beta, "beta", kShapeReason);
  require_ordered(min, max);
  return {Kind::kBeta, alpha, beta, min, max};
}

Distribution Distribution::triangular(double min, double mode, double max) {
  require_ordered(min, max);
  require_location(mode, "mode");
  require(min <= mode && mode <= max,
          fmt::format("mode must lie in [min, max] = [{}, {}], found {}", min, max, mode));
  return {Kind::kTriangular, min, mode, max, 0};
}

double Distribution::sample(Rng& rng) const {
  switch (kind_) {
    case Kind::kFixed:
      return a_;
    case Kind::kNormal:
      return boost::random::normal_distribution<double>(a_, b_)(rng);
    case Kind::kTruncatedNormal: {
      // Inversion: u uniform on [Φ(lo), Φ(hi)], x = mean + sd Φ⁻¹(u). Exact, one draw.
      const boost::math::normal_distribution<double> standard;
      const double lo = boost::math::cdf(standard, (c_ - a_) / b_);
      const double hi = boost::math::cdf(standard, (d_ - a_) / b_);
      double u = lo + (hi - lo) * rng.uniform01();
      u = std::clamp(u, std::nextafter(0.0, 1.0), std::nextafter(1.0, 0.0));
      return std::clamp(a_ + b_ * boost::math::quantile(standard, u), c_, d_);
    }
    // The clamps below change no draw inside the support; they keep a result that
    // rounding pushed past a bound (by an ulp) on it.
    case Kind::kUniform:
      return std::clamp(a_ + (b_ - a_) * rng.uniform01(), a_, b_);
    case Kind::kBeta: {
      // Boost's sampler for shapes ≥ 1 (its draws are pinned); in log space below 1.
      const double x = std::min(a_, b_) >= 1.0
                           ? boost::random::beta_distribution<double>(a_, b_)(rng)
                           : beta_from_log_gammas(a_, b_, rng);
      return std::clamp(c_ + (d_ - c_) * x, c_, d_);
    }
    case Kind::kTriangular:
      return std::clamp(boost::random::triangle_distribution<double>(a_, b_, c_)(rng), a_, c_);
  }
  return a_;
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::kFixed:
    case Kind::kNormal:
      return a_;
    case Kind::kTruncatedNormal: {
      const boost::math::normal_distribution<double> standard;
      const double alpha = (c_ - a_) / b_;
      const double beta = (d_ - a_) / b_;
      const double mass = boost::math::cdf(standard, beta) - boost::math::cdf(standard, alpha);
      // The clamp acts only on a mean that rounding put outside [min, max], as when
      // b_ · (…) underflows for an sd near the smallest double.
      return std::clamp(
          a_ + b_ * (boost::math::pdf(standard, alpha) - boost::math::pdf(standard, beta)) / mass,
          c_, d_);
    }
    case Kind::kUniform:
      return 0.5 * (a_ + b_);
    case Kind::kBeta:
      return c_ + (d_ - c_) * a_ / (a_ + b_);
    case Kind::kTriangular:
      return (a_ + b_ + c_) / 3.0;
  }
  return a_;
}

double Distribution::support_min() const {
  switch (kind_) {
    case Kind::kFixed:
    case Kind::kUniform:
    case Kind::kTriangular:
      return a_;
    case Kind::kNormal:
      return -std::numeric_limits<double>::infinity();
    case Kind::kTruncatedNormal:
    case Kind::kBeta:
      return c_;
  }
  return a_;
}

double Distribution::support_max() const {
  switch (kind_) {
    case Kind::kFixed:
      return a_;
    case Kind::kUniform:
      return b_;
    case Kind::kTriangular:
      return c_;
    case Kind::kNormal:
      return std::numeric_limits<double>::infinity();
    case Kind::kTruncatedNormal:
    case Kind::kBeta:
      return d_;
  }
  return a_;
}

std::string_view Distribution::kind_name() const {
  switch (kind_) {
    case Kind::kFixed:
      return "fixed";
    case Kind::kNormal:
      return "normal";
    case Kind::kTruncatedNormal:
      return "truncated_normal";
    case Kind::kUniform:
      return "uniform";
    case Kind::kBeta:
      return "beta";
    case Kind::kTriangular:
      return "triangular";
  }
  return "fixed";
}

std::string Distribution::to_toml() const {
  switch (kind_) {
    case Kind::kFixed:
      return fmt::format("{}", a_);
    case Kind::kNormal:
      return fmt::format("{{ dist = \"normal\", mean = {}, sd = {} }}", a_, b_);
    case Kind::kTruncatedNormal:
      return fmt::format(
          "{{ dist = \"truncated_normal\", mean = {}, sd = {}, min = {}, max = {} }}", a_, b_, c_,
          d_);
    case Kind::kUniform:
      return fmt::format("{{ dist = \"uniform\", min = {}, max = {} }}", a_, b_);
    case Kind::kBeta:
      return fmt::format("{{ dist = \"beta\", alpha = {}, beta = {}, min = {}, max = {} }}", a_, b_,
                         c_, d_);
    case Kind::kTriangular:
      return fmt::format("{{ dist = \"triangular\", min = {}, mode = {}, max = {} }}", a_, b_, c_);
  }
  return {};
}

}  // namespace parley
