// One run of a scenario, from parsed scenario to a complete output folder.
//
// Runs the replicates (replicate_runner.hpp), reduces them (output/summary.hpp)
// and writes manifest.json, outcomes.csv and summary.csv into an OutputFolder
// that appears whole or not at all. This is the one engine call behind
// `parley run`.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "output/summary.hpp"
#include "scenario/scenario.hpp"
#include "simulation/replicate_runner.hpp"

namespace parley {

struct RunSpec {
  RunRequest request;
  std::filesystem::path out;     // final folder; must not exist
  bool first_free_name = false;  // take the first free of out, out-2, … (reserved atomically)
  std::string command_line;
  ProgressCallback progress;
  std::function<void(const std::string&)> notice;  // see SweepRequest::notice
};

struct RunReport {
  std::filesystem::path folder;
  std::vector<MetricSummary> summary;
  double wall_seconds = 0.0;
  int threads = 1;
};

RunReport run_scenario(const Scenario& scenario, const RunSpec& spec);

}  // namespace parley
