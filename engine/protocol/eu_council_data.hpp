// The EU Council's membership, weighted votes and populations by date: the text of
// data/eu_council.csv (documented in data/README.md), embedded in the binary at
// build time (engine/CMakeLists.txt writes eu_council_data.cpp from the file), so
// that a forecast does not depend on where the program runs. Parsed by
// CouncilTable (protocol/eu_council.hpp).
#pragma once

#include <string_view>

namespace parley {

std::string_view eu_council_csv();

}  // namespace parley
