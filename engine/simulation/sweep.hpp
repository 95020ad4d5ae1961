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
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "output/manifest.hpp"
#include "output/summary.hpp"
#include "parsing/scenario_parser.hpp"
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

// What a run or sweep will need, estimated before it starts (run_sweep checks
// it against what is available and throws OutputError — exit code 4 — naming
// the numbers and a way out, before any output folder is created for a
// memory shortfall and before any point runs for a disk shortfall).
//  - memory: the points in flight (at most one per worker thread) each hold
//    their replicates' records and their outcomes.csv rows (built in memory,
//    then copied once into the spool) until the point is summarised;
//  - disk: the spool of the points to run, plus outcomes.csv and summary.csv
//    of every point of the output, written while the spool still exists.
struct ResourceEstimate {
  std::int64_t points_to_run = 0;
  std::int64_t points_in_output = 0;
  std::int64_t replicates = 0;  // per point
  int points_in_flight = 1;
  double record_bytes = 0.0;       // one replicate's SessionRecord with its arrays
  double outcome_row_bytes = 0.0;  // an upper bound on one outcomes.csv row
  double summary_bytes = 0.0;      // an upper bound on one point's summary.csv rows
  double memory_bytes = 0.0;
  double disk_bytes = 0.0;
};
ResourceEstimate estimate_resources(const Scenario& scenario, const SweepPoints& points,
                                    std::int64_t points_to_run, std::int64_t points_in_output,
                                    std::int64_t replicates, int threads);

// Memory this process may still use: MemAvailable (/proc/meminfo), lowered to
// the cgroup's memory.max less memory.current when that is smaller, and to what
// an address-space limit (RLIMIT_AS, `ulimit -v`) leaves beside the process's
// mappings (VmSize) and those `threads` worker threads will add
// (worker_threads_address_space); 0 when unknown.
double available_memory_bytes(int threads = 1);

// Address space `threads` worker threads add (execute_units runs a single
// worker in the calling thread: 1 adds nothing): a stack of `stack_bytes` each
// and, with glibc's malloc, a 64 MiB arena for each of the first
// `max_new_arenas`, plus 64 MiB while one is set up (glibc maps twice the size
// to align it). Under a limit that leaves no room for its arena, a thread gets
// a whole page mapped for every allocation, and even a small run fails.
double worker_threads_address_space(int threads, double stack_bytes, int max_new_arenas);

// What an address-space limit of `limit_bytes` leaves for a run's data when the
// process maps `mapped_bytes` and its worker threads will add `threads_bytes`
// (negative: not even the threads fit).
double address_space_headroom(double limit_bytes, double mapped_bytes, double threads_bytes);

// Throws OutputError (exit code 4) when an address-space limit cannot hold the
// worker threads (worker_threads_address_space) beside what the process maps,
// naming the numbers and a thread count that fits.
void check_address_space(int threads);

// Throws OutputError when the estimate exceeds what is available (an available
// amount of 0 means unknown and is not checked). `command` is "run" or "sweep",
// `where` the output folder (for the message).
void check_memory(const ResourceEstimate& need, double available, std::string_view command);
void check_disk(const ResourceEstimate& need, double available, const std::filesystem::path& where);

// Points of the run order that shard `shard` runs (all points without a shard).
std::vector<std::int64_t> shard_points(const SweepPoints& points,
                                       const std::optional<Shard>& shard);

SweepReport run_sweep(const Scenario& scenario, const SweepRequest& request,
                      const std::filesystem::path& out, const std::string& command_line,
                      SweepExecutor& executor, const SweepProgress& progress = {});

// Joins the output folders of shards 1…N of one sweep into `out`. Refuses
// shards whose manifests differ (other than in the shard) or an incomplete set.
void merge_shards(const std::vector<std::filesystem::path>& shards,
                  const std::filesystem::path& out, const std::string& command_line);

// `parley verify`: re-runs a finished run folder from its manifest (scenario
// file, whose SHA-256 must match; overrides; seed; replicates; design; shard)
// into a private temporary folder (output/temporary_folder.hpp) and compares
// outcomes.csv, summary.csv and sensitivity.csv byte for byte, and the
// manifests without `execution` and `files`.
struct VerifiedFile {
  std::string name;
  bool identical = false;
  std::string detail;  // where it differs, or why it could not be compared
};
struct VerifyReport {
  std::vector<VerifiedFile> files;
  double wall_seconds = 0.0;
  bool all_identical() const;
};
VerifyReport verify_run(const std::filesystem::path& run_folder,
                        const std::optional<std::string>& scenario_path, int threads,
                        const std::atomic<bool>* cancel, const ScenarioOptions& options = {},
                        const std::function<void(const std::string&)>& notice = {});

}  // namespace parley
