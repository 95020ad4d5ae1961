// The one validation of a sweep design (SweepSpec), wherever it was declared: a
// scenario's `[sweep]` table, a design file (parsing/sweep_table.cpp), the command
// line's --grid/--values/--lhs/--sobol/--range (tools/cli/cli_options.cpp), or a
// design given to SweepPoints (simulation/sweep_design.hpp, e.g. read back from a
// manifest).
//
// validate_sweep checks a design's shape: axes of the kinds its design takes
// (grid and values axes in a grid design, range and values axes in lhs and
// sobol designs — a values axis there is a discrete factor,
// simulation/sweep_design.hpp — none in a single point), at least one axis, samples ≥ 1 for a
// sampled design, a grid count ≥ 1 with finite ends, a non-empty values list, a finite range with
// low < high, and no parameter swept twice. The checks are here only; how a
// problem is worded depends on where the design was declared, so each place
// passes its SweepWording: a file names the position of the value, the command
// line the flag, SweepPoints the axis. (The caps on a design's size are
// SweepPoints'; the values against a scenario are check_sweep's.)
//
// check_sweep checks each value a design gives a swept parameter against a
// scenario, as `--set` would apply it; values of structural paths (strategy
// kinds, decision rules, participants, …: parsing/structural_overrides.hpp)
// together, as a sweep point applies them.
#pragma once

#include <cstddef>
#include <string>

#include "scenario/scenario.hpp"
#include "scenario/sweep_spec.hpp"

namespace parley {

// A problem validate_sweep finds, in the order it looks for them.
enum class SweepProblem {
  kAxesInSinglePoint,          // a single_point design with axes
  kGridAxisInSampledDesign,    // a grid axis in an lhs or sobol design
  kValuesAxisInSampledDesign,  // no longer raised: values axes are discrete factors there
  kRangeAxisInGridDesign,      // a range axis in a grid design
  kNoAxes,                     // a grid, lhs or sobol design without axes
  kSamplesBelowOne,            // an lhs or sobol design with samples < 1
  kGridCountBelowOne,
  kGridNotFinite,  // start or stop
  kEmptyValues,
  kRangeNotFinite,
  kRangeNotIncreasing,  // !(low < high)
  kSweptTwice,          // the axis's path is an earlier axis's
};

// Turns a problem of a design into the error its reader expects.
class SweepWording {
 public:
  virtual ~SweepWording() = default;
  // Throws the error for `problem` of `spec`; `axis` is the axis at fault (0 for
  // a problem of the whole design).
  [[noreturn]] virtual void fail(SweepProblem problem, const SweepSpec& spec,
                                 std::size_t axis) const = 0;
};

// The problem in words that name the axis ("axis `x`: range needs low < high, …").
std::string sweep_problem_text(SweepProblem problem, const SweepSpec& spec, std::size_t axis);

// Checks the design's shape (above); throws through `wording` at the first problem.
// It is validate_sweep_shape, then for each axis in order validate_sweep_values
// and validate_sweep_path.
void validate_sweep(const SweepSpec& spec, const SweepWording& wording);
// The same, each problem a UsageError with sweep_problem_text.
void validate_sweep(const SweepSpec& spec);

// The steps of validate_sweep, for a reader that checks a design as it reads it,
// so that its errors come in the order they always came (a [sweep] table entry by
// entry; the command line's flags that do not belong to the design before the
// syntax of those that do):
//  - the design as a whole, from the axes' kinds alone: no axes in a single point,
//    each axis of a kind the design takes, at least one axis, samples ≥ 1;
void validate_sweep_shape(const SweepSpec& spec, const SweepWording& wording);
//  - axis `k`'s count and ends, values or range;
void validate_sweep_values(const SweepSpec& spec, std::size_t k, const SweepWording& wording);
//  - axis `k`'s path, which no earlier axis may have.
void validate_sweep_path(const SweepSpec& spec, std::size_t k, const SweepWording& wording);

// Checks that every value a design gives each swept parameter is one the
// scenario accepts (grid and list values each; a range's ends). When some axes
// change the structure (parsing/structural_overrides.hpp: changes_structure),
// their values are checked in combination (every combination up to 64, applied
// as a sweep point applies them: apply_point), and the other axes' values in
// each combination. Errors name where the parameter was declared: ScenarioError
// for a file position, UsageError for the command line.
void check_sweep(const Scenario& scenario, const SweepSpec& spec);

}  // namespace parley
