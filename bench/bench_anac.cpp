// Negotiations per second on the field's benchmark: the 14 ANAC 2012 GENIUS
// domains (../shared/validation/genius_anac2012; variants A, B and C of discount
// factor and reservation value, 36 to 390,625 outcomes), imported in-process as
// `parley import genius` does (parsing/genius_import.hpp) and run as parley's best
// pair of the negotiators issue runs them (time_dependent, exponent 2, on both
// sides; private preferences learnt by frequency models; 100 GENIUS rounds), no
// analysis, one thread. One iteration runs kNegotiationsPerVariant replicates of
// every variant; the counter is negotiations per second over all of them, the
// figure NegMAS's reference reports per pair on one core
// (negmas_reference.csv: negotiations_per_s, 0.7 for Aspiration x2 to 4.4 for
// MiCRO x2). Importing and parsing are outside the timed loop.
//
// Skipped (state.SkipWithError, "skipped: …", which tools/bench_table.py
// reports and passes over) when the validation folder is not beside the checkout.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "parsing/genius_import.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/replicate_runner.hpp"

namespace parley {
namespace {

constexpr std::int64_t kNegotiationsPerVariant = 200;

std::filesystem::path anac_folder() {
  return std::filesystem::path(PARLEY_SOURCE_DIR) / ".." / "shared" / "validation" /
         "genius_anac2012";
}

// Every variant of every domain in the folder, as scenarios (sorted by path).
std::vector<Scenario> anac_scenarios() {
  std::vector<std::filesystem::path> domains;
  for (const auto& entry : std::filesystem::directory_iterator(anac_folder()))
    if (entry.is_directory()) domains.push_back(entry.path());
  std::sort(domains.begin(), domains.end());
  GeniusImportOptions options;
  options.strategy = "time_dependent";
  options.exponent = 2.0;
  std::vector<Scenario> scenarios;
  for (const auto& domain : domains) {
    const std::string name = domain.filename().string();
    for (const char* variant : {"A", "B", "C"}) {
      const auto stem = domain / (name + "-" + variant);
      if (!std::filesystem::exists(stem.string() + "-domain.xml")) continue;
      const GeniusScenario imported =
          import_genius(stem.string() + "-domain.xml", stem.string() + "-prof1.xml",
                        stem.string() + "-prof2.xml", options);
      scenarios.push_back(parse_scenario(imported.toml, stem.string() + ".toml"));
    }
  }
  return scenarios;
}

void anac2012_negotiations(benchmark::State& state) {
  if (!std::filesystem::is_directory(anac_folder())) {
    state.SkipWithError("skipped: ../shared/validation/genius_anac2012 not found");
    return;
  }
  const std::vector<Scenario> scenarios = anac_scenarios();
  RunRequest request;
  request.replicates = kNegotiationsPerVariant;
  request.seed = 7;
  request.threads = 1;
  request.analysis = false;
  for (auto _ : state) {
    for (const Scenario& scenario : scenarios) {
      auto records = run_replicates(scenario, request);
      benchmark::DoNotOptimize(records.data());
    }
  }
  state.SetLabel(std::to_string(scenarios.size()) + " variants");
  state.counters["negotiations_per_second"] = benchmark::Counter(
      static_cast<double>(kNegotiationsPerVariant) * static_cast<double>(scenarios.size()),
      benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(anac2012_negotiations)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace parley
