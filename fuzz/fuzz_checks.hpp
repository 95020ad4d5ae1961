// What both fuzz targets check after an input was accepted: one short replicate
// of the scenario runs without a sanitizer report and without a NaN or an
// infinity in what it records. Scenarios too big for a fuzzing step (many
// rounds, actors or issues) are not run; their parsing was still fuzzed.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "scenario/scenario.hpp"
#include "simulation/session.hpp"

namespace parley::fuzz {

// Stops the fuzzer with a message: a finding, never bad input.
[[noreturn]] inline void finding(const char* what) {
  std::fprintf(stderr, "parley fuzz finding: %s\n", what);
  std::abort();
}

inline bool small_enough(const Scenario& scenario) {
  long long rounds = 0;
  for (const Phase& phase : scenario.phases) rounds += phase.max_rounds;
  return rounds <= 400 && scenario.actor_count() <= 24 && scenario.issue_count() <= 24 &&
         scenario.phases.size() <= 8;
}

// Runs replicate 0 of point 0 with seed 1 and checks the record.
inline void run_one_replicate(const Scenario& scenario) {
  if (!small_enough(scenario)) return;
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  if (!record.outcome.allFinite()) finding("the outcome holds a NaN or an infinity");
  if (!record.utility.allFinite()) finding("a utility is NaN or infinite");
  if (!record.reservation.allFinite()) finding("a reservation utility is NaN or infinite");
  for (int d = 0; d < scenario.issue_count(); ++d) {
    const Issue& issue = scenario.issues[static_cast<std::size_t>(d)];
    const double x = record.outcome(d);
    const double slack = 1e-9 * (issue.max - issue.min);
    if (x < issue.min - slack || x > issue.max + slack)
      finding("the outcome leaves an issue's range");
  }
}

}  // namespace parley::fuzz
