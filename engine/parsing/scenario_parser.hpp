// Reads a scenario file (TOML, format v1) into a validated, immutable Scenario.
//
// The format is documented in scenarios/README.md. Every error — TOML syntax,
// unknown key, wrong type, value out of range, unknown id, bad red line, bad
// distribution — throws ScenarioError naming file:line:column, what was
// expected and what was found. Unknown keys are errors, never ignored.
#pragma once

#include <string>
#include <string_view>

#include "scenario/scenario.hpp"

namespace parley {

// What a scenario may do beyond its own file.
struct ScenarioOptions {
  // `[actors_table] file` is resolved relative to the scenario file's folder; after
  // resolving `..` and symbolic links it must lie in that folder or below, unless
  // this is set (the CLI's --allow-outside-data). Otherwise a scenario received
  // from someone else could read any file its user can read.
  bool allow_outside_data = false;
};

// Parses `text` as the contents of the file `source_name` (whose folder is where
// `[actors_table] file` is looked for).
Scenario parse_scenario(std::string_view text, std::string_view source_name,
                        const ScenarioOptions& options = {});

// Reads and parses a file; a missing or unreadable file is a ScenarioError too.
Scenario load_scenario(const std::string& path, const ScenarioOptions& options = {});

// Applies one `--set PATH=VALUE` to a parsed scenario. PATH names a numeric
// parameter as listed in manifest.json (`actors.us.salience.minerals_share`,
// `issues.territory.status_quo`, `uncertainty.perception_sd`, …) or
// `phases.<id>.max_rounds`; VALUE is one TOML value: a number, an option name
// in quotes for a discrete issue, or a distribution as one inline table
// (`{ dist = "normal", mean = 0.6, sd = 0.1 }`) — no line breaks or other
// control characters, nothing after it (not even a comment). The same checks as in a file
// apply (domains, red lines of the actor's own ideal point, equilibrium
// applicability). Bad input throws UsageError naming the closest valid paths.
void apply_override(Scenario& scenario, std::string_view assignment);

// Reads a design file: a TOML file holding one `[sweep]` table (format in
// scenarios/README.md). Errors are ScenarioErrors with file:line:column.
SweepSpec load_sweep_design(const std::string& path);

// Checks that every value a design gives each swept parameter is one the
// scenario accepts (grid and list values each; a range's ends). Errors name
// where the parameter was declared: ScenarioError for a file position,
// UsageError for the command line.
void check_sweep(const Scenario& scenario, const SweepSpec& spec);

}  // namespace parley
