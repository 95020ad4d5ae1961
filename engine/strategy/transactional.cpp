#include "strategy/transactional.hpp"

#include <algorithm>
#include <cmath>

#include "strategy/offer_builder.hpp"

namespace parley {
namespace {

// Whether `actor` is at the table or ratifies in this phase.
bool involved(const Observation& seen, int actor) {
  return std::find(seen.participants.begin(), seen.participants.end(), actor) !=
             seen.participants.end() ||
         std::find(seen.ratifiers.begin(), seen.ratifiers.end(), actor) != seen.ratifiers.end();
}

// The first available instrument of `kind` held by the observer whose target is involved.
int first_available(const Observation& seen, Instrument::Kind kind) {
  for (std::size_t k = 0; k < seen.instruments.size(); ++k) {
    const Instrument& instrument = seen.instruments[k];
    if (instrument.kind == kind && instrument.actor == seen.self &&
        (*seen.instrument_available)[k] && involved(seen, instrument.target)) {
      return static_cast<int>(k);
    }
  }
  return -1;
}

}  // namespace

void Transactional::begin_phase(const Observation& seen) {
  target_ = std::max(seen.fallback, seen.best_utility);
  turns_ = 0;
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

InstrumentChoice Transactional::choose_instruments(const Observation& seen) {
  ++turns_;
  InstrumentChoice choice;
  // Pressure on odd turns, reward on even ones; with only one kind at hand, use it.
  const bool pressure = turns_ % 2 == 1;
  choice.threat = first_available(seen, Instrument::Kind::kThreat);
  choice.side_payment = first_available(seen, Instrument::Kind::kSidePayment);
  if (choice.threat >= 0 && choice.side_payment >= 0) {
    if (pressure) {
      choice.side_payment = -1;
    } else {
      choice.threat = -1;
    }
  }
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
  const double target = std::min(seen.best_utility, target_ + seen.attached_payment_cost);
  return build_offer(seen, target, workspace, offer);
}

}  // namespace parley
