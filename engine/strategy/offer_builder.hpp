// Builds an offer on the proposer's iso-utility surface at a target utility.
//
// The proposer concedes from its ideal point a_i toward a compromise point c —
// the others' believed ideal points averaged with weights capability × salience
// per issue — along a logrolling path: on issue d it moves at a rate
// proportional to how much the others care about d relative to how much it
// cares itself (salience ratio), fastest on the issue where that ratio is
// highest. So it gives first on what it cares little about and asks on what it
// cares most about:
//
//   x_d(λ) = a_d + min(1, λ·r_d)·(c_d − a_d),  r_d = (w̄_d / (ŝ_id + ε)) / max_e(…)
//
// u_i(x(λ)) is non-increasing in λ; bisection finds the λ where it meets the
// target (or stops at c: the proposer never concedes past the compromise).
// Issues off the table stay at the phase's status quo; discrete issues round to
// an option, toward the proposer's ideal. If the point breaks a red line of the
// proposer, a participant or a ratifier (red lines are public), the proposer
// steps back toward its own ideal until none is broken; if even that fails for
// its own red lines, it passes.
//
// References: Faratin, Sierra & Jennings (1998) for offers at a target utility;
// Raiffa (1982) for logrolling by salience ratios.
#pragma once

#include <Eigen/Dense>

#include "strategy/strategy.hpp"

namespace parley {

// Returns false when no offer that keeps the proposer's own red lines exists on
// the path (the proposer passes).
bool build_offer(const Observation& seen, double target, OfferWorkspace& workspace,
                 Eigen::Ref<Eigen::VectorXd> offer);

}  // namespace parley
