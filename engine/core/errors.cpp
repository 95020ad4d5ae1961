#include "core/errors.hpp"

namespace parley {
namespace {
std::string format_location(const SourceLocation& where) {
  if (where.line == 0) return where.file;
  return fmt::format("{}:{}:{}", where.file, where.line, where.column);
}
}  // namespace

ScenarioError::ScenarioError(SourceLocation where, std::string message)
    : std::runtime_error(format_location(where) + ": " + message),
      where_(std::move(where)),
      message_(std::move(message)) {}

void throw_internal_error(const char* file, int line, const char* condition,
                          const std::string& detail) {
  throw InternalError(
      fmt::format("internal error at {}:{}: check `{}` failed: {}", file, line, condition, detail));
}

}  // namespace parley
