// outcomes.csv and summary.csv as typed columns in memory, for callers that keep
// results instead of reading files back (the Python module, python/).
//
// The columns are those of the CSV files, in the same order and with the same
// names, because they come from the same tables: outcomes from the record's
// field table (record/record_schema.hpp), summaries from MetricSummary
// (output/summary.hpp). Each column holds the values the CSV cell writes, at
// full precision rather than at 6 decimals, typed:
//   - kFlag: 0 or 1 (agreed);
//   - kOptionalFlag: 0, 1 or −1 where the CSV cell is empty (not analysed);
//   - kInteger: counts, point and replicate numbers;
//   - kNumber: doubles, NaN where the CSV cell is empty;
//   - kCategory: a code per row into `categories` (a phase, a deal, a discrete
//     issue's option, a phase result, an id list "a;b", a breakdown reason, a
//     design value that is not a number), −1 where the CSV cell is empty.
// So `fixed6(number)` of a kNumber value, `categories[code]` of a kCategory value
// and the integer of the others are exactly the CSV's cell (tested in
// tests/unit/output/outcome_columns_test.cpp against write_outcome_rows).
//
// Columns grow point by point (`append`), so a sweep's points arrive in any
// order of completion and are stored in that order with their point number.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "output/summary.hpp"
#include "record/session_record.hpp"
#include "scenario/scenario.hpp"

namespace parley {

struct TypedColumn {
  enum class Kind : std::uint8_t { kFlag, kOptionalFlag, kInteger, kNumber, kCategory };
  std::string name;
  Kind kind = Kind::kNumber;
  std::vector<std::int8_t> flags;       // kFlag, kOptionalFlag
  std::vector<std::int64_t> integers;   // kInteger
  std::vector<double> numbers;          // kNumber
  std::vector<std::int32_t> codes;      // kCategory
  std::vector<std::string> categories;  // kCategory: in order of first appearance

  std::size_t size() const;
  // The code of `text` in `categories`, adding it when new.
  std::int32_t code_of(std::string_view text);

 private:
  static constexpr std::size_t kScanLimit = 16;
  std::unordered_map<std::string, std::int32_t> index_;  // beyond kScanLimit categories
};

// "flag", "optional_flag", "integer", "number", "category".
const char* to_string(TypedColumn::Kind kind);

// A table of typed columns built point by point.
class ColumnTable {
 public:
  const std::vector<TypedColumn>& columns() const { return columns_; }
  std::vector<TypedColumn>& columns() { return columns_; }
  std::size_t rows() const { return columns_.empty() ? 0 : columns_.front().size(); }

 protected:
  // The column at `index`, created with `name` and `kind` on the first call.
  TypedColumn& column(std::size_t index, std::string_view name, TypedColumn::Kind kind);
  // The point and design columns of `count` rows: the point number, then each
  // design value (a number when the first point's value reads as one, else a
  // category).
  std::size_t append_point_columns(std::size_t count, std::int64_t point,
                                   std::span<const std::string> design_columns,
                                   std::span<const std::string> design_values);

  std::vector<TypedColumn> columns_;
};

// outcomes.csv's columns: point, the design columns, replicate, then the
// record's columns.
class OutcomeColumns : public ColumnTable {
 public:
  explicit OutcomeColumns(const Scenario& scenario) : scenario_(scenario) {}
  // Appends the rows of `records` (replicates first_replicate, …) of `point`.
  void append(std::span<const SessionRecord> records, std::int64_t point,
              std::int64_t first_replicate = 0, std::span<const std::string> design_columns = {},
              std::span<const std::string> design_values = {});

 private:
  const Scenario& scenario_;
};

// summary.csv's columns: point, the design columns, metric, n, mean, sd, mcse,
// q05 … q95, wilson_low, wilson_high.
class SummaryColumns : public ColumnTable {
 public:
  void append(std::span<const MetricSummary> summaries, std::int64_t point,
              std::span<const std::string> design_columns = {},
              std::span<const std::string> design_values = {});
};

}  // namespace parley
