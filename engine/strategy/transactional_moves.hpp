// Transactional moves as decisions: when a threat or a side payment pays.
//
// A proposer holding an instrument over another actor j weighs it against the
// offer x it is about to make, with what it can tell of j:
//
//  * j's gap to acceptance, g = f̂_j − û_j(x): j's believed value of no deal
//    (the reservation utility the scenario states, moved by the shocks that
//    struck, plus the interim agreements' gains — at an interim table, j's
//    believed utility of the status quo — less the expected drop of the
//    threats already made against j; or, once a settlement stands, j's
//    believed utility of it) less j's believed utility of x (the proposer's
//    beliefs of j's ideal point and saliences, or of its option values). With
//    g ≤ 0 the proposer believes j accepts x as it is and uses nothing on j.
//
//  * A threat ("accept x or I do Y", credibility c, drop d, cost κ, audience
//    cost a) lowers f_j by c·d. The proposer believes it closes the gap with
//    probability q = min(1, c·d / g) (the share of the gap it covers). If it
//    does, the proposer is spared the concession it would otherwise make to
//    close that part of the gap, min(g, c·d) in utility (a transfer of about
//    1:1 near the Pareto frontier) — or, at its last proposing turn, when
//    there is no later concession to make, it gains the deal over no deal,
//    u_i(x) − f_i: that threat is an ultimatum, a final offer. If it does not,
//    the talks are at risk and the threat is carried out with probability c at
//    cost κ, or the proposer backs down and pays the audience cost a (Fearon
//    1994: a leader who threatens in public and backs down is punished by its
//    audience, which is what makes the threat credible). So
//        net gain = q · gain − (1 − q) · (c·κ + (1 − c)·a)
//    and the threat is made when the net gain is positive.
//
//  * A side payment (budget B, cost κ_p at the full budget) sized to close the
//    gap: amount g, cost κ_p·g/B to the payer, paid only if the deal stands.
//    It is used when g ≤ B (the budget can close the gap), the payer still
//    gets its fallback after paying, u_i(x) − κ_p·g/B ≥ f_i, and paying is
//    cheaper than conceding the gap: net gain g − κ_p·g/B > 0.
//
//  * Anticipated ratification (Putnam 1988, two-level games): ratifiers are
//    among the actors whose gaps the proposer weighs, so a side payment or a
//    threat can be aimed at the win-set of an actor not at the table.
//
//  * Backing from outside the table: an actor that holds instruments but is
//    not at the table (an absent actor, or a ratifier that only ratifies)
//    weighs each offer another actor makes. Its stake in the offer is
//    s = u_h(x) − f_h. It acts only when s > 0 and it believes exactly one of
//    the actors whose acceptance counts (participants other than the proposer,
//    and ratifiers) rejects x as it stands: then closing that actor's gap g
//    decides the deal, and what the backer wins is s itself. A threat on the
//    holdout nets q·s − (1 − q)·(c·κ + (1 − c)·a); a side payment (when none
//    is attached yet) closes the gap for sure if g ≤ B, at cost κ_p·g/B, and
//    nets s − κ_p·g/B. The move with the larger positive net is made. Under a
//    majority or quota rule the single-holdout test is conservative: it counts
//    every participant, as the analysis does (session_record.hpp).
//
// Each instrument is used at most once per session; with several candidates
// the one with the largest net gain is used (one threat and one side payment
// per offer at most; a side payment to the threat's target covers only what
// the threat leaves of the gap).
//
// References: Schelling (1960) The Strategy of Conflict; Fearon (1994)
// "Domestic political audiences and the escalation of international
// disputes", APSR 88(3); Putnam (1988) "Diplomacy and domestic politics: the
// logic of two-level games", IO 42(3); Raiffa (1982) for side payments.
#pragma once

#include <Eigen/Dense>

#include "strategy/observation.hpp"
#include "strategy/strategy.hpp"

namespace parley {

// û_j(x): what the observer believes `actor` gets from `outcome` (its own
// utility when actor is the observer). Risk-neutral (ρ = 1) for others.
double believed_utility(const Observation& seen, int actor,
                        const Eigen::Ref<const Eigen::VectorXd>& outcome);

// f̂_j: what the observer believes `actor`'s value of no (further) deal is.
double believed_fallback(const Observation& seen, int actor);

struct ThreatAppraisal {
  double closes = 0.0;  // q: the believed chance the threat closes the gap
  double gain = 0.0;    // what closing it is worth to the threatener
  double risk = 0.0;    // the expected cost if it does not: c·κ + (1 − c)·a
  double net = 0.0;     // q·gain − (1 − q)·risk
};

// Threat `instrument` with an offer worth `own` to the proposer, against a gap `gap` > 0.
ThreatAppraisal appraise_threat(const Observation& seen, int instrument, double own, double gap);

struct PaymentAppraisal {
  bool usable = false;  // the budget closes the gap and the payer keeps its fallback
  double amount = 0.0;  // the worth to the target: the gap
  double cost = 0.0;    // to the payer
  double net = 0.0;     // amount − cost: what paying saves against conceding
};

PaymentAppraisal appraise_payment(const Observation& seen, int instrument, double own, double gap);

// The transactional decision described above: the threat and side payment to
// go with `offer` (each −1 when none pays).
InstrumentChoice choose_transactional_moves(const Observation& seen,
                                            const Eigen::Ref<const Eigen::VectorXd>& offer);

// The backing decision described above, for the holder `seen.self` not at the
// table: one threat or one side payment (a side payment only when
// `on_table` carries none), or nothing.
InstrumentChoice choose_backing_moves(const Observation& seen,
                                      const Eigen::Ref<const Eigen::VectorXd>& offer,
                                      const OfferOnTable& on_table);

}  // namespace parley
