// Runs the replicates of a scenario on several threads, reproducibly.
//
// A run is a sweep of one point (point 0): replicates are handed out in units
// to worker threads by execute_units (sweep_plan.hpp); each replicate draws
// from its own streams (seed, point, replicate, purpose), and its record is
// stored at its index. So the records — and everything reduced from them in
// index order — are identical for any thread count. `parley run` goes through
// run_sweep, which streams to disk; this in-memory form serves benchmarks.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/errors.hpp"
#include "core/worker_threads.hpp"  // resolve_thread_count: RunRequest::threads
#include "record/session_record.hpp"
#include "scenario/scenario.hpp"

namespace parley {

struct RunRequest {
  std::int64_t replicates = 1000;
  std::uint64_t seed = 1;
  int threads = 0;                            // 0: one per hardware thread
  bool analysis = true;                       // Pareto / Nash analysis of each agreement
  const std::atomic<bool>* cancel = nullptr;  // set from a signal handler to stop early
};

// Called from one thread at a time with (replicates done, total).
using ProgressCallback = std::function<void(std::int64_t, std::int64_t)>;

// When `cancel` was set, run_replicates throws RunCancelled (core/errors.hpp);
// no records are returned.

std::vector<SessionRecord> run_replicates(const Scenario& scenario, const RunRequest& request,
                                          const ProgressCallback& progress = {});

}  // namespace parley
