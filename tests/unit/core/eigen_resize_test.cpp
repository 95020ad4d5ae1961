// resize_through_empty: a resize whose allocation fails leaves an empty,
// valid object. Eigen 3.4's own resize frees the old buffer first and keeps the
// freed pointer when the allocation throws, so the object's destructor frees
// it a second time (what made `parley run` crash under `ulimit -v`). A size
// whose byte count overflows makes Eigen throw std::bad_alloc at exactly that
// point, before it calls malloc, in any build (sanitizers included).
#include <catch2/catch.hpp>

#include <new>

#include <Eigen/Dense>

#include "core/eigen_resize.hpp"

namespace parley {
namespace {

constexpr Eigen::Index kTooMany = Eigen::Index{1} << 61;  // × 8 bytes overflows size_t

}  // namespace

TEST_CASE("a vector whose resize fails is left empty and usable", "[eigen_resize]") {
  Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(5, 1.0, 5.0);
  CHECK_THROWS_AS(resize_through_empty(v, kTooMany), std::bad_alloc);
  CHECK(v.size() == 0);
  resize_through_empty(v, 3);
  v.setConstant(2.0);
  CHECK(v.sum() == 6.0);
}  // destroyed once: a sanitizer or glibc would report a double free here

TEST_CASE("a matrix whose resize fails is left empty and usable", "[eigen_resize]") {
  Eigen::MatrixXd m = Eigen::MatrixXd::Ones(4, 3);
  CHECK_THROWS_AS(resize_through_empty(m, Eigen::Index{1} << 31, Eigen::Index{1} << 30),
                  std::bad_alloc);
  CHECK(m.rows() == 0);
  CHECK(m.cols() == 0);
  resize_through_empty(m, 2, 2);
  m.setIdentity();
  CHECK(m.trace() == 2.0);
}

TEST_CASE("a resize to the same shape keeps the buffer, another size replaces it",
          "[eigen_resize]") {
  Eigen::ArrayXXd a = Eigen::ArrayXXd::Constant(2, 3, 7.0);
  const double* data = a.data();
  resize_through_empty(a, 2, 3);
  CHECK(a.data() == data);
  CHECK(a(1, 2) == 7.0);          // values kept when nothing changes
  resize_through_empty(a, 3, 2);  // same size, other shape: Eigen keeps the buffer
  CHECK(a.data() == data);
  resize_through_empty(a, 4, 4);
  CHECK(a.rows() == 4);
  CHECK(a.cols() == 4);
  Eigen::RowVectorXd row = Eigen::RowVectorXd::Ones(3);
  resize_through_empty(row, 5);
  CHECK(row.cols() == 5);
}

}  // namespace parley
