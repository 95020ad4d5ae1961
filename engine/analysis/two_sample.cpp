// Two-sample comparisons; the methods and references are in the header.
//
// Wilson intervals come from output/summary.hpp (analysis sits above output in
// docs/architecture.md, so the one implementation serves both). Counts are
// int64; products of counts that could pass 2^63 (the paired table's margins)
// are formed in double.
#include "analysis/two_sample.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "output/summary.hpp"

namespace parley {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// alpha, power and confidence levels.
void check_open_unit(double x, const char* name) {
  if (!(x > 0.0 && x < 1.0))
    throw std::invalid_argument(fmt::format("{} must lie in (0, 1), found {}", name, x));
}

// The standard normal quantile for a two-sided interval at `confidence`.
double two_sided_z(double confidence) {
  return boost::math::quantile(boost::math::normal(), 0.5 + confidence / 2.0);
}

double two_sided_normal_p(double z) {
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(z)));
}

double clamp_unit(double x) { return std::clamp(x, -1.0, 1.0); }

void check_sample(std::span<const double> sample, const char* name, std::size_t minimum) {
  if (sample.size() < minimum)
    throw std::invalid_argument(fmt::format("the {} sample needs at least {} values, found {}",
                                            name, minimum, sample.size()));
  for (double v : sample)
    if (std::isnan(v)) throw std::invalid_argument(fmt::format("the {} sample contains NaN", name));
}

std::vector<double> sorted_copy(std::span<const double> sample) {
  std::vector<double> sorted(sample.begin(), sample.end());
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// ---- Kolmogorov–Smirnov ----------------------------------------------------

// The permutation p-value from `reaches()` (one relabelling: whether its D* ≥ D),
// at most `permutations` times, stopping after `stop_at` > 0 successes (Besag &
// Clifford 1991).
template <class Relabel>
KolmogorovSmirnov permutation_p_value(KolmogorovSmirnov result, std::int64_t permutations,
                                      std::int64_t stop_at, Relabel&& reaches) {
  std::int64_t at_least = 0, drawn = 0;
  bool stopped = false;
  while (drawn < permutations) {
    ++drawn;
    if (reaches() && ++at_least == stop_at) {
      stopped = true;
      break;
    }
  }
  const auto l = static_cast<double>(drawn);
  result.exact = false;
  result.permutations = drawn;
  result.p_value = stopped ? static_cast<double>(at_least) / l
                           : (1.0 + static_cast<double>(at_least)) / (1.0 + l);
  result.p_value_mcse = std::sqrt(result.p_value * (1.0 - result.p_value) / l);
  return result;
}

// The pooled sample in ascending order as labels (1: first sample) and, for each
// prefix length k = 0 … m + n, whether a block of equal values ends there.
struct PooledOrder {
  std::vector<std::uint8_t> first;      // size m + n
  std::vector<std::uint8_t> block_end;  // size m + n + 1
};

PooledOrder pooled_order(std::span<const double> first, std::span<const double> second) {
  const std::vector<double> a = sorted_copy(first);
  const std::vector<double> b = sorted_copy(second);
  PooledOrder order;
  order.first.reserve(a.size() + b.size());
  order.block_end.assign(a.size() + b.size() + 1, 0);
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const double t = (j == b.size() || (i < a.size() && a[i] <= b[j])) ? a[i] : b[j];
    for (; i < a.size() && a[i] == t; ++i) order.first.push_back(1);
    for (; j < b.size() && b[j] == t; ++j) order.first.push_back(0);
    order.block_end[i + j] = 1;
  }
  return order;
}

// max |i·n − j·m| over the ends of blocks, i (j) the number of first (second)
// labels among the first k pooled values; D = that / (m·n). Stops as soon as the
// maximum reaches `stop_at`.
std::int64_t ks_numerator(const std::vector<std::uint8_t>& first,
                          const std::vector<std::uint8_t>& block_end, std::int64_t m,
                          std::int64_t n, std::int64_t stop_at) {
  std::int64_t difference = 0;  // i·n − j·m
  std::int64_t largest = 0;
  for (std::size_t k = 0; k < first.size(); ++k) {
    difference += first[k] ? n : -m;
    if (block_end[k + 1]) {
      largest = std::max(largest, difference < 0 ? -difference : difference);
      if (largest >= stop_at) break;
    }
  }
  return largest;
}

// P(D* ≥ d / (m·n)) over the C(m + n, m) equally likely labellings: v(i, j) is the
// share of the lattice paths to (i, j) that have already touched a checked point
// with |i·n − j·m| ≥ d. Rows run over the larger sample, the vector over the smaller.
double ks_exact_p_value(std::int64_t m, std::int64_t n, std::int64_t d,
                        const std::vector<std::uint8_t>& block_end) {
  if (d <= 0) return 1.0;
  const std::int64_t rows = std::max(m, n), columns = std::min(m, n);
  // Swapping the samples mirrors every path; |i·n − j·m| is unchanged.
  std::vector<double> v(static_cast<std::size_t>(columns) + 1, 0.0);
  // 1/(i + j) from a table keeps the division off the chain through v[j − 1].
  std::vector<double> reciprocal(static_cast<std::size_t>(rows + columns) + 1, 0.0);
  for (std::size_t k = 1; k < reciprocal.size(); ++k) reciprocal[k] = 1.0 / static_cast<double>(k);
  for (std::int64_t i = 0; i <= rows; ++i) {
    const std::int64_t base = i * columns;  // i·n − j·m with (m, n) = (rows, columns)
    const auto di = static_cast<double>(i);
    for (std::int64_t j = 0; j <= columns; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      const std::int64_t difference = base - j * rows;
      const bool outside =
          block_end[static_cast<std::size_t>(i + j)] && (difference >= d || -difference >= d);
      if (outside) {
        v[ju] = 1.0;
      } else if (i == 0 && j == 0) {
        v[ju] = 0.0;
      } else if (j == 0) {
        // only from (i − 1, 0): v[0] already holds it
      } else if (i == 0) {
        v[ju] = v[ju - 1];
      } else {
        const auto dj = static_cast<double>(j);
        v[ju] = (di * v[ju] + dj * v[ju - 1]) * reciprocal[static_cast<std::size_t>(i + j)];
      }
    }
  }
  return std::min(1.0, v[static_cast<std::size_t>(columns)]);
}

// ---- Mann–Whitney and Hodges–Lehmann ---------------------------------------

// P(U ≤ u) for u = 0 … m·n, U the Mann–Whitney count of pairs first > second under
// the null, by P_{a,b}(u) = a/(a+b) P_{a−1,b}(u − b) + b/(a+b) P_{a,b−1}(u)
// (the largest of the a + b values is a first-sample value with probability a/(a+b),
// and then it exceeds all b second-sample values).
std::vector<double> mann_whitney_cdf(std::int64_t m, std::int64_t n) {
  const auto nn = static_cast<std::size_t>(n);
  std::vector<std::vector<double>> previous(nn + 1, std::vector<double>{1.0});  // a = 0
  std::vector<std::vector<double>> current(nn + 1);
  for (std::int64_t a = 1; a <= m; ++a) {
    current[0] = {1.0};
    for (std::size_t b = 1; b <= nn; ++b) {
      const auto bi = static_cast<std::int64_t>(b);
      std::vector<double>& p = current[b];
      p.assign(static_cast<std::size_t>(a * bi) + 1, 0.0);
      const double from_first = static_cast<double>(a) / static_cast<double>(a + bi);
      const double from_second = 1.0 - from_first;
      const std::vector<double>& shifted = previous[b];  // (a − 1, b), moved up by b
      for (std::size_t u = 0; u < shifted.size(); ++u) p[u + b] += from_first * shifted[u];
      const std::vector<double>& same = current[b - 1];  // (a, b − 1)
      for (std::size_t u = 0; u < same.size(); ++u) p[u] += from_second * same[u];
    }
    std::swap(previous, current);
  }
  std::vector<double> cdf = std::move(previous[nn]);
  std::partial_sum(cdf.begin(), cdf.end(), cdf.begin());
  return cdf;
}

// k-th smallest (1-based) of a_i − b_j with a, b ascending. Row i holds
// a_i − b_{n−1−c} for c = 0 … n − 1, ascending in c; rows are ordered as well. Each
// row keeps the candidate columns [lo_i, hi_i): everything left of lo_i is below
// the answer, everything from hi_i on above it. The pivot, the weighted median of
// the rows' middle candidates, removes at least a quarter of the candidates per
// round (Johnson & Mizoguchi 1978); the rest is selected directly.
double kth_difference(std::span<const double> a, std::span<const double> b, std::int64_t k) {
  const std::size_t m = a.size(), n = b.size();
  const auto value = [&](std::size_t i, std::size_t c) { return a[i] - b[n - 1 - c]; };
  std::vector<std::size_t> lo(m, 0), hi(m, n), below(m), not_above(m);
  std::vector<std::pair<double, std::size_t>> middles;  // (value, weight)
  middles.reserve(m);
  for (;;) {
    std::int64_t left = 0, candidates = 0;
    middles.clear();
    for (std::size_t i = 0; i < m; ++i) {
      left += static_cast<std::int64_t>(lo[i]);
      if (lo[i] < hi[i]) {
        candidates += static_cast<std::int64_t>(hi[i] - lo[i]);
        middles.emplace_back(value(i, lo[i] + (hi[i] - lo[i] - 1) / 2), hi[i] - lo[i]);
      }
    }
    const std::int64_t rank = k - left;  // among the candidates, 1-based
    if (candidates <= static_cast<std::int64_t>(std::max(m, n))) {
      std::vector<double> rest;
      rest.reserve(static_cast<std::size_t>(candidates));
      for (std::size_t i = 0; i < m; ++i)
        for (std::size_t c = lo[i]; c < hi[i]; ++c) rest.push_back(value(i, c));
      const auto nth = rest.begin() + (rank - 1);
      std::nth_element(rest.begin(), nth, rest.end());
      return *nth;
    }
    std::sort(middles.begin(), middles.end());
    std::int64_t cumulative = 0;
    double pivot = middles.back().first;
    for (const auto& [v, weight] : middles) {
      cumulative += static_cast<std::int64_t>(weight);
      if (2 * cumulative >= candidates) {
        pivot = v;
        break;
      }
    }
    // Per row, the number of entries < pivot and ≤ pivot; both fall as i rises.
    std::int64_t count_below = 0, count_not_above = 0;
    std::size_t c_below = n, c_not_above = n;
    for (std::size_t i = 0; i < m; ++i) {
      while (c_below > 0 && value(i, c_below - 1) >= pivot) --c_below;
      while (c_not_above > 0 && value(i, c_not_above - 1) > pivot) --c_not_above;
      below[i] = c_below;
      not_above[i] = c_not_above;
      count_below += static_cast<std::int64_t>(c_below);
      count_not_above += static_cast<std::int64_t>(c_not_above);
    }
    if (count_below < k && k <= count_not_above) return pivot;
    if (k <= count_below) {
      for (std::size_t i = 0; i < m; ++i) hi[i] = std::min(hi[i], below[i]);
    } else {
      for (std::size_t i = 0; i < m; ++i) lo[i] = std::max(lo[i], not_above[i]);
    }
  }
}

void check_p_values(std::span<const double> p_values) {
  for (double p : p_values)
    if (!(p >= 0.0 && p <= 1.0))
      throw std::invalid_argument(fmt::format("a p-value must lie in [0, 1], found {}", p));
}

// Indices of p_values in ascending order of p (stable).
std::vector<std::size_t> ascending_order(std::span<const double> p_values) {
  std::vector<std::size_t> order(p_values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return p_values[x] < p_values[y]; });
  return order;
}

}  // namespace

ProportionDifference compare_proportions(std::int64_t x1, std::int64_t n1, std::int64_t x2,
                                         std::int64_t n2, double confidence) {
  if (n1 < 1 || n2 < 1 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2)
    throw std::invalid_argument(fmt::format(
        "proportions need 0 <= x <= n and n >= 1, found {}/{} and {}/{}", x1, n1, x2, n2));
  check_open_unit(confidence, "confidence");
  const double z = two_sided_z(confidence);
  const double p1 = static_cast<double>(x1) / static_cast<double>(n1);
  const double p2 = static_cast<double>(x2) / static_cast<double>(n2);
  const WilsonInterval w1 = wilson_interval(x1, n1, z);
  const WilsonInterval w2 = wilson_interval(x2, n2, z);

  ProportionDifference result;
  result.difference = p1 - p2;
  result.low = clamp_unit(result.difference - std::hypot(p1 - w1.low, w2.high - p2));
  result.high = clamp_unit(result.difference + std::hypot(w1.high - p1, p2 - w2.low));

  const double pooled =
      static_cast<double>(x1 + x2) / static_cast<double>(n1 + n2);  // x1 + x2 ≤ n1 + n2
  const double variance =
      pooled * (1.0 - pooled) * (1.0 / static_cast<double>(n1) + 1.0 / static_cast<double>(n2));
  if (variance > 0.0) {
    result.z = result.difference / std::sqrt(variance);
    result.p_value = std::min(1.0, two_sided_normal_p(result.z));
  }
  return result;
}

PairedProportionDifference compare_paired_proportions(std::int64_t both, std::int64_t first_only,
                                                      std::int64_t second_only,
                                                      std::int64_t neither, double confidence) {
  if (both < 0 || first_only < 0 || second_only < 0 || neither < 0 ||
      both + first_only + second_only + neither < 1)
    throw std::invalid_argument(
        fmt::format("a paired table needs counts >= 0 and a positive total, found {} {} {} {}",
                    both, first_only, second_only, neither));
  check_open_unit(confidence, "confidence");
  const double z = two_sided_z(confidence);
  const std::int64_t total = both + first_only + second_only + neither;
  const auto n = static_cast<double>(total);
  const double a = static_cast<double>(both), b = static_cast<double>(first_only),
               c = static_cast<double>(second_only), d = static_cast<double>(neither);

  const double p1 = (a + b) / n, p2 = (a + c) / n;
  const WilsonInterval w1 = wilson_interval(both + first_only, total, z);
  const WilsonInterval w2 = wilson_interval(both + second_only, total, z);
  const double margins = (a + b) * (c + d) * (a + c) * (b + d);
  double phi = 0.0;
  if (margins > 0.0) {
    double numerator = a * d - b * c;
    if (numerator > 0.0) numerator = std::max(numerator - n / 2.0, 0.0);
    phi = numerator / std::sqrt(margins);
  }
  const double below1 = p1 - w1.low, above1 = w1.high - p1;
  const double below2 = p2 - w2.low, above2 = w2.high - p2;

  PairedProportionDifference result;
  result.difference = (b - c) / n;
  result.low = clamp_unit(
      result.difference -
      std::sqrt(std::max(0.0, below1 * below1 - 2.0 * phi * below1 * above2 + above2 * above2)));
  result.high = clamp_unit(
      result.difference +
      std::sqrt(std::max(0.0, above1 * above1 - 2.0 * phi * above1 * below2 + below2 * below2)));

  const std::int64_t discordant = first_only + second_only;
  if (discordant > 0) {
    const boost::math::binomial_distribution<double> null(static_cast<double>(discordant), 0.5);
    const auto smaller = static_cast<double>(std::min(first_only, second_only));
    result.p_value = std::min(1.0, 2.0 * boost::math::cdf(null, smaller));
  }
  return result;
}

KolmogorovSmirnov kolmogorov_smirnov(std::span<const double> first, std::span<const double> second,
                                     Rng& rng, std::int64_t exact_cells, std::int64_t permutations,
                                     std::int64_t stop_at) {
  check_sample(first, "first", 1);
  check_sample(second, "second", 1);
  if (permutations < 1)
    throw std::invalid_argument(fmt::format("permutations must be >= 1, found {}", permutations));
  const auto m = static_cast<std::int64_t>(first.size());
  const auto n = static_cast<std::int64_t>(second.size());
  PooledOrder order = pooled_order(first, second);
  const std::int64_t observed =
      ks_numerator(order.first, order.block_end, m, n, std::numeric_limits<std::int64_t>::max());

  KolmogorovSmirnov result;
  result.statistic =
      static_cast<double>(observed) / (static_cast<double>(m) * static_cast<double>(n));
  if (m * n <= exact_cells) {
    result.p_value = ks_exact_p_value(m, n, observed, order.block_end);
    return result;
  }
  // Permutation null: relabel the pooled values uniformly at random (Fisher–Yates).
  std::vector<std::uint8_t>& labels = order.first;
  return permutation_p_value(result, permutations, stop_at, [&]() {
    for (std::size_t k = labels.size() - 1; k > 0; --k) {
      boost::random::uniform_int_distribution<std::size_t> pick(0, k);
      std::swap(labels[k], labels[pick(rng)]);
    }
    return ks_numerator(labels, order.block_end, m, n, observed) >= observed;
  });
}

MeanShift welch_mean_shift(std::span<const double> first, std::span<const double> second,
                           double confidence) {
  check_sample(first, "first", 2);
  check_sample(second, "second", 2);
  check_open_unit(confidence, "confidence");
  const auto moments = [](std::span<const double> x) {
    const auto count = static_cast<double>(x.size());
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / count;
    double squares = 0.0;
    for (double v : x) squares += (v - mean) * (v - mean);
    return std::pair{mean, squares / (count - 1.0) / count};  // mean, s²/n
  };
  const auto [mean1, mean_variance1] = moments(first);
  const auto [mean2, mean_variance2] = moments(second);
  if (!std::isfinite(mean1) || !std::isfinite(mean2) || !std::isfinite(mean_variance1) ||
      !std::isfinite(mean_variance2))
    throw std::invalid_argument("Welch's interval needs finite values");

  MeanShift result;
  result.difference = mean1 - mean2;
  const double variance = mean_variance1 + mean_variance2;
  if (!(variance > 0.0)) {
    result.low = result.high = result.difference;
    result.degrees_of_freedom = kNaN;
    if (result.difference != 0.0) {
      result.t = result.difference > 0.0 ? kInf : -kInf;
      result.p_value = 0.0;
    }
    return result;
  }
  const double se = std::sqrt(variance);
  // Welch–Satterthwaite on each sample's share of the variance (the shares sum to 1):
  // the squares of tiny variances would underflow to 0/0, of large ones overflow.
  const double share1 = mean_variance1 / variance;
  const double share2 = mean_variance2 / variance;
  result.degrees_of_freedom = 1.0 / (share1 * share1 / (static_cast<double>(first.size()) - 1.0) +
                                     share2 * share2 / (static_cast<double>(second.size()) - 1.0));
  const boost::math::students_t t_distribution(result.degrees_of_freedom);
  const double half = boost::math::quantile(t_distribution, 0.5 + confidence / 2.0) * se;
  result.low = result.difference - half;
  result.high = result.difference + half;
  result.t = result.difference / se;
  result.p_value = std::min(
      1.0, 2.0 * boost::math::cdf(boost::math::complement(t_distribution, std::fabs(result.t))));
  return result;
}

double kth_pairwise_difference(std::span<const double> first_sorted,
                               std::span<const double> second_sorted, std::int64_t k) {
  const auto m = static_cast<std::int64_t>(first_sorted.size());
  const auto n = static_cast<std::int64_t>(second_sorted.size());
  if (m < 1 || n < 1 || k < 1 || k > m * n)
    throw std::invalid_argument(
        fmt::format("rank {} is outside 1 … {}·{} pairwise differences", k, m, n));
  // Rows over the smaller sample: a_i − b_j = −(b_j − a_i), and rounding is symmetric.
  if (m > n) return -kth_difference(second_sorted, first_sorted, m * n + 1 - k);
  return kth_difference(first_sorted, second_sorted, k);
}

MedianShift hodges_lehmann_shift(std::span<const double> first, std::span<const double> second,
                                 double confidence) {
  check_sample(first, "first", 1);
  check_sample(second, "second", 1);
  check_open_unit(confidence, "confidence");
  const std::vector<double> a = sorted_copy(first);
  const std::vector<double> b = sorted_copy(second);
  const auto m = static_cast<std::int64_t>(a.size());
  const auto n = static_cast<std::int64_t>(b.size());
  const std::int64_t pairs = m * n;

  MedianShift result;
  result.estimate = pairs % 2 == 1 ? kth_pairwise_difference(a, b, (pairs + 1) / 2)
                                   : (kth_pairwise_difference(a, b, pairs / 2) +
                                      kth_pairwise_difference(a, b, pairs / 2 + 1)) /
                                         2.0;
  const double tail = (1.0 - confidence) / 2.0;
  std::int64_t c = 0;  // the interval is [D_(c), D_(mn + 1 − c)]; 0: unbounded
  if (m <= kExactMannWhitney && n <= kExactMannWhitney) {
    // Largest c with P(U ≤ c − 1) ≤ tail; the relative slack absorbs rounding in
    // the cumulative sums when a level is hit exactly.
    const std::vector<double> cdf = mann_whitney_cdf(m, n);
    while (c < pairs && cdf[static_cast<std::size_t>(c)] <= tail * (1.0 + 1e-12)) ++c;
    c = std::min(c, (pairs + 1) / 2);
    result.coverage = c > 0 ? 1.0 - 2.0 * cdf[static_cast<std::size_t>(c - 1)] : 1.0;
  } else {
    result.exact = false;
    const double mn = static_cast<double>(pairs);
    const double sd = std::sqrt(mn * static_cast<double>(m + n + 1) / 12.0);
    c = std::max<std::int64_t>(
        0, static_cast<std::int64_t>(std::floor(mn / 2.0 + 0.5 - two_sided_z(confidence) * sd)));
    result.coverage = c > 0 ? confidence : 1.0;
  }
  result.low = c > 0 ? kth_pairwise_difference(a, b, c) : -kInf;
  result.high = c > 0 ? kth_pairwise_difference(a, b, pairs + 1 - c) : kInf;
  return result;
}

namespace {

void check_pairs(std::span<const double> first, std::span<const double> second,
                 std::size_t minimum) {
  check_sample(first, "first", minimum);
  check_sample(second, "second", minimum);
  if (first.size() != second.size())
    throw std::invalid_argument(fmt::format("paired samples need equal sizes, found {} and {}",
                                            first.size(), second.size()));
}

}  // namespace

MeanShift paired_mean_shift(std::span<const double> first, std::span<const double> second,
                            double confidence) {
  check_pairs(first, second, 2);
  check_open_unit(confidence, "confidence");
  std::vector<double> d(first.size());
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = first[i] - second[i];
  const auto n = static_cast<double>(d.size());
  const double mean = std::accumulate(d.begin(), d.end(), 0.0) / n;
  double squares = 0.0;
  for (double v : d) squares += (v - mean) * (v - mean);
  const double variance = squares / (n - 1.0) / n;  // of the mean
  if (!std::isfinite(mean) || !std::isfinite(variance))
    throw std::invalid_argument("the paired t interval needs finite values");

  MeanShift result;
  result.difference = mean;
  if (!(variance > 0.0)) {
    result.low = result.high = mean;
    result.degrees_of_freedom = kNaN;
    if (mean != 0.0) {
      result.t = mean > 0.0 ? kInf : -kInf;
      result.p_value = 0.0;
    }
    return result;
  }
  const double se = std::sqrt(variance);
  result.degrees_of_freedom = n - 1.0;
  const boost::math::students_t t_distribution(result.degrees_of_freedom);
  const double half = boost::math::quantile(t_distribution, 0.5 + confidence / 2.0) * se;
  result.low = mean - half;
  result.high = mean + half;
  result.t = mean / se;
  result.p_value = std::min(
      1.0, 2.0 * boost::math::cdf(boost::math::complement(t_distribution, std::fabs(result.t))));
  return result;
}

MedianShift paired_median_difference(std::span<const double> first, std::span<const double> second,
                                     Rng& rng, std::int64_t resamples, double confidence) {
  check_pairs(first, second, 1);
  check_open_unit(confidence, "confidence");
  if (resamples < 1)
    throw std::invalid_argument(fmt::format("resamples must be >= 1, found {}", resamples));
  // Each sample as the rank of its value among the sample's distinct values, so a
  // resample is a vector of counts by rank and its type-7 median (as
  // quantile_sorted) one cumulative walk: O(n) a resample without moving values.
  struct Ranked {
    std::vector<double> values;       // distinct, ascending
    std::vector<std::uint32_t> rank;  // of each observation
    std::vector<std::uint32_t> count;
    explicit Ranked(std::span<const double> x) : values(x.begin(), x.end()), rank(x.size()) {
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
      for (std::size_t i = 0; i < x.size(); ++i)
        rank[i] = static_cast<std::uint32_t>(std::lower_bound(values.begin(), values.end(), x[i]) -
                                             values.begin());
      count.assign(values.size(), 0);
    }
    // The median of the observations counted (n of them), then clears the counts.
    double median_and_clear(std::size_t n) {
      const std::size_t upper_rank = n / 2, lower_rank = n % 2 == 1 ? n / 2 : n / 2 - 1;
      double lower = 0.0, upper = 0.0;
      std::size_t seen = 0;
      bool have_lower = false;
      for (std::size_t v = 0; v < count.size(); ++v) {
        seen += count[v];
        if (!have_lower && seen > lower_rank) {
          lower = values[v];
          have_lower = true;
        }
        if (seen > upper_rank) {
          upper = values[v];
          break;
        }
      }
      std::fill(count.begin(), count.end(), 0);
      return lower + 0.5 * (upper - lower);
    }
  };
  Ranked a(first), b(second);
  const std::size_t n = first.size();
  for (std::size_t i = 0; i < n; ++i) {
    ++a.count[a.rank[i]];
    ++b.count[b.rank[i]];
  }
  MedianShift result;
  result.estimate = a.median_and_clear(n) - b.median_and_clear(n);
  result.exact = false;
  result.coverage = confidence;
  std::vector<double> differences(static_cast<std::size_t>(resamples));
  boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
  for (double& difference : differences) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t k = pick(rng);
      ++a.count[a.rank[k]];
      ++b.count[b.rank[k]];
    }
    difference = a.median_and_clear(n) - b.median_and_clear(n);
  }
  std::sort(differences.begin(), differences.end());
  result.low = quantile_sorted(differences, (1.0 - confidence) / 2.0);
  result.high = quantile_sorted(differences, (1.0 + confidence) / 2.0);
  return result;
}

KolmogorovSmirnov paired_kolmogorov_smirnov(std::span<const double> first,
                                            std::span<const double> second, Rng& rng,
                                            std::int64_t permutations, std::int64_t stop_at) {
  check_pairs(first, second, 1);
  if (permutations < 1)
    throw std::invalid_argument(fmt::format("permutations must be >= 1, found {}", permutations));
  const std::size_t n = first.size();
  if (n > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw std::invalid_argument(fmt::format("at most 2^31 − 1 pairs, found {}", n));
  // A pair of equal values adds one to each sample's count at the same place, so it
  // never changes a difference of counts, swapped or not: only the pairs that differ
  // are walked (with common random numbers, often a minority). Their values in
  // ascending order, each with its pair and +1 (first sample) or −1 (second);
  // block_end[k + 1] marks the last of a run of equal values.
  struct Entry {
    double value;
    std::uint32_t pair;
    std::int8_t sign;
  };
  std::vector<Entry> pooled;
  std::uint32_t differing = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (first[i] == second[i]) continue;
    pooled.push_back({first[i], differing, 1});
    pooled.push_back({second[i], differing, -1});
    ++differing;
  }
  std::sort(pooled.begin(), pooled.end(),
            [](const Entry& x, const Entry& y) { return x.value < y.value; });
  std::vector<std::uint32_t> pair_of(pooled.size());
  std::vector<std::int8_t> sign(pooled.size());
  std::vector<std::uint8_t> block_end(pooled.size() + 1, 0);
  for (std::size_t k = 0; k < pooled.size(); ++k) {
    pair_of[k] = pooled[k].pair;
    sign[k] = pooled[k].sign;
    block_end[k + 1] = k + 1 == pooled.size() || pooled[k + 1].value != pooled[k].value;
  }

  // max over block ends of |#first − #second| among the values so far (D = that / n),
  // each pair's labels swapped where flip is −1; stops once the maximum reaches stop.
  std::int64_t observed = 0;
  {
    std::int64_t difference = 0;
    for (std::size_t k = 0; k < pair_of.size(); ++k) {
      difference += sign[k];
      if (block_end[k + 1])
        observed = std::max(observed, difference < 0 ? -difference : difference);
    }
  }

  KolmogorovSmirnov result;
  result.statistic = static_cast<double>(observed) / static_cast<double>(n);
  if (observed == 0) return result;  // every relabelling has D* ≥ 0: p = 1
  // Relabellings 16 at a time: bit j of lane_flips[i] swaps pair i in relabelling j,
  // and the 16 walks share each load of the pooled order (the compiler keeps the
  // lanes in vector registers). Served one by one in order, so the sequential stop
  // sees them as if drawn singly; lanes past a stop are discarded.
  constexpr std::size_t kLanes = 16;
  static constexpr std::array<std::int32_t, kLanes> kLaneBit = {
      1 << 0, 1 << 1, 1 << 2,  1 << 3,  1 << 4,  1 << 5,  1 << 6,  1 << 7,
      1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15};
  std::vector<std::uint16_t> lane_flips(differing);
  std::array<bool, kLanes> reached{};
  std::size_t served = kLanes;
  const auto next_batch = [&]() {
    for (std::size_t i = 0; i < lane_flips.size(); i += 4) {
      const std::uint64_t bits = rng();
      for (std::size_t q = 0; q < 4 && i + q < lane_flips.size(); ++q)
        lane_flips[i + q] = static_cast<std::uint16_t>(bits >> (16 * q));
    }
    std::array<std::int32_t, kLanes> difference{}, largest{};
    for (std::size_t k = 0; k < pair_of.size(); ++k) {
      const std::int32_t flips = lane_flips[pair_of[k]];
      const std::int32_t step = sign[k];
      for (std::size_t j = 0; j < kLanes; ++j)
        difference[j] += (flips & kLaneBit[j]) != 0 ? -step : step;
      if (block_end[k + 1])
        for (std::size_t j = 0; j < kLanes; ++j)
          largest[j] = std::max(largest[j], difference[j] < 0 ? -difference[j] : difference[j]);
    }
    for (std::size_t j = 0; j < kLanes; ++j) reached[j] = largest[j] >= observed;
    served = 0;
  };
  return permutation_p_value(result, permutations, stop_at, [&]() {
    if (served == kLanes) next_batch();
    return reached[served++];
  });
}

namespace {

void check_rate(double p) {
  if (!(p >= 0.0 && p <= 1.0))
    throw std::invalid_argument(fmt::format("a rate must lie in [0, 1], found {}", p));
}

}  // namespace

double rate_test_power(double p1, double p2, double replicates, double alpha) {
  check_rate(p1);
  check_rate(p2);
  check_open_unit(alpha, "alpha");
  if (!(replicates >= 1.0))
    throw std::invalid_argument(fmt::format("replicates must be >= 1, found {}", replicates));
  const double mean = (p1 + p2) / 2.0;
  const double null_sd = std::sqrt(2.0 * mean * (1.0 - mean));
  const double sd = std::sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2));
  const double shift = std::sqrt(replicates) * std::fabs(p1 - p2);
  const double critical = boost::math::quantile(boost::math::normal(), 1.0 - alpha / 2.0);
  if (!(sd > 0.0)) return shift > critical * null_sd ? 1.0 : 0.0;
  return boost::math::cdf(boost::math::normal(), (shift - critical * null_sd) / sd);
}

double replicates_for_rate_difference(double p1, double p2, double alpha, double power) {
  check_rate(p1);
  check_rate(p2);
  check_open_unit(alpha, "alpha");
  check_open_unit(power, "power");
  if (p1 == p2) throw std::invalid_argument("the two rates must differ");
  const double mean = (p1 + p2) / 2.0;
  const double z_alpha = boost::math::quantile(boost::math::normal(), 1.0 - alpha / 2.0);
  const double z_power = boost::math::quantile(boost::math::normal(), power);
  const double root = (z_alpha * std::sqrt(2.0 * mean * (1.0 - mean)) +
                       z_power * std::sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2))) /
                      (p1 - p2);
  return root * root;
}

double detectable_rate_difference(double p, double replicates, double alpha, double power) {
  check_rate(p);
  check_open_unit(alpha, "alpha");
  check_open_unit(power, "power");
  if (!(replicates >= 1.0))
    throw std::invalid_argument(fmt::format("replicates must be >= 1, found {}", replicates));
  // The shift goes to the side with more room: up from p ≤ ½, down from above.
  const double room = std::max(p, 1.0 - p);
  const double direction = p <= 0.5 ? 1.0 : -1.0;
  const auto power_at = [&](double d) {
    return rate_test_power(p, p + direction * d, replicates, alpha);
  };
  if (power_at(room) < power) return room;  // not even the largest shift
  double low = 0.0, high = room;
  for (int step = 0; step < 60; ++step) {
    const double middle = (low + high) / 2.0;
    (power_at(middle) >= power ? high : low) = middle;
  }
  return high;
}

std::vector<double> holm_adjust(std::span<const double> p_values) {
  check_p_values(p_values);
  const std::vector<std::size_t> order = ascending_order(p_values);
  const auto count = static_cast<double>(p_values.size());
  std::vector<double> adjusted(p_values.size());
  double running = 0.0;
  for (std::size_t r = 0; r < order.size(); ++r) {
    const double scaled = (count - static_cast<double>(r)) * p_values[order[r]];
    running = std::max(running, std::min(1.0, scaled));
    adjusted[order[r]] = running;
  }
  return adjusted;
}

std::vector<double> benjamini_hochberg_adjust(std::span<const double> p_values) {
  check_p_values(p_values);
  const std::vector<std::size_t> order = ascending_order(p_values);
  const auto count = static_cast<double>(p_values.size());
  std::vector<double> adjusted(p_values.size());
  double running = 1.0;
  for (std::size_t r = order.size(); r-- > 0;) {
    const double scaled = count / static_cast<double>(r + 1) * p_values[order[r]];
    running = std::min(running, scaled);
    adjusted[order[r]] = running;
  }
  return adjusted;
}

}  // namespace parley
