// Benchmarks (README, Performance; tools/bench_table.py turns them into its table):
//
// - utility_all_actors: all-actor utility evaluation for N×D from 5×5 to
//   1000×50, in ns and as a fraction of one core's arithmetic peak (counters
//   `gflops` and `peak_fraction`; the peak is kPeakFlopsPerCycle × the clock
//   read from /proc/cpuinfo, see peak_gflops below);
// - protocol_round: one round of alternating_offers and random_proposer (the
//   NegMAS-style bilateral session and a 5-actor random-proposer variant of
//   it) and one forecasting phase (expected_utility, bdm_example);
// - scenario_replicates: replicates per second of each shipped scenario and of
//   bench/scenarios/negmas_bilateral.toml, on 1 and 2 threads;
// - expected_utility_rounds: Bueno de Mesquita's model, 10 rounds, N = 10,
//   100, 1000 synthetic actors (O(N²) pairs per round) and the 10-actor EC
//   car-emissions case;
// - ukraine_sweep: a whole sweep through run_sweep on 1 and 2 threads.
//
//   build/release/bench/parley_bench --benchmark_min_time=0.5
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "core/random.hpp"
#include "parsing/case_table.hpp"
#include "parsing/scenario_parser.hpp"
#include "protocol/eu_council.hpp"
#include "protocol/expected_utility.hpp"
#include "simulation/legislative_play.hpp"
#include "simulation/replicate_runner.hpp"
#include "simulation/session.hpp"
#include "simulation/sweep.hpp"
#include "utility/utility.hpp"

namespace parley {
namespace {

const std::string kSource = PARLEY_SOURCE_DIR;

// One core's double-precision peak: 2 FMA pipes × 4 doubles (AVX2) × 2 flops
// = 16 flops per cycle (Zen 2 … Zen 5; with AVX-512 Zen 5 doubles it, which
// bench_table.py reports beside it), × the clock in /proc/cpuinfo.
constexpr double kPeakFlopsPerCycle = 16.0;

double clock_ghz() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("cpu MHz", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return std::stod(line.substr(colon + 1)) / 1000.0;
    }
  }
  return 0.0;
}

double peak_gflops() { return kPeakFlopsPerCycle * clock_ghz(); }

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Flops of one all-actor evaluation, ρ = 1: per actor·issue a subtraction, two
// multiplications (1/span, salience) and an addition (|·| is a sign-bit mask,
// not counted); per actor 1 − Σ. With ρ ≠ 1 the pow is counted as one flop
// (it costs far more: see ns_per_actor_issue).
double utility_flops(double n, double d) { return 4.0 * n * d + n; }

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
  const auto cells = static_cast<double>(n * d);
  state.counters["ns_per_actor_issue"] = benchmark::Counter(
      cells, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  const double flops = utility_flops(static_cast<double>(n), static_cast<double>(d));
  state.counters["flops"] = flops;
  state.counters["gflops"] =
      benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_gflops"] = peak_gflops();
  state.counters["peak_fraction"] = benchmark::Counter(
      flops * 1e-9 / peak_gflops(), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(utility_all_actors)
    ->ArgNames({"N", "D", "linear"})
    ->Args({5, 5, 1})
    ->Args({5, 5, 0})
    ->Args({100, 10, 1})
    ->Args({100, 10, 0})
    ->Args({1000, 50, 1})
    ->Args({1000, 50, 0});

// ---------------------------------------------------------------------------
// Scenarios.

std::string scenario_path(int which) {
  switch (which) {
    case 0:
      return kSource + "/scenarios/ukraine_2025.toml";
    case 1:
      return kSource + "/scenarios/belarus_potash.toml";
    case 2:
      return kSource + "/scenarios/bdm_example.toml";
    case 3:
      return kSource + "/scenarios/triangle.toml";
    default:
      return kSource + "/bench/scenarios/negmas_bilateral.toml";
  }
}
const char* scenario_label(int which) {
  switch (which) {
    case 0:
      return "ukraine_2025";
    case 1:
      return "belarus_potash";
    case 2:
      return "bdm_example";
    case 3:
      return "triangle";
    default:
      return "negmas_bilateral";
  }
}

void run_replicates_bench(benchmark::State& state, const Scenario& scenario, int threads,
                          bool analysis, std::int64_t replicates) {
  RunRequest request;
  request.replicates = replicates;
  request.seed = 7;
  request.threads = threads;
  request.analysis = analysis;
  for (auto _ : state) {
    auto records = run_replicates(scenario, request);
    benchmark::DoNotOptimize(records.data());
  }
  state.counters["replicates_per_second"] = benchmark::Counter(
      static_cast<double>(request.replicates), benchmark::Counter::kIsIterationInvariantRate);
}

// Replicates per second of scenario range(0) (scenario_path) on range(1) threads, no analysis.
void scenario_replicates(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  const Scenario scenario = load_scenario(scenario_path(which));
  state.SetLabel(scenario_label(which));
  run_replicates_bench(state, scenario, static_cast<int>(state.range(1)), false, 4096);
}
BENCHMARK(scenario_replicates)
    ->ArgNames({"scenario", "threads"})
    ->ArgsProduct({{0, 1, 2, 3, 4}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The flagship as before (kept under its old name for comparisons): threads, analysis.
void ukraine_replicates(benchmark::State& state) {
  const Scenario scenario = load_scenario(scenario_path(0));
  run_replicates_bench(state, scenario, static_cast<int>(state.range(0)), state.range(1) == 1,
                       4096);
}
BENCHMARK(ukraine_replicates)
    ->ArgNames({"threads", "analysis"})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The agents' play of one EU proposal (simulation/legislative_play.hpp): the
// Commission, the Parliament and the 28 members of 2016 (Lisbon double majority,
// co-decision) bargain over 3 issues; 64 replicates on one thread, parsing
// included — what `parley forecast --model agents` spends per proposal.
void legislative_proposal(benchmark::State& state) {
  const CivilDate date = parse_civil_date("2016-03-01");
  std::vector<std::string> ids{"com", "ep"};
  for (const std::string& member : builtin_council_table().members(date)) ids.push_back(member);
  std::vector<ForecastCase> issues(3);
  for (std::size_t d = 0; d < issues.size(); ++d) {
    ForecastCase& c = issues[d];
    c.id = "bench";
    c.issue = fmt::format("i{}", d);
    c.procedure = "cod";
    c.voting_rule = "qmv";
    c.date = "2016-03-01";
    c.status_quo = 0.0;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      ForecastActor a;
      a.id = ids[k];
      a.position = static_cast<double>((37 * k + 53 * d) % 101);
      a.salience = 0.1 + 0.8 * static_cast<double>((11 * k + 7 * d) % 10) / 9.0;
      c.actors.push_back(a);
    }
  }
  AgentPlayOptions options;
  options.threads = 1;
  for (auto _ : state) {
    const AgentPlayResult result = play_proposal(issues, options);
    benchmark::DoNotOptimize(result.median.data());
  }
  state.counters["proposals_per_second"] =
      benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(legislative_proposal)->Unit(benchmark::kMillisecond)->UseRealTime();

void ukraine_one_session(benchmark::State& state) {
  const Scenario scenario = load_scenario(scenario_path(0));
  Session session(scenario);
  session.set_analysis(false);
  std::uint64_t replicate = 0;
  for (auto _ : state) {
    auto record = session.run(7, 0, replicate++);
    benchmark::DoNotOptimize(record.outcome.data());
  }
}
BENCHMARK(ukraine_one_session)->Unit(benchmark::kMicrosecond);

// One round of a protocol: sessions of a one-phase scenario, timed per round
// played. 0: alternating_offers (negmas_bilateral, 2 actors, 3 issues, 85
// rounds to a deal); 1: random_proposer (the same issues, 5 Boulware actors
// of varied ideals and saliences, majority rule, closed amendment rule); 2: a
// forecasting phase (bdm_example: expected_utility on 10 actors, 10 model
// rounds, one session round).
// `text` with the first `from` replaced by `to` (`from` must occur).
std::string substitute(const std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  return text.substr(0, at) + to + text.substr(at + from.size());
}

Scenario protocol_scenario(int which) {
  if (which == 2) return load_scenario(scenario_path(2));
  std::string text = read_text(scenario_path(4));
  if (which == 1) {
    const std::string actors = R"(
[[actors]]
id = "broker"
name = "Broker"
strategy = { kind = "time_dependent", exponent = 0.5 }
[actors.ideal]
price = "p4"
quantity = "q2"
delivery = "d1"
[actors.salience]
price = 0.2
quantity = 0.5
delivery = 0.3

[[actors]]
id = "carrier"
name = "Carrier"
strategy = { kind = "time_dependent", exponent = 0.25 }
[actors.ideal]
price = "p6"
quantity = "q1"
delivery = "d3"
[actors.salience]
price = 0.3
quantity = 0.2
delivery = 0.5

[[actors]]
id = "regulator"
name = "Regulator"
strategy = { kind = "time_dependent", exponent = 1.0 }
[actors.ideal]
price = "p3"
quantity = "q3"
delivery = "d2"
[actors.salience]
price = 0.4
quantity = 0.4
delivery = 0.2

[[phases]])";
    text = substitute(text, "\n[[phases]]", actors);
    text = substitute(text, R"(participants = ["buyer", "seller"])",
                      R"(participants = ["buyer", "seller", "broker", "carrier", "regulator"])");
    text =
        substitute(text, R"(protocol = "alternating_offers")", R"(protocol = "random_proposer")");
    text = substitute(text, R"(decision_rule = "unanimity")", R"(decision_rule = "majority")");
  }
  return parse_scenario(text, std::string_view("bench_protocol.toml"));
}

void protocol_round(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  static const char* const kLabels[] = {"alternating_offers", "random_proposer",
                                        "forecast_expected_utility"};
  state.SetLabel(kLabels[which]);
  const Scenario scenario = protocol_scenario(which);
  Session session(scenario);
  session.set_analysis(false);
  std::uint64_t replicate = 0;
  std::int64_t rounds = 0;
  for (auto _ : state) {
    auto record = session.run(7, 0, replicate++);
    rounds += record.rounds;
    benchmark::DoNotOptimize(record.outcome.data());
  }
  state.counters["rounds_per_session"] =
      static_cast<double>(rounds) / static_cast<double>(state.iterations());
  state.counters["ns_per_round"] =
      benchmark::Counter(static_cast<double>(rounds) * 1e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(protocol_round)->ArgNames({"protocol"})->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

// Bueno de Mesquita's expected-utility model, 10 rounds (the default variant).
// range(0) = N synthetic actors (positions uniform on a 0–100 scale, capabilities
// on [0.1, 1.1], saliences on [0.1, 1], drawn once from the project's random
// streams), or 0 for the 10-actor EC car-emissions case
// (scenarios/data/eu_emissions_actors.csv, scale 4–10). N = 1,000 is issue 18's
// target: one 10-round run in at most 1 s on one core.
void expected_utility_rounds(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<ForecastActor> actors;
  EuOptions options;
  if (n == 0) {
    state.SetLabel("eu_emissions");
    const CaseTable table = load_case_table(kSource + "/scenarios/data/eu_emissions_actors.csv",
                                            CaseTableOptions{4.0, 10.0});
    actors = table.cases.front().actors;
    options.scale_min = 4.0;
    options.scale_max = 10.0;
  } else {
    Rng rng = Rng::stream(18, n, 0, StreamPurpose::kParameters);
    actors.resize(n);
    for (ForecastActor& actor : actors) {  // ids are not used by the model
      actor.position = 100.0 * rng.uniform01();
      actor.capability = 0.1 + rng.uniform01();
      actor.salience = 0.1 + 0.9 * rng.uniform01();
    }
    options.scale_min = 0.0;
    options.scale_max = 100.0;
  }
  options.max_rounds = 10;
  std::int64_t rounds = 0;
  for (auto _ : state) {
    const EuResult result = run_expected_utility(actors, options);
    rounds += static_cast<std::int64_t>(result.rounds.size()) - 1;
    benchmark::DoNotOptimize(result.forecast_mean);
  }
  const double size = static_cast<double>(actors.size());
  state.counters["actors"] = size;
  state.counters["rounds"] = static_cast<double>(rounds) / static_cast<double>(state.iterations());
  state.counters["ns_per_pair_round"] =
      benchmark::Counter(static_cast<double>(rounds) * size * size * 1e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(expected_utility_rounds)
    ->ArgNames({"N"})
    ->Arg(0)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond);

// A whole sweep through run_sweep (units, spool, final files) on local threads:
// a grid of `points` values of the US minerals salience × 100 replicates, no analysis.
void ukraine_sweep(benchmark::State& state) {
  const Scenario scenario = load_scenario(scenario_path(0));
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
  std::string leaf = "parley_bench_sweep_";
  leaf += std::to_string(state.range(0));
  const auto folder = std::filesystem::temp_directory_path() / leaf;
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
