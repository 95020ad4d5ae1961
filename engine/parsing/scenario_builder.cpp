// Building a Scenario from a scenario file's TOML table (scenario_builder.hpp):
// everything but the phases, which are in scenario_builder_phases.cpp.
#include "parsing/scenario_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/input_limits.hpp"
#include "parsing/sweep_table.hpp"

namespace parley {
namespace {

// Bounds that keep every derived quantity finite; issue values and weights are
// bounded by kMaxIssueMagnitude and kMaxWeight (core/input_limits.hpp). A
// perception sd of 10 spans already makes every belief noise clamped into the
// range; a larger one overflows the multiplicative salience noise e^(sd·z).
// Deadlines are `int`s in the engine.
constexpr double kMaxPerceptionSd = 10.0;
constexpr std::int64_t kMaxRoundsPerPhase = 100'000'000;

// The words of the red-line language (utility/red_line.hpp): an issue with such
// an id could not be named in a red line.
bool is_red_line_word(std::string_view id) {
  return id == "and" || id == "or" || id == "not" || id == "true" || id == "false";
}

std::string option_list(const Issue& issue) {
  std::string out;
  for (const auto& option : issue.options) {
    if (!out.empty()) out += ", ";
    out += "\"" + option + "\"";
  }
  return out;
}

}  // namespace

const StrategyInfo& strategy_named(const TomlReader& read, const toml::node& node,
                                   const std::string& kind) {
  const StrategyInfo* info = find_strategy(kind);
  if (info == nullptr) {
    read.fail(node,
              fmt::format("unknown strategy \"{}\"; expected one of: {}", kind, strategy_names()));
  }
  return *info;
}

int read_max_rounds(const TomlReader& read, const toml::node& node) {
  const std::int64_t rounds = read.as_integer(node, "`max_rounds`", 1);
  if (rounds > kMaxRoundsPerPhase) {
    read.fail(node, fmt::format("expected `max_rounds` to be at most {}, found {}",
                                kMaxRoundsPerPhase, rounds));
  }
  return static_cast<int>(rounds);
}

ScenarioBuilder::ScenarioBuilder(const toml::table& root, std::string_view source,
                                 std::vector<SourceLocation> actor_rows)
    : root_(root), read_(source), actor_rows_(std::move(actor_rows)) {
  scenario_.source_name = std::string(source);
}

BuiltScenario ScenarioBuilder::build() {
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
  reading_actor_ = std::numeric_limits<std::size_t>::max();
  read_deals();
  read_phases();
  read_instruments();
  read_shocks();
  if (const auto* sweep = root_.get("sweep")) scenario_.sweep = read_sweep_table(read_, *sweep);
  return {std::move(scenario_), std::move(sources_)};
}

SourceLocation ScenarioBuilder::where(const toml::node& node) const {
  SourceLocation at = read_.where(node);
  if (at.line == 0 && reading_actor_ < actor_rows_.size() && actor_rows_[reading_actor_].line != 0)
    return actor_rows_[reading_actor_];
  return at;
}

void ScenarioBuilder::read_header() {
  const auto& header =
      read_.as_table(read_.require(root_, "scenario", "the scenario file"), "[scenario]");
  read_.check_keys(header, "[scenario]", {"name", "description"});
  scenario_.name = read_.as_string(read_.require(header, "name", "[scenario]"), "`name`");
  if (const auto* node = header.get("description")) {
    scenario_.description = read_.as_string(*node, "`description`");
  }
}

void ScenarioBuilder::read_run() {
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

void ScenarioBuilder::read_issues() {
  const auto& list =
      read_.as_array(read_.require(root_, "issues", "the scenario file"), "`issues`");
  if (list.empty()) read_.fail(list, "expected at least one [[issues]] entry, found none");
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::string context = fmt::format("[[issues]] #{}", k + 1);
    const auto& table = read_.as_table(list[k], context);
    read_.check_keys(table, context,
                     {"id", "label", "unit", "range", "options", "status_quo", "ends"});
    Issue issue;
    ScenarioSources::IssueSource source;
    issue.id = unique_id(table, context, "issue", scenario_.issues);
    if (is_red_line_word(issue.id)) {
      read_.fail(*table.get("id"),
                 fmt::format("expected the issue `id` to be an id other than and, or, not, true "
                             "and false (words of the red-line language), found \"{}\"",
                             issue.id));
    }
    const std::string about = fmt::format("issue `{}`", issue.id);
    issue.label = read_.as_string(read_.require(table, "label", about), "`label`");
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
      source = {read_.where(array[0]), read_.where(array[1]), read_.where(array)};
    } else {
      read_.fail(table, fmt::format("issue `{}` needs `range = [min, max]` (continuous) or "
                                    "`options = […]` (discrete)",
                                    issue.id));
    }
    if (const auto* ends = table.get("ends")) {
      const auto& array = read_.as_array(*ends, "`ends`");
      if (array.size() != 2) {
        read_.fail(array, fmt::format("expected `ends` to be [label of min, label of max], found "
                                      "an array of {} values",
                                      array.size()));
      }
      issue.ends = {read_.as_string(array[0], "an end label"),
                    read_.as_string(array[1], "an end label")};
    }
    status_quo_nodes_.push_back(&read_.require(table, "status_quo", about));
    scenario_.issues.push_back(std::move(issue));
    sources_.issues.push_back(std::move(source));
  }
}

void ScenarioBuilder::size_parameters() {
  const auto* list = root_.get("actors");
  const auto n =
      static_cast<Eigen::Index>(list != nullptr && list->is_array() ? list->as_array()->size() : 0);
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
  p.instrument = Eigen::MatrixXd::Zero(0, Instrument::kColumns);
  p.shock_probability = Eigen::VectorXd::Zero(0);
  p.shock_change = Eigen::VectorXd::Zero(0);
}

void ScenarioBuilder::add_parameter(std::string path, ParameterRef ref, Distribution value,
                                    double lo, double hi, std::string what, SourceLocation at) {
  ref.in(scenario_.base) = value.mean();
  scenario_.parameters.push_back({std::move(path), ref, value, lo, hi});
  sources_.parameters.push_back({std::move(what), std::move(at)});
}

void ScenarioBuilder::read_uncertainty() {
  Distribution sd = Distribution::fixed(0.0);
  Distribution update = Distribution::fixed(0.3);
  SourceLocation sd_at = unwritten();
  SourceLocation update_at = unwritten();
  if (const toml::node* node = root_.get("uncertainty")) {
    const auto& table = read_.as_table(*node, "[uncertainty]");
    read_.check_keys(table, "[uncertainty]", {"perception_sd", "belief_update", "knowledge"});
    if (const auto* value = table.get("knowledge")) {
      const std::string knowledge = read_.as_string(*value, "`knowledge`");
      if (knowledge == "public") {
        scenario_.knowledge = Knowledge::kPublic;
      } else if (knowledge == "private") {
        scenario_.knowledge = Knowledge::kPrivate;
      } else {
        read_.fail(*value, fmt::format("expected `knowledge` to be \"public\" or \"private\", "
                                       "found \"{}\"",
                                       knowledge));
      }
    }
    if (const auto* value = table.get("perception_sd")) {
      sd = read_.as_parameter(*value, "`perception_sd`");
      sd_at = where(*value);
    }
    if (const auto* value = table.get("belief_update")) {
      update = read_.as_parameter(*value, "`belief_update`");
      update_at = where(*value);
    }
  }
  add_parameter("uncertainty.perception_sd", {ParameterRef::Field::kPerceptionSd, 0, 0}, sd, 0.0,
                kMaxPerceptionSd, "`perception_sd`", sd_at);
  add_parameter("uncertainty.belief_update", {ParameterRef::Field::kBeliefUpdate, 0, 0}, update,
                0.0, 1.0, "`belief_update`", update_at);
}

// A discrete issue's value is an option name; a continuous one a number or distribution.
Distribution ScenarioBuilder::issue_value(const Issue& issue, const toml::node& node,
                                          std::string_view what) {
  if (issue.is_discrete()) {
    const auto name = node.value_exact<std::string>();
    if (!name) {
      read_.fail(node, fmt::format("expected {} to be one of the options of `{}` ({}), found {}",
                                   what, issue.id, option_list(issue), type_name(node)));
    }
    for (std::size_t k = 0; k < issue.options.size(); ++k) {
      if (issue.options[k] == *name) return Distribution::fixed(static_cast<double>(k));
    }
    read_.fail(node, fmt::format("expected {} to be one of the options of `{}` ({}), found \"{}\"",
                                 what, issue.id, option_list(issue), *name));
  }
  return read_.as_parameter(node, what);
}

void ScenarioBuilder::read_issue_status_quos() {
  for (std::size_t d = 0; d < scenario_.issues.size(); ++d) {
    const Issue& issue = scenario_.issues[d];
    std::string what = fmt::format("the status quo of `{}`", issue.id);
    Distribution value = issue_value(issue, *status_quo_nodes_[d], what);
    add_parameter(fmt::format("issues.{}.status_quo", issue.id),
                  {ParameterRef::Field::kStatusQuo, static_cast<int>(d), 0}, value, issue.min,
                  issue.max, std::move(what), where(*status_quo_nodes_[d]));
  }
}

// A table with one entry per issue (ideal, salience, deal values).
template <typename PerIssue>
void ScenarioBuilder::read_issue_table(const toml::node& node, std::string_view what,
                                       PerIssue&& per_issue, const std::vector<char>& valued) {
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
    if (!valued.empty() && valued[d]) {
      if (value != nullptr) {
        read_.fail(*value, fmt::format("{} on `{}` follows from its valuations of the options; "
                                       "expected no entry for `{}`, found one",
                                       what, issue.id, issue.id));
      }
      continue;
    }
    if (value == nullptr) {
      read_.fail(table, fmt::format("missing issue `{}` in {}; every issue needs a value", issue.id,
                                    what));
    }
    per_issue(static_cast<int>(d), issue, *value);
  }
}

// `[actors.valuations]`: issue id → { option name → value ≥ 0 } for discrete
// issues, every option listed once, at least one value above 0. Values are
// divided by the issue's largest (GENIUS's normalisation). The actor's ideal
// option on such an issue is its best-valued one (the first of equals) and is
// not written. Returns, per issue, whether the actor values its options.
std::vector<char> ScenarioBuilder::read_valuations(const toml::table& actor_table,
                                                   const std::string& actor_id, int row) {
  std::vector<char> valued(scenario_.issues.size(), 0);
  const toml::node* node = actor_table.get("valuations");
  if (node == nullptr) return valued;
  const std::string what = fmt::format("the valuations of `{}`", actor_id);
  const auto& table = read_.as_table(*node, what);
  for (const auto& [key, value] : table) {
    const int d = scenario_.issue_index(key.str());
    if (d < 0) {
      read_.fail(key.source(), fmt::format("unknown issue `{}` in {}; expected one of: {}",
                                           key.str(), what, join_ids(scenario_.issues)));
    }
    const Issue& issue = scenario_.issues[static_cast<std::size_t>(d)];
    const std::string on = fmt::format("{} on `{}`", what, issue.id);
    if (!issue.is_discrete()) {
      read_.fail(key.source(), fmt::format("expected {} to be on a discrete issue (with "
                                           "`options`); `{}` is continuous",
                                           on, issue.id));
    }
    // The offers of a scenario with valuations search the options of every issue
    // (strategy/pareto_bidder.hpp), so no issue may be continuous.
    for (const Issue& other : scenario_.issues) {
      if (!other.is_discrete()) {
        read_.fail(key.source(),
                   fmt::format("{}: option valuations need every issue to be discrete; `{}` is "
                               "continuous",
                               on, other.id));
      }
    }
    const auto& options = read_.as_table(value, on);
    OptionValuation valuation;
    valuation.actor = row;
    valuation.issue = d;
    valuation.value.assign(issue.options.size(), 0.0);
    for (const auto& [option, number] : options) {
      const auto found = std::find(issue.options.begin(), issue.options.end(), option.str());
      if (found == issue.options.end()) {
        read_.fail(option.source(), fmt::format("unknown option `{}` in {}; expected one of: {}",
                                                option.str(), on, option_list(issue)));
      }
      const std::string of_option = fmt::format("the value of option `{}` in {}", option.str(), on);
      const double v = read_.as_number(number, of_option);
      if (!(v >= 0.0 && v <= kMaxWeight)) {
        read_.fail(number, fmt::format("expected {} to be in [0, {:g}], found {}", of_option,
                                       kMaxWeight, v));
      }
      valuation.value[static_cast<std::size_t>(found - issue.options.begin())] = v;
    }
    for (const std::string& option : issue.options) {
      if (!options.contains(option)) {
        read_.fail(options, fmt::format("missing option `{}` in {}; every option needs a value",
                                        option, on));
      }
    }
    const auto best = std::max_element(valuation.value.begin(), valuation.value.end());
    if (*best <= 0.0) {
      read_.fail(options, fmt::format("expected at least one value above 0 in {}, found none", on));
    }
    const double top = *best;
    for (double& v : valuation.value) v /= top;
    scenario_.base.ideal(row, d) = static_cast<double>(best - valuation.value.begin());
    scenario_.valuations.push_back(std::move(valuation));
    valued[static_cast<std::size_t>(d)] = 1;
  }
  return valued;
}

void ScenarioBuilder::read_actors() {
  const auto& list =
      read_.as_array(read_.require(root_, "actors", "the scenario file"), "`actors`");
  if (list.empty()) read_.fail(list, "expected at least one [[actors]] entry, found none");
  for (std::size_t k = 0; k < list.size(); ++k) {
    reading_actor_ = k;
    const int row = static_cast<int>(k);
    const std::string context = fmt::format("[[actors]] #{}", k + 1);
    const auto& table = read_.as_table(list[k], context);
    read_.check_keys(
        table, context,
        {"id", "name", "capability", "reservation_utility", "discount_per_round", "risk_exponent",
         "red_lines", "strategy", "ideal", "salience", "valuations", "threats", "side_payments"});
    Actor actor;
    ScenarioSources::ActorSource source;
    actor.id = unique_id(table, context, "actor", scenario_.actors);
    const std::string who = fmt::format("actor `{}`", actor.id);
    const std::string prefix = fmt::format("actors.{}.", actor.id);
    actor.name = read_.as_string(read_.require(table, "name", who), "`name`");

    auto scalar = [&](std::string_view key, ParameterRef::Field field, double fallback, double lo,
                      double hi) {
      std::string what = fmt::format("the {} of `{}`", key, actor.id);
      Distribution value = Distribution::fixed(fallback);
      SourceLocation at = unwritten();
      if (const auto* node = table.get(key)) {
        value = read_.as_parameter(*node, what);
        at = where(*node);
      }
      add_parameter(prefix + std::string(key), {field, row, 0}, value, lo, hi, std::move(what), at);
    };
    scalar("capability", ParameterRef::Field::kCapability, 1.0, 0.0, kMaxWeight);
    scalar("reservation_utility", ParameterRef::Field::kReservation, 0.0, 0.0, 1.0);
    scalar("discount_per_round", ParameterRef::Field::kDiscount, 1.0, 0.0, 1.0);
    scalar("risk_exponent", ParameterRef::Field::kRisk, 1.0, 1e-6, 1e6);

    const std::vector<char> valued = read_valuations(table, actor.id, row);
    const bool every_issue_valued = std::find(valued.begin(), valued.end(), 0) == valued.end();
    const toml::node* ideal_node = table.get("ideal");
    if (ideal_node == nullptr && !every_issue_valued)
      ideal_node = &read_.require(table, "ideal", who);
    if (ideal_node != nullptr) {
      read_issue_table(
          *ideal_node, fmt::format("the ideal point of `{}`", actor.id),
          [&](int d, const Issue& issue, const toml::node& node) {
            std::string what = fmt::format("the ideal point of `{}` on `{}`", actor.id, issue.id);
            Distribution value = issue_value(issue, node, what);
            add_parameter(fmt::format("{}ideal.{}", prefix, issue.id),
                          {ParameterRef::Field::kIdeal, row, d}, value, issue.min, issue.max,
                          std::move(what), where(node));
          },
          valued);
    }
    const auto& salience_node = read_.require(table, "salience", who);
    read_issue_table(salience_node, fmt::format("the salience of `{}`", actor.id),
                     [&](int d, const Issue& issue, const toml::node& node) {
                       std::string what =
                           fmt::format("the salience of `{}` on `{}`", actor.id, issue.id);
                       Distribution value = read_.as_parameter(node, what);
                       add_parameter(fmt::format("{}salience.{}", prefix, issue.id),
                                     {ParameterRef::Field::kSalience, row, d}, value, 0.0,
                                     kMaxWeight, std::move(what), where(node));
                     });
    source.salience = where(salience_node);
    read_actor_strategy(table, actor, row, prefix);
    if (const auto* red_lines = table.get("red_lines")) read_red_lines(*red_lines, actor, source);
    scenario_.actors.push_back(std::move(actor));
    sources_.actors.push_back(std::move(source));
  }
}

// `strategy = { kind = "…", <parameters of the kind> }`.
void ScenarioBuilder::read_actor_strategy(const toml::table& table, Actor& actor, int row,
                                          const std::string& prefix) {
  const std::string who = fmt::format("actor `{}`", actor.id);
  const auto& node = read_.require(table, "strategy", who);
  const auto& strategy = read_.as_table(node, fmt::format("the strategy of `{}`", actor.id));
  const auto& kind_node =
      read_.require(strategy, "kind", fmt::format("the strategy of `{}`", actor.id));
  const std::string kind = read_.as_string(kind_node, "the strategy `kind`");
  const StrategyInfo& info = strategy_named(read_, kind_node, kind);
  actor.strategy = info.name;
  for (const auto& [key, value] : strategy) {
    if (key.str() == "kind") continue;
    bool known = false;
    for (const auto& param : info.params) known = known || param.name == key.str();
    if (!known) {
      std::string names = "kind";
      for (const auto& param : info.params) names += ", " + std::string(param.name);
      read_.fail(key.source(),
                 fmt::format("unknown key `{}` in the {} strategy of `{}`; expected one of: {}",
                             key.str(), kind, actor.id, names));
    }
  }
  for (std::size_t slot = 0; slot < info.params.size(); ++slot) {
    const StrategyParamSpec& param = info.params[slot];
    std::string what = fmt::format("the {} `{}` of `{}`", kind, param.name, actor.id);
    Distribution value = Distribution::fixed(param.default_value);
    SourceLocation at = unwritten();
    if (const auto* given = strategy.get(param.name)) {
      value = read_.as_parameter(*given, what);
      at = where(*given);
    }
    add_parameter(fmt::format("{}strategy.{}", prefix, param.name),
                  {ParameterRef::Field::kStrategyParam, row, static_cast<int>(slot)}, value,
                  param.min, param.max, std::move(what), at);
  }
}

// `red_lines = ["…", …]`, each compiled against the issues.
void ScenarioBuilder::read_red_lines(const toml::node& node, Actor& actor,
                                     ScenarioSources::ActorSource& source) {
  std::vector<std::vector<std::string>> issue_options;
  std::vector<std::string> issue_ids;
  for (const auto& issue : scenario_.issues) {
    issue_ids.push_back(issue.id);
    issue_options.push_back(issue.options);
  }
  for (const auto& line : read_.as_array(node, "`red_lines`")) {
    const std::string text = read_.as_string(line, "a red line");
    try {
      actor.red_lines.push_back(RedLine::compile(text, issue_ids, issue_options));
    } catch (const RedLineError& bad) {
      SourceLocation at = read_.where(line);
      at.column += bad.column();  // the opening quote is at the node's column
      throw ScenarioError(at, fmt::format("in red line of `{}`: {}", actor.id, bad.message()));
    }
    source.red_lines.push_back(where(line));
  }
}

void ScenarioBuilder::read_deals() {
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
    std::vector<ScenarioSources::Value> sources(scenario_.issues.size());
    read_issue_table(
        read_.require(table, "values", fmt::format("deal `{}`", deal.id)),
        fmt::format("the values of deal `{}`", deal.id),
        [&](int d, const Issue& issue, const toml::node& value) {
          std::string what = fmt::format("the value of deal `{}` on `{}`", deal.id, issue.id);
          const Distribution v = issue_value(issue, value, what);
          if (!v.is_fixed()) {
            // Outside the issue's range is the error it always was, before this one.
            if (const auto problem = domain_problem(v, issue.min, issue.max, what))
              read_.fail(value, *problem);
            read_.fail(value, "expected a number, found a distribution: deals are fixed");
          }
          deal.values(d) = v.mean();
          sources[static_cast<std::size_t>(d)] = {std::move(what), where(value)};
        });
    scenario_.deals.push_back(std::move(deal));
    sources_.deal_values.push_back(std::move(sources));
  }
}

int ScenarioBuilder::actor_ref(const toml::node& node, std::string_view what) const {
  const std::string id = read_.as_string(node, what);
  const int index = scenario_.actor_index(id);
  if (index < 0) {
    read_.fail(node, fmt::format("unknown actor `{}` in {}; expected one of: {}", id, what,
                                 join_ids(scenario_.actors)));
  }
  return index;
}

std::vector<int> ScenarioBuilder::actor_list(const toml::node& node, std::string_view what) const {
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

}  // namespace parley
