#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include <fmt/format.h>

#include "output/csv_writer.hpp"
#include "output/outcome_columns.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/replicate_runner.hpp"

namespace parley {
namespace {

// The CSV cell a typed column holds at `row` (as the header says in outcome_columns.hpp).
std::string cell(const TypedColumn& column, std::size_t row) {
  switch (column.kind) {
    case TypedColumn::Kind::kFlag:
      return column.flags[row] ? "1" : "0";
    case TypedColumn::Kind::kOptionalFlag:
      return column.flags[row] < 0 ? "" : column.flags[row] ? "1" : "0";
    case TypedColumn::Kind::kInteger:
      return fmt::format("{}", column.integers[row]);
    case TypedColumn::Kind::kNumber:
      return std::isnan(column.numbers[row]) ? "" : fixed6(column.numbers[row]);
    case TypedColumn::Kind::kCategory:
      return column.codes[row] < 0 ? ""
                                   : column.categories[static_cast<std::size_t>(column.codes[row])];
  }
  return "?";
}

// Every cell of `table` equals the CSV text's, header included.
void check_equal_to_csv(const ColumnTable& table, const std::string& csv) {
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  std::vector<std::string> header;  // copies: `line` is read into again below
  for (std::string_view cell : split_csv_cells(line)) header.emplace_back(cell);
  REQUIRE(header.size() == table.columns().size());
  for (std::size_t c = 0; c < header.size(); ++c) CHECK(header[c] == table.columns()[c].name);
  std::size_t row = 0;
  while (std::getline(lines, line)) {
    const auto cells = split_csv_cells(line);
    REQUIRE(cells.size() == header.size());
    for (std::size_t c = 0; c < cells.size(); ++c) {
      INFO("row " << row << ", column " << header[c]);
      CHECK(cell(table.columns()[c], row) == cells[c]);
    }
    ++row;
  }
  CHECK(row == table.rows());
}

}  // namespace

TEST_CASE("outcome columns hold exactly the cells of outcomes.csv", "[output]") {
  // The flagship has every kind of cell: discrete and continuous issues, threats,
  // side payments, shocks, deals, two phases, the analysis (optional flag).
  const Scenario scenario =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/scenarios/ukraine_2025.toml");
  RunRequest request;
  request.replicates = 150;
  request.seed = 11;
  request.threads = 1;
  const auto records = run_replicates(scenario, request);

  OutcomeColumns columns(scenario);
  columns.append(std::span(records).first(100), 0, 0);
  columns.append(std::span(records).subspan(100), 0, 100);
  std::ostringstream csv;
  write_outcomes_header(csv, scenario);
  write_outcome_rows(csv, scenario, std::span(records).first(100), 0, 0);
  write_outcome_rows(csv, scenario, std::span(records).subspan(100), 0, 100);
  check_equal_to_csv(columns, csv.str());

  SummaryColumns summary;
  const auto summaries = summarise(scenario, records);
  summary.append(summaries, 0);
  std::ostringstream summary_csv;
  write_summary_header(summary_csv);
  write_summary_rows(summary_csv, summaries, 0);
  check_equal_to_csv(summary, summary_csv.str());
}

TEST_CASE("design columns are numbers when the values read as numbers, else categories",
          "[output]") {
  SummaryColumns summary;
  const std::vector<MetricSummary> one{summarise_values("agreement", {1, 0}, true)};
  const std::vector<std::string> names{"actors.us.threat_credibility", "issues.territory.x"};
  summary.append(one, 0, names, std::vector<std::string>{"0.25", "frozen_line"});
  summary.append(one, 1, names, std::vector<std::string>{"0.5", "1"});
  const auto& columns = summary.columns();
  REQUIRE(columns[1].kind == TypedColumn::Kind::kNumber);
  CHECK(columns[1].numbers == std::vector<double>{0.25, 0.5});
  REQUIRE(columns[2].kind == TypedColumn::Kind::kCategory);
  CHECK(columns[2].categories == std::vector<std::string>{"frozen_line", "1"});
  CHECK(columns[2].codes == std::vector<std::int32_t>{0, 1});

  // A column that started as numbers turns into categories when a value is no number.
  SummaryColumns mixed;
  mixed.append(one, 0, std::span(names).first(1), std::vector<std::string>{"2"});
  mixed.append(one, 1, std::span(names).first(1), std::vector<std::string>{"high"});
  REQUIRE(mixed.columns()[1].kind == TypedColumn::Kind::kCategory);
  CHECK(mixed.columns()[1].categories == std::vector<std::string>{"2", "high"});
}

}  // namespace parley
