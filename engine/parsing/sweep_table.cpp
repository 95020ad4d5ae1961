// Reading `[sweep]` tables and design files (sweep_table.hpp); their shape is
// validate_sweep's, worded here with the table's positions.
#include "parsing/sweep_table.hpp"

#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "parsing/scenario_parser.hpp"
#include "parsing/sweep_validation.hpp"

namespace parley {
namespace {

// Where the parts of a `[sweep]` table were written.
struct SweepPositions {
  SourceLocation parameters;  // the `parameters` array
  // Per axis, its `grid`, `values` or `range` (the entry is SweepAxis::origin).
  std::vector<SourceLocation> forms;
};

// A problem of a `[sweep]` table, at the position of the value at fault.
class TableWording final : public SweepWording {
 public:
  // `positions` grows as the table is read.
  explicit TableWording(const SweepPositions& positions) : positions_(positions) {}

  [[noreturn]] void fail(SweepProblem problem, const SweepSpec& spec,
                         std::size_t axis) const override {
    const SweepAxis* at = axis < spec.axes.size() ? &spec.axes[axis] : nullptr;
    const SourceLocation form =
        axis < positions_.forms.size() ? positions_.forms[axis] : positions_.parameters;
    const char* kind = to_string(spec.kind);
    switch (problem) {
      case SweepProblem::kNoAxes:
        throw ScenarioError(positions_.parameters,
                            "expected at least one [[sweep.parameters]] entry, found none");
      case SweepProblem::kGridAxisInSampledDesign:
      case SweepProblem::kValuesAxisInSampledDesign:
        throw ScenarioError(
            form, fmt::format("`{}` is for design = \"grid\"; design = \"{}\" samples each "
                              "parameter from a `range = [low, high]`",
                              problem == SweepProblem::kGridAxisInSampledDesign ? "grid" : "values",
                              kind));
      case SweepProblem::kRangeAxisInGridDesign:
        throw ScenarioError(form,
                            "`range` is for design = \"lhs\" or \"sobol\"; a grid takes "
                            "`grid = { start, stop, count }` or `values = [...]`");
      case SweepProblem::kEmptyValues:
        throw ScenarioError(form, "expected at least one value in `values`, found none");
      case SweepProblem::kRangeNotIncreasing:
        throw ScenarioError(form, fmt::format("expected `range` low < high, found [{}, {}]",
                                              at ? at->low : 0.0, at ? at->high : 0.0));
      case SweepProblem::kSweptTwice:
        throw ScenarioError(at ? at->origin : form,
                            fmt::format("`{}` is swept twice in [sweep]", at ? at->path : ""));
      case SweepProblem::kAxesInSinglePoint:
      case SweepProblem::kSamplesBelowOne:
      case SweepProblem::kGridCountBelowOne:
      case SweepProblem::kGridNotFinite:
      case SweepProblem::kRangeNotFinite:
        break;  // read as integers ≥ 1 and finite numbers: not found here
    }
    throw ScenarioError(at ? at->origin : positions_.parameters,
                        sweep_problem_text(problem, spec, axis));
  }

 private:
  const SweepPositions& positions_;
};

// One value of a `values` list as TOML text for apply_override: a number in
// shortest round-trip form, a name in quotes, an array ["ukraine", "eu"] or an
// inline table { rule = "quota", quota = 0.6 }.
std::string value_text(const TomlReader& read, const toml::node& value) {
  if (const auto text = value.value_exact<std::string>()) {
    for (const char c : *text) {
      const auto byte = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\' || byte < 0x20 || byte == 0x7f)
        read.fail(value,
                  "expected each of `values` to be a name without quotes, backslashes or "
                  "control characters");
    }
    return fmt::format("\"{}\"", *text);
  }
  if (const toml::array* array = value.as_array()) {
    std::string out = "[";
    for (std::size_t k = 0; k < array->size(); ++k)
      out += (k == 0 ? "" : ", ") + value_text(read, *array->get(k));
    return out + "]";
  }
  if (const toml::table* table = value.as_table()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, item] : *table) {
      if (!is_id(key.str()))
        read.fail(key.source(), fmt::format("expected a bare key, found `{}`", key.str()));
      out += fmt::format("{} {} = {}", first ? "" : ",", key.str(), value_text(read, item));
      first = false;
    }
    return out + " }";
  }
  return fmt::format("{}", read.as_number(value, "each of `values`"));
}

}  // namespace

SweepSpec read_sweep_table(const TomlReader& read, const toml::node& node) {
  const auto& table = read.as_table(node, "[sweep]");
  read.check_keys(table, "[sweep]", {"design", "samples", "replicates", "parameters"});
  SweepSpec spec;
  spec.kind = DesignKind::kGrid;
  if (const auto* design = table.get("design")) {
    const std::string kind = read.as_string(*design, "`design`");
    const std::optional<DesignKind> named = sampled_or_grid_design(kind);
    if (!named) {
      read.fail(*design,
                fmt::format("expected `design` to be \"grid\", \"lhs\" or \"sobol\", found \"{}\"",
                            kind));
    }
    spec.kind = *named;
  }
  const bool sampled = spec.kind != DesignKind::kGrid;
  if (const auto* samples = table.get("samples")) {
    if (!sampled) read.fail(*samples, "`samples` applies to design = \"lhs\" or \"sobol\" only");
    spec.samples = read.as_integer(*samples, "`samples`", 1);
  } else if (sampled) {
    read.fail(table, fmt::format("missing key `samples` in [sweep] (design = \"{}\")",
                                 to_string(spec.kind)));
  }
  if (const auto* replicates = table.get("replicates"))
    spec.replicates = read.as_integer(*replicates, "`replicates`", 1);
  const auto& list =
      read.as_array(read.require(table, "parameters", "[sweep]"), "`sweep.parameters`");
  // The design is checked entry by entry as it is read (validate_sweep's steps),
  // so that the first problem in the table is the one reported.
  SweepPositions positions;
  positions.parameters = read.where(list);
  const TableWording wording(positions);
  if (list.empty()) validate_sweep_shape(spec, wording);
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::string context = fmt::format("[[sweep.parameters]] #{}", k + 1);
    const auto& entry = read.as_table(list[k], context);
    read.check_keys(entry, context, {"path", "grid", "values", "range"});
    SweepAxis& axis = spec.axes.emplace_back();
    axis.origin = read.where(entry);
    axis.path = read.as_string(read.require(entry, "path", context), "`path`");
    validate_sweep_path(spec, k, wording);
    const int forms =
        (entry.get("grid") ? 1 : 0) + (entry.get("values") ? 1 : 0) + (entry.get("range") ? 1 : 0);
    if (forms != 1) {
      read.fail(entry, fmt::format("expected exactly one of `grid`, `values` or `range` in {}, "
                                   "found {}",
                                   context, forms));
    }
    // The axis's kind against the design's, before its values are read.
    const auto placed = [&](SweepAxis::Kind kind, const toml::node& form) {
      axis.kind = kind;
      positions.forms.push_back(read.where(form));
      validate_sweep_shape(spec, wording);
    };
    if (const auto* grid_node = entry.get("grid")) {
      placed(SweepAxis::Kind::kGrid, *grid_node);
      const auto& grid = read.as_table(*grid_node, "`grid`");
      read.check_keys(grid, "`grid`", {"start", "stop", "count"});
      axis.start = read.as_number(read.require(grid, "start", "`grid`"), "`start`");
      axis.stop = read.as_number(read.require(grid, "stop", "`grid`"), "`stop`");
      axis.count = read.as_integer(read.require(grid, "count", "`grid`"), "`count`", 1);
    } else if (const auto* values_node = entry.get("values")) {
      placed(SweepAxis::Kind::kValues, *values_node);
      for (const toml::node& value : read.as_array(*values_node, "`values`"))
        axis.values.push_back(value_text(read, value));
    } else {
      const auto& range = read.as_array(*entry.get("range"), "`range`");
      placed(SweepAxis::Kind::kRange, range);
      if (range.size() != 2)
        read.fail(range, fmt::format("expected `range` to be [low, high], found {} numbers",
                                     range.size()));
      axis.low = read.as_number(*range.get(0), "`range` low");
      axis.high = read.as_number(*range.get(1), "`range` high");
    }
    validate_sweep_values(spec, k, wording);
  }
  return spec;
}

SweepSpec load_sweep_design(const std::string& path) {
  const std::string bytes = read_input_file(path, "design file");
  const toml::table root = parse_toml(bytes, path);
  const TomlReader read(path);
  read.check_keys(root, "a design file", {"sweep"});
  return read_sweep_table(read, read.require(root, "sweep", "a design file"));
}

}  // namespace parley
