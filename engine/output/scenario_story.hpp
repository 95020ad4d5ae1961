// A scenario's story: what the file sets out, as JSON for the Python module
// (parley.Scenario: actors, issues, phases, parameters) and the classroom page
// (web/API.md, "story").
//
//   {"name", "description", "run": {"replicates", "seed"}, "sweep": null |
//    {"replicates"}, "actors": [{"id", "name", "strategy", "red_lines": [text]}],
//    "issues": [{"id", "label", "unit", "min", "max", "options", "ends",
//    "status_quo"}], "phases": [{"id", "label", "protocol", "max_rounds",
//    "participants", "ratifiers", "veto", "issues", "rule"}], "instruments":
//    [{"id", "kind", "holder", "target"}], "shocks": [{"id", "label"}],
//    "parameters": [{"path", "value" (null when uncertain), "distribution",
//    "min", "max", "judgement", "group"}], "strategies": [names], "structure":
//    [structural --set paths], "overrides": [PATH=VALUE]}
//
// `judgement` marks the judgement calls the scenario files name (saliences,
// reservation utilities, capabilities, discounts, risk, ideal points, strategy
// parameters, instruments' and shocks' numbers); `group` is the actor a
// parameter belongs to, else its first part.
#pragma once

#include <string>

#include "scenario/scenario.hpp"

namespace parley {

std::string scenario_story_json(const Scenario& scenario);

}  // namespace parley
