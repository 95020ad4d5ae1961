#include "simulation/sweep.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "analysis/sensitivity.hpp"
#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "output/csv_writer.hpp"
#include "output/file_sink.hpp"
#include "output/output_folder.hpp"
#include "output/point_spool.hpp"
#include "output/temporary_folder.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/replicate_runner.hpp"

namespace parley {
namespace fs = std::filesystem;

void ThreadExecutor::execute(const SweepPlan& plan, const UnitSink& sink) {
  execute_units(plan, 0, plan.unit_count(), threads_, cancel_, sink);
}

int ThreadExecutor::threads() const { return resolve_thread_count(threads_); }

namespace {

// Bytes malloc hands out for a request of `n` (glibc: 16-byte chunks, 32 at least).
double heap_bytes(std::size_t n) {
  if (n == 0) return 0.0;
  return static_cast<double>(std::max<std::size_t>(32, (n + 8 + 15) / 16 * 16));
}

std::string human_bytes(double bytes) {
  static constexpr const char* kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  std::size_t unit = 0;
  while (bytes >= 1000.0 && unit + 1 < std::size(kUnits)) {
    bytes /= 1000.0;
    ++unit;
  }
  return unit == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.1f} {}", bytes, kUnits[unit]);
}

// The first number of the line of `file` that starts with `key` (0 when absent).
double read_number_after(const fs::path& file, std::string_view key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    const std::size_t digit = line.find_first_of("0123456789", key.size());
    if (digit == std::string::npos) return 0.0;
    return std::strtod(line.c_str() + digit, nullptr);
  }
  return 0.0;
}

}  // namespace

ResourceEstimate estimate_resources(const Scenario& scenario, const SweepPoints& points,
                                    std::int64_t points_to_run, std::int64_t points_in_output,
                                    std::int64_t replicates, int threads) {
  ResourceEstimate e;
  e.points_to_run = points_to_run;
  e.points_in_output = points_in_output;
  e.replicates = replicates;
  e.points_in_flight = static_cast<int>(
      std::clamp<std::int64_t>(std::min<std::int64_t>(points_to_run, threads), 1, 1 << 20));
  const auto n = static_cast<std::size_t>(scenario.actor_count());
  const auto d = static_cast<std::size_t>(scenario.issue_count());
  const std::size_t k = scenario.instruments.size();
  e.record_bytes = static_cast<double>(sizeof(SessionRecord)) + heap_bytes(8 * d) +
                   2 * heap_bytes(8 * n) + heap_bytes(scenario.phases.size()) + heap_bytes(n) +
                   3 * heap_bytes(k) + heap_bytes(scenario.shocks.size());
  std::size_t design_cells = 0;
  for (int axis = 0; axis < points.axis_count(); ++axis) {
    std::size_t widest = 24;  // a double written shortest ("-0.12345678901234567")
    if (points.point_count() > 0) {
      widest = std::max({widest, points.csv_value(0, axis).size(),
                         points.csv_value(points.point_count() - 1, axis).size()});
    }
    design_cells += widest + 1;
  }
  e.outcome_row_bytes = static_cast<double>(
      outcome_row_bytes_bound(scenario, design_cells, points.point_count(), replicates));
  e.summary_bytes =
      static_cast<double>(summary_bytes_bound(scenario, design_cells, points.point_count()));
  const double r = static_cast<double>(replicates);
  // Records and rows of each point in flight; the rows are built in a string
  // and copied once for the spool; summarising a metric sorts one copy of it.
  e.memory_bytes =
      e.points_in_flight * r * (e.record_bytes + 2.0 * e.outcome_row_bytes) + 2.0 * 8.0 * r;
  const double point_bytes = r * e.outcome_row_bytes + e.summary_bytes;
  e.disk_bytes =
      (static_cast<double>(points_to_run) + static_cast<double>(points_in_output)) * point_bytes +
      64.0 * 1024.0;  // manifest.json and friends
  return e;
}

namespace {

// A glibc malloc arena's reservation (HEAP_MAX_SIZE).
constexpr double kArenaBytes = sizeof(long) == 8 ? 64.0 * 1024 * 1024 : 1024.0 * 1024;

// An address-space limit (RLIMIT_AS, `ulimit -v`) and what it must hold.
struct AddressSpace {
  double limit_bytes = 0.0;
  double mapped_bytes = 0.0;  // the process's mappings now (VmSize)
  double stack_bytes = 0.0;   // a new thread's stack with its guard page
  int max_new_arenas = 0;     // malloc arenas glibc may still create
};

// The limit with what counts against it; nothing when there is no limit.
std::optional<AddressSpace> address_space_limit() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return std::nullopt;
  AddressSpace space;
  space.limit_bytes = static_cast<double>(limit.rlim_cur);
  space.mapped_bytes = 1024.0 * read_number_after("/proc/self/status", "VmSize:");  // kB
  // std::thread uses the default attributes: their stack size (from `ulimit -s`).
  std::size_t stack = std::size_t{8} << 20;
  pthread_attr_t defaults;
  if (::pthread_getattr_default_np(&defaults) == 0) {
    std::size_t size = 0;
    if (::pthread_attr_getstacksize(&defaults, &size) == 0 && size > 0) stack = size;
    ::pthread_attr_destroy(&defaults);
  }
  space.stack_bytes =
      static_cast<double>(stack) + static_cast<double>(std::max(::sysconf(_SC_PAGESIZE), 1L));
  // glibc: at most MALLOC_ARENA_MAX arenas, by default 8 per processor, the
  // main arena (the calling thread's) included.
  long arenas = 8 * std::max(::sysconf(_SC_NPROCESSORS_ONLN), 1L);
  if (const char* max = std::getenv("MALLOC_ARENA_MAX"); max != nullptr && std::atol(max) > 0)
    arenas = std::atol(max);
  space.max_new_arenas = static_cast<int>(std::clamp(arenas - 1, 0L, 1L << 20));
  return space;
}

}  // namespace

double worker_threads_address_space(int threads, double stack_bytes, int max_new_arenas) {
  if (threads <= 1) return 0.0;  // execute_units runs a single worker in the calling thread
  const int arenas = std::min(threads, std::max(max_new_arenas, 0));
  return threads * stack_bytes + arenas * kArenaBytes + (arenas > 0 ? kArenaBytes : 0.0);
}

double address_space_headroom(double limit_bytes, double mapped_bytes, double threads_bytes) {
  return limit_bytes - mapped_bytes - threads_bytes;
}

void check_address_space(int threads) {
  const std::optional<AddressSpace> space = address_space_limit();
  if (!space || threads <= 1) return;
  const auto need = [&](int k) {
    return worker_threads_address_space(k, space->stack_bytes, space->max_new_arenas);
  };
  const double left = space->limit_bytes - space->mapped_bytes;
  if (need(threads) <= left) return;
  int fits = 1;
  while (fits + 1 < threads && need(fits + 1) <= left) ++fits;
  const bool arenas = space->max_new_arenas > 0;
  throw OutputError(fmt::format(
      "{} worker threads would need about {} of address space before any data — a stack of {}{} "
      "each{} — but the address-space limit (ulimit -v) of {} leaves {} beside the {} this "
      "process maps already; run with --threads {}{}, or raise the limit",
      threads, human_bytes(need(threads)), human_bytes(space->stack_bytes),
      arenas ? fmt::format(" and a malloc arena of {}", human_bytes(kArenaBytes)) : "",
      arenas ? fmt::format(", and {} more while an arena is set up", human_bytes(kArenaBytes)) : "",
      human_bytes(space->limit_bytes), human_bytes(std::max(left, 0.0)),
      human_bytes(space->mapped_bytes), fits, fits == 1 ? " (no extra thread)" : ""));
}

double available_memory_bytes(int threads) {
  double available = 1024.0 * read_number_after("/proc/meminfo", "MemAvailable:");  // kB
  if (available <= 0.0) {
    const long pages = ::sysconf(_SC_AVPHYS_PAGES);
    const long page = ::sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0) available = static_cast<double>(pages) * static_cast<double>(page);
  }
  // A container's limit (cgroup v2): "max" reads as no number, i.e. no limit.
  const double limit = read_number_after("/sys/fs/cgroup/memory.max", "");
  if (limit > 0.0) {
    const double used = read_number_after("/sys/fs/cgroup/memory.current", "");
    const double left = std::max(0.0, limit - used);
    if (available <= 0.0 || left < available) available = left;
  }
  // An address-space limit counts mappings, not the pages used.
  if (const std::optional<AddressSpace> space = address_space_limit()) {
    const double left = address_space_headroom(
        space->limit_bytes, space->mapped_bytes,
        worker_threads_address_space(threads, space->stack_bytes, space->max_new_arenas));
    // 0 would read as "unknown": nothing left is reported as one byte.
    if (available <= 0.0 || left < available) available = std::max(left, 1.0);
  }
  return std::max(0.0, available);
}

void check_memory(const ResourceEstimate& need, double available, std::string_view command) {
  if (available <= 0.0 || need.memory_bytes <= available) return;
  const double per_replicate = need.record_bytes + 2.0 * need.outcome_row_bytes;
  const double per_point_replicate = need.points_in_flight * per_replicate + 16.0;
  const auto fit = static_cast<std::int64_t>(0.8 * available / per_point_replicate);
  if (command == "run") {
    throw OutputError(fmt::format(
        "parley run would need about {} of memory — {} replicates × about {} each (a "
        "replicate's record and its outcomes.csv row are held until the run is summarised) — "
        "but {} is available; run fewer replicates ({}), or split them over several runs with "
        "different --seed",
        human_bytes(need.memory_bytes), need.replicates, human_bytes(per_replicate),
        human_bytes(available),
        fit >= 1 ? fmt::format("--replicates {} would fit", fit) : "even one does not fit"));
  }
  throw OutputError(fmt::format(
      "parley sweep would need about {} of memory — {} point(s) in flight (one per thread) × {} "
      "replicates × about {} each — but {} is available; run fewer replicates per point ({}) or "
      "fewer points at once (--threads 1)",
      human_bytes(need.memory_bytes), need.points_in_flight, need.replicates,
      human_bytes(per_replicate), human_bytes(available),
      fit >= 1 ? fmt::format("--replicates {} would fit", fit) : "even one does not fit"));
}

void check_disk(const ResourceEstimate& need, double available, const fs::path& where) {
  if (available <= 0.0 || need.disk_bytes <= available) return;
  throw OutputError(fmt::format(
      "the outputs would need up to {} of disk in {} — {} point(s) × {} replicates × up to {} "
      "per outcomes.csv row, written once to a spool and once into outcomes.csv — but {} is "
      "free there; run fewer points or replicates, or write to a disk with more space (--out)",
      human_bytes(need.disk_bytes), where.string(), need.points_in_output, need.replicates,
      human_bytes(need.outcome_row_bytes), human_bytes(available)));
}

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

// The first differing line of two texts, for error messages.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream left(a);
  std::istringstream right(b);
  std::string x;
  std::string y;
  for (int line = 1;; ++line) {
    const bool more_left = static_cast<bool>(std::getline(left, x));
    const bool more_right = static_cast<bool>(std::getline(right, y));
    if (!more_left && !more_right) return "no difference";
    if (x != y || more_left != more_right)
      return fmt::format("line {}: `{}` vs `{}`", line, more_left ? x : "(end)",
                         more_right ? y : "(end)");
  }
}

// sensitivity.csv of a Sobol design, from summary.csv's per-point means (as
// written, so a merged run gives the same bytes): indices for agreement, each
// issue's mean outcome and each actor's mean utility.
void write_sensitivity(std::ostream& out, const fs::path& summary_csv,
                       const std::vector<std::string>& parameters, std::int64_t points,
                       std::uint64_t seed) {
  std::ifstream in(summary_csv, std::ios::binary);
  if (!in) throw OutputError(fmt::format("cannot read {}", summary_csv.string()));
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_cells(line);
  const auto metric_column =
      static_cast<std::size_t>(std::find(header.begin(), header.end(), "metric") - header.begin());
  const std::size_t mean_column = metric_column + 2;
  std::vector<std::string> metrics;               // in summary order
  std::map<std::string, std::vector<double>> by;  // metric → mean per point
  while (std::getline(in, line)) {
    const auto cells = split_csv_cells(line);
    const std::string metric(cells[metric_column]);
    if (metric != "agreement" && metric.rfind("outcome.", 0) != 0 &&
        metric.rfind("utility.", 0) != 0)
      continue;
    std::int64_t point = 0;
    std::from_chars(cells[0].data(), cells[0].data() + cells[0].size(), point);
    auto [entry, added] = by.try_emplace(metric, static_cast<std::size_t>(points), 0.0);
    if (added) metrics.push_back(metric);
    double mean = 0.0;
    std::from_chars(cells[mean_column].data(),
                    cells[mean_column].data() + cells[mean_column].size(), mean);
    entry->second[static_cast<std::size_t>(point)] = mean;
  }
  out << "metric,parameter,first_order,first_order_low,first_order_high,total_order,"
         "total_order_low,total_order_high\n";
  auto cell = [](double value) { return std::isnan(value) ? std::string() : fixed6(value); };
  for (const std::string& metric : metrics) {
    const auto indices = sobol_indices(by[metric], static_cast<int>(parameters.size()), seed);
    for (std::size_t k = 0; k < parameters.size(); ++k) {
      const SobolIndices& s = indices[k];
      out << metric << ',' << parameters[k] << ',' << cell(s.first_order) << ','
          << cell(s.first_low) << ',' << cell(s.first_high) << ',' << cell(s.total_order) << ','
          << cell(s.total_low) << ',' << cell(s.total_high) << '\n';
    }
  }
}

// Collects the units of each point; summarises and spools a point when its
// last unit arrives, then frees its records.
class PointAssembler {
 public:
  PointAssembler(const Scenario& scenario, const SweepPlan& plan, PointSpool& spool)
      : scenario_(scenario), plan_(plan), spool_(spool) {}

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
    if (point == 0) first_point_summary = summary;
    ++finished_;
  }

  const Scenario& scenario_;
  const SweepPlan& plan_;
  PointSpool& spool_;
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
  PointAssembler assembler(scenario, plan, spool);
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

namespace parley {
namespace {

// Merges CSV files sorted by their leading point number, streaming, into `out`.
void merge_by_point(std::ostream& out, const std::vector<fs::path>& files) {
  struct Source {
    std::ifstream in;
    std::string line;
    std::int64_t point = 0;
    bool live = false;
    void next() {
      live = static_cast<bool>(std::getline(in, line));
      if (live) {
        point = 0;
        std::from_chars(line.data(), line.data() + line.size(), point);
      }
    }
  };
  std::vector<Source> sources(files.size());
  std::string header;
  for (std::size_t k = 0; k < files.size(); ++k) {
    sources[k].in.open(files[k], std::ios::binary);
    if (!sources[k].in) throw OutputError(fmt::format("cannot read {}", files[k].string()));
    std::string this_header;
    std::getline(sources[k].in, this_header);
    if (k == 0) header = this_header;
    if (this_header != header) {
      throw OutputError(
          fmt::format("{} and {} have different columns; they are not shards of "
                      "one sweep",
                      files[0].string(), files[k].string()));
    }
    sources[k].next();
  }
  out << header << '\n';
  for (;;) {
    Source* lowest = nullptr;
    for (Source& source : sources)
      if (source.live && (lowest == nullptr || source.point < lowest->point)) lowest = &source;
    if (lowest == nullptr) return;
    const std::int64_t point = lowest->point;
    while (lowest->live && lowest->point == point) {
      out << lowest->line << '\n';
      lowest->next();
    }
  }
}

const RecordedFile* recorded_file(const ManifestInfo& manifest, std::string_view name) {
  for (const RecordedFile& file : manifest.files)
    if (file.name == name) return &file;
  return nullptr;
}

// Throws OutputError unless each named file of `folder` has the rows, bytes and
// SHA-256 that its manifest records.
void check_recorded_files(const fs::path& folder, const ManifestInfo& manifest,
                          std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const RecordedFile* recorded = recorded_file(manifest, name);
    if (recorded == nullptr) {
      throw OutputError(fmt::format(
          "{}/manifest.json records no size or SHA-256 of {} (written by an older parley), "
          "so its contents cannot be checked; run that shard again",
          folder.string(), name));
    }
    const FileDigest found = digest_file(folder / name);
    if (found.sha256 == recorded->digest.sha256 && found.bytes == recorded->digest.bytes) continue;
    const auto rows = [](const FileDigest& d) { return d.lines > 0 ? d.lines - 1 : 0; };
    throw OutputError(fmt::format(
        "{}/{} is not the file its manifest records ({} rows, {} bytes, SHA-256 {}…; found {} "
        "rows, {} bytes, SHA-256 {}…): it was cut short, extended or changed; run that shard "
        "again",
        folder.string(), name, rows(recorded->digest), recorded->digest.bytes,
        recorded->digest.sha256.substr(0, 12), rows(found), found.bytes,
        found.sha256.substr(0, 12)));
  }
}

}  // namespace

void merge_shards(const std::vector<fs::path>& shards, const fs::path& out,
                  const std::string& command_line) {
  const auto start = std::chrono::steady_clock::now();
  if (shards.empty()) throw UsageError("parley merge: expected the shard folders to merge");
  std::vector<ManifestInfo> manifests;
  for (const fs::path& shard : shards) manifests.push_back(read_manifest(shard / "manifest.json"));
  const int count = static_cast<int>(shards.size());
  std::vector<int> seen(static_cast<std::size_t>(count) + 1, 0);
  for (std::size_t k = 0; k < shards.size(); ++k) {
    const auto& shard = manifests[k].inputs.shard;
    if (!shard) {
      throw UsageError(
          fmt::format("{} is not a shard (its manifest has no \"shard\"); merge "
                      "takes the folders of `parley sweep --shard K/N` runs",
                      shards[k].string()));
    }
    if (shard->count != count) {
      throw UsageError(
          fmt::format("{} is shard {}/{}, but {} folders were given; merge needs "
                      "all {} shards, each once",
                      shards[k].string(), shard->index, shard->count, count, shard->count));
    }
    if (++seen[static_cast<std::size_t>(shard->index)] > 1)
      throw UsageError(fmt::format("shard {}/{} is given twice", shard->index, count));
    if (manifests[k].inputs_json_unsharded != manifests[0].inputs_json_unsharded) {
      throw UsageError(fmt::format(
          "{} and {} come from different sweeps (manifests differ at {}); merge refuses them",
          shards[0].string(), shards[k].string(),
          first_difference(manifests[0].inputs_json_unsharded,
                           manifests[k].inputs_json_unsharded)));
    }
  }

  // Each shard's files must be the bytes its manifest records: a file cut short
  // or with lines appended is refused before anything is written.
  for (std::size_t k = 0; k < shards.size(); ++k)
    check_recorded_files(shards[k], manifests[k], {"outcomes.csv", "summary.csv"});

  OutputFolder folder(out);
  RecordedFiles written;
  for (const char* name : {"outcomes.csv", "summary.csv"}) {
    std::vector<fs::path> files;
    std::uint64_t rows = 0;
    for (std::size_t k = 0; k < shards.size(); ++k) {
      files.push_back(shards[k] / name);
      rows += recorded_file(manifests[k], name)->digest.lines - 1;
    }
    const FileDigest digest =
        folder.write_file(name, [&](std::ostream& o) { merge_by_point(o, files); });
    PARLEY_CHECK(digest.lines == rows + 1, "merged {} has {} lines for {} shard rows", name,
                 digest.lines, rows);
    written.push_back({name, digest});
  }
  const RunInputs& inputs = manifests[0].inputs;
  if (inputs.design.kind == DesignKind::kSobol) {
    std::vector<std::string> columns;
    for (const SweepAxis& axis : inputs.design.axes) columns.push_back(axis.path);
    written.push_back(
        {"sensitivity.csv", folder.write_file("sensitivity.csv", [&](std::ostream& o) {
           write_sensitivity(o, folder.path_of("summary.csv"), columns, inputs.points, inputs.seed);
         })});
  }
  ExecutionInfo execution;
  execution.command_line = command_line;
  execution.merged_shards = count;
  execution.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  folder.write_file("manifest.json", [&](std::ostream& o) {
    write_manifest(o, manifests[0].inputs_json_unsharded, execution, written);
  });
  folder.commit();
}

}  // namespace parley

namespace parley {
namespace {

// The text of the line that starts at byte `offset` of `fd` (at most 120 bytes).
std::string line_at(int fd, std::uint64_t offset) {
  std::string text(120, '\0');
  const ssize_t got = ::pread(fd, text.data(), text.size(), static_cast<off_t>(offset));
  text.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  const std::size_t end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  return escape_control_characters(text);
}

// Compares two files byte for byte; "" when identical, else where they first
// differ (byte offset, line, and the two lines there).
std::string compare_files(const fs::path& expected, const fs::path& actual) {
  const int a = ::open(expected.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (a < 0) return "missing from the run folder";
  const int b = ::open(actual.c_str(), O_RDONLY | O_CLOEXEC);
  if (b < 0) {
    ::close(a);
    return "not produced by the re-run";
  }
  struct Closer {
    int a, b;
    ~Closer() {
      ::close(a);
      ::close(b);
    }
  } closer{a, b};
  constexpr std::size_t kChunk = 1 << 20;
  std::string x(kChunk, '\0');
  std::string y(kChunk, '\0');
  std::uint64_t offset = 0, line = 1, line_start = 0;
  const auto read_full = [](int fd, std::string& buffer, std::uint64_t at) -> std::size_t {
    std::size_t filled = 0;
    while (filled < buffer.size()) {
      const ssize_t got = ::pread(fd, buffer.data() + filled, buffer.size() - filled,
                                  static_cast<off_t>(at + filled));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      filled += static_cast<std::size_t>(got);
    }
    return filled;
  };
  for (;;) {
    const std::size_t got_x = read_full(a, x, offset);
    const std::size_t got_y = read_full(b, y, offset);
    const std::size_t common = std::min(got_x, got_y);
    std::size_t k = 0;
    while (k < common && x[k] == y[k]) {
      if (x[k] == '\n') {
        ++line;
        line_start = offset + k + 1;
      }
      ++k;
    }
    if (k < common || got_x != got_y) {
      const std::uint64_t at = offset + k;
      const auto describe = [&](int fd, std::size_t got) {
        return k < got ? fmt::format("`{}`", line_at(fd, line_start))
                       : fmt::format("`{}` (end of file)", line_at(fd, line_start));
      };
      return fmt::format("differs at byte {} (line {}): recorded {}, re-run {}", at, line,
                         describe(a, got_x), describe(b, got_y));
    }
    if (got_x == 0) return {};
    offset += got_x;
  }
}

}  // namespace

bool VerifyReport::all_identical() const {
  return std::all_of(files.begin(), files.end(), [](const auto& f) { return f.identical; });
}

VerifyReport verify_run(const fs::path& run_folder, const std::optional<std::string>& scenario_path,
                        int threads, const std::atomic<bool>* cancel,
                        const ScenarioOptions& options,
                        const std::function<void(const std::string&)>& notice) {
  const auto start = std::chrono::steady_clock::now();
  const ManifestInfo recorded = read_manifest(run_folder / "manifest.json");
  Scenario scenario = load_scenario(scenario_path.value_or(recorded.scenario_path), options);
  if (scenario.source_sha256 != recorded.scenario_sha256) {
    throw UsageError(fmt::format(
        "{} has changed since the run (SHA-256 {}, the manifest records {}); pass the original "
        "file with --scenario",
        scenario.source_name, scenario.source_sha256, recorded.scenario_sha256));
  }
  for (const std::string& assignment : recorded.overrides) apply_override(scenario, assignment);

  SweepRequest request;
  request.design = recorded.inputs.design;
  request.replicates = recorded.inputs.replicates;
  request.seed = recorded.inputs.seed;
  request.analysis = recorded.inputs.analysis;
  request.shard = recorded.inputs.shard;
  request.resumable = false;
  request.cancel = cancel;
  if (request.design.kind != DesignKind::kSinglePoint) check_sweep(scenario, request.design);

  // A private folder (mkdtemp under $TMPDIR), removed on every way out of here.
  const TemporaryFolder scratch("parley-verify", notice);
  const fs::path rerun = scratch.path() / "run";
  ThreadExecutor executor(threads, cancel);
  run_sweep(scenario, request, rerun, "parley verify", executor);

  VerifyReport report;
  for (const char* name : {"outcomes.csv", "summary.csv", "sensitivity.csv"}) {
    const bool recorded_has = fs::exists(run_folder / name);
    const bool rerun_has = fs::exists(rerun / name);
    if (!recorded_has && !rerun_has) continue;
    const std::string difference = compare_files(run_folder / name, rerun / name);
    report.files.push_back({name, difference.empty(), difference});
  }
  const ManifestInfo again = read_manifest(rerun / "manifest.json");
  std::string difference = recorded.inputs_json_portable == again.inputs_json_portable
                               ? std::string()
                               : "differs at " + first_difference(recorded.inputs_json_portable,
                                                                  again.inputs_json_portable);
  if (difference.empty() && recorded.git_commit != again.git_commit) {
    difference =
        fmt::format("recorded by engine {} ({}), re-run by {} ({})", recorded.engine_version,
                    recorded.git_commit, again.engine_version, again.git_commit);
  }
  report.files.push_back({"manifest.json (inputs)",
                          recorded.inputs_json_portable == again.inputs_json_portable, difference});
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace parley
