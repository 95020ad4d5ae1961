#include "simulation/trace_replicate.hpp"

#include "simulation/session.hpp"

namespace parley {

ReplicateTrace trace_replicate(const Scenario& scenario, std::uint64_t seed,
                               std::uint64_t replicate, const std::atomic<bool>* cancel,
                               std::int64_t max_moves) {
  ReplicateTrace trace;
  trace.seed = seed;
  trace.replicate = replicate;
  trace.max_moves = max_moves;
  Session session(scenario);
  session.set_log(&trace.moves, max_moves);
  session.set_cancel(cancel);
  trace.record = session.run(seed, 0, replicate);
  trace.drawn = session.drawn_parameters();
  return trace;
}

}  // namespace parley
