// execute_units_mpi gives every unit of a sweep to the sink exactly once, with
// the same records as a single-process execute_units run, whatever the number
// of ranks; a cancelled run and a failing sink end on every rank without a
// hang. Run under mpirun (tests/CMakeLists.txt: mpi.runner.np2, .np3); run
// alone it checks the one-process path.
//
// A plain main, not Catch2: every rank runs the same collective sequence of
// sweeps, and a failure on any rank must make the mpirun exit code non-zero.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "parsing/scenario_parser.hpp"
#include "record/record_schema.hpp"
#include "simulation/mpi_runner.hpp"
#include "simulation/sweep_design.hpp"
#include "simulation/sweep_plan.hpp"

namespace parley {
namespace {

// 130 replicates per point: units of 64, 64 and 2 replicates, so partial
// blocks travel too.
constexpr std::int64_t kReplicates = 130;
constexpr std::uint64_t kSeed = 20250301;
constexpr int kThreadsPerRank = 1;

int failures = 0;

void expect(bool ok, const std::string& what, int rank) {
  if (ok) return;
  ++failures;
  std::fprintf(stderr, "mpi_runner_test (rank %d): FAILED: %s\n", rank, what.c_str());
}

using UnitRecords = std::vector<std::optional<std::vector<SessionRecord>>>;

// Collects the records by unit index and counts deliveries per unit.
struct Collector {
  explicit Collector(std::int64_t units)
      : records(static_cast<std::size_t>(units)), calls(static_cast<std::size_t>(units), 0) {}
  void operator()(std::int64_t index, std::vector<SessionRecord>&& unit_records) {
    const std::lock_guard<std::mutex> lock(mutex);
    ++calls.at(static_cast<std::size_t>(index));
    records.at(static_cast<std::size_t>(index)) = std::move(unit_records);
  }
  std::int64_t delivered() const {
    return static_cast<std::int64_t>(
        std::count_if(calls.begin(), calls.end(), [](int count) { return count > 0; }));
  }
  UnitRecords records;
  std::vector<int> calls;
  std::mutex mutex;
};

// Units that reached `got` carry exactly the reference records, field by field
// and byte for byte; every unit arrived at most once.
void compare_units(const Collector& got, const UnitRecords& reference, const std::string& run,
                   int rank) {
  for (std::size_t unit = 0; unit < reference.size(); ++unit) {
    expect(got.calls[unit] <= 1,
           fmt::format("{}: unit {} delivered {} times", run, unit, got.calls[unit]), rank);
    if (!got.records[unit]) continue;
    const auto& mine = *got.records[unit];
    const auto& theirs = *reference[unit];
    expect(mine.size() == theirs.size(),
           fmt::format("{}: unit {} has {} records, expected {}", run, unit, mine.size(),
                       theirs.size()),
           rank);
    if (mine.size() != theirs.size()) continue;
    for (std::size_t r = 0; r < mine.size(); ++r) {
      expect(records_equal(mine[r], theirs[r]),
             fmt::format("{}: unit {} record {} differs from the single-process run", run, unit, r),
             rank);
    }
    expect(encode_records(mine) == encode_records(theirs),
           fmt::format("{}: unit {} encodes to different bytes", run, unit), rank);
  }
}

int run(int* argc, char*** argv) {
  MpiContext mpi(argc, argv);
  const int rank = mpi.rank();

  const Scenario scenario = load_scenario(PARLEY_SOURCE_DIR "/scenarios/ukraine_2025.toml");
  SweepSpec spec;
  spec.kind = DesignKind::kGrid;
  SweepAxis axis;
  axis.path = "actors.us.reservation_utility";
  axis.kind = SweepAxis::Kind::kGrid;
  axis.start = 0.25;
  axis.stop = 0.45;
  axis.count = 3;
  spec.axes.push_back(axis);
  const SweepPoints points(spec, kSeed);
  const SweepPlan plan(scenario, points, kReplicates, kSeed, /*analysis=*/false,
                       points.run_order());
  const std::int64_t units = plan.unit_count();
  expect(units == 9, fmt::format("expected 9 units (3 points x 3 blocks), found {}", units), rank);

  // 1. A full run: on rank 0 every unit exactly once, equal to a plain run.
  Collector full(units);
  execute_units_mpi(
      plan, kThreadsPerRank, nullptr,
      [&full](std::int64_t index, std::vector<SessionRecord>&& records) {
        full(index, std::move(records));
      },
      mpi);
  UnitRecords reference;
  if (rank == 0) {
    Collector plain(units);
    execute_units(plan, 0, units, 2, nullptr,
                  [&plain](std::int64_t index, std::vector<SessionRecord>&& records) {
                    plain(index, std::move(records));
                  });
    reference = plain.records;
    expect(plain.delivered() == units, "the plain run missed units", rank);
    expect(full.delivered() == units,
           fmt::format("full run: {} of {} units reached the sink", full.delivered(), units), rank);
    compare_units(full, reference, "full run", rank);
  } else {
    expect(full.delivered() == 0, "a worker rank called the sink", rank);
  }

  // 2. Cancelled on rank 0 after the first unit: every rank returns, the units
  //    that arrived are right and arrived once.
  std::atomic<bool> cancel{false};
  Collector cancelled(units);
  execute_units_mpi(
      plan, kThreadsPerRank, &cancel,
      [&cancelled, &cancel](std::int64_t index, std::vector<SessionRecord>&& records) {
        cancelled(index, std::move(records));
        cancel.store(true);
      },
      mpi);
  if (rank == 0) {
    expect(cancelled.delivered() >= 1, "cancelled run: no unit reached the sink", rank);
    compare_units(cancelled, reference, "cancelled run", rank);
    std::printf("mpi_runner_test: cancelled run delivered %lld of %lld units\n",
                static_cast<long long>(cancelled.delivered()), static_cast<long long>(units));
  }

  // 3. A sink that throws on rank 0: the exception comes back on rank 0 only,
  //    the workers return normally.
  bool threw = false;
  try {
    execute_units_mpi(
        plan, kThreadsPerRank, nullptr,
        [](std::int64_t, std::vector<SessionRecord>&&) {
          throw std::runtime_error("disk full (test)");
        },
        mpi);
  } catch (const std::runtime_error& error) {
    threw = std::string(error.what()) == "disk full (test)";
  }
  expect(threw == (rank == 0), fmt::format("failing sink: threw={} on rank {}", threw, rank), rank);

  // 4. The ranks still agree after an error: another full run.
  Collector again(units);
  execute_units_mpi(
      plan, kThreadsPerRank, nullptr,
      [&again](std::int64_t index, std::vector<SessionRecord>&& records) {
        again(index, std::move(records));
      },
      mpi);
  if (rank == 0) {
    expect(again.delivered() == units, "run after an error: units missing", rank);
    compare_units(again, reference, "run after an error", rank);
  }

  if (failures == 0 && rank == 0) {
    std::printf("mpi_runner_test: %d rank(s), %lld units: all checks passed\n", mpi.size(),
                static_cast<long long>(units));
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace parley

int main(int argc, char** argv) {
  try {
    return parley::run(&argc, &argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "mpi_runner_test: %s\n", error.what());
    return 1;
  }
}
