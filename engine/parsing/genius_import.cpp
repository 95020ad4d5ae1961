#include "parsing/genius_import.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <string_view>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "core/input_limits.hpp"
#include "core/number_text.hpp"
#include "parsing/toml_text.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley {
namespace {

constexpr std::int64_t kMaxGeniusRounds = 50'000'000;  // max_rounds ≤ 100,000,000

// Text: UTF-8, TOML strings, ids.

bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra = 0;
    std::uint32_t code = 0;
    if ((lead & 0xE0) == 0xC0) {
      extra = 1;
      code = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      code = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
      code = lead & 0x07u;
    } else {
      return false;
    }
    if (text.size() - i <= extra) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    static constexpr std::uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
      return false;
    i += extra + 1;
  }
  return true;
}

// Lower case; each run of characters other than a–z, 0–9 becomes one `_`, none
// at either end.
std::string id_core(std::string_view text) {
  std::string out;
  bool gap = false;
  for (const char c : text) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      if (gap && !out.empty()) out += '_';
      gap = false;
      out += lower;
    } else {
      gap = true;
    }
  }
  return out;
}

bool starts_with_letter(std::string_view id) { return !id.empty() && id[0] >= 'a' && id[0] <= 'z'; }

// `base`, or base_2, base_3, … whichever is not yet taken; records it as taken.
std::string unique_id(const std::string& base, std::set<std::string>& taken) {
  if (taken.insert(base).second) return base;
  for (int k = 2;; ++k) {
    std::string candidate = fmt::format("{}_{}", base, k);
    if (taken.insert(candidate).second) return candidate;
  }
}

std::string issue_id(std::string_view name, std::set<std::string>& taken) {
  std::string id = id_core(name);
  static const std::set<std::string> kReserved = {"and", "or", "not", "true", "false"};
  if (!starts_with_letter(id) || kReserved.count(id) > 0) id = "i_" + id;
  return unique_id(id, taken);
}

std::string option_id(std::string_view value, std::set<std::string>& taken) {
  std::string id = id_core(value);
  if (!starts_with_letter(id)) id = "o_" + id;
  return unique_id(id, taken);
}

std::string trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::string latin1_to_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else {
      out += static_cast<char>(0xC0 | (byte >> 6));
      out += static_cast<char>(0x80 | (byte & 0x3F));
    }
  }
  return out;
}

// An XML file parsed by pugixml, with positions as file:line:column.

class XmlFile {
 public:
  XmlFile(const GeniusFile& file, std::string what) : path_(file.path), what_(std::move(what)) {
    const pugi::xml_parse_result result =
        document_.load_buffer(file.text.data(), file.text.size(), pugi::parse_default);
    // pugixml's offsets count in the text it parsed: the bytes for UTF-8, the
    // text converted to UTF-8 for ISO-8859-1.
    if (result.encoding == pugi::encoding_latin1) {
      positions_ = latin1_to_utf8(file.text);
    } else if (result.encoding == pugi::encoding_utf8) {
      positions_ = file.text;
    } else {
      throw ScenarioError({path_, 0, 0},
                          fmt::format("expected a {} in UTF-8 (or ISO-8859-1), found UTF-16 or "
                                      "UTF-32 text; convert it, e.g. with iconv -t UTF-8",
                                      what_));
    }
    if (!result) {
      throw ScenarioError(at_offset(result.offset),
                          fmt::format("expected a {} in well-formed XML, found an XML error: {}",
                                      what_, result.description()));
    }
  }

  const std::string& path() const { return path_; }

  SourceLocation at(const pugi::xml_node& node) const {
    std::ptrdiff_t offset = node.offset_debug();  // the element's name: point at its '<'
    if (offset > 0 && static_cast<std::size_t>(offset) <= positions_.size() &&
        positions_[static_cast<std::size_t>(offset - 1)] == '<')
      --offset;
    return at_offset(offset);
  }

  [[noreturn]] void fail(const pugi::xml_node& node, const std::string& message) const {
    throw ScenarioError(at(node), message);
  }

  // The <utility_space> element: the root of a profile, or inside the
  // <negotiation_template> root of a domain.
  pugi::xml_node utility_space() const {
    const pugi::xml_node root = document_.document_element();
    const std::string_view name = root.name();
    if (name == "utility_space") return root;
    if (name != "negotiation_template") {
      fail(root, fmt::format("expected a {} with the root element <negotiation_template> or "
                             "<utility_space>, found <{}>",
                             what_, name));
    }
    const pugi::xml_node space = only_child(root, "utility_space");
    if (!space)
      fail(root, "expected a <utility_space> element in <negotiation_template>, found none");
    return space;
  }

  // The single child of `parent` named `name` (null if none); a second is an error.
  pugi::xml_node only_child(const pugi::xml_node& parent, const char* name) const {
    const pugi::xml_node first = parent.child(name);
    if (first) {
      if (const pugi::xml_node second = first.next_sibling(name)) {
        fail(second,
             fmt::format("expected one <{}> in <{}>, found a second one", name, parent.name()));
      }
    }
    return first;
  }

  // A string attribute that must be there, in UTF-8.
  std::string text_attribute(const pugi::xml_node& node, const char* name) const {
    const pugi::xml_attribute attribute = node.attribute(name);
    if (!attribute) {
      fail(node,
           fmt::format("expected a {}=\"…\" attribute on <{}>, found none", name, node.name()));
    }
    std::string value = attribute.value();
    if (!is_utf8(value)) {
      fail(node,
           fmt::format("expected the {} of <{}> in UTF-8, found other bytes", name, node.name()));
    }
    return value;
  }

  std::int64_t integer_attribute(const pugi::xml_node& node, const char* name) const {
    const std::string text = trim(text_attribute(node, name));
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
      fail(node, fmt::format("expected the {} of <{}> to be an integer, found \"{}\"", name,
                             node.name(), text));
    }
    return value;
  }

  // A finite number in [low, high] (low excluded when `open_low`).
  double number_attribute(const pugi::xml_node& node, const char* name, double low, double high,
                          bool open_low = false) const {
    const std::string text = trim(text_attribute(node, name));
    double value = 0.0;
    const auto [end, error] = parse_double(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
        !std::isfinite(value)) {
      fail(node, fmt::format("expected the {} of <{}> to be a number, found \"{}\"", name,
                             node.name(), text));
    }
    if (value < low || value > high || (open_low && value == low)) {
      fail(node, fmt::format("expected the {} of <{}> in {}{}, {}], found {}", name, node.name(),
                             open_low ? "(" : "[", low, high, text));
    }
    return value + 0.0;
  }

 private:
  SourceLocation at_offset(std::ptrdiff_t offset) const {
    if (offset < 0) return {path_, 0, 0};
    const std::size_t end = std::min(static_cast<std::size_t>(offset), positions_.size());
    std::size_t i = positions_.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // a BOM is no column
    std::uint32_t line = 1, column = 1;
    for (; i < end; ++i) {
      const auto byte = static_cast<unsigned char>(positions_[i]);
      if (byte == '\n') {
        ++line;
        column = 1;
      } else if ((byte & 0xC0) != 0x80) {  // count characters, not UTF-8 continuation bytes
        ++column;
      }
    }
    return {path_, line, column};
  }

  std::string path_;
  std::string what_;
  std::string positions_;
  pugi::xml_document document_;
};

// Domains and profiles.

struct XmlItem {
  std::string value;
  pugi::xml_node node;
};

struct XmlIssue {
  std::int64_t index = 0;
  std::string name;
  pugi::xml_node node;
  std::vector<XmlItem> items;
};

// The <objective> of a <utility_space>: one, holding the issues (no nested objectives).
pugi::xml_node objective(const XmlFile& file, const pugi::xml_node& space) {
  const pugi::xml_node found = file.only_child(space, "objective");
  if (!found) file.fail(space, "expected an <objective> holding the issues, found none");
  if (const pugi::xml_node nested = found.child("objective")) {
    file.fail(nested,
              "expected <issue> and <weight> elements in the <objective>, found a nested "
              "<objective> (objective trees are not supported)");
  }
  return found;
}

std::vector<XmlIssue> read_issues(const XmlFile& file, const pugi::xml_node& objective) {
  std::vector<XmlIssue> issues;
  std::set<std::int64_t> indices;
  for (const pugi::xml_node node : objective.children("issue")) {
    XmlIssue issue;
    issue.node = node;
    issue.index = file.integer_attribute(node, "index");
    issue.name = file.text_attribute(node, "name");
    if (issue.name.empty()) file.fail(node, "expected a non-empty name for the issue, found \"\"");
    bool typed = false;
    for (const char* kind : {"etype", "type", "vtype"}) {
      const pugi::xml_attribute attribute = node.attribute(kind);
      if (!attribute) continue;
      typed = true;
      if (std::string_view(attribute.value()) != "discrete") {
        file.fail(node, fmt::format("expected a discrete issue (only discrete issues can be "
                                    "imported), found {}=\"{}\" for issue \"{}\"",
                                    kind, attribute.value(), issue.name));
      }
    }
    if (!typed) {
      file.fail(node, fmt::format("expected etype=\"discrete\" on issue \"{}\", found no etype "
                                  "or type attribute",
                                  issue.name));
    }
    if (!indices.insert(issue.index).second) {
      file.fail(node, fmt::format("expected one issue per index, found index {} again (issue "
                                  "\"{}\")",
                                  issue.index, issue.name));
    }
    for (const pugi::xml_node item : node.children("item")) {
      issue.items.push_back({file.text_attribute(item, "value"), item});
    }
    issues.push_back(std::move(issue));
  }
  if (issues.empty()) file.fail(objective, "expected at least one <issue>, found none");
  return issues;
}

std::vector<XmlIssue> read_domain(const XmlFile& file) {
  std::vector<XmlIssue> issues = read_issues(file, objective(file, file.utility_space()));
  for (const XmlIssue& issue : issues) {
    if (issue.items.size() < 2) {
      file.fail(issue.node, fmt::format("expected at least 2 items in issue \"{}\" (a parley "
                                        "issue has at least 2 options), found {}",
                                        issue.name, issue.items.size()));
    }
  }
  return issues;
}

// One party's utility, aligned with the domain's issues and options.
struct Party {
  std::string stem;
  std::string file_name;
  double reservation = 0.0;
  double discount = 1.0;
  std::vector<double> weights;                   // per domain issue
  std::vector<std::vector<double>> evaluations;  // per domain issue, per domain item
};

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (k > 0) out += ", ";
    out += '"' + values[k] + '"';
  }
  return out;
}

std::string location_text(const SourceLocation& where) {
  return fmt::format("{}:{}:{}", where.file, where.line, where.column);
}

// The evaluations of one profile issue, by the domain's items.
std::vector<double> read_evaluations(const XmlFile& file, const XmlFile& domain_file,
                                     const XmlIssue& domain, const XmlIssue& profile) {
  std::vector<std::string> values;
  for (const XmlItem& item : domain.items) {
    if (std::find(values.begin(), values.end(), item.value) == values.end())
      values.push_back(item.value);
  }
  std::map<std::string, double> evaluation;  // by value
  for (const XmlItem& item : profile.items) {
    if (std::find(values.begin(), values.end(), item.value) == values.end()) {
      file.fail(
          item.node,
          fmt::format("expected one of the domain's values of issue \"{}\" ({}), found \"{}\"",
                      domain.name, quoted_list(values), item.value));
    }
    if (!item.node.attribute("evaluation")) {
      file.fail(item.node, fmt::format("expected an evaluation (a number) for the value \"{}\" "
                                       "of issue \"{}\", found no evaluation attribute",
                                       item.value, domain.name));
    }
    const double value = file.number_attribute(item.node, "evaluation", 0.0, kMaxWeight);
    const auto [seen, added] = evaluation.emplace(item.value, value);
    if (!added && seen->second != value) {
      file.fail(item.node, fmt::format("expected one evaluation for the value \"{}\" of issue "
                                       "\"{}\", found {} after {}",
                                       item.value, domain.name, value, seen->second));
    }
  }
  std::vector<double> out;
  double largest = 0.0;
  for (const XmlItem& item : domain.items) {
    const auto found = evaluation.find(item.value);
    if (found == evaluation.end()) {
      file.fail(profile.node,
                fmt::format("expected an <item> for the domain's value \"{}\" of issue \"{}\" "
                            "({}), found none",
                            item.value, domain.name, location_text(domain_file.at(item.node))));
    }
    out.push_back(found->second);
    largest = std::max(largest, found->second);
  }
  if (largest <= 0.0) {
    file.fail(profile.node, fmt::format("expected a positive evaluation for some value of issue "
                                        "\"{}\" (GENIUS divides by the largest), found all 0",
                                        domain.name));
  }
  return out;
}

Party read_profile(const XmlFile& file, const XmlFile& domain_file,
                   const std::vector<XmlIssue>& domain, std::vector<std::string>& ignored) {
  const pugi::xml_node space = file.utility_space();
  const pugi::xml_node found_objective = objective(file, space);
  const std::vector<XmlIssue> issues = read_issues(file, found_objective);
  std::vector<std::string> domain_issues;
  std::map<std::int64_t, std::size_t> domain_index;  // GENIUS index -> position
  for (std::size_t d = 0; d < domain.size(); ++d) {
    domain_issues.push_back(fmt::format("index {} \"{}\"", domain[d].index, domain[d].name));
    domain_index[domain[d].index] = d;
  }
  for (const XmlIssue& issue : issues) {
    if (domain_index.count(issue.index) == 0) {
      file.fail(issue.node, fmt::format("expected an issue of the domain {} ({}), found index {} "
                                        "\"{}\"",
                                        domain_file.path(), fmt::join(domain_issues, ", "),
                                        issue.index, issue.name));
    }
  }
  Party party;
  for (const XmlIssue& want : domain) {
    const auto match = std::find_if(issues.begin(), issues.end(),
                                    [&](const XmlIssue& have) { return have.index == want.index; });
    if (match == issues.end()) {
      file.fail(found_objective,
                fmt::format("expected an <issue index=\"{}\"> (\"{}\", as in the domain {}), "
                            "found none",
                            want.index, want.name, domain_file.path()));
    }
    if (match->name != want.name) {
      file.fail(match->node, fmt::format("expected issue index {} to be \"{}\", as in the domain "
                                         "{}, found \"{}\"",
                                         want.index, want.name, domain_file.path(), match->name));
    }
    party.evaluations.push_back(read_evaluations(file, domain_file, want, *match));
  }
  // Weights by issue index; one that names no issue has no term in the utility: ignored.
  std::map<std::int64_t, double> weights;
  for (const pugi::xml_node node : found_objective.children("weight")) {
    const std::int64_t index = file.integer_attribute(node, "index");
    const double value = file.number_attribute(node, "value", 0.0, kMaxWeight);
    if (!weights.emplace(index, value).second) {
      file.fail(node,
                fmt::format("expected one <weight> per issue index, found index {} again", index));
    }
    if (domain_index.count(index) == 0) {
      ignored.push_back(fmt::format(
          "{}: <weight index=\"{}\"> (value {}) names no issue of the domain",
          toml_string(std::filesystem::path(file.path()).filename().string()), index, value));
    }
  }
  double total = 0.0;
  for (std::size_t d = 0; d < domain.size(); ++d) {
    const auto weight = weights.find(domain[d].index);
    if (weight == weights.end()) {
      file.fail(found_objective,
                fmt::format("expected a <weight index=\"{}\"> for issue \"{}\", found none",
                            domain[d].index, domain[d].name));
    }
    party.weights.push_back(weight->second);
    total += weight->second;
  }
  if (total <= 0.0) {
    file.fail(found_objective,
              "expected a positive <weight> for some issue of the domain, found all 0");
  }
  if (const pugi::xml_node node = file.only_child(space, "reservation"))
    party.reservation = file.number_attribute(node, "value", 0.0, 1.0);
  if (const pugi::xml_node node = file.only_child(space, "discount_factor"))
    party.discount = file.number_attribute(node, "value", 0.0, 1.0, true);
  return party;
}

// The stem and file name of a path, in UTF-8 (they become names in the scenario).
std::pair<std::string, std::string> file_names(const std::string& path) {
  const std::filesystem::path p(path);
  std::string stem = p.stem().string();
  std::string name = p.filename().string();
  if (!is_utf8(name)) {
    throw ScenarioError({path, 0, 0}, "expected a file name in UTF-8, found other bytes");
  }
  return {stem, name};
}

// The scenario's text.

struct Names {
  std::vector<std::string> issue_ids;
  std::vector<std::vector<std::string>> option_ids;
};

Names make_names(const std::vector<XmlIssue>& domain) {
  Names names;
  std::set<std::string> issues_taken;
  for (const XmlIssue& issue : domain) {
    names.issue_ids.push_back(issue_id(issue.name, issues_taken));
    std::set<std::string> options_taken;
    std::vector<std::string> options;
    for (const XmlItem& item : issue.items) options.push_back(option_id(item.value, options_taken));
    names.option_ids.push_back(std::move(options));
  }
  return names;
}

std::string strategy_line(const GeniusImportOptions& options) {
  const StrategyInfo& info = strategy_info(options.strategy);
  for (const StrategyParamSpec& param : info.params) {
    if (param.name == "exponent") {
      return fmt::format("strategy = {{ kind = \"{}\", exponent = {} }}", options.strategy,
                         toml_number(options.exponent.value_or(param.default_value)));
    }
  }
  return fmt::format("strategy = {{ kind = \"{}\" }}", options.strategy);
}

std::string write_toml(const std::vector<XmlIssue>& domain, const Names& names,
                       const std::string& domain_file_name, const std::string& scenario_name,
                       const std::vector<Party>& parties, const std::vector<std::string>& ignored,
                       const GeniusImportOptions& options, double outcomes) {
  const std::int64_t rounds = 2 * options.rounds;
  std::string out;
  auto line = [&out](std::string_view text) {
    out += text;
    out += '\n';
  };
  line(
      "# A GENIUS negotiation, imported by `parley import genius` (GENIUS: Lin, Kraus,\n"
      "# Baarslag, Tykhonov, Hindriks & Jonker 2014, Computational Intelligence 30(1)).");
  line(fmt::format("#   domain   {}", toml_string(domain_file_name)));
  for (std::size_t a = 0; a < parties.size(); ++a)
    line(fmt::format("#   party_{}  {}", a + 1, toml_string(parties[a].file_name)));
  line(
      "#\n"
      "# Utility: GENIUS's linear additive utility u = Σ w_i · eval_i / max eval_i.\n"
      "# actors.salience holds the weights w_i as given (parley normalises them to sum\n"
      "# 1), actors.valuations the raw evaluations (parley divides each issue's by its\n"
      "# largest). Each actor knows only its own utility ([uncertainty] knowledge).\n"
      "#\n"
      "# Time: a GENIUS round is one offer or response by each side, a parley\n"
      "# alternating_offers round one offer by one side, so --rounds N (GENIUS rounds)\n"
      "# is max_rounds = 2N parley rounds;");
  line(
      fmt::format("# here N = {}, max_rounds = {}. A deal in parley round t is worth u·δ^(t−1)\n"
                  "# with δ = d^(1/{}), i.e. u·d^((t−1)/{}) ≈ GENIUS's u·d^time with time in\n"
                  "# [0, 1]; the reservation value is discounted the same way.",
                  options.rounds, rounds, rounds, rounds));
  line(
      "#\n"
      "# Status quo: each issue's first option. It enters no utility: no deal is worth\n"
      "# the reservation value.");
  if (!ignored.empty()) line("#");
  for (const std::string& note : ignored) line(fmt::format("# Ignored: {}.", note));
  line("");
  line("[scenario]");
  line(fmt::format("name = {}", toml_string(scenario_name)));
  line(fmt::format(
      "description = {}",
      toml_string(fmt::format("GENIUS domain {} with the profiles {} (party_1) and "
                              "{} (party_2): {} issues, {:.0f} outcomes, {} GENIUS "
                              "rounds.",
                              domain_file_name, parties[0].file_name, parties[1].file_name,
                              domain.size(), outcomes, options.rounds))));
  line("");
  line("[run]\nseed = 1\nreplicates = 1");
  line("");
  line("[uncertainty]\nknowledge = \"private\"   # each actor knows only its own utility");
  for (std::size_t d = 0; d < domain.size(); ++d) {
    const std::vector<std::string>& ids = names.option_ids[d];
    line("");
    line("[[issues]]");
    line(fmt::format("id = \"{}\"", names.issue_ids[d]));
    line(fmt::format("label = {}", toml_string(domain[d].name)));
    bool header = false;
    for (std::size_t o = 0; o < ids.size(); ++o) {
      if (ids[o] == domain[d].items[o].value) continue;
      if (!header) line("# GENIUS values of the options whose id differs:");
      header = true;
      line(fmt::format("#   {} = {}", ids[o], toml_string(domain[d].items[o].value)));
    }
    std::string list;
    for (std::size_t o = 0; o < ids.size(); ++o) list += (o > 0 ? ", \"" : "\"") + ids[o] + '"';
    line(fmt::format("options = [{}]", list));
    line(fmt::format(
        "status_quo = \"{}\"   # first option: unused for utility (no deal is worth the "
        "reservation value)",
        ids[0]));
  }
  const std::string strategy = strategy_line(options);
  for (std::size_t a = 0; a < parties.size(); ++a) {
    const Party& party = parties[a];
    line("");
    line("[[actors]]");
    line(fmt::format("id = \"party_{}\"", a + 1));
    line(fmt::format("name = {}", toml_string(party.stem)));
    line(fmt::format("reservation_utility = {}", toml_number(party.reservation)));
    line(fmt::format("discount_per_round = {:.17g}   # d = {} per GENIUS session: {}^(1/{})",
                     std::pow(party.discount, 1.0 / static_cast<double>(rounds)),
                     toml_number(party.discount), toml_number(party.discount), rounds));
    line(strategy);
    line("[actors.salience]");
    for (std::size_t d = 0; d < domain.size(); ++d)
      line(fmt::format("{} = {}", names.issue_ids[d], toml_number(party.weights[d])));
    for (std::size_t d = 0; d < domain.size(); ++d) {
      line(fmt::format("[actors.valuations.{}]", names.issue_ids[d]));
      for (std::size_t o = 0; o < names.option_ids[d].size(); ++o) {
        line(fmt::format("{} = {}", names.option_ids[d][o], toml_number(party.evaluations[d][o])));
      }
    }
  }
  line("");
  line("[[phases]]");
  line("id = \"negotiation\"");
  line("participants = [\"party_1\", \"party_2\"]   # party_1 proposes first");
  line("protocol = \"alternating_offers\"");
  line(fmt::format("max_rounds = {}", rounds));
  line("decision_rule = \"unanimity\"");
  return out;
}

}  // namespace

void check_genius_import_options(const GeniusImportOptions& options) {
  if (options.rounds < 1 || options.rounds > kMaxGeniusRounds) {
    throw UsageError(
        fmt::format("--rounds: expected GENIUS rounds from 1 to {} (max_rounds = "
                    "2 × rounds ≤ 100,000,000), found {}",
                    kMaxGeniusRounds, options.rounds));
  }
  const StrategyInfo* info = find_strategy(options.strategy);
  if (info == nullptr) {
    throw UsageError(fmt::format("--strategy: expected one of {}, found \"{}\"", strategy_names(),
                                 escape_control_characters(options.strategy)));
  }
  if (info->whole_phase) {
    throw UsageError(fmt::format(
        "--strategy: expected a strategy that negotiates offer by offer, found \"{}\", which "
        "plays division games only (a GENIUS domain is not one)",
        options.strategy));
  }
  if (options.exponent) {
    const auto param =
        std::find_if(info->params.begin(), info->params.end(),
                     [](const StrategyParamSpec& p) { return p.name == "exponent"; });
    if (param == info->params.end()) {
      throw UsageError(fmt::format(
          "--exponent: expected a strategy with an exponent parameter, found --strategy {}",
          options.strategy));
    }
    if (!std::isfinite(*options.exponent) || *options.exponent < param->min ||
        *options.exponent > param->max) {
      throw UsageError(fmt::format("--exponent: expected a number in [{}, {}] for {}, found {}",
                                   param->min, param->max, options.strategy, *options.exponent));
    }
  }
  if (options.name) {
    if (options.name->empty()) throw UsageError("--name: expected a scenario name, found \"\"");
    if (!is_utf8(*options.name)) {
      throw UsageError("--name: expected a scenario name in UTF-8, found other bytes");
    }
  }
}

GeniusScenario genius_scenario(const GeniusFile& domain, const GeniusFile& profile_1,
                               const GeniusFile& profile_2, const GeniusImportOptions& options) {
  check_genius_import_options(options);
  const auto [domain_stem, domain_name] = file_names(domain.path);
  const XmlFile domain_file(domain, "GENIUS domain file");
  const std::vector<XmlIssue> issues = read_domain(domain_file);
  std::vector<std::string> ignored;
  std::vector<Party> parties;
  for (const GeniusFile* profile : {&profile_1, &profile_2}) {
    const auto [stem, name] = file_names(profile->path);
    const XmlFile profile_file(*profile, "GENIUS profile file");
    Party party = read_profile(profile_file, domain_file, issues, ignored);
    party.stem = stem;
    party.file_name = name;
    parties.push_back(std::move(party));
  }
  GeniusScenario scenario;
  scenario.issues = static_cast<int>(issues.size());
  scenario.outcomes = 1.0;
  for (const XmlIssue& issue : issues) scenario.outcomes *= static_cast<double>(issue.items.size());
  const std::string name = options.name.value_or(
      fmt::format("GENIUS {}: {} vs {}", domain_stem, parties[0].stem, parties[1].stem));
  scenario.toml = write_toml(issues, make_names(issues), domain_name, name, parties, ignored,
                             options, scenario.outcomes);
  for (const std::string& note : ignored) scenario.notes.push_back(note + ": ignored");
  return scenario;
}

GeniusScenario import_genius(const std::string& domain_path, const std::string& profile_1_path,
                             const std::string& profile_2_path,
                             const GeniusImportOptions& options) {
  check_genius_import_options(options);
  return genius_scenario({domain_path, read_input_file(domain_path, "GENIUS domain file")},
                         {profile_1_path, read_input_file(profile_1_path, "GENIUS profile file")},
                         {profile_2_path, read_input_file(profile_2_path, "GENIUS profile file")},
                         options);
}

}  // namespace parley
