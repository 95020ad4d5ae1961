#include "strategy/strategy_catalogue.hpp"

#include <array>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/model_parameters.hpp"
#include "strategy/equilibrium.hpp"
#include "strategy/time_dependent.hpp"
#include "strategy/tit_for_tat.hpp"
#include "strategy/transactional.hpp"

namespace parley {
namespace {

constexpr std::array kTimeDependentParams = {
    StrategyParamSpec{"exponent", 1.0, 1e-3, 1e3,
                      "e: < 1 Boulware (holds out), 1 linear, > 1 conceder"},
};
constexpr std::array kTitForTatParams = {
    StrategyParamSpec{"initial_concession", 0.05, 0.0, 1.0, "utility given up in the first round"},
    StrategyParamSpec{"min_concession", 0.01, 0.0, 1.0, "utility given up each round at the least"},
    StrategyParamSpec{"deadline_exponent", 0.25, 1e-3, 1e3,
                      "e of the time-dependent ceiling that brings its target to the fallback "
                      "by its last proposing turn"},
};

constexpr std::array kTransactionalParams = {
    StrategyParamSpec{"exponent", 0.5, 1e-3, 1e3,
                      "e of the Boulware floor its target never falls below"},
    StrategyParamSpec{"reciprocity", 1.0, 0.0, 2.0, "share of a received concession it returns"},
    StrategyParamSpec{"deadline_exponent", 0.25, 1e-3, 1e3,
                      "e of the time-dependent ceiling that brings its target to the fallback "
                      "by its last proposing turn"},
};

template <class Kind>
std::unique_ptr<Strategy> make() {
  return std::make_unique<Kind>();
}

// The built-in strategies: one row per strategy.
const std::array<StrategyInfo, 4> kBuiltIn = {
    StrategyInfo{"time_dependent",
                 "target utility falls from 1 to the reservation utility by the deadline as "
                 "1 − (1 − r)(t/T)^(1/e) (Faratin, Sierra & Jennings 1998)",
                 kTimeDependentParams, make<TimeDependent>},
    StrategyInfo{"equilibrium",
                 "stationary subgame-perfect play in division games (every participant plays it; "
                 "a bilateral split of one issue, or one issue per participant): offers each "
                 "needed partner exactly its continuation value, accepts iff an offer meets it "
                 "(Rubinstein 1982, Baron & Ferejohn 1989)",
                 {},
                 make<Equilibrium>,
                 true,
                 division_game_problem},
    StrategyInfo{"transactional",
                 "never concedes for nothing: concedes only in return for concessions, above a "
                 "Boulware floor; logrolls package deals; threatens and pays only when it pays",
                 kTransactionalParams, make<Transactional>},
    StrategyInfo{"tit_for_tat",
                 "concedes in its own utility as much as the others conceded last round "
                 "(relative tit-for-tat, Faratin et al. 1998)",
                 kTitForTatParams, make<TitForTat>},
};

std::vector<StrategyInfo>& catalogue() {
  static std::vector<StrategyInfo> strategies(kBuiltIn.begin(), kBuiltIn.end());
  return strategies;
}

}  // namespace

std::span<const StrategyInfo> strategy_catalogue() { return catalogue(); }

const StrategyInfo* find_strategy(std::string_view name) {
  for (const StrategyInfo& info : catalogue())
    if (info.name == name) return &info;
  return nullptr;
}

const StrategyInfo& strategy_info(std::string_view name) {
  const StrategyInfo* info = find_strategy(name);
  PARLEY_CHECK(info != nullptr, "strategy \"{}\" is not in the catalogue", name);
  return *info;
}

std::string strategy_names() {
  std::string names;
  for (const StrategyInfo& info : catalogue()) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

void register_strategy(const StrategyInfo& info) {
  if (find_strategy(info.name) != nullptr)
    throw std::invalid_argument(fmt::format("strategy \"{}\" is already registered", info.name));
  if (info.make == nullptr)
    throw std::invalid_argument(fmt::format("strategy \"{}\" has no factory", info.name));
  if (info.params.size() > static_cast<std::size_t>(kMaxStrategyParams))
    throw std::invalid_argument(fmt::format("strategy \"{}\" has {} parameters, at most {}",
                                            info.name, info.params.size(), kMaxStrategyParams));
  catalogue().push_back(info);
}

}  // namespace parley
