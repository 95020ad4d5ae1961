#include <catch2/catch.hpp>

#include <sstream>

#include "output/csv_writer.hpp"

namespace parley {

TEST_CASE("numbers are written at 6 decimals without negative zero", "[output]") {
  CHECK(fixed6(0.5) == "0.500000");
  CHECK(fixed6(-1e-9) == "0.000000");
  CHECK(fixed6(-0.25) == "-0.250000");
  CHECK(fixed6(1.0 / 3.0) == "0.333333");
}

TEST_CASE("an output line splits into its cells, empty ones kept", "[output]") {
  CHECK(split_csv_cells("0,agreement,,0.5,") ==
        std::vector<std::string_view>{"0", "agreement", "", "0.5", ""});
  CHECK(split_csv_cells("") == std::vector<std::string_view>{""});
}

TEST_CASE("summary rows hold the Wilson interval for binary metrics only", "[output]") {
  std::vector<MetricSummary> summaries;
  summaries.push_back(summarise_values("agreement", {1, 1, 0, 1}, true));
  summaries.push_back(summarise_values("outcome.x", {0.1, 0.2, 0.3, 0.4}, false));
  summaries.push_back(summarise_values("deal_outcome.x", {}, false));
  std::ostringstream out;
  write_summary_header(out);
  write_summary_rows(out, summaries, 0);
  // agreement: mean 0.75, sd √(0.75/3) = 0.5, mcse 0.25; Wilson 3/4: 0.300642–0.954413.
  // outcome.x: sd √(0.05/3) = 0.129099, mcse 0.064550; q05 = 0.1 + 0.15·0.1 = 0.115.
  CHECK(out.str() ==
        "point,metric,n,mean,sd,mcse,q05,q25,q50,q75,q95,wilson_low,wilson_high\n"
        "0,agreement,4,0.750000,0.500000,0.250000,0.150000,0.750000,1.000000,1.000000,1.000000,0."
        "300642,0.954413\n"
        "0,outcome.x,4,0.250000,0.129099,0.064550,0.115000,0.175000,0.250000,0.325000,0.385000,,\n"
        "0,deal_outcome.x,0,,,,,,,,,,\n");
}

TEST_CASE("sweep outputs carry one column per swept parameter after the point", "[output]") {
  std::ostringstream out;
  const std::vector<std::string> columns = {"actors.us.reservation_utility", "issues.x.status_quo"};
  write_summary_header(out, columns);
  const std::vector<MetricSummary> summaries = {summarise_values("agreement", {1, 0}, true)};
  write_summary_rows(out, summaries, 7, ",0.25,frozen_line");
  // agreement 1/2: mean 0.5, sd √0.5 = 0.707107, mcse 0.5; Wilson 1/2: 0.094531–0.905469.
  CHECK(out.str() ==
        "point,actors.us.reservation_utility,issues.x.status_quo,metric,n,mean,sd,mcse,q05,q25,"
        "q50,q75,q95,wilson_low,wilson_high\n"
        "7,0.25,frozen_line,agreement,2,0.500000,0.707107,0.500000,0.050000,0.250000,0.500000,"
        "0.750000,0.950000,0.094531,0.905469\n");
}

}  // namespace parley
