// Sobol indices against closed forms: the Ishigami function (Ishigami & Homma
// 1990), a linear model and a constant model, on the Saltelli design of
// sweep_design.hpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "analysis/sensitivity.hpp"
#include "simulation/sweep_design.hpp"

namespace parley {
namespace {

constexpr double kPi = 3.14159265358979323846;

// A Sobol design over `ranges` with n base samples, and f at every point.
std::vector<double> saltelli_outputs(const std::vector<std::pair<double, double>>& ranges,
                                     std::int64_t n,
                                     const std::function<double(const std::vector<double>&)>& f) {
  SweepSpec spec;
  spec.kind = DesignKind::kSobol;
  spec.samples = n;
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    SweepAxis axis;
    axis.path = fmt::format("x{}", k + 1);
    axis.kind = SweepAxis::Kind::kRange;
    axis.low = ranges[k].first;
    axis.high = ranges[k].second;
    spec.axes.push_back(axis);
  }
  const SweepPoints points(spec, 1);
  std::vector<double> outputs(static_cast<std::size_t>(points.point_count()));
  std::vector<double> x(ranges.size());
  for (std::int64_t p = 0; p < points.point_count(); ++p) {
    for (int k = 0; k < points.axis_count(); ++k)
      x[static_cast<std::size_t>(k)] = points.value(p, k);
    outputs[static_cast<std::size_t>(p)] = f(x);
  }
  return outputs;
}

}  // namespace

TEST_CASE("Ishigami indices match the closed forms within tolerance and bootstrap interval",
          "[sensitivity]") {
  // f = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i ~ U(−π, π), a = 7, b = 0.1.
  // Closed forms (Sobol & Levitan 1999; Saltelli et al. 2008, §4.8):
  //   V   = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2      (≈ 13.8446)
  //   V1  = (1 + bπ⁴/5)² / 2                   (≈ 4.3459)
  //   V2  = a²/8                               (= 6.125)
  //   V3  = 0
  //   V13 = b²π⁸/18 − b²π⁸/50 = 8b²π⁸/225      (≈ 3.3737)
  // using E[sin² x] = 1/2, E[sin⁴ x] = 3/8, E[x⁴] = π⁴/5 and E[x⁸] = π⁸/9 for
  // x ~ U(−π, π): E(Y | x1) = (1 + bπ⁴/5) sin x1 + a/2, E(Y | x2) = a sin² x2,
  // E(Y | x3) is constant, and V1 + V2 + V13 = V. Then S = (V1, V2, 0)/V and
  // S_T = (V1 + V13, V2, V13)/V.
  const double a = 7.0;
  const double b = 0.1;
  const double pi4 = std::pow(kPi, 4);
  const double pi8 = std::pow(kPi, 8);
  const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  const double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5);
  const double v2 = a * a / 8;
  const double v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
  REQUIRE(v1 + v2 + v13 == Approx(v).epsilon(1e-12));
  const std::vector<double> first{v1 / v, v2 / v, 0.0};
  const std::vector<double> total{(v1 + v13) / v, v2 / v, v13 / v};
  // The header's quoted values.
  CHECK(first[0] == Approx(0.3139).epsilon(0).margin(5e-5));
  CHECK(first[1] == Approx(0.4424).epsilon(0).margin(5e-5));
  CHECK(total[0] == Approx(0.5576).epsilon(0).margin(5e-5));
  CHECK(total[2] == Approx(0.2437).epsilon(0).margin(5e-5));

  const std::int64_t n = 8192;
  const std::vector<double> outputs = saltelli_outputs(
      {{-kPi, kPi}, {-kPi, kPi}, {-kPi, kPi}}, n, [&](const std::vector<double>& x) {
        return std::sin(x[0]) + a * std::sin(x[1]) * std::sin(x[1]) +
               b * std::pow(x[2], 4) * std::sin(x[0]);
      });
  const std::vector<SobolIndices> s = sobol_indices(outputs, 3, 42);
  REQUIRE(s.size() == 3);
  // The design and the bootstrap seed are fixed, so this test is deterministic.
  // Tolerance 0.02: the 95% bootstrap intervals at N = 8192 have half-widths of
  // 0.01 to 0.03 (they treat the base samples as independent); on Sobol points
  // the estimates are closer than that (errors of about 0.001 here).
  const double tolerance = 0.02;
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("parameter x" << i + 1 << ": S = " << s[i].first_order << " [" << s[i].first_low << ", "
                       << s[i].first_high << "], S_T = " << s[i].total_order << " ["
                       << s[i].total_low << ", " << s[i].total_high << "]");
    CHECK(s[i].first_order == Approx(first[i]).epsilon(0).margin(tolerance));
    CHECK(s[i].total_order == Approx(total[i]).epsilon(0).margin(tolerance));
    CHECK(s[i].first_low <= first[i]);
    CHECK(first[i] <= s[i].first_high);
    CHECK(s[i].total_low <= total[i]);
    CHECK(total[i] <= s[i].total_high);
    CHECK(s[i].first_low <= s[i].first_order);
    CHECK(s[i].first_order <= s[i].first_high);
    CHECK(s[i].total_low <= s[i].total_order);
    CHECK(s[i].total_order <= s[i].total_high);
  }
}

TEST_CASE("a linear model's indices are its squared coefficients' shares", "[sensitivity]") {
  // Y = Σ c_i X_i with X_i ~ U(0, 1) independent: V(Y) = Σ c_i²/12 and
  // E(Y | X_i) = c_i X_i + const, so S_i = c_i² / Σ c² and, with no
  // interactions, S_Ti = S_i. For c = (1, 2, 3): 1/14, 4/14, 9/14.
  const std::vector<double> c{1.0, 2.0, 3.0};
  const std::vector<double> outputs = saltelli_outputs(
      {{0.0, 1.0}, {0.0, 1.0}, {0.0, 1.0}}, 4096,
      [&](const std::vector<double>& x) { return c[0] * x[0] + c[1] * x[1] + c[2] * x[2]; });
  const std::vector<SobolIndices> s = sobol_indices(outputs, 3, 7);
  REQUIRE(s.size() == 3);
  // Tolerance 0.01: an additive model leaves only sampling error, which is
  // small at N = 4096 on Sobol points.
  for (std::size_t i = 0; i < 3; ++i) {
    const double share = c[i] * c[i] / 14.0;
    CHECK(s[i].first_order == Approx(share).epsilon(0).margin(0.01));
    CHECK(s[i].total_order == Approx(share).epsilon(0).margin(0.01));
    CHECK(s[i].first_low <= share);
    CHECK(share <= s[i].first_high);
    CHECK(s[i].total_low <= share);
    CHECK(share <= s[i].total_high);
  }
}

TEST_CASE("a constant model has undefined (NaN) indices and intervals", "[sensitivity]") {
  const std::vector<double> outputs = saltelli_outputs(
      {{0.0, 1.0}, {0.0, 1.0}}, 64, [](const std::vector<double>&) { return 0.1; });
  const std::vector<SobolIndices> s = sobol_indices(outputs, 2, 1);
  REQUIRE(s.size() == 2);
  for (const SobolIndices& index : s) {
    CHECK(std::isnan(index.first_order));
    CHECK(std::isnan(index.first_low));
    CHECK(std::isnan(index.first_high));
    CHECK(std::isnan(index.total_order));
    CHECK(std::isnan(index.total_low));
    CHECK(std::isnan(index.total_high));
  }
}

TEST_CASE("the bootstrap is reproducible for a seed", "[sensitivity]") {
  const std::vector<double> outputs = saltelli_outputs(
      {{0.0, 1.0}, {0.0, 1.0}}, 256,
      [](const std::vector<double>& x) { return x[0] + x[1] * x[1] + x[0] * x[1]; });
  const std::vector<SobolIndices> one = sobol_indices(outputs, 2, 5, 200);
  const std::vector<SobolIndices> two = sobol_indices(outputs, 2, 5, 200);
  const std::vector<SobolIndices> other = sobol_indices(outputs, 2, 6, 200);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(one[i].first_low == two[i].first_low);
    CHECK(one[i].total_high == two[i].total_high);
    CHECK(one[i].first_order == other[i].first_order);
  }
  CHECK(one[0].first_low != other[0].first_low);
}

TEST_CASE("outputs that are not N(K + 2) long are rejected", "[sensitivity]") {
  const std::vector<double> outputs(11, 1.0);
  CHECK_THROWS_AS(sobol_indices(outputs, 3, 1), std::invalid_argument);
  CHECK_THROWS_AS(sobol_indices(std::vector<double>{}, 3, 1), std::invalid_argument);
  CHECK_NOTHROW(sobol_indices(std::vector<double>(10, 1.0), 3, 1));
}

}  // namespace parley
