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

std::string escape_control_characters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += fmt::format("\\x{:02x}", byte);
    }
  }
  return out;
}

void throw_internal_error(const char* file, int line, const char* condition,
                          const std::string& detail) {
  throw InternalError(
      fmt::format("internal error at {}:{}: check `{}` failed: {}", file, line, condition, detail));
}

}  // namespace parley
