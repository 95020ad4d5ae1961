#include "core/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>

namespace parley {
namespace {
void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}
void require_finite(double value, std::string_view name) {
  require(std::isfinite(value), fmt::format("{} must be a finite number, found {}", name, value));
}
void require_ordered(double min, double max) {
  require_finite(min, "min");
  require_finite(max, "max");
  require(min < max, fmt::format("min must be < max, found min = {} and max = {}", min, max));
}
}  // namespace

Distribution Distribution::fixed(double value) {
  require_finite(value, "value");
  return {Kind::kFixed, value, 0, 0, 0};
}

Distribution Distribution::normal(double mean, double sd) {
  require_finite(mean, "mean");
  require_finite(sd, "sd");
  require(sd > 0, fmt::format("sd must be > 0, found {}", sd));
  return {Kind::kNormal, mean, sd, 0, 0};
}

Distribution Distribution::truncated_normal(double mean, double sd, double min, double max) {
  require_finite(mean, "mean");
  require_finite(sd, "sd");
  require(sd > 0, fmt::format("sd must be > 0, found {}", sd));
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
  require_finite(alpha, "alpha");
  require_finite(beta, "beta");
  require(alpha > 0, fmt::format("alpha must be > 0, found {}", alpha));
  require(beta > 0, fmt::format("beta must be > 0, found {}", beta));
  require_ordered(min, max);
  return {Kind::kBeta, alpha, beta, min, max};
}

Distribution Distribution::triangular(double min, double mode, double max) {
  require_ordered(min, max);
  require_finite(mode, "mode");
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
    case Kind::kUniform:
      return a_ + (b_ - a_) * rng.uniform01();
    case Kind::kBeta:
      return c_ + (d_ - c_) * boost::random::beta_distribution<double>(a_, b_)(rng);
    case Kind::kTriangular:
      return boost::random::triangle_distribution<double>(a_, b_, c_)(rng);
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
      return a_ +
             b_ * (boost::math::pdf(standard, alpha) - boost::math::pdf(standard, beta)) / mass;
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
