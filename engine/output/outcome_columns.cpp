#include "output/outcome_columns.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/number_text.hpp"
#include "record/record_schema.hpp"

namespace parley {

std::size_t TypedColumn::size() const {
  switch (kind) {
    case Kind::kFlag:
    case Kind::kOptionalFlag:
      return flags.size();
    case Kind::kInteger:
      return integers.size();
    case Kind::kNumber:
      return numbers.size();
    case Kind::kCategory:
      return codes.size();
  }
  return 0;
}

const char* to_string(TypedColumn::Kind kind) {
  switch (kind) {
    case TypedColumn::Kind::kFlag:
      return "flag";
    case TypedColumn::Kind::kOptionalFlag:
      return "optional_flag";
    case TypedColumn::Kind::kInteger:
      return "integer";
    case TypedColumn::Kind::kNumber:
      return "number";
    case TypedColumn::Kind::kCategory:
      return "category";
  }
  return "number";
}

std::int32_t TypedColumn::code_of(std::string_view text) {
  // Few categories (phases, results, reasons): a scan, without building a key.
  if (categories.size() <= kScanLimit) {
    for (std::size_t k = 0; k < categories.size(); ++k)
      if (categories[k] == text) return static_cast<std::int32_t>(k);
  } else {
    if (index_.empty())
      for (std::size_t k = 0; k < categories.size(); ++k)
        index_.emplace(categories[k], static_cast<std::int32_t>(k));
    const auto found = index_.find(std::string(text));
    if (found != index_.end()) return found->second;
  }
  const auto code = static_cast<std::int32_t>(categories.size());
  categories.emplace_back(text);
  if (!index_.empty()) index_.emplace(categories.back(), code);
  return code;
}

TypedColumn& ColumnTable::column(std::size_t index, std::string_view name, TypedColumn::Kind kind) {
  if (index == columns_.size()) {
    TypedColumn& added = columns_.emplace_back();
    added.name = std::string(name);
    added.kind = kind;
  }
  PARLEY_CHECK(index < columns_.size() && columns_[index].name == name, "column {} is not {}",
               index, name);
  return columns_[index];
}

namespace {

bool reads_as_number(std::string_view text, double* value) {
  const auto [end, error] = parse_double(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(*value);
}

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::size_t ColumnTable::append_point_columns(std::size_t count, std::int64_t point,
                                              std::span<const std::string> design_columns,
                                              std::span<const std::string> design_values) {
  PARLEY_CHECK(design_columns.size() == design_values.size(), "{} design columns, {} values",
               design_columns.size(), design_values.size());
  std::size_t at = 0;
  column(at++, "point", TypedColumn::Kind::kInteger)
      .integers.insert(columns_[0].integers.end(), count, point);
  for (std::size_t k = 0; k < design_columns.size(); ++k) {
    double number = 0.0;
    const bool numeric = reads_as_number(design_values[k], &number);
    const bool first = at == columns_.size();
    TypedColumn& design =
        column(at++, design_columns[k],
               numeric ? TypedColumn::Kind::kNumber : TypedColumn::Kind::kCategory);
    if (design.kind == TypedColumn::Kind::kNumber && !first && !numeric) {
      // A later point's value is no number after all: the column becomes categories.
      std::vector<double> numbers = std::move(design.numbers);
      design.numbers.clear();
      design.kind = TypedColumn::Kind::kCategory;
      for (double earlier : numbers)
        design.codes.push_back(design.code_of(fmt::format("{}", earlier)));
    }
    if (design.kind == TypedColumn::Kind::kNumber) {
      design.numbers.insert(design.numbers.end(), count, number);
    } else {
      design.codes.insert(design.codes.end(), count, design.code_of(design_values[k]));
    }
  }
  return at;
}

namespace {

// Appends the cells of one row of the record schema for all records, from
// column `at` on; returns the next column's index.
template <class Row, class Column>
std::size_t append_row(Column&& column, std::size_t at, const Scenario& scenario,
                       std::span<const SessionRecord> records, const Row& row) {
  using Kind = TypedColumn::Kind;
  if constexpr (!Row::kIsMember) {
    TypedColumn& c = column(at, row.column, Kind::kCategory);
    for (const SessionRecord& r : records) c.codes.push_back(c.code_of((r.*row.value)()));
    return at + 1;
  } else if constexpr (!Row::kWritten) {
    return at;
  } else {
    constexpr Cell kCell = Row::kCell;
    if constexpr (kCell == Cell::kIssueValue) {
      for (std::size_t d = 0; d < scenario.issues.size(); ++d) {
        const Issue& issue = scenario.issues[d];
        const auto index = static_cast<Eigen::Index>(d);
        if (issue.is_discrete()) {
          TypedColumn& c = column(at + d, issue.id, Kind::kCategory);
          if (c.categories.empty())
            for (const std::string& option : issue.options) c.code_of(option);
          for (const SessionRecord& r : records)
            c.codes.push_back(
                static_cast<std::int32_t>(issue.option_index((r.*row.pointer)(index))));
        } else {
          TypedColumn& c = column(at + d, issue.id, Kind::kNumber);
          for (const SessionRecord& r : records) c.numbers.push_back((r.*row.pointer)(index));
        }
      }
      return at + scenario.issues.size();
    } else if constexpr (kCell == Cell::kNumber && Row::kAxis != Axis::kNone) {
      const std::size_t items = axis_length(scenario, Row::kAxis);
      for (std::size_t i = 0; i < items; ++i) {
        TypedColumn& c =
            column(at + i, fmt::format(fmt::runtime(row.column), axis_id(scenario, Row::kAxis, i)),
                   Kind::kNumber);
        for (const SessionRecord& r : records)
          c.numbers.push_back((r.*row.pointer)(static_cast<Eigen::Index>(i)));
      }
      return at + items;
    } else if constexpr (kCell == Cell::kPhaseResult) {
      const std::size_t items = axis_length(scenario, Row::kAxis);
      for (std::size_t i = 0; i < items; ++i) {
        TypedColumn& c =
            column(at + i, fmt::format(fmt::runtime(row.column), axis_id(scenario, Row::kAxis, i)),
                   Kind::kCategory);
        for (const SessionRecord& r : records)
          c.codes.push_back(c.code_of(to_string((r.*row.pointer)[i])));
      }
      return at + items;
    } else if constexpr (kCell == Cell::kIdList) {
      // Rows repeat a few sets of ids: each distinct set (its flags) is written once.
      TypedColumn& c = column(at, row.column, Kind::kCategory);
      // A scan over the sets seen (usually a handful), a hash map beyond 32.
      std::vector<std::pair<std::vector<char>, std::int32_t>> seen;
      std::unordered_map<std::string, std::int32_t> many;
      std::string cell;
      const auto code_of_flags = [&](const std::vector<char>& flags) {
        cell.clear();
        for (std::size_t item = 0; item < flags.size(); ++item) {
          if (!flags[item]) continue;
          if (!cell.empty()) cell += ';';
          cell += axis_id(scenario, Row::kAxis, item);
        }
        return cell.empty() ? -1 : c.code_of(cell);
      };
      for (const SessionRecord& r : records) {
        const auto& flags = r.*row.pointer;
        const auto found = std::find_if(seen.begin(), seen.end(),
                                        [&](const auto& entry) { return entry.first == flags; });
        if (found != seen.end()) {
          c.codes.push_back(found->second);
        } else if (seen.size() < 32) {
          seen.emplace_back(flags, code_of_flags(flags));
          c.codes.push_back(seen.back().second);
        } else {
          auto [entry, added] = many.try_emplace(std::string(flags.begin(), flags.end()), 0);
          if (added) entry->second = code_of_flags(flags);
          c.codes.push_back(entry->second);
        }
      }
      return at + 1;
    } else {
      if constexpr (kCell == Cell::kFlag) {
        TypedColumn& c = column(at, row.column, Kind::kFlag);
        for (const SessionRecord& r : records) c.flags.push_back((r.*row.pointer) ? 1 : 0);
      } else if constexpr (kCell == Cell::kOptionalFlag) {
        TypedColumn& c = column(at, row.column, Kind::kOptionalFlag);
        for (const SessionRecord& r : records)
          c.flags.push_back(static_cast<std::int8_t>((r.*row.pointer) < 0 ? -1
                                                     : (r.*row.pointer)   ? 1
                                                                          : 0));
      } else if constexpr (kCell == Cell::kRoundCount || kCell == Cell::kMoveCount) {
        TypedColumn& c = column(at, row.column, Kind::kInteger);
        for (const SessionRecord& r : records) c.integers.push_back(r.*row.pointer);
      } else if constexpr (kCell == Cell::kNumber || kCell == Cell::kOptionalNumber) {
        TypedColumn& c = column(at, row.column, Kind::kNumber);
        for (const SessionRecord& r : records) c.numbers.push_back(r.*row.pointer);
      } else if constexpr (kCell == Cell::kDealNumber) {
        TypedColumn& c = column(at, row.column, Kind::kNumber);
        for (const SessionRecord& r : records)
          c.numbers.push_back(r.nearest_deal >= 0 ? r.*row.pointer : kMissing);
      } else if constexpr (kCell == Cell::kPhaseId) {
        TypedColumn& c = column(at, row.column, Kind::kCategory);
        if (c.categories.empty())
          for (const Phase& phase : scenario.phases) c.code_of(phase.id);
        for (const SessionRecord& r : records) c.codes.push_back(r.*row.pointer);
      } else if constexpr (kCell == Cell::kDealId) {
        TypedColumn& c = column(at, row.column, Kind::kCategory);
        if (c.categories.empty())
          for (const Deal& deal : scenario.deals) c.code_of(deal.id);
        for (const SessionRecord& r : records) c.codes.push_back(r.*row.pointer);
      } else {
        static_assert(sizeof(Row) == 0, "a Cell kind without a column");
      }
      return at + 1;
    }
  }
}

}  // namespace

void OutcomeColumns::append(std::span<const SessionRecord> records, std::int64_t point,
                            std::int64_t first_replicate,
                            std::span<const std::string> design_columns,
                            std::span<const std::string> design_values) {
  const std::size_t count = records.size();
  std::size_t at = append_point_columns(count, point, design_columns, design_values);
  TypedColumn& replicate = column(at++, "replicate", TypedColumn::Kind::kInteger);
  for (std::size_t k = 0; k < count; ++k)
    replicate.integers.push_back(first_replicate + static_cast<std::int64_t>(k));
  const auto get = [this](std::size_t index, std::string_view name,
                          TypedColumn::Kind kind) -> TypedColumn& {
    return column(index, name, kind);
  };
  for_each_row([&](const auto& row) { at = append_row(get, at, scenario_, records, row); });
}

void SummaryColumns::append(std::span<const MetricSummary> summaries, std::int64_t point,
                            std::span<const std::string> design_columns,
                            std::span<const std::string> design_values) {
  using Kind = TypedColumn::Kind;
  std::size_t at = append_point_columns(summaries.size(), point, design_columns, design_values);
  TypedColumn& metric = column(at++, "metric", Kind::kCategory);
  for (const MetricSummary& s : summaries) metric.codes.push_back(metric.code_of(s.metric));
  TypedColumn& n = column(at++, "n", Kind::kInteger);
  for (const MetricSummary& s : summaries) n.integers.push_back(s.n);
  // As summary.csv: every number empty when n = 0, the Wilson bounds only for binary metrics.
  const auto numbers = [&](std::string_view name, double MetricSummary::*member) {
    TypedColumn& c = column(at++, name, Kind::kNumber);
    for (const MetricSummary& s : summaries) c.numbers.push_back(s.n == 0 ? kMissing : s.*member);
  };
  numbers("mean", &MetricSummary::mean);
  numbers("sd", &MetricSummary::sd);
  numbers("mcse", &MetricSummary::mcse);
  for (const auto& [name, member] :
       {std::pair{"q05", &MetricSummary::q05}, std::pair{"q25", &MetricSummary::q25},
        std::pair{"q50", &MetricSummary::q50}, std::pair{"q75", &MetricSummary::q75},
        std::pair{"q95", &MetricSummary::q95}})
    numbers(name, member);
  for (const auto& [name, bound] : {std::pair{"wilson_low", &WilsonInterval::low},
                                    std::pair{"wilson_high", &WilsonInterval::high}}) {
    TypedColumn& c = column(at++, name, Kind::kNumber);
    for (const MetricSummary& s : summaries)
      c.numbers.push_back(s.n == 0 || !s.binary ? kMissing : s.wilson.*bound);
  }
}

}  // namespace parley
