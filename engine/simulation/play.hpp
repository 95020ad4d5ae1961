// Playing one actor's seat against the agents, decision by decision (the
// classroom page, web/): replicate `replicate` of `seed` is run with the
// person's decisions so far (strategy/seat.hpp) until the session asks for the
// next one or ends. The same seed and decisions give the same session, so the
// caller keeps only the list of decisions and replays. A session is a few
// milliseconds: replaying from the start at every step costs nothing a person
// would notice.
#pragma once

#include <cstdint>
#include <optional>

#include "record/replicate_trace.hpp"
#include "scenario/scenario.hpp"
#include "strategy/seat.hpp"

namespace parley {

struct PlayState {
  bool done = false;                         // the session ended: trace.record is its result
  std::optional<AwaitingDecision> awaiting;  // else what the person is asked
  int phase = -1;                            // the phase of the awaited decision
  ReplicateTrace trace;                      // the moves so far (a full trace when done)
  std::size_t decisions_used = 0;            // of the script
};

// Throws SeatScriptMismatch when a decision of the script is of the wrong kind
// for what the session asks, and UsageError when `actor` is not one of the
// scenario's actors.
PlayState play_replicate(const Scenario& scenario, std::uint64_t seed, std::uint64_t replicate,
                         int actor, const std::vector<SeatDecision>& decisions);

}  // namespace parley
