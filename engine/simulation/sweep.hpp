// A sweep: a scenario run at every point of a design, streamed to one output folder.
//
// Work is cut into units (sweep_plan.hpp) and run by an executor — threads in
// this process, or MPI ranks (mpi_runner.hpp). As the units of a point come
// in (in any order), the point's records are assembled; when a point is
// complete it is summarised and its outcome and summary rows are written to
// `points/<point>.{outcomes,summary}.csv` inside the partial output folder,
// and its records are freed. So memory holds only the points in flight (about
// one per worker), however many points the design has. At the end the point
// files are concatenated in point order into outcomes.csv and summary.csv,
// sensitivity.csv is computed for a Sobol design, and the folder is committed.
//
// Resume: point files are written atomically, so after Ctrl-C or a killed
// process the partial folder holds only complete points; `resume` continues
// with the missing ones after checking that the inputs are the same. Shards run
// every N-th point of the run order; `merge_shards` joins their folders. All
// paths give the same bytes as one uninterrupted single-process run.
//
// Beside this header: simulation/resources.hpp (what a run needs and what is
// available, checked by run_sweep before it starts), simulation/merge.hpp
// (`parley merge`) and simulation/verify.hpp (`parley verify`).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "output/manifest.hpp"
#include "output/summary.hpp"
#include "scenario/scenario.hpp"
#include "simulation/sweep_plan.hpp"

namespace parley {

// Runs a plan's units and hands their records to the sink (on the process
// that writes the outputs). The default runs all units on local threads.
class SweepExecutor {
 public:
  virtual ~SweepExecutor() = default;
  // Whether this process assembles and writes the outputs (MPI rank 0).
  virtual bool writes_outputs() const { return true; }
  // Makes every process agree on the points left to run (MPI: rank 0's list).
  virtual std::vector<std::int64_t> agree_on_pending(std::vector<std::int64_t> pending) {
    return pending;
  }
  virtual void execute(const SweepPlan& plan, const UnitSink& sink) = 0;
  virtual int ranks() const { return 1; }
  virtual int threads() const = 0;
};

class ThreadExecutor : public SweepExecutor {
 public:
  ThreadExecutor(int threads, const std::atomic<bool>* cancel)
      : threads_(threads), cancel_(cancel) {}
  void execute(const SweepPlan& plan, const UnitSink& sink) override;
  int threads() const override;

 private:
  int threads_;
  const std::atomic<bool>* cancel_;
};

// A point as it finishes: its records (replicate order) and summary, with the
// design's columns (parameter paths) and this point's values as CSV cells.
struct FinishedPoint {
  std::int64_t point = 0;
  std::span<const std::string> design_columns;
  std::span<const std::string> design_values;
  std::span<const SessionRecord> records;
  std::span<const MetricSummary> summary;
};

struct SweepRequest {
  SweepSpec design;
  std::int64_t replicates = 1000;  // per point
  std::uint64_t seed = 1;
  bool analysis = true;
  std::optional<Shard> shard;
  bool resume = false;    // continue an interrupted run into the same folder
  bool resumable = true;  // keep finished points when interrupted (false: `parley run`)
  // Take the first free of OUT, OUT-2, OUT-3, … (reserved atomically at the
  // start: the default output folders of the CLI).
  bool first_free_name = false;
  const std::atomic<bool>* cancel = nullptr;
  // Messages for the user while the output folder is set up: stale partial
  // folders removed, names skipped, spooled points that failed their checksum.
  std::function<void(const std::string&)> notice;
  // Called with each point this process finishes, in order of completion, on
  // the thread that writes the outputs, before its records are freed (the
  // Python module keeps them as columns). Points resumed from disk are not shown.
  std::function<void(const FinishedPoint&)> on_point;
};

// Called after each finished point with (replicates done, replicates to do).
using SweepProgress = std::function<void(std::int64_t, std::int64_t)>;

struct SweepReport {
  std::filesystem::path folder;
  std::int64_t points = 0;          // in the design
  std::int64_t points_run = 0;      // by this process
  std::int64_t points_resumed = 0;  // found finished on disk
  std::int64_t replicates_run = 0;
  double wall_seconds = 0.0;
  int threads = 1;
  int ranks = 1;
  std::vector<MetricSummary> first_point_summary;  // point 0's summary (for `parley run`)
};

// Thrown when the run was cancelled; `finished` points are kept for --resume.
class SweepInterrupted : public std::runtime_error {
 public:
  SweepInterrupted(std::filesystem::path partial, std::filesystem::path final_path,
                   std::int64_t finished, std::int64_t total)
      : std::runtime_error("sweep interrupted"),
        partial_folder(std::move(partial)),
        final_folder(std::move(final_path)),
        points_finished(finished),
        points_total(total) {}
  std::filesystem::path partial_folder;
  std::filesystem::path final_folder;  // the --out a --resume must name
  std::int64_t points_finished;
  std::int64_t points_total;
};

// Points of the run order that shard `shard` runs (all points without a shard).
std::vector<std::int64_t> shard_points(const SweepPoints& points,
                                       const std::optional<Shard>& shard);

SweepReport run_sweep(const Scenario& scenario, const SweepRequest& request,
                      const std::filesystem::path& out, const std::string& command_line,
                      SweepExecutor& executor, const SweepProgress& progress = {});

}  // namespace parley
