// ReplicateTrace: everything a trace of one replicate is written from — the
// parameters as drawn, the session's move log (record/move.hpp) and its record.
// Pure data: simulation/trace_replicate.hpp fills it, output/trace.hpp writes it.
#pragma once

#include <cstdint>
#include <vector>

#include "core/model_parameters.hpp"
#include "record/move.hpp"
#include "record/session_record.hpp"

namespace parley {

// Everything a trace is written from.
struct ReplicateTrace {
  std::uint64_t seed = 0;
  std::uint64_t replicate = 0;
  ModelParameters drawn;    // as drawn at the start of the replicate, before any shock
  std::vector<Move> moves;  // the session's move log
  SessionRecord record;
  std::int64_t max_moves = 0;  // the log's limit (Session::set_log)
};

}  // namespace parley
