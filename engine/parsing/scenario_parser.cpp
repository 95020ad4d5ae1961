#include "parsing/scenario_parser.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include <fstream>
#include <initializer_list>
#include <limits>

#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "core/input_limits.hpp"
#include "core/sha256.hpp"
#include "parsing/case_table.hpp"
#include "protocol/forecast_models.hpp"
#include "protocol/protocol.hpp"
#include "strategy/equilibrium.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Bounds that keep every derived quantity finite; issue values and weights are
// bounded by kMaxIssueMagnitude and kMaxWeight (core/input_limits.hpp). A
// perception sd of 10 spans already makes every belief noise clamped into the
// range; a larger one overflows the multiplicative salience noise e^(sd·z).
// Deadlines are `int`s in the engine.
constexpr double kMaxPerceptionSd = 10.0;
constexpr std::int64_t kMaxRoundsPerPhase = 100'000'000;

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return fmt::format("the string \"{}\"", *node.value<std::string>());
    case toml::node_type::integer:
      return fmt::format("the integer {}", *node.value<std::int64_t>());
    case toml::node_type::floating_point:
      return fmt::format("the number {}", *node.value<double>());
    case toml::node_type::boolean:
      return fmt::format("the boolean {}", *node.value<bool>());
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date/time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string join_names(std::initializer_list<std::string_view> names) {
  std::string out;
  for (auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

template <typename Range>
std::string join_ids(const Range& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item.id;
  }
  return out;
}

// [a-z][a-z0-9_]*
bool is_id(std::string_view text) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// The words of the red-line language (utility/red_line.hpp): an issue with such
// an id could not be named in a red line.
bool is_red_line_word(std::string_view id) {
  return id == "and" || id == "or" || id == "not" || id == "true" || id == "false";
}

// Reads one scenario document; keeps the file name for error positions.
class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}

  SourceLocation where(const toml::source_region& region) const {
    return {file_, region.begin.line, region.begin.column};
  }
  SourceLocation where(const toml::node& node) const { return where(node.source()); }

  [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
    throw ScenarioError(where(node), message);
  }
  [[noreturn]] void fail(const toml::source_region& region, const std::string& message) const {
    throw ScenarioError(where(region), message);
  }

  // Every key of `table` must be one of `allowed`.
  void check_keys(const toml::table& table, std::string_view context,
                  std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, node] : table) {
      bool known = false;
      for (auto name : allowed) known = known || key.str() == name;
      if (!known) {
        fail(key.source(), fmt::format("unknown key `{}` in {}; expected one of: {}", key.str(),
                                       context, join_names(allowed)));
      }
    }
  }

  const toml::node& require(const toml::table& table, std::string_view key,
                            std::string_view context) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      fail(table, fmt::format("missing key `{}` in {}", key, context));
    }
    return *node;
  }

  const toml::table& as_table(const toml::node& node, std::string_view what) const {
    const auto* table = node.as_table();
    if (table == nullptr)
      fail(node, fmt::format("expected {} to be a table, found {}", what, type_name(node)));
    return *table;
  }

  const toml::array& as_array(const toml::node& node, std::string_view what) const {
    const auto* array = node.as_array();
    if (array == nullptr)
      fail(node, fmt::format("expected {} to be an array, found {}", what, type_name(node)));
    return *array;
  }

  std::string as_string(const toml::node& node, std::string_view what) const {
    const auto value = node.value_exact<std::string>();
    if (!value)
      fail(node, fmt::format("expected {} to be a string, found {}", what, type_name(node)));
    return *value;
  }

  std::string as_id(const toml::node& node, std::string_view what) const {
    std::string id = as_string(node, what);
    if (!is_id(id)) {
      fail(node, fmt::format("expected {} to be an id of lower-case letters, digits and _ starting "
                             "with a letter, found \"{}\"",
                             what, id));
    }
    return id;
  }

  double as_number(const toml::node& node, std::string_view what) const {
    if (!node.is_number())
      fail(node, fmt::format("expected {} to be a number, found {}", what, type_name(node)));
    const double value = *node.value<double>();
    if (!std::isfinite(value))
      fail(node, fmt::format("expected {} to be a finite number, found {}", what, value));
    return value;
  }

  std::int64_t as_integer(const toml::node& node, std::string_view what, std::int64_t min) const {
    const auto value = node.value_exact<std::int64_t>();
    if (!value)
      fail(node, fmt::format("expected {} to be an integer, found {}", what, type_name(node)));
    if (*value < min)
      fail(node, fmt::format("expected {} to be an integer ≥ {}, found {}", what, min, *value));
    return *value;
  }

  // A number or a distribution table; `domain` is where the parameter lives.
  Distribution as_parameter(const toml::node& node, std::string_view what, double domain_min,
                            double domain_max) const {
    if (const auto* table = node.as_table())
      return as_distribution(*table, what, domain_min, domain_max);
    if (!node.is_number()) {
      fail(node, fmt::format("expected {} to be a number or a distribution table such as "
                             "{{ dist = \"normal\", mean = 0.5, sd = 0.1 }}, found {}",
                             what, type_name(node)));
    }
    const double value = as_number(node, what);
    if (value < domain_min || value > domain_max) {
      fail(node, fmt::format("expected {} to be in {}, found {}", what,
                             domain_text(domain_min, domain_max), value));
    }
    return Distribution::fixed(value);
  }

  static std::string domain_text(double lo, double hi) {
    if (hi == kInf) return fmt::format("[{}, ∞)", lo);
    if (hi >= 1e9) return fmt::format("[{}, {:g}]", lo, hi);
    return fmt::format("[{}, {}]", lo, hi);
  }

 private:
  Distribution as_distribution(const toml::table& table, std::string_view what, double domain_min,
                               double domain_max) const {
    const std::string kind =
        as_string(require(table, "dist", fmt::format("the distribution of {}", what)), "`dist`");
    auto number = [&](std::string_view key, std::optional<double> fallback) {
      const toml::node* node = table.get(key);
      if (node == nullptr) {
        if (fallback) return *fallback;
        fail(table, fmt::format("missing key `{}` in the {} distribution of {}", key, kind, what));
      }
      return as_number(*node, fmt::format("`{}`", key));
    };
    const std::string context = fmt::format("the {} distribution of {}", kind, what);
    try {
      Distribution result = Distribution::fixed(0.0);
      double support_min = -kInf;
      double support_max = kInf;
      if (kind == "normal") {
        check_keys(table, context, {"dist", "mean", "sd"});
        result = Distribution::normal(number("mean", {}), number("sd", {}));
      } else if (kind == "truncated_normal") {
        check_keys(table, context, {"dist", "mean", "sd", "min", "max"});
        support_min = number("min", {});
        support_max = number("max", {});
        result = Distribution::truncated_normal(number("mean", {}), number("sd", {}), support_min,
                                                support_max);
      } else if (kind == "uniform") {
        check_keys(table, context, {"dist", "min", "max"});
        support_min = number("min", {});
        support_max = number("max", {});
        result = Distribution::uniform(support_min, support_max);
      } else if (kind == "beta") {
        check_keys(table, context, {"dist", "alpha", "beta", "min", "max"});
        support_min = number("min", 0.0);
        support_max = number("max", 1.0);
        result =
            Distribution::beta(number("alpha", {}), number("beta", {}), support_min, support_max);
      } else if (kind == "triangular") {
        check_keys(table, context, {"dist", "min", "mode", "max"});
        support_min = number("min", {});
        support_max = number("max", {});
        result = Distribution::triangular(support_min, number("mode", {}), support_max);
      } else {
        fail(*table.get("dist"),
             fmt::format("unknown distribution \"{}\" for {}; expected one of: normal, "
                         "truncated_normal, uniform, beta, triangular",
                         kind, what));
      }
      const double mean = result.mean();
      if (mean < domain_min || mean > domain_max) {
        fail(table, fmt::format("expected the mean of {} to be in {}, found {}", what,
                                domain_text(domain_min, domain_max), mean));
      }
      if (support_min < domain_min || support_max > domain_max) {
        if (std::isfinite(support_min) && std::isfinite(support_max)) {
          fail(table,
               fmt::format("expected the {} distribution of {} to lie in {}, found [{}, {}]", kind,
                           what, domain_text(domain_min, domain_max), support_min, support_max));
        }
      }
      return result;
    } catch (const std::invalid_argument& bad) {
      fail(table, fmt::format("invalid {} distribution for {}: {}", kind, what, bad.what()));
    }
  }

  std::string file_;
};

// A phase's deadline: an integer in [1, kMaxRoundsPerPhase] (the engine counts rounds in `int`).
int read_max_rounds(const Reader& read, const toml::node& node) {
  const std::int64_t rounds = read.as_integer(node, "`max_rounds`", 1);
  if (rounds > kMaxRoundsPerPhase) {
    read.fail(node, fmt::format("expected `max_rounds` to be at most {}, found {}",
                                kMaxRoundsPerPhase, rounds));
  }
  return static_cast<int>(rounds);
}

// A `[sweep]` table (scenario file or design file); see scenarios/README.md.
SweepSpec read_sweep_table(const Reader& read, const toml::node& node) {
  const auto& table = read.as_table(node, "[sweep]");
  read.check_keys(table, "[sweep]", {"design", "samples", "replicates", "parameters"});
  SweepSpec spec;
  spec.kind = DesignKind::kGrid;
  if (const auto* design = table.get("design")) {
    const std::string kind = read.as_string(*design, "`design`");
    if (kind == "grid") {
      spec.kind = DesignKind::kGrid;
    } else if (kind == "lhs") {
      spec.kind = DesignKind::kLatinHypercube;
    } else if (kind == "sobol") {
      spec.kind = DesignKind::kSobol;
    } else {
      read.fail(*design,
                fmt::format("expected `design` to be \"grid\", \"lhs\" or \"sobol\", found \"{}\"",
                            kind));
    }
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
  if (list.empty()) read.fail(list, "expected at least one [[sweep.parameters]] entry, found none");
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::string context = fmt::format("[[sweep.parameters]] #{}", k + 1);
    const auto& entry = read.as_table(list[k], context);
    read.check_keys(entry, context, {"path", "grid", "values", "range"});
    SweepAxis axis;
    axis.origin = read.where(entry);
    axis.path = read.as_string(read.require(entry, "path", context), "`path`");
    for (const SweepAxis& other : spec.axes) {
      if (other.path == axis.path)
        read.fail(entry, fmt::format("`{}` is swept twice in [sweep]", axis.path));
    }
    const int forms =
        (entry.get("grid") ? 1 : 0) + (entry.get("values") ? 1 : 0) + (entry.get("range") ? 1 : 0);
    if (forms != 1) {
      read.fail(entry, fmt::format("expected exactly one of `grid`, `values` or `range` in {}, "
                                   "found {}",
                                   context, forms));
    }
    if (const auto* grid_node = entry.get("grid")) {
      if (sampled)
        read.fail(*grid_node, fmt::format("`grid` is for design = \"grid\"; design = \"{}\" "
                                          "samples each parameter from a `range = [low, high]`",
                                          to_string(spec.kind)));
      const auto& grid = read.as_table(*grid_node, "`grid`");
      read.check_keys(grid, "`grid`", {"start", "stop", "count"});
      axis.kind = SweepAxis::Kind::kGrid;
      axis.start = read.as_number(read.require(grid, "start", "`grid`"), "`start`");
      axis.stop = read.as_number(read.require(grid, "stop", "`grid`"), "`stop`");
      axis.count = read.as_integer(read.require(grid, "count", "`grid`"), "`count`", 1);
    } else if (const auto* values_node = entry.get("values")) {
      if (sampled)
        read.fail(*values_node, fmt::format("`values` is for design = \"grid\"; design = \"{}\" "
                                            "samples each parameter from a `range = [low, high]`",
                                            to_string(spec.kind)));
      const auto& values = read.as_array(*values_node, "`values`");
      if (values.empty()) read.fail(values, "expected at least one value in `values`, found none");
      axis.kind = SweepAxis::Kind::kValues;
      for (const toml::node& value : values) {
        if (const auto text = value.value_exact<std::string>()) {
          axis.values.push_back(fmt::format("\"{}\"", *text));
        } else {
          axis.values.push_back(fmt::format("{}", read.as_number(value, "each of `values`")));
        }
      }
    } else {
      const auto& range = read.as_array(*entry.get("range"), "`range`");
      if (!sampled)
        read.fail(range,
                  "`range` is for design = \"lhs\" or \"sobol\"; a grid takes "
                  "`grid = { start, stop, count }` or `values = [...]`");
      if (range.size() != 2)
        read.fail(range, fmt::format("expected `range` to be [low, high], found {} numbers",
                                     range.size()));
      axis.kind = SweepAxis::Kind::kRange;
      axis.low = read.as_number(*range.get(0), "`range` low");
      axis.high = read.as_number(*range.get(1), "`range` high");
      if (!(axis.low < axis.high))
        read.fail(range,
                  fmt::format("expected `range` low < high, found [{}, {}]", axis.low, axis.high));
    }
    spec.axes.push_back(std::move(axis));
  }
  return spec;
}

class ScenarioBuilder {
 public:
  // `actor_rows[k]` is where the k-th entry of root["actors"] came from when
  // `[actors_table]` made it (its table row), else line 0: errors about a table
  // actor name that row, as its generated nodes have no position.
  ScenarioBuilder(const toml::table& root, std::string_view source,
                  std::vector<SourceLocation> actor_rows = {})
      : root_(root), read_(source), actor_rows_(std::move(actor_rows)) {
    scenario_.source_name = std::string(source);
  }

  Scenario build() {
    read_.check_keys(root_, "the scenario file",
                     {"scenario", "run", "uncertainty", "issues", "actors", "actors_table", "deals",
                      "phases", "shocks", "sweep"});
    read_header();
    read_run();
    read_issues();
    size_parameters();
    read_uncertainty();
    read_issue_status_quos();
    try {
      read_actors();
    } catch (const ScenarioError& bad) {
      // A node made from an [actors_table] row has no position (line 0): name the row.
      if (reading_actor_ < actor_rows_.size() && actor_rows_[reading_actor_].line != 0 &&
          bad.where().line == 0)
        throw ScenarioError(actor_rows_[reading_actor_], bad.message());
      throw;
    }
    read_deals();
    read_phases();
    read_instruments();
    read_shocks();
    if (const auto* sweep = root_.get("sweep")) scenario_.sweep = read_sweep_table(read_, *sweep);
    return std::move(scenario_);
  }

 private:
  // The required `id` of a list entry, unique among `existing` (anything with `.id`).
  template <typename Items>
  std::string unique_id(const toml::table& table, std::string_view context, std::string_view kind,
                        const Items& existing) const {
    const auto& node = read_.require(table, "id", context);
    std::string id = read_.as_id(node, fmt::format("the {} `id`", kind));
    for (const auto& other : existing) {
      if (other.id == id) read_.fail(node, fmt::format("duplicate {} id `{}`", kind, id));
    }
    return id;
  }

  void read_header() {
    const auto& header =
        read_.as_table(read_.require(root_, "scenario", "the scenario file"), "[scenario]");
    read_.check_keys(header, "[scenario]", {"name", "description"});
    scenario_.name = read_.as_string(read_.require(header, "name", "[scenario]"), "`name`");
    if (const auto* node = header.get("description")) {
      scenario_.description = read_.as_string(*node, "`description`");
    }
  }

  void read_run() {
    const toml::node* node = root_.get("run");
    if (node == nullptr) return;
    const auto& run = read_.as_table(*node, "[run]");
    read_.check_keys(run, "[run]", {"seed", "replicates"});
    if (const auto* seed = run.get("seed")) {
      scenario_.run.seed = static_cast<std::uint64_t>(read_.as_integer(*seed, "`seed`", 0));
    }
    if (const auto* replicates = run.get("replicates")) {
      scenario_.run.replicates = read_.as_integer(*replicates, "`replicates`", 1);
    }
  }

  void read_issues() {
    const auto& list =
        read_.as_array(read_.require(root_, "issues", "the scenario file"), "`issues`");
    if (list.empty()) read_.fail(list, "expected at least one [[issues]] entry, found none");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::string context = fmt::format("[[issues]] #{}", k + 1);
      const auto& table = read_.as_table(list[k], context);
      read_.check_keys(table, context,
                       {"id", "label", "unit", "range", "options", "status_quo", "ends"});
      Issue issue;
      issue.id = unique_id(table, context, "issue", scenario_.issues);
      if (is_red_line_word(issue.id)) {
        read_.fail(*table.get("id"),
                   fmt::format("expected the issue `id` to be an id other than and, or, not, true "
                               "and false (words of the red-line language), found \"{}\"",
                               issue.id));
      }
      const std::string where = fmt::format("issue `{}`", issue.id);
      issue.label = read_.as_string(read_.require(table, "label", where), "`label`");
      if (const auto* unit = table.get("unit")) issue.unit = read_.as_string(*unit, "`unit`");
      const toml::node* range = table.get("range");
      const toml::node* options = table.get("options");
      if (range != nullptr && options != nullptr) {
        read_.fail(*options, fmt::format("issue `{}` has both `range` (continuous) and `options` "
                                         "(discrete); expected one of them",
                                         issue.id));
      }
      if (options != nullptr) {
        const auto& array = read_.as_array(*options, "`options`");
        if (array.size() < 2) {
          read_.fail(array,
                     fmt::format("expected at least 2 options for discrete issue `{}`, found {}",
                                 issue.id, array.size()));
        }
        std::set<std::string> seen;
        for (const auto& option : array) {
          std::string name = read_.as_id(option, "an option name");
          if (!seen.insert(name).second)
            read_.fail(option, fmt::format("duplicate option \"{}\"", name));
          issue.options.push_back(std::move(name));
        }
        issue.min = 0.0;
        issue.max = static_cast<double>(issue.options.size() - 1);
      } else if (range != nullptr) {
        const auto& array = read_.as_array(*range, "`range`");
        if (array.size() != 2) {
          read_.fail(array,
                     fmt::format("expected `range` to be [min, max], found an array of {} values",
                                 array.size()));
        }
        issue.min = read_.as_number(array[0], "the range minimum");
        issue.max = read_.as_number(array[1], "the range maximum");
        for (std::size_t end = 0; end < 2; ++end) {
          const double value = end == 0 ? issue.min : issue.max;
          if (std::abs(value) > kMaxIssueMagnitude) {
            read_.fail(array[end], fmt::format("expected the range {} to be in [-1e12, 1e12] "
                                               "(rescale the issue's unit), found {}",
                                               end == 0 ? "minimum" : "maximum", value));
          }
        }
        if (!(issue.min < issue.max)) {
          read_.fail(array,
                     fmt::format("expected range min < max, found [{}, {}]", issue.min, issue.max));
        }
      } else {
        read_.fail(table,
                   fmt::format("issue `{}` needs `range = [min, max]` (continuous) or `options = "
                               "[…]` (discrete)",
                               issue.id));
      }
      if (const auto* ends = table.get("ends")) {
        const auto& array = read_.as_array(*ends, "`ends`");
        if (array.size() != 2) {
          read_.fail(array,
                     fmt::format("expected `ends` to be [label of min, label of max], found an "
                                 "array of {} values",
                                 array.size()));
        }
        issue.ends = {read_.as_string(array[0], "an end label"),
                      read_.as_string(array[1], "an end label")};
      }
      status_quo_nodes_.push_back(&read_.require(table, "status_quo", where));
      scenario_.issues.push_back(std::move(issue));
    }
  }

  void size_parameters() {
    const auto* list = root_.get("actors");
    const auto n = static_cast<Eigen::Index>(
        list != nullptr && list->is_array() ? list->as_array()->size() : 0);
    const auto d = static_cast<Eigen::Index>(scenario_.issues.size());
    ModelParameters& p = scenario_.base;
    p.capability = Eigen::VectorXd::Ones(n);
    p.ideal = Eigen::MatrixXd::Zero(n, d);
    p.salience = Eigen::MatrixXd::Zero(n, d);
    p.reservation = Eigen::VectorXd::Zero(n);
    p.discount = Eigen::VectorXd::Ones(n);
    p.risk = Eigen::VectorXd::Ones(n);
    p.status_quo = Eigen::VectorXd::Zero(d);
    p.strategy_params = Eigen::MatrixXd::Zero(n, kMaxStrategyParams);
    p.instrument = Eigen::MatrixXd::Zero(0, 3);
    p.shock_probability = Eigen::VectorXd::Zero(0);
    p.shock_change = Eigen::VectorXd::Zero(0);
  }

  void add_parameter(std::string path, ParameterRef ref, Distribution value, double lo, double hi) {
    ref.in(scenario_.base) = value.mean();
    scenario_.parameters.push_back({std::move(path), ref, value, lo, hi});
  }

  void read_uncertainty() {
    Distribution sd = Distribution::fixed(0.0);
    Distribution update = Distribution::fixed(0.3);
    if (const toml::node* node = root_.get("uncertainty")) {
      const auto& table = read_.as_table(*node, "[uncertainty]");
      read_.check_keys(table, "[uncertainty]", {"perception_sd", "belief_update"});
      if (const auto* value = table.get("perception_sd")) {
        sd = read_.as_parameter(*value, "`perception_sd`", 0.0, kMaxPerceptionSd);
      }
      if (const auto* value = table.get("belief_update")) {
        update = read_.as_parameter(*value, "`belief_update`", 0.0, 1.0);
      }
    }
    add_parameter("uncertainty.perception_sd", {ParameterRef::Field::kPerceptionSd, 0, 0}, sd, 0.0,
                  kMaxPerceptionSd);
    add_parameter("uncertainty.belief_update", {ParameterRef::Field::kBeliefUpdate, 0, 0}, update,
                  0.0, 1.0);
  }

  // A discrete issue's value is an option name; a continuous one a number or distribution.
  Distribution issue_value(const Issue& issue, const toml::node& node, std::string_view what) {
    if (issue.is_discrete()) {
      const auto name = node.value_exact<std::string>();
      if (!name) {
        read_.fail(node, fmt::format("expected {} to be one of the options of `{}` ({}), found {}",
                                     what, issue.id, option_list(issue), type_name(node)));
      }
      for (std::size_t k = 0; k < issue.options.size(); ++k) {
        if (issue.options[k] == *name) return Distribution::fixed(static_cast<double>(k));
      }
      read_.fail(
          node, fmt::format("expected {} to be one of the options of `{}` ({}), found \"{}\"", what,
                            issue.id, option_list(issue), *name));
    }
    return read_.as_parameter(node, what, issue.min, issue.max);
  }

  static std::string option_list(const Issue& issue) {
    std::string out;
    for (const auto& option : issue.options) {
      if (!out.empty()) out += ", ";
      out += "\"" + option + "\"";
    }
    return out;
  }

  void read_issue_status_quos() {
    for (std::size_t d = 0; d < scenario_.issues.size(); ++d) {
      const Issue& issue = scenario_.issues[d];
      Distribution value = issue_value(issue, *status_quo_nodes_[d],
                                       fmt::format("the status quo of `{}`", issue.id));
      add_parameter(fmt::format("issues.{}.status_quo", issue.id),
                    {ParameterRef::Field::kStatusQuo, static_cast<int>(d), 0}, value, issue.min,
                    issue.max);
    }
  }

  // A table with one entry per issue (ideal, salience, deal values).
  template <typename PerIssue>
  void read_issue_table(const toml::node& node, std::string_view what, PerIssue&& per_issue) {
    const auto& table = read_.as_table(node, what);
    for (const auto& [key, value] : table) {
      if (scenario_.issue_index(key.str()) < 0) {
        read_.fail(key.source(), fmt::format("unknown issue `{}` in {}; expected one of: {}",
                                             key.str(), what, join_ids(scenario_.issues)));
      }
    }
    for (std::size_t d = 0; d < scenario_.issues.size(); ++d) {
      const Issue& issue = scenario_.issues[d];
      const toml::node* value = table.get(issue.id);
      if (value == nullptr) {
        read_.fail(table, fmt::format("missing issue `{}` in {}; every issue needs a value",
                                      issue.id, what));
      }
      per_issue(static_cast<int>(d), issue, *value);
    }
  }

  void read_actors() {
    const auto& list =
        read_.as_array(read_.require(root_, "actors", "the scenario file"), "`actors`");
    if (list.empty()) read_.fail(list, "expected at least one [[actors]] entry, found none");
    std::vector<std::vector<std::string>> issue_options;
    std::vector<std::string> issue_ids;
    for (const auto& issue : scenario_.issues) {
      issue_ids.push_back(issue.id);
      issue_options.push_back(issue.options);
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
      reading_actor_ = k;
      const int row = static_cast<int>(k);
      const std::string context = fmt::format("[[actors]] #{}", k + 1);
      const auto& table = read_.as_table(list[k], context);
      read_.check_keys(
          table, context,
          {"id", "name", "capability", "reservation_utility", "discount_per_round", "risk_exponent",
           "red_lines", "strategy", "ideal", "salience", "threats", "side_payments"});
      Actor actor;
      actor.id = unique_id(table, context, "actor", scenario_.actors);
      const std::string who = fmt::format("actor `{}`", actor.id);
      const std::string prefix = fmt::format("actors.{}.", actor.id);
      actor.name = read_.as_string(read_.require(table, "name", who), "`name`");

      auto scalar = [&](std::string_view key, ParameterRef::Field field, double fallback, double lo,
                        double hi) {
        Distribution value = Distribution::fixed(fallback);
        if (const auto* node = table.get(key)) {
          value = read_.as_parameter(*node, fmt::format("the {} of `{}`", key, actor.id), lo, hi);
        }
        add_parameter(prefix + std::string(key), {field, row, 0}, value, lo, hi);
      };
      scalar("capability", ParameterRef::Field::kCapability, 1.0, 0.0, kMaxWeight);
      scalar("reservation_utility", ParameterRef::Field::kReservation, 0.0, 0.0, 1.0);
      scalar("discount_per_round", ParameterRef::Field::kDiscount, 1.0, 0.0, 1.0);
      scalar("risk_exponent", ParameterRef::Field::kRisk, 1.0, 1e-6, 1e6);

      read_issue_table(
          read_.require(table, "ideal", who), fmt::format("the ideal point of `{}`", actor.id),
          [&](int d, const Issue& issue, const toml::node& node) {
            Distribution value = issue_value(
                issue, node, fmt::format("the ideal point of `{}` on `{}`", actor.id, issue.id));
            add_parameter(fmt::format("{}ideal.{}", prefix, issue.id),
                          {ParameterRef::Field::kIdeal, row, d}, value, issue.min, issue.max);
          });
      const auto& salience_node = read_.require(table, "salience", who);
      read_issue_table(salience_node, fmt::format("the salience of `{}`", actor.id),
                       [&](int d, const Issue& issue, const toml::node& node) {
                         Distribution value = read_.as_parameter(
                             node, fmt::format("the salience of `{}` on `{}`", actor.id, issue.id),
                             0.0, kMaxWeight);
                         add_parameter(fmt::format("{}salience.{}", prefix, issue.id),
                                       {ParameterRef::Field::kSalience, row, d}, value, 0.0,
                                       kMaxWeight);
                       });
      if (scenario_.base.salience.row(row).sum() <= 0.0) {
        read_.fail(salience_node,
                   fmt::format("expected a positive salience on at least one issue for `{}`, "
                               "found all zero",
                               actor.id));
      }
      read_strategy(table, actor, row, prefix);
      if (const auto* red_lines = table.get("red_lines")) {
        const auto& array = read_.as_array(*red_lines, "`red_lines`");
        for (const auto& line : array) {
          const std::string text = read_.as_string(line, "a red line");
          try {
            actor.red_lines.push_back(RedLine::compile(text, issue_ids, issue_options));
          } catch (const RedLineError& bad) {
            SourceLocation at = read_.where(line);
            at.column += bad.column();  // the opening quote is at the node's column
            throw ScenarioError(at,
                                fmt::format("in red line of `{}`: {}", actor.id, bad.message()));
          }
          const Eigen::VectorXd own_ideal = scenario_.base.ideal.row(row).transpose();
          if (!actor.red_lines.back().holds(own_ideal)) {
            read_.fail(
                line, fmt::format("`{}`'s own ideal point breaks its red line \"{}\"; expected the "
                                  "ideal point to satisfy every red line of the actor",
                                  actor.id, text));
          }
        }
      }
      scenario_.actors.push_back(std::move(actor));
    }
  }

  // Threats and side payments, after every actor is known (they name targets).
  void read_instruments() {
    const auto& list = *root_.get("actors")->as_array();
    for (std::size_t k = 0; k < list.size(); ++k) {
      const auto& table = *list[k].as_table();
      const Actor& holder = scenario_.actors[k];
      for (const auto kind : {Instrument::Kind::kThreat, Instrument::Kind::kSidePayment}) {
        const bool threat = kind == Instrument::Kind::kThreat;
        const char* key = threat ? "threats" : "side_payments";
        const toml::node* node = table.get(key);
        if (node == nullptr) continue;
        for (const auto& item : read_.as_array(*node, fmt::format("`{}`", key))) {
          const std::string context =
              fmt::format("a {} of `{}`", threat ? "threat" : "side payment", holder.id);
          const auto& entry = read_.as_table(item, context);
          if (threat) {
            read_.check_keys(entry, context,
                             {"id", "target", "reservation_drop", "credibility", "cost"});
          } else {
            read_.check_keys(entry, context, {"id", "target", "value", "cost"});
          }
          Instrument instrument;
          instrument.kind = kind;
          instrument.actor = static_cast<int>(k);
          instrument.id = unique_id(entry, context, "instrument", scenario_.instruments);
          const auto& target_node = read_.require(entry, "target", context);
          instrument.target =
              actor_ref(target_node, fmt::format("the target of `{}`", instrument.id));
          if (instrument.target == instrument.actor) {
            read_.fail(target_node,
                       fmt::format("`{}` targets its own holder `{}`; expected another actor",
                                   instrument.id, holder.id));
          }
          const auto row = static_cast<Eigen::Index>(scenario_.instruments.size());
          scenario_.base.instrument.conservativeResize(row + 1, 3);
          scenario_.base.instrument.row(row).setZero();
          const std::string prefix = fmt::format("actors.{}.{}.{}.", holder.id, key, instrument.id);
          auto number = [&](std::string_view name, int column, std::optional<double> fallback) {
            const auto* given = entry.get(name);
            if (given == nullptr && !fallback) {
              read_.fail(entry, fmt::format("missing key `{}` in {}", name, context));
            }
            const Distribution value =
                given != nullptr
                    ? read_.as_parameter(*given, fmt::format("the {} of `{}`", name, instrument.id),
                                         0.0, 1.0)
                    : Distribution::fixed(*fallback);
            add_parameter(prefix + std::string(name),
                          {ParameterRef::Field::kInstrument, static_cast<int>(row), column}, value,
                          0.0, 1.0);
          };
          const std::optional<double> required;
          if (threat) {
            number("reservation_drop", Instrument::kDrop, required);
            number("credibility", Instrument::kCredibility, required);
            number("cost", Instrument::kThreatCost, 0.0);
          } else {
            number("value", Instrument::kValue, required);
            number("cost", Instrument::kPaymentCost, required);
          }
          scenario_.instruments.push_back(std::move(instrument));
        }
      }
    }
  }

  void read_shocks() {
    const toml::node* node = root_.get("shocks");
    if (node == nullptr) return;
    const auto& list = read_.as_array(*node, "`shocks`");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::string context = fmt::format("[[shocks]] #{}", k + 1);
      const auto& table = read_.as_table(list[k], context);
      read_.check_keys(table, context, {"id", "label", "probability", "phases", "once", "effects"});
      Shock shock;
      shock.id = unique_id(table, context, "shock", scenario_.shocks);
      const std::string where = fmt::format("shock `{}`", shock.id);
      if (const auto* label = table.get("label")) shock.label = read_.as_string(*label, "`label`");
      const auto row = static_cast<Eigen::Index>(scenario_.shocks.size());
      scenario_.base.shock_probability.conservativeResize(row + 1);
      add_parameter(fmt::format("shocks.{}.probability", shock.id),
                    {ParameterRef::Field::kShockProbability, static_cast<int>(row), 0},
                    read_.as_parameter(read_.require(table, "probability", where),
                                       fmt::format("the probability of `{}`", shock.id), 0.0, 1.0),
                    0.0, 1.0);
      if (const auto* phases = table.get("phases")) {
        for (const auto& item : read_.as_array(*phases, "`phases`")) {
          const std::string id = read_.as_string(item, "a phase id");
          int found = -1;
          for (std::size_t p = 0; p < scenario_.phases.size(); ++p)
            if (scenario_.phases[p].id == id) found = static_cast<int>(p);
          if (found < 0) {
            read_.fail(item, fmt::format("unknown phase `{}` in {}; expected one of: {}", id, where,
                                         join_ids(scenario_.phases)));
          }
          shock.phases.push_back(found);
        }
      } else {
        for (std::size_t p = 0; p < scenario_.phases.size(); ++p)
          shock.phases.push_back(static_cast<int>(p));
      }
      if (const auto* once = table.get("once")) {
        const auto value = once->value_exact<bool>();
        if (!value)
          read_.fail(*once, fmt::format("expected `once` to be true or false, found {}",
                                        type_name(*once)));
        shock.once = *value;
      }
      const auto& effects = read_.as_array(read_.require(table, "effects", where), "`effects`");
      if (effects.empty())
        read_.fail(effects, fmt::format("expected at least one effect of `{}`", shock.id));
      for (std::size_t e = 0; e < effects.size(); ++e) {
        const std::string effect_context = fmt::format("effect #{} of `{}`", e + 1, shock.id);
        const auto& effect_table = read_.as_table(effects[e], effect_context);
        read_.check_keys(effect_table, effect_context, {"actor", "parameter", "change"});
        ShockEffect effect;
        effect.actor =
            actor_ref(read_.require(effect_table, "actor", effect_context), effect_context);
        const auto& parameter_node = read_.require(effect_table, "parameter", effect_context);
        const std::string parameter = read_.as_string(parameter_node, "`parameter`");
        double limit = 1.0;
        if (parameter == "reservation_utility") {
          effect.target = ShockEffect::Target::kReservation;
        } else if (parameter == "capability") {
          effect.target = ShockEffect::Target::kCapability;
          limit = 1e6;
        } else if (parameter.rfind("salience.", 0) == 0 &&
                   scenario_.issue_index(parameter.substr(9)) >= 0) {
          effect.target = ShockEffect::Target::kSalience;
          effect.issue = scenario_.issue_index(parameter.substr(9));
          limit = 1e6;
        } else {
          read_.fail(parameter_node,
                     fmt::format("expected `parameter` to be \"reservation_utility\", "
                                 "\"capability\" or \"salience.<issue>\", found \"{}\"",
                                 parameter));
        }
        const auto effect_row = static_cast<Eigen::Index>(scenario_.shock_effects.size());
        scenario_.base.shock_change.conservativeResize(effect_row + 1);
        add_parameter(
            fmt::format("shocks.{}.effects.{}.change", shock.id, e + 1),
            {ParameterRef::Field::kShockChange, static_cast<int>(effect_row), 0},
            read_.as_parameter(read_.require(effect_table, "change", effect_context),
                               fmt::format("the change of {}", effect_context), -limit, limit),
            -limit, limit);
        shock.effects.push_back(static_cast<int>(effect_row));
        scenario_.shock_effects.push_back(effect);
      }
      scenario_.shocks.push_back(std::move(shock));
    }
  }

  void read_strategy(const toml::table& table, Actor& actor, int row, const std::string& prefix) {
    const std::string who = fmt::format("actor `{}`", actor.id);
    const auto& node = read_.require(table, "strategy", who);
    const auto& strategy = read_.as_table(node, fmt::format("the strategy of `{}`", actor.id));
    const auto& kind_node =
        read_.require(strategy, "kind", fmt::format("the strategy of `{}`", actor.id));
    const std::string kind = read_.as_string(kind_node, "the strategy `kind`");
    const StrategyInfo* info = find_strategy(kind);
    if (info == nullptr) {
      read_.fail(kind_node, fmt::format("unknown strategy \"{}\"; expected one of: {}", kind,
                                        strategy_names()));
    }
    actor.strategy = info->name;
    for (const auto& [key, value] : strategy) {
      if (key.str() == "kind") continue;
      bool known = false;
      for (const auto& param : info->params) known = known || param.name == key.str();
      if (!known) {
        std::string names = "kind";
        for (const auto& param : info->params) names += ", " + std::string(param.name);
        read_.fail(key.source(),
                   fmt::format("unknown key `{}` in the {} strategy of `{}`; expected one of: {}",
                               key.str(), kind, actor.id, names));
      }
    }
    for (std::size_t slot = 0; slot < info->params.size(); ++slot) {
      const StrategyParamSpec& param = info->params[slot];
      Distribution value = Distribution::fixed(param.default_value);
      if (const auto* given = strategy.get(param.name)) {
        value = read_.as_parameter(*given,
                                   fmt::format("the {} `{}` of `{}`", kind, param.name, actor.id),
                                   param.min, param.max);
      }
      add_parameter(fmt::format("{}strategy.{}", prefix, param.name),
                    {ParameterRef::Field::kStrategyParam, row, static_cast<int>(slot)}, value,
                    param.min, param.max);
    }
  }

  void read_deals() {
    const toml::node* node = root_.get("deals");
    if (node == nullptr) return;
    const auto& list = read_.as_array(*node, "`deals`");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::string context = fmt::format("[[deals]] #{}", k + 1);
      const auto& table = read_.as_table(list[k], context);
      read_.check_keys(table, context, {"id", "label", "values"});
      Deal deal;
      deal.id = unique_id(table, context, "deal", scenario_.deals);
      if (const auto* label = table.get("label")) deal.label = read_.as_string(*label, "`label`");
      deal.values = Eigen::VectorXd::Zero(scenario_.issue_count());
      read_issue_table(
          read_.require(table, "values", fmt::format("deal `{}`", deal.id)),
          fmt::format("the values of deal `{}`", deal.id),
          [&](int d, const Issue& issue, const toml::node& value) {
            const Distribution v = issue_value(
                issue, value, fmt::format("the value of deal `{}` on `{}`", deal.id, issue.id));
            if (!v.is_fixed())
              read_.fail(value, "expected a number, found a distribution: deals are fixed");
            deal.values(d) = v.mean();
          });
      scenario_.deals.push_back(std::move(deal));
    }
  }

  int actor_ref(const toml::node& node, std::string_view what) const {
    const std::string id = read_.as_string(node, what);
    const int index = scenario_.actor_index(id);
    if (index < 0) {
      read_.fail(node, fmt::format("unknown actor `{}` in {}; expected one of: {}", id, what,
                                   join_ids(scenario_.actors)));
    }
    return index;
  }

  std::vector<int> actor_list(const toml::node& node, std::string_view what) const {
    std::vector<int> out;
    for (const auto& item : read_.as_array(node, what)) {
      const int index = actor_ref(item, what);
      for (int seen : out) {
        if (seen == index)
          read_.fail(item, fmt::format("actor `{}` is listed twice in {}",
                                       scenario_.actors[static_cast<std::size_t>(index)].id, what));
      }
      out.push_back(index);
    }
    return out;
  }

  PhaseEnd phase_end(const toml::node& node, std::string_view what) const {
    const std::string value = read_.as_string(node, what);
    if (value == "next_phase") return PhaseEnd::kNextPhase;
    if (value == "breakdown") return PhaseEnd::kBreakdown;
    read_.fail(node, fmt::format("expected {} to be \"next_phase\" or \"breakdown\", found \"{}\"",
                                 what, value));
  }

  DecisionRule::Kind rule_kind(const toml::node& node) const {
    const std::string value = read_.as_string(node, "the decision `rule`");
    if (value == "unanimity") return DecisionRule::Kind::kUnanimity;
    if (value == "majority") return DecisionRule::Kind::kMajority;
    if (value == "quota") return DecisionRule::Kind::kQuota;
    read_.fail(node, fmt::format("expected the decision rule to be \"unanimity\", \"majority\" or "
                                 "\"quota\", found \"{}\"",
                                 value));
  }

  void read_phases() {
    const auto& list =
        read_.as_array(read_.require(root_, "phases", "the scenario file"), "`phases`");
    if (list.empty()) read_.fail(list, "expected at least one [[phases]] entry, found none");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::string context = fmt::format("[[phases]] #{}", k + 1);
      const auto& table = read_.as_table(list[k], context);
      read_.check_keys(table, context,
                       {"id", "label", "participants", "protocol", "proposer_order", "recognition",
                        "amendment_rule", "max_rounds", "issues", "decision_rule", "ratification",
                        "on_veto", "on_deadline", "breakdown_probability"});
      Phase phase;
      phase.id = unique_id(table, context, "phase", scenario_.phases);
      const std::string where = fmt::format("phase `{}`", phase.id);
      if (const auto* label = table.get("label")) phase.label = read_.as_string(*label, "`label`");
      const auto& participants_node = read_.require(table, "participants", where);
      phase.participants =
          actor_list(participants_node, fmt::format("the participants of `{}`", phase.id));
      if (phase.participants.size() < 2) {
        read_.fail(participants_node,
                   fmt::format("expected at least 2 participants in phase `{}`, found {}", phase.id,
                               phase.participants.size()));
      }
      read_protocol(table, phase);
      // A forecasting protocol decides in one step: max_rounds is optional there.
      if (!protocol_of(phase).decides_in_one_step() || table.get("max_rounds") != nullptr) {
        phase.max_rounds = read_max_rounds(read_, read_.require(table, "max_rounds", where));
      }
      if (const auto* issues = table.get("issues")) {
        for (const auto& item : read_.as_array(*issues, "`issues`")) {
          const std::string id = read_.as_string(item, "an issue id");
          const int d = scenario_.issue_index(id);
          if (d < 0) {
            read_.fail(
                item,
                fmt::format("unknown issue `{}` in the issues of phase `{}`; expected one of: {}",
                            id, phase.id, join_ids(scenario_.issues)));
          }
          for (int seen : phase.issues) {
            if (seen == d) read_.fail(item, fmt::format("issue `{}` is listed twice", id));
          }
          phase.issues.push_back(d);
        }
        if (phase.issues.empty())
          read_.fail(*issues, "expected at least one issue on the table, found none");
      } else {
        for (int d = 0; d < scenario_.issue_count(); ++d) phase.issues.push_back(d);
      }
      if (const auto* rule = table.get("decision_rule")) read_decision_rule(*rule, phase);
      if (const auto* ratification = table.get("ratification")) {
        phase.ratifiers =
            actor_list(*ratification, fmt::format("the ratification of `{}`", phase.id));
        const auto& array = *ratification->as_array();
        for (std::size_t r = 0; r < phase.ratifiers.size(); ++r) {
          for (int participant : phase.participants) {
            if (participant == phase.ratifiers[r]) {
              read_.fail(array[r],
                         fmt::format(
                             "actor `{}` is at the table in phase `{}`; expected ratifiers to be "
                             "absent actors",
                             scenario_.actors[static_cast<std::size_t>(participant)].id, phase.id));
            }
          }
        }
      }
      if (const auto* on_veto = table.get("on_veto"))
        phase.on_veto = phase_end(*on_veto, "`on_veto`");
      if (const auto* on_deadline = table.get("on_deadline")) {
        phase.on_deadline = phase_end(*on_deadline, "`on_deadline`");
      }
      if (const auto* breakdown = table.get("breakdown_probability")) {
        phase.breakdown_probability = read_.as_number(*breakdown, "`breakdown_probability`");
        if (!(phase.breakdown_probability >= 0.0 && phase.breakdown_probability < 1.0)) {
          read_.fail(*breakdown,
                     fmt::format("expected `breakdown_probability` to be in [0, 1), found {}",
                                 phase.breakdown_probability));
        }
      }
      check_equilibrium(table, phase);
      scenario_.phases.push_back(std::move(phase));
    }
  }

  void read_protocol(const toml::table& table, Phase& phase) {
    const std::string where = fmt::format("phase `{}`", phase.id);
    const auto& protocol_node = read_.require(table, "protocol", where);
    const std::string protocol = read_.as_string(protocol_node, "`protocol`");
    const Protocol* found = find_protocol(protocol);
    if (found == nullptr) {
      read_.fail(protocol_node, fmt::format("unknown protocol \"{}\"; expected one of: {}",
                                            protocol, protocol_names()));
    }
    phase.protocol = protocol;
    if (const auto problem = found->problem(scenario_, phase)) read_.fail(protocol_node, *problem);
    // A key that some protocol reads is refused on a phase of another protocol.
    for (const Protocol* other : protocols()) {
      for (const ProtocolKey& key : other->keys()) {
        const auto* node = table.get(key.name);
        if (node == nullptr) continue;
        const auto own = found->keys();
        if (std::none_of(own.begin(), own.end(),
                         [&](const ProtocolKey& mine) { return mine.name == key.name; })) {
          read_.fail(*node, fmt::format("`{}` applies only to protocol = \"{}\"", key.name,
                                        other->name()));
        }
      }
    }
    if (const auto* order = table.get("proposer_order")) {
      if (const auto* sequence = order->as_array()) {
        // An explicit sequence of proposers, repeated.
        phase.proposer_order = ProposerOrder::kSequence;
        for (const auto& item : *sequence) {
          const int actor = actor_ref(item, fmt::format("the proposer order of `{}`", phase.id));
          const auto at = std::find(phase.participants.begin(), phase.participants.end(), actor);
          if (at == phase.participants.end()) {
            read_.fail(item,
                       fmt::format("`{}` in the proposer order of `{}` is not a participant",
                                   scenario_.actors[static_cast<std::size_t>(actor)].id, phase.id));
          }
          phase.proposer_sequence.push_back(static_cast<int>(at - phase.participants.begin()));
        }
        if (phase.proposer_sequence.empty())
          read_.fail(*order, "expected at least one proposer, found none");
      } else {
        const std::string value = read_.as_string(*order, "`proposer_order`");
        if (value == "rotating" || value == "listed") {
          phase.proposer_order = ProposerOrder::kListed;
        } else if (value == "capability") {
          phase.proposer_order = ProposerOrder::kCapability;
        } else {
          read_.fail(*order,
                     fmt::format("expected `proposer_order` to be \"rotating\", \"capability\" or "
                                 "an array of participants, found \"{}\"",
                                 value));
        }
      }
    }
    if (const auto* rule = table.get("amendment_rule")) {
      const std::string value = read_.as_string(*rule, "`amendment_rule`");
      if (value == "closed") {
        phase.amendment_rule = AmendmentRule::kClosed;
      } else if (value == "open") {
        phase.amendment_rule = AmendmentRule::kOpen;
      } else {
        read_.fail(
            *rule,
            fmt::format("expected `amendment_rule` to be \"closed\" or \"open\", found \"{}\"",
                        value));
      }
    }
    phase.recognition.assign(phase.participants.size(),
                             1.0 / static_cast<double>(phase.participants.size()));
    if (const auto* recognition = table.get("recognition")) {
      const auto& weights = read_.as_table(*recognition, "`recognition`");
      double total = 0.0;
      for (const auto& [key, value] : weights) {
        std::size_t slot = phase.participants.size();
        for (std::size_t k = 0; k < phase.participants.size(); ++k) {
          if (scenario_.actors[static_cast<std::size_t>(phase.participants[k])].id == key.str())
            slot = k;
        }
        if (slot == phase.participants.size()) {
          read_.fail(key.source(),
                     fmt::format("`{}` in the recognition of `{}` is not a participant", key.str(),
                                 phase.id));
        }
        const double weight =
            read_.as_number(value, fmt::format("the recognition weight of `{}`", key.str()));
        if (weight < 0.0) {
          read_.fail(value,
                     fmt::format("expected the recognition weight of `{}` to be ≥ 0, found {}",
                                 key.str(), weight));
        }
        phase.recognition[slot] = weight;
        total += weight;
      }
      if (weights.size() != phase.participants.size()) {
        read_.fail(
            weights,
            fmt::format("expected a recognition weight for every participant of `{}`", phase.id));
      }
      if (!(total > 0.0 && std::isfinite(total)))
        read_.fail(weights, fmt::format("expected recognition weights with a positive, finite sum, "
                                        "found {}",
                                        total));
      for (double& weight : phase.recognition) weight /= total;
    }
  }

  // A whole-phase strategy (the equilibrium strategy) needs every participant to
  // play it, in a phase it can solve (strategy/strategy_catalogue.hpp).
  void check_equilibrium(const toml::table& table, Phase& phase) {
    for (const StrategyInfo& info : strategy_catalogue()) {
      if (!info.whole_phase) continue;
      std::size_t playing = 0;
      for (int j : phase.participants) {
        playing += scenario_.actors[static_cast<std::size_t>(j)].strategy == info.name ? 1U : 0U;
      }
      if (playing == 0) continue;
      if (playing != phase.participants.size()) {
        read_.fail(table,
                   fmt::format("phase `{}`: strategy `{}` needs every participant to play it "
                               "(subgame-perfect play is defined for the whole game), found {} "
                               "of {}",
                               phase.id, info.name, playing, phase.participants.size()));
      }
      if (info.phase_problem != nullptr) {
        if (const auto problem = info.phase_problem(scenario_, phase)) {
          read_.fail(table,
                     fmt::format("phase `{}`: strategy `{}` applies only to division games: {}",
                                 phase.id, info.name, *problem));
        }
      }
      phase.equilibrium = true;
    }
  }

  void read_decision_rule(const toml::node& node, Phase& phase) {
    if (node.is_string()) {
      phase.decision_rule.kind = rule_kind(node);
      if (phase.decision_rule.kind == DecisionRule::Kind::kQuota) {
        read_.fail(
            node,
            "expected the quota rule as a table { rule = \"quota\", quota = 0.6 }, found a string");
      }
      return;
    }
    const auto& table = read_.as_table(node, "`decision_rule`");
    read_.check_keys(table, "the decision rule", {"rule", "quota", "veto"});
    const auto& rule_node = read_.require(table, "rule", "the decision rule");
    phase.decision_rule.kind = rule_kind(rule_node);
    const toml::node* quota = table.get("quota");
    if (phase.decision_rule.kind == DecisionRule::Kind::kQuota) {
      if (quota == nullptr) read_.fail(table, "missing key `quota` in the quota decision rule");
      const double value = read_.as_number(*quota, "`quota`");
      if (!(value > 0.0 && value <= 1.0))
        read_.fail(*quota, fmt::format("expected `quota` to be in (0, 1], found {}", value));
      phase.decision_rule.quota = value;
    } else if (quota != nullptr) {
      read_.fail(*quota, "`quota` applies only to rule = \"quota\"");
    }
    if (const auto* veto = table.get("veto")) {
      phase.decision_rule.veto = actor_list(*veto, "the veto players");
      const auto& array = *veto->as_array();
      for (std::size_t v = 0; v < phase.decision_rule.veto.size(); ++v) {
        bool present = false;
        for (int participant : phase.participants)
          present = present || participant == phase.decision_rule.veto[v];
        if (!present) read_.fail(array[v], "expected veto players to be participants of the phase");
      }
    }
  }

  const toml::table& root_;
  Reader read_;
  std::vector<SourceLocation> actor_rows_;
  std::size_t reading_actor_ = std::numeric_limits<std::size_t>::max();  // index in `actors`
  Scenario scenario_;
  std::vector<const toml::node*> status_quo_nodes_;  // per issue, read after the actors are sized
};

// An id from an actor name in a case table: lower case, runs of other
// characters as one '_', a leading letter ("Germany" → "germany", "EU-27" → "eu_27").
std::string actor_id_from(std::string_view name) {
  std::string id;
  for (char c : name) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      id += lower;
    } else if (!id.empty() && id.back() != '_') {
      id += '_';
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  if (id.empty() || !(id[0] >= 'a' && id[0] <= 'z')) id = "a_" + id;
  return id;
}

bool is_csv_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string trimmed_cell(std::string_view text) {
  while (!text.empty() && is_csv_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_csv_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// The line of each row of case `id` of a case table, in file order — the order
// of the case's actors in parse_case_table's result.
std::vector<std::uint32_t> case_rows(const std::vector<CsvRecord>& records, std::string_view id) {
  std::vector<std::uint32_t> lines;
  if (records.empty()) return lines;
  const auto& header = records.front().fields;
  std::size_t column = header.size();
  for (std::size_t f = 0; f < header.size(); ++f) {
    std::string name = trimmed_cell(header[f].text);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "case") column = f;
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& fields = records[r].fields;
    if (column < fields.size() && trimmed_cell(fields[column].text) == id)
      lines.push_back(records[r].line);
  }
  return lines;
}

// `[actors_table] file`, resolved against the folder of the scenario file
// `source_name` and canonicalised (`..` and symbolic links resolved). Outside
// that folder it is refused unless the options allow it.
std::filesystem::path resolve_data_file(const Reader& read, const toml::node& file_node,
                                        const std::string& file, std::string_view source_name,
                                        const ScenarioOptions& options) {
  namespace fs = std::filesystem;
  fs::path folder = fs::path(std::string(source_name)).parent_path();
  if (folder.empty()) folder = ".";
  std::error_code error;
  fs::path base = fs::absolute(folder, error);
  if (!error) base = fs::weakly_canonical(base, error);
  fs::path target;
  if (!error) target = fs::weakly_canonical(base / fs::path(file), error);
  if (error) {
    read.fail(file_node, fmt::format("cannot resolve `file` = \"{}\": {}", file, error.message()));
  }
  const auto [folder_end, target_at] =
      std::mismatch(base.begin(), base.end(), target.begin(), target.end());
  const bool inside = folder_end == base.end() && target_at != target.end();
  if (!inside && !options.allow_outside_data) {
    read.fail(file_node,
              fmt::format("expected `file` to be inside the scenario's folder, found \"{}\", which "
                          "is outside it: a scenario may read only files in its own folder and "
                          "below, so that a scenario from elsewhere cannot read your other files "
                          "(pass --allow-outside-data to allow it)",
                          file));
  }
  return target;
}

// `[actors_table]`: the actors of a one-issue scenario from a case table (the
// format of `parley forecast`), added to root["actors"] as [[actors]] tables so
// they get every check a written actor gets. See scenarios/README.md. The
// tables are built node by node: a cell is only ever a string or a number
// value, never TOML text. Returns the SHA-256 of the table's bytes and, per
// entry of root["actors"], the table row it came from (line 0: written).
struct SplicedActors {
  std::string table_sha256;
  std::string table_path;  // resolved: what no output may overwrite
  std::vector<SourceLocation> rows;
};

SplicedActors splice_actors_table(toml::table& root, std::string_view source_name,
                                  const ScenarioOptions& scenario_options) {
  const Reader read(source_name);
  const auto& spec = read.as_table(*root.get("actors_table"), "[actors_table]");
  read.check_keys(spec, "[actors_table]", {"file", "case", "strategy", "position_sd"});
  const auto& file_node = read.require(spec, "file", "[actors_table]");
  const std::string file = read.as_string(file_node, "`file`");
  const auto* issues = root.get("issues") ? root.get("issues")->as_array() : nullptr;
  if (issues == nullptr || issues->size() != 1 || !issues->get(0)->is_table()) {
    read.fail(spec,
              "[actors_table] needs a scenario with exactly one [[issues]] entry (a case "
              "table holds positions on one issue)");
  }
  const auto& issue = *issues->get(0)->as_table();
  const std::string issue_id = issue.get("id") ? issue.get("id")->value_or(std::string()) : "";
  const auto* range = issue.get("range") ? issue.get("range")->as_array() : nullptr;
  if (issue_id.empty() || range == nullptr || range->size() != 2 || !range->get(0)->is_number() ||
      !range->get(1)->is_number()) {
    read.fail(spec, "[actors_table] needs the issue's `id` and a numeric `range = [min, max]`");
  }
  // The file is found next to the scenario file; errors name it as written there.
  const std::filesystem::path resolved =
      resolve_data_file(read, file_node, file, source_name, scenario_options);
  const std::string shown =
      (std::filesystem::path(std::string(source_name)).parent_path() / file).string();
  CaseTableOptions options;
  options.scale_min = *range->get(0)->value<double>();
  options.scale_max = *range->get(1)->value<double>();
  std::string text;
  try {
    text = read_input_file(resolved.string(), "case table (CSV file)");
  } catch (const ScenarioError& bad) {
    throw ScenarioError({shown, 0, 0}, bad.message());
  }
  const CaseTable table = parse_case_table(text, shown, options);
  std::string wanted;
  if (const auto* case_node = spec.get("case")) {
    wanted = read.as_string(*case_node, "`case`");
  } else if (table.case_count != 1) {
    read.fail(spec, fmt::format("{} holds {} cases; choose one with `case = \"…\"`", shown,
                                table.case_count));
  }
  for (const CaseError& error : table.errors) {
    if (wanted.empty() || error.case_id == wanted)
      throw ScenarioError({shown, error.line, 1}, error.message);
  }
  const ForecastCase* chosen = nullptr;
  for (const ForecastCase& c : table.cases)
    if (wanted.empty() || c.id == wanted) chosen = &c;
  if (chosen == nullptr) {
    read.fail(*spec.get("case"), fmt::format("no case \"{}\" in {}", wanted, shown));
  }
  const std::vector<std::uint32_t> lines = case_rows(read_csv_records(text, shown), chosen->id);
  PARLEY_CHECK(lines.size() == chosen->actors.size(), "case {}: {} rows for {} actors", chosen->id,
               lines.size(), chosen->actors.size());
  // Every actor of the table plays one strategy, with its default parameters.
  std::string strategy = "time_dependent";
  if (const auto* strategy_node = spec.get("strategy")) {
    strategy = read.as_id(*strategy_node, "`strategy`");
    if (find_strategy(strategy) == nullptr) {
      read.fail(*strategy_node, fmt::format("unknown strategy \"{}\"; expected one of: {}",
                                            strategy, strategy_names()));
    }
  }
  // Uncertain positions: each ideal point becomes a normal around the table's
  // value with this sd (issue units), truncated to the issue's range.
  double position_sd = 0.0;
  if (const auto* sd = spec.get("position_sd")) {
    position_sd = read.as_number(*sd, "`position_sd`");
    if (position_sd < 0.0)
      read.fail(*sd, fmt::format("expected `position_sd` ≥ 0, found {}", position_sd));
  }
  if (root.get("actors") == nullptr) root.insert("actors", toml::array{});
  auto* actors = root.get("actors")->as_array();
  if (actors == nullptr)
    read.fail(*root.get("actors"), "expected `actors` to be an array of tables");
  SplicedActors spliced;
  spliced.table_sha256 = table.source_sha256;
  spliced.table_path = resolved.string();
  spliced.rows.resize(actors->size());  // the written actors
  for (std::size_t a = 0; a < chosen->actors.size(); ++a) {
    const ForecastActor& actor = chosen->actors[a];
    const SourceLocation row{shown, lines[a], 1};
    if (!(actor.salience > 0.0)) {
      throw ScenarioError(row, fmt::format("actor \"{}\" has salience 0: an actor needs a positive "
                                           "salience on the scenario's only issue",
                                           actor.id));
    }
    toml::table ideal;
    if (position_sd == 0.0) {
      ideal.insert(issue_id, actor.position);
    } else {
      ideal.insert(issue_id, toml::table{{"dist", "truncated_normal"},
                                         {"mean", actor.position},
                                         {"sd", position_sd},
                                         {"min", options.scale_min},
                                         {"max", options.scale_max}});
    }
    toml::table salience;
    salience.insert(issue_id, actor.salience);
    actors->push_back(toml::table{{"id", actor_id_from(actor.id)},
                                  {"name", actor.id},
                                  {"capability", actor.capability},
                                  {"strategy", toml::table{{"kind", strategy}}},
                                  {"ideal", std::move(ideal)},
                                  {"salience", std::move(salience)}});
    spliced.rows.push_back(row);
  }
  return spliced;
}

}  // namespace

Scenario parse_scenario(std::string_view text, std::string_view source_name,
                        const ScenarioOptions& options) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& bad) {
    const auto& begin = bad.source().begin;
    throw ScenarioError({std::string(source_name), begin.line, begin.column},
                        fmt::format("invalid TOML: {}", bad.description()));
  }
  SplicedActors spliced;
  if (root.get("actors_table") != nullptr)
    spliced = splice_actors_table(root, source_name, options);
  Scenario scenario = ScenarioBuilder(root, source_name, std::move(spliced.rows)).build();
  if (!spliced.table_path.empty()) scenario.data_files.push_back(spliced.table_path);
  // With an actors table, the hash covers both files: a changed table is a changed scenario.
  scenario.source_sha256 = spliced.table_sha256.empty()
                               ? sha256_hex(text)
                               : sha256_hex(std::string(text) + spliced.table_sha256);
  if (scenario.sweep) check_sweep(scenario, *scenario.sweep);
  return scenario;
}

SweepSpec load_sweep_design(const std::string& path) {
  const std::string bytes = read_input_file(path, "design file");
  toml::table root;
  try {
    root = toml::parse(bytes, path);
  } catch (const toml::parse_error& bad) {
    const auto& begin = bad.source().begin;
    throw ScenarioError({path, begin.line, begin.column},
                        fmt::format("invalid TOML: {}", bad.description()));
  }
  const Reader read(path);
  read.check_keys(root, "a design file", {"sweep"});
  return read_sweep_table(read, read.require(root, "sweep", "a design file"));
}

Scenario load_scenario(const std::string& path, const ScenarioOptions& options) {
  return parse_scenario(read_input_file(path, "scenario file"), path, options);
}

}  // namespace parley

namespace parley {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The valid paths closest to `path`, for an error message.
std::string closest_paths(const Scenario& scenario, std::string_view path) {
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const ScenarioParameter& p : scenario.parameters)
    ranked.emplace_back(edit_distance(path, p.path), p.path);
  for (const Phase& phase : scenario.phases) {
    std::string candidate = fmt::format("phases.{}.max_rounds", phase.id);
    ranked.emplace_back(edit_distance(path, candidate), std::move(candidate));
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::string out;
  for (std::size_t k = 0; k < std::min<std::size_t>(3, ranked.size()); ++k) {
    if (!out.empty()) out += ", ";
    out += ranked[k].second;
  }
  return out;
}

}  // namespace

void apply_override(Scenario& scenario, std::string_view assignment) {
  const std::string text(assignment);
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw UsageError(fmt::format(
        "--set {}: expected PATH=VALUE, e.g. actors.us.salience.minerals_share=0.8", text));
  }
  const std::string path = text.substr(0, equals);
  const std::string value = text.substr(equals + 1);
  // The value is read as one TOML value, so numbers, strings and inline tables
  // work. It must be one value and nothing else: `1\nevil = 2` would add a key,
  // and the manifest records the assignment as given.
  const auto refuse = [&](std::string_view why) {
    throw UsageError(
        fmt::format("--set {}: a VALUE is one number, one option name in quotes or one inline "
                    "table such as {{ dist = \"normal\", mean = 0.6, sd = 0.1 }}; found `{}` ({})",
                    path, value, why));
  };
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) refuse("it holds a line break or another control character");
  }
  const std::string line = "value = " + value;
  const std::string source = "--set " + path;
  toml::table document;
  try {
    document = toml::parse(line, std::string_view(source));
  } catch (const toml::parse_error& bad) {
    refuse(bad.description());
  }
  const toml::node* given = document.get("value");
  if (given == nullptr || document.size() != 1) refuse("more than one value");
  const toml::node& node = *given;
  // Nothing but spaces after the value (toml++ counts columns in code points).
  {
    std::size_t at = 0;
    for (std::uint32_t column = 1; at < line.size() && column < node.source().end.column; ++at) {
      if ((static_cast<unsigned char>(line[at]) & 0xC0) != 0x80) ++column;
    }
    while (at < line.size() && (static_cast<unsigned char>(line[at]) & 0xC0) == 0x80) ++at;
    if (line.find_first_not_of(' ', at) != std::string::npos)
      refuse("text after the value, such as a comment");
  }
  const Reader read(source);
  try {
    // phases.<id>.max_rounds
    for (Phase& phase : scenario.phases) {
      if (path == fmt::format("phases.{}.max_rounds", phase.id)) {
        phase.max_rounds = read_max_rounds(read, node);
        if (phase.equilibrium) {
          if (const auto problem = division_game_problem(scenario, phase))
            throw UsageError(*problem);
        }
        scenario.overrides.push_back(text);
        return;
      }
    }
    for (ScenarioParameter& parameter : scenario.parameters) {
      if (parameter.path != path) continue;
      Distribution distribution = Distribution::fixed(0.0);
      const bool issue_value = parameter.ref.field == ParameterRef::Field::kIdeal ||
                               parameter.ref.field == ParameterRef::Field::kStatusQuo;
      const int issue = parameter.ref.field == ParameterRef::Field::kStatusQuo ? parameter.ref.row
                                                                               : parameter.ref.col;
      if (issue_value && scenario.issues[static_cast<std::size_t>(issue)].is_discrete()) {
        const Issue& discrete = scenario.issues[static_cast<std::size_t>(issue)];
        const auto name = node.value_exact<std::string>();
        const auto found = name ? std::find(discrete.options.begin(), discrete.options.end(), *name)
                                : discrete.options.end();
        if (found == discrete.options.end()) {
          throw UsageError(
              fmt::format("--set {}: expected one of the options of `{}` in quotes, found `{}`",
                          path, discrete.id, value));
        }
        distribution = Distribution::fixed(static_cast<double>(found - discrete.options.begin()));
      } else {
        distribution = read.as_parameter(node, fmt::format("`{}`", path), parameter.domain_min,
                                         parameter.domain_max);
      }
      parameter.value = distribution;
      parameter.ref.in(scenario.base) = distribution.mean();
      // The checks a file gets.
      if (parameter.ref.field == ParameterRef::Field::kSalience &&
          scenario.base.salience.row(parameter.ref.row).sum() <= 0.0) {
        throw UsageError(fmt::format("--set {}: leaves every salience of the actor at zero", path));
      }
      if (parameter.ref.field == ParameterRef::Field::kIdeal) {
        const Actor& actor = scenario.actors[static_cast<std::size_t>(parameter.ref.row)];
        const Eigen::VectorXd ideal = scenario.base.ideal.row(parameter.ref.row).transpose();
        int broken = -1;
        if (!actor.accepts_red_lines(ideal, &broken)) {
          throw UsageError(
              fmt::format("--set {}: `{}`'s ideal point would break its own red line \"{}\"", path,
                          actor.id, actor.red_lines[static_cast<std::size_t>(broken)].text()));
        }
      }
      for (const Phase& phase : scenario.phases) {
        if (!phase.equilibrium) continue;
        if (const auto problem = division_game_problem(scenario, phase)) {
          throw UsageError(
              fmt::format("--set {}: phase `{}` would no longer be a division game: {}", path,
                          phase.id, *problem));
        }
      }
      scenario.overrides.push_back(text);
      return;
    }
  } catch (const ScenarioError& bad) {
    throw UsageError(fmt::format("--set {}: {}", path, bad.message()));
  }
  throw UsageError(
      fmt::format("--set {}: unknown parameter path; closest: {} (manifest.json lists every path)",
                  path, closest_paths(scenario, path)));
}

void check_sweep(const Scenario& scenario, const SweepSpec& spec) {
  // A grid's values lie between its ends, so its ends decide the domain checks;
  // a long grid is checked at its ends and kMaxCheckedLevels levels evenly
  // between them (each point is checked again when the sweep applies it).
  // Larger grids than any design may hold fail here, before anything is copied.
  constexpr std::int64_t kMaxCheckedLevels = 1024;
  constexpr std::int64_t kMaxGridCount = 100'000'000;
  for (const SweepAxis& axis : spec.axes) {
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
          const std::int64_t level =
              checked == axis.count ? k : (axis.count - 1) * k / (checked - 1);
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
    for (const std::string& value : candidates) {
      Scenario trial = scenario;
      try {
        apply_override(trial, axis.path + "=" + value);
      } catch (const UsageError& bad) {
        std::string message = bad.what();
        if (message.rfind("--set ", 0) == 0) message.erase(0, 6);
        message = "swept parameter " + message;
        if (axis.origin.line > 0) throw ScenarioError(axis.origin, message);
        throw UsageError(fmt::format("{} {}", axis.origin.file, message));
      }
    }
  }
}

}  // namespace parley
