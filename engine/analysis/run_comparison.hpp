// `parley compare`: did the outcome distribution of a run really change?
//
// Two finished run or sweep folders (analysis/run_sample.hpp) are compared point by
// point — the same swept parameters at the same values, or the comparison is
// refused naming the difference. Every difference is B − A (how run B differs from
// the reference A), with a two-sided interval at `confidence` (95%):
//
// | row                        | A, B    | B − A, interval          | test              |
// |----------------------------|---------|--------------------------|-------------------|
// | a rate of summary.csv (1)  | rates   | Newcombe hybrid score    | pooled z          |
// | issue.<id>=<option> (2)    | shares  | Newcombe hybrid score    | pooled z          |
// | issue.<id>.mean (3)        | means   | Welch t                  | Welch t           |
// | issue.<id>.distribution (3)| medians | Hodges–Lehmann, Mann–Whitney | two-sample KS |
//
// (1) every binary metric: agreement, agreed_in.<phase>, veto.<actor>,
// beats_reservation.<actor>, threats made / carried out / backed down, side
// payments, shocks, zone_of_agreement, no_deal_with_zone, pareto_efficient,
// nearest_deal.<deal>. (2) each option of a discrete issue. (3) and the same for
// each actor's utility, utility.<actor>.mean and utility.<actor>.distribution.
//
// Paired runs. When both runs used the same seed and the same replicate numbers at
// every point, replicate i of A and of B drew from the same random streams (common
// random numbers): the pairs, not the values, are independent, and the paired
// tests are both valid and more powerful — McNemar's exact test with Newcombe's
// paired interval for a rate (when the rate counts every replicate in both runs;
// a conditional rate such as nearest_deal.<deal>, or one outcomes.csv cannot tell
// per replicate such as beats_reservation.<actor>, keeps the independent test), the
// paired t for a mean, the difference of the medians with a bootstrap of the pairs,
// and the pair-swap permutation KS test (analysis/two_sample.hpp). The report says
// which was used; `pairing` forces either.
//
// Multiple testing. Every row is a test; their p-values are adjusted together, over
// every point and metric compared, by Holm's step-down method (family-wise error
// rate ≤ alpha under any dependence; the default: a CI gate must not cry wolf) or by
// Benjamini–Hochberg (false discovery rate; more power for exploratory sweeps).
//
// Verdict. A row is significant when its adjusted p-value is below alpha. It has
// moved when it is significant and, if a tolerance applies to it, the difference
// exceeds the tolerance: |B − A| for a rate or a mean, |the median shift| for
// `<metric>.median`, the KS distance D for `<metric>.ks`. A tolerance names rows by
// glob patterns (fnmatch: `*`, `?`, `[…]`); one in percentage points ("2pt") applies
// only to rates; an exact name beats a pattern, and among patterns the first
// given wins. Rows are ranked by a standardised effect size: Cohen's h for rates,
// Cohen's d (difference over the root mean square of the two sds) for means, D for
// distributions.
//
// References: Newcombe RG (1998) Statistics in Medicine 17:873–890, 2635–2650;
// McNemar Q (1947) Psychometrika 12:153–157; Welch BL (1947) Biometrika 34:28–35;
// Hodges JL & Lehmann EL (1963) Ann Math Stat 34:598–611; Holm S (1979) Scand J Stat
// 6:65–70; Benjamini Y & Hochberg Y (1995) JRSS B 57:289–300; Cohen J (1988)
// Statistical Power Analysis for the Behavioral Sciences, 2nd ed., ch. 2 and 6; Law AM
// (2015) Simulation Modeling and Analysis, 5th ed., §11.2 (common random numbers).
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/run_sample.hpp"
#include "analysis/two_sample.hpp"

namespace parley {

inline constexpr std::int64_t kSequentialStop = 50;

enum class Pairing : std::uint8_t { kAuto, kPaired, kIndependent };
enum class Adjustment : std::uint8_t { kHolm, kBenjaminiHochberg };

std::string_view to_string(Adjustment adjustment);
// "holm", or "bh" / "benjamini-hochberg"; UsageError naming `option` otherwise.
Adjustment adjustment_from(std::string_view text, std::string_view option);

struct Tolerance {
  std::string pattern;     // over row names: "agreement", "issue.*.median", …
  double amount = 0.0;     // in the row's units; a rate's as a fraction
  bool in_points = false;  // given as "…pt" or "…%": rates only
  std::string text;        // as given, for the report
};

// "agreement=2pt,issue.sanctions_relief.median=0.05" (comma-separated; the option
// may be repeated). UsageError naming the item for a missing '=', an empty name, or
// an amount that is not a number ≥ 0 (with an optional "pt" or "%" suffix).
std::vector<Tolerance> parse_tolerances(std::string_view text);

// "agreement, issue.*" → {"agreement", "issue.*"} (items trimmed, empty ones
// dropped): --metric, and the items of --tolerance.
std::vector<std::string> parse_metric_patterns(std::string_view text);

struct ComparisonOptions {
  double alpha = 0.01;
  double confidence = 0.95;
  Adjustment adjustment = Adjustment::kHolm;
  Pairing pairing = Pairing::kAuto;
  std::vector<std::string> metrics;  // glob patterns over row names; empty: every row
  std::vector<Tolerance> tolerances;
  // Permutation KS tests (paired runs, or m·n > 10⁸): at most max(permutations,
  // ⌈2·tests/alpha⌉) relabellings — so that the smallest p-value, 1/(B + 1), survives
  // the adjustment — stopping after kSequentialStop reach D (Besag & Clifford 1991).
  std::int64_t permutations = kKsPermutations;
  std::uint64_t seed = 1;  // the permutation streams' seed (StreamPurpose::kPermutation)
  int threads = 0;  // for the KS tests; 0: all hardware threads. Results do not depend on it.
  const std::atomic<bool>* cancel = nullptr;  // when set: RunCancelled between tests
};

enum class RowKind : std::uint8_t { kRate, kMean, kDistribution };
std::string_view to_string(RowKind kind);  // "rate", "mean", "distribution"

struct ComparisonRow {
  std::size_t point = 0;  // index into ComparisonReport::points
  std::string metric;  // "agreement", "issue.x=option", "issue.x.mean", "utility.us.distribution"
  RowKind kind = RowKind::kRate;
  bool paired = false;
  std::string test;  // "Newcombe, z", "McNemar exact", "Welch t", "paired t", "KS exact", …
  std::int64_t n_a = 0, n_b = 0;
  double a = 0.0, b = 0.0;  // rates, means, or medians
  double difference = 0.0;  // B − A: rate or mean difference; median shift
  double low = 0.0, high = 0.0;
  double statistic = 0.0;  // z (rates; 0 for McNemar), t, or D
  double p_value = 1.0;
  double adjusted_p = 1.0;
  double effect_size = 0.0;  // |Cohen's h|, |Cohen's d|, or D
  std::string tolerance;     // the tolerance that applied ("" for none), as given
  double tolerance_amount = 0.0;
  double tolerance_measure = 0.0;  // what was held against it
  bool significant = false;
  bool moved = false;
};

struct ComparisonPoint {
  std::string point;
  std::vector<std::string> design_values;  // as in outcomes.csv
  std::int64_t replicates_a = 0, replicates_b = 0;
  // The power of the agreement test: the smallest shift from A's agreement rate that
  // the two-proportion z test at the strictest level of the family's adjustment
  // (alpha / tests, Holm's first step) finds with probability kReportedPower, at the
  // smaller of the two replicate counts (detectable_rate_difference). NaN without
  // an agreement row.
  double detectable_agreement_shift = std::numeric_limits<double>::quiet_NaN();
};

inline constexpr double kReportedPower = 0.8;

struct RunDescription {
  std::string folder;
  std::string scenario;  // the manifest's scenario path
  std::uint64_t seed = 0;
  std::int64_t replicates = 0;  // per point
  std::string git_commit;
};

struct ComparisonReport {
  RunDescription a, b;
  bool paired = false;
  std::string pairing_reason;
  Adjustment adjustment = Adjustment::kHolm;
  double alpha = 0.01;
  double confidence = 0.95;
  std::vector<std::string> design_columns;
  std::vector<ComparisonPoint> points;
  std::vector<ComparisonRow> rows;     // in test order (point, then metric)
  std::vector<std::string> only_in_a;  // metrics one run has and the other lacks
  std::vector<std::string> only_in_b;
  std::vector<std::string> notes;  // rows that could not be tested, and why
  std::vector<Tolerance> tolerances;

  std::size_t moved_count() const;
  std::size_t significant_count() const;
  // Indices into `rows`, largest effect size first (ties: test order).
  std::vector<std::size_t> by_effect_size() const;
};

// UsageError when the runs cannot be compared (different swept parameters, a point
// missing or at other values, forced pairing of unpaired runs, a tolerance or
// metric pattern that matches no row, alpha or confidence outside (0, 1)).
ComparisonReport compare_runs(const RunSample& a, const RunSample& b,
                              const ComparisonOptions& options);

}  // namespace parley
