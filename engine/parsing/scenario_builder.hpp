// Building a Scenario from the TOML table of a scenario file: the header, [run],
// issues, uncertainty, actors and their strategies, deals, phases and their
// protocols, threats and side payments, shocks and the [sweep] table.
//
// The builder reads what each value is — its type, its keys, ids and references to
// other ids, distributions and red lines that compile — and records where each
// value was written (ScenarioSources), so that validate (parsing/validate.hpp) can
// check what the values may be and name their positions. Strategy and protocol
// names are looked up in their registries in one function each:
// read_actor_strategy (`strategy = { kind = … }` and its parameters, with
// strategy_named; strategy/strategy_catalogue.hpp) and read_phase_protocol
// (`protocol = "…"` and the keys a protocol reads; protocol/protocol.hpp).
//
// Internal to parsing/ (it includes toml++). The phases are read in
// scenario_builder_phases.cpp, threats, side payments and shocks in
// scenario_builder_instruments.cpp, the rest in scenario_builder.cpp.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "parsing/toml_reader.hpp"
#include "parsing/validate.hpp"
#include "scenario/scenario.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley {

// A scenario as built, and where its values were written.
struct BuiltScenario {
  Scenario scenario;
  ScenarioSources sources;
};

class ScenarioBuilder {
 public:
  // `actor_rows[k]` is where the k-th entry of root["actors"] came from when
  // `[actors_table]` made it (its table row), else line 0: errors and positions
  // of a table actor name that row, as its generated nodes have no position.
  ScenarioBuilder(const toml::table& root, std::string_view source,
                  std::vector<SourceLocation> actor_rows = {});

  // Reads the whole file; the result is not validated yet.
  BuiltScenario build();

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

  // Where `node` was written; a node of an [actors_table] row has no position, so
  // it is the row's.
  SourceLocation where(const toml::node& node) const;
  SourceLocation unwritten() const { return {read_.file(), 0, 0}; }

  void read_header();
  void read_run();
  void read_issues();
  void size_parameters();
  // Adds a parameter; `what` and `at` name it in validate's messages.
  void add_parameter(std::string path, ParameterRef ref, Distribution value, double lo, double hi,
                     std::string what, SourceLocation at);
  void read_uncertainty();
  Distribution issue_value(const Issue& issue, const toml::node& node, std::string_view what);
  void read_issue_status_quos();
  // Every issue must have an entry, but those marked in `valued` must not.
  template <typename PerIssue>
  void read_issue_table(const toml::node& node, std::string_view what, PerIssue&& per_issue,
                        const std::vector<char>& valued = {});
  std::vector<char> read_valuations(const toml::table& actor_table, const std::string& actor_id,
                                    int row);
  void read_actors();
  void read_actor_strategy(const toml::table& table, Actor& actor, int row,
                           const std::string& prefix);
  void read_red_lines(const toml::node& node, Actor& actor, ScenarioSources::ActorSource& source);
  void read_deals();
  int actor_ref(const toml::node& node, std::string_view what) const;
  std::vector<int> actor_list(const toml::node& node, std::string_view what) const;

  // scenario_builder_instruments.cpp
  void read_instruments();
  void read_shocks();

  // scenario_builder_phases.cpp
  void read_phases();
  void read_phase_protocol(const toml::table& table, Phase& phase,
                           ScenarioSources::PhaseSource& source);
  void read_decision_rule(const toml::node& node, Phase& phase,
                          ScenarioSources::PhaseSource& source);
  PhaseEnd phase_end(const toml::node& node, std::string_view what) const;
  DecisionRule::Kind rule_kind(const toml::node& node) const;

  const toml::table& root_;
  TomlReader read_;
  std::vector<SourceLocation> actor_rows_;
  std::size_t reading_actor_ = std::numeric_limits<std::size_t>::max();  // index in `actors`
  Scenario scenario_;
  ScenarioSources sources_;
  std::vector<const toml::node*> status_quo_nodes_;  // per issue, read after the actors are sized
};

// The strategy a scenario names `kind` (`strategy = { kind = … }` of an actor,
// `strategy` of an [actors_table]): the one place a strategy's name is looked up.
// An unknown name is a ScenarioError at `node` listing the known ones.
const StrategyInfo& strategy_named(const TomlReader& read, const toml::node& node,
                                   const std::string& kind);

// A phase's deadline: an integer in [1, 100 000 000] (the engine counts rounds in
// `int`). Read from a file's `max_rounds` and from `--set phases.<id>.max_rounds`.
int read_max_rounds(const TomlReader& read, const toml::node& node);

}  // namespace parley
