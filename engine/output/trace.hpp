// Trace: one replicate of a scenario told move by move (`parley trace`).
//
// A replicate runs with a move log (record/move.hpp); the trace is then
// written either as prose for a reader who has not seen the code — header
// (actors with their drawn reservation utilities, issues with their status
// quo), each phase, each round's proposal and answers with their reasons,
// threats, side payments, shocks, ratification votes, the end of each phase
// and the final outcome — or as JSON lines, one event per line, for scripts.
// The JSON schema is documented event by event in docs/trace_format.md.
//
// The replicate is run by simulation/trace_replicate.hpp; this file only writes
// what it recorded. The log never changes a draw: `trace_replicate(s, seed, k)`
// has the same record as replicate k of `parley run` with that seed (sweep point 0).
//
// The log is bounded (Session::set_log): a phase of a hundred million rounds
// would otherwise fill the memory. Once `max_moves` moves are recorded, the
// rounds that follow in a phase are summed up in one event — which rounds, how
// many moves — except their threats and one-time shocks and the phase's last
// round (the offer that passed, the votes, or the deadline), which are told in
// full; so are every phase's start and end and the outcome. The text says so
// in a line of its own, the JSON lines in a `rounds_not_recorded` event.
#pragma once

#include <atomic>
#include <cstdint>
#include <ostream>
#include <vector>

#include "record/replicate_trace.hpp"
#include "scenario/scenario.hpp"

namespace parley {

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
