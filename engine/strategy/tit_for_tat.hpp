// Relative tit-for-tat (Faratin, Sierra & Jennings 1998; Axelrod 1984).
//
// The actor concedes, in its own utility, as much as the others conceded to it
// in the last round: at the start of each round
//
//   τ ← max(f, τ − max(m, u(last round's offer) − u(the same proposer's previous offer)))
//
// Comparing an offer with the same proposer's previous one (not with whoever
// proposed before) is what makes the rule meaningful with more than two
// parties, where proposers with different interests take turns.
// where f is the fallback and m the minimum concession (which keeps two
// tit-for-tat players from deadlocking). In the first round of a phase it gives
// up `initial_concession` from the best the phase can give it (1 when every
// issue is on the table). Offers are built at τ (offer_builder.hpp).
//
// A pure behaviour-dependent tactic ignores the deadline, so whether two
// players meet would depend on who happens to propose last. As Faratin et al.
// combine tactics, the target also never exceeds a Boulware time-dependent
// ceiling b − (b − f)·τ^(1/e) (time_dependent.hpp, with the end-game clock
// of Observation::time_used): reciprocity rules the talks, and the target has
// reached the fallback by the actor's last proposing turn.
//
// | parameter          | default | domain       | meaning                                  |
// |--------------------|---------|--------------|------------------------------------------|
// | initial_concession | 0.05    | [0, 1]       | utility given up in the first round      |
// | min_concession     | 0.01    | [0, 1]       | utility given up each round at the least |
// | deadline_exponent  | 0.25    | [1e-3, 1e3]  | e of the end-game ceiling                |
#pragma once

#include "strategy/strategy.hpp"
#include "strategy/time_dependent.hpp"

namespace parley {

class TitForTat final : public Strategy {
 public:
  static constexpr int kInitialConcessionSlot = 0;
  static constexpr int kMinConcessionSlot = 1;
  static constexpr int kDeadlineExponentSlot = 2;

  void begin_phase(const Observation& seen) override;
  void begin_round(const Observation& seen) override;
  double target_utility() const override { return target_; }
  // No higher than now, nor than the end-game ceiling at its next turn.
  double next_target(const Observation& seen) const override;
  bool propose(const Observation& seen, Rng& rng, OfferWorkspace& workspace,
               Eigen::Ref<Eigen::VectorXd> offer) override;

 private:
  // The end-game ceiling on the target in round `round`.
  double ceiling(const Observation& seen, int round) const;

  double target_ = 1.0;
  mutable ClockPowers clock_;  // the ceiling's schedule
};

}  // namespace parley
