#include "core/model_parameters.hpp"

namespace parley {

double& ParameterRef::in(ModelParameters& p) const {
  switch (field) {
    case Field::kCapability:
      return p.capability(row);
    case Field::kIdeal:
      return p.ideal(row, col);
    case Field::kSalience:
      return p.salience(row, col);
    case Field::kReservation:
      return p.reservation(row);
    case Field::kDiscount:
      return p.discount(row);
    case Field::kRisk:
      return p.risk(row);
    case Field::kStatusQuo:
      return p.status_quo(row);
    case Field::kStrategyParam:
      return p.strategy_params(row, col);
    case Field::kPerceptionSd:
      return p.perception_sd;
    case Field::kBeliefUpdate:
      return p.belief_update;
    case Field::kInstrument:
      return p.instrument(row, col);
    case Field::kShockProbability:
      return p.shock_probability(row);
    case Field::kShockChange:
      return p.shock_change(row);
  }
  return p.perception_sd;
}

double ParameterRef::in(const ModelParameters& p) const {
  return in(const_cast<ModelParameters&>(p));  // NOLINT: read-only use of the same lookup
}

}  // namespace parley
