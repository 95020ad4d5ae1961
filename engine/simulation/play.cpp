#include "simulation/play.hpp"

#include <fmt/format.h>

#include "core/errors.hpp"
#include "simulation/session.hpp"

namespace parley {

PlayState play_replicate(const Scenario& scenario, std::uint64_t seed, std::uint64_t replicate,
                         int actor, const std::vector<SeatDecision>& decisions) {
  if (actor < 0 || actor >= scenario.actor_count())
    throw UsageError(fmt::format("no actor number {} in the scenario", actor));
  SeatScript script{decisions, 0};
  PlayState state;
  state.trace.seed = seed;
  state.trace.replicate = replicate;
  state.trace.max_moves = kMaxLogMoves;
  Session session(scenario);
  session.take_seat(actor, &script);
  session.set_log(&state.trace.moves, kMaxLogMoves);
  try {
    state.trace.record = session.run(seed, 0, replicate);
    state.done = true;
  } catch (const AwaitingDecision& asked) {
    state.awaiting = asked;
    for (const Move& move : state.trace.moves)
      if (move.kind == MoveKind::kPhaseStart) state.phase = move.phase;
  }
  state.trace.drawn = session.drawn_parameters();
  state.decisions_used = script.next;
  return state;
}

}  // namespace parley
