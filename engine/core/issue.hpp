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

#include <algorithm>
#include <array>
#include <cmath>
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

// An actor's value of each option of a discrete issue (`[actors.valuations]`),
// as GENIUS's additive profiles give them: the issue's term in the actor's
// utility is its salience × (1 − value)^ρ lost, instead of the distance from an
// ideal option (utility/utility.hpp). Values are divided by the issue's largest,
// so the best option is worth 1. Fixed numbers: not uncertain, not sweepable.
struct OptionValuation {
  int actor = 0;
  int issue = 0;
  std::vector<double> value;  // per option, in [0, 1], max 1

  // (1 − v)^ρ at `option` (an option index; rounded and clamped to the options).
  double loss(double option, double risk) const {
    const auto last = static_cast<long>(value.size()) - 1;
    const auto index = std::clamp(std::lround(option), 0L, last);
    const double lost = 1.0 - value[static_cast<std::size_t>(index)];
    return risk == 1.0 ? lost : std::pow(lost, risk);
  }
};

}  // namespace parley
