#include "protocol/forecast_protocol.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "protocol/expected_utility.hpp"
#include "protocol/forecast_models.hpp"

namespace parley {

std::string_view ForecastProtocol::summary() const {
  if (model_ == "compromise")
    return "forecast in one step: the capability × salience weighted mean of the positions "
           "(van den Bos 1991)";
  if (model_ == "median") return "forecast in one step: the weighted median position (Black 1948)";
  if (model_ == "nash")
    return "forecast in one step: the asymmetric Nash bargaining solution on the issue's scale";
  if (model_ == "procedural")
    return "forecast in one step: the compromise, cut back to what the voting rule lets pass "
           "against the status quo (a pivot model)";
  return "forecast in one step: Bueno de Mesquita's expected-utility model (Scholz et al. 2011 "
         "variant, mean of rounds 1–10)";
}

std::string ForecastProtocol::describe(const Phase& /*phase*/) const {
  return fmt::format("decided by the {} forecasting model", model_);
}

std::optional<std::string> ForecastProtocol::problem(const Scenario& scenario,
                                                     const Phase& phase) const {
  for (int j : phase.participants) {
    for (int d = 0; d < scenario.issue_count(); ++d) {
      const double salience = scenario.base.salience(j, d);
      if (salience > 1.0) {
        return fmt::format(
            "protocol \"{}\" reads saliences as shares in [0, 1]; actor `{}` has salience {} on "
            "`{}`",
            model_, scenario.actors[static_cast<std::size_t>(j)].id, salience,
            scenario.issues[static_cast<std::size_t>(d)].id);
      }
    }
  }
  return std::nullopt;
}

double ForecastProtocol::forecast(const ForecastCase& question) const {
  return parley::forecast(model_, question);
}

std::vector<EuRound> ForecastProtocol::model_rounds(const ForecastCase& question) const {
  if (model_ != "expected_utility") return {};
  // The model's rounds on this issue, run as expected_utility_forecast runs them
  // (its forecast is the mean of rounds 1…10).
  EuOptions options;
  options.scale_min = question.scale_min;
  options.scale_max = question.scale_max;
  std::vector<ForecastActor> actors = question.actors;
  if (std::none_of(actors.begin(), actors.end(), [](const ForecastActor& actor) {
        return actor.capability * actor.salience > 0.0;
      })) {
    for (ForecastActor& actor : actors) actor.capability = actor.salience = 1.0;
  }
  return run_expected_utility(actors, options).rounds;
}

int ForecastProtocol::proposer(const Phase& /*phase*/, std::span<const int> /*order*/,
                               int /*round*/, Rng& /*rng*/) const {
  return 0;
}

double ForecastProtocol::proposal_probability(const Phase& /*phase*/,
                                              std::span<const int> /*order*/, int /*round*/,
                                              int /*slot*/) const {
  return 0.0;
}

}  // namespace parley
