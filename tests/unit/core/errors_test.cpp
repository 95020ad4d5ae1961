// Errors: the location prefix of a ScenarioError, and control bytes escaped for
// a terminal (core/errors.hpp).
#include "core/errors.hpp"

#include <string>

#include <catch2/catch.hpp>

namespace parley {

TEST_CASE("a scenario error reads file:line:column: message, or file: message", "[errors]") {
  CHECK(std::string(ScenarioError({"s.toml", 3, 7}, "bad").what()) == "s.toml:3:7: bad");
  CHECK(std::string(ScenarioError({"s.toml", 0, 0}, "unreadable").what()) == "s.toml: unreadable");
}

TEST_CASE("control bytes are written as escapes, everything else passes", "[errors]") {
  CHECK(escape_control_characters("plain text, 100% ASCII") == "plain text, 100% ASCII");
  CHECK(escape_control_characters("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(escape_control_characters("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(escape_control_characters("bell\a") == "bell\\x07");
  CHECK(escape_control_characters(std::string("nul\0end", 7)) == "nul\\x00end");
  CHECK(escape_control_characters("del\x7f") == "del\\x7f");
  CHECK(escape_control_characters("\x01\x1f") == "\\x01\\x1f");
  // UTF-8 (2-, 3- and 4-byte sequences) and a lone high byte pass unchanged.
  CHECK(escape_control_characters("Zürich – 東京 😀") == "Zürich – 東京 😀");
  CHECK(escape_control_characters("\xff") == "\xff");
  // A backslash is not itself escaped: the output is for reading, not for parsing back.
  CHECK(escape_control_characters("a\\b") == "a\\b");
}

}  // namespace parley
