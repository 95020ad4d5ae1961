// Equilibrium play in division games: the stationary subgame-perfect strategy.
//
// A *division game* is a phase whose participants split a unit of value: each
// participant's utility is its share. parley recognises two forms:
//
//   bilateral split — 2 participants, 1 issue on the table, ideal points at
//     opposite ends of its range, risk exponent 1, no salience on any other
//     issue: u₁ = share of player 1, u₂ = 1 − u₁ (Rubinstein 1982, Ståhl 1972);
//   n-way split — each participant cares only about its own issue on the
//     table (salience 0 elsewhere), its ideal is that issue's maximum, risk
//     exponent 1, and the issues on the table are exactly these: uᵢ is the
//     share (x − min)/span of its issue (Baron & Ferejohn 1989).
//
// Continuation values come from backward induction from the deadline — the
// Bellman operator iterated from the breakdown values (the fixed-point
// iteration that converges to the stationary values as the deadline grows).
// In round t, in round-t utility units, with cᵢ(t) = δᵢ·[(1 − q)·vᵢ(t+1) + q·bᵢ(t+1)]
// the value to i of the round passing without agreement (q: breakdown
// probability, b: breakdown value, the reservation utility rᵢ/δᵢ^t):
//
//   the proposer p buys the cheapest winning coalition under the decision rule
//   (veto players always; ties broken uniformly at random), paying each partner
//   exactly cⱼ(t), and keeps 1 − Σ cⱼ — or passes if that is below c_p(t);
//   vᵢ(t) = Σ_p π_p(t)·(what i gets when p proposes), π the recognition law.
//
// Responders accept iff their share is at least cⱼ(t) (the strategy's target).
// With T → ∞ this gives Rubinstein's x₁ = (1 − δ₂)/(1 − δ₁δ₂) and Baron–
// Ferejohn's proposer share 1 − δ(n − 1)/(2n) with partners at δ/n.
//
// Applicability is checked when the scenario is read (`division_game_problem`):
// every participant must play `equilibrium`, in one of the two forms, with its
// ideal point, salience and risk exponent fixed (not uncertain). Discounts and
// reservation utilities may be uncertain. The quota rule buys partners greedily
// by cost per unit of capability, exact when capabilities are equal.
//
// Equilibrium play assumes what the theory assumes: discount factors,
// reservation utilities and the protocol are common knowledge.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "protocol/protocol.hpp"
#include "scenario/scenario.hpp"
#include "strategy/strategy.hpp"

namespace parley {

// Why `phase` is not a division game (empty when it is).
std::optional<std::string> division_game_problem(const Scenario& scenario, const Phase& phase);

// The continuation values of one phase of a division game, for one replicate.
class EquilibriumPlan {
 public:
  // Solves the phase. `proposer_order` lists participant slots in proposing
  // order; who proposes in which round with what probability is the phase's
  // protocol's (alternating offers: in turn; random proposer: recognition).
  void solve(const Scenario& scenario, const Phase& phase, const Protocol& protocol,
             const ModelParameters& parameters, const Eigen::VectorXd& fallback,
             std::span<const int> proposer_order);

  // cⱼ(t): what participant slot j can get by letting round t pass (round-t units).
  double continuation(int round, int slot) const;
  // Writes the equilibrium offer of participant slot `proposer` in `round` into
  // `offer` (starting from `status_quo`); returns false when the proposer passes.
  bool offer(int round, int proposer, Rng& rng, const Eigen::VectorXd& status_quo,
             Eigen::Ref<Eigen::VectorXd> offer) const;
  // The share participant slot j receives from an outcome.
  double share(int slot, const Eigen::Ref<const Eigen::VectorXd>& outcome) const;
  int slot_of(int actor) const;

 private:
  // Picks the cheapest winning coalition for proposer slot p at `round` into
  // `partner_` flags; returns the number of tied partners drawn at random.
  void cheapest_coalition(int round, int proposer, Rng* rng) const;

  const Scenario* scenario_ = nullptr;
  const Phase* phase_ = nullptr;
  bool bilateral_ = false;
  std::vector<int> issue_of_;              // slot → issue (n-way) ; bilateral: the one issue
  std::vector<double> sign_;               // bilateral: +1 if the slot's ideal is the range max
  Eigen::MatrixXd continuation_;           // (T + 1) × P, row t − 1 for round t
  std::vector<int> proposer_order_;        // alternating offers: slot proposing in round t
  Eigen::VectorXd capability_;             // P
  mutable std::vector<int> order_;         // scratch: slots sorted by cost
  mutable std::vector<char> partner_;      // scratch: in the coalition
  mutable std::vector<double> inclusion_;  // scratch: inclusion probability (solver)
};

// The strategy: proposes the equilibrium offer, accepts iff the share is at
// least the continuation value. Needs `Observation::equilibrium`.
class Equilibrium final : public Strategy {
 public:
  void begin_phase(const Observation& seen) override;
  void begin_round(const Observation& seen) override;
  double target_utility() const override { return target_; }
  bool propose(const Observation& seen, Rng& rng, OfferWorkspace& workspace,
               Eigen::Ref<Eigen::VectorXd> offer) override;
  // Accepts iff the share is at least the continuation value cⱼ(t) and no red
  // line breaks. Under majority or quota rules cⱼ(t) can be below the
  // reservation utility: rejecting does not bring breakdown, others may pass a
  // deal without j.
  Response respond(const Observation& seen,
                   const Eigen::Ref<const Eigen::VectorXd>& offer) const override;

 private:
  double target_ = 1.0;
};

}  // namespace parley
