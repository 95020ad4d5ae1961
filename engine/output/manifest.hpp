// manifest.json: everything that determines a run, so it can be repeated.
//
// Engine version and git commit, the scenario's path, name and SHA-256, the
// seed and replicate count, every scenario parameter with its resolved value or
// distribution (defaults included), the design, the command line, and timings.
// `execution` (threads, timings, command line) varies between runs of the same
// inputs; everything else is a pure function of the inputs.
#pragma once

#include <ostream>
#include <string>

#include "scenario/scenario.hpp"
#include "simulation/replicate_runner.hpp"

namespace parley {

struct ExecutionInfo {
  std::string command_line;
  int threads = 1;
  double wall_seconds = 0.0;
};

void write_manifest(std::ostream& out, const Scenario& scenario, const RunRequest& request,
                    const ExecutionInfo& execution);

}  // namespace parley
