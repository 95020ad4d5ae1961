#include "utility/utility.hpp"

#include <cmath>

#include "core/errors.hpp"

namespace parley {

void UtilityModel::reset(const ModelParameters& parameters, const Eigen::VectorXd& spans) {
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
}

void UtilityModel::evaluate(const Eigen::Ref<const Eigen::VectorXd>& outcome,
                            Eigen::Ref<Eigen::VectorXd> utilities) const {
  PARLEY_DCHECK(outcome.size() == ideal_.cols(), "outcome has {} values for {} issues",
                outcome.size(), ideal_.cols());
  const auto distance =
      (ideal_.rowwise() - outcome.array().transpose()).abs().rowwise() * inverse_span_.transpose();
  if (linear_) {
    utilities.array() = 1.0 - (weight_ * distance).rowwise().sum();
  } else {
    utilities.array() =
        1.0 - (weight_ * distance.pow(risk_.replicate(1, ideal_.cols()))).rowwise().sum();
  }
}

double UtilityModel::evaluate(int actor, const Eigen::Ref<const Eigen::VectorXd>& outcome) const {
  const auto distance =
      (ideal_.row(actor) - outcome.array().transpose()).abs() * inverse_span_.transpose();
  if (linear_ || risk_(actor) == 1.0) return 1.0 - (weight_.row(actor) * distance).sum();
  return 1.0 - (weight_.row(actor) * distance.pow(risk_(actor))).sum();
}

}  // namespace parley
