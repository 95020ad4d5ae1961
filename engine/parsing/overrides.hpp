// `--set PATH=VALUE`: changing one parameter or one piece of the structure of a
// parsed scenario from the command line (parley run, sweep, trace; and each
// point of a sweep).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "scenario/scenario.hpp"

namespace parley {

// Applies one `--set PATH=VALUE` to a parsed scenario. PATH names
//  - a numeric parameter as listed in manifest.json
//    (`actors.us.salience.minerals_share`, `issues.territory.status_quo`,
//    `actors.us.strategy.exponent`, `uncertainty.perception_sd`, …); VALUE is a
//    number, an option name in quotes for a discrete issue, or a distribution as
//    one inline table (`{ dist = "normal", mean = 0.6, sd = 0.1 }`);
//  - or the structure (parsing/structural_overrides.hpp): `actors.<id>.strategy.kind`
//    (a strategy name in quotes; the new kind starts from its default
//    parameters) and `phases.<id>.` `max_rounds`, `decision_rule`, `quota`,
//    `protocol`, `proposer_order`, `participants`, `ratifiers`, `veto` (names in
//    quotes, numbers, inline arrays of actor ids such as ["ukraine", "eu"]).
// VALUE is one TOML value — no line breaks or other control characters, nothing
// after it (not even a comment). The scenario is then validated as a file is
// (parsing/validate.hpp: domains, red lines of the actor's own ideal point,
// veto players at the table, ratifiers away from it, equilibrium applicability,
// …). Bad input throws UsageError "--set PATH: …" saying what was expected and
// what was found (for an unknown path, the closest valid paths); a refused
// assignment leaves the scenario as it was. Applied assignments are recorded in
// Scenario::overrides (the manifest's `overrides`, which `parley verify` re-runs).
void apply_override(Scenario& scenario, std::string_view assignment);

// Applies the assignments of one sweep point (each `PATH=VALUE` as
// apply_override takes it): first those that change what the others mean —
// strategy kinds, protocols, decision rules, participants — then the rest, each
// group in the given order; the scenario is validated once, after all of them,
// so one point may change related settings together (participants and
// ratifiers, every participant's strategy). They are not recorded in
// Scenario::overrides (they are the point's design columns). On error the
// scenario is left as it was; a problem found by the validation is a UsageError
// "--set PATH=VALUE, …: …" naming the point's assignments.
void apply_point(Scenario& scenario, std::span<const std::string> assignments);

}  // namespace parley
