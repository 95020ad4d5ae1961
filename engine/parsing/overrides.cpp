// `--set PATH=VALUE` (overrides.hpp): the value is read as one TOML value, set
// (numeric parameters here, the structure in structural_overrides.cpp), and the
// scenario validated; the checks are validate's, not repeated here.
#include "parsing/overrides.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "parsing/scenario_builder.hpp"
#include "parsing/structural_overrides.hpp"
#include "parsing/toml_reader.hpp"
#include "parsing/validate.hpp"

namespace parley {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The valid paths closest to `path`, for an error message.
std::string closest_paths(const Scenario& scenario, std::string_view path) {
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const ScenarioParameter& p : scenario.parameters)
    ranked.emplace_back(edit_distance(path, p.path), p.path);
  for (std::string& candidate : structural_paths(scenario)) {
    const std::size_t distance = edit_distance(path, candidate);
    ranked.emplace_back(distance, std::move(candidate));
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::string out;
  for (std::size_t k = 0; k < std::min<std::size_t>(3, ranked.size()); ++k) {
    if (!out.empty()) out += ", ";
    out += ranked[k].second;
  }
  return out;
}

// One `PATH=VALUE` as given.
struct Assignment {
  std::string text, path, value;
};

Assignment split_assignment(std::string_view assignment) {
  const std::string text(assignment);
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw UsageError(fmt::format(
        "--set {}: expected PATH=VALUE, e.g. actors.us.salience.minerals_share=0.8", text));
  }
  return {text, text.substr(0, equals), text.substr(equals + 1)};
}

// What a structural change may touch, to put back.
struct StructureSnapshot {
  std::vector<Actor> actors;
  std::vector<Phase> phases;
  std::vector<ScenarioParameter> parameters;
  Eigen::MatrixXd strategy_params;
};

// Reads the VALUE of `assignment` and sets it, without validating the scenario.
// Returns what puts the scenario back as it was. Throws UsageError "--set PATH: …"
// (and leaves the scenario as it was) for a value it cannot set.
std::function<void()> set_assignment(Scenario& scenario, const Assignment& assignment) {
  const std::string& path = assignment.path;
  const std::string& value = assignment.value;
  // The value is read as one TOML value, so numbers, strings, arrays and inline
  // tables work. It must be one value and nothing else: `1\nevil = 2` would add a
  // key, and the manifest records the assignment as given.
  const auto refuse = [&](std::string_view why) {
    throw UsageError(
        fmt::format("--set {}: a VALUE is one number, one option name in quotes or one inline "
                    "table such as {{ dist = \"normal\", mean = 0.6, sd = 0.1 }}; found `{}` ({})",
                    path, value, why));
  };
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) refuse("it holds a line break or another control character");
  }
  const std::string line = "value = " + value;
  const std::string source = "--set " + path;
  toml::table document;
  try {
    document = toml::parse(line, std::string_view(source));
  } catch (const toml::parse_error& bad) {
    refuse(bad.description());
  }
  const toml::node* given = document.get("value");
  if (given == nullptr || document.size() != 1) refuse("more than one value");
  const toml::node& node = *given;
  // Nothing but spaces after the value (toml++ counts columns in code points).
  {
    std::size_t at = 0;
    for (std::uint32_t column = 1; at < line.size() && column < node.source().end.column; ++at) {
      if ((static_cast<unsigned char>(line[at]) & 0xC0) != 0x80) ++column;
    }
    while (at < line.size() && (static_cast<unsigned char>(line[at]) & 0xC0) == 0x80) ++at;
    if (line.find_first_not_of(' ', at) != std::string::npos)
      refuse("text after the value, such as a comment");
  }
  const TomlReader read(source);
  // The structure: strategy kinds and the phases' settings.
  if (path.rfind("phases.", 0) == 0 || path.ends_with(".strategy.kind")) {
    auto before = std::make_shared<StructureSnapshot>(StructureSnapshot{
        scenario.actors, scenario.phases, scenario.parameters, scenario.base.strategy_params});
    auto restore = [&scenario, before] {
      scenario.actors = before->actors;
      scenario.phases = before->phases;
      scenario.parameters = before->parameters;
      scenario.base.strategy_params = before->strategy_params;
    };
    try {
      if (set_structure(scenario, path, node, read)) return restore;
    } catch (const ScenarioError& bad) {
      restore();
      throw UsageError(fmt::format("--set {}: {}", path, bad.message()));
    } catch (const UsageError& bad) {
      restore();
      throw UsageError(fmt::format("--set {}: {}", path, bad.what()));
    }
  }
  for (ScenarioParameter& parameter : scenario.parameters) {
    if (parameter.path != path) continue;
    Distribution distribution = Distribution::fixed(0.0);
    const bool issue_value = parameter.ref.field == ParameterRef::Field::kIdeal ||
                             parameter.ref.field == ParameterRef::Field::kStatusQuo;
    const int issue = parameter.ref.field == ParameterRef::Field::kStatusQuo ? parameter.ref.row
                                                                             : parameter.ref.col;
    if (issue_value && scenario.issues[static_cast<std::size_t>(issue)].is_discrete()) {
      const Issue& discrete = scenario.issues[static_cast<std::size_t>(issue)];
      const auto name = node.value_exact<std::string>();
      const auto found = name ? std::find(discrete.options.begin(), discrete.options.end(), *name)
                              : discrete.options.end();
      if (found == discrete.options.end()) {
        throw UsageError(
            fmt::format("--set {}: expected one of the options of `{}` in quotes, found `{}`", path,
                        discrete.id, value));
      }
      distribution = Distribution::fixed(static_cast<double>(found - discrete.options.begin()));
    } else {
      try {
        distribution = read.as_parameter(node, fmt::format("`{}`", path));
      } catch (const ScenarioError& bad) {
        throw UsageError(fmt::format("--set {}: {}", path, bad.message()));
      }
    }
    const Distribution before = parameter.value;
    const double before_mean = parameter.ref.in(scenario.base);
    parameter.value = distribution;
    parameter.ref.in(scenario.base) = distribution.mean();
    // Parameters are not added or removed by a numeric assignment: the index stays.
    const auto index = static_cast<std::size_t>(&parameter - scenario.parameters.data());
    return [&scenario, index, before, before_mean] {
      ScenarioParameter& restored = scenario.parameters[index];
      restored.value = before;
      restored.ref.in(scenario.base) = before_mean;
    };
  }
  if (const auto problem = strategy_parameter_problem(scenario, path))
    throw UsageError(fmt::format("--set {}: {}", path, *problem));
  throw UsageError(
      fmt::format("--set {}: unknown parameter path; closest: {} (manifest.json lists every path)",
                  path, closest_paths(scenario, path)));
}

}  // namespace

void apply_override(Scenario& scenario, std::string_view assignment) {
  const Assignment parsed = split_assignment(assignment);
  const std::function<void()> restore = set_assignment(scenario, parsed);
  try {
    validate(scenario, ScenarioSources::of_override(parsed.path));
  } catch (...) {
    restore();
    throw;
  }
  scenario.overrides.push_back(parsed.text);
}

void apply_point(Scenario& scenario, std::span<const std::string> assignments) {
  std::vector<Assignment> parsed;
  for (const std::string& text : assignments) parsed.push_back(split_assignment(text));
  std::stable_sort(parsed.begin(), parsed.end(), [](const Assignment& a, const Assignment& b) {
    return assignment_rank(a.path) < assignment_rank(b.path);
  });
  std::vector<std::function<void()>> restores;
  const auto restore_all = [&] {
    for (auto k = restores.size(); k-- > 0;) restores[k]();
  };
  try {
    for (const Assignment& assignment : parsed)
      restores.push_back(set_assignment(scenario, assignment));
    std::string joined;
    for (const std::string& text : assignments) {
      if (!joined.empty()) joined += ", ";
      joined += text;
    }
    validate(scenario, ScenarioSources::of_override(joined));
  } catch (...) {
    restore_all();
    throw;
  }
}

}  // namespace parley
