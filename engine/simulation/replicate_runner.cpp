#include "simulation/replicate_runner.hpp"

#include "simulation/sweep_plan.hpp"

namespace parley {

std::vector<SessionRecord> run_replicates(const Scenario& scenario, const RunRequest& request,
                                          const ProgressCallback& progress) {
  // One point of a sweep: the units and the thread pool of sweep_plan.hpp.
  const SweepPoints single(SweepSpec{}, request.seed);
  const SweepPlan plan(scenario, single, request.replicates, request.seed, request.analysis, {0});
  std::vector<SessionRecord> records(static_cast<std::size_t>(request.replicates));
  std::int64_t done = 0;
  execute_units(plan, 0, plan.unit_count(), request.threads, request.cancel,
                [&](std::int64_t index, std::vector<SessionRecord>&& unit_records) {
                  const WorkUnit unit = plan.unit(index);
                  std::move(unit_records.begin(), unit_records.end(),
                            records.begin() + static_cast<std::ptrdiff_t>(unit.first_replicate));
                  done += unit.replicates;
                  if (progress) progress(done, request.replicates);
                });
  if (request.cancel != nullptr && request.cancel->load()) throw RunCancelled();
  return records;
}

}  // namespace parley
