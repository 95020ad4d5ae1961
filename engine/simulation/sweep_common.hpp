// What a sweep's run, merge and verify share (simulation/sweep.cpp, merge.cpp,
// verify.cpp); internal to them, not part of the engine's API.
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace parley::detail {

// The first differing line of two texts, for error messages.
std::string first_difference(const std::string& a, const std::string& b);

// sensitivity.csv of a Sobol design, from summary.csv's per-point means (as
// written, so a merged run gives the same bytes): indices for agreement, each
// issue's mean outcome and each actor's mean utility.
void write_sensitivity(std::ostream& out, const std::filesystem::path& summary_csv,
                       const std::vector<std::string>& parameters, std::int64_t points,
                       std::uint64_t seed);

}  // namespace parley::detail
