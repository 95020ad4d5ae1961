// The exchange model (Stokman & Van Oosten 1994): actors trade voting positions
// across the issues of one proposal, each giving way on an issue it cares little about
// in return for support on one it cares much about, and the forecast on each issue is
// the compromise of the voting positions after the trades.
//
// Input: the issues a = 0..m−1 of one proposal, each a ForecastCase (checked with
// check_forecast_case). Actors are matched across issues by id; an actor may be
// missing from some issues and only trades on issues it holds a position on. Actor
// i on issue a has a capability c_ia, a salience s_ia, a policy position x_ia (the
// input: what it wants) and a voting position y_ia (what it supports; at first x_ia).
//
// Expected outcome (the compromise model, protocol/forecast_models.hpp):
//   O_a = Σ_i w_ia y_ia / W_a,   w_ia = c_ia s_ia,   W_a = Σ_i w_ia,
// with w_ia = 1 for every actor on issue a when all its products are 0 (as in
// `compromise_forecast`). Actor i's utility is linear and salience-weighted in its
// policy position: u_i = −Σ_a s_ia |O_a − x_ia|, so a shift of O_a by δ towards x_ia
// (not past it) gains i s_ia·δ.
//
// One exchange between actors i and j over issues a ≠ b:
//   - they are on opposite sides of the outcome on both issues:
//     (x_ia − O_a)(x_ja − O_a) < 0 and (x_ib − O_b)(x_jb − O_b) < 0;
//   - i is relatively more interested in a, j in b: s_ia·s_jb > s_ja·s_ib;
//   - j shifts its voting position on a by Δ_ja towards x_ia, i shifts on b by Δ_ib
//     towards x_jb. The outcomes move by A = w_ja Δ_ja / W_a towards x_ia and
//     B = w_ib Δ_ib / W_b towards x_jb; i gains s_ia A − s_ib B, j gains s_jb B − s_ja A.
//   - Equal gain: A/B = r = (s_ib + s_jb)/(s_ia + s_ja); each then gains
//     G = B (s_ia s_jb − s_ja s_ib)/(s_ia + s_ja).
//   - As far as it can go: B is the largest value with A = r·B inside the four limits
//       Δ_ja ≤ |x_ia − y_ja|  ⇔  A ≤ w_ja |x_ia − y_ja| / W_a   (j moves at most to i),
//       Δ_ib ≤ |x_jb − y_ib|  ⇔  B ≤ w_ib |x_jb − y_ib| / W_b   (i moves at most to j),
//       A ≤ |x_ia − O_a|,  B ≤ |x_jb − O_b|   (the outcome stops at the gainer's ideal,
//                                              where its gain stops being linear).
//
// Sequence: list every feasible exchange (every pair of actors, every pair of issues
// both hold positions on, oriented by the salience condition) with its gain G; carry
// out the one with the largest G; update the voting positions and outcomes; repeat
// until no exchange gains more than 1e-12 × the wider of its two issues' scales.
//
// Choices (where the publication leaves room or we depart from it):
//   - One shift per actor and issue: an actor that has shifted its voting position on
//     an issue may not shift on that issue again (it may still gain there, as the
//     other party of a later exchange). So at most Σ_a n_a / 2 exchanges happen and
//     the loop ends. Stokman & Van Oosten carry out exchanges in the order of their
//     gains; Decide, the Python implementation by Stokman's group
//     (github.com/foarsitter/decide-exchange-model), then recomputes the remaining
//     exchanges of an actor that has shifted and lets it shift again on that issue in
//     the same direction, never back. We keep the stricter rule: it bounds the run
//     without a tolerance on ever smaller shifts, and forecasts may differ from Decide's
//     where an actor would have shifted twice.
//   - Sides, gains and the outcome limits use the policy positions x (what the actor
//     wants); the outcome uses the voting positions y. A shifted actor keeps its
//     interests: it does not join the other side of an issue because it voted there.
//   - One pass, recomputed after every exchange: the outcomes that decide sides and
//     limits are always the current ones (Decide fixes the sides at the start of a
//     round). No later rounds with new starting positions (the dynamic extension
//     of the model).
//   - Ties (gains within a relative 1e-12) go to the pair of actors that comes first in
//     the byte order of their ids (smaller id first, then the other), then to the pair
//     of issues that comes first (lower index first). The outcomes are summed in the
//     same id order, so the result does not depend on the order of the actors in the
//     input, not even in the last bit.
//   - The other fields of a case (status quo, voting rule, …) are carried over unused.
//
// Every forecast is a weighted mean of voting positions that lie on the scale (each
// shift stays between the shifting actor's position and the other's), so it is on
// the scale.
//
// References: Stokman & Van Oosten (1994) "The exchange of voting positions: an
// object-oriented model of policy networks", in Bueno de Mesquita & Stokman (eds.)
// *European Community Decision Making: Models, Applications, and Comparisons*;
// Arregui, Stokman & Thomson (2006) "Compromise, exchange and challenge in the
// European Union", ch. 5 of Thomson et al. (eds.) *The European Union Decides*;
// Coleman (1990) *Foundations of Social Theory* (exchange of control over events).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "scenario/forecast_case.hpp"

namespace parley {

// One exchange carried out: `gainer_on_first` (i) gains on `first_issue` (a), where
// `gainer_on_second` (j) shifts its voting position by `shift_on_first` (Δ_ja ≥ 0)
// towards i's position; in return i shifts by `shift_on_second` (Δ_ib ≥ 0) on
// `second_issue` (b) towards j's. The outcomes move by `outcome_shift_first` (A) and
// `outcome_shift_second` (B); `gain` (> 0) is each actor's utility gain. Of the two
// actors, `gainer_on_first` is the one with the smaller id, so `first_issue` may have the
// larger index.
struct PositionExchange {
  std::string gainer_on_first;
  std::string gainer_on_second;
  std::size_t first_issue = 0;   // index into the issues passed in
  std::size_t second_issue = 0;  // index into the issues passed in
  double shift_on_first = 0;
  double shift_on_second = 0;
  double outcome_shift_first = 0;
  double outcome_shift_second = 0;
  double gain = 0;
};

// `shifted`: the issues with the actors' voting positions after all exchanges (same
// order of issues and actors as the input); `exchanges` in the order carried out;
// `forecasts[a]`: the compromise of the voting positions on issue a.
struct ExchangeResult {
  std::vector<ForecastCase> shifted;
  std::vector<PositionExchange> exchanges;
  std::vector<double> forecasts;
};

// Runs the exchange model over the issues of one proposal. Throws UsageError if a case
// fails check_forecast_case or lists the same actor id twice. No issues: an empty
// result; one issue: no exchange, the forecast is the compromise.
ExchangeResult run_exchange_model(std::span<const ForecastCase> issues);

// The forecasts of run_exchange_model, one per issue.
std::vector<double> exchange_forecasts(std::span<const ForecastCase> issues);

}  // namespace parley
