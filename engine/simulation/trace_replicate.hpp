// Runs one replicate of a scenario with a move log, for `parley trace`
// (output/trace.hpp writes the result as text or JSON lines).
//
// The log never changes a draw: `trace_replicate(s, seed, k)` has the same record
// as replicate k of `parley run` with that seed (sweep point 0). The log is
// bounded (Session::set_log).
#pragma once

#include <atomic>
#include <cstdint>

#include "record/replicate_trace.hpp"
#include "scenario/scenario.hpp"

namespace parley {

// Runs replicate `replicate` of sweep point 0 under `seed` with a move log of
// at most about `max_moves` moves (see above). Throws RunCancelled
// (core/errors.hpp) at the start of a round once `cancel` is set.
ReplicateTrace trace_replicate(const Scenario& scenario, std::uint64_t seed,
                               std::uint64_t replicate, const std::atomic<bool>* cancel = nullptr,
                               std::int64_t max_moves = kMaxLogMoves);

}  // namespace parley
