// Running a sweep (simulation/sweep.hpp): the threaded executor, the points of
// a shard, and run_sweep — resources checked, the output folder set up or
// resumed, the units run and assembled point by point into the spool, and the
// final files written in point order and committed.
#include "simulation/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "output/csv_writer.hpp"
#include "output/file_sink.hpp"
#include "output/output_folder.hpp"
#include "output/point_spool.hpp"
#include "simulation/replicate_runner.hpp"
#include "simulation/resources.hpp"
#include "simulation/sweep_common.hpp"

namespace parley {
namespace fs = std::filesystem;
using detail::first_difference;
using detail::write_sensitivity;

void ThreadExecutor::execute(const SweepPlan& plan, const UnitSink& sink) {
  execute_units(plan, 0, plan.unit_count(), threads_, cancel_, sink);
}

int ThreadExecutor::threads() const { return resolve_thread_count(threads_); }

std::vector<std::int64_t> shard_points(const SweepPoints& points,
                                       const std::optional<Shard>& shard) {
  std::vector<std::int64_t> order = points.run_order();
  if (!shard) return order;
  std::vector<std::int64_t> mine;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (static_cast<int>(k % static_cast<std::size_t>(shard->count)) == shard->index - 1)
      mine.push_back(order[k]);
  }
  return mine;
}

namespace {

std::vector<std::string> design_columns(const SweepPoints& points) {
  std::vector<std::string> columns;
  for (const SweepAxis& axis : points.axes()) columns.push_back(axis.path);
  return columns;
}

std::string design_cells(const SweepPoints& points, std::int64_t point) {
  std::string cells;
  for (int axis = 0; axis < points.axis_count(); ++axis) {
    cells += ',';
    cells += points.csv_value(point, axis);
  }
  return cells;
}

// Collects the units of each point; summarises and spools a point when its
// last unit arrives, then frees its records.
class PointAssembler {
 public:
  PointAssembler(const Scenario& scenario, const SweepPlan& plan, PointSpool& spool,
                 std::function<void(const FinishedPoint&)> on_point)
      : scenario_(scenario),
        plan_(plan),
        spool_(spool),
        on_point_(std::move(on_point)),
        design_columns_(design_columns(plan.points())) {}

  void add(std::int64_t index, std::vector<SessionRecord>&& records) {
    const WorkUnit unit = plan_.unit(index);
    auto [entry, added] = open_.try_emplace(unit.point);
    OpenPoint& open = entry->second;
    if (added) {
      open.records.resize(static_cast<std::size_t>(plan_.replicates()));
      open.missing = plan_.units_of_point();
    }
    std::move(records.begin(), records.end(),
              open.records.begin() + static_cast<std::ptrdiff_t>(unit.first_replicate));
    if (--open.missing > 0) return;
    finish(unit.point, open.records);
    open_.erase(entry);
  }

  std::int64_t finished() const { return finished_; }
  std::vector<MetricSummary> first_point_summary;

 private:
  struct OpenPoint {
    std::vector<SessionRecord> records;
    std::int64_t missing = 0;
  };

  void finish(std::int64_t point, const std::vector<SessionRecord>& records) {
    const std::vector<MetricSummary> summary = summarise(scenario_, records);
    const std::string cells = design_cells(plan_.points(), point);
    outcome_rows_.str({});
    write_outcome_rows(outcome_rows_, scenario_, records, static_cast<std::uint64_t>(point), 0,
                       cells);
    summary_rows_.str({});
    write_summary_rows(summary_rows_, summary, static_cast<std::uint64_t>(point), cells);
    spool_.add(point, outcome_rows_.str(), summary_rows_.str());
    if (on_point_) {
      std::vector<std::string> values;
      for (int axis = 0; axis < plan_.points().axis_count(); ++axis)
        values.push_back(plan_.points().csv_value(point, axis));
      on_point_({point, design_columns_, values, records, summary});
    }
    if (point == 0) first_point_summary = summary;
    ++finished_;
  }

  const Scenario& scenario_;
  const SweepPlan& plan_;
  PointSpool& spool_;
  std::function<void(const FinishedPoint&)> on_point_;
  std::vector<std::string> design_columns_;
  std::ostringstream outcome_rows_, summary_rows_;
  std::map<std::int64_t, OpenPoint> open_;
  std::int64_t finished_ = 0;
};

}  // namespace

SweepReport run_sweep(const Scenario& scenario, const SweepRequest& request, const fs::path& out,
                      const std::string& command_line, SweepExecutor& executor,
                      const SweepProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  const SweepPoints points(request.design, request.seed);
  RunInputs inputs;
  inputs.design = request.design;
  inputs.points = points.point_count();
  inputs.replicates = request.replicates;
  inputs.seed = request.seed;
  inputs.analysis = request.analysis;
  inputs.shard = request.shard;

  SweepReport report;
  report.points = points.point_count();
  report.threads = executor.threads();
  report.ranks = executor.ranks();

  if (!executor.writes_outputs()) {  // an MPI worker: compute what rank 0 hands out
    const std::vector<std::int64_t> pending = executor.agree_on_pending({});
    const SweepPlan plan(scenario, points, request.replicates, request.seed, request.analysis,
                         pending);
    executor.execute(plan, [](std::int64_t, std::vector<SessionRecord>&&) {});
    return report;
  }

  // Enough memory? Checked before anything is created on disk.
  const std::vector<std::int64_t> mine = shard_points(points, request.shard);
  const auto mine_count = static_cast<std::int64_t>(mine.size());
  check_address_space(executor.threads());
  check_memory(estimate_resources(scenario, points, mine_count, mine_count, request.replicates,
                                  executor.threads() * executor.ranks()),
               available_memory_bytes(executor.threads()), request.resumable ? "sweep" : "run");

  OutputFolder::Options folder_options;
  folder_options.mode =
      request.resumable ? OutputFolder::Mode::kResumable : OutputFolder::Mode::kFresh;
  folder_options.resume = request.resume;
  folder_options.first_free = request.first_free_name;
  folder_options.notice = request.notice;
  OutputFolder folder(out, folder_options);
  const std::string inputs_text = manifest_inputs_json(scenario, inputs);
  if (folder.resumed()) {
    std::string stored;
    try {
      stored = read_input_file(folder.path_of("inputs.json").string(), "record of a sweep's inputs",
                               kMaxInputFileBytes, nullptr, /*follow_links=*/false);
    } catch (const ScenarioError& bad) {
      throw OutputError(
          fmt::format("cannot resume {}: {}", folder.partial_path().string(), bad.message()));
    }
    if (stored != inputs_text) {
      throw OutputError(fmt::format(
          "cannot resume {}: it was started with other inputs ({}); run with the same scenario "
          "and options to continue it, or choose another --out",
          folder.partial_path().string(), first_difference(stored, inputs_text)));
    }
  } else if (request.resumable) {
    folder.write_file("inputs.json", [&](std::ostream& o) { o << inputs_text; });
  }

  PointSpool spool(folder.partial_path(), request.notice);
  std::vector<char> finished(static_cast<std::size_t>(points.point_count()), 0);
  for (const auto& entry : spool.entries()) {
    if (entry.point < 0 || entry.point >= points.point_count()) {
      throw OutputError(
          fmt::format("{}: the spool names point {} of a {}-point design; it does not belong to "
                      "this sweep — choose another --out",
                      folder.partial_path().string(), entry.point, points.point_count()));
    }
    finished[static_cast<std::size_t>(entry.point)] = 1;
  }
  std::vector<std::int64_t> pending;
  for (std::int64_t point : mine)
    if (!finished[static_cast<std::size_t>(point)]) pending.push_back(point);
  report.points_resumed = static_cast<std::int64_t>(mine.size() - pending.size());
  pending = executor.agree_on_pending(std::move(pending));
  // Enough disk for the points left to run and the final files? (A failure
  // here removes the new partial folder; a resumed one keeps its work.)
  {
    std::error_code error;
    const fs::space_info space = fs::space(folder.partial_path(), error);
    check_disk(
        estimate_resources(scenario, points, static_cast<std::int64_t>(pending.size()), mine_count,
                           request.replicates, executor.threads() * executor.ranks()),
        error ? 0.0 : static_cast<double>(space.available),
        out.has_parent_path() ? out.parent_path() : fs::path("."));
  }

  const SweepPlan plan(scenario, points, request.replicates, request.seed, request.analysis,
                       pending);
  PointAssembler assembler(scenario, plan, spool, request.on_point);
  const std::int64_t to_do = static_cast<std::int64_t>(pending.size()) * request.replicates;
  std::int64_t replicates_done = 0;
  executor.execute(plan, [&](std::int64_t index, std::vector<SessionRecord>&& records) {
    replicates_done += static_cast<std::int64_t>(records.size());
    const std::int64_t before = assembler.finished();
    assembler.add(index, std::move(records));
    if (assembler.finished() != before) folder.keep_on_exit(true);
    if (progress) progress(replicates_done, to_do);
  });
  report.points_run = assembler.finished();
  report.replicates_run = report.points_run * request.replicates;
  if (request.cancel != nullptr && request.cancel->load()) {
    if (!request.resumable) throw RunCancelled();
    throw SweepInterrupted(folder.partial_path(), folder.final_path(),
                           report.points_resumed + report.points_run,
                           static_cast<std::int64_t>(mine.size()));
  }

  // Assemble the outputs in point order.
  const std::vector<std::string> columns = design_columns(points);
  RecordedFiles files;
  files.push_back({"outcomes.csv", folder.write_file("outcomes.csv", [&](std::ostream& o) {
                     write_outcomes_header(o, scenario, columns);
                     spool.copy_in_point_order(o, false);
                   })});
  files.push_back({"summary.csv", folder.write_file("summary.csv", [&](std::ostream& o) {
                     write_summary_header(o, columns);
                     spool.copy_in_point_order(o, true);
                   })});
  if (request.design.kind == DesignKind::kSobol && !request.shard) {
    files.push_back({"sensitivity.csv", folder.write_file("sensitivity.csv", [&](std::ostream& o) {
                       write_sensitivity(o, folder.path_of("summary.csv"), columns,
                                         points.point_count(), request.seed);
                     })});
  }
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ExecutionInfo execution;
  execution.command_line = command_line;
  execution.threads = report.threads;
  execution.mpi_ranks = report.ranks;
  execution.wall_seconds = report.wall_seconds;
  execution.replicates_run = report.replicates_run;
  execution.resumed = folder.resumed();
  folder.write_file("manifest.json", [&](std::ostream& o) {
    write_manifest(o, scenario, inputs, execution, files);
  });
  // The spool and the record of the inputs go only once the results are under
  // their final name: if the commit fails, the partial folder can still be resumed.
  spool.close();
  folder.commit();
  PointSpool::remove(folder.final_path());
  std::error_code ignored;
  fs::remove(folder.final_path() / "inputs.json", ignored);
  report.folder = folder.final_path();
  report.first_point_summary = std::move(assembler.first_point_summary);
  return report;
}

}  // namespace parley
