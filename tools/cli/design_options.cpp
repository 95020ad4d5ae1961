#include "cli/design_options.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "parsing/sweep_validation.hpp"

namespace parley::cli {
namespace po = boost::program_options;

namespace {

double design_number(std::string_view text, std::string_view option, std::string_view what) {
  return option_number("sweep", text, option, what);
}

// Splits "PATH=REST" of a design option.
std::pair<std::string, std::string> design_assignment(const std::string& text,
                                                      std::string_view option,
                                                      std::string_view form) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
    throw UsageError(fmt::format("parley sweep: {} {}: expected {}", option, text, form));
  }
  return {text.substr(0, equals), text.substr(equals + 1)};
}

// A problem of a design given by flags, worded as today's flag errors: the flag,
// and for an axis the argument as given.
class FlagWording final : public SweepWording {
 public:
  // One per axis, in the order of SweepSpec::axes: the argument (PATH=…) and, for
  // --grid, the COUNT as given.
  void add(std::string argument, std::string count = {}) {
    arguments_.push_back(std::move(argument));
    counts_.push_back(std::move(count));
  }

  [[noreturn]] void fail(SweepProblem problem, const SweepSpec& spec,
                         std::size_t axis) const override {
    const char* sampler = spec.kind == DesignKind::kLatinHypercube ? "lhs" : "sobol";
    const std::string argument = axis < arguments_.size() ? arguments_[axis] : std::string();
    switch (problem) {
      case SweepProblem::kGridAxisInSampledDesign:
      case SweepProblem::kValuesAxisInSampledDesign:
        throw UsageError(fmt::format(
            "parley sweep: --{} samples parameters from --range PATH=LO:HI; it does not combine "
            "with --grid or --values",
            sampler));
      case SweepProblem::kRangeAxisInGridDesign:
        throw UsageError(
            "parley sweep: --range is for sampled designs: add --lhs N or --sobol N (or use --grid "
            "PATH=START:STOP:COUNT)");
      case SweepProblem::kNoAxes:
        throw UsageError(
            fmt::format("parley sweep: --{} N needs at least one --range PATH=LO:HI", sampler));
      case SweepProblem::kSamplesBelowOne:
        throw UsageError(
            fmt::format("parley sweep: --{} must be ≥ 1, found {}", sampler, spec.samples));
      case SweepProblem::kGridCountBelowOne:
        throw UsageError(fmt::format(
            "parley sweep: --grid {}: expected COUNT to be an integer ≥ 1, found \"{}\"", argument,
            axis < counts_.size() ? counts_[axis] : std::string()));
      case SweepProblem::kRangeNotIncreasing:
        throw UsageError(fmt::format("parley sweep: --range {}: expected LO < HI", argument));
      case SweepProblem::kSweptTwice:
        throw UsageError(fmt::format("parley sweep: `{}` is swept twice", spec.axes[axis].path));
      case SweepProblem::kAxesInSinglePoint:
      case SweepProblem::kGridNotFinite:
      case SweepProblem::kEmptyValues:
      case SweepProblem::kRangeNotFinite:
        break;  // the flags' syntax rules these out
    }
    throw UsageError("parley sweep: " + sweep_problem_text(problem, spec, axis));
  }

 private:
  std::vector<std::string> arguments_;
  std::vector<std::string> counts_;
};

}  // namespace

double option_number(std::string_view command, std::string_view text, std::string_view option,
                     std::string_view what) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    throw UsageError(fmt::format("parley {}: {}: expected {} to be a number, found \"{}\"", command,
                                 option, what, text));
  }
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

namespace {

// The items of a --values list: split at the commas outside brackets, braces
// and quotes, so that an item may be an array ["ukraine","eu"] or a table.
std::vector<std::string_view> split_values(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  int depth = 0;
  bool quoted = false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '[' || c == '{') ++depth;
    if ((c == ']' || c == '}') && depth > 0) --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(text.substr(start, k - start));
      start = k + 1;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

}  // namespace

// The design given by --grid/--values/--lhs/--sobol/--range, if any. The flags'
// syntax is read here; the design is checked by validate_sweep, as a [sweep]
// table is.
std::optional<SweepSpec> command_line_design(const po::variables_map& values) {
  auto list = [&](const char* name) {
    return values.count(name) ? values[name].as<std::vector<std::string>>()
                              : std::vector<std::string>{};
  };
  const auto grids = list("grid");
  const auto value_lists = list("values");
  const auto ranges = list("range");
  const bool lhs = values.count("lhs") > 0;
  const bool sobol = values.count("sobol") > 0;
  if (grids.empty() && value_lists.empty() && ranges.empty() && !lhs && !sobol) return std::nullopt;
  if (lhs && sobol) throw UsageError("parley sweep: give --lhs N or --sobol N, not both");
  SweepSpec spec;
  FlagWording wording;
  spec.kind = lhs ? DesignKind::kLatinHypercube : sobol ? DesignKind::kSobol : DesignKind::kGrid;
  if (lhs || sobol) spec.samples = values[lhs ? "lhs" : "sobol"].as<std::int64_t>();
  // The design as a whole first, from which flags are given (flags that do not
  // belong to it are refused before their syntax is read); then each axis as it
  // is read. Both are validate_sweep's checks.
  {
    SweepSpec shape = spec;
    for (const auto& [flags, kind] :
         {std::pair{&ranges, SweepAxis::Kind::kRange}, std::pair{&grids, SweepAxis::Kind::kGrid},
          std::pair{&value_lists, SweepAxis::Kind::kValues}}) {
      for (std::size_t k = 0; k < flags->size(); ++k) shape.axes.emplace_back().kind = kind;
    }
    validate_sweep_shape(shape, wording);
  }
  const auto add = [&](SweepAxis axis, std::string argument, std::string count = {}) {
    spec.axes.push_back(std::move(axis));
    wording.add(std::move(argument), std::move(count));
    validate_sweep_values(spec, spec.axes.size() - 1, wording);
    validate_sweep_path(spec, spec.axes.size() - 1, wording);
  };
  for (const std::string& text : ranges) {
    const auto [path, rest] = design_assignment(text, "--range",
                                                "PATH=LO:HI, e.g. "
                                                "actors.us.reservation_utility=0.2:0.6");
    const auto parts = split(rest, ':');
    if (parts.size() != 2) {
      throw UsageError(fmt::format(
          "parley sweep: --range {}: expected PATH=LO:HI, found {} part(s) after =", text,
          parts.size()));
    }
    SweepAxis axis;
    axis.path = path;
    axis.kind = SweepAxis::Kind::kRange;
    axis.low = design_number(parts[0], "--range", "LO");
    axis.high = design_number(parts[1], "--range", "HI");
    axis.origin = {"--range", 0, 0};
    add(std::move(axis), text);
  }
  for (const std::string& text : grids) {
    const auto [path, rest] = design_assignment(
        text, "--grid", "PATH=START:STOP:COUNT, e.g. actors.us.salience.minerals_share=0:1:11");
    const auto parts = split(rest, ':');
    if (parts.size() != 3) {
      throw UsageError(fmt::format(
          "parley sweep: --grid {}: expected PATH=START:STOP:COUNT, found {} part(s) after =", text,
          parts.size()));
    }
    SweepAxis axis;
    axis.path = path;
    axis.kind = SweepAxis::Kind::kGrid;
    axis.start = design_number(parts[0], "--grid", "START");
    axis.stop = design_number(parts[1], "--grid", "STOP");
    const auto [end, error] =
        std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), axis.count);
    if (error != std::errc() || end != parts[2].data() + parts[2].size()) {
      throw UsageError(
          fmt::format("parley sweep: --grid {}: expected COUNT to be an integer ≥ 1, found \"{}\"",
                      text, parts[2]));
    }
    axis.origin = {"--grid", 0, 0};
    add(std::move(axis), text, std::string(parts[2]));
  }
  for (const std::string& text : value_lists) {
    const auto [path, rest] = design_assignment(
        text, "--values", "PATH=a,b,c, e.g. phases.exploratory.max_rounds=4,8,12");
    SweepAxis axis;
    axis.path = path;
    axis.kind = SweepAxis::Kind::kValues;
    for (std::string_view item : split_values(rest)) {
      if (item.empty()) {
        throw UsageError(fmt::format("parley sweep: --values {}: empty value in the list", text));
      }
      if (item.front() == '[' || item.front() == '{' || item.front() == '"') {
        axis.values.emplace_back(item);  // an array, a table or a quoted name, as TOML
        continue;
      }
      double number = 0.0;
      const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), number);
      if (error == std::errc() && end == item.data() + item.size() && std::isfinite(number)) {
        axis.values.push_back(fmt::format("{}", number));
      } else {
        axis.values.push_back(fmt::format("\"{}\"", item));  // an option name
      }
    }
    axis.origin = {"--values", 0, 0};
    add(std::move(axis), text);
  }
  return spec;
}

}  // namespace parley::cli
