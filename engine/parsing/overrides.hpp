// `--set PATH=VALUE`: changing one parameter of a parsed scenario from the command
// line (parley run, sweep, trace; and each point of a sweep).
#pragma once

#include <string_view>

#include "scenario/scenario.hpp"

namespace parley {

// Applies one `--set PATH=VALUE` to a parsed scenario. PATH names a numeric
// parameter as listed in manifest.json (`actors.us.salience.minerals_share`,
// `issues.territory.status_quo`, `uncertainty.perception_sd`, …) or
// `phases.<id>.max_rounds`; VALUE is one TOML value: a number, an option name
// in quotes for a discrete issue, or a distribution as one inline table
// (`{ dist = "normal", mean = 0.6, sd = 0.1 }`) — no line breaks or other
// control characters, nothing after it (not even a comment). The scenario is then
// validated as a file is (parsing/validate.hpp: domains, red lines of the actor's
// own ideal point, equilibrium applicability, …). Bad input throws UsageError
// naming the closest valid paths; a refused assignment leaves the scenario as it was.
void apply_override(Scenario& scenario, std::string_view assignment);

}  // namespace parley
