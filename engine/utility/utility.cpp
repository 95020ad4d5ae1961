#include "utility/utility.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"

namespace parley {

void UtilityModel::reset(const ModelParameters& parameters, const Eigen::VectorXd& spans,
                         std::span<const OptionValuation> valuations) {
  ideal_ = parameters.ideal.array();
  weight_ = parameters.salience.array();
  const Eigen::Index n = weight_.rows();
  const Eigen::Index d = weight_.cols();
  for (Eigen::Index i = 0; i < n; ++i) {
    const double total = weight_.row(i).sum();
    if (total > 0.0) {
      weight_.row(i) /= total;
    } else {
      weight_.row(i).setConstant(1.0 / static_cast<double>(d));
    }
  }
  risk_ = parameters.risk.array();
  inverse_span_ = spans.array().inverse();
  linear_ = (risk_ == 1.0).all();
  valuations_ = valuations;
  spatial_weight_ = weight_;
  for (const OptionValuation& valuation : valuations_)
    spatial_weight_(valuation.actor, valuation.issue) = 0.0;
}

void UtilityModel::evaluate(const Eigen::Ref<const Eigen::VectorXd>& outcome,
                            Eigen::Ref<Eigen::VectorXd> utilities) const {
  PARLEY_DCHECK(outcome.size() == ideal_.cols(), "outcome has {} values for {} issues",
                outcome.size(), ideal_.cols());
  const auto distance =
      (ideal_.rowwise() - outcome.array().transpose()).abs().rowwise() * inverse_span_.transpose();
  if (valuations_.empty() && linear_) {
    utilities.array() = 1.0 - (weight_ * distance).rowwise().sum();
    return;
  }
  if (valuations_.empty()) {
    utilities.array() =
        1.0 - (weight_ * distance.pow(risk_.replicate(1, ideal_.cols()))).rowwise().sum();
    return;
  }
  if (linear_) {
    utilities.array() = 1.0 - (spatial_weight_ * distance).rowwise().sum();
  } else {
    utilities.array() =
        1.0 - (spatial_weight_ * distance.pow(risk_.replicate(1, ideal_.cols()))).rowwise().sum();
  }
  for (const OptionValuation& valuation : valuations_) {
    utilities(valuation.actor) -= weight_(valuation.actor, valuation.issue) *
                                  valuation.loss(outcome(valuation.issue), risk_(valuation.actor));
  }
}

double UtilityModel::evaluate(int actor, const Eigen::Ref<const Eigen::VectorXd>& outcome) const {
  const auto distance =
      (ideal_.row(actor) - outcome.array().transpose()).abs() * inverse_span_.transpose();
  if (valuations_.empty()) {
    if (linear_ || risk_(actor) == 1.0) return 1.0 - (weight_.row(actor) * distance).sum();
    return 1.0 - (weight_.row(actor) * distance.pow(risk_(actor))).sum();
  }
  double utility = risk_(actor) == 1.0
                       ? 1.0 - (spatial_weight_.row(actor) * distance).sum()
                       : 1.0 - (spatial_weight_.row(actor) * distance.pow(risk_(actor))).sum();
  for (const OptionValuation& valuation : valuations_) {
    if (valuation.actor != actor) continue;
    utility -=
        weight_(actor, valuation.issue) * valuation.loss(outcome(valuation.issue), risk_(actor));
  }
  return utility;
}

}  // namespace parley
