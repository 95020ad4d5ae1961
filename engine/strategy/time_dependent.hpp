// Time-dependent concession (Faratin, Sierra & Jennings 1998).
//
// The target utility falls from the best the phase can give, b, in the first
// round to the fallback f (reservation utility) by the actor's last proposing
// turn L in the phase (not the deadline: whoever proposes last, every actor has
// made its final concession by its own last offer):
//
//   τ(t) = b − (b − f)·s(t)^(1/e),  s(t) = (t − 1) / (L − 1) with δ = 1,
//   s(t) = (1 − δ^(t−1)) / (1 − δ^(L−1)) with δ < 1 (Observation::time_used)
//
// so an impatient actor concedes sooner, as Rubinstein (1982) has it.
// b = 1 when every issue is on the table, which is Faratin et al.'s form
// 1 − (1 − f)(t/T)^(1/e); with issues held at the status quo b is the own
// ideal on the table (never more than the phase can give). If f ≥ b the
// target stays at f.
//
// e < 1 is Boulware (holds out, concedes late), e = 1 linear, e > 1 conceder.
// Offers are built on the own iso-utility surface at τ (offer_builder.hpp).
//
// | parameter | default | domain        | meaning                   |
// |-----------|---------|---------------|---------------------------|
// | exponent  | 1       | [1e-3, 1e3]   | e: concession speed       |
#pragma once

#include <cmath>
#include <vector>

#include "strategy/strategy.hpp"

namespace parley {

// The schedule's clock factor s(t)^(1/e) (Observation::time_used_at) in the
// rounds of a phase, each computed once and kept: it depends only on the
// round, the last turn L, δ and e, so asking for it every round, and again in
// the next phase or replicate with the same L, δ and e, computes no power.
// Bit for bit std::pow(seen.time_used_at(round), 1 / e). Phases longer than
// kMaxRounds are not kept (the table would be large), only computed.
class ClockPowers {
 public:
  static constexpr int kMaxRounds = 512;

  double at(const Observation& seen, int round, double exponent) {
    // The clock reads 1 from the last turn on, and 1^y = 1 for every y.
    if (round >= seen.last_turn || seen.last_turn <= 1) return 1.0;
    if (round >= 1 && seen.last_turn == last_turn_ && seen.discount_per_round == discount_ &&
        exponent == exponent_) {
      const double power = powers_[static_cast<std::size_t>(round - 1)];
      if (!std::isnan(power)) return power;
    }
    return compute(seen, round, exponent);
  }
  // TimeDependent::target_in_round, with the factor from the table.
  double target_in_round(const Observation& seen, int round, double end, double exponent) {
    if (end >= seen.best_utility) return end;
    return seen.best_utility - (seen.best_utility - end) * at(seen, round, exponent);
  }

 private:
  // at() when the factor is not in the table yet.
  double compute(const Observation& seen, int round, double exponent);

  int last_turn_ = 0;  // the table's inputs (0: none yet)
  double discount_ = 0.0;
  double exponent_ = 0.0;
  std::vector<double> powers_;  // round − 1 → factor; NaN until computed
};

class TimeDependent final : public Strategy {
 public:
  static constexpr int kExponentSlot = 0;

  // τ(t) for a given share of time used in [0, 1].
  static double target_at(double time_used, double best, double fallback, double exponent);
  // τ in round `round` of the observer's concession clock (Observation::time_used_at),
  // falling from the best the phase can give to `end`: the schedule every
  // strategy's time-dependent part (target, floor, end-game ceiling) follows
  // (ClockPowers::target_in_round gives the same numbers from a table).
  static double target_in_round(const Observation& seen, int round, double end, double exponent);

  void begin_phase(const Observation& seen) override;
  void begin_round(const Observation& seen) override;
  double target_utility() const override { return target_; }
  double current_target(const Observation& seen) const override;
  double next_target(const Observation& seen) const override;
  bool propose(const Observation& seen, Rng& rng, OfferWorkspace& workspace,
               Eigen::Ref<Eigen::VectorXd> offer) override;

 private:
  double target_ = 1.0;
  // τ is a pure function of the round, the clock's inputs, b and f: the
  // clock's factors are kept (called several times a round: begin_round,
  // propose, respond).
  mutable ClockPowers clock_;
};

}  // namespace parley
