// `parley compare` (analysis/run_comparison.hpp): hand-computed comparisons of small
// samples built in memory, a run folder read back, a null check (two seeds of one
// scenario, 100 times) and a power check (a known shift in a rate, 400 times).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/comparison_report.hpp"
#include "analysis/run_comparison.hpp"
#include "analysis/run_sample.hpp"
#include "core/errors.hpp"
#include "core/random.hpp"
#include "output/temporary_folder.hpp"
#include "parsing/overrides.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/run.hpp"

namespace parley {
namespace {

// A one-point run in memory with the given seed and replicate count.
RunSample sample(std::uint64_t seed, std::int64_t replicates, const std::string& folder) {
  RunSample s;
  s.folder = folder;
  s.manifest.inputs.seed = seed;
  s.manifest.inputs.replicates = replicates;
  PointSample point;
  point.point = "0";
  for (std::int64_t r = 0; r < replicates; ++r) point.replicates.push_back(r);
  s.points.push_back(point);
  return s;
}

void add_rate(RunSample& s, const std::string& metric, std::int64_t successes,
              std::int64_t trials) {
  s.summary_rate_metrics.push_back(metric);
  s.points[0].summary_rates[metric] = {successes, trials};
}

void add_series(RunSample& s, const std::string& metric, SeriesKind kind,
                std::vector<double> values, std::vector<std::string> options = {}) {
  s.series.push_back({metric, kind, std::move(options)});
  s.points[0].series.push_back(std::move(values));
}

const ComparisonRow& find_row(const ComparisonReport& report, const std::string& metric) {
  for (const ComparisonRow& row : report.rows)
    if (row.metric == metric) return row;
  FAIL("no row " << metric);
  throw std::logic_error("unreachable");
}

TEST_CASE("independent rates: B − A, Newcombe's interval, the z test, Holm over the family",
          "[compare]") {
  // A: 48/80, B: 56/70 (the pooled z test of two_sample_test: z = 2.65017, p ≈ 0.00804),
  // and a second rate that does not move: 10/80 against 10/70.
  RunSample a = sample(1, 80, "a"), b = sample(2, 70, "b");
  add_rate(a, "agreement", 48, 80);
  add_rate(b, "agreement", 56, 70);
  add_rate(a, "veto.x", 10, 80);
  add_rate(b, "veto.x", 10, 70);
  ComparisonOptions options;
  const ComparisonReport report = compare_runs(a, b, options);
  CHECK_FALSE(report.paired);
  CHECK(report.pairing_reason.find("seeds differ") != std::string::npos);
  REQUIRE(report.rows.size() == 2);
  const ComparisonRow& agreement = find_row(report, "agreement");
  CHECK(agreement.a == 0.6);
  CHECK(agreement.b == 0.8);
  CHECK(agreement.difference == Approx(0.2).epsilon(1e-12));
  CHECK(agreement.statistic == Approx(0.2 / std::sqrt(717600.0 / 126000000.0)).epsilon(1e-12));
  CHECK(agreement.p_value == Approx(0.00804).margin(1e-4));
  CHECK(agreement.low < 0.2);
  CHECK(agreement.high > 0.2);
  // Holm over two tests: the smaller p doubled (0.0161): not below 0.01, below 0.05.
  CHECK(agreement.adjusted_p == Approx(2.0 * agreement.p_value).epsilon(1e-12));
  CHECK_FALSE(agreement.significant);
  CHECK(report.moved_count() == 0);
  options.alpha = 0.05;
  const ComparisonReport at_five = compare_runs(a, b, options);
  CHECK(find_row(at_five, "agreement").moved);
  CHECK_FALSE(find_row(at_five, "veto.x").moved);
  // Cohen's h = 2 asin √0.8 − 2 asin √0.6.
  CHECK(find_row(at_five, "agreement").effect_size ==
        Approx(2.0 * std::asin(std::sqrt(0.8)) - 2.0 * std::asin(std::sqrt(0.6))).epsilon(1e-12));
  // Benjamini–Hochberg: the smaller p times 2/1 as well; the larger unchanged.
  options.adjustment = Adjustment::kBenjaminiHochberg;
  const ComparisonReport bh = compare_runs(a, b, options);
  CHECK(find_row(bh, "veto.x").adjusted_p == Approx(find_row(bh, "veto.x").p_value).epsilon(1e-12));
}

TEST_CASE("paired rates use McNemar's exact test on the discordant pairs", "[compare]") {
  // 100 replicates: 30 agree in both runs, 5 only in A, 15 only in B, 50 in neither.
  // B − A = (15 − 5)/100; McNemar: 2·P(Bin(20, ½) ≤ 5) = 2·21700/2²⁰.
  std::vector<double> xa, xb;
  const auto add = [&](int count, double in_a, double in_b) {
    for (int k = 0; k < count; ++k) {
      xa.push_back(in_a);
      xb.push_back(in_b);
    }
  };
  add(30, 1, 1);
  add(5, 1, 0);
  add(15, 0, 1);
  add(50, 0, 0);
  RunSample a = sample(7, 100, "a"), b = sample(7, 100, "b");
  add_rate(a, "agreement", 35, 100);
  add_rate(b, "agreement", 45, 100);
  add_series(a, "agreement", SeriesKind::kRate, xa);
  add_series(b, "agreement", SeriesKind::kRate, xb);
  ComparisonOptions options;
  const ComparisonReport report = compare_runs(a, b, options);
  CHECK(report.paired);
  CHECK(report.pairing_reason.find("seed 7") != std::string::npos);
  const ComparisonRow& row = find_row(report, "agreement");
  CHECK(row.test == "McNemar");
  CHECK(row.difference == Approx(0.1).epsilon(1e-12));
  CHECK(row.p_value == Approx(2.0 * 21700.0 / 1048576.0).epsilon(1e-12));
  // The same data as independent samples: 35/100 against 45/100, a z test.
  options.pairing = Pairing::kIndependent;
  const ComparisonReport independent = compare_runs(a, b, options);
  CHECK_FALSE(independent.paired);
  CHECK(find_row(independent, "agreement").test == "z");
  CHECK(find_row(independent, "agreement").difference == Approx(0.1).epsilon(1e-12));
  // Pairing cannot be forced on runs of different seeds.
  options.pairing = Pairing::kPaired;
  RunSample other_seed = b;
  other_seed.manifest.inputs.seed = 8;
  CHECK_THROWS_AS(compare_runs(a, other_seed, options), UsageError);
}

TEST_CASE("tolerances: an exact name beats a pattern, points apply to rates only", "[compare]") {
  RunSample a = sample(1, 1000, "a"), b = sample(2, 1000, "b");
  add_rate(a, "agreement", 600, 1000);
  add_rate(b, "agreement", 800, 1000);
  std::vector<double> xa, xb;
  for (int k = 0; k < 1000; ++k) {
    xa.push_back(k / 1000.0);
    xb.push_back(k / 1000.0 + 0.3);
  }
  add_series(a, "issue.x", SeriesKind::kValue, xa);
  add_series(b, "issue.x", SeriesKind::kValue, xb);
  const auto moved = [&](const std::string& tolerances, const std::string& metric) {
    ComparisonOptions options;
    options.tolerances = parse_tolerances(tolerances);
    return find_row(compare_runs(a, b, options), metric).moved;
  };
  CHECK(moved("", "agreement"));
  CHECK_FALSE(moved("agreement=25pt", "agreement"));
  CHECK(moved("agreement=15pt", "agreement"));
  CHECK(moved("agreement=0.15", "agreement"));
  CHECK(moved("*=15pt", "agreement"));
  CHECK_FALSE(moved("*=15pt,agreement=25pt", "agreement"));
  CHECK_FALSE(moved("agreement=25pt,*=15pt", "agreement"));
  // A shift of 0.3: the mean and the Hodges–Lehmann median shift are 0.3, D = 0.3.
  CHECK_FALSE(moved("issue.x.mean=0.31", "issue.x.mean"));
  CHECK(moved("issue.x.mean=0.29", "issue.x.mean"));
  CHECK_FALSE(moved("issue.x.median=0.31", "issue.x.distribution"));
  CHECK(moved("issue.x.median=0.29", "issue.x.distribution"));
  CHECK_FALSE(moved("issue.x.ks=0.31", "issue.x.distribution"));
  CHECK(moved("issue.*.ks=0.29", "issue.x.distribution"));
  // "5pt" is for rates: it leaves issue.x.mean to its significance alone.
  CHECK(moved("*=50pt", "issue.x.mean"));
  ComparisonOptions options;
  options.tolerances = parse_tolerances("issue.y.median=0.1");
  CHECK_THROWS_WITH(compare_runs(a, b, options), Catch::Contains("matches no compared metric"));
  CHECK_THROWS_AS(parse_tolerances("agreement"), UsageError);
  CHECK_THROWS_AS(parse_tolerances("agreement=-1pt"), UsageError);
  CHECK_THROWS_AS(parse_tolerances("agreement=2 points"), UsageError);
  CHECK(parse_tolerances("agreement=2%")[0].amount == Approx(0.02).epsilon(1e-15));
}

TEST_CASE("a shifted value: mean, Hodges–Lehmann shift, KS distance, by hand", "[compare]") {
  // A = 0, 1, …, 99 and B = A + 50: means 49.5 and 99.5; every difference b_j − a_i
  // is 50 + (j − i), whose median is 50; the empirical CDFs differ by at most 50/100.
  std::vector<double> xa, xb;
  for (int k = 0; k < 100; ++k) {
    xa.push_back(k);
    xb.push_back(k + 50);
  }
  RunSample a = sample(1, 100, "a"), b = sample(2, 100, "b");
  add_series(a, "utility.us", SeriesKind::kValue, xa);
  add_series(b, "utility.us", SeriesKind::kValue, xb);
  const ComparisonReport report = compare_runs(a, b, ComparisonOptions{});
  const ComparisonRow& mean = find_row(report, "utility.us.mean");
  CHECK(mean.a == 49.5);
  CHECK(mean.b == 99.5);
  CHECK(mean.difference == 50.0);
  CHECK(mean.test == "Welch t");
  // Both sds √(100·101/12) = 29.0115: Cohen's d = 50/29.0115.
  CHECK(mean.effect_size == Approx(50.0 / std::sqrt(10100.0 / 12.0)).epsilon(1e-12));
  const ComparisonRow& distribution = find_row(report, "utility.us.distribution");
  CHECK(distribution.a == 49.5);
  CHECK(distribution.b == 99.5);
  CHECK(distribution.difference == 50.0);
  CHECK(distribution.statistic == 0.5);
  CHECK(distribution.test == "KS D=0.500 exact");
  CHECK(distribution.p_value < 1e-10);
  CHECK(report.moved_count() == 2);
  // --metric selects rows by pattern; one matching nothing is an error.
  ComparisonOptions options;
  options.metrics = {"*.mean"};
  CHECK(compare_runs(a, b, options).rows.size() == 1);
  options.metrics = {"issue.*"};
  CHECK_THROWS_AS(compare_runs(a, b, options), UsageError);
}

TEST_CASE("a discrete issue is compared option by option", "[compare]") {
  // A ends on "kept" 3 times of 4, B on "restored" 3 times of 4; B lists its options
  // in another order.
  RunSample a = sample(1, 4, "a"), b = sample(2, 4, "b");
  add_series(a, "issue.missions", SeriesKind::kCategory, {0, 0, 0, 1}, {"kept", "restored"});
  add_series(b, "issue.missions", SeriesKind::kCategory, {0, 0, 0, 1}, {"restored", "kept"});
  const ComparisonReport report = compare_runs(a, b, ComparisonOptions{});
  CHECK(find_row(report, "issue.missions=kept").a == 0.75);
  CHECK(find_row(report, "issue.missions=kept").b == 0.25);
  CHECK(find_row(report, "issue.missions=restored").difference == 0.5);
}

TEST_CASE("runs of other designs are refused, naming the difference", "[compare]") {
  RunSample a = sample(1, 10, "a"), b = sample(1, 10, "b");
  a.design_columns = {"actors.us.capability"};
  a.points[0].design_values = {"0.5"};
  CHECK_THROWS_WITH(compare_runs(a, b, ComparisonOptions{}),
                    Catch::Contains("sweep different parameters") &&
                        Catch::Contains("actors.us.capability") && Catch::Contains("no parameter"));
  b.design_columns = a.design_columns;
  b.points[0].design_values = {"0.6"};
  CHECK_THROWS_WITH(compare_runs(a, b, ComparisonOptions{}),
                    Catch::Contains("point 0 sets actors.us.capability = 0.5 in A (a) but 0.6 "
                                    "in B (b)"));
  b.points[0].design_values = {"0.5"};
  b.points[0].point = "1";
  CHECK_THROWS_WITH(compare_runs(a, b, ComparisonOptions{}),
                    Catch::Contains("point 0 of A (a) is not in B (b)"));
}

// The flagship with Ukraine's walk-away value at 0.6, where about half the
// replicates agree (scenarios/ukraine_2025.toml's comment): every rate informative.
Scenario half_agreeing_flagship() {
  Scenario scenario =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/scenarios/ukraine_2025.toml");
  apply_override(scenario, "actors.ukraine.reservation_utility=0.6");
  return scenario;
}

std::filesystem::path save(const Scenario& scenario, std::uint64_t seed, std::int64_t replicates,
                           const std::filesystem::path& out) {
  RunRequest request;
  request.seed = seed;
  request.replicates = replicates;
  request.threads = 1;
  return save_run(scenario, run_in_memory(scenario, request, "test"), out).folder;
}

TEST_CASE("a run folder read back: rates per replicate agree with summary.csv", "[compare]") {
  const Scenario scenario = half_agreeing_flagship();
  const TemporaryFolder work("parley-compare-test");
  const auto folder = save(scenario, 5, 200, work.path() / "run");
  const RunSample s = load_run_sample(folder);
  CHECK(s.manifest.inputs.seed == 5);
  REQUIRE(s.points.size() == 1);
  CHECK(s.points[0].replicates.size() == 200);
  // Every rate outcomes.csv can tell was kept (its counts equal summary.csv's);
  // beats_reservation.* only as counts.
  for (const char* metric :
       {"agreement", "agreed_in.peace_talks", "threat_made.aid_cutoff",
        "threat_carried_out.more_sanctions", "shock.battlefield_gains", "zone_of_agreement",
        "no_deal_with_zone", "pareto_efficient", "nearest_deal.minerals_for_guarantees"}) {
    INFO(metric);
    CHECK(s.series_index(metric) >= 0);
  }
  CHECK(s.series_index("beats_reservation.us") < 0);
  CHECK(s.points[0].summary_rates.count("beats_reservation.us") == 1);
  const int missions = s.series_index("issue.diplomatic_missions");
  REQUIRE(missions >= 0);
  CHECK(s.series[static_cast<std::size_t>(missions)].kind == SeriesKind::kCategory);
  CHECK(s.series[static_cast<std::size_t>(s.series_index("issue.territory"))].kind ==
        SeriesKind::kValue);
  // A run against itself is paired and nothing differs: every p-value is 1.
  const ComparisonReport same = compare_runs(s, s, ComparisonOptions{});
  CHECK(same.paired);
  CHECK(same.moved_count() == 0);
  for (const ComparisonRow& row : same.rows) CHECK(row.p_value == 1.0);
  // A cell that is not a number: file, line and column.
  std::ifstream in(folder / "outcomes.csv");
  std::stringstream text;
  text << in.rdbuf();
  std::string bytes = text.str();
  // Line 3's sixth cell (point, replicate, agreed, phase, round, then sanctions_relief).
  std::size_t cell = bytes.find('\n', bytes.find('\n') + 1) + 1;
  for (int comma = 0; comma < 5; ++comma) cell = bytes.find(',', cell) + 1;
  bytes.replace(cell, 1, "x");
  std::filesystem::create_directory(work.path() / "bad");
  for (const char* name : {"manifest.json", "summary.csv"})
    std::filesystem::copy_file(folder / name, work.path() / "bad" / name);
  std::ofstream(work.path() / "bad" / "outcomes.csv") << bytes;
  CHECK_THROWS_WITH(load_run_sample(work.path() / "bad"),
                    Catch::Contains("outcomes.csv:3:") &&
                        Catch::Contains("expected the column sanctions_relief (a number)") &&
                        Catch::Contains("found \"x"));
  // A value beyond parley's limit for issue values (its variance could overflow).
  bytes.replace(cell, bytes.find(',', cell) - cell, "-2e13");
  std::ofstream(work.path() / "bad" / "outcomes.csv") << bytes;
  CHECK_THROWS_WITH(load_run_sample(work.path() / "bad"),
                    Catch::Contains("outcomes.csv:3:") &&
                        Catch::Contains("expected the column sanctions_relief within ±1e+12") &&
                        Catch::Contains("found -2e13"));
  CHECK_THROWS_AS(load_run_sample(work.path() / "missing"), UsageError);
}

TEST_CASE("null check: two seeds of one scenario differ by nothing significant",
          "[compare][null]") {
  // 100 repetitions, each comparing two runs of 100 replicates with fresh seeds
  // (2k + 1 against 2k + 2), 45 tests each, Holm at α = 0.01. The family-wise error
  // rate is at most 0.01, so the count of repetitions that find something is at most
  // Binomial(100, 0.01): above 4 has probability 0.0034. Unadjusted, each single
  // test's p-value is uniform (or, discrete, conservative): p < 0.05 in at most
  // 5% of repetitions, so at most 12 of 100 (P(Bin(100, 0.05) > 12) = 0.002).
  // Measured (7 Dec 2026): 45 tests a comparison, 0 of 100 found anything; p < 0.05
  // for agreement 7, the sanctions relief distribution 6, the US utility mean 4.
  const Scenario scenario = half_agreeing_flagship();
  const TemporaryFolder work("parley-compare-null");
  int found_something = 0, agreement_below_5 = 0, distribution_below_5 = 0, mean_below_5 = 0;
  std::int64_t tests = 0;
  for (std::uint64_t k = 0; k < 100; ++k) {
    const std::string tag = std::to_string(k);
    const RunSample a = load_run_sample(save(scenario, 2 * k + 1, 100, work.path() / ("a" + tag)));
    const RunSample b = load_run_sample(save(scenario, 2 * k + 2, 100, work.path() / ("b" + tag)));
    const ComparisonReport report = compare_runs(a, b, ComparisonOptions{});
    CHECK_FALSE(report.paired);
    tests = static_cast<std::int64_t>(report.rows.size());
    found_something += report.significant_count() > 0 ? 1 : 0;
    agreement_below_5 += find_row(report, "agreement").p_value < 0.05 ? 1 : 0;
    distribution_below_5 +=
        find_row(report, "issue.sanctions_relief.distribution").p_value < 0.05 ? 1 : 0;
    mean_below_5 += find_row(report, "utility.us.mean").p_value < 0.05 ? 1 : 0;
    std::filesystem::remove_all(work.path() / ("a" + tag));
    std::filesystem::remove_all(work.path() / ("b" + tag));
  }
  INFO("tests per comparison " << tests << "; repetitions finding something " << found_something
                               << "; p < 0.05: agreement " << agreement_below_5
                               << ", sanctions relief distribution " << distribution_below_5
                               << ", US utility mean " << mean_below_5);
  CHECK(tests >= 40);
  CHECK(found_something <= 4);  // nothing significant in at least 96 of 100
  CHECK(agreement_below_5 <= 12);
  CHECK(distribution_below_5 <= 12);
  CHECK(mean_below_5 <= 12);
}

TEST_CASE("power check: a shift of 10 points in a rate is found as often as theory says",
          "[compare][power]") {
  // 500 replicates a run, rates 0.5 and 0.6, two-sided α = 0.05 (one test, no
  // adjustment). The z test's power: Φ((0.1 − z·σ₀)/σ₁) with σ₀ = √(2·0.55·0.45/500),
  // σ₁ = √((0.25 + 0.24)/500), z = 1.959964: Φ(1.2245) = 0.8896. Over 400 repetitions
  // the count found lies within 3.5 sd (√(400·0.89·0.11) = 6.3) of 355.8.
  Rng rng = Rng::stream(19, 0, 0, StreamPurpose::kPermutation);
  int found = 0;
  for (int k = 0; k < 400; ++k) {
    const auto draw = [&](double p) {
      std::int64_t successes = 0;
      for (int r = 0; r < 500; ++r) successes += rng.uniform01() < p ? 1 : 0;
      return successes;
    };
    RunSample a = sample(1, 500, "a"), b = sample(2, 500, "b");
    add_rate(a, "agreement", draw(0.5), 500);
    add_rate(b, "agreement", draw(0.6), 500);
    ComparisonOptions options;
    options.alpha = 0.05;
    found += compare_runs(a, b, options).moved_count() == 1 ? 1 : 0;
  }
  const double expected = 400.0 * 0.8896, sd = std::sqrt(400.0 * 0.8896 * 0.1104);
  INFO("found " << found << " of 400");
  CHECK(std::fabs(found - expected) < 3.5 * sd);
}

TEST_CASE("the report names the runs, the pairing and the correction in every format",
          "[compare]") {
  RunSample a = sample(1, 80, "run_a"), b = sample(2, 70, "run_b");
  add_rate(a, "agreement", 48, 80);
  add_rate(b, "agreement", 56, 70);
  ComparisonOptions options;
  options.alpha = 0.05;
  const ComparisonReport report = compare_runs(a, b, options);
  const std::string text = comparison_text(report, false);
  CHECK(text.find("A: run_a") != std::string::npos);
  CHECK(text.find("independent samples: the seeds differ (A 1, B 2)") != std::string::npos);
  CHECK(text.find("Holm") != std::string::npos);
  CHECK(text.find("+20.0 pt [") != std::string::npos);
  const std::string markdown = comparison_markdown(report, true);
  CHECK(markdown.find("| 0 | `agreement` | 60.0% | 80.0% | +20.0 pt [") != std::string::npos);
  const std::string json = comparison_json(report);
  CHECK(json.find("\"format\": \"parley-compare/1\"") != std::string::npos);
  CHECK(json.find("\"moved\": 1") != std::string::npos);
  // Names from a folder's files are escaped in text and Markdown (a terminal escape
  // sequence cannot act) and made valid UTF-8 in JSON (found by fuzzing).
  add_rate(a, "veto.\x1b[2J\xff", 1, 80);
  add_rate(b, "veto.\x1b[2J\xff", 60, 70);
  const ComparisonReport hostile = compare_runs(a, b, options);
  for (const std::string& out :
       {comparison_text(hostile, true), comparison_markdown(hostile, true)}) {
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find("veto.\\x1b[2J") != std::string::npos);
  }
  CHECK(comparison_json(hostile).find("veto.\\u001b[2J\xef\xbf\xbd") != std::string::npos);
}

}  // namespace
}  // namespace parley
