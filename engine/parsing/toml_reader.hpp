// Reading TOML values for the scenario parser: where a node is (file:line:column),
// typed getters that fail with "expected …, found …" at the node, unknown-key checks,
// and uncertain parameters read as a number or a distribution table.
//
// The reader checks what a value *is* (its type, its keys, a well-formed id or
// distribution); what a value *may be* (domains, cross-checks between values) is
// validate's (parsing/validate.hpp). Internal to parsing/: it includes toml++, a
// private dependency of the engine.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "core/distribution.hpp"
#include "core/errors.hpp"

namespace parley {

// "a table", "the string \"x\"", "the integer 3", … for an error message.
std::string type_name(const toml::node& node);

// "a, b, c".
std::string join_names(std::initializer_list<std::string_view> names);

// The `.id`s of `items`, comma separated.
template <typename Range>
std::string join_ids(const Range& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item.id;
  }
  return out;
}

// [a-z][a-z0-9_]*
bool is_id(std::string_view text);

// Parses `text` as the TOML document `source_name`; a syntax error is a
// ScenarioError "invalid TOML: …" at its position.
toml::table parse_toml(std::string_view text, std::string_view source_name);

// Reads the nodes of one TOML document; keeps the file name for error positions.
class TomlReader {
 public:
  explicit TomlReader(std::string_view file) : file_(file) {}

  const std::string& file() const { return file_; }
  SourceLocation where(const toml::source_region& region) const {
    return {file_, region.begin.line, region.begin.column};
  }
  SourceLocation where(const toml::node& node) const { return where(node.source()); }

  [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
    throw ScenarioError(where(node), message);
  }
  [[noreturn]] void fail(const toml::source_region& region, const std::string& message) const {
    throw ScenarioError(where(region), message);
  }

  // Every key of `table` must be one of `allowed`.
  void check_keys(const toml::table& table, std::string_view context,
                  std::initializer_list<std::string_view> allowed) const;
  const toml::node& require(const toml::table& table, std::string_view key,
                            std::string_view context) const;

  const toml::table& as_table(const toml::node& node, std::string_view what) const;
  const toml::array& as_array(const toml::node& node, std::string_view what) const;
  std::string as_string(const toml::node& node, std::string_view what) const;
  std::string as_id(const toml::node& node, std::string_view what) const;
  // A finite number (integer or float).
  double as_number(const toml::node& node, std::string_view what) const;
  // An integer ≥ min.
  std::int64_t as_integer(const toml::node& node, std::string_view what, std::int64_t min) const;

  // An uncertain parameter: a number or a distribution table such as
  // { dist = "normal", mean = 0.5, sd = 0.1 }, well formed (known kind and keys,
  // finite numbers, parameters the Distribution accepts). Whether it lies in the
  // parameter's domain is validate's check.
  Distribution as_parameter(const toml::node& node, std::string_view what) const;

 private:
  Distribution as_distribution(const toml::table& table, std::string_view what) const;

  std::string file_;
};

}  // namespace parley
