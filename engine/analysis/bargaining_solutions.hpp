// Bargaining solutions and Pareto efficiency of an outcome among a phase's participants.
//
// Per-replicate analysis: given the participants' utilities (any risk exponent ρ), the
// issues on the table (continuous ranges and discrete option indices; the other issues
// stay at the status quo) and the participants' red lines (a point that breaks one is
// infeasible), this computes
//
//  * the (asymmetric) Nash bargaining solution (Nash 1950; Kalai 1977; Roth 1979):
//      x* = argmax_x Σ_i w_i log(u_i(x) − d_i)   subject to u_i(x) > d_i for all i,
//    with d_i the disagreement utility (reservation or fallback) and w_i > 0 the
//    bargaining power (equal w: the symmetric solution; only the ratios matter).
//    u_i may carry a constant offset o_i (side payments of a deal: BargainingProblem::offset).
//    The solution exists exactly when the bargaining set is not empty: then a zone of
//    agreement exists, an outcome every participant prefers strictly to no deal.
//  * the Pareto slack of an outcome y among the participants,
//      slack(y) = max_x min_i (u_i(x) − u_i(y)),
//    the largest gain every participant could have at once. slack ≤ 0 means y is
//    *weakly* Pareto-efficient: no feasible x makes every participant strictly better
//    off. The weak notion is used because it is one max-min, cheap and robust to compute
//    also with red lines and discrete issues, and it comes with a measure in utility
//    units to set a tolerance on. Strong efficiency (no one better off without someone
//    worse off) would need a certificate that a sum cannot rise under u_i ≥ u_i(y), which
//    an inexact search cannot give, and is fragile: an indifferent participant or a flat
//    stretch of the frontier makes it fail for gains of 1e-15. Caveat of the weak notion:
//    a participant indifferent to every issue on the table makes every outcome efficient.
//  * the distance between two outcomes: the root-mean-square of span-normalised
//    differences over all issues, the measure used for the nearest named deal
//    (simulation/session.cpp).
//
// Method (deterministic: no random numbers, no threads; the same inputs give the same
// bits). The search works on the issues on the table: continuous issues within their
// ranges, discrete issues on option indices. It keeps every participant's loss on
// every issue, so moving one issue costs one term per participant.
//  * Pattern search (Hooke & Jeeves 1961; Kolda, Lewis & Torczon 2003): probes ±h·span
//    per issue (±1 option on a discrete issue), h per issue from 1/4 down to 2⁻³⁰,
//    doubled after a success and quartered after a failure; a failed pair of probes is
//    refined by the parabola through them and by the participants' ideal points between
//    them (kinks for ρ = 1). After an improving sweep it extrapolates along the sweep's
//    displacement, doubling while that pays.
//  * After every sweep, a damped Newton step on the issues at no kink, bound or red
//    line, from the exact gradient and Hessian of the objective; it stops at the first
//    kink it would cross. It converges where coordinate moves zigzag (curved ridges).
//  * Infeasible points (a participant at or below its disagreement utility, a broken
//    red line) have objective −∞. When a red line stops a probe, moves along pairs of
//    issues that one red line reads let the search slide along its boundary.
//  * Starts: the status quo, the centre of the ranges, each participant's ideal point and
//    the power-weighted mean of the ideals (discrete issues rounded to an option).
//
// Why this finds the optimum where the problem is concave: u_i(x) = 1 − Σ_d ŝ_id
// (|x_d − a_id|/span_d)^ρ_i is a sum of one-issue terms, so the directional derivative of
// Σ_i w_i log(u_i − d_i) in any direction is the sum of its derivatives along the issues:
// a point that no probe improves is optimal when the objective is concave, which it is
// on continuous issues when every ρ_i ≥ 1 (the kinks at ideal points included). Then one
// start suffices. Otherwise (some ρ_i < 1, a discrete issue or a red line) the search is
// a good local method, not a certificate: every feasible start and the 4 best of 16
// Halton points (which find regions that red lines with `->` cut off) are searched to
// h = 2⁻⁶, the best of those to the end. When no start lies in the bargaining set the
// Nash search first maximises min_i (u_i − d_i) (below); if that is ≤ 0 the set is taken
// to be empty (one thinner than ~1e-10 in utility may be missed).
//
// The max-min of the Pareto slack is not separable (min has diagonal kinks, where
// coordinate moves stall), so it is solved as a sequence of weighted Nash problems with
// a disagreement point (`floor`) below the best point so far, as in the method of
// centres (Huard 1967). At a weighted Nash point λ_i = w_i / (u_i − t_i − floor) is a
// normal of the utility frontier; the next weights are λ (so the next point equalises
// the gains where the frontier is flat) and, in the concave case, Σ λ_i (u_i − t_i)/Σ λ_i
// bounds the max-min from above. The floor rises to the best min less the width of that
// bracket; the rounds stop when the bracket is below 1e-10 or nothing improves. The
// slack returned is min_i (u_i(x) − u_i(y)) at the best point found, so it never
// overstates the gain.
//
// Accuracy, measured (tests/unit/analysis/bargaining_solutions_test.cpp against the
// closed forms of validation/analytic/nash_and_ks_solutions.csv; random 5 × 5 problems
// against a random-direction search refined to steps of 1e-13): the Nash point to
// 1e-10 of the span or better where the objective is curved around it (often to
// rounding), exactly at a kink (an ideal point) or a bound, and to ~1e-9 on a red line's
// boundary (its tolerance and the last step, 2⁻³⁰). Where the objective is nearly flat
// along some direction, x is determined only to ~1e-8 (√ε), but the objective is within
// 1e-13 of the best. The Pareto slack to 1e-10 in the concave case. Work per call is
// capped (about 10 ms); a slide along a red line that couples several issues can reach
// the cap, and the result is then accurate to about 1e-6.
//
// Cost (one core, 5 participants × 5 issues on the table): the Nash point about 16 µs
// with every ρ = 1, 35 µs with ρ ≥ 1, 100–150 µs with some ρ < 1, discrete issues or red
// lines (multistart); 12–55 µs for the phases of the shipped scenarios. The Pareto
// slack of an inefficient outcome 80–300 µs (several weighted Nash problems);
// `pareto_efficient` stops as soon as the answer is known: 25–150 µs. At accuracy 1e-5
// (what a session records) the slack costs about what `pareto_efficient` did: a run of the
// flagship (2000 replicates, one thread, 0.12 s of bargaining) took 0.87 s with it, 0.90 s
// with `pareto_efficient`, 1.19 s at accuracy 1e-7. On 2% of the flagship's deals, where
// red lines make the problem non-concave, the coarser steps end in another local max-min,
// lower by 1e-4 to 3.5e-3.
//
// References: Nash (1950) "The bargaining problem"; Kalai (1977) and Roth (1979) for the
// asymmetric solution; Hooke & Jeeves (1961) "Direct search solution of numerical and
// statistical problems"; Kolda, Lewis & Torczon (2003) "Optimization by direct search";
// Huard (1967) "Resolution of mathematical programming with nonlinear constraints by
// the method of centres".
#pragma once

#include <optional>
#include <span>

#include <Eigen/Dense>

#include "core/issue.hpp"
#include "core/model_parameters.hpp"
#include "scenario/actor.hpp"
#include "utility/utility.hpp"

namespace parley {

// Default tolerance of `pareto_efficient`, in utility units (≫ the slack's 1e-9 accuracy).
inline constexpr double kParetoTolerance = 1e-6;

struct BargainingProblem {
  const UtilityModel* utility = nullptr;  // all actors, reset with `parameters`
  // The replicate's parameters `utility` was reset with: the search reads the ideal
  // points (starting points, kinks) and risk exponents to evaluate one-issue moves
  // incrementally (a check at the start ensures both give the same utilities).
  const ModelParameters* parameters = nullptr;
  std::span<const int> participants;     // actor indices, at least one
  std::span<const Issue> issues;         // ranges; discrete issues take option indices 0…k−1
  std::span<const int> issues_on_table;  // the others are fixed at `status_quo`
  const Eigen::VectorXd* status_quo = nullptr;  // D
  Eigen::VectorXd disagreement;                 // one per participant: utility of no deal
  Eigen::VectorXd bargaining_power;             // one per participant, > 0; equal = symmetric Nash
  std::span<const Actor> actors;  // all actors; participants' red lines bound the search
  // One per participant, or empty (all 0): a constant added to the participant's utility
  // of every outcome, e.g. the side payments of a deal (value to the receiver, minus the
  // cost to the payer). The search, the bargaining set (u_i(x) + o_i > d_i) and the Pareto
  // slack use u_i + o_i; the slack does not change with the offsets (they cancel in
  // u_i(x) − u_i(y)), the Nash point does. Not clamped to [0, 1].
  Eigen::VectorXd offset;
};

// The (asymmetric) Nash bargaining solution: argmax over feasible x of
// Σ_i w_i log(u_i(x) + o_i − d_i) subject to u_i(x) + o_i > d_i for every participant
// (o_i the offsets, 0 by default), as a full
// outcome (length D; issues off the table at the status quo, discrete issues at an
// option index). std::nullopt when no feasible x gives every participant more than its
// disagreement utility (empty bargaining set): so a non-empty result says that a zone
// of agreement exists among the participants (an outcome that keeps their red lines and
// that each of them prefers strictly to no deal). Deterministic.
std::optional<Eigen::VectorXd> nash_bargaining_point(const BargainingProblem& problem);

// nash_bargaining_point(problem).has_value(), without the search for the point: true
// as soon as one of the starting points (or samples) the Nash search would try lies in
// the bargaining set, otherwise the same max-min search as the Nash point's. The same
// answer, bit for bit the same computations, at a fraction of the cost when a zone
// exists.
bool agreement_zone_exists(const BargainingProblem& problem);

// max over feasible x of min_i (u_i(x) − u_i(outcome)) over the participants (x with
// the issues off the table at the status quo; `outcome` is evaluated as given): ≥ 0
// when `outcome` is itself feasible, ≤ 0 when it is weakly Pareto-efficient (then
// usually exactly 0). −∞ when no feasible point is found. `disagreement` and
// `bargaining_power` are not used. `accuracy` (≥ 1e-10, the default) ends the search once
// the max-min is bracketed to accuracy × (1 + |slack|), and ends each of its weighted
// Nash searches at a step of accuracy / 16 of the span (2⁻³⁰ at the default): a coarser
// accuracy is cheaper (see Cost). The result, attained at a feasible point, never
// overstates the slack; in the concave case it understates it by about `accuracy` at
// most. Deterministic.
double pareto_slack(const BargainingProblem& problem,
                    const Eigen::Ref<const Eigen::VectorXd>& outcome, double accuracy = 1e-10);

// True when `outcome` is weakly Pareto-efficient among the participants: no feasible x
// raises every participant's utility by more than `tolerance`.
bool pareto_efficient(const BargainingProblem& problem,
                      const Eigen::Ref<const Eigen::VectorXd>& outcome,
                      double tolerance = kParetoTolerance);

// Root-mean-square over the issues of (a_d − b_d) / span_d.
double distance(const Eigen::Ref<const Eigen::VectorXd>& a,
                const Eigen::Ref<const Eigen::VectorXd>& b, std::span<const Issue> issues);

}  // namespace parley
