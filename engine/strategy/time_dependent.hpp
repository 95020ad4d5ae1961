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

#include "strategy/strategy.hpp"

namespace parley {

class TimeDependent final : public Strategy {
 public:
  static constexpr int kExponentSlot = 0;

  // τ(t) for a given share of time used in [0, 1].
  static double target_at(double time_used, double best, double fallback, double exponent);
  // τ in round `round` of the observer's concession clock (Observation::time_used_at),
  // falling from the best the phase can give to `end`: the schedule every
  // strategy's time-dependent part (target, floor, end-game ceiling) follows.
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
  // current_target's last inputs and value (a cache: τ is a pure function of
  // them; keyed on the clock's inputs so a hit computes no power).
  struct Memo {
    bool valid = false;
    int round = 0, last_turn = 0;
    double discount = 0.0, best = 0.0, fallback = 0.0, exponent = 0.0, target = 0.0;
  };
  mutable Memo memo_;
};

}  // namespace parley
