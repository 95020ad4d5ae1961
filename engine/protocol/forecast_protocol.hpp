// Forecasting protocols: a phase decided in one step by a forecasting model.
//
// `protocol = "compromise"` (or "median", "nash", "procedural",
// "expected_utility") makes the model's prediction on each issue on the table
// the phase's offer, which the ratifiers then answer. The inputs are the
// participants' drawn ideal points, capabilities and saliences (read as shares in
// [0, 1], as the models define them), the current status quo and the decision
// rule as the voting rule (a quota counts as QMV). The models and their
// references are in protocol/forecast_models.hpp; protocol/protocol.hpp is the
// interface.
#pragma once

#include "protocol/protocol.hpp"

namespace parley {

class ForecastProtocol final : public Protocol {
 public:
  // `model` is one of forecast_model_names() (protocol/forecast_models.hpp).
  explicit ForecastProtocol(std::string_view model) : model_(model) {}

  std::string_view name() const override { return model_; }
  std::string_view summary() const override;
  std::string describe(const Phase& phase) const override;
  // The models read saliences as shares in [0, 1] (1: the actor's top priority).
  std::optional<std::string> problem(const Scenario& scenario, const Phase& phase) const override;
  bool decides_in_one_step() const override { return true; }
  double forecast(const ForecastCase& question) const override;
  std::vector<EuRound> model_rounds(const ForecastCase& question) const override;
  // A one-step phase has no proposer.
  int proposer(const Phase& phase, std::span<const int> order, int round, Rng& rng) const override;
  double proposal_probability(const Phase& phase, std::span<const int> order, int round,
                              int slot) const override;

 private:
  std::string_view model_;
};

}  // namespace parley
