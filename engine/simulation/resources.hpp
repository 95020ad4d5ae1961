// Resources a run or sweep needs, and what this process has: memory (with a
// container's limit and an address-space limit, `ulimit -v`), the address
// space worker threads add, and the disk for the outputs. run_sweep
// (simulation/sweep.hpp) checks them before it starts, so that a run too big
// fails at once with the numbers and a way out (OutputError, exit code 4)
// instead of part way through.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "scenario/scenario.hpp"
#include "simulation/sweep_design.hpp"

namespace parley {

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

}  // namespace parley
