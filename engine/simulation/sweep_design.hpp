// Sweep designs: which values of which scenario parameters a sweep runs, and in
// which order.
//
// A design is declared (SweepSpec: from a `[sweep]` table, a design file or the
// command line) and then expanded into points (SweepPoints), one value per
// swept parameter per point:
//
// - grid: full factorial of `grid` axes (COUNT evenly spaced values from START
//   to STOP inclusive) and `values` axes (a list), crossed, the first axis
//   varying slowest;
// - Latin hypercube (McKay, Beckman & Conover 1979): N points, each axis's
//   range cut into N equal strata with one point per stratum, strata permuted
//   independently per axis and jittered uniformly within the stratum, drawn from
//   the (seed, kDesign) stream;
// - Sobol/Saltelli (Saltelli 2002; Saltelli et al. 2010): a 2K-dimensional
//   Sobol low-discrepancy sequence (Boost.Random's `sobol`, Joe & Kuo 2008
//   direction numbers, the all-zero first point skipped) gives base matrices
//   A (first K columns) and B (last K); the design is, for each base sample j,
//   the K + 2 points A_j, AB_j^(1), …, AB_j^(K), B_j, where AB^(i) is A with
//   column i taken from B. That is N(K + 2) points, the layout
//   analysis/sensitivity.hpp expects.
//
// Discrete factors: a `values` axis of n values in a Latin hypercube or Sobol
// design is drawn like a range: its coordinate u in [0, 1) picks value
// floor(u·n) (so each value covers an equal share of the unit interval, and an
// LHS of N = m·n samples gives each value exactly m times). The draws are the
// same as for a range axis, so the other axes' values do not depend on whether
// an axis is discrete.
//
// Run order: points are run in van der Corput (bit-reversed index) order, so
// the points completed by an interrupted sweep are spread evenly over the
// design rather than bunched at its start.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "scenario/sweep_spec.hpp"

namespace parley {

// The expanded design: the value of each axis at each point.
class SweepPoints {
 public:
  // Expands `spec`; `seed` keys the Latin hypercube stream. Throws UsageError
  // when the spec is inconsistent (ranges in a grid design, no axes, …).
  SweepPoints(const SweepSpec& spec, std::uint64_t seed);

  std::int64_t point_count() const { return points_; }
  int axis_count() const { return static_cast<int>(axes_.size()); }
  const std::vector<SweepAxis>& axes() const { return axes_; }

  // Numeric value of axis k at point p; for a `values` axis, the index into
  // its list.
  double value(std::int64_t point, int axis) const;
  // The value as TOML text for apply_override ("0.25", "\"frozen_line\"").
  std::string assignment_value(std::int64_t point, int axis) const;
  // The value as a CSV cell (numbers in shortest round-trip form, names without
  // quotes; an array or table without quotes or spaces and with `;` for `,`,
  // e.g. [ukraine;eu]).
  std::string csv_value(std::int64_t point, int axis) const;
  // `path=value` for apply_override.
  std::string assignment(std::int64_t point, int axis) const;

  // Van der Corput order of all points (a permutation of 0 … P−1).
  std::vector<std::int64_t> run_order() const;

 private:
  std::vector<SweepAxis> axes_;
  std::int64_t points_ = 1;
  Eigen::MatrixXd values_;  // P×K
};

}  // namespace parley
