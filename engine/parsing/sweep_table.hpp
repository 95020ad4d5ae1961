// Reading a `[sweep]` table — of a scenario file or of a design file (format in
// scenarios/README.md) — into a SweepSpec. The reader checks the table's keys and
// types; the design's shape is checked by validate_sweep
// (parsing/sweep_validation.hpp), worded with the table's positions. Internal to
// parsing/ (it includes toml++); load_sweep_design is public in scenario_parser.hpp.
#pragma once

#include "parsing/toml_reader.hpp"
#include "scenario/sweep_spec.hpp"

namespace parley {

// The `[sweep]` table at `node`; errors are ScenarioErrors at file:line:column.
SweepSpec read_sweep_table(const TomlReader& read, const toml::node& node);

}  // namespace parley
