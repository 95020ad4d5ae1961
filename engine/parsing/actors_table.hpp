// `[actors_table]`: the actors of a scenario imported from a case table (the CSV
// format of `parley forecast`, parsing/case_table.hpp): one issue, or every issue
// of one proposal of a multi-issue table. See
// scenarios/README.md for the keys (file, case, strategy, position_sd).
//
// The chosen case's actors are added to the document as [[actors]] tables, so
// that they get every check a written actor gets; the tables are built node by
// node (a cell is only ever a string or a number value, never TOML text). The
// table file is found next to the scenario file and, unless allowed, must lie in
// its folder. Internal to parsing/ (it includes toml++).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/errors.hpp"
#include "parsing/scenario_parser.hpp"

namespace parley {

// What splicing an actors table added.
struct SplicedActors {
  std::string table_sha256;  // of the table's bytes
  std::string table_path;    // resolved: what no output may overwrite
  // Per entry of root["actors"], the table row it came from (line 0: written).
  std::vector<SourceLocation> rows;
};

// Adds the actors of root["actors_table"] to root["actors"]; `source_name` is the
// scenario file. Errors are ScenarioErrors at the [actors_table] key or the
// table's row.
SplicedActors splice_actors_table(toml::table& root, std::string_view source_name,
                                  const ScenarioOptions& options);

}  // namespace parley
