#include "record/record_schema.hpp"

#include <cstring>

#include "core/number_text.hpp"

namespace parley {

namespace {

template <class T>
bool same(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, double>) {
    return bit_cast_value<std::uint64_t>(a) == bit_cast_value<std::uint64_t>(b);
  } else if constexpr (std::is_same_v<T, Eigen::VectorXd>) {
    // memcmp's pointers must not be null, even for 0 bytes (an empty vector's may be).
    return a.size() == b.size() &&
           (a.size() == 0 || std::memcmp(a.data(), b.data(),
                                         static_cast<std::size_t>(a.size()) * sizeof(double)) == 0);
  } else {
    return a == b;
  }
}

}  // namespace

std::string_view first_difference(const SessionRecord& a, const SessionRecord& b) {
  std::string_view differs;
  for_each_row([&](const auto& row) {
    if constexpr (std::remove_cvref_t<decltype(row)>::kIsMember) {
      if (differs.empty() && !same(a.*row.pointer, b.*row.pointer)) differs = row.name;
    }
  });
  return differs;
}

}  // namespace parley
