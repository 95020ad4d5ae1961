// Utility of every actor for an outcome, evaluated at once as Eigen arrays.
//
//   u_i(x) = 1 − Σ_d ŝ_id · (|x_d − a_id| / span_d)^ρ_i
//
// with a_i the ideal point, ŝ_i the salience normalised to sum 1 (a row of zero
// salience counts every issue equally), span_d the width of issue d's range and
// ρ_i the risk exponent (ρ > 1 risk-averse / concave, ρ < 1 risk-acceptant).
// u_i ∈ [0, 1], and u_i = 1 exactly at the ideal point. This is the spatial
// utility of Bueno de Mesquita's expected-utility model and of the compromise
// model (Thomson et al. 2006), with the risk exponent of Morrow (1986).
//
// An actor may instead value each option of a discrete issue (GENIUS's additive
// profiles; Scenario::valuations): that issue's term is ŝ_id · (1 − v_id(x_d))^ρ_i
// with v_id ∈ [0, 1] the option's value (1 for the best), in place of the
// distance from an ideal option. With ρ = 1 and every issue valued, u_i is
// GENIUS's Σ_d w_d · v_d(x_d) exactly.
//
// Hot path: `evaluate` computes all N utilities with one vectorised expression
// over the N×D ideal and salience arrays, then the valued terms; it does not
// allocate.
#pragma once

#include <span>
#include <vector>

#include <Eigen/Dense>

#include "core/issue.hpp"
#include "core/model_parameters.hpp"

namespace parley {

class UtilityModel {
 public:
  UtilityModel() = default;
  // Sets up for one replicate's parameters; allocates only when N or D change.
  // `valuations` must outlive the model (they are the scenario's).
  void reset(const ModelParameters& parameters, const Eigen::VectorXd& spans,
             std::span<const OptionValuation> valuations = {});

  // All actors' utilities of `outcome` (length D) into `utilities` (length N).
  void evaluate(const Eigen::Ref<const Eigen::VectorXd>& outcome,
                Eigen::Ref<Eigen::VectorXd> utilities) const;
  // One actor's utility of `outcome`.
  double evaluate(int actor, const Eigen::Ref<const Eigen::VectorXd>& outcome) const;

  int actor_count() const { return static_cast<int>(ideal_.rows()); }
  int issue_count() const { return static_cast<int>(ideal_.cols()); }
  const Eigen::ArrayXXd& normalised_salience() const { return weight_; }
  const Eigen::ArrayXd& inverse_spans() const { return inverse_span_; }
  bool linear() const { return linear_; }
  std::span<const OptionValuation> valuations() const { return valuations_; }

 private:
  Eigen::ArrayXXd ideal_;           // N×D
  Eigen::ArrayXXd weight_;          // N×D, rows sum to 1
  Eigen::ArrayXXd spatial_weight_;  // N×D: weight_ with the valued terms' entries 0
  std::span<const OptionValuation> valuations_;
  Eigen::ArrayXd risk_;          // N
  Eigen::ArrayXd inverse_span_;  // D
  bool linear_ = true;           // every ρ_i == 1: skip pow
};

}  // namespace parley
