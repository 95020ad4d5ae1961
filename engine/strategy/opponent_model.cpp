#include "strategy/opponent_model.hpp"

#include <algorithm>
#include <cmath>

namespace parley {

void OpponentModels::reset(std::span<const Issue> issues, int actors) {
  issue_count_ = static_cast<int>(issues.size());
  offset_.assign(issues.size(), -1);
  Eigen::Index columns = 0;
  for (std::size_t d = 0; d < issues.size(); ++d) {
    if (!issues[d].is_discrete()) continue;
    offset_[d] = columns;
    columns += static_cast<Eigen::Index>(issues[d].options.size());
  }
  const auto n = static_cast<Eigen::Index>(actors);
  const auto d = static_cast<Eigen::Index>(issue_count_);
  counts_.setZero(n, columns);
  most_.setZero(n * d);
  raw_weight_.setOnes(n, d);
  weight_.setConstant(n, d, d > 0 ? 1.0 / static_cast<double>(d) : 0.0);
  last_.setZero(n, d);
  offers_.setZero(n);
}

void OpponentModels::observe(int proposer, const Eigen::Ref<const Eigen::VectorXd>& offer,
                             std::span<const int> on_table, double time_used) {
  const double step = (1.0 - std::clamp(time_used, 0.0, 1.0)) / static_cast<double>(issue_count_);
  for (int d : on_table) {
    const auto column = offset_[static_cast<std::size_t>(d)];
    if (offers_(proposer) > 0 && offer(d) == last_(proposer, d)) raw_weight_(proposer, d) += step;
    if (column < 0) continue;
    const auto option = column + static_cast<Eigen::Index>(std::lround(offer(d)));
    const double count = counts_(proposer, option) += 1.0;
    double& most = most_(static_cast<Eigen::Index>(proposer) * issue_count_ + d);
    most = std::max(most, count);
  }
  weight_.row(proposer) = raw_weight_.row(proposer) / raw_weight_.row(proposer).sum();
  for (int d : on_table) last_(proposer, d) = offer(d);
  ++offers_(proposer);
}

double OpponentModels::value(int actor, int issue, int option) const {
  const auto column = offset_[static_cast<std::size_t>(issue)];
  if (column < 0) return 1.0;
  const double most = most_(static_cast<Eigen::Index>(actor) * issue_count_ + issue);
  return (1.0 + counts_(actor, column + option)) / (1.0 + most);
}

}  // namespace parley
