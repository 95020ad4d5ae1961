// CSV writers for outcomes.csv (one row per replicate) and summary.csv (one row
// per metric). Numbers are written at fixed precision ("{:.6f}") so that the
// files are byte-identical across runs, thread counts and platforms; columns are
// documented in the README (Outputs). The columns of outcomes.csv, their cells
// and the row bound come from the record's field table (record/record_schema.hpp).
// Writers take std::ostream& so tests can write into a string.
#pragma once

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "output/summary.hpp"
#include "record/session_record.hpp"
#include "scenario/scenario.hpp"

namespace parley {

// The cells of a line of parley's own CSV output, empty cells kept (its cells
// never hold commas or quotes; general CSV is read by parsing/case_table.hpp).
std::vector<std::string_view> split_csv_cells(std::string_view line);

// A number at 6 decimals, never "-0.000000".
std::string fixed6(double value);

// Sweeps add one column per swept parameter after `point`: `design_columns`
// names them (parameter paths) and `design_cells` holds one point's values,
// each preceded by a comma (",0.25,frozen_line"); both are empty for a run.
void write_outcomes_header(std::ostream& out, const Scenario& scenario,
                           std::span<const std::string> design_columns = {});
void write_outcome_rows(std::ostream& out, const Scenario& scenario,
                        std::span<const SessionRecord> records, std::uint64_t point,
                        std::int64_t first_replicate, std::string_view design_cells = {});

// Upper bounds on the bytes the writers produce, for the resource check before
// a run or sweep (simulation/sweep.hpp): one outcomes.csv row of a point of a
// design with `points` points and `replicates` replicates each, whose design
// cells take `design_cells_bytes`; and the summary.csv rows of one point.
std::size_t outcome_row_bytes_bound(const Scenario& scenario, std::size_t design_cells_bytes,
                                    std::int64_t points, std::int64_t replicates);
std::size_t summary_bytes_bound(const Scenario& scenario, std::size_t design_cells_bytes,
                                std::int64_t points);

void write_summary_header(std::ostream& out, std::span<const std::string> design_columns = {});
void write_summary_rows(std::ostream& out, std::span<const MetricSummary> summaries,
                        std::uint64_t point, std::string_view design_cells = {});

}  // namespace parley
