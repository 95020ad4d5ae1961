// Scenario text: TOML strings and numbers (toml_text.hpp).
#include "parsing/toml_text.hpp"

#include <fmt/format.h>

namespace parley {

// `text` as a TOML basic string, quotes included (escapes for `"`, `\` and
// control characters, so it is also safe inside a comment).
std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          out += fmt::format("\\u{:04X}", byte);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// A number as TOML: the shortest text that reads back as the same double.
std::string toml_number(double value) { return fmt::format("{}", value + 0.0); }  // + 0.0: no "-0"

}  // namespace parley
