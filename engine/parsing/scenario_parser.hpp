// Reads a scenario file (TOML, format v1) into a validated, immutable Scenario:
// the public entry to parsing/.
//
// The format is documented in scenarios/README.md. Every error — TOML syntax,
// unknown key, wrong type, value out of range, unknown id, bad red line, bad
// distribution — throws ScenarioError naming file:line:column, what was
// expected and what was found. Unknown keys are errors, never ignored.
//
// parse_scenario reads the document (parsing/toml_reader.hpp), imports an
// [actors_table] (parsing/actors_table.hpp), builds the Scenario
// (parsing/scenario_builder.hpp, [sweep] in parsing/sweep_table.hpp) and validates
// it (parsing/validate.hpp). This header also gives `--set` overrides
// (parsing/overrides.hpp) and the sweep checks (parsing/sweep_validation.hpp).
#pragma once

#include <string>
#include <string_view>

#include "parsing/overrides.hpp"
#include "parsing/sweep_validation.hpp"
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

// Reads a design file: a TOML file holding one `[sweep]` table (format in
// scenarios/README.md). Errors are ScenarioErrors with file:line:column.
// (Defined in sweep_table.cpp.)
SweepSpec load_sweep_design(const std::string& path);

}  // namespace parley
