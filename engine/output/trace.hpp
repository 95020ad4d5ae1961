// Trace: one replicate of a scenario told move by move (`parley trace`).
//
// A replicate runs with a move log (simulation/move.hpp); the trace is then
// written either as prose for a reader who has not seen the code — header
// (actors with their drawn reservation utilities, issues with their status
// quo), each phase, each round's proposal and answers with their reasons,
// threats, side payments, shocks, ratification votes, the end of each phase
// and the final outcome — or as JSON lines, one event per line, for scripts.
// The JSON schema is documented event by event in docs/trace_format.md.
//
// The log never changes a draw: `trace_replicate(s, seed, k)` has the same
// record as replicate k of `parley run` with that seed (sweep point 0).
#pragma once

#include <cstdint>
#include <ostream>
#include <vector>

#include "scenario/model_parameters.hpp"
#include "scenario/scenario.hpp"
#include "simulation/move.hpp"
#include "simulation/session_record.hpp"

namespace parley {

// Everything a trace is written from.
struct ReplicateTrace {
  std::uint64_t seed = 0;
  std::uint64_t replicate = 0;
  ModelParameters drawn;    // as drawn at the start of the replicate, before any shock
  std::vector<Move> moves;  // the session's move log
  SessionRecord record;
};

// Runs replicate `replicate` of sweep point 0 under `seed` with a move log.
ReplicateTrace trace_replicate(const Scenario& scenario, std::uint64_t seed,
                               std::uint64_t replicate);

struct TraceStyle {
  bool color = false;  // ANSI: bold round headers, green accepts, red rejections, yellow threats
};

// The trace in words, one event a line, English, UTF-8.
void write_trace_text(std::ostream& out, const Scenario& scenario, const ReplicateTrace& trace,
                      const TraceStyle& style = {});

// The trace as JSON lines (docs/trace_format.md): a "session" event first, an
// "outcome" event last, keys in a fixed order, numbers at full precision.
void write_trace_jsonl(std::ostream& out, const Scenario& scenario, const ReplicateTrace& trace);

}  // namespace parley
