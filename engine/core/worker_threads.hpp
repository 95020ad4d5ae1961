// Worker threads: how many, and starting them so that a thread that cannot start
// never leaves the others running unjoined.
//
// `run_workers` is the one place parley starts a pool of std::threads (the sweep
// units of simulation/sweep_plan.cpp, the distribution tests of
// analysis/run_comparison.cpp). A thread that cannot be started (std::system_error,
// e.g. EAGAIN under a memory or process limit) calls `stop`, so that the workers
// already running finish early; they are joined before the error is thrown (a
// joinable std::thread destroyed would terminate the process).
#pragma once

#include <functional>

namespace parley {

// `requested` when positive, else one per hardware thread (at least 1).
int resolve_thread_count(int requested);

// Runs `worker` on `workers` new threads and joins them all. Throws
// std::system_error "cannot start worker thread K of N" (after `stop` and the
// joins) when thread K cannot be started. `worker` must not throw: it keeps its
// own failure for the caller.
void run_workers(int workers, const std::function<void()>& worker,
                 const std::function<void()>& stop);

}  // namespace parley
