// libFuzzer target: run folders read back and compared (`parley compare`).
//
// The input is summary.csv, a NUL byte, then outcomes.csv (fuzz/run_sample_seeds/
// holds real ones cut short). They are read as a folder would be
// (analysis/run_sample.hpp); a rejected file must throw ScenarioError naming its
// place. An accepted sample is compared with itself as paired runs (every p-value
// must be 1 and nothing may move) and, under another seed, as independent runs,
// and the three reports are rendered. Any other exception, a crash, a sanitizer
// report, a NaN p-value or a p-value outside [0, 1] is a finding.
//
//   build/fuzz/fuzz/run_sample_fuzz build/fuzz/corpus/run_sample_fuzz fuzz/run_sample_seeds
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analysis/comparison_report.hpp"
#include "analysis/run_comparison.hpp"
#include "analysis/run_sample.hpp"
#include "core/errors.hpp"
#include "fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find('\0');
  if (split == std::string_view::npos) return 0;
  parley::ManifestInfo manifest;
  manifest.inputs.seed = 1;
  parley::RunSample a;
  try {
    a = parley::run_sample_from_text(manifest, input.substr(0, split), input.substr(split + 1));
  } catch (const parley::ScenarioError&) {
    return 0;
  }
  parley::RunSample b = a;
  b.manifest.inputs.seed = 2;
  parley::ComparisonOptions options;
  options.threads = 1;
  options.permutations = 200;
  try {
    const parley::ComparisonReport same = parley::compare_runs(a, a, options);
    if (!same.paired) parley::fuzz::finding("a sample against itself is not paired");
    for (const parley::ComparisonRow& row : same.rows)
      if (!(row.p_value == 1.0)) parley::fuzz::finding("a sample against itself has p < 1");
    if (same.moved_count() != 0) parley::fuzz::finding("a sample against itself moved");
    const parley::ComparisonReport other = parley::compare_runs(a, b, options);
    for (const parley::ComparisonRow& row : other.rows)
      if (!(row.p_value >= 0.0 && row.p_value <= 1.0) ||
          !(row.adjusted_p >= 0.0 && row.adjusted_p <= 1.0))
        parley::fuzz::finding("a p-value outside [0, 1]");
    (void)parley::comparison_text(other, true);
    (void)parley::comparison_markdown(other, true);
    (void)parley::comparison_json(other);
  } catch (const parley::UsageError&) {
    // A sample with no comparable metric at all is a usage matter, not a finding.
  }
  return 0;
}
