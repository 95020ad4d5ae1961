// Runs the replicates of a scenario on several threads, reproducibly.
//
// Replicates are handed out in blocks to worker threads; each replicate draws
// from its own streams (seed, point, replicate, purpose), and its record is
// stored at its index. So the records — and everything reduced from them in
// index order — are identical for any thread count.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "scenario/scenario.hpp"
#include "simulation/session_record.hpp"

namespace parley {

struct RunRequest {
  std::int64_t replicates = 1000;
  std::uint64_t seed = 1;
  std::uint64_t point = 0;
  int threads = 0;                            // 0: one per hardware thread
  bool analysis = true;                       // Pareto / Nash analysis of each agreement
  const std::atomic<bool>* cancel = nullptr;  // set from a signal handler to stop early
};

// Called from one thread at a time with (replicates done, total).
using ProgressCallback = std::function<void(std::int64_t, std::int64_t)>;

// Thrown when `cancel` was set; no records are returned.
class RunCancelled : public std::runtime_error {
 public:
  RunCancelled() : std::runtime_error("run cancelled") {}
};

int resolve_thread_count(int requested);

std::vector<SessionRecord> run_replicates(const Scenario& scenario, const RunRequest& request,
                                          const ProgressCallback& progress = {});

}  // namespace parley
