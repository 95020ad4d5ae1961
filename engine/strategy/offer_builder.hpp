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
// an option, toward the proposer's ideal.
//
// Red lines are public (Observation), so an offer keeps every red line of the
// proposer, the other participants and the ratifiers. A point that breaks one
// is repaired one issue at a time: for the first broken line, each issue it
// reads may move toward a landmark (an end of its range, the status quo, the
// proposer's ideal, the line owner's believed ideal) only as far as the line
// needs, if no other line breaks as a result; the move the proposer likes best
// is made. So `A -> B` is kept by dropping A or granting B, whichever costs the
// proposer less. If the point at the target cannot be repaired, the proposer
// searches its path: back toward its ideal (the most conceding repaired point
// worth at least the target), then beyond the target down to its fallback (it
// lowers its target). Failing that for everyone's red lines, it keeps only
// those of the actors whose acceptance is required (every participant under
// unanimity, veto players, ratifiers); failing that, it passes.
//
// A proposer never repeats an offer it made earlier in the phase
// (Observation::own_offers), nor offers the others less than its latest offer:
// it looks a little further along its path for a new offer still worth its
// target (a different option on a discrete issue), and otherwise passes. It
// does not concede below its target only to avoid a repeat, so a Boulware
// proposer holds its offer until its target falls.
//
// Red lines whose truth is affine in the issue moved are solved exactly
// (RedLine::crossings); others by bisection.
//
// References: Faratin, Sierra & Jennings (1998) for offers at a target utility;
// Raiffa (1982) for logrolling by salience ratios; Baarslag et al. (2014) on
// bidding that does not waste rounds on offers known to fail.
#pragma once

#include <Eigen/Dense>

#include "strategy/strategy.hpp"

namespace parley {

// Returns false when the proposer passes: no new offer worth its fallback keeps
// the red lines of those whose acceptance is required.
bool build_offer(const Observation& seen, double target, OfferWorkspace& workspace,
                 Eigen::Ref<Eigen::VectorXd> offer);

// Whether `x` keeps every public red line of the proposer, the other
// participants and the ratifiers.
bool keeps_public_red_lines(const Observation& seen, const Eigen::Ref<const Eigen::VectorXd>& x);
// Whether `x` is an offer the proposer made before in the phase: every issue on
// the table within 0.1% of its range of that offer.
bool repeats_own_offer(const Observation& seen, const Eigen::Ref<const Eigen::VectorXd>& x);

}  // namespace parley
