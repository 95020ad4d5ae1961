// Reading a long CSV of one-issue forecasting cases (format and error rules in
// case_table.hpp).
#include "parsing/case_table.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "core/input_limits.hpp"
#include "core/number_text.hpp"
#include "core/sha256.hpp"
#include "protocol/eu_council.hpp"

namespace parley {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

// The columns the table reads; the first five are required.
enum Column : std::size_t {
  kCase,
  kActor,
  kPosition,
  kSalience,
  kCapability,
  kStatusQuo,
  kVotingRule,
  kIssue,
  kProcedure,
  kDate,
  kColumnCount
};
constexpr std::size_t kRequiredColumns = 5;
constexpr std::array<std::string_view, kColumnCount> kColumnNames{
    "case",       "actor",       "position", "salience",  "capability",
    "status_quo", "voting_rule", "issue",    "procedure", "date"};

// One data row, its numbers parsed.
struct Row {
  std::uint32_t line = 0;
  std::string case_id;
  std::string actor;
  double position = 0.0;
  double salience = 0.0;
  double capability = 0.0;
  std::optional<double> status_quo;
  std::string voting_rule;  // trimmed, lower case
  std::string issue;        // trimmed
  std::string procedure;    // trimmed, lower case
  std::string date;         // trimmed
  std::uint32_t date_column = 0;
};

class RowReader {
 public:
  explicit RowReader(std::string_view source_name) : source_(source_name) {}

  [[noreturn]] void fail(std::uint32_t line, std::uint32_t column,
                         const std::string& message) const {
    throw ScenarioError({source_, line, column}, message);
  }

  double number(const CsvField& field, std::string_view column) const {
    std::string_view text = trimmed(field.text);
    const std::string_view written = text;
    if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
    double value = 0.0;
    const char* last = text.data() + text.size();
    const auto [end, error] = parse_double(text.data(), last, value);
    if (text.empty() || error != std::errc() || end != last || !std::isfinite(value)) {
      fail(field.line, field.column,
           fmt::format("expected a number in column `{}`, found \"{}\"", column, written));
    }
    return value;
  }

 private:
  std::string source_;
};

std::string format_number(double value) { return fmt::format("{}", value); }

// Where each column is in the header (or npos); an error if a required one is
// missing or one is named twice. The messages name columns, never quote the
// header's text: the file may be anything but a case table.
std::array<std::size_t, kColumnCount> header_columns(const CsvRecord& header,
                                                     const RowReader& read) {
  std::array<std::size_t, kColumnCount> where;
  where.fill(std::string::npos);
  for (std::size_t f = 0; f < header.fields.size(); ++f) {
    const std::string name = lower(trimmed(header.fields[f].text));
    for (std::size_t c = 0; c < kColumnCount; ++c) {
      if (name != kColumnNames[c]) continue;
      if (where[c] != std::string::npos)
        read.fail(header.fields[f].line, header.fields[f].column,
                  fmt::format("the header names column `{}` twice", name));
      where[c] = f;
    }
  }
  for (std::size_t c = 0; c < kRequiredColumns; ++c) {
    if (where[c] == std::string::npos)
      read.fail(header.line, 1,
                fmt::format("the header has no column `{}` (required: case, actor, position, "
                            "salience, capability in any order; optional: status_quo, "
                            "voting_rule, issue, procedure, date)",
                            kColumnNames[c]));
  }
  return where;
}

}  // namespace

std::vector<CsvRecord> read_csv_records(std::string_view text, std::string_view source_name) {
  const std::string source(source_name);
  std::vector<CsvRecord> records;
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  const std::size_t n = text.size();
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  const auto column_of = [&](std::size_t at) {
    return static_cast<std::uint32_t>(at - line_start + 1);
  };
  const auto fail = [&](std::size_t at, const std::string& message) {
    throw ScenarioError({source, line, column_of(at)}, message);
  };
  // True at the end of a line (LF or CRLF) or of the text.
  const auto at_line_end = [&](std::size_t at) {
    return at >= n || text[at] == '\n' || (text[at] == '\r' && at + 1 < n && text[at + 1] == '\n');
  };
  const auto skip_line_end = [&](std::size_t& at) {
    if (at < n && text[at] == '\r') ++at;
    if (at < n && text[at] == '\n') {
      ++at;
      ++line;
      line_start = at;
    }
  };

  while (i < n) {
    CsvRecord record;
    record.line = line;
    for (;;) {
      CsvField field;
      field.line = line;
      field.column = column_of(i);
      if (i < n && text[i] == '"') {
        field.quoted = true;
        const std::uint32_t open_line = line;
        const std::uint32_t open_column = field.column;
        ++i;
        for (;;) {
          if (i >= n)
            throw ScenarioError({source, open_line, open_column},
                                "unterminated quoted field (no closing \")");
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field.text += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          field.text += c;
          ++i;
          if (c == '\n') {
            ++line;
            line_start = i;
          }
        }
        if (i < n && text[i] != ',' && !at_line_end(i))
          fail(i, "expected a comma or the end of the line after a closing quote");
      } else {
        while (i < n && text[i] != ',' && !at_line_end(i)) {
          if (text[i] == '"')
            fail(i,
                 "a quote inside an unquoted field (enclose the field in quotes and double "
                 "the quote)");
          field.text += text[i];
          ++i;
        }
      }
      record.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      skip_line_end(i);
      break;
    }
    const bool blank = record.fields.size() == 1 && !record.fields[0].quoted &&
                       trimmed(record.fields[0].text).empty();
    if (!blank) records.push_back(std::move(record));
  }
  return records;
}

CaseTable parse_case_table(std::string_view text, std::string_view source_name,
                           const CaseTableOptions& options) {
  if (!std::isfinite(options.scale_min) || !std::isfinite(options.scale_max) ||
      !(options.scale_min < options.scale_max)) {
    throw UsageError(fmt::format("the position scale [{}, {}] is not an interval",
                                 options.scale_min, options.scale_max));
  }
  if (std::abs(options.scale_min) > kMaxIssueMagnitude ||
      std::abs(options.scale_max) > kMaxIssueMagnitude) {
    throw UsageError(fmt::format(
        "the position scale [{}, {}] goes beyond [{:g}, {:g}] (larger scales overflow the "
        "models' spans)",
        options.scale_min, options.scale_max, -kMaxIssueMagnitude, kMaxIssueMagnitude));
  }
  const RowReader read(source_name);
  CaseTable table;
  table.source_name = std::string(source_name);
  table.source_sha256 = sha256_hex(text);
  table.options = options;

  // The first line is checked as a header before the rest is split into fields,
  // so that a file that is not a case table (/etc/passwd, a binary) is refused as
  // such at line 1 rather than by an error pointing into its content. (A header
  // with a quoted field that spans lines is checked with the rest.)
  std::vector<CsvRecord> first_line;
  try {
    first_line = read_csv_records(text.substr(0, text.find('\n')), source_name);
  } catch (const ScenarioError&) {
    first_line.clear();
  }
  if (!first_line.empty()) (void)header_columns(first_line.front(), read);

  const std::vector<CsvRecord> records = read_csv_records(text, source_name);
  if (records.empty())
    read.fail(1, 1,
              "expected a header naming the columns case, actor, position, salience, "
              "capability; found an empty file");

  // Header: where each column is (or npos).
  const CsvRecord& header = records.front();
  const std::array<std::size_t, kColumnCount> where = header_columns(header, read);

  // Rows: numbers parsed, in file order.
  std::vector<Row> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& record = records[r];
    if (record.fields.size() != header.fields.size()) {
      const CsvField& last = record.fields.back();
      read.fail(last.line, last.column,
                fmt::format("expected {} fields as in the header, found {}", header.fields.size(),
                            record.fields.size()));
    }
    const auto field = [&](Column c) -> const CsvField& { return record.fields[where[c]]; };
    Row row;
    row.line = record.line;
    row.case_id = std::string(trimmed(field(kCase).text));
    if (row.case_id.empty()) read.fail(field(kCase).line, field(kCase).column, "empty case id");
    row.actor = std::string(trimmed(field(kActor).text));
    row.position = read.number(field(kPosition), "position");
    row.salience = read.number(field(kSalience), "salience");
    row.capability = read.number(field(kCapability), "capability");
    if (where[kStatusQuo] != std::string::npos && !trimmed(field(kStatusQuo).text).empty())
      row.status_quo = read.number(field(kStatusQuo), "status_quo");
    if (where[kVotingRule] != std::string::npos)
      row.voting_rule = lower(trimmed(field(kVotingRule).text));
    if (where[kIssue] != std::string::npos) {
      row.issue = std::string(trimmed(field(kIssue).text));
      if (row.issue.empty())
        read.fail(field(kIssue).line, field(kIssue).column,
                  "empty issue id (a table with an `issue` column names the issue on every row)");
    }
    if (where[kProcedure] != std::string::npos)
      row.procedure = lower(trimmed(field(kProcedure).text));
    if (where[kDate] != std::string::npos) {
      row.date = std::string(trimmed(field(kDate).text));
      row.date_column = field(kDate).column;
    }
    rows.push_back(std::move(row));
  }
  table.rows = rows.size();
  table.has_issues = where[kIssue] != std::string::npos;

  // The file's salience scale.
  table.salience_percent =
      std::any_of(rows.begin(), rows.end(), [](const Row& row) { return row.salience > 1.0; });
  const double salience_max = table.salience_percent ? 100.0 : 1.0;

  // Cases in order of first row, with their problems.
  struct Draft {
    ForecastCase c;
    std::uint32_t first_line = 0;
    std::unordered_map<std::string, std::uint32_t> actor_lines;
    std::vector<CaseError> errors;
    std::optional<CivilDate> date;  // c.date, parsed
  };
  std::vector<Draft> drafts;
  std::unordered_map<std::string, std::size_t> index;  // case id + '\n' + issue id
  // What the rows of one case (a proposal) must agree on: procedure and date.
  struct ProposalFacts {
    std::string procedure;
    std::optional<CivilDate> date;
    std::uint32_t line = 0;
  };
  std::unordered_map<std::string, ProposalFacts> proposal_facts;
  const auto on_scale = [&](double x) { return x >= options.scale_min && x <= options.scale_max; };
  const auto scale_text = [&] {
    return fmt::format("[{}, {}]", format_number(options.scale_min),
                       format_number(options.scale_max));
  };
  const auto status_quo_text = [](const std::optional<double>& value) {
    return value ? format_number(*value) : std::string("blank");
  };
  for (const Row& row : rows) {
    std::optional<CivilDate> date;
    if (!row.date.empty()) {
      try {
        date = parse_civil_date(row.date);
      } catch (const UsageError& error) {
        read.fail(row.line, row.date_column, error.what());
      }
    }
    const auto [it, inserted] = index.emplace(row.case_id + '\n' + row.issue, drafts.size());
    if (inserted) {
      Draft draft;
      draft.c.id = row.case_id;
      draft.c.issue = row.issue;
      draft.c.procedure = row.procedure;
      draft.c.date = row.date;
      draft.date = date;
      draft.c.scale_min = options.scale_min;
      draft.c.scale_max = options.scale_max;
      draft.c.status_quo = row.status_quo;
      draft.c.voting_rule = row.voting_rule;
      draft.first_line = row.line;
      if (row.status_quo && !on_scale(*row.status_quo))
        draft.errors.push_back({row.case_id, row.line,
                                fmt::format("status quo {} is off the scale {}",
                                            format_number(*row.status_quo), scale_text()),
                                row.issue});
      if (!row.voting_rule.empty() && !parse_voting_rule(row.voting_rule))
        draft.errors.push_back(
            {row.case_id, row.line,
             fmt::format("unknown voting rule \"{}\" (expected majority, qmv or unanimity)",
                         row.voting_rule),
             row.issue});
      if (!parse_procedure(row.procedure))
        draft.errors.push_back(
            {row.case_id, row.line,
             fmt::format("unknown procedure \"{}\" (expected cod or cns)", row.procedure),
             row.issue});
      drafts.push_back(std::move(draft));
    }
    Draft& draft = drafts[it->second];
    const auto problem = [&](std::string message) {
      draft.errors.push_back({row.case_id, row.line, std::move(message), row.issue});
    };
    const auto [facts, first_of_case] =
        proposal_facts.emplace(row.case_id, ProposalFacts{row.procedure, date, row.line});
    if (!first_of_case) {
      if (row.procedure != facts->second.procedure)
        problem(
            fmt::format("procedure \"{}\" differs from \"{}\" on line {} (one procedure per "
                        "case)",
                        row.procedure, facts->second.procedure, facts->second.line));
      if (date != facts->second.date)
        problem(fmt::format("date \"{}\" differs from the case's date on line {}", row.date,
                            facts->second.line));
    }
    if (!inserted) {
      if (row.status_quo != draft.c.status_quo)
        problem(fmt::format("status quo {} differs from {} on line {}",
                            status_quo_text(row.status_quo), status_quo_text(draft.c.status_quo),
                            draft.first_line));
      if (row.voting_rule != draft.c.voting_rule)
        problem(fmt::format("voting rule \"{}\" differs from \"{}\" on line {}", row.voting_rule,
                            draft.c.voting_rule, draft.first_line));
    }
    if (row.actor.empty()) {
      problem("empty actor id");
    } else {
      const auto [seen, first] = draft.actor_lines.emplace(row.actor, row.line);
      if (!first)
        problem(fmt::format("actor \"{}\" is listed twice (first on line {})", row.actor,
                            seen->second));
    }
    if (!on_scale(row.position))
      problem(fmt::format("position {} is off the scale {}", format_number(row.position),
                          scale_text()));
    if (row.salience < 0.0 || row.salience > salience_max)
      problem(fmt::format("salience {} is outside [0, {}]{}", format_number(row.salience),
                          format_number(salience_max),
                          table.salience_percent ? " (the file is on 0-100: a salience > 1 "
                                                   "was found)"
                                                 : ""));
    if (row.capability < 0.0)
      problem(fmt::format("capability {} is negative", format_number(row.capability)));
    if (row.capability > kMaxWeight)
      problem(fmt::format(
          "capability {} is above {:g} (larger capabilities overflow the models' weighted sums)",
          format_number(row.capability), kMaxWeight));
    ForecastActor actor;
    actor.id = row.actor;
    actor.capability = row.capability;
    actor.position = row.position;
    actor.salience = table.salience_percent ? row.salience / 100.0 : row.salience;
    draft.c.actors.push_back(std::move(actor));
  }

  table.case_count = drafts.size();
  for (Draft& draft : drafts) {
    if (draft.c.actors.size() < 2)
      draft.errors.push_back(
          {draft.c.id, draft.first_line,
           fmt::format("{} actor{}: a case needs at least 2", draft.c.actors.size(),
                       draft.c.actors.size() == 1 ? "" : "s"),
           draft.c.issue});
    if (draft.errors.empty() && !draft.c.procedure.empty() && draft.date) {
      // A proposal under an EU procedure: the Council's rules must cover its date and
      // some actor must sit in the Council then (protocol/eu_council.hpp).
      const CouncilTable& council = builtin_council_table();
      const CivilDate date = *draft.date;
      try {
        (void)council.regime(date);
        if (std::none_of(draft.c.actors.begin(), draft.c.actors.end(),
                         [&](const ForecastActor& a) { return council.is_member(a.id, date); }))
          draft.errors.push_back(
              {draft.c.id, draft.first_line,
               fmt::format("no actor is a member of the Council on {} (the agents' play under "
                           "procedure \"{}\" needs member codes such as de, fr, el as actor ids)",
                           format_civil_date(date), draft.c.procedure),
               draft.c.issue});
      } catch (const UsageError& bad) {
        draft.errors.push_back({draft.c.id, draft.first_line, bad.what(), draft.c.issue});
      }
    }
    if (draft.errors.empty()) {
      table.cases.push_back(std::move(draft.c));
      continue;
    }
    std::stable_sort(draft.errors.begin(), draft.errors.end(),
                     [](const CaseError& a, const CaseError& b) { return a.line < b.line; });
    for (CaseError& error : draft.errors) {
      error.issue = draft.c.issue;
      table.errors.push_back(std::move(error));
    }
  }
  return table;
}

std::vector<std::vector<std::size_t>> proposals_of(const CaseTable& table) {
  std::vector<std::vector<std::size_t>> groups;
  std::unordered_map<std::string, std::size_t> group_of;
  for (std::size_t k = 0; k < table.cases.size(); ++k) {
    const auto [it, inserted] = group_of.emplace(table.cases[k].id, groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(k);
  }
  return groups;
}

CaseTable load_case_table(const std::string& path, const CaseTableOptions& options) {
  return parse_case_table(read_input_file(path, "case table (CSV file)"), path, options);
}

}  // namespace parley
