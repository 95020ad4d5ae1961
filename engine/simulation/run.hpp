// One run of a scenario, from parsed scenario to a complete output folder.
//
// Runs the replicates (replicate_runner.hpp), reduces them (output/summary.hpp)
// and writes manifest.json, outcomes.csv and summary.csv into an OutputFolder
// that appears whole or not at all. `run_scenario` is the one engine call
// behind `parley run`.
//
// A run can also be kept in memory (`run_in_memory`, the Python module's
// parley.run): the same checks and the same records, summarised, with nothing
// written until `save_run` writes the folder — outcomes.csv and summary.csv
// with the bytes `parley run` writes for the same scenario, replicates and seed
// (tested for every shipped scenario in python/tests).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "output/manifest.hpp"
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

// A run held in memory: the records in replicate order, their summary, and
// what determined them and how it ran (for the manifest).
struct RunInMemory {
  std::vector<SessionRecord> records;
  std::vector<MetricSummary> summary;
  RunInputs inputs;
  ExecutionInfo execution;
};

// Runs as `parley run` does, after the same memory checks (OutputError when the
// records would not fit); throws RunCancelled when `request.cancel` was set.
RunInMemory run_in_memory(const Scenario& scenario, const RunRequest& request,
                          std::string command_line, const ProgressCallback& progress = {});

struct SavedRun {
  std::filesystem::path folder;
  RecordedFiles files;
};

// Writes `run` into the new folder `out` (OutputError when it exists): outcomes.csv,
// summary.csv and manifest.json, whole or not at all.
SavedRun save_run(const Scenario& scenario, const RunInMemory& run,
                  const std::filesystem::path& out);

// manifest.json of `run` as text; `files` as recorded by save_run (empty before).
std::string run_manifest_json(const Scenario& scenario, const RunInMemory& run,
                              const RecordedFiles& files);

}  // namespace parley
