// A case table: many forecasting cases in one long CSV file, one row per actor and
// case (and issue), read into ForecastCases (protocol/forecast_models.hpp).
//
// One-issue and multi-issue tables. Without an `issue` column every case is one
// issue. With it, a case is a proposal (a DEU III proposal, a bill) of several
// issues, one row per actor and issue; each (case, issue) becomes a ForecastCase
// with `id` = the case and `issue` = the issue, and `proposals_of` groups them by
// case for the models that forecast a proposal as a whole (the exchange model,
// the agents' play: protocol/exchange_model.hpp, simulation/legislative_play.hpp).
// `procedure` and `date` describe the proposal and must agree on every row of a
// case; `status_quo` and `voting_rule` belong to an issue and must agree on every
// row of that issue.
//
// Format. The first record is the header. It must name the columns `case`, `actor`,
// `position`, `salience` and `capability`, in any order; `status_quo` and
// `voting_rule` are optional; other columns are ignored. Column names are compared
// without surrounding spaces and ignoring letter case. Fields follow RFC 4180: a field
// may be enclosed in double quotes, and then holds commas, line breaks and doubled
// quotes (""); lines may end in LF or CRLF; blank lines and a UTF-8 byte order mark
// are skipped; spaces around a field's value are ignored. The rows of one case need
// not be adjacent; cases keep the order of their first row.
//
// | column        | content                                                           |
// | ------------- | ----------------------------------------------------------------- |
// | `case`        | case id (not empty)                                               |
// | `actor`       | actor id, unique within its case                                  |
// | `position`    | on the scale [scale_min, scale_max] of `CaseTableOptions`         |
// | `salience`    | 0–1 or 0–100, decided for the whole file: if any salience > 1 the |
// |               | file is on 0–100 and every salience is divided by 100             |
// | `capability`  | in [0, 1e12], any unit (only ratios matter)                       |
// | `status_quo`  | on the scale, or blank for none; the same in every row of a case  |
// | `voting_rule` | blank, `majority`, `qmv` or `unanimity` (`unan`), any letter      |
// |               | case; the same in every row of a case (of an issue)               |
// | `issue`       | optional: the issue id (not empty on any row when the column is   |
// |               | there)                                                            |
// | `procedure`   | optional: blank, `cod` (co-decision) or `cns` (consultation)      |
// | `date`        | optional: the proposal's date, `YYYY-MM-DD` or DEU III's          |
// |               | `dd-mm-yy`; it picks the Council's voting rule in force           |
// |               | (protocol/eu_council.hpp); blank for none                         |
//
// Errors. A problem with the file as a whole throws ScenarioError at file:line:column
// (1-based; the column counts bytes): an unreadable file, a missing or repeated header
// column, a row with more or fewer fields than the header, an unterminated quote or
// text after a closing quote, a quote inside an unquoted field, an empty case id (or
// issue id), a number that does not parse (not finite included), a date that is not a
// date. A scale beyond ±1e12
// (kMaxIssueMagnitude, core/input_limits.hpp) is a UsageError. A problem of one case is
// collected as a CaseError and the case is skipped, the others kept: fewer than 2
// actors, an actor listed twice or with an empty id, a position or status quo off the
// scale, a salience outside its scale, a negative capability or one above 1e12
// (kMaxWeight: the models' weighted sums would overflow), an unknown voting rule,
// rows that disagree on `status_quo` (blank versus a number included) or
// `voting_rule`, an unknown procedure, rows of one case that disagree on
// `procedure` or `date` (compared as dates: `14-12-99` = `1999-12-14`), and with
// both a procedure and a date: a date before the Council's rules modelled
// (1995-01-01) or no actor that is a member of the Council then. Every problem of a case is
// reported, each with its row's line.
//
// The salience rule means a file on 0–1 with one mistyped "80" is read as 0–100; the
// table records the scale it chose (`salience_percent`) and the manifest of a
// forecast run shows it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/forecast_case.hpp"

namespace parley {

struct CaseTableOptions {
  double scale_min = 0.0;  // positions and status quo lie on [scale_min, scale_max]
  double scale_max = 100.0;
};

// A skipped case: its id, the 1-based line of the row at fault (the case's first row
// for a problem of the whole case) and what is wrong.
struct CaseError {
  std::string case_id;
  std::uint32_t line = 0;
  std::string message;
  std::string issue;  // multi-issue tables: the issue at fault
};

struct CaseTable {
  std::string source_name;
  std::string source_sha256;  // of the file's bytes
  CaseTableOptions options;
  bool salience_percent = false;    // the file's saliences were on 0–100
  bool has_issues = false;          // the file has an `issue` column
  std::size_t rows = 0;             // data rows read
  std::size_t case_count = 0;       // distinct case ids, kept or skipped
  std::vector<ForecastCase> cases;  // valid cases, saliences on [0, 1], in order of first row
  std::vector<CaseError> errors;    // by case (order of first row), then line
};

// One field of a CSV record: its text after unquoting and where it starts.
struct CsvField {
  std::string text;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  bool quoted = false;
};

struct CsvRecord {
  std::uint32_t line = 0;
  std::vector<CsvField> fields;
};

// Splits `text` into records and fields as described above (RFC 4180), skipping blank
// lines and a byte order mark; field text is kept as written (not trimmed). Throws
// ScenarioError at the offending position for an unterminated quote, text after a
// closing quote or a quote inside an unquoted field.
std::vector<CsvRecord> read_csv_records(std::string_view text, std::string_view source_name);

// Reads `text` as the contents of the file `source_name`. UsageError when the
// options' scale is not an interval or goes beyond ±1e12.
CaseTable parse_case_table(std::string_view text, std::string_view source_name,
                           const CaseTableOptions& options = {});

// The table's cases grouped by case id (a proposal's issues), as indices into
// `table.cases`; groups in order of their first case, issues in table order.
std::vector<std::vector<std::size_t>> proposals_of(const CaseTable& table);

// Reads and parses a file; a missing or unreadable file is a ScenarioError.
CaseTable load_case_table(const std::string& path, const CaseTableOptions& options = {});

}  // namespace parley
