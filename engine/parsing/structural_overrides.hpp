// The structure of a scenario as `--set` paths: each actor's strategy kind and
// each phase's deadline, decision rule, quota, protocol, proposer order,
// participants, ratifiers and veto players (overrides.hpp applies them; a sweep
// point may set them like any numeric parameter).
//
// | path                            | value                                             |
// | ------------------------------- | ------------------------------------------------- |
// | actors.<id>.strategy.kind       | a strategy name in quotes (strategy_catalogue)    |
// | phases.<id>.max_rounds          | an integer in [1, 100 000 000]                    |
// | phases.<id>.decision_rule       | "unanimity", "majority", "quota" or "eu_council"  |
// |                                 | (keeps the quota, seats and veto; "eu_council"    |
// |                                 | only over a Council rule), or a table as in a     |
// |                                 | file { rule = "quota", quota = 0.6, veto = [..] } |
// | phases.<id>.quota               | a number in (0, 1]; only under rule = "quota"     |
// | phases.<id>.protocol            | a protocol name in quotes (protocol/protocol.hpp) |
// | phases.<id>.proposer_order      | "listed" ("rotating"), "capability" or an array   |
// |                                 | of participants (alternating_offers only)         |
// | phases.<id>.participants        | an array of actor ids                             |
// | phases.<id>.ratifiers           | an array of actor ids (may be empty)              |
// | phases.<id>.veto                | an array of actor ids (may be empty)              |
//
// A new strategy kind comes with its catalogue defaults: the actor's old
// strategy parameters (`actors.<id>.strategy.<param>`) leave Scenario::parameters
// and the new kind's take their place, so manifest.json lists the parameters the
// actor now has and `--set` can change them. Setting the kind an actor already
// plays changes nothing. New participants keep equal recognition weights if the
// phase had equal weights; an explicit proposer sequence keeps its actors.
//
// The setters read and set; the checks of what the values may be are validate's
// (parsing/validate.hpp), run by the caller. Internal to parsing/ (toml++).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsing/toml_reader.hpp"
#include "scenario/scenario.hpp"

namespace parley {

// Whether `path` has the form of a structural path other than max_rounds (whose
// values, like numeric parameters', can be checked one at a time): a change to
// it may change what other assignments mean or accept.
bool changes_structure(std::string_view path);

// The order a sweep point applies its assignments in: 0 for the paths that
// define the others' meaning (strategy kind, protocol, decision rule,
// participants), 1 for the rest.
int assignment_rank(std::string_view path);

// Every structural path of `scenario`, for the "closest" suggestions.
std::vector<std::string> structural_paths(const Scenario& scenario);

// Sets the structural setting `path` names from `node`, without validating the
// scenario. Returns false (and changes nothing) when `path` names none. A value
// of the wrong kind throws ScenarioError (from `read`) or UsageError with the
// message only (no "--set PATH: " prefix); the scenario may then be partly
// changed, so callers restore it.
bool set_structure(Scenario& scenario, const std::string& path, const toml::node& node,
                   const TomlReader& read);

// When `path` is `actors.<id>.strategy.<name>` of a known actor whose strategy
// has no parameter `name`: why (its strategy's parameters, and which kinds have
// `name`).
std::optional<std::string> strategy_parameter_problem(const Scenario& scenario,
                                                      std::string_view path);

}  // namespace parley
