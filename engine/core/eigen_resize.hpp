// resize_through_empty: an Eigen resize that survives an allocation failure.
//
// Eigen 3.4's DenseStorage::resize frees the old buffer and then allocates the
// new one. When that allocation throws std::bad_alloc, the object keeps the
// pointer it has just freed, and destroying it while the exception unwinds
// frees that pointer a second time: glibc then crashes or aborts (out of
// memory, `parley run` under `ulimit -v` segfaulted one time in three in
// ~NashSearch). Resizing to an empty object first is safe: resize to size 0
// frees the buffer and nulls the pointer, so a failed allocation leaves a
// valid empty object. Assignments and setZero(n) that change an object's size
// resize it the same way, so a scratch object whose size changes between calls
// goes through this function first.
//
// Only a resize of an object that holds memory to another size is affected;
// sizing an empty object (a new one, or in a constructor) is safe as it is.
#pragma once

#include <Eigen/Core>

namespace parley {

// Resizes `x` to rows × cols (values unspecified, as Eigen's resize) such that
// an allocation failure leaves `x` empty instead of holding a freed pointer.
template <class Derived>
void resize_through_empty(Eigen::PlainObjectBase<Derived>& x, Eigen::Index rows,
                          Eigen::Index cols) {
  if (x.rows() == rows && x.cols() == cols) return;
  if (x.size() != rows * cols) {
    constexpr Eigen::Index kEmptyRows =
        Derived::RowsAtCompileTime == Eigen::Dynamic ? 0 : Derived::RowsAtCompileTime;
    constexpr Eigen::Index kEmptyCols =
        Derived::ColsAtCompileTime == Eigen::Dynamic ? 0 : Derived::ColsAtCompileTime;
    x.resize(kEmptyRows, kEmptyCols);  // frees, and the pointer is null
  }
  x.resize(rows, cols);
}

// The same for a vector (n × 1 or 1 × n).
template <class Derived>
void resize_through_empty(Eigen::PlainObjectBase<Derived>& x, Eigen::Index size) {
  static_assert(Derived::IsVectorAtCompileTime, "a size alone resizes vectors only");
  resize_through_empty(x, Derived::RowsAtCompileTime == 1 ? 1 : size,
                       Derived::RowsAtCompileTime == 1 ? size : 1);
}

}  // namespace parley
