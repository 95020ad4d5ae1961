// Opponent models: what actors learn of each other's preferences from offers,
// when preferences are private (`[uncertainty] knowledge = "private"`).
//
// A frequency model of each proposer, in the form of the ANAC agents HardHeaded
// (van Krimpen, Looije & Hajizadeh 2013) and CUHKAgent (Hao & Leung 2014), after
// Hindriks & Tykhonov (2008) "Opponent modelling in automated multi-issue
// negotiation using Bayesian learning": a proposer offers the options it values
// most more often, and keeps the issues it cares most about fixed while it
// concedes on the others. So, for proposer j on discrete issue d,
//
//   v̂_jd(k) = (1 + n_jd(k)) / (1 + max_k' n_jd(k'))     (n: times j offered option k)
//   ŵ_jd   ∝ 1 + Σ_offers ε·(1 − t)·[x_d unchanged from j's previous offer]
//
// normalised to sum 1 over the issues, with ε = 1 / D (D issues) and t the share of
// the phase used when the offer was made: late offers, made while conceding,
// say less about which issues matter. j's believed utility of an outcome is
// Σ_d ŵ_jd · v̂_jd(x_d). On a continuous issue the model keeps no counts and
// believes every value worth 1 (it cannot tell the proposer's ideal there).
//
// Offers are public, so every observer learns the same model of a proposer:
// one model per proposer, shared. The model is learned over the whole session
// (a later phase starts from what earlier ones taught). Sized once per session;
// observing an offer does not allocate.
#pragma once

#include <span>
#include <vector>

#include <Eigen/Dense>

#include "core/issue.hpp"

namespace parley {

class OpponentModels {
 public:
  // Sizes for `actors` proposers and `issues`; forgets everything learned.
  void reset(std::span<const Issue> issues, int actors);

  // Proposer `proposer` offered `offer`, a share `time_used` ∈ [0, 1] into the
  // phase; only the issues on the table (`on_table`) are learned from.
  void observe(int proposer, const Eigen::Ref<const Eigen::VectorXd>& offer,
               std::span<const int> on_table, double time_used);

  // ŵ_jd: the believed normalised salience of issue d to actor j.
  double weight(int actor, int issue) const { return weight_(actor, issue); }
  // v̂_jd(k): the believed value of option `option` of discrete issue d to actor j
  // (1 for every option before j has made an offer).
  double value(int actor, int issue, int option) const;
  // Offers seen from `actor` so far.
  int offers_seen(int actor) const { return offers_(actor); }

 private:
  std::vector<Eigen::Index> offset_;  // per issue: its first column in counts_ (−1: continuous)
  Eigen::MatrixXd counts_;            // actors × Σ options
  Eigen::VectorXd most_;              // actors·issues: the largest count per (actor, issue)
  Eigen::ArrayXXd raw_weight_;        // actors × issues, before normalising
  Eigen::ArrayXXd weight_;            // actors × issues, rows sum to 1
  Eigen::MatrixXd last_;              // actors × issues: the previous offer
  Eigen::VectorXi offers_;            // actors
  int issue_count_ = 0;
};

}  // namespace parley
