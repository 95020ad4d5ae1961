#include "core/issue.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace parley {

int Issue::option_index(double value) const {
  const long last = static_cast<long>(options.size()) - 1;
  return static_cast<int>(std::clamp(std::lround(value), 0L, last));
}

std::string Issue::describe(double value) const {
  if (is_discrete()) return options[static_cast<std::size_t>(option_index(value))];
  if (unit.empty()) return fmt::format("{:.3g}", value);
  return fmt::format("{:.3g} {}", value, unit);
}

}  // namespace parley
