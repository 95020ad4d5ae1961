// Sweep designs: expansion of a declared design (grid, Latin hypercube,
// Sobol/Saltelli) into points, and the van der Corput run order.
//
// Latin hypercube: McKay, Beckman & Conover (1979). Sobol sequence: Boost.Random
// `sobol` (Bratley & Fox 1988 algorithm, Joe & Kuo 2008 direction numbers).
// Saltelli layout: Saltelli (2002); Saltelli et al. (2010). Bit-reversed run
// order: van der Corput (1935).
#include "simulation/sweep_design.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include <fmt/format.h>
#include <boost/random/sobol.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "core/errors.hpp"
#include "core/random.hpp"
#include "parsing/sweep_validation.hpp"

namespace parley {
namespace {

// A cap on the size of a design, so that a mistyped count fails with a message
// instead of exhausting memory.
constexpr std::int64_t kMaxDesignPoints = 100'000'000;

std::string axis_name(const SweepAxis& axis, std::size_t index) {
  return axis.path.empty() ? fmt::format("axis {}", index + 1)
                           : fmt::format("axis `{}`", axis.path);
}

void require(bool ok, const std::string& message) {
  if (!ok) throw UsageError(message);
}

// The number of levels of an axis of a grid design (validate_sweep checked it).
std::int64_t grid_levels(const SweepAxis& axis) {
  return axis.kind == SweepAxis::Kind::kGrid ? axis.count
                                             : static_cast<std::int64_t>(axis.values.size());
}

// The 64-bit Sobol integer x as x / 2^64, truncated to 53 bits: exact and in [0, 1).
double sobol_unit(std::uint64_t x) { return static_cast<double>(x >> 11) * 0x1.0p-53; }

// The coordinate u in [0, 1) of a sampled design on an axis: a range's
// low + u·(high − low); a values axis's index floor(u·n) into its n values.
double scale(const SweepAxis& axis, double u) {
  if (axis.kind == SweepAxis::Kind::kValues) {
    const auto n = static_cast<double>(axis.values.size());
    return std::min(std::floor(u * n), n - 1.0);
  }
  return axis.low + u * (axis.high - axis.low);
}

std::uint64_t bit_reverse(std::uint64_t value, int bits) {
  std::uint64_t reversed = 0;
  for (int b = 0; b < bits; ++b) {
    reversed = (reversed << 1) | (value & 1U);
    value >>= 1;
  }
  return reversed;
}

}  // namespace

SweepPoints::SweepPoints(const SweepSpec& spec, std::uint64_t seed) : axes_(spec.axes) {
  // The design's shape, checked as for a [sweep] table or the command line; the
  // caps on its size are checked below.
  validate_sweep(spec);
  const auto k_axes = static_cast<Eigen::Index>(axes_.size());
  switch (spec.kind) {
    case DesignKind::kSinglePoint: {
      points_ = 1;
      values_.resize(1, 0);
      return;
    }

    case DesignKind::kGrid: {
      std::vector<std::int64_t> levels(axes_.size());
      std::int64_t total = 1;
      for (std::size_t k = 0; k < axes_.size(); ++k) {
        levels[k] = grid_levels(axes_[k]);
        require(levels[k] <= kMaxDesignPoints / total,
                fmt::format("the grid has more than {} points (at {})", kMaxDesignPoints,
                            axis_name(axes_[k], k)));
        total *= levels[k];
      }
      points_ = total;
      values_.resize(points_, k_axes);
      // Mixed-radix counter: the last axis varies fastest, the first slowest.
      std::vector<std::int64_t> level(axes_.size(), 0);
      for (std::int64_t p = 0; p < points_; ++p) {
        for (std::size_t k = 0; k < axes_.size(); ++k) {
          const SweepAxis& axis = axes_[k];
          values_(p, static_cast<Eigen::Index>(k)) = axis.kind == SweepAxis::Kind::kGrid
                                                         ? grid_value(axis, level[k])
                                                         : static_cast<double>(level[k]);
        }
        for (std::size_t k = axes_.size(); k-- > 0;) {
          if (++level[k] < levels[k]) break;
          level[k] = 0;
        }
      }
      return;
    }

    case DesignKind::kLatinHypercube: {
      require(spec.samples <= kMaxDesignPoints,
              fmt::format("an lhs design has at most {} samples, found {}", kMaxDesignPoints,
                          spec.samples));
      points_ = spec.samples;
      values_.resize(points_, k_axes);
      // Draw order, fixed: per axis, first the Fisher–Yates permutation of the
      // strata, then one jitter per point.
      Rng rng = Rng::stream(seed, 0, 0, StreamPurpose::kDesign);
      std::vector<std::int64_t> stratum(static_cast<std::size_t>(points_));
      const auto n = static_cast<double>(points_);
      for (std::size_t k = 0; k < axes_.size(); ++k) {
        std::iota(stratum.begin(), stratum.end(), std::int64_t{0});
        for (std::int64_t i = points_ - 1; i > 0; --i) {
          boost::random::uniform_int_distribution<std::int64_t> pick(0, i);
          std::swap(stratum[static_cast<std::size_t>(i)],
                    stratum[static_cast<std::size_t>(pick(rng))]);
        }
        const SweepAxis& axis = axes_[k];
        for (std::int64_t j = 0; j < points_; ++j) {
          const double u =
              (static_cast<double>(stratum[static_cast<std::size_t>(j)]) + rng.uniform01()) / n;
          values_(j, static_cast<Eigen::Index>(k)) = scale(axis, u);
        }
      }
      return;
    }

    case DesignKind::kSobol: {
      constexpr std::size_t kMaxDimension = boost::random::default_sobol_table::max_dimension;
      require(2 * axes_.size() <= kMaxDimension,
              fmt::format("a sobol design takes at most {} axes, found {}", kMaxDimension / 2,
                          axes_.size()));
      const std::int64_t row_count = static_cast<std::int64_t>(axes_.size()) + 2;
      require(spec.samples <= kMaxDesignPoints / row_count,
              fmt::format("a sobol design with {} axes has at most {} samples, found {}",
                          axes_.size(), kMaxDesignPoints / row_count, spec.samples));
      points_ = spec.samples * row_count;
      values_.resize(points_, k_axes);
      // Boost's engine starts at the sequence's second point (0.5, …, 0.5): the
      // all-zero first point is already skipped.
      boost::random::sobol engine(2 * axes_.size());
      Eigen::VectorXd a(k_axes), b(k_axes);
      for (std::int64_t j = 0; j < spec.samples; ++j) {
        for (Eigen::Index k = 0; k < k_axes; ++k) a(k) = sobol_unit(engine());
        for (Eigen::Index k = 0; k < k_axes; ++k) b(k) = sobol_unit(engine());
        for (Eigen::Index k = 0; k < k_axes; ++k) {
          const SweepAxis& axis = axes_[static_cast<std::size_t>(k)];
          a(k) = scale(axis, a(k));
          b(k) = scale(axis, b(k));
        }
        const std::int64_t base = j * row_count;
        values_.row(base) = a.transpose();
        for (Eigen::Index i = 0; i < k_axes; ++i) {
          values_.row(base + 1 + i) = a.transpose();
          values_(base + 1 + i, i) = b(i);
        }
        values_.row(base + row_count - 1) = b.transpose();
      }
      return;
    }
  }
  throw UsageError("unknown design kind");
}

double SweepPoints::value(std::int64_t point, int axis) const {
  PARLEY_CHECK(point >= 0 && point < points_, "point {} outside 0 … {}", point, points_ - 1);
  PARLEY_CHECK(axis >= 0 && axis < axis_count(), "axis {} outside 0 … {}", axis, axis_count() - 1);
  return values_(point, axis);
}

std::string SweepPoints::assignment_value(std::int64_t point, int axis) const {
  const double v = value(point, axis);
  const SweepAxis& declared = axes_[static_cast<std::size_t>(axis)];
  if (declared.kind == SweepAxis::Kind::kValues)
    return declared.values[static_cast<std::size_t>(v)];
  return fmt::format("{}", v);
}

std::string SweepPoints::csv_value(std::int64_t point, int axis) const {
  std::string text = assignment_value(point, axis);
  if (axes_[static_cast<std::size_t>(axis)].kind != SweepAxis::Kind::kValues) return text;
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    return text.substr(1, text.size() - 2);
  if (!text.empty() && (text.front() == '[' || text.front() == '{')) {
    // An array or a table: no quotes or spaces, `;` for `,` (a CSV cell).
    std::string cell;
    for (const char c : text) {
      if (c == '"' || c == ' ') continue;
      cell += c == ',' ? ';' : c;
    }
    return cell;
  }
  return text;
}

std::string SweepPoints::assignment(std::int64_t point, int axis) const {
  return fmt::format("{}={}", axes_[static_cast<std::size_t>(axis)].path,
                     assignment_value(point, axis));
}

std::vector<std::int64_t> SweepPoints::run_order() const {
  int bits = 0;
  while ((std::int64_t{1} << bits) < points_) ++bits;
  const auto count = static_cast<std::uint64_t>(points_);
  std::vector<std::int64_t> order;
  order.reserve(static_cast<std::size_t>(points_));
  for (std::uint64_t i = 0; i < (std::uint64_t{1} << bits); ++i) {
    const std::uint64_t index = bit_reverse(i, bits);
    if (index < count) order.push_back(static_cast<std::int64_t>(index));
  }
  PARLEY_CHECK(static_cast<std::int64_t>(order.size()) == points_,
               "run order has {} points, expected {}", order.size(), points_);
  return order;
}

}  // namespace parley
