#include "output/csv_writer.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <type_traits>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "record/record_schema.hpp"

namespace parley {

std::vector<std::string_view> split_csv_cells(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    cells.push_back(line.substr(start, comma - start));
    if (comma == std::string_view::npos) return cells;
    start = comma + 1;
  }
}

std::string fixed6(double value) {
  std::string text = fmt::format("{:.6f}", value);
  if (text == "-0.000000") text.erase(0, 1);
  return text;
}

namespace {
std::string joined_columns(std::span<const std::string> columns) {
  std::string text;
  for (const std::string& column : columns) {
    text += ',';
    text += column;
  }
  return text;
}
}  // namespace

void write_outcomes_header(std::ostream& out, const Scenario& scenario,
                           std::span<const std::string> design_columns) {
  std::string line = "point";
  line += joined_columns(design_columns);
  line += ",replicate";
  for_each_row([&](const auto& row) {
    using Row = std::remove_cvref_t<decltype(row)>;
    if constexpr (!Row::kIsMember) {
      line += ',';
      line += row.column;
    } else if constexpr (Row::kColumnPerItem) {
      for (std::size_t item = 0; item < axis_length(scenario, Row::kAxis); ++item) {
        line += ',';
        fmt::format_to(std::back_inserter(line), fmt::runtime(row.column),
                       axis_id(scenario, Row::kAxis, item));
      }
    } else if constexpr (Row::kWritten) {
      line += ',';
      line += row.column;
    }
  });
  line += '\n';
  out << line;
}

namespace {

// fixed6, appended in place (no temporary string).
void append_fixed6(std::string& line, double value) {
  const std::size_t start = line.size();
  fmt::format_to(std::back_inserter(line), "{:.6f}", value);
  if (std::string_view(line).substr(start) == "-0.000000") line.erase(start, 1);
}

// Appends the cells of one row of the record schema, each after a comma.
template <class Row>
void append_cells(std::string& line, const Scenario& scenario, const SessionRecord& r,
                  const Row& row) {
  if constexpr (!Row::kIsMember) {
    line += ',';
    line += (r.*row.value)();
  } else if constexpr (Row::kWritten) {
    constexpr Cell kCell = Row::kCell;
    const auto& value = r.*row.pointer;
    if constexpr (Row::kAxis != Axis::kNone) {
      PARLEY_DCHECK(static_cast<std::size_t>(value.size()) == axis_length(scenario, Row::kAxis),
                    "{}: {} items, the scenario has {}", row.name, value.size(),
                    axis_length(scenario, Row::kAxis));
    }
    if constexpr (kCell == Cell::kIssueValue) {
      for (Eigen::Index d = 0; d < value.size(); ++d) {
        const Issue& issue = scenario.issues[static_cast<std::size_t>(d)];
        line += ',';
        if (issue.is_discrete())
          line += issue.options[static_cast<std::size_t>(issue.option_index(value(d)))];
        else
          append_fixed6(line, value(d));
      }
    } else if constexpr (kCell == Cell::kNumber && Row::kAxis != Axis::kNone) {
      for (Eigen::Index i = 0; i < value.size(); ++i) {
        line += ',';
        append_fixed6(line, value(i));
      }
    } else if constexpr (kCell == Cell::kPhaseResult) {
      for (PhaseResult result : value) {
        line += ',';
        line += to_string(result);
      }
    } else if constexpr (kCell == Cell::kIdList) {
      line += ',';
      bool first = true;
      for (std::size_t item = 0; item < value.size(); ++item) {
        if (!value[item]) continue;
        if (!first) line += ';';
        line += axis_id(scenario, Row::kAxis, item);
        first = false;
      }
    } else {
      line += ',';
      if constexpr (kCell == Cell::kFlag) {
        line += value ? '1' : '0';
      } else if constexpr (kCell == Cell::kOptionalFlag) {
        if (value >= 0) line += value ? '1' : '0';
      } else if constexpr (kCell == Cell::kRoundCount || kCell == Cell::kMoveCount) {
        fmt::format_to(std::back_inserter(line), "{}", value);
      } else if constexpr (kCell == Cell::kNumber) {
        append_fixed6(line, value);
      } else if constexpr (kCell == Cell::kOptionalNumber) {
        if (!std::isnan(value)) append_fixed6(line, value);
      } else if constexpr (kCell == Cell::kDealNumber) {
        if (r.nearest_deal >= 0) append_fixed6(line, value);
      } else if constexpr (kCell == Cell::kPhaseId) {
        if (value >= 0) line += scenario.phases[static_cast<std::size_t>(value)].id;
      } else if constexpr (kCell == Cell::kDealId) {
        if (value >= 0) line += scenario.deals[static_cast<std::size_t>(value)].id;
      } else {
        static_assert(sizeof(Row) == 0, "a Cell kind without a writer");
      }
    }
  }
}

}  // namespace

void write_outcome_rows(std::ostream& out, const Scenario& scenario,
                        std::span<const SessionRecord> records, std::uint64_t point,
                        std::int64_t first_replicate, std::string_view design_cells) {
  std::string line;
  for (std::size_t k = 0; k < records.size(); ++k) {
    const SessionRecord& r = records[k];
    line.clear();
    fmt::format_to(std::back_inserter(line), "{}", point);
    line += design_cells;
    fmt::format_to(std::back_inserter(line), ",{}", first_replicate + static_cast<std::int64_t>(k));
    for_each_row([&](const auto& row) { append_cells(line, scenario, r, row); });
    line += '\n';
    out << line;
  }
}

namespace {

std::size_t digits(std::int64_t value) { return fmt::formatted_size("{}", value); }

// The widest number of an issue's range at 6 decimals ("-1000.000000").
std::size_t issue_width(const Issue& issue) {
  if (issue.is_discrete()) {
    std::size_t widest = 0;
    for (const std::string& option : issue.options) widest = std::max(widest, option.size());
    return widest;
  }
  return std::max(fixed6(issue.min).size(), fixed6(issue.max).size());
}

}  // namespace

std::size_t outcome_row_bytes_bound(const Scenario& scenario, std::size_t design_cells_bytes,
                                    std::int64_t points, std::int64_t replicates) {
  constexpr std::size_t kNumber = 10;  // ",-1.000000": utilities, distances (Cell::kNumber)
  std::int64_t rounds = 0;
  std::size_t phase_ids = 0;
  for (const Phase& phase : scenario.phases) {
    rounds += phase.max_rounds;
    phase_ids = std::max(phase_ids, phase.id.size());
  }
  const std::int64_t moves = rounds * std::max<std::int64_t>(1, scenario.actor_count());
  std::size_t deal_ids = 0;
  for (const Deal& deal : scenario.deals) deal_ids = std::max(deal_ids, deal.id.size());
  // The point, the design cells, ",replicate" and the newline.
  std::size_t bytes = digits(points) + design_cells_bytes + 1 + digits(replicates) + 1;
  // Then each cell with the comma before it.
  for_each_row([&](const auto& row) {
    using Row = std::remove_cvref_t<decltype(row)>;
    if constexpr (!Row::kIsMember) {
      bytes += 1 + row.widest.size();
    } else if constexpr (Row::kWritten) {
      constexpr Cell kCell = Row::kCell;
      const std::size_t items = axis_length(scenario, Row::kAxis);
      if constexpr (kCell == Cell::kFlag || kCell == Cell::kOptionalFlag) {
        bytes += 2;
      } else if constexpr (kCell == Cell::kRoundCount) {
        bytes += 1 + digits(rounds);
      } else if constexpr (kCell == Cell::kMoveCount) {
        bytes += 1 + digits(moves);
      } else if constexpr (kCell == Cell::kNumber) {
        bytes += kNumber * (Row::kAxis == Axis::kNone ? 1 : items);
      } else if constexpr (kCell == Cell::kOptionalNumber || kCell == Cell::kDealNumber) {
        bytes += kNumber;
      } else if constexpr (kCell == Cell::kPhaseId) {
        bytes += 1 + phase_ids;
      } else if constexpr (kCell == Cell::kDealId) {
        bytes += 1 + deal_ids;
      } else if constexpr (kCell == Cell::kIssueValue) {
        for (const Issue& issue : scenario.issues) bytes += 1 + issue_width(issue);
      } else if constexpr (kCell == Cell::kPhaseResult) {
        bytes += items * sizeof("not_reached");  // the comma and the longest result
      } else if constexpr (kCell == Cell::kIdList) {
        // The comma, every id, and a ';' between two.
        bytes += items == 0 ? 1 : items;
        for (std::size_t item = 0; item < items; ++item)
          bytes += axis_id(scenario, Row::kAxis, item).size();
      } else {
        static_assert(sizeof(Row) == 0, "a Cell kind without a bound");
      }
    }
  });
  return bytes;
}

std::size_t summary_bytes_bound(const Scenario& scenario, std::size_t design_cells_bytes,
                                std::int64_t points) {
  // Metrics: agreement, round, the analysis (zone of agreement, no deal despite
  // one, Pareto share and slack, Nash distance) and a few more; per
  // phase, per issue (outcome, deal outcome), per actor (veto, utility, beats
  // reservation, gain), per instrument and shock, per deal.
  const std::size_t metrics = 12 + scenario.phases.size() + 2 * scenario.issues.size() +
                              4 * scenario.actors.size() + 3 * scenario.instruments.size() +
                              scenario.shocks.size() + scenario.deals.size();
  std::size_t widest_value = 10;
  std::size_t longest_id = 0;
  for (const Issue& issue : scenario.issues) {
    widest_value = std::max(widest_value, issue_width(issue) + 1);
    longest_id = std::max(longest_id, issue.id.size());
  }
  for (const Actor& actor : scenario.actors) longest_id = std::max(longest_id, actor.id.size());
  for (const Phase& phase : scenario.phases) longest_id = std::max(longest_id, phase.id.size());
  for (const Instrument& item : scenario.instruments)
    longest_id = std::max(longest_id, item.id.size());
  for (const Shock& shock : scenario.shocks) longest_id = std::max(longest_id, shock.id.size());
  for (const Deal& deal : scenario.deals) longest_id = std::max(longest_id, deal.id.size());
  const std::size_t row =
      digits(points) + design_cells_bytes + 24 + longest_id + 21 + 10 * widest_value + 1;
  return metrics * row;
}

void write_summary_header(std::ostream& out, std::span<const std::string> design_columns) {
  out << "point" << joined_columns(design_columns)
      << ",metric,n,mean,sd,mcse,q05,q25,q50,q75,q95,wilson_low,wilson_high\n";
}

void write_summary_rows(std::ostream& out, std::span<const MetricSummary> summaries,
                        std::uint64_t point, std::string_view design_cells) {
  for (const MetricSummary& s : summaries) {
    out << point << design_cells << ',' << s.metric << ',' << s.n;
    if (s.n == 0) {
      out << ",,,,,,,,,,\n";
      continue;
    }
    out << ',' << fixed6(s.mean) << ',' << fixed6(s.sd) << ',' << fixed6(s.mcse) << ','
        << fixed6(s.q05) << ',' << fixed6(s.q25) << ',' << fixed6(s.q50) << ',' << fixed6(s.q75)
        << ',' << fixed6(s.q95) << ',';
    if (s.binary)
      out << fixed6(s.wilson.low) << ',' << fixed6(s.wilson.high);
    else
      out << ',';
    out << '\n';
  }
}

}  // namespace parley
