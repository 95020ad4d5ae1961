// Transactional bargaining: never concede for nothing; press and reward.
//
// Models the transactional style described for US diplomacy in February 2025
// ("doesn't do favors"): concessions only in return for concessions, package
// deals built by logrolling, threats and side payments used when they pay.
//
//  - Target. Starts at the best the phase can give (b). At the start of each
//    round it falls by `reciprocity` × the concession the actor received last
//    round (the same measure as tit_for_tat) — and only then: no concession for
//    nothing. Nor does it return what its own threats bought: after a threat,
//    the first drop × credibility of the concessions it receives is taken as
//    the threat's yield (Schelling 1960), not reciprocated. And a threat moves
//    where its schedules end: the floor, the ceiling and the target run to its
//    fallback raised by half the threat's expected drop (drop × credibility),
//    the share of the surplus a threat moves in Nash's (1953) variable-threat
//    bargaining on a linear frontier; a credible threat so earns a larger share. It never falls
//    below a Boulware floor, the time_dependent target with `exponent` (b − (b − f)(t/T)^(1/e)),
//    nor below the fallback f. Nor does it stay above an end-game ceiling, the same schedule with
//    `deadline_exponent` (the ceiling wins if the two cross): a transactional
//    actor trades concession for concession while there is time, and has
//    reached its fallback by its last proposing turn, whoever proposes last
//    (time as in Observation::time_used).
//  - Offers. Built on its iso-utility surface at the target, logrolling by
//    salience ratios (offer_builder.hpp): it gives on the issues it cares little
//    about and asks on those it cares most about.
//  - Pressure and reward as decisions (strategy/transactional_moves.hpp):
//    with each offer it weighs the threats and side payments it holds against
//    the actors at the table and the ratifiers, and uses one only when its
//    expected gain beats its expected cost — a threat when the chance it
//    closes the target's gap, times what that spares it, outweighs the risk
//    of having to carry it out or back down (audience costs, Fearon 1994); at
//    its last proposing turn a threat is an ultimatum; a side payment sized to
//    close the target's gap, within its budget, when paying is cheaper than
//    conceding. What threats and side payments do is in scenario.hpp
//    (Instrument) and simulation/session.cpp.
//
// | parameter   | default | domain      | meaning                                        |
// |-------------|---------|-------------|------------------------------------------------|
// | exponent    | 0.5     | [1e-3, 1e3] | e of the Boulware floor                        |
// | reciprocity | 1       | [0, 2]      | share of a received concession it returns      |
// | deadline_exponent | 0.25 | [1e-3, 1e3] | e of the end-game ceiling                   |
//
// References: Faratin, Sierra & Jennings (1998) for the floor and relative
// tit-for-tat; Raiffa (1982) for logrolling and side payments; Schelling
// (1960) for threats whose force is their credibility; Fearon (1994) for
// audience costs; Putnam (1988) for ratifiers' win-sets.
#pragma once

#include "strategy/strategy.hpp"
#include "strategy/time_dependent.hpp"

namespace parley {

class Transactional final : public Strategy {
 public:
  static constexpr int kExponentSlot = 0;
  static constexpr int kReciprocitySlot = 1;
  static constexpr int kDeadlineExponentSlot = 2;

  void begin_phase(const Observation& seen) override;
  void begin_round(const Observation& seen) override;
  double target_utility() const override { return target_; }
  // No higher than now, nor than the end-game ceiling at its next turn.
  double next_target(const Observation& seen) const override;
  InstrumentChoice choose_instruments(const Observation& seen,
                                      const Eigen::Ref<const Eigen::VectorXd>& offer) override;
  InstrumentChoice choose_backing(const Observation& seen,
                                  const Eigen::Ref<const Eigen::VectorXd>& offer,
                                  const OfferOnTable& on_table) override;
  bool propose(const Observation& seen, Rng& rng, OfferWorkspace& workspace,
               Eigen::Ref<Eigen::VectorXd> offer) override;

 private:
  // The end-game ceiling on the target in round `round`.
  double ceiling(const Observation& seen, int round) const;
  // Where its schedules end: the fallback, raised by the leverage of its threats.
  double schedule_end(const Observation& seen) const;

  double target_ = 1.0;
  // Expected yield of its threats (drop × credibility) not yet received as
  // concessions: those concessions are not reciprocated.
  double pressure_ = 0.0;
  // Half the expected drop of the threats it made this phase: what it asks
  // beyond its fallback at the end of its schedules.
  double leverage_ = 0.0;
  // The schedules of the ceiling (deadline_exponent) and the floor (exponent).
  mutable ClockPowers ceiling_clock_;
  ClockPowers floor_clock_;
};

}  // namespace parley
