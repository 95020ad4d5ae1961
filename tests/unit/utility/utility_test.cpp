#include <catch2/catch.hpp>

#include "utility/utility.hpp"

namespace parley {
namespace {

// Two actors, two issues with spans 1 and 10.
ModelParameters two_by_two() {
  ModelParameters p;
  p.ideal.resize(2, 2);
  p.ideal << 0.0, 0.0,  //
      1.0, 10.0;
  p.salience.resize(2, 2);
  p.salience << 3.0, 1.0,  // normalised: 0.75, 0.25
      0.0, 0.0;            // no salience: equal weights 0.5, 0.5
  p.risk = Eigen::Vector2d(1.0, 1.0);
  return p;
}

}  // namespace

TEST_CASE("an actor at its ideal point has utility 1", "[utility]") {
  UtilityModel model;
  model.reset(two_by_two(), Eigen::Vector2d(1.0, 10.0));
  CHECK(model.evaluate(0, Eigen::Vector2d(0.0, 0.0)) == 1.0);
  CHECK(model.evaluate(1, Eigen::Vector2d(1.0, 10.0)) == 1.0);
}

TEST_CASE("linear utility is one minus the salience-weighted distance as a share of span",
          "[utility]") {
  UtilityModel model;
  model.reset(two_by_two(), Eigen::Vector2d(1.0, 10.0));
  // x = (0.4, 5): actor 0: 1 − (0.75·0.4 + 0.25·0.5) = 0.575;
  //               actor 1: 1 − (0.5·0.6 + 0.5·0.5) = 0.45.
  Eigen::VectorXd all(2);
  model.evaluate(Eigen::Vector2d(0.4, 5.0), all);
  CHECK(all(0) == Approx(0.575).epsilon(0).margin(1e-15));
  CHECK(all(1) == Approx(0.45).epsilon(0).margin(1e-15));
  CHECK(model.evaluate(0, Eigen::Vector2d(0.4, 5.0)) == Approx(0.575).epsilon(0).margin(1e-15));
}

TEST_CASE("the risk exponent bends distance: rho 2 is risk-averse", "[utility]") {
  ModelParameters p = two_by_two();
  p.risk = Eigen::Vector2d(2.0, 0.5);
  UtilityModel model;
  model.reset(p, Eigen::Vector2d(1.0, 10.0));
  // actor 0: 1 − (0.75·0.4² + 0.25·0.5²) = 1 − (0.12 + 0.0625) = 0.8175
  // actor 1: 1 − (0.5·√0.6 + 0.5·√0.5)
  Eigen::VectorXd all(2);
  model.evaluate(Eigen::Vector2d(0.4, 5.0), all);
  CHECK(all(0) == Approx(0.8175).epsilon(0).margin(1e-14));
  CHECK(all(1) ==
        Approx(1.0 - 0.5 * std::sqrt(0.6) - 0.5 * std::sqrt(0.5)).epsilon(0).margin(1e-14));
  CHECK(model.evaluate(1, Eigen::Vector2d(0.4, 5.0)) == Approx(all(1)).epsilon(0).margin(1e-15));
}

TEST_CASE("utility at the far corner of issue space is 0", "[utility]") {
  UtilityModel model;
  model.reset(two_by_two(), Eigen::Vector2d(1.0, 10.0));
  CHECK(model.evaluate(0, Eigen::Vector2d(1.0, 10.0)) == Approx(0.0).epsilon(0).margin(1e-15));
}

TEST_CASE("evaluating all actors agrees with evaluating each for a large random model",
          "[utility]") {
  const int n = 50;
  const int d = 7;
  ModelParameters p;
  p.ideal = (Eigen::MatrixXd::Random(n, d).array() + 1.0) / 2.0;
  p.salience = (Eigen::MatrixXd::Random(n, d).array() + 1.0);
  p.risk = (Eigen::VectorXd::Random(n).array() + 1.5);
  UtilityModel model;
  model.reset(p, Eigen::VectorXd::Ones(d));
  const Eigen::VectorXd x = (Eigen::VectorXd::Random(d).array() + 1.0) / 2.0;
  Eigen::VectorXd all(n);
  model.evaluate(x, all);
  for (int i = 0; i < n; ++i) {
    double expected = 1.0;
    const double total = p.salience.row(i).sum();
    for (int k = 0; k < d; ++k) {
      expected -= p.salience(i, k) / total * std::pow(std::abs(x(k) - p.ideal(i, k)), p.risk(i));
    }
    CHECK(all(i) == Approx(expected).epsilon(0).margin(1e-12));
    CHECK(all(i) >= 0.0);
    CHECK(all(i) <= 1.0);
  }
}

}  // namespace parley
