// The work of a sweep, cut into units, and a threaded executor for them.
//
// A unit is one block of at most kUnitReplicates consecutive replicates of one
// point. Units are numbered point by point in the design's run order (see
// sweep_design.hpp), skipping points that are already done (resume) or belong
// to another shard, so unit k is the same work whichever process runs it.
// Each replicate draws only from its own streams (seed, point, replicate,
// purpose), so a unit's records do not depend on who ran it or when: that is
// what makes threads, MPI ranks, shards and resumed runs give the same bytes.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "record/session_record.hpp"
#include "scenario/scenario.hpp"
#include "simulation/sweep_design.hpp"

namespace parley {

inline constexpr std::int64_t kUnitReplicates = 64;

struct WorkUnit {
  std::int64_t point = 0;
  std::int64_t first_replicate = 0;
  std::int64_t replicates = 0;
};

class SweepPlan {
 public:
  // `pending` lists the points to run, in run order.
  SweepPlan(const Scenario& base, const SweepPoints& points, std::int64_t replicates,
            std::uint64_t seed, bool analysis, std::vector<std::int64_t> pending);

  std::int64_t unit_count() const {
    return static_cast<std::int64_t>(pending_.size()) * units_per_point_;
  }
  // Computed, not stored: the plan's memory does not grow with the replicates.
  WorkUnit unit(std::int64_t index) const;
  std::int64_t units_of_point() const { return units_per_point_; }
  const std::vector<std::int64_t>& pending() const { return pending_; }

  // The scenario of one point: a copy of the base with the point's assignments
  // applied together (apply_point: structural ones — strategy kinds, protocols,
  // decision rules, participants — first, one validation after all). A point the
  // scenario refuses is a UsageError "sweep point P: …".
  Scenario point_scenario(std::int64_t point) const;

  const Scenario& base() const { return base_; }
  const SweepPoints& points() const { return points_; }
  std::int64_t replicates() const { return replicates_; }
  std::uint64_t seed() const { return seed_; }
  bool analysis() const { return analysis_; }

 private:
  const Scenario& base_;
  const SweepPoints& points_;
  std::int64_t replicates_;
  std::uint64_t seed_;
  bool analysis_;
  std::vector<std::int64_t> pending_;
  std::int64_t units_per_point_;
};

// Receives the records of finished unit `index`. Calls are serialised (one at
// a time) but come from worker threads in any order.
using UnitSink = std::function<void(std::int64_t index, std::vector<SessionRecord>&& records)>;

// Runs units [begin, end) of the plan on `threads` threads (0: one per
// hardware thread). Stops early, without error, when `cancel` is set: it is
// checked between units and at the start of every bargaining round, and the
// units in progress are dropped unfinished. Any exception from a unit is
// rethrown after the workers stop (the others stop at their next round). A
// worker thread that cannot be started throws std::system_error ("cannot
// start worker thread k of n") after the started ones are stopped and joined.
void execute_units(const SweepPlan& plan, std::int64_t begin, std::int64_t end, int threads,
                   const std::atomic<bool>* cancel, const UnitSink& sink);

// Records to bytes and back (for MPI messages): every member row of the record
// schema (record/record_schema.hpp), in table order. The encoding is the host's
// binary layout: it is meant for processes of one build, not for files.
std::string encode_records(std::span<const SessionRecord> records);
std::vector<SessionRecord> decode_records(std::string_view bytes);

}  // namespace parley
