// libFuzzer target: `--set PATH=VALUE` overrides on the shipped scenarios.
//
// The first byte picks a scenario (scenarios/*.toml, tests/golden/*.toml); the
// rest is one assignment per line, applied in order as `parley run --set …`
// would. A rejected assignment must throw UsageError (ScenarioError is
// accepted too); after assignments that all succeed, one short replicate runs
// (fuzz_checks.hpp). Any other exception, a crash or a sanitizer report is a bug.
//
//   build/fuzz/fuzz/override_fuzz -dict=fuzz/toml.dict build/fuzz/corpus/override
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "fuzz_checks.hpp"
#include "parsing/scenario_parser.hpp"

namespace {

const std::vector<parley::Scenario>& scenarios() {
  static const std::vector<parley::Scenario> loaded = [] {
    std::vector<parley::Scenario> out;
    for (const char* name : {"scenarios/ukraine_2025.toml", "scenarios/belarus_potash.toml",
                             "scenarios/triangle.toml", "scenarios/bdm_example.toml",
                             "tests/golden/bilateral.toml", "tests/golden/transactional.toml"}) {
      out.push_back(parley::load_scenario(std::string(PARLEY_SOURCE_DIR) + "/" + name));
    }
    return out;
  }();
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto& shipped = scenarios();
  parley::Scenario scenario = shipped[data[0] % shipped.size()];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    std::size_t begin = 0;
    while (begin <= text.size()) {
      std::size_t end = text.find('\n', begin);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = text.substr(begin, end - begin);
      if (!line.empty()) parley::apply_override(scenario, line);
      begin = end + 1;
    }
    parley::fuzz::run_one_replicate(scenario);
  } catch (const parley::UsageError&) {
  } catch (const parley::ScenarioError&) {
  }
  return 0;
}
