// Issue: one dimension of a possible agreement.
//
// A continuous issue is a closed interval [min, max] with a unit and labelled
// ends (`sanctions_relief`: 0 = all sanctions stay, 1 = all lifted). A discrete
// issue is an ordered list of named options; its values are option indices
// 0 … k−1, so utilities and red lines treat both kinds alike. An outcome is an
// Eigen::VectorXd with one value per issue, in scenario order.
//
// The status quo is a model parameter (it may be uncertain) and lives in
// `ModelParameters::status_quo`, not here.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace parley {

struct Issue {
  std::string id;
  std::string label;
  std::string unit;
  double min = 0.0;
  double max = 1.0;
  std::array<std::string, 2> ends;   // labels of min and max; may be empty
  std::vector<std::string> options;  // non-empty for a discrete issue

  bool is_discrete() const { return !options.empty(); }
  double span() const { return max - min; }
  // The option index nearest to `value` for a discrete issue.
  int option_index(double value) const;
  // A value in the issue's own terms: "0.42 share of sanctions lifted" or "frozen_line".
  std::string describe(double value) const;
};

}  // namespace parley
