// The resource check before a run or sweep: the estimate grows with replicates
// and points, its row bound holds for real rows, and a shortfall is an
// OutputError that names the numbers and a way out.
#include <catch2/catch.hpp>

#include <sstream>

#include "core/errors.hpp"
#include "output/csv_writer.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/resources.hpp"
#include "simulation/session.hpp"

namespace parley {
namespace {

Scenario flagship() {
  return load_scenario(std::string(PARLEY_SOURCE_DIR) + "/scenarios/ukraine_2025.toml");
}

SweepSpec single_point() {
  SweepSpec spec;
  spec.kind = DesignKind::kSinglePoint;
  return spec;
}

std::string message_of(const std::function<void()>& check) {
  try {
    check();
  } catch (const OutputError& bad) {
    return bad.what();
  }
  FAIL("expected an OutputError");
  return {};
}

TEST_CASE("the outcome row bound holds for every row of a real run", "[resources]") {
  const Scenario scenario = flagship();
  const SweepPoints points(single_point(), 7);
  const ResourceEstimate need = estimate_resources(scenario, points, 1, 1, 500, 2);
  Session session(scenario);
  for (std::uint64_t r = 0; r < 500; ++r) {
    const SessionRecord record = session.run(7, 0, r);
    std::ostringstream row;
    write_outcome_rows(row, scenario, std::span(&record, 1), 0, static_cast<std::int64_t>(r));
    REQUIRE(static_cast<double>(row.str().size()) <= need.outcome_row_bytes);
  }
  // A bound, not a wild guess: within a few times a typical row.
  CHECK(need.outcome_row_bytes < 600.0);
  CHECK(need.record_bytes > static_cast<double>(sizeof(SessionRecord)));
}

TEST_CASE("memory and disk estimates grow with replicates and points", "[resources]") {
  const Scenario scenario = flagship();
  const SweepPoints points(single_point(), 7);
  const ResourceEstimate small = estimate_resources(scenario, points, 1, 1, 1000, 2);
  const ResourceEstimate large = estimate_resources(scenario, points, 1, 1, 1'000'000, 2);
  CHECK(large.memory_bytes > 900.0 * small.memory_bytes);
  CHECK(large.disk_bytes > 500.0 * small.disk_bytes);
  // One point at a time for a run, whatever the thread count.
  CHECK(small.points_in_flight == 1);
  // About 400 bytes of record and 2 × 200 of rows per replicate for the flagship.
  CHECK(small.memory_bytes / 1000.0 > 400.0);
  CHECK(small.memory_bytes / 1000.0 < 2000.0);
}

TEST_CASE("a run that needs more memory than is available fails with the numbers", "[resources]") {
  const Scenario scenario = flagship();
  const SweepPoints points(single_point(), 7);
  const ResourceEstimate need = estimate_resources(scenario, points, 1, 1, 10'000'000'000, 2);
  const std::string message = message_of([&] { check_memory(need, 8e9, "run"); });
  CHECK_THAT(message, Catch::StartsWith("parley run would need about "));
  CHECK_THAT(message, Catch::Contains("TB of memory — 10000000000 replicates × about"));
  CHECK_THAT(message, Catch::Contains("but 8.0 GB is available; run fewer replicates "
                                      "(--replicates "));
  CHECK_THAT(message, Catch::Contains("would fit)"));
  CHECK_NOTHROW(check_memory(need, 0.0, "run"));  // unknown: not checked
  const ResourceEstimate fits = estimate_resources(scenario, points, 1, 1, 1000, 2);
  CHECK_NOTHROW(check_memory(fits, 8e9, "run"));
  const std::string sweep = message_of([&] { check_memory(need, 8e9, "sweep"); });
  CHECK_THAT(sweep, Catch::Contains("fewer points at once (--threads 1)"));
}

TEST_CASE("outputs that need more disk than is free fail with the numbers", "[resources]") {
  const Scenario scenario = flagship();
  const SweepPoints points(single_point(), 7);
  const ResourceEstimate need = estimate_resources(scenario, points, 1, 1, 100'000'000, 2);
  const std::string message = message_of([&] { check_disk(need, 1e9, "results"); });
  CHECK_THAT(message, Catch::StartsWith("the outputs would need up to "));
  CHECK_THAT(message, Catch::Contains("GB of disk in results — 1 point(s) × 100000000 replicates"));
  CHECK_THAT(message, Catch::Contains("but 1.0 GB is free there"));
  CHECK_THAT(message, Catch::Contains("--out"));
  CHECK_NOTHROW(check_disk(need, 0.0, "results"));
}

TEST_CASE("available memory is read from the system", "[resources]") {
  CHECK(available_memory_bytes() > 0.0);
}

}  // namespace
}  // namespace parley
