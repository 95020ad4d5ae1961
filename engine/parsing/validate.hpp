// validate: every semantic check of a built Scenario, in one place.
//
// The builder (parsing/scenario_builder.hpp) reads what each value *is*: types,
// keys, ids, references to other ids, well-formed distributions and red lines.
// validate checks what the values *may be*, on the built scenario:
//
//  - issues: a continuous issue's range ends lie in [-1e12, 1e12] and min < max;
//  - parameters (every ScenarioParameter: uncertainty, status quos, actors'
//    capability, reservation utility, discount, risk exponent, ideal points,
//    saliences and strategy parameters, instruments, shocks): a fixed value lies in
//    its domain; a distribution's mean does, and so does its support when bounded;
//  - actors: a positive salience on at least one issue; the ideal point satisfies
//    every red line of the actor;
//  - deals: each value of a continuous issue lies in the issue's range;
//  - phases: at least 2 participants; a forecasting protocol's participants have
//    saliences in [0, 1]; a quota in (0, 1]; veto players at the table, ratifiers
//    absent from it; a breakdown probability in [0, 1); `equilibrium` played by
//    every participant or none, and then only in a division game;
//  - instruments: a target other than the holder;
//  - the scenario's `[sweep]` values, each one the scenario accepts (check_sweep).
//
// It runs after parsing (parse_scenario) and after every `--set` (apply_override),
// and throws at the first problem, in file order. After parsing, the error is a
// ScenarioError at the file:line:column of the offending value, which the builder
// records in ScenarioSources. After a `--set`, the scenario was valid before the
// change, so a problem can only be that change's: it is a UsageError
// "--set PATH: …" (and the `[sweep]` values are not re-checked, as before).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/distribution.hpp"
#include "core/errors.hpp"
#include "scenario/scenario.hpp"

namespace parley {

// Where the values of a scenario were written, for validate's messages. The
// vectors run parallel to the Scenario's; a missing entry names the file at
// line 0.
struct ScenarioSources {
  // A value as messages name it ("the salience of `buyer` on `price`") and where
  // it was written.
  struct Value {
    std::string what;
    SourceLocation where;
  };
  struct IssueSource {  // a continuous issue's `range`
    SourceLocation min, max, range;
  };
  struct ActorSource {
    SourceLocation salience;                // the `salience` table
    std::vector<SourceLocation> red_lines;  // each red line's string
  };
  struct PhaseSource {
    SourceLocation table, participants, protocol, quota, breakdown_probability;
    std::vector<SourceLocation> veto;       // each veto player in `decision_rule`
    std::vector<SourceLocation> ratifiers;  // each actor in `ratification`
  };

  // Set when a valid scenario was then changed by `--set PATH=…`: every problem
  // is that change's.
  std::optional<std::string> override_path;

  std::vector<Value> parameters;                   // per Scenario::parameters
  std::vector<IssueSource> issues;                 // per Scenario::issues
  std::vector<ActorSource> actors;                 // per Scenario::actors
  std::vector<std::vector<Value>> deal_values;     // per Scenario::deals, per issue
  std::vector<PhaseSource> phases;                 // per Scenario::phases
  std::vector<SourceLocation> instrument_targets;  // per Scenario::instruments

  // The sources of a scenario just changed by `--set PATH=…`.
  static ScenarioSources of_override(std::string path) {
    ScenarioSources sources;
    sources.override_path = std::move(path);
    return sources;
  }
};

// Throws ScenarioError (or, for an override, UsageError) at the first problem.
void validate(const Scenario& scenario, const ScenarioSources& sources);

// The domain rule of a parameter's value, as validate applies it: a fixed value in
// [lo, hi]; a distribution's mean too, and its support when bounded. Returns the
// problem ("expected `what` to be in [lo, hi], found …") or nothing. The builder asks
// it of a deal's value written as a distribution before refusing the distribution,
// so that such a value gets the error it always got.
std::optional<std::string> domain_problem(const Distribution& value, double lo, double hi,
                                          std::string_view what);

}  // namespace parley
