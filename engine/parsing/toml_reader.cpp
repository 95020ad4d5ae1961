// Reading TOML values with file:line:column errors (toml_reader.hpp).
#include "parsing/toml_reader.hpp"

#include <cmath>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

namespace parley {

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return fmt::format("the string \"{}\"", *node.value<std::string>());
    case toml::node_type::integer:
      return fmt::format("the integer {}", *node.value<std::int64_t>());
    case toml::node_type::floating_point:
      return fmt::format("the number {}", *node.value<double>());
    case toml::node_type::boolean:
      return fmt::format("the boolean {}", *node.value<bool>());
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date/time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string join_names(std::initializer_list<std::string_view> names) {
  std::string out;
  for (auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

bool is_id(std::string_view text) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

toml::table parse_toml(std::string_view text, std::string_view source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& bad) {
    const auto& begin = bad.source().begin;
    throw ScenarioError({std::string(source_name), begin.line, begin.column},
                        fmt::format("invalid TOML: {}", bad.description()));
  }
}

void TomlReader::check_keys(const toml::table& table, std::string_view context,
                            std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, node] : table) {
    bool known = false;
    for (auto name : allowed) known = known || key.str() == name;
    if (!known) {
      fail(key.source(), fmt::format("unknown key `{}` in {}; expected one of: {}", key.str(),
                                     context, join_names(allowed)));
    }
  }
}

const toml::node& TomlReader::require(const toml::table& table, std::string_view key,
                                      std::string_view context) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    fail(table, fmt::format("missing key `{}` in {}", key, context));
  }
  return *node;
}

const toml::table& TomlReader::as_table(const toml::node& node, std::string_view what) const {
  const auto* table = node.as_table();
  if (table == nullptr)
    fail(node, fmt::format("expected {} to be a table, found {}", what, type_name(node)));
  return *table;
}

const toml::array& TomlReader::as_array(const toml::node& node, std::string_view what) const {
  const auto* array = node.as_array();
  if (array == nullptr)
    fail(node, fmt::format("expected {} to be an array, found {}", what, type_name(node)));
  return *array;
}

std::string TomlReader::as_string(const toml::node& node, std::string_view what) const {
  const auto value = node.value_exact<std::string>();
  if (!value)
    fail(node, fmt::format("expected {} to be a string, found {}", what, type_name(node)));
  return *value;
}

std::string TomlReader::as_id(const toml::node& node, std::string_view what) const {
  std::string id = as_string(node, what);
  if (!is_id(id)) {
    fail(node, fmt::format("expected {} to be an id of lower-case letters, digits and _ starting "
                           "with a letter, found \"{}\"",
                           what, id));
  }
  return id;
}

double TomlReader::as_number(const toml::node& node, std::string_view what) const {
  if (!node.is_number())
    fail(node, fmt::format("expected {} to be a number, found {}", what, type_name(node)));
  const double value = *node.value<double>();
  if (!std::isfinite(value))
    fail(node, fmt::format("expected {} to be a finite number, found {}", what, value));
  return value;
}

std::int64_t TomlReader::as_integer(const toml::node& node, std::string_view what,
                                    std::int64_t min) const {
  const auto value = node.value_exact<std::int64_t>();
  if (!value)
    fail(node, fmt::format("expected {} to be an integer, found {}", what, type_name(node)));
  if (*value < min)
    fail(node, fmt::format("expected {} to be an integer ≥ {}, found {}", what, min, *value));
  return *value;
}

Distribution TomlReader::as_parameter(const toml::node& node, std::string_view what) const {
  if (const auto* table = node.as_table()) return as_distribution(*table, what);
  if (!node.is_number()) {
    fail(node, fmt::format("expected {} to be a number or a distribution table such as "
                           "{{ dist = \"normal\", mean = 0.5, sd = 0.1 }}, found {}",
                           what, type_name(node)));
  }
  return Distribution::fixed(as_number(node, what));
}

Distribution TomlReader::as_distribution(const toml::table& table, std::string_view what) const {
  const std::string kind =
      as_string(require(table, "dist", fmt::format("the distribution of {}", what)), "`dist`");
  auto number = [&](std::string_view key, std::optional<double> fallback) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (fallback) return *fallback;
      fail(table, fmt::format("missing key `{}` in the {} distribution of {}", key, kind, what));
    }
    return as_number(*node, fmt::format("`{}`", key));
  };
  const std::string context = fmt::format("the {} distribution of {}", kind, what);
  try {
    if (kind == "normal") {
      check_keys(table, context, {"dist", "mean", "sd"});
      return Distribution::normal(number("mean", {}), number("sd", {}));
    }
    if (kind == "truncated_normal") {
      check_keys(table, context, {"dist", "mean", "sd", "min", "max"});
      const double support_min = number("min", {});
      const double support_max = number("max", {});
      return Distribution::truncated_normal(number("mean", {}), number("sd", {}), support_min,
                                            support_max);
    }
    if (kind == "uniform") {
      check_keys(table, context, {"dist", "min", "max"});
      const double support_min = number("min", {});
      const double support_max = number("max", {});
      return Distribution::uniform(support_min, support_max);
    }
    if (kind == "beta") {
      check_keys(table, context, {"dist", "alpha", "beta", "min", "max"});
      const double support_min = number("min", 0.0);
      const double support_max = number("max", 1.0);
      return Distribution::beta(number("alpha", {}), number("beta", {}), support_min, support_max);
    }
    if (kind == "triangular") {
      check_keys(table, context, {"dist", "min", "mode", "max"});
      const double support_min = number("min", {});
      const double support_max = number("max", {});
      return Distribution::triangular(support_min, number("mode", {}), support_max);
    }
    fail(*table.get("dist"),
         fmt::format("unknown distribution \"{}\" for {}; expected one of: normal, "
                     "truncated_normal, uniform, beta, triangular",
                     kind, what));
  } catch (const std::invalid_argument& bad) {
    fail(table, fmt::format("invalid {} distribution for {}: {}", kind, what, bad.what()));
  }
}

}  // namespace parley
