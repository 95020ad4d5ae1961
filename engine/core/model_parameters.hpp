// ModelParameters: every number one replicate of a scenario needs, as Eigen arrays.
//
// N actors, D issues. The scenario holds one `ModelParameters` with each
// parameter's fixed value (or its distribution's mean) and a list of
// `UncertainParameter`s; each replicate copies the base and draws the uncertain
// entries from its own stream (simulation/session.cpp). Keeping all numbers in
// dense N×D / N arrays is what lets utilities of all actors be evaluated as one
// Eigen expression (utility/utility.hpp) and lets overrides and sweeps address
// any parameter by a `ParameterRef`.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Dense>

#include "core/distribution.hpp"

namespace parley {

// Number of numeric parameters a strategy may have (columns of strategy_params).
inline constexpr int kMaxStrategyParams = 4;

struct ModelParameters {
  Eigen::VectorXd capability;   // N, ≥ 0
  Eigen::MatrixXd ideal;        // N×D, inside each issue's range
  Eigen::MatrixXd salience;     // N×D, ≥ 0, each row with a positive sum (raw, not normalised)
  Eigen::VectorXd reservation;  // N, in [0, 1]: utility of no deal
  Eigen::VectorXd discount;     // N, in (0, 1]: discount per round
  Eigen::VectorXd risk;         // N, > 0: risk exponent ρ
  Eigen::VectorXd status_quo;   // D
  Eigen::MatrixXd strategy_params;  // N×kMaxStrategyParams, meaning set by each strategy
  double perception_sd = 0.0;       // ≥ 0, as a fraction of each issue's span
  double belief_update = 0.3;  // [0, 1]: how far an offer pulls beliefs of its proposer's ideal
  Eigen::MatrixXd instrument;  // K×4: threat (drop, credibility, cost, audience cost);
                               // side payment (value: the budget, cost at the full budget, −, −)
  Eigen::VectorXd shock_probability;  // S: chance per round
  Eigen::VectorXd shock_change;       // E: change each shock effect makes

  int actor_count() const { return static_cast<int>(ideal.rows()); }
  int issue_count() const { return static_cast<int>(ideal.cols()); }
};

// Which number of ModelParameters a path such as `actors.us.salience.minerals_share` names.
struct ParameterRef {
  enum class Field {
    kCapability,
    kIdeal,
    kSalience,
    kReservation,
    kDiscount,
    kRisk,
    kStatusQuo,
    kStrategyParam,
    kPerceptionSd,
    kBeliefUpdate,
    kInstrument,        // row = instrument, col = parameter
    kShockProbability,  // row = shock
    kShockChange,       // row = effect
  };
  Field field = Field::kCapability;
  int row = 0;  // actor (issue for kStatusQuo)
  int col = 0;  // issue for kIdeal/kSalience, parameter slot for kStrategyParam

  double& in(ModelParameters& parameters) const;
  double in(const ModelParameters& parameters) const;
};

// A named parameter of the scenario with its domain and its value or distribution.
struct ScenarioParameter {
  std::string path;  // e.g. "actors.russia.reservation_utility"
  ParameterRef ref;
  Distribution value = Distribution::fixed(0.0);
  double domain_min = 0.0;  // sampled values are clamped into [domain_min, domain_max]
  double domain_max = 0.0;
};

}  // namespace parley
