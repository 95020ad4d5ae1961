// `parley compare` (analysis/run_comparison.hpp): reading two run folders back and
// comparing them, at 2,000 and 20,000 replicates a run of the flagship (without the
// analysis, whose rates would add rows but not change the costs' shape).
//   compare_read         load_run_sample of one folder (outcomes.csv streamed)
//   compare_independent  two seeds: exact KS (m·n ≤ 10⁸), Hodges–Lehmann, Welch, z
//   compare_paired       one seed, a stronger sanctions threat: pair-swap permutation
//                        KS and the bootstrap of the pairs dominate (B = 10,000
//                        relabellings unless stopped early, 1,000 resamples)
// The runs are made and saved once per replicate count, outside the timed loop; the
// counter is replicates compared (both runs) per second. All hardware threads.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "analysis/run_comparison.hpp"
#include "analysis/run_sample.hpp"
#include "output/temporary_folder.hpp"
#include "parsing/overrides.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/run.hpp"

namespace parley {
namespace {

struct SavedRuns {
  TemporaryFolder work{"parley-bench-compare"};
  std::filesystem::path seed_1, seed_2, variant_seed_1;
};

// Three folders per replicate count: the flagship at seeds 1 and 2, and at seed 1
// with the sanctions threat's credibility at 0.9.
const SavedRuns& saved_runs(std::int64_t replicates) {
  static std::map<std::int64_t, std::unique_ptr<SavedRuns>> cache;
  auto& entry = cache[replicates];
  if (entry) return *entry;
  entry = std::make_unique<SavedRuns>();
  const Scenario flagship =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/scenarios/ukraine_2025.toml");
  Scenario variant = flagship;
  apply_override(variant, "actors.us.threats.more_sanctions.credibility=0.9");
  const auto save = [&](const Scenario& scenario, std::uint64_t seed, const char* name) {
    RunRequest request;
    request.replicates = replicates;
    request.seed = seed;
    request.analysis = false;
    return save_run(scenario, run_in_memory(scenario, request, "bench"), entry->work.path() / name)
        .folder;
  };
  entry->seed_1 = save(flagship, 1, "seed_1");
  entry->seed_2 = save(flagship, 2, "seed_2");
  entry->variant_seed_1 = save(variant, 1, "variant_seed_1");
  return *entry;
}

void compare_read(benchmark::State& state) {
  const SavedRuns& runs = saved_runs(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(load_run_sample(runs.seed_1));
  state.counters["replicates/s"] = benchmark::Counter(
      static_cast<double>(state.range(0)) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(compare_read)
    ->ArgNames({"replicates"})
    ->Arg(2'000)
    ->Arg(20'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void compare(benchmark::State& state, bool paired) {
  const SavedRuns& runs = saved_runs(state.range(0));
  const RunSample a = load_run_sample(runs.seed_1);
  const RunSample b = load_run_sample(paired ? runs.variant_seed_1 : runs.seed_2);
  std::size_t rows = 0;
  for (auto _ : state) {
    const ComparisonReport report = compare_runs(a, b, ComparisonOptions{});
    rows = report.rows.size();
    benchmark::DoNotOptimize(report);
  }
  state.counters["tests"] = static_cast<double>(rows);
  state.counters["replicates/s"] = benchmark::Counter(
      2.0 * static_cast<double>(state.range(0)) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}
void compare_independent(benchmark::State& state) { compare(state, false); }
void compare_paired(benchmark::State& state) { compare(state, true); }
BENCHMARK(compare_independent)
    ->ArgNames({"replicates"})
    ->Arg(2'000)
    ->Arg(20'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(compare_paired)
    ->ArgNames({"replicates"})
    ->Arg(2'000)
    ->Arg(20'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace parley
