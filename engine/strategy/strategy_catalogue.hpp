// The strategy catalogue: the strategies a scenario can name, with their
// parameters, defaults and domains, and how to make one.
//
// The catalogue drives everything that knows strategies by name: the parser
// (`strategy = { kind = "..." }`, its parameter keys and defaults, the
// unknown-strategy message), `parley list strategies`, the manifest, the
// session (one Strategy object per actor, made by `make`) and the conformance
// test, which runs every strategy of the catalogue.
//
// Adding a strategy: a header and a source in strategy/ deriving from Strategy
// (strategy.hpp), a test, and one row in the built-in catalogue
// (strategy_catalogue.cpp). `register_strategy` adds one at run time — tests use
// it to run a strategy defined in the test file through the conformance checks.
//
// A strategy that plays the whole phase as one solved game (`equilibrium`) sets
// `whole_phase`: every participant must play it, the phase must pass
// `phase_problem`, and the session then solves the phase once per replicate
// (Phase::equilibrium, strategy/equilibrium.hpp).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "scenario/scenario.hpp"

namespace parley {

class Strategy;

struct StrategyParamSpec {
  std::string_view name;
  double default_value;
  double min;  // inclusive domain; sampled values are clamped into it
  double max;
  std::string_view doc;
};

struct StrategyInfo {
  std::string_view name;  // as written in scenario files
  std::string_view summary;
  std::span<const StrategyParamSpec> params;  // slot k of ModelParameters::strategy_params
  std::unique_ptr<Strategy> (*make)() = nullptr;
  // Whole-phase play (above); `phase_problem` says why a phase cannot be played so.
  bool whole_phase = false;
  std::optional<std::string> (*phase_problem)(const Scenario&, const Phase&) = nullptr;
};

// Every strategy: the built-in ones, then those registered, in that order. The
// span is valid until the next register_strategy.
std::span<const StrategyInfo> strategy_catalogue();
// The strategy named `name`, or nullptr.
const StrategyInfo* find_strategy(std::string_view name);
// The strategy named `name`; a broken invariant if there is none (names are
// checked by the parser).
const StrategyInfo& strategy_info(std::string_view name);
// "time_dependent, equilibrium, …" for error messages.
std::string strategy_names();
// Adds `info` to the catalogue. Throws std::invalid_argument when its name is
// taken, it has no `make`, or it has more parameters than kMaxStrategyParams.
// Not thread-safe: register before any scenario is parsed or run.
void register_strategy(const StrategyInfo& info);

}  // namespace parley
