#include "simulation/run.hpp"

#include <chrono>
#include <sstream>

#include "output/csv_writer.hpp"
#include "output/output_folder.hpp"
#include "simulation/resources.hpp"
#include "simulation/sweep.hpp"
#include "simulation/sweep_design.hpp"

namespace parley {

RunReport run_scenario(const Scenario& scenario, const RunSpec& spec) {
  // A run is a sweep of one point that leaves nothing behind when interrupted.
  SweepRequest request;
  request.replicates = spec.request.replicates;
  request.seed = spec.request.seed;
  request.analysis = spec.request.analysis;
  request.resumable = false;
  request.cancel = spec.request.cancel;
  request.first_free_name = spec.first_free_name;
  request.notice = spec.notice;
  ThreadExecutor executor(spec.request.threads, spec.request.cancel);
  SweepReport sweep =
      run_sweep(scenario, request, spec.out, spec.command_line, executor, spec.progress);
  RunReport report;
  report.folder = std::move(sweep.folder);
  report.summary = std::move(sweep.first_point_summary);
  report.wall_seconds = sweep.wall_seconds;
  report.threads = sweep.threads;
  return report;
}

RunInMemory run_in_memory(const Scenario& scenario, const RunRequest& request,
                          std::string command_line, const ProgressCallback& progress) {
  const auto start = std::chrono::steady_clock::now();
  RunInMemory run;
  run.inputs.replicates = request.replicates;
  run.inputs.seed = request.seed;
  run.inputs.analysis = request.analysis;
  // The records stay in memory: the check of a sweep of one point (run_sweep's).
  const int threads = resolve_thread_count(request.threads);
  check_address_space(threads);
  const SweepPoints points(run.inputs.design, request.seed);
  check_memory(estimate_resources(scenario, points, 1, 1, request.replicates, threads),
               available_memory_bytes(threads), "run");
  run.records = run_replicates(scenario, request, progress);
  run.summary = summarise(scenario, run.records);
  run.execution.command_line = std::move(command_line);
  run.execution.threads = threads;
  run.execution.replicates_run = request.replicates;
  run.execution.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

SavedRun save_run(const Scenario& scenario, const RunInMemory& run,
                  const std::filesystem::path& out) {
  OutputFolder folder(out);
  RecordedFiles files;
  files.push_back({"outcomes.csv", folder.write_file("outcomes.csv", [&](std::ostream& o) {
                     write_outcomes_header(o, scenario);
                     write_outcome_rows(o, scenario, run.records, 0, 0);
                   })});
  files.push_back({"summary.csv", folder.write_file("summary.csv", [&](std::ostream& o) {
                     write_summary_header(o);
                     write_summary_rows(o, run.summary, 0);
                   })});
  folder.write_file("manifest.json", [&](std::ostream& o) {
    write_manifest(o, scenario, run.inputs, run.execution, files);
  });
  folder.commit();
  return {folder.final_path(), std::move(files)};
}

std::string run_manifest_json(const Scenario& scenario, const RunInMemory& run,
                              const RecordedFiles& files) {
  std::ostringstream text;
  write_manifest(text, scenario, run.inputs, run.execution, files);
  return text.str();
}

}  // namespace parley
