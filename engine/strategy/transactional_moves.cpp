#include "strategy/transactional_moves.hpp"

#include <algorithm>
#include <cmath>

#include "strategy/opponent_model.hpp"

namespace parley {
namespace {

bool involved(const Observation& seen, int actor) {
  return std::find(seen.participants.begin(), seen.participants.end(), actor) !=
             seen.participants.end() ||
         std::find(seen.ratifiers.begin(), seen.ratifiers.end(), actor) != seen.ratifiers.end();
}

double parameter(const Observation& seen, int instrument, int column) {
  return (*seen.instrument_params)(instrument, column);
}

}  // namespace

double believed_utility(const Observation& seen, int actor,
                        const Eigen::Ref<const Eigen::VectorXd>& outcome) {
  if (actor == seen.self) return seen.own->utility(outcome);
  double utility = 1.0;
  for (std::size_t d = 0; d < seen.issues.size(); ++d) {
    const Issue& issue = seen.issues[d];
    const int i = static_cast<int>(d);
    const auto at = static_cast<Eigen::Index>(d);
    if (seen.opponent_models != nullptr && issue.is_discrete()) {
      const int option = static_cast<int>(std::lround(outcome(at)));
      utility -= seen.opponent_models->weight(actor, i) *
                 (1.0 - seen.opponent_models->value(actor, i, option));
      continue;
    }
    const double weight = (*seen.believed_weight)(actor, at);
    bool valued = false;
    for (const OptionValuation& valuation : seen.valuations) {
      if (valuation.actor == actor && valuation.issue == i) {
        utility -= weight * valuation.loss(outcome(at), 1.0);
        valued = true;
        break;
      }
    }
    if (valued) continue;
    utility -= weight * std::abs(outcome(at) - (*seen.believed_ideal)(actor, at)) / issue.span();
  }
  return utility;
}

double believed_fallback(const Observation& seen, int actor) {
  if (actor == seen.self) return seen.fallback;
  if (seen.agreement_stands) return believed_utility(seen, actor, *seen.status_quo);
  double value = seen.interim_table
                     ? believed_utility(seen, actor, *seen.status_quo)
                     : (*seen.public_reservation)(actor) +
                           (seen.interim_gain != nullptr ? (*seen.interim_gain)(actor) : 0.0);
  for (std::size_t k = 0; k < seen.instruments.size(); ++k) {
    const Instrument& threat = seen.instruments[k];
    if (threat.kind != Instrument::Kind::kThreat || threat.target != actor ||
        !(*seen.threat_active)[k]) {
      continue;
    }
    const int row = static_cast<int>(k);
    value -=
        parameter(seen, row, Instrument::kCredibility) * parameter(seen, row, Instrument::kDrop);
  }
  return std::clamp(value, 0.0, 1.0);
}

ThreatAppraisal appraise_threat(const Observation& seen, int instrument, double own, double gap) {
  const double credibility = parameter(seen, instrument, Instrument::kCredibility);
  const double expected_drop = credibility * parameter(seen, instrument, Instrument::kDrop);
  ThreatAppraisal appraisal;
  appraisal.closes = gap <= 0.0 ? 1.0 : std::min(1.0, expected_drop / gap);
  // At its last proposing turn there is no later concession to spare: what
  // the threat wins is the deal itself.
  const bool last_turn = seen.round >= seen.last_turn;
  appraisal.gain = last_turn ? std::max(0.0, own - seen.fallback) : std::min(gap, expected_drop);
  appraisal.risk = credibility * parameter(seen, instrument, Instrument::kThreatCost) +
                   (1.0 - credibility) * parameter(seen, instrument, Instrument::kAudienceCost);
  appraisal.net = appraisal.closes * appraisal.gain - (1.0 - appraisal.closes) * appraisal.risk;
  return appraisal;
}

PaymentAppraisal appraise_payment(const Observation& seen, int instrument, double own, double gap) {
  const double budget = parameter(seen, instrument, Instrument::kValue);
  PaymentAppraisal appraisal;
  if (gap <= 0.0 || budget <= 0.0 || gap > budget) return appraisal;
  appraisal.amount = gap;
  appraisal.cost = parameter(seen, instrument, Instrument::kPaymentCost) * gap / budget;
  appraisal.net = appraisal.amount - appraisal.cost;
  appraisal.usable = own - appraisal.cost >= seen.fallback && appraisal.net > 0.0;
  return appraisal;
}

InstrumentChoice choose_transactional_moves(const Observation& seen,
                                            const Eigen::Ref<const Eigen::VectorXd>& offer) {
  InstrumentChoice choice;
  if (seen.instruments.empty()) return choice;
  const double own = seen.own->utility(offer);
  // A gap closes when the target's utility reaches its fallback; a small
  // margin keeps a payment from falling short by a rounding error.
  constexpr double kMargin = 1e-9;
  double best_threat = 0.0;
  double threat_drop = 0.0;
  for (std::size_t k = 0; k < seen.instruments.size(); ++k) {
    const Instrument& threat = seen.instruments[k];
    if (threat.kind != Instrument::Kind::kThreat || threat.actor != seen.self ||
        !(*seen.instrument_available)[k] || !involved(seen, threat.target)) {
      continue;
    }
    const double gap =
        believed_fallback(seen, threat.target) - believed_utility(seen, threat.target, offer);
    if (gap <= 0.0) continue;  // believed to accept as it is
    const int row = static_cast<int>(k);
    const ThreatAppraisal appraisal = appraise_threat(seen, row, own, gap);
    if (appraisal.net > best_threat) {
      best_threat = appraisal.net;
      choice.threat = row;
      threat_drop =
          parameter(seen, row, Instrument::kCredibility) * parameter(seen, row, Instrument::kDrop);
    }
  }
  if (choice.threat >= 0) choice.ultimatum = seen.round >= seen.last_turn;
  double best_payment = 0.0;
  for (std::size_t k = 0; k < seen.instruments.size(); ++k) {
    const Instrument& payment = seen.instruments[k];
    if (payment.kind != Instrument::Kind::kSidePayment || payment.actor != seen.self ||
        !(*seen.instrument_available)[k] || !involved(seen, payment.target)) {
      continue;
    }
    double gap =
        believed_fallback(seen, payment.target) - believed_utility(seen, payment.target, offer);
    if (choice.threat >= 0 &&
        seen.instruments[static_cast<std::size_t>(choice.threat)].target == payment.target) {
      gap -= threat_drop;  // what the threat leaves of the gap
    }
    if (gap <= 0.0) continue;
    const int row = static_cast<int>(k);
    const PaymentAppraisal appraisal = appraise_payment(seen, row, own, gap + kMargin);
    if (appraisal.usable && appraisal.net > best_payment) {
      best_payment = appraisal.net;
      choice.side_payment = row;
      choice.payment_amount = appraisal.amount;
    }
  }
  return choice;
}

InstrumentChoice choose_backing_moves(const Observation& seen,
                                      const Eigen::Ref<const Eigen::VectorXd>& offer,
                                      const OfferOnTable& on_table) {
  InstrumentChoice choice;
  if (seen.instruments.empty()) return choice;
  const double stake = seen.own->utility(offer) - seen.fallback;
  if (stake <= 0.0) return choice;
  // The one holdout, if there is exactly one.
  int holdout = -1;
  double holdout_gap = 0.0;
  auto weigh = [&](int actor) {
    if (actor == seen.self || actor == on_table.proposer || actor == holdout) return true;
    double gap = believed_fallback(seen, actor) - believed_utility(seen, actor, offer);
    if (actor == on_table.payment_target) gap -= on_table.payment_amount;
    if (gap <= 0.0) return true;
    if (holdout >= 0) return false;  // two holdouts: no single move decides
    holdout = actor;
    holdout_gap = gap;
    return true;
  };
  for (int actor : seen.participants)
    if (!weigh(actor)) return choice;
  for (int actor : seen.ratifiers)
    if (!weigh(actor)) return choice;
  if (holdout < 0) return choice;  // believed to pass as it stands
  constexpr double kMargin = 1e-9;
  double best = 0.0;
  for (std::size_t k = 0; k < seen.instruments.size(); ++k) {
    const Instrument& instrument = seen.instruments[k];
    if (instrument.actor != seen.self || instrument.target != holdout ||
        !(*seen.instrument_available)[k]) {
      continue;
    }
    const int row = static_cast<int>(k);
    if (instrument.kind == Instrument::Kind::kThreat) {
      const double credibility = parameter(seen, row, Instrument::kCredibility);
      const double closes =
          std::min(1.0, credibility * parameter(seen, row, Instrument::kDrop) / holdout_gap);
      const double risk = credibility * parameter(seen, row, Instrument::kThreatCost) +
                          (1.0 - credibility) * parameter(seen, row, Instrument::kAudienceCost);
      const double net = closes * stake - (1.0 - closes) * risk;
      if (net > best) {
        best = net;
        choice = InstrumentChoice{};
        choice.threat = row;
      }
      continue;
    }
    if (on_table.payment_target >= 0) continue;  // one side payment per offer
    const double budget = parameter(seen, row, Instrument::kValue);
    const double amount = holdout_gap + kMargin;
    if (budget <= 0.0 || amount > budget) continue;
    const double net = stake - parameter(seen, row, Instrument::kPaymentCost) * amount / budget;
    if (net > best) {
      best = net;
      choice = InstrumentChoice{};
      choice.side_payment = row;
      choice.payment_amount = amount;
    }
  }
  return choice;
}

}  // namespace parley
