// Writing scenario text: a string or a number as TOML source, for the code that
// generates scenarios (the GENIUS importer, parsing/genius_import.hpp; the agents'
// play of a legislative proposal, simulation/legislative_play.hpp), so that
// whatever a cell holds reads back as exactly that value (TOML 1.0, basic strings).
#pragma once

#include <string>
#include <string_view>

namespace parley {

// `text` as a TOML basic string, quotes included (escapes for `"`, `\` and
// control characters, so it is also safe inside a comment).
std::string toml_string(std::string_view text);

// A number as TOML: the shortest text that reads back as the same double (no "-0").
std::string toml_number(double value);

}  // namespace parley
