// SweepSpec: a sweep design as declared — in a scenario's `[sweep]` table, a
// design file, or on the command line (`--grid`, `--values`, `--lhs`,
// `--sobol`, `--range`). simulation/sweep_design.hpp expands it into points.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"

namespace parley {

enum class DesignKind { kSinglePoint, kGrid, kLatinHypercube, kSobol };

// "single_point", "grid", "lhs", "sobol".
const char* to_string(DesignKind kind);
// The design a `[sweep] design` or `parley.sweep` names: "grid", "lhs" or
// "sobol"; nullopt for any other name.
std::optional<DesignKind> sampled_or_grid_design(std::string_view name);

// One swept parameter as declared.
struct SweepAxis {
  enum class Kind { kGrid, kValues, kRange };
  std::string path;  // a parameter path as accepted by apply_override
  Kind kind = Kind::kGrid;
  double start = 0.0, stop = 0.0;  // kGrid: `count` values from start to stop inclusive
  std::int64_t count = 0;          // kGrid; count 1 gives just `start`
  // kValues: each value as TOML text for apply_override: a number ("0.25",
  // "12") or an option name in quotes ("\"frozen_line\"").
  std::vector<std::string> values;
  double low = 0.0, high = 0.0;  // kRange (LHS and Sobol designs): [low, high]
  // Where it was declared, for errors: a file position, or line 0 and the
  // option ("--grid") for the command line.
  SourceLocation origin;
};

// Value `level` (0 … count − 1) of a grid axis: start + (stop − start)·level/(count − 1),
// exactly `stop` at the end (just `start` when count is 1).
double grid_value(const SweepAxis& axis, std::int64_t level);

struct SweepSpec {
  DesignKind kind = DesignKind::kSinglePoint;
  std::vector<SweepAxis> axes;
  std::int64_t samples = 0;                // LHS: points; Sobol: base samples N
  std::optional<std::int64_t> replicates;  // per point, when the design says so
};

}  // namespace parley
