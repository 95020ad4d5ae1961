// `--set PATH=VALUE` (overrides.hpp): the value is read as one TOML value, set, and
// the scenario validated; the checks are validate's, not repeated here.
#include "parsing/overrides.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "parsing/scenario_builder.hpp"
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
  for (const Phase& phase : scenario.phases) {
    std::string candidate = fmt::format("phases.{}.max_rounds", phase.id);
    ranked.emplace_back(edit_distance(path, candidate), std::move(candidate));
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

// Validates the scenario after `path` changed; on a problem, `restore` puts the
// old value back before the error propagates.
template <typename Restore>
void validate_change(const Scenario& scenario, const std::string& path, Restore&& restore) {
  try {
    validate(scenario, ScenarioSources::of_override(path));
  } catch (...) {
    restore();
    throw;
  }
}

}  // namespace

void apply_override(Scenario& scenario, std::string_view assignment) {
  const std::string text(assignment);
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw UsageError(fmt::format(
        "--set {}: expected PATH=VALUE, e.g. actors.us.salience.minerals_share=0.8", text));
  }
  const std::string path = text.substr(0, equals);
  const std::string value = text.substr(equals + 1);
  // The value is read as one TOML value, so numbers, strings and inline tables
  // work. It must be one value and nothing else: `1\nevil = 2` would add a key,
  // and the manifest records the assignment as given.
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
  try {
    // phases.<id>.max_rounds
    for (Phase& phase : scenario.phases) {
      if (path == fmt::format("phases.{}.max_rounds", phase.id)) {
        const int before = phase.max_rounds;
        phase.max_rounds = read_max_rounds(read, node);
        validate_change(scenario, path, [&] { phase.max_rounds = before; });
        scenario.overrides.push_back(text);
        return;
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
              fmt::format("--set {}: expected one of the options of `{}` in quotes, found `{}`",
                          path, discrete.id, value));
        }
        distribution = Distribution::fixed(static_cast<double>(found - discrete.options.begin()));
      } else {
        distribution = read.as_parameter(node, fmt::format("`{}`", path));
      }
      const Distribution before = parameter.value;
      const double before_mean = parameter.ref.in(scenario.base);
      parameter.value = distribution;
      parameter.ref.in(scenario.base) = distribution.mean();
      validate_change(scenario, path, [&] {
        parameter.value = before;
        parameter.ref.in(scenario.base) = before_mean;
      });
      scenario.overrides.push_back(text);
      return;
    }
  } catch (const ScenarioError& bad) {
    throw UsageError(fmt::format("--set {}: {}", path, bad.message()));
  }
  throw UsageError(
      fmt::format("--set {}: unknown parameter path; closest: {} (manifest.json lists every path)",
                  path, closest_paths(scenario, path)));
}

}  // namespace parley
