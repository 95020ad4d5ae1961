// Benchmarks: all-actor utility evaluation for N×D from 5×5 to 1000×50, and
// replicates per second of the flagship scenario on 1 and 2 threads.
//
//   build/release/bench/parley_bench --benchmark_min_time=0.5
#include <filesystem>

#include <benchmark/benchmark.h>

#include "scenario/scenario_parser.hpp"
#include "simulation/replicate_runner.hpp"
#include "simulation/session.hpp"
#include "simulation/sweep.hpp"
#include "utility/utility.hpp"

namespace parley {
namespace {

void utility_all_actors(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  const auto d = static_cast<Eigen::Index>(state.range(1));
  const bool linear = state.range(2) == 1;
  ModelParameters p;
  p.ideal = (Eigen::MatrixXd::Random(n, d).array() + 1.0) / 2.0;
  p.salience = Eigen::MatrixXd::Random(n, d).array().abs() + 0.1;
  p.risk = linear ? Eigen::VectorXd::Ones(n)
                  : Eigen::VectorXd((Eigen::VectorXd::Random(n).array() + 1.5));
  UtilityModel model;
  model.reset(p, Eigen::VectorXd::Ones(d));
  Eigen::VectorXd x = (Eigen::VectorXd::Random(d).array() + 1.0) / 2.0;
  Eigen::VectorXd u(n);
  for (auto _ : state) {
    model.evaluate(x, u);
    benchmark::DoNotOptimize(u.data());
    benchmark::ClobberMemory();
  }
  state.counters["ns_per_actor_issue"] =
      benchmark::Counter(static_cast<double>(n * d), benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}
BENCHMARK(utility_all_actors)
    ->ArgNames({"N", "D", "linear"})
    ->Args({5, 5, 1})
    ->Args({5, 5, 0})
    ->Args({100, 10, 1})
    ->Args({100, 10, 0})
    ->Args({1000, 50, 1})
    ->Args({1000, 50, 0});

void ukraine_replicates(benchmark::State& state) {
  const Scenario scenario = load_scenario(PARLEY_SOURCE_DIR "/scenarios/ukraine_2025.toml");
  RunRequest request;
  request.replicates = 4096;
  request.seed = 7;
  request.threads = static_cast<int>(state.range(0));
  request.analysis = state.range(1) == 1;
  for (auto _ : state) {
    auto records = run_replicates(scenario, request);
    benchmark::DoNotOptimize(records.data());
  }
  state.counters["replicates_per_second"] = benchmark::Counter(
      static_cast<double>(request.replicates), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(ukraine_replicates)
    ->ArgNames({"threads", "analysis"})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void ukraine_one_session(benchmark::State& state) {
  const Scenario scenario = load_scenario(PARLEY_SOURCE_DIR "/scenarios/ukraine_2025.toml");
  Session session(scenario);
  session.set_analysis(false);
  std::uint64_t replicate = 0;
  for (auto _ : state) {
    auto record = session.run(7, 0, replicate++);
    benchmark::DoNotOptimize(record.outcome.data());
  }
}
BENCHMARK(ukraine_one_session)->Unit(benchmark::kMicrosecond);

// A whole sweep through run_sweep (units, spool, final files) on local threads:
// a grid of `points` values of the US minerals salience × 100 replicates, no analysis.
void ukraine_sweep(benchmark::State& state) {
  const Scenario scenario = load_scenario(PARLEY_SOURCE_DIR "/scenarios/ukraine_2025.toml");
  SweepRequest request;
  request.design.kind = DesignKind::kGrid;
  SweepAxis axis;
  axis.path = "actors.us.salience.minerals_share";
  axis.start = 0.0;
  axis.stop = 1.0;
  axis.count = state.range(1);
  request.design.axes = {axis};
  request.replicates = 100;
  request.seed = 7;
  request.analysis = false;
  const auto folder = std::filesystem::temp_directory_path() / "parley_bench_sweep";
  ThreadExecutor executor(static_cast<int>(state.range(0)), nullptr);
  for (auto _ : state) {
    std::filesystem::remove_all(folder);
    run_sweep(scenario, request, folder, "bench", executor);
  }
  std::filesystem::remove_all(folder);
  state.counters["point_replicates_per_second"] =
      benchmark::Counter(static_cast<double>(axis.count * request.replicates),
                         benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(ukraine_sweep)
    ->ArgNames({"threads", "points"})
    ->Args({1, 100})
    ->Args({2, 100})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace parley

BENCHMARK_MAIN();
