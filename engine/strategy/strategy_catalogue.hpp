// The strategies a scenario can name, with their parameters, defaults and domains.
//
// Adding a strategy = one header, one source, one test, one row here and one case
// in `make_strategy` (strategy_registry.cpp). No static self-registration.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "scenario/actor.hpp"

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
  StrategyKind kind;
  std::string_view summary;
  std::span<const StrategyParamSpec> params;  // slot k of ModelParameters::strategy_params
};

std::span<const StrategyInfo> strategy_catalogue();
const StrategyInfo* find_strategy(std::string_view name);
const StrategyInfo& strategy_info(StrategyKind kind);
std::unique_ptr<Strategy> make_strategy(StrategyKind kind);

}  // namespace parley
