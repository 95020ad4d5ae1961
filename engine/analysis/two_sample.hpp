// Two-sample comparisons: did an outcome's distribution change between two runs?
//
// The statistical core of `parley compare` (issue 19). Every difference is the
// first sample minus the second (run A − run B), and every interval is two-sided.
//
// | question                  | estimate       | interval                 | test                |
// |---------------------------|----------------|--------------------------|---------------------|
// | a rate, independent runs  | p1 − p2        | Newcombe 17:873, no. 10  | pooled z            |
// | a rate, paired runs       | (b − c)/n      | Newcombe 17:2635, no. 10 | exact McNemar       |
// | a whole distribution      | KS distance D  | —                        | exact / permutation |
// | a mean                    | mean1 − mean2  | Welch (1947) t           | Welch t             |
// | a location (median) shift | Hodges–Lehmann | Mann–Whitney             | —                   |
// | a mean, paired runs       | mean of d_i    | Student t, n − 1 df      | paired t            |
// | a median, paired runs     | med1 − med2    | bootstrap of the pairs   | —                   |
// | a distribution, paired    | KS distance D  | —                        | pair-swap perm.     |
// | many tests at once        | —              | —                        | Holm, BH adjusted p |
//
// Proportions. The hybrid score interval combines the two Wilson (1927) intervals
// (l_i, u_i) of p1 and p2: L = d − √((p1 − l1)² + (u2 − p2)²), U = d + √((u1 − p1)²
// + (p2 − l2)²). Paired: with the 2×2 table a (both), b (first only), c (second
// only), d (neither), the same construction on the Wilson intervals of (a + b)/n and
// (a + c)/n with the correlation φ̂ of the table, its numerator AD − BC replaced by
// max(AD − BC − n/2, 0) when positive, and φ̂ = 0 when a margin is empty.
//
// Kolmogorov–Smirnov. D = max |F1(t) − F2(t)| over the data, ties handled by
// evaluating only after every observation equal to t has been counted. The exact
// p-value P(D* ≥ D) under the permutation null counts lattice paths from (0, 0) to
// (m, n) (Hodges 1957; Kim & Jennrich 1973), as probabilities in [0, 1] (a uniform
// path reaches (i, j) from (i−1, j) with probability i/(i+j)), so nothing overflows
// and a small p-value keeps its relative precision (one below the smallest double,
// ≈ 1e-308, comes out as 0). Under ties the path is checked only where a block of
// equal pooled values ends, which makes it the exact conditional (permutation)
// p-value given the tie pattern (Schröer & Trenkler 1995), not merely a
// conservative bound. O(m·n) time, O(min(m, n)) memory. Above `exact_cells` = m·n
// the p-value is a permutation estimate from the caller's random stream:
// (1 + #{D* ≥ D}) / (1 + B) (Phipson & Smyth 2010), never 0, with Monte Carlo
// standard error √(p(1 − p)/B); its resolution 1/(B + 1) bounds what a
// multiple-testing correction can reject (choose B ≥ tests/α).
//
// Median shift. The Hodges–Lehmann (1963) estimate is the median of the m·n
// differences x_i − y_j: the shift between the medians when the two distributions
// differ by a shift only, a robust location shift otherwise (it is not the
// difference of the two sample medians). The interval [D_(C), D_(mn+1−C)] between
// order statistics of the differences covers the shift with probability
// 1 − 2 P(U ≤ C − 1), U the Mann–Whitney statistic (Lehmann 1975; Hollander & Wolfe
// 1999, ch. 4). C comes from the exact null distribution of U when m, n ≤
// `kExactMannWhitney`, else from the normal approximation with continuity
// correction, C = ⌊mn/2 + 1/2 − z·√(mn(m + n + 1)/12)⌋. Chosen over a percentile
// bootstrap of the difference in medians: deterministic (no seed, no Monte Carlo
// error in the bounds), distribution-free with known coverage under a shift, and
// O((m + n) log(m n)) through a selection in the sorted matrix of differences
// (Johnson & Mizoguchi 1978) instead of B resamples of m + n values. With ties
// (discrete outcomes) the coverage is approximate.
//
// Paired samples (replicate i of both runs drawn from the same random streams, so
// that the pairs, not the values, are independent): d_i = first_i − second_i. The
// mean shift is the mean of the d_i with Student's t interval. The median shift is
// the difference of the two runs' medians — not the median of the d_i, which is 0
// whenever most replicates end alike in both runs (a change that touches some
// replicates only) — with the percentile bootstrap interval from resampling the
// pairs (Efron & Tibshirani 1993, ch. 13). The paired KS statistic is D between
// the two marginal samples; under the null hypothesis that the two runs' outcomes
// are exchangeable within each pair, swapping the labels of each pair independently
// with probability 1/2 leaves their joint distribution unchanged, so the p-value is
// the permutation estimate (1 + #{D* ≥ D}) / (1 + B) over B such relabellings (the
// independent KS p-value would be wrong here: the pairs' correlation narrows the
// null distribution of D). O(B·d) after one sort, d the pairs whose values differ
// (a pair of equal values never changes a difference of counts).
//
// Multiple testing. Adjusted p-values as R's p.adjust: Holm's step-down
// max_{j≤i} min(1, (m − j + 1) p_(j)) controls the family-wise error rate under any
// dependence; Benjamini–Hochberg's step-up min_{j≥i} min(1, m p_(j) / j) controls
// the false discovery rate for independent or positively dependent tests.
//
// Distributions (normal, Student's t, binomial) are Boost.Math's. Bad arguments
// (empty samples, counts out of range, NaN values, a confidence outside (0, 1))
// throw std::invalid_argument.
//
// References: Newcombe RG (1998) Statistics in Medicine 17:873–890 (independent)
// and 17:2635–2650 (paired); McNemar Q (1947) Psychometrika 12:153–157; Hodges JL
// (1957) Arkiv för Matematik 3:469–486; Kim PJ & Jennrich RI (1973) Selected Tables
// in Mathematical Statistics 1:79–170; Schröer G & Trenkler D (1995) Computational
// Statistics & Data Analysis 20:185–202; Phipson B & Smyth GK (2010) Stat Appl Genet
// Mol Biol 9:39; Welch BL (1947) Biometrika 34:28–35; Hodges JL & Lehmann EL (1963)
// Ann Math Stat 34:598–611; Lehmann EL (1975) Nonparametrics; Hollander M & Wolfe DA
// (1999) Nonparametric Statistical Methods, 2nd ed.; Johnson DB & Mizoguchi T (1978)
// SIAM J Comput 7:147–153; Besag J & Clifford P (1991) Biometrika 78:301–304; Efron B &
// Tibshirani RJ (1993) An Introduction to the Bootstrap; Holm S (1979) Scand J
// Stat 6:65–70; Benjamini Y & Hochberg Y (1995) JRSS B 57:289–300.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/random.hpp"

namespace parley {

// Two independent binomial samples: x1 of n1 against x2 of n2.
struct ProportionDifference {
  double difference = 0.0;  // p1 − p2
  double low = 0.0;         // Newcombe hybrid score interval, within [−1, 1]
  double high = 0.0;
  double z = 0.0;        // (p1 − p2) / pooled standard error; 0 when all or none succeed
  double p_value = 1.0;  // two-sided, normal
};

// Requires 0 ≤ x_i ≤ n_i, n_i ≥ 1, confidence in (0, 1).
ProportionDifference compare_proportions(std::int64_t x1, std::int64_t n1, std::int64_t x2,
                                         std::int64_t n2, double confidence = 0.95);

// Paired binary outcomes (the same seeds and replicate streams in both runs), as the
// 2×2 table: both succeed, first only, second only, neither.
struct PairedProportionDifference {
  double difference = 0.0;  // (first_only − second_only) / n = p1 − p2
  double low = 0.0;         // Newcombe (1998, paired) method 10, within [−1, 1]
  double high = 0.0;
  double p_value = 1.0;  // exact McNemar: two-sided binomial test of the discordant pairs
};

// Requires every count ≥ 0 and a positive total; confidence in (0, 1).
PairedProportionDifference compare_paired_proportions(std::int64_t both, std::int64_t first_only,
                                                      std::int64_t second_only,
                                                      std::int64_t neither,
                                                      double confidence = 0.95);

// m·n at or below which the KS p-value is exact: 10,000 × 10,000, 0.1 s (small D) to
// 0.5 s (large D, or ties) on one 2.6 GHz core; 2,000 × 2,000 takes 4–22 ms (the
// hidden test "[timing]"). Above it the p-value is a permutation estimate: B = 10,000
// relabellings of 20,000 + 20,000 values take ≈ 2.5 s, and the cost grows as B·(m + n).
inline constexpr std::int64_t kKsExactCells = 100'000'000;
inline constexpr std::int64_t kKsPermutations = 10'000;

struct KolmogorovSmirnov {
  double statistic = 0.0;         // D in [0, 1]
  double p_value = 1.0;           // P(D* ≥ D) under exchangeability of the pooled values
  bool exact = true;              // false: permutation estimate
  std::int64_t permutations = 0;  // B when not exact
  double p_value_mcse = 0.0;      // Monte Carlo standard error of p_value (0 when exact)
};

// Sequential permutation p-values (Besag & Clifford 1991). With `stop_at` = h > 0 the
// relabelling stops as soon as h of them have reached the observed D: after L
// relabellings the p-value is h / L, valid as it stands (a large p-value needs few
// relabellings, so B can be raised to resolve small ones at little cost). Without
// stopping it is (1 + #{D* ≥ D}) / (1 + B). `permutations` in the result is L.
//
// Two-sided two-sample KS test. `rng` is used only when m·n > exact_cells; pass a
// stream of its own (e.g. Rng::stream(seed, point, metric, …)) so the result is a
// function of the seed. Both samples non-empty, no NaN; permutations ≥ 1.
KolmogorovSmirnov kolmogorov_smirnov(std::span<const double> first, std::span<const double> second,
                                     Rng& rng, std::int64_t exact_cells = kKsExactCells,
                                     std::int64_t permutations = kKsPermutations,
                                     std::int64_t stop_at = 0);

struct MeanShift {
  double difference = 0.0;  // mean(first) − mean(second)
  double low = 0.0;         // Welch t interval
  double high = 0.0;
  double t = 0.0;                   // difference / standard error (±inf when both sds are 0)
  double degrees_of_freedom = 0.0;  // Welch–Satterthwaite (NaN when both sds are 0)
  double p_value = 1.0;             // two-sided
};

// Both samples of at least 2 finite values; confidence in (0, 1).
MeanShift welch_mean_shift(std::span<const double> first, std::span<const double> second,
                           double confidence = 0.95);

// Sizes up to which the Mann–Whitney null distribution is computed exactly.
inline constexpr std::int64_t kExactMannWhitney = 50;

struct MedianShift {
  double estimate = 0.0;  // Hodges–Lehmann: median of first_i − second_j
  double low = 0.0;       // −inf / +inf when no order statistic reaches the confidence
  double high = 0.0;
  double coverage = 0.0;  // achieved confidence: exact, or the nominal one (normal)
  bool exact = true;      // C from the exact Mann–Whitney distribution
};

// Both samples non-empty, no NaN; confidence in (0, 1).
MedianShift hodges_lehmann_shift(std::span<const double> first, std::span<const double> second,
                                 double confidence = 0.95);

// The k-th smallest (1-based, 1 ≤ k ≤ m·n) of the differences first_i − second_j, both
// inputs sorted ascending. O((m + n) log(m n)) time, O(m) memory.
double kth_pairwise_difference(std::span<const double> first_sorted,
                               std::span<const double> second_sorted, std::int64_t k);

// Paired versions: first[i] and second[i] are replicate i of the two runs (equal
// sizes, no NaN). paired_mean_shift needs n ≥ 2; its degrees_of_freedom are n − 1
// (NaN when every difference is the same).
MeanShift paired_mean_shift(std::span<const double> first, std::span<const double> second,
                            double confidence = 0.95);
// median(first) − median(second) with the percentile bootstrap interval over
// `resamples` resamples of the pairs (`exact` = false, `coverage` = confidence).
inline constexpr std::int64_t kMedianResamples = 1'000;
MedianShift paired_median_difference(std::span<const double> first, std::span<const double> second,
                                     Rng& rng, std::int64_t resamples = kMedianResamples,
                                     double confidence = 0.95);
// `rng` draws the pair swaps (B·n bits); exact = false unless D = 0 (p = 1 exactly).
KolmogorovSmirnov paired_kolmogorov_smirnov(std::span<const double> first,
                                            std::span<const double> second, Rng& rng,
                                            std::int64_t permutations = kKsPermutations,
                                            std::int64_t stop_at = 0);

// Sample size and power of the two-proportion z test (two-sided, level alpha, equal
// replicates n in both runs; Fleiss, Levin & Paik 2003, §4.2, without continuity
// correction — what R's power.prop.test computes): the power to find rates p1 and p2
// apart is Φ((√n·|p1 − p2| − z_{1−α/2}·√(2 p̄ q̄)) / √(p1 q1 + p2 q2)), p̄ = (p1 + p2)/2,
// so the replicates needed for a given power are
//   n = ((z_{1−α/2} √(2 p̄ q̄) + z_power √(p1 q1 + p2 q2)) / (p1 − p2))²  (not rounded up).
// `detectable_rate_difference` inverts it: the smallest d > 0 with power(p, p + d) ≥
// power at n replicates (bisection; the shift goes to the side with more room, up from
// p ≤ ½ and down from above; the whole room when no shift reaches the power).
// alpha, power in (0, 1); p in [0, 1]; p1 ≠ p2; n ≥ 1.
double rate_test_power(double p1, double p2, double replicates, double alpha);
double replicates_for_rate_difference(double p1, double p2, double alpha, double power);
double detectable_rate_difference(double p, double replicates, double alpha, double power);

// Adjusted p-values in the input order; every p in [0, 1].
std::vector<double> holm_adjust(std::span<const double> p_values);
std::vector<double> benjamini_hochberg_adjust(std::span<const double> p_values);

}  // namespace parley
