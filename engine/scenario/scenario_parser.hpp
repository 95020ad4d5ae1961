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

// Parses `text` as the contents of the file `source_name`.
Scenario parse_scenario(std::string_view text, std::string_view source_name);

// Reads and parses a file; a missing or unreadable file is a ScenarioError too.
Scenario load_scenario(const std::string& path);

}  // namespace parley
