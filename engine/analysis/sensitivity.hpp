// Variance-based sensitivity: first-order and total-order Sobol indices.
//
// For a model Y = f(X_1, …, X_K) with independent inputs, the first-order index
// S_i = V[E(Y | X_i)] / V(Y) is the share of the variance of Y explained by X_i
// alone, and the total-order index S_Ti = E[V(Y | X_~i)] / V(Y) the share
// involving X_i in any way (Sobol 1993, 2001).
//
// Estimators, from the Saltelli design of sweep_design.hpp (for each base sample
// j the values f(A_j), f(AB_j^(1)), …, f(AB_j^(K)), f(B_j)):
//   V(Y)  = population variance of all f(A_j) and f(B_j) together,
//   S_i   = mean_j f(B_j) (f(AB_j^(i)) − f(A_j)) / V(Y)      (Saltelli et al. 2010, eq. (b)),
//   S_Ti  = mean_j (f(A_j) − f(AB_j^(i)))² / 2 / V(Y)          (Jansen 1999).
// Confidence intervals: percentile bootstrap over base samples (Efron &
// Tibshirani 1993), resampled from the (seed, kBootstrap) stream, quantiles of
// type 7. The same resamples serve every metric.
//
// Reference: the Ishigami function (Ishigami & Homma 1990) with a = 7, b = 0.1
// has S = (0.3139, 0.4424, 0), S_T = (0.5576, 0.4424, 0.2437); see the tests.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace parley {

struct SobolIndices {
  double first_order = 0.0;
  double first_low = 0.0, first_high = 0.0;  // bootstrap interval
  double total_order = 0.0;
  double total_low = 0.0, total_high = 0.0;
};

// `outputs` holds N(K + 2) model outputs in Saltelli order. Returns K indices.
// When the outputs do not vary (V(Y) = 0) the indices are NaN.
std::vector<SobolIndices> sobol_indices(std::span<const double> outputs, int parameters,
                                        std::uint64_t seed, int resamples = 1000,
                                        double confidence = 0.95);

}  // namespace parley
