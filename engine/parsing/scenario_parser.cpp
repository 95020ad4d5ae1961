// parse_scenario and load_scenario (scenario_parser.hpp): read, import, build, validate.
#include "parsing/scenario_parser.hpp"

#include <utility>

#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "core/sha256.hpp"
#include "parsing/actors_table.hpp"
#include "parsing/scenario_builder.hpp"
#include "parsing/toml_reader.hpp"
#include "parsing/validate.hpp"

namespace parley {

Scenario parse_scenario(std::string_view text, std::string_view source_name,
                        const ScenarioOptions& options) {
  toml::table root = parse_toml(text, source_name);
  SplicedActors spliced;
  if (root.get("actors_table") != nullptr)
    spliced = splice_actors_table(root, source_name, options);
  BuiltScenario built = ScenarioBuilder(root, source_name, std::move(spliced.rows)).build();
  Scenario& scenario = built.scenario;
  if (!spliced.table_path.empty()) scenario.data_files.push_back(spliced.table_path);
  // With an actors table, the hash covers both files: a changed table is a changed scenario.
  scenario.source_sha256 = spliced.table_sha256.empty()
                               ? sha256_hex(text)
                               : sha256_hex(std::string(text) + spliced.table_sha256);
  validate(scenario, built.sources);
  return std::move(built.scenario);
}

Scenario load_scenario(const std::string& path, const ScenarioOptions& options) {
  return parse_scenario(read_input_file(path, "scenario file"), path, options);
}

}  // namespace parley
