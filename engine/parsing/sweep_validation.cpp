// The shape of a sweep design, checked once for every place that declares one, and
// its values checked against a scenario (sweep_validation.hpp).
#include "parsing/sweep_validation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "parsing/overrides.hpp"
#include "parsing/structural_overrides.hpp"

namespace parley {
namespace {

std::string axis_name(const SweepAxis& axis, std::size_t index) {
  return axis.path.empty() ? fmt::format("axis {}", index + 1)
                           : fmt::format("axis `{}`", axis.path);
}

// "a grid", "an lhs", "a sobol".
std::string design_with_article(DesignKind kind) {
  return fmt::format("{} {}", kind == DesignKind::kLatinHypercube ? "an" : "a", to_string(kind));
}

class AxisWording final : public SweepWording {
 public:
  [[noreturn]] void fail(SweepProblem problem, const SweepSpec& spec,
                         std::size_t axis) const override {
    throw UsageError(sweep_problem_text(problem, spec, axis));
  }
};

}  // namespace

std::string sweep_problem_text(SweepProblem problem, const SweepSpec& spec, std::size_t axis) {
  const SweepAxis empty;
  const SweepAxis& at = axis < spec.axes.size() ? spec.axes[axis] : empty;
  const std::string name = axis_name(at, axis);
  switch (problem) {
    case SweepProblem::kAxesInSinglePoint:
      return fmt::format("a single_point design takes no axes, found {} (first: {})",
                         spec.axes.size(), spec.axes.empty() ? "" : spec.axes[0].path);
    case SweepProblem::kGridAxisInSampledDesign:
    case SweepProblem::kValuesAxisInSampledDesign:
      return fmt::format("{}: a `{}` design needs range axes (low, high); found a {} axis", name,
                         to_string(spec.kind),
                         problem == SweepProblem::kGridAxisInSampledDesign ? "grid" : "values");
    case SweepProblem::kRangeAxisInGridDesign:
      return fmt::format(
          "{}: a range (low, high) cannot be crossed in a grid design; ranges need an `lhs` or "
          "`sobol` design",
          name);
    case SweepProblem::kNoAxes:
      return fmt::format("{} design needs at least one axis", design_with_article(spec.kind));
    case SweepProblem::kSamplesBelowOne:
      return fmt::format("{} design needs samples >= 1, found {}", design_with_article(spec.kind),
                         spec.samples);
    case SweepProblem::kGridCountBelowOne:
      return fmt::format("{}: grid count must be >= 1, found {}", name, at.count);
    case SweepProblem::kGridNotFinite:
      return fmt::format("{}: grid start and stop must be finite numbers, found {} and {}", name,
                         at.start, at.stop);
    case SweepProblem::kEmptyValues:
      return fmt::format("{}: the list of values is empty", name);
    case SweepProblem::kRangeNotFinite:
      return fmt::format("{}: range bounds must be finite numbers, found [{}, {}]", name, at.low,
                         at.high);
    case SweepProblem::kRangeNotIncreasing:
      return fmt::format("{}: range needs low < high, found [{}, {}]", name, at.low, at.high);
    case SweepProblem::kSweptTwice:
      return fmt::format("{} is swept twice", name);
  }
  return fmt::format("{}: invalid", name);
}

void validate_sweep_shape(const SweepSpec& spec, const SweepWording& wording) {
  if (spec.kind == DesignKind::kSinglePoint) {
    if (!spec.axes.empty()) wording.fail(SweepProblem::kAxesInSinglePoint, spec, 0);
    return;
  }
  const bool sampled = spec.kind != DesignKind::kGrid;
  for (std::size_t k = 0; k < spec.axes.size(); ++k) {
    const SweepAxis::Kind kind = spec.axes[k].kind;
    if (sampled && kind == SweepAxis::Kind::kGrid)
      wording.fail(SweepProblem::kGridAxisInSampledDesign, spec, k);
    if (!sampled && kind == SweepAxis::Kind::kRange)
      wording.fail(SweepProblem::kRangeAxisInGridDesign, spec, k);
  }
  if (spec.axes.empty()) wording.fail(SweepProblem::kNoAxes, spec, 0);
  if (sampled && spec.samples < 1) wording.fail(SweepProblem::kSamplesBelowOne, spec, 0);
}

void validate_sweep_values(const SweepSpec& spec, std::size_t k, const SweepWording& wording) {
  const SweepAxis& axis = spec.axes[k];
  switch (axis.kind) {
    case SweepAxis::Kind::kGrid:
      if (axis.count < 1) wording.fail(SweepProblem::kGridCountBelowOne, spec, k);
      if (!std::isfinite(axis.start) || !std::isfinite(axis.stop))
        wording.fail(SweepProblem::kGridNotFinite, spec, k);
      break;
    case SweepAxis::Kind::kValues:
      if (axis.values.empty()) wording.fail(SweepProblem::kEmptyValues, spec, k);
      break;
    case SweepAxis::Kind::kRange:
      if (!std::isfinite(axis.low) || !std::isfinite(axis.high))
        wording.fail(SweepProblem::kRangeNotFinite, spec, k);
      if (!(axis.low < axis.high)) wording.fail(SweepProblem::kRangeNotIncreasing, spec, k);
      break;
  }
}

void validate_sweep_path(const SweepSpec& spec, std::size_t k, const SweepWording& wording) {
  for (std::size_t j = 0; j < k; ++j) {
    if (spec.axes[j].path == spec.axes[k].path) wording.fail(SweepProblem::kSweptTwice, spec, k);
  }
}

void validate_sweep(const SweepSpec& spec, const SweepWording& wording) {
  validate_sweep_shape(spec, wording);
  for (std::size_t k = 0; k < spec.axes.size(); ++k) {
    validate_sweep_values(spec, k, wording);
    validate_sweep_path(spec, k, wording);
  }
}

void validate_sweep(const SweepSpec& spec) { validate_sweep(spec, AxisWording()); }

namespace {

// The values check_sweep tries for one axis, as TOML text for apply_override.
std::vector<std::string> candidate_values(const SweepAxis& axis) {
  // A grid's values lie between its ends, so its ends decide the domain checks;
  // a long grid is checked at its ends and kMaxCheckedLevels levels evenly
  // between them (each point is checked again when the sweep applies it).
  // Larger grids than any design may hold fail here, before anything is copied.
  constexpr std::int64_t kMaxCheckedLevels = 1024;
  constexpr std::int64_t kMaxGridCount = 100'000'000;
  std::vector<std::string> candidates;
  switch (axis.kind) {
    case SweepAxis::Kind::kGrid: {
      if (axis.count > kMaxGridCount) {
        const std::string message =
            fmt::format("swept parameter {}: a grid has at most {} levels, found count = {}",
                        axis.path, kMaxGridCount, axis.count);
        if (axis.origin.line > 0) throw ScenarioError(axis.origin, message);
        throw UsageError(fmt::format("{} {}", axis.origin.file, message));
      }
      const std::int64_t checked = std::min(axis.count, kMaxCheckedLevels);
      for (std::int64_t k = 0; k < checked; ++k) {
        const std::int64_t level = checked == axis.count ? k : (axis.count - 1) * k / (checked - 1);
        candidates.push_back(fmt::format("{}", grid_value(axis, level)));
      }
      break;
    }
    case SweepAxis::Kind::kValues:
      candidates = axis.values;
      break;
    case SweepAxis::Kind::kRange:
      candidates = {fmt::format("{}", axis.low), fmt::format("{}", axis.high)};
      break;
  }
  return candidates;
}

// A refused value as the place that declared the axis words it: "swept
// parameter PATH: …" at the file position, or after the flag.
[[noreturn]] void refuse_swept(const SweepAxis& axis, const UsageError& bad,
                               const std::string& context = {}) {
  std::string message = bad.what();
  if (message.rfind("--set ", 0) == 0) message.erase(0, 6);
  message = "swept parameter " + message + context;
  if (axis.origin.line > 0) throw ScenarioError(axis.origin, message);
  throw UsageError(fmt::format("{} {}", axis.origin.file, message));
}

// Each candidate of axis `axis` on `base`, one at a time.
void check_axis(const Scenario& base, const SweepAxis& axis,
                const std::vector<std::string>& candidates, const std::string& context = {}) {
  // One copy per axis: each candidate replaces the value the previous one set.
  Scenario trial = base;
  for (const std::string& value : candidates) {
    try {
      apply_override(trial, axis.path + "=" + value);
    } catch (const UsageError& bad) {
      refuse_swept(axis, bad, context);
    }
  }
}

}  // namespace

void check_sweep(const Scenario& scenario, const SweepSpec& spec) {
  std::vector<std::vector<std::string>> candidates;
  for (const SweepAxis& axis : spec.axes) candidates.push_back(candidate_values(axis));
  std::vector<std::size_t> structural;
  for (std::size_t k = 0; k < spec.axes.size(); ++k)
    if (changes_structure(spec.axes[k].path)) structural.push_back(k);
  if (structural.empty()) {
    for (std::size_t k = 0; k < spec.axes.size(); ++k)
      check_axis(scenario, spec.axes[k], candidates[k]);
    return;
  }
  // Values of structural axes depend on each other (a quota needs the quota
  // rule, veto players the participants, a strategy parameter its kind), so
  // they are checked together, as a point applies them (apply_point): every
  // combination of their values, up to kMaxCheckedCombinations in mixed-radix
  // order (the others are checked when the sweep applies them); and in each,
  // every value of every other axis.
  constexpr std::size_t kMaxCheckedCombinations = 64;
  std::vector<std::size_t> level(structural.size(), 0);
  for (std::size_t combination = 0; combination < kMaxCheckedCombinations; ++combination) {
    std::vector<std::string> assignments;
    for (std::size_t s = 0; s < structural.size(); ++s) {
      const std::size_t k = structural[s];
      assignments.push_back(spec.axes[k].path + "=" + candidates[k][level[s]]);
    }
    Scenario trial = scenario;
    try {
      apply_point(trial, assignments);
    } catch (const UsageError& bad) {
      std::string message = bad.what();
      if (message.rfind("--set ", 0) == 0) message.erase(0, 6);
      const SweepAxis& first = spec.axes[structural.front()];
      message =
          fmt::format("swept {} {}", structural.size() > 1 ? "parameters" : "parameter", message);
      if (first.origin.line > 0) throw ScenarioError(first.origin, message);
      throw UsageError(fmt::format("{} {}", first.origin.file, message));
    }
    std::string context;
    for (const std::string& assignment : assignments)
      context += (context.empty() ? " (with " : ", ") + assignment;
    context += ")";
    for (std::size_t k = 0; k < spec.axes.size(); ++k) {
      if (!changes_structure(spec.axes[k].path))
        check_axis(trial, spec.axes[k], candidates[k], context);
    }
    // The next combination; the last structural axis varies fastest.
    bool advanced = false;
    for (std::size_t s = structural.size(); s-- > 0 && !advanced;) {
      advanced = ++level[s] < candidates[structural[s]].size();
      if (!advanced) level[s] = 0;
    }
    if (!advanced) break;  // every combination checked
  }
}

}  // namespace parley
