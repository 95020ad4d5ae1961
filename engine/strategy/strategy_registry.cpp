#include <array>

#include "core/errors.hpp"
#include "strategy/equilibrium.hpp"
#include "strategy/strategy_catalogue.hpp"
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
};

constexpr std::array kTransactionalParams = {
    StrategyParamSpec{"exponent", 0.5, 1e-3, 1e3,
                      "e of the Boulware floor its target never falls below"},
    StrategyParamSpec{"reciprocity", 1.0, 0.0, 2.0, "share of a received concession it returns"},
};

constexpr std::array kCatalogue = {
    StrategyInfo{"time_dependent", StrategyKind::kTimeDependent,
                 "target utility falls from 1 to the reservation utility by the deadline as "
                 "1 − (1 − r)(t/T)^(1/e) (Faratin, Sierra & Jennings 1998)",
                 kTimeDependentParams},
    StrategyInfo{"equilibrium",
                 StrategyKind::kEquilibrium,
                 "stationary subgame-perfect play in division games (every participant plays it; "
                 "a bilateral split of one issue, or one issue per participant): offers each "
                 "needed partner exactly its continuation value, accepts iff an offer meets it "
                 "(Rubinstein 1982, Baron & Ferejohn 1989)",
                 {}},
    StrategyInfo{"transactional", StrategyKind::kTransactional,
                 "never concedes for nothing: concedes only in return for concessions, above a "
                 "Boulware floor; logrolls package deals; alternates threats and side payments",
                 kTransactionalParams},
    StrategyInfo{"tit_for_tat", StrategyKind::kTitForTat,
                 "concedes in its own utility as much as the others conceded last round "
                 "(relative tit-for-tat, Faratin et al. 1998)",
                 kTitForTatParams},
};

}  // namespace

std::span<const StrategyInfo> strategy_catalogue() { return kCatalogue; }

const StrategyInfo* find_strategy(std::string_view name) {
  for (const auto& info : kCatalogue)
    if (info.name == name) return &info;
  return nullptr;
}

const StrategyInfo& strategy_info(StrategyKind kind) {
  for (const auto& info : kCatalogue)
    if (info.kind == kind) return info;
  PARLEY_CHECK(false, "strategy kind {} is not in the catalogue", static_cast<int>(kind));
  return kCatalogue[0];
}

std::unique_ptr<Strategy> make_strategy(StrategyKind kind) {
  switch (kind) {
    case StrategyKind::kTimeDependent:
      return std::make_unique<TimeDependent>();
    case StrategyKind::kTitForTat:
      return std::make_unique<TitForTat>();
    case StrategyKind::kEquilibrium:
      return std::make_unique<Equilibrium>();
    case StrategyKind::kTransactional:
      return std::make_unique<Transactional>();
  }
  PARLEY_CHECK(false, "no factory for strategy kind {}", static_cast<int>(kind));
  return nullptr;
}

}  // namespace parley
