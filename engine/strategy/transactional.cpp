#include "strategy/transactional.hpp"

#include <algorithm>
#include <cmath>

#include "strategy/offer_builder.hpp"
#include "strategy/transactional_moves.hpp"

namespace parley {

void Transactional::begin_phase(const Observation& seen) {
  target_ = std::max(seen.fallback, seen.best_utility);
  pressure_ = 0.0;
  leverage_ = 0.0;
}

double Transactional::schedule_end(const Observation& seen) const {
  return std::max(seen.fallback, std::min(seen.best_utility, seen.fallback + leverage_));
}

double Transactional::ceiling(const Observation& seen, int round) const {
  return ceiling_clock_.target_in_round(seen, round, schedule_end(seen),
                                        seen.strategy_param(kDeadlineExponentSlot));
}

void Transactional::begin_round(const Observation& seen) {
  if (seen.round == 1) return;
  double received =
      std::isnan(seen.concession_received) ? 0.0 : std::max(0.0, seen.concession_received);
  // A concession its own threat bought is the threat's yield, not a favour to
  // return: the first `pressure_` of what it receives after a threat is kept.
  const double bought = std::min(received, pressure_);
  pressure_ -= bought;
  received -= bought;
  const double end = schedule_end(seen);
  const double floor =
      floor_clock_.target_in_round(seen, seen.round, end, seen.strategy_param(kExponentSlot));
  target_ = std::min(ceiling(seen, seen.round),
                     std::max(floor, target_ - seen.strategy_param(kReciprocitySlot) * received));
  target_ = std::max(target_, end);
}

InstrumentChoice Transactional::choose_backing(const Observation& seen,
                                               const Eigen::Ref<const Eigen::VectorXd>& offer,
                                               const OfferOnTable& on_table) {
  return choose_backing_moves(seen, offer, on_table);
}

InstrumentChoice Transactional::choose_instruments(const Observation& seen,
                                                   const Eigen::Ref<const Eigen::VectorXd>& offer) {
  const InstrumentChoice choice = choose_transactional_moves(seen, offer);
  if (choice.threat >= 0) {
    // What the threat is expected to take off the target's value of no deal.
    const double expected_drop = (*seen.instrument_params)(choice.threat, Instrument::kDrop) *
                                 (*seen.instrument_params)(choice.threat, Instrument::kCredibility);
    pressure_ += expected_drop;
    leverage_ += 0.5 * expected_drop;
  }
  return choice;
}

double Transactional::next_target(const Observation& seen) const {
  return std::max(schedule_end(seen), std::min(target_, ceiling(seen, seen.next_turn())));
}

bool Transactional::propose(const Observation& seen, Rng& /*rng*/, OfferWorkspace& workspace,
                            Eigen::Ref<Eigen::VectorXd> offer) {
  return build_offer(seen, target_, workspace, offer);
}

}  // namespace parley
