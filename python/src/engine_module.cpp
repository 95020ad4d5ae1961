// parley._engine: the engine as a Python extension module (pybind11).
//
// The public, documented API is the pure-Python package around it
// (python/parley/__init__.py); this module exposes the engine's own calls —
// the parser and `--set`, run_in_memory and save_run (simulation/run.hpp),
// run_sweep with an in-memory view of each point (simulation/sweep.hpp),
// trace_replicate and the trace writers, the forecasts, `parley compare`
// (analysis/run_comparison.hpp) — and hands results
// over as typed columns (output/outcome_columns.hpp) that become numpy arrays
// without a copy and without text.
//
// Long calls run on a worker thread while the calling thread, without the GIL,
// waits in short slices; between slices it takes the GIL, reports progress to
// the Python callback and checks for signals (PyErr_CheckSignals), so Ctrl-C
// sets the engine's cancel flag and the call raises KeyboardInterrupt once the
// engine has stopped. Engine exceptions become parley.ScenarioError (with
// file, line, column, message), parley.UsageError and parley.OutputError.
//
// References: pybind11 documentation, "Exceptions" and "GIL"
// (https://pybind11.readthedocs.io); CPython C API, PyErr_CheckSignals.

#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "analysis/comparison_report.hpp"
#include "analysis/run_comparison.hpp"
#include "analysis/run_sample.hpp"
#include "core/errors.hpp"
#include "output/outcome_columns.hpp"
#include "output/output_folder.hpp"
#include "output/scenario_story.hpp"
#include "output/trace.hpp"
#include "parsing/case_table.hpp"
#include "parsing/overrides.hpp"
#include "parsing/scenario_parser.hpp"
#include "parsing/sweep_validation.hpp"
#include "simulation/forecast.hpp"
#include "simulation/run.hpp"
#include "simulation/sweep.hpp"
#include "simulation/trace_replicate.hpp"

namespace py = pybind11;

namespace parley::python {
namespace {

// ---- Long calls: a worker thread, the caller polling for signals and progress.

struct Progress {
  std::atomic<std::int64_t> done{0};
  std::atomic<std::int64_t> total{0};
};

// Runs `work` on a worker thread; meanwhile, every 50 ms, the calling thread
// (holding the GIL only then) calls `progress(done, total)` when it changed and
// checks for signals. On a signal or an exception from `progress`, `cancel` is
// set, the worker is awaited and the Python error is raised. An exception
// from `work` is rethrown here.
void run_interruptibly(const std::function<void()>& work, std::atomic<bool>& cancel,
                       const Progress& counts, const py::object& progress) {
  std::mutex mutex;
  std::condition_variable finished_signal;
  bool finished = false;
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      work();
    } catch (...) {
      failure = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mutex);
    finished = true;
    finished_signal.notify_all();
  });
  std::int64_t reported = -1;
  bool interrupted = false;
  std::unique_ptr<py::error_already_set> python_error;
  for (;;) {
    bool done_now = false;
    {
      py::gil_scoped_release release;
      std::unique_lock<std::mutex> lock(mutex);
      finished_signal.wait_for(lock, std::chrono::milliseconds(50), [&] { return finished; });
      done_now = finished;
    }
    if (!interrupted) {
      const std::int64_t done = counts.done.load();
      if (!progress.is_none() && done != reported) {
        reported = done;
        try {
          progress(done, counts.total.load());
        } catch (py::error_already_set& error) {
          python_error = std::make_unique<py::error_already_set>(std::move(error));
          interrupted = true;
          cancel = true;
        }
      }
      if (!interrupted && PyErr_CheckSignals() != 0) {
        python_error = std::make_unique<py::error_already_set>();
        interrupted = true;
        cancel = true;
      }
    }
    if (done_now) break;
  }
  {
    py::gil_scoped_release release;
    worker.join();
  }
  if (python_error) throw std::move(*python_error);
  if (failure) std::rethrow_exception(failure);
}

// ---- Typed columns to Python: (name, kind, data, categories) tuples.

template <class T>
py::array_t<T> array_of(std::vector<T>&& values) {
  auto* owned = new std::vector<T>(std::move(values));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(static_cast<py::ssize_t>(owned->size()), owned->data(), owner);
}

// The columns as a list of (name, kind, array, categories); the vectors are
// moved into the arrays (the table is emptied).
py::list to_python(std::vector<TypedColumn>& columns) {
  py::list out;
  for (TypedColumn& column : columns) {
    py::object data;
    switch (column.kind) {
      case TypedColumn::Kind::kFlag:
      case TypedColumn::Kind::kOptionalFlag:
        data = array_of(std::move(column.flags));
        break;
      case TypedColumn::Kind::kInteger:
        data = array_of(std::move(column.integers));
        break;
      case TypedColumn::Kind::kNumber:
        data = array_of(std::move(column.numbers));
        break;
      case TypedColumn::Kind::kCategory:
        data = array_of(std::move(column.codes));
        break;
    }
    out.append(py::make_tuple(column.name, to_string(column.kind), data, column.categories));
  }
  columns.clear();
  return out;
}

// ---- Runs.

// A run held in memory (parley.run's Result).
class RunHandle {
 public:
  RunHandle(Scenario scenario, RunInMemory run)
      : scenario_(std::move(scenario)), run_(std::move(run)) {}

  py::list outcome_columns() const {
    OutcomeColumns columns(scenario_);
    columns.append(run_.records, 0);
    return to_python(columns.columns());
  }
  py::list summary_columns() const {
    SummaryColumns columns;
    columns.append(run_.summary, 0);
    return to_python(columns.columns());
  }
  std::string manifest_json() const { return run_manifest_json(scenario_, run_, files_); }
  std::string save(const std::string& folder) {
    SavedRun saved = save_run(scenario_, run_, OutputFolder::normalise(folder));
    files_ = std::move(saved.files);
    return saved.folder.string();
  }
  double wall_seconds() const { return run_.execution.wall_seconds; }
  int threads() const { return run_.execution.threads; }
  std::int64_t replicates() const { return static_cast<std::int64_t>(run_.records.size()); }
  std::string describe_analysis() const { return parley::describe_analysis(run_.summary); }

 private:
  Scenario scenario_;
  RunInMemory run_;
  RecordedFiles files_;
};

// The long calls take their scenario by value: a copy made while the GIL is
// held, so that another Python thread's Scenario.set cannot change it under the
// engine.
std::unique_ptr<RunHandle> run(Scenario scenario, std::int64_t replicates, std::uint64_t seed,
                               int threads, bool analysis, const std::string& command_line,
                               const py::object& progress) {
  std::atomic<bool> cancel{false};
  Progress counts;
  counts.total = replicates;
  RunRequest request;
  request.replicates = replicates;
  request.seed = seed;
  request.threads = threads;
  request.analysis = analysis;
  request.cancel = &cancel;
  RunInMemory result;
  run_interruptibly(
      [&] {
        result = run_in_memory(scenario, request, command_line,
                               [&](std::int64_t done, std::int64_t) { counts.done = done; });
      },
      cancel, counts, progress);
  return std::make_unique<RunHandle>(std::move(scenario), std::move(result));
}

// ---- Sweeps.

struct SweepHandle {
  std::string folder;
  std::int64_t points = 0;
  double wall_seconds = 0.0;
  int threads = 1;
  py::list outcomes;
  py::list summary;
};

// One axis from Python: (path, kind, numbers, values): kind "grid" (numbers =
// start, stop, count), "values" (values = TOML texts) or "range" (numbers = low, high).
using AxisTuple =
    std::tuple<std::string, std::string, std::vector<double>, std::vector<std::string>>;

SweepSpec design_of(const Scenario& scenario, const std::string& kind, std::int64_t samples,
                    const std::vector<AxisTuple>& axes) {
  SweepSpec spec;
  if (kind == "scenario") {
    if (!scenario.sweep) throw UsageError("parley.sweep: the scenario has no [sweep] table");
    return *scenario.sweep;
  }
  const std::optional<DesignKind> named = sampled_or_grid_design(kind);
  if (!named)
    throw UsageError("parley.sweep: the design is grid, lhs or sobol, found \"" + kind + "\"");
  spec.kind = *named;
  spec.samples = samples;
  for (const auto& [path, axis_kind, numbers, values] : axes) {
    SweepAxis axis;
    axis.path = path;
    axis.origin = {"parley.sweep(" + axis_kind + "=…)", 0, 0};
    if (axis_kind == "grid") {
      axis.kind = SweepAxis::Kind::kGrid;
      axis.start = numbers.at(0);
      axis.stop = numbers.at(1);
      axis.count = static_cast<std::int64_t>(numbers.at(2));
    } else if (axis_kind == "values") {
      axis.kind = SweepAxis::Kind::kValues;
      axis.values = values;
    } else {
      axis.kind = SweepAxis::Kind::kRange;
      axis.low = numbers.at(0);
      axis.high = numbers.at(1);
    }
    spec.axes.push_back(std::move(axis));
  }
  return spec;
}

SweepHandle sweep(Scenario scenario, const std::string& kind, std::int64_t samples,
                  const std::vector<AxisTuple>& axes, std::int64_t replicates, std::uint64_t seed,
                  int threads, bool analysis, const std::string& out, bool keep_columns,
                  const std::string& command_line, const py::object& progress) {
  SweepRequest request;
  request.design = design_of(scenario, kind, samples, axes);
  if (kind != "scenario") check_sweep(scenario, request.design);
  request.replicates = replicates;
  request.seed = seed;
  request.analysis = analysis;
  request.resumable = false;
  std::atomic<bool> cancel{false};
  request.cancel = &cancel;
  OutcomeColumns outcomes(scenario);
  SummaryColumns summary;
  if (keep_columns) {
    request.on_point = [&](const FinishedPoint& point) {
      outcomes.append(point.records, point.point, 0, point.design_columns, point.design_values);
      summary.append(point.summary, point.point, point.design_columns, point.design_values);
    };
  }
  Progress counts;
  SweepReport report;
  run_interruptibly(
      [&] {
        ThreadExecutor executor(threads, &cancel);
        report = run_sweep(scenario, request, OutputFolder::normalise(out), command_line, executor,
                           [&](std::int64_t done, std::int64_t total) {
                             counts.total = total;
                             counts.done = done;
                           });
      },
      cancel, counts, progress);
  if (cancel.load()) throw RunCancelled();
  SweepHandle handle;
  handle.folder = report.folder.string();
  handle.points = report.points;
  handle.wall_seconds = report.wall_seconds;
  handle.threads = report.threads;
  handle.outcomes = to_python(outcomes.columns());
  handle.summary = to_python(summary.columns());
  return handle;
}

// ---- Traces and forecasts.

py::tuple trace(Scenario scenario, std::uint64_t seed, std::uint64_t replicate) {
  std::atomic<bool> cancel{false};
  ReplicateTrace told;
  run_interruptibly([&] { told = trace_replicate(scenario, seed, replicate, &cancel); }, cancel,
                    Progress{}, py::none());
  std::ostringstream jsonl, text;
  write_trace_jsonl(jsonl, scenario, told);
  TraceStyle style;
  style.color = false;
  write_trace_text(text, scenario, told, style);
  return py::make_tuple(jsonl.str(), text.str());
}

py::tuple forecast(const std::string& csv_text, const std::string& source_name,
                   std::vector<std::string> models, double scale_min, double scale_max,
                   const AgentPlayOptions& agents) {
  CaseTableOptions options;
  options.scale_min = scale_min;
  options.scale_max = scale_max;
  const CaseTable table = parse_case_table(csv_text, source_name, options);
  if (models.empty()) models = table_model_names();
  std::atomic<bool> cancel{false};
  std::vector<double> values;
  run_interruptibly([&] { values = make_forecasts(table, models, agents, &cancel); }, cancel,
                    Progress{}, py::none());
  std::ostringstream forecasts, errors;
  write_forecasts_csv(forecasts, table, models, values);
  write_case_errors_csv(errors, table);
  return py::make_tuple(forecasts.str(), errors.str(), table.errors.size());
}

// ---- Comparisons (`parley compare`).

// A finished comparison (parley.compare's Comparison): the engine's report, its
// renderers and its rows as columns, largest effect size first.
class ComparisonHandle {
 public:
  explicit ComparisonHandle(ComparisonReport report) : report_(std::move(report)) {}

  std::string text(bool all_rows) const { return comparison_text(report_, all_rows); }
  std::string markdown(bool all_rows) const { return comparison_markdown(report_, all_rows); }
  std::string json() const { return comparison_json(report_); }
  bool paired() const { return report_.paired; }
  const std::string& pairing() const { return report_.pairing_reason; }
  std::size_t moved_count() const { return report_.moved_count(); }
  std::size_t significant_count() const { return report_.significant_count(); }
  std::size_t tests() const { return report_.rows.size(); }

  // Column name → values (numbers as arrays, infinite interval ends kept),
  // in the order of ComparisonReport::by_effect_size.
  py::dict rows() const {
    std::vector<std::string> point, metric, kind, test, tolerance;
    std::vector<std::uint8_t> paired, significant, moved;
    std::vector<std::int64_t> n_a, n_b;
    std::vector<double> a, b, difference, low, high, statistic, p_value, adjusted_p, effect_size;
    for (std::size_t r : report_.by_effect_size()) {
      const ComparisonRow& row = report_.rows[r];
      point.push_back(report_.points[row.point].point);
      metric.push_back(row.metric);
      kind.emplace_back(to_string(row.kind));
      paired.push_back(row.paired ? 1 : 0);
      test.push_back(row.test);
      n_a.push_back(row.n_a);
      n_b.push_back(row.n_b);
      a.push_back(row.a);
      b.push_back(row.b);
      difference.push_back(row.difference);
      low.push_back(row.low);
      high.push_back(row.high);
      statistic.push_back(row.statistic);
      p_value.push_back(row.p_value);
      adjusted_p.push_back(row.adjusted_p);
      effect_size.push_back(row.effect_size);
      tolerance.push_back(row.tolerance);
      significant.push_back(row.significant ? 1 : 0);
      moved.push_back(row.moved ? 1 : 0);
    }
    py::dict out;
    out["point"] = point;
    out["metric"] = metric;
    out["kind"] = kind;
    out["paired"] = array_of(std::move(paired));
    out["test"] = test;
    out["n_a"] = array_of(std::move(n_a));
    out["n_b"] = array_of(std::move(n_b));
    out["a"] = array_of(std::move(a));
    out["b"] = array_of(std::move(b));
    out["difference"] = array_of(std::move(difference));
    out["low"] = array_of(std::move(low));
    out["high"] = array_of(std::move(high));
    out["statistic"] = array_of(std::move(statistic));
    out["p_value"] = array_of(std::move(p_value));
    out["adjusted_p"] = array_of(std::move(adjusted_p));
    out["effect_size"] = array_of(std::move(effect_size));
    out["tolerance"] = tolerance;
    out["significant"] = array_of(std::move(significant));
    out["moved"] = array_of(std::move(moved));
    return out;
  }

 private:
  ComparisonReport report_;
};

// One run to compare: its folder, and the name the report and the errors give it
// ("" for the folder itself; a Result saved to a temporary folder has another).
using RunToCompare = std::pair<std::string, std::string>;

std::unique_ptr<ComparisonHandle> compare(const RunToCompare& run_a, const RunToCompare& run_b,
                                          double alpha, double confidence,
                                          const std::string& adjust, const std::string& pairing,
                                          const std::vector<std::string>& metrics,
                                          const std::vector<std::string>& tolerances,
                                          std::int64_t permutations, std::uint64_t seed,
                                          int threads) {
  ComparisonOptions options;
  options.alpha = alpha;
  options.confidence = confidence;
  options.adjustment = adjustment_from(adjust, "parley.compare: adjust");
  options.pairing = pairing == "paired"        ? Pairing::kPaired
                    : pairing == "independent" ? Pairing::kIndependent
                                               : Pairing::kAuto;
  // As the CLI's --metric and --tolerance: each item may hold several, comma-separated.
  for (const std::string& text : metrics)
    for (std::string& pattern : parse_metric_patterns(text))
      options.metrics.push_back(std::move(pattern));
  for (const std::string& text : tolerances)
    for (Tolerance& t : parse_tolerances(text)) options.tolerances.push_back(std::move(t));
  options.permutations = permutations;
  options.seed = seed;
  options.threads = threads;

  // Ctrl-C stops the reading of the folders and the tests between two KS tests.
  std::atomic<bool> cancel{false};
  options.cancel = &cancel;
  ComparisonReport report;
  run_interruptibly(
      [&] {
        RunSample a = load_run_sample(run_a.first, &cancel);
        if (!run_a.second.empty()) a.folder = run_a.second;
        RunSample b = load_run_sample(run_b.first, &cancel);
        if (!run_b.second.empty()) b.folder = run_b.second;
        report = compare_runs(a, b, options);
      },
      cancel, Progress{}, py::none());
  if (cancel.load()) throw RunCancelled();
  return std::make_unique<ComparisonHandle>(std::move(report));
}

}  // namespace
}  // namespace parley::python

PYBIND11_MODULE(_engine, m) {
  using namespace parley;
  using namespace parley::python;
  m.doc() = "parley's engine (internal: use the `parley` package)";

  static py::exception<ScenarioError> scenario_error(m, "ScenarioError", PyExc_ValueError);
  static py::exception<UsageError> usage_error(m, "UsageError", PyExc_ValueError);
  static py::exception<OutputError> output_error(m, "OutputError", PyExc_OSError);
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const ScenarioError& bad) {
      // The exception carries where and what as attributes.
      py::object error = py::reinterpret_borrow<py::object>(scenario_error.ptr())(bad.what());
      error.attr("file") = bad.where().file;
      error.attr("line") = bad.where().line;
      error.attr("column") = bad.where().column;
      error.attr("message") = bad.message();
      PyErr_SetObject(scenario_error.ptr(), error.ptr());
    } catch (const UsageError& bad) {
      usage_error(bad.what());
    } catch (const OutputError& bad) {
      output_error(bad.what());
    } catch (const RunCancelled&) {
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    }
  });

  py::class_<Scenario>(m, "Scenario")
      .def("copy", [](const Scenario& s) { return Scenario(s); })
      .def("story", &scenario_story_json)
      .def("set",
           [](Scenario& s, const std::string& assignment) { apply_override(s, assignment); });

  m.def(
      "load",
      [](const std::string& path, bool allow_outside_data) {
        return load_scenario(path, {allow_outside_data});
      },
      py::arg("path"), py::arg("allow_outside_data") = false);

  py::class_<RunHandle>(m, "Run")
      .def("outcome_columns", &RunHandle::outcome_columns)
      .def("summary_columns", &RunHandle::summary_columns)
      .def("manifest_json", &RunHandle::manifest_json)
      .def("save", &RunHandle::save)
      .def("describe_analysis", &RunHandle::describe_analysis)
      .def_property_readonly("wall_seconds", &RunHandle::wall_seconds)
      .def_property_readonly("threads", &RunHandle::threads)
      .def_property_readonly("replicates", &RunHandle::replicates);
  m.def("run", &run, py::arg("scenario"), py::arg("replicates"), py::arg("seed"),
        py::arg("threads"), py::arg("analysis"), py::arg("command_line"), py::arg("progress"));

  py::class_<SweepHandle>(m, "Sweep")
      .def_readonly("folder", &SweepHandle::folder)
      .def_readonly("points", &SweepHandle::points)
      .def_readonly("wall_seconds", &SweepHandle::wall_seconds)
      .def_readonly("threads", &SweepHandle::threads)
      .def_readonly("outcomes", &SweepHandle::outcomes)
      .def_readonly("summary", &SweepHandle::summary);
  m.def("sweep", &sweep, py::arg("scenario"), py::arg("kind"), py::arg("samples"), py::arg("axes"),
        py::arg("replicates"), py::arg("seed"), py::arg("threads"), py::arg("analysis"),
        py::arg("out"), py::arg("keep_columns"), py::arg("command_line"), py::arg("progress"));
  m.def("copy_folder", [](const std::string& from, const std::string& to) {
    return copy_output_folder(from, OutputFolder::normalise(to)).string();
  });

  m.def("trace", &trace, py::arg("scenario"), py::arg("seed"), py::arg("replicate"));

  py::class_<AgentPlayOptions>(m, "AgentPlayOptions")
      .def(py::init<>())
      .def_readwrite("replicates", &AgentPlayOptions::replicates)
      .def_readwrite("seed", &AgentPlayOptions::seed)
      .def_readwrite("threads", &AgentPlayOptions::threads)
      .def_readwrite("table_rounds", &AgentPlayOptions::table_rounds)
      .def_readwrite("strategy", &AgentPlayOptions::strategy);
  m.def("forecast", &forecast, py::arg("csv_text"), py::arg("source_name"), py::arg("models"),
        py::arg("scale_min"), py::arg("scale_max"), py::arg("agents"));
  m.def("table_model_names", &table_model_names);

  py::class_<ComparisonHandle>(m, "Comparison")
      .def("text", &ComparisonHandle::text, py::arg("all_rows"))
      .def("markdown", &ComparisonHandle::markdown, py::arg("all_rows"))
      .def("json", &ComparisonHandle::json)
      .def("rows", &ComparisonHandle::rows)
      .def_property_readonly("paired", &ComparisonHandle::paired)
      .def_property_readonly("pairing", &ComparisonHandle::pairing)
      .def_property_readonly("moved_count", &ComparisonHandle::moved_count)
      .def_property_readonly("significant_count", &ComparisonHandle::significant_count)
      .def_property_readonly("tests", &ComparisonHandle::tests);
  m.def("compare", &compare, py::arg("run_a"), py::arg("run_b"), py::arg("alpha"),
        py::arg("confidence"), py::arg("adjust"), py::arg("pairing"), py::arg("metrics"),
        py::arg("tolerances"), py::arg("permutations"), py::arg("seed"), py::arg("threads"));
  m.def(
      "parse_tolerances",
      [](const std::string& text) {
        std::vector<std::tuple<std::string, double, bool, std::string>> out;
        for (const Tolerance& t : parse_tolerances(text))
          out.emplace_back(t.pattern, t.amount, t.in_points, t.text);
        return out;
      },
      py::arg("text"));
}
