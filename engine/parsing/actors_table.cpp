// Importing a case table's actors into a scenario (actors_table.hpp).
#include "parsing/actors_table.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "core/input_file.hpp"
#include "parsing/case_table.hpp"
#include "parsing/scenario_builder.hpp"
#include "parsing/toml_reader.hpp"

namespace parley {
namespace {

// An id from an actor name in a case table: lower case, runs of other
// characters as one '_', a leading letter ("Germany" → "germany", "EU-27" → "eu_27").
std::string actor_id_from(std::string_view name) {
  std::string id;
  for (char c : name) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      id += lower;
    } else if (!id.empty() && id.back() != '_') {
      id += '_';
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  if (id.empty() || !(id[0] >= 'a' && id[0] <= 'z')) id = "a_" + id;
  return id;
}

bool is_csv_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string trimmed_cell(std::string_view text) {
  while (!text.empty() && is_csv_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_csv_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// The line of each row of case `id` of a case table, in file order — the order
// of the case's actors in parse_case_table's result.
std::vector<std::uint32_t> case_rows(const std::vector<CsvRecord>& records, std::string_view id) {
  std::vector<std::uint32_t> lines;
  if (records.empty()) return lines;
  const auto& header = records.front().fields;
  std::size_t column = header.size();
  for (std::size_t f = 0; f < header.size(); ++f) {
    std::string name = trimmed_cell(header[f].text);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "case") column = f;
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& fields = records[r].fields;
    if (column < fields.size() && trimmed_cell(fields[column].text) == id)
      lines.push_back(records[r].line);
  }
  return lines;
}

// `[actors_table] file`, resolved against the folder of the scenario file
// `source_name` and canonicalised (`..` and symbolic links resolved). Outside
// that folder it is refused unless the options allow it.
std::filesystem::path resolve_data_file(const TomlReader& read, const toml::node& file_node,
                                        const std::string& file, std::string_view source_name,
                                        const ScenarioOptions& options) {
  namespace fs = std::filesystem;
  fs::path folder = fs::path(std::string(source_name)).parent_path();
  if (folder.empty()) folder = ".";
  std::error_code error;
  fs::path base = fs::absolute(folder, error);
  if (!error) base = fs::weakly_canonical(base, error);
  fs::path target;
  if (!error) target = fs::weakly_canonical(base / fs::path(file), error);
  if (error) {
    read.fail(file_node, fmt::format("cannot resolve `file` = \"{}\": {}", file, error.message()));
  }
  const auto [folder_end, target_at] =
      std::mismatch(base.begin(), base.end(), target.begin(), target.end());
  const bool inside = folder_end == base.end() && target_at != target.end();
  if (!inside && !options.allow_outside_data) {
    read.fail(file_node,
              fmt::format("expected `file` to be inside the scenario's folder, found \"{}\", which "
                          "is outside it: a scenario may read only files in its own folder and "
                          "below, so that a scenario from elsewhere cannot read your other files "
                          "(pass --allow-outside-data to allow it)",
                          file));
  }
  return target;
}

}  // namespace

SplicedActors splice_actors_table(toml::table& root, std::string_view source_name,
                                  const ScenarioOptions& scenario_options) {
  const TomlReader read(source_name);
  const auto& spec = read.as_table(*root.get("actors_table"), "[actors_table]");
  read.check_keys(spec, "[actors_table]", {"file", "case", "strategy", "position_sd"});
  const auto& file_node = read.require(spec, "file", "[actors_table]");
  const std::string file = read.as_string(file_node, "`file`");
  const auto* issues = root.get("issues") ? root.get("issues")->as_array() : nullptr;
  if (issues == nullptr || issues->size() != 1 || !issues->get(0)->is_table()) {
    read.fail(spec,
              "[actors_table] needs a scenario with exactly one [[issues]] entry (a case "
              "table holds positions on one issue)");
  }
  const auto& issue = *issues->get(0)->as_table();
  const std::string issue_id = issue.get("id") ? issue.get("id")->value_or(std::string()) : "";
  const auto* range = issue.get("range") ? issue.get("range")->as_array() : nullptr;
  if (issue_id.empty() || range == nullptr || range->size() != 2 || !range->get(0)->is_number() ||
      !range->get(1)->is_number()) {
    read.fail(spec, "[actors_table] needs the issue's `id` and a numeric `range = [min, max]`");
  }
  // The file is found next to the scenario file; errors name it as written there.
  const std::filesystem::path resolved =
      resolve_data_file(read, file_node, file, source_name, scenario_options);
  const std::string shown =
      (std::filesystem::path(std::string(source_name)).parent_path() / file).string();
  CaseTableOptions options;
  options.scale_min = *range->get(0)->value<double>();
  options.scale_max = *range->get(1)->value<double>();
  std::string text;
  try {
    text = read_input_file(resolved.string(), "case table (CSV file)");
  } catch (const ScenarioError& bad) {
    throw ScenarioError({shown, 0, 0}, bad.message());
  }
  const CaseTable table = parse_case_table(text, shown, options);
  std::string wanted;
  if (const auto* case_node = spec.get("case")) {
    wanted = read.as_string(*case_node, "`case`");
  } else if (table.case_count != 1) {
    read.fail(spec, fmt::format("{} holds {} cases; choose one with `case = \"…\"`", shown,
                                table.case_count));
  }
  for (const CaseError& error : table.errors) {
    if (wanted.empty() || error.case_id == wanted)
      throw ScenarioError({shown, error.line, 1}, error.message);
  }
  const ForecastCase* chosen = nullptr;
  for (const ForecastCase& c : table.cases)
    if (wanted.empty() || c.id == wanted) chosen = &c;
  if (chosen == nullptr) {
    read.fail(*spec.get("case"), fmt::format("no case \"{}\" in {}", wanted, shown));
  }
  const std::vector<std::uint32_t> lines = case_rows(read_csv_records(text, shown), chosen->id);
  PARLEY_CHECK(lines.size() == chosen->actors.size(), "case {}: {} rows for {} actors", chosen->id,
               lines.size(), chosen->actors.size());
  // Every actor of the table plays one strategy, with its default parameters.
  std::string strategy = "time_dependent";
  if (const auto* strategy_node = spec.get("strategy")) {
    strategy = read.as_id(*strategy_node, "`strategy`");
    (void)strategy_named(read, *strategy_node, strategy);
  }
  // Uncertain positions: each ideal point becomes a normal around the table's
  // value with this sd (issue units), truncated to the issue's range.
  double position_sd = 0.0;
  if (const auto* sd = spec.get("position_sd")) {
    position_sd = read.as_number(*sd, "`position_sd`");
    if (position_sd < 0.0)
      read.fail(*sd, fmt::format("expected `position_sd` ≥ 0, found {}", position_sd));
  }
  if (root.get("actors") == nullptr) root.insert("actors", toml::array{});
  auto* actors = root.get("actors")->as_array();
  if (actors == nullptr)
    read.fail(*root.get("actors"), "expected `actors` to be an array of tables");
  SplicedActors spliced;
  spliced.table_sha256 = table.source_sha256;
  spliced.table_path = resolved.string();
  spliced.rows.resize(actors->size());  // the written actors
  for (std::size_t a = 0; a < chosen->actors.size(); ++a) {
    const ForecastActor& actor = chosen->actors[a];
    const SourceLocation row{shown, lines[a], 1};
    if (!(actor.salience > 0.0)) {
      throw ScenarioError(row, fmt::format("actor \"{}\" has salience 0: an actor needs a positive "
                                           "salience on the scenario's only issue",
                                           actor.id));
    }
    toml::table ideal;
    if (position_sd == 0.0) {
      ideal.insert(issue_id, actor.position);
    } else {
      ideal.insert(issue_id, toml::table{{"dist", "truncated_normal"},
                                         {"mean", actor.position},
                                         {"sd", position_sd},
                                         {"min", options.scale_min},
                                         {"max", options.scale_max}});
    }
    toml::table salience;
    salience.insert(issue_id, actor.salience);
    actors->push_back(toml::table{{"id", actor_id_from(actor.id)},
                                  {"name", actor.id},
                                  {"capability", actor.capability},
                                  {"strategy", toml::table{{"kind", strategy}}},
                                  {"ideal", std::move(ideal)},
                                  {"salience", std::move(salience)}});
    spliced.rows.push_back(row);
  }
  return spliced;
}

}  // namespace parley
