#include "simulation/run.hpp"

#include "simulation/sweep.hpp"

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

}  // namespace parley
