// Importing a case table's actors into a scenario (actors_table.hpp).
#include "parsing/actors_table.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <system_error>
#include <utility>

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

// The line and actor of each row of case `id` of a case table, in file order.
std::vector<std::pair<std::uint32_t, std::string>> case_rows(const std::vector<CsvRecord>& records,
                                                             std::string_view id) {
  std::vector<std::pair<std::uint32_t, std::string>> rows;
  if (records.empty()) return rows;
  const auto& header = records.front().fields;
  std::size_t case_column = header.size();
  std::size_t actor_column = header.size();
  for (std::size_t f = 0; f < header.size(); ++f) {
    std::string name = trimmed_cell(header[f].text);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "case") case_column = f;
    if (name == "actor") actor_column = f;
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& fields = records[r].fields;
    if (case_column < fields.size() && actor_column < fields.size() &&
        trimmed_cell(fields[case_column].text) == id)
      rows.emplace_back(records[r].line, trimmed_cell(fields[actor_column].text));
  }
  return rows;
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
  // The scenario's issues: a one-issue table needs exactly one; a multi-issue table
  // (with an `issue` column) names the scenario's issues by id.
  struct TableIssue {
    std::string id;
    double min = 0.0;
    double max = 0.0;
  };
  std::vector<TableIssue> scenario_issues;
  const auto* issues = root.get("issues") ? root.get("issues")->as_array() : nullptr;
  if (issues == nullptr || issues->empty())
    read.fail(spec,
              "[actors_table] needs the scenario's [[issues]] (the table's positions lie on them)");
  for (const auto& node : *issues) {
    const auto* issue = node.as_table();
    const std::string id =
        issue && issue->get("id") ? issue->get("id")->value_or(std::string()) : "";
    const auto* range = issue && issue->get("range") ? issue->get("range")->as_array() : nullptr;
    if (id.empty() || range == nullptr || range->size() != 2 || !range->get(0)->is_number() ||
        !range->get(1)->is_number()) {
      read.fail(spec, "[actors_table] needs each issue's `id` and a numeric `range = [min, max]`");
    }
    scenario_issues.push_back(
        {id, *range->get(0)->value<double>(), *range->get(1)->value<double>()});
  }
  // The file is found next to the scenario file; errors name it as written there.
  const std::filesystem::path resolved =
      resolve_data_file(read, file_node, file, source_name, scenario_options);
  const std::string shown =
      (std::filesystem::path(std::string(source_name)).parent_path() / file).string();
  CaseTableOptions options;
  options.scale_min = scenario_issues.front().min;
  options.scale_max = scenario_issues.front().max;
  for (const TableIssue& issue : scenario_issues) {
    options.scale_min = std::min(options.scale_min, issue.min);
    options.scale_max = std::max(options.scale_max, issue.max);
  }
  std::string text;
  try {
    text = read_input_file(resolved.string(), "case table (CSV file)");
  } catch (const ScenarioError& bad) {
    throw ScenarioError({shown, 0, 0}, bad.message());
  }
  const CaseTable table = parse_case_table(text, shown, options);
  if (!table.has_issues && scenario_issues.size() != 1) {
    read.fail(spec,
              "[actors_table] needs a scenario with exactly one [[issues]] entry (a case "
              "table without an `issue` column holds positions on one issue)");
  }
  std::vector<std::string> case_ids;
  for (const ForecastCase& c : table.cases)
    if (std::find(case_ids.begin(), case_ids.end(), c.id) == case_ids.end())
      case_ids.push_back(c.id);
  for (const CaseError& error : table.errors)
    if (std::find(case_ids.begin(), case_ids.end(), error.case_id) == case_ids.end())
      case_ids.push_back(error.case_id);
  std::string wanted;
  if (const auto* case_node = spec.get("case")) {
    wanted = read.as_string(*case_node, "`case`");
  } else if (case_ids.size() != 1) {
    read.fail(spec, fmt::format("{} holds {} cases; choose one with `case = \"…\"`", shown,
                                case_ids.size()));
  }
  for (const CaseError& error : table.errors) {
    if (wanted.empty() || error.case_id == wanted)
      throw ScenarioError({shown, error.line, 1}, error.message);
  }
  std::vector<const ForecastCase*> chosen;  // the case's issues
  for (const ForecastCase& c : table.cases)
    if (wanted.empty() || c.id == wanted) chosen.push_back(&c);
  if (chosen.empty()) {
    read.fail(*spec.get("case"), fmt::format("no case \"{}\" in {}", wanted, shown));
  }
  const std::string case_id = chosen.front()->id;
  // Which table issue each scenario issue is (one-issue table: the only one).
  std::vector<const ForecastCase*> on_issue(scenario_issues.size(), nullptr);
  if (!table.has_issues) {
    on_issue[0] = chosen.front();
  } else {
    for (const ForecastCase* c : chosen) {
      std::size_t d = 0;
      while (d < scenario_issues.size() && scenario_issues[d].id != c->issue) ++d;
      if (d == scenario_issues.size()) {
        read.fail(spec, fmt::format("case \"{}\" of {} has issue \"{}\", which the scenario's "
                                    "[[issues]] do not have",
                                    case_id, shown, c->issue));
      }
      on_issue[d] = c;
    }
    for (std::size_t d = 0; d < scenario_issues.size(); ++d) {
      if (on_issue[d] == nullptr)
        read.fail(spec, fmt::format("the scenario's issue \"{}\" is not an issue of case \"{}\" "
                                    "in {}",
                                    scenario_issues[d].id, case_id, shown));
    }
  }
  // Each actor of the case, in order of first row, with that row's line.
  const std::vector<std::pair<std::uint32_t, std::string>> rows =
      case_rows(read_csv_records(text, shown), case_id);
  std::vector<std::string> actor_order;
  std::vector<std::uint32_t> actor_line;
  for (const auto& [line, actor] : rows) {
    if (std::find(actor_order.begin(), actor_order.end(), actor) != actor_order.end()) continue;
    actor_order.push_back(actor);
    actor_line.push_back(line);
  }
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
  for (std::size_t a = 0; a < actor_order.size(); ++a) {
    const SourceLocation row{shown, actor_line[a], 1};
    toml::table ideal;
    toml::table salience;
    double capability = 0.0;
    int held = 0;
    bool any_salience = false;
    for (std::size_t d = 0; d < scenario_issues.size(); ++d) {
      const TableIssue& issue = scenario_issues[d];
      const auto& issue_actors = on_issue[d]->actors;
      const auto found =
          std::find_if(issue_actors.begin(), issue_actors.end(),
                       [&](const ForecastActor& x) { return x.id == actor_order[a]; });
      if (found == issue_actors.end()) {
        // No position on this issue: it does not matter to the actor.
        ideal.insert(issue.id, 0.5 * (issue.min + issue.max));
        salience.insert(issue.id, 0.0);
        continue;
      }
      if (found->position < issue.min || found->position > issue.max) {
        throw ScenarioError(
            row, fmt::format("actor \"{}\": position {} on issue \"{}\" is "
                             "outside its range [{}, {}]",
                             found->id, found->position, issue.id, issue.min, issue.max));
      }
      capability += found->capability;
      ++held;
      any_salience = any_salience || found->salience > 0.0;
      if (position_sd == 0.0) {
        ideal.insert(issue.id, found->position);
      } else {
        ideal.insert(issue.id, toml::table{{"dist", "truncated_normal"},
                                           {"mean", found->position},
                                           {"sd", position_sd},
                                           {"min", issue.min},
                                           {"max", issue.max}});
      }
      salience.insert(issue.id, found->salience);
    }
    if (!any_salience) {
      throw ScenarioError(
          row, table.has_issues
                   ? fmt::format("actor \"{}\" has salience 0 on every issue: an actor needs a "
                                 "positive salience on some issue",
                                 actor_order[a])
                   : fmt::format("actor \"{}\" has salience 0: an actor needs a positive "
                                 "salience on the scenario's only issue",
                                 actor_order[a]));
    }
    actors->push_back(toml::table{{"id", actor_id_from(actor_order[a])},
                                  {"name", actor_order[a]},
                                  {"capability", capability / held},
                                  {"strategy", toml::table{{"kind", strategy}}},
                                  {"ideal", std::move(ideal)},
                                  {"salience", std::move(salience)}});
    spliced.rows.push_back(row);
  }
  return spliced;
}

}  // namespace parley
