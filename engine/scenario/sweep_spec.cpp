#include "scenario/sweep_spec.hpp"

namespace parley {

double grid_value(const SweepAxis& axis, std::int64_t level) {
  if (axis.count == 1) return axis.start;
  if (level == axis.count - 1) return axis.stop;
  return axis.start + (axis.stop - axis.start) * static_cast<double>(level) /
                          static_cast<double>(axis.count - 1);
}

const char* to_string(DesignKind kind) {
  switch (kind) {
    case DesignKind::kSinglePoint:
      return "single_point";
    case DesignKind::kGrid:
      return "grid";
    case DesignKind::kLatinHypercube:
      return "lhs";
    case DesignKind::kSobol:
      return "sobol";
  }
  return "unknown";
}

std::optional<DesignKind> sampled_or_grid_design(std::string_view name) {
  for (const DesignKind kind : {DesignKind::kGrid, DesignKind::kLatinHypercube, DesignKind::kSobol})
    if (name == to_string(kind)) return kind;
  return std::nullopt;
}

}  // namespace parley
