// A `parley compare` report (analysis/run_comparison.hpp) as text, Markdown or JSON.
//
// Text and Markdown open with the two runs, how they were compared (paired or
// independent, and why), the family of tests and its correction, then a table of
// the rows that moved, largest effect size first; `all_rows` lists every row in
// that order instead (text and Markdown). Markdown is a table to paste into a pull
// request. JSON carries every row with all its numbers (p-values unrounded,
// infinite interval ends as null), for scripts.
//
// Rates and their differences are shown in percent and percentage points (pt);
// means and medians with 4 decimals; p-values below 10⁻⁴ in scientific notation.
#pragma once

#include <string>

#include "analysis/run_comparison.hpp"

namespace parley {

std::string comparison_text(const ComparisonReport& report, bool all_rows);
std::string comparison_markdown(const ComparisonReport& report, bool all_rows);
std::string comparison_json(const ComparisonReport& report);

}  // namespace parley
