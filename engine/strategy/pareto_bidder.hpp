// Pareto-seeking bids on a table of discrete issues.
//
// Among the outcomes worth at least its target to itself, the proposer offers
// the one its model of the other participants says they like best: it
// maximises the others' believed utility, summed over them, subject to its own
// utility ≥ target (the "iso-utility, most acceptable bid" of Lin, Kraus,
// Wilkenfeld & Barry 2008 and of the ANAC agents after Hindriks & Tykhonov
// 2008). Both utilities are sums of one-issue terms, so the proposer first
// solves the Lagrangian relaxation, which separates by issue,
//
//   x_d(λ) = argmax_k  λ·g_d(k) + h_d(k)        (g: own utility, h: others' believed)
//
// with the smallest λ ≥ 0 whose point is worth the target (bisection: the own
// utility of x(λ) does not fall as λ grows); such points are Pareto-efficient
// under the beliefs (they lie on the convex hull of the frontier). It then
// improves greedily: the one-issue change that raises the others' believed
// utility most while keeping its own at the target, repeated until none does,
// which reaches frontier points between hull vertices.
//
// Beliefs (Observation): with private preferences the frequency models of the
// others (strategy/opponent_model.hpp); with public knowledge their option
// values where they have them, else 1 − |k − â|/span around their believed
// ideal option, weighted by their believed saliences.
//
// An offer keeps every public red line of the proposer, the other participants
// and the ratifiers: changes that would break one are not made, and a start
// that breaks one is replaced by the proposer's own best outcome; if that
// breaks one too, the proposer passes. It prefers an outcome it has not
// offered in the phase: when its best repeats an earlier offer, it moves to the
// new one-issue neighbour worth its target that the others like best and
// climbs from there among outcomes not offered before. It repeats its best
// only when no neighbour is new and worth its target: its target has fallen
// since, so the repeat is a new question.
//
// Cost: O(D·K) per λ (D issues, K options each), 48 bisection steps, then
// O(D·K) per greedy change; no allocation (OfferWorkspace).
#pragma once

#include <Eigen/Dense>

#include "strategy/strategy.hpp"

namespace parley {

// The options of the discrete issues on the table, flattened: how many in all.
int option_count(std::span<const Issue> issues);

// Returns false when the proposer passes (no outcome worth its fallback keeps
// the watched red lines).
bool build_pareto_offer(const Observation& seen, double target, OfferWorkspace& workspace,
                        Eigen::Ref<Eigen::VectorXd> offer);

}  // namespace parley
