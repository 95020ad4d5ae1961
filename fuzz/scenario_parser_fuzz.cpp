// libFuzzer target: the scenario parser on arbitrary bytes.
//
// Every input must either parse or throw ScenarioError / UsageError (bad input,
// with a position). Any other exception, a crash or a sanitizer report is a bug.
// An accepted scenario also runs one short replicate (fuzz_checks.hpp).
//
//   build/fuzz/fuzz/scenario_parser_fuzz -dict=fuzz/toml.dict build/fuzz/corpus/scenario
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/errors.hpp"
#include "fuzz_checks.hpp"
#include "parsing/scenario_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const parley::Scenario scenario = parley::parse_scenario(text, "fuzz.toml");
    parley::fuzz::run_one_replicate(scenario);
  } catch (const parley::ScenarioError&) {
  } catch (const parley::UsageError&) {
  }
  return 0;
}
