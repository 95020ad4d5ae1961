// First-order and total-order Sobol indices from a Saltelli design, with
// percentile-bootstrap intervals.
//
// Estimators: Saltelli et al. (2010), Table 2 (b) for S_i; Jansen (1999) for
// S_Ti. Bootstrap: Efron & Tibshirani (1993), percentile method, over base
// samples; quantiles of type 7 (Hyndman & Fan 1996).
//
// Each bootstrap resample draws N base-sample indices from the (seed,
// kBootstrap) stream, gathers the N rows of K + 2 outputs into a preallocated
// matrix and evaluates the same estimators as the point estimate. A resample
// whose outputs do not vary (possible only for tiny N) gives no index and is
// left out of the quantiles. With `resamples` = 0 the intervals are NaN.
#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <tuple>
#include <utility>

#include <fmt/format.h>
#include <Eigen/Dense>
#include <boost/random/uniform_int_distribution.hpp>

#include "core/random.hpp"
#include "output/summary.hpp"

namespace parley {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Population variance of the f(A) and f(B) columns together; exactly 0 when
// all of them are equal (a two-pass mean need not reproduce a constant exactly).
double pooled_variance(const Eigen::MatrixXd& y) {
  const auto f_a = y.col(0).array();
  const auto f_b = y.col(y.cols() - 1).array();
  const double lowest = std::min(f_a.minCoeff(), f_b.minCoeff());
  const double highest = std::max(f_a.maxCoeff(), f_b.maxCoeff());
  if (!(highest > lowest)) return lowest == highest ? 0.0 : kNaN;
  const auto count = static_cast<double>(2 * y.rows());
  const double mean = (f_a.sum() + f_b.sum()) / count;
  return ((f_a - mean).square().sum() + (f_b - mean).square().sum()) / count;
}

// S_i and S_Ti of every parameter from outputs `y` (N × (K + 2), Saltelli
// order per row) into first(i) and total(i); false when V(Y) = 0.
bool estimate(const Eigen::MatrixXd& y, Eigen::Ref<Eigen::VectorXd> first,
              Eigen::Ref<Eigen::VectorXd> total) {
  const double variance = pooled_variance(y);
  if (!(variance > 0.0)) return false;
  const Eigen::Index k_count = y.cols() - 2;
  const auto f_a = y.col(0).array();
  const auto f_b = y.col(k_count + 1).array();
  for (Eigen::Index i = 0; i < k_count; ++i) {
    const auto f_ab = y.col(1 + i).array();
    first(i) = (f_b * (f_ab - f_a)).mean() / variance;
    total(i) = (f_a - f_ab).square().mean() / 2.0 / variance;
  }
  return true;
}

// The [p_low, p_high] type-7 quantiles of the finite values among `draws`,
// which are reordered in place; NaN when none is finite.
std::pair<double, double> percentile_interval(Eigen::Ref<Eigen::VectorXd> draws, double p_low,
                                              double p_high) {
  double* begin = draws.data();
  double* end =
      std::partition(begin, begin + draws.size(), [](double v) { return std::isfinite(v); });
  if (begin == end) return {kNaN, kNaN};
  std::sort(begin, end);
  const std::span<const double> sorted(begin, end);
  return {quantile_sorted(sorted, p_low), quantile_sorted(sorted, p_high)};
}

}  // namespace

std::vector<SobolIndices> sobol_indices(std::span<const double> outputs, int parameters,
                                        std::uint64_t seed, int resamples, double confidence) {
  if (parameters < 1)
    throw std::invalid_argument(fmt::format("parameters must be >= 1, found {}", parameters));
  const auto row_size = static_cast<std::size_t>(parameters) + 2;
  if (outputs.empty() || outputs.size() % row_size != 0)
    throw std::invalid_argument(
        fmt::format("a Saltelli design with {} parameters has N·{} outputs (N >= 1), found {}",
                    parameters, row_size, outputs.size()));
  if (resamples < 0)
    throw std::invalid_argument(fmt::format("resamples must be >= 0, found {}", resamples));
  if (!(confidence > 0.0 && confidence < 1.0))
    throw std::invalid_argument(fmt::format("confidence must lie in (0, 1), found {}", confidence));

  const auto n = static_cast<Eigen::Index>(outputs.size() / row_size);
  const auto columns = static_cast<Eigen::Index>(row_size);
  const Eigen::MatrixXd y = Eigen::Map<const RowMajorMatrix>(outputs.data(), n, columns);

  Eigen::VectorXd first(parameters), total(parameters);
  std::vector<SobolIndices> indices(static_cast<std::size_t>(parameters));
  if (!estimate(y, first, total)) {
    for (SobolIndices& s : indices) s = {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
    return indices;
  }

  // Bootstrap: row r of first_draws / total_draws holds resample r's estimates.
  Eigen::MatrixXd first_draws(resamples, parameters), total_draws(resamples, parameters);
  Eigen::MatrixXd resampled(n, columns);
  Eigen::VectorXd first_star(parameters), total_star(parameters);
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
  Rng rng = Rng::stream(seed, 0, 0, StreamPurpose::kBootstrap);
  boost::random::uniform_int_distribution<Eigen::Index> pick(0, n - 1);
  for (int r = 0; r < resamples; ++r) {
    for (Eigen::Index& row : rows) row = pick(rng);
    for (Eigen::Index c = 0; c < columns; ++c)
      for (Eigen::Index j = 0; j < n; ++j)
        resampled(j, c) = y(rows[static_cast<std::size_t>(j)], c);
    if (estimate(resampled, first_star, total_star)) {
      first_draws.row(r) = first_star.transpose();
      total_draws.row(r) = total_star.transpose();
    } else {
      first_draws.row(r).setConstant(kNaN);
      total_draws.row(r).setConstant(kNaN);
    }
  }

  const double p_low = (1.0 - confidence) / 2.0;
  const double p_high = (1.0 + confidence) / 2.0;
  for (int i = 0; i < parameters; ++i) {
    SobolIndices& s = indices[static_cast<std::size_t>(i)];
    s.first_order = first(i);
    s.total_order = total(i);
    std::tie(s.first_low, s.first_high) = percentile_interval(first_draws.col(i), p_low, p_high);
    std::tie(s.total_low, s.total_high) = percentile_interval(total_draws.col(i), p_low, p_high);
  }
  return indices;
}

}  // namespace parley
