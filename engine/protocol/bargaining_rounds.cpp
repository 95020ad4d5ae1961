#include "protocol/bargaining_rounds.hpp"

#include "protocol/alternating_offers.hpp"
#include "protocol/random_proposer.hpp"

#include <limits>

#include "simulation/session.hpp"
#include "strategy/strategy.hpp"

namespace parley {

bool BargainingRounds::passes(const DecisionRule& rule, std::span<const int> participants,
                              std::span<const char> accepted, const Eigen::VectorXd& capability) {
  for (int v : rule.veto)
    if (!accepted[static_cast<std::size_t>(v)]) return false;
  switch (rule.kind) {
    case DecisionRule::Kind::kUnanimity:
      for (int j : participants)
        if (!accepted[static_cast<std::size_t>(j)]) return false;
      return true;
    case DecisionRule::Kind::kMajority: {
      std::size_t yes = 0;
      for (int j : participants) yes += accepted[static_cast<std::size_t>(j)] ? 1U : 0U;
      return 2 * yes > participants.size();
    }
    case DecisionRule::Kind::kQuota: {
      double yes = 0.0;
      double total = 0.0;
      for (int j : participants) {
        total += capability(j);
        if (accepted[static_cast<std::size_t>(j)]) yes += capability(j);
      }
      return yes >= rule.quota * total - 1e-12;
    }
  }
  return false;
}

PhaseOutcome BargainingRounds::run(Session& s, int phase_index, Rng& rng, Rng& shock_rng,
                                   SessionRecord& record) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const Scenario& scenario = s.scenario_;
  const Phase& phase = scenario.phases[static_cast<std::size_t>(phase_index)];
  PhaseOutcome outcome;
  s.log({phase_index, 0, MoveKind::kPhaseStart, -1, -1, -1, 0.0, {}});
  auto finish = [&](PhaseResult result) {
    outcome.result = result;
    s.log({phase_index,
           outcome.round,
           MoveKind::kPhaseEnd,
           -1,
           -1,
           static_cast<int>(result),
           0.0,
           {}});
    return outcome;
  };
  for (int j : phase.participants) {
    // Own ideal on the table, status quo elsewhere (offer_ is free until round 1).
    s.offer_ = s.status_quo_;
    for (int d : phase.issues) s.offer_(d) = s.preferences_[static_cast<std::size_t>(j)].ideal(d);
    s.best_utility_(j) = s.preferences_[static_cast<std::size_t>(j)].utility(s.offer_);
  }
  AlternatingOffers::proposing_order(phase, s.parameters_.capability, s.proposer_order_);
  if (phase.equilibrium) {
    s.plan_.solve(scenario, phase, s.parameters_, s.fallback_, s.proposer_order_);
  }
  s.offer_utility_.setConstant(kNaN);
  s.concession_.setConstant(kNaN);
  for (int j : phase.participants) {
    s.strategies_[static_cast<std::size_t>(j)]->begin_phase(s.observe(j, phase, 1));
  }
  // After a round without agreement the talks may break down (one draw only
  // when the phase has a breakdown probability, so other phases' draws are unchanged).
  auto broke_down = [&]() {
    return phase.breakdown_probability > 0.0 && rng.uniform01() < phase.breakdown_probability;
  };
  for (int round = 1; round <= phase.max_rounds; ++round) {
    outcome.round = round;
    s.apply_shocks(phase_index, round, shock_rng, record);
    if (round > 1) {
      for (int j : phase.participants) {
        s.strategies_[static_cast<std::size_t>(j)]->begin_round(s.observe(j, phase, round));
      }
    }
    s.concession_.setConstant(kNaN);  // consumed: a round without an offer concedes nothing
    const int slot = phase.protocol == ProtocolKind::kRandomProposer
                         ? RandomProposer::proposer(phase, rng)
                         : AlternatingOffers::proposer(s.proposer_order_, round);
    const int proposer = phase.participants[static_cast<std::size_t>(slot)];
    Strategy& proposing = *s.strategies_[static_cast<std::size_t>(proposer)];

    // Instruments first: a threat changes the target's fallback before it answers;
    // a side payment travels with the offer.
    const InstrumentChoice choice = proposing.choose_instruments(s.observe(proposer, phase, round));
    if (choice.threat >= 0 && s.instrument_available_[static_cast<std::size_t>(choice.threat)]) {
      s.make_threat(choice.threat, phase_index, round, record);
    }
    s.offer_payment_ = -1;
    Observation seen = s.observe(proposer, phase, round);
    if (choice.side_payment >= 0 &&
        s.instrument_available_[static_cast<std::size_t>(choice.side_payment)]) {
      s.offer_payment_ = choice.side_payment;
      seen.attached_payment_cost =
          s.parameters_.instrument(choice.side_payment, Instrument::kPaymentCost);
    }
    if (!proposing.propose(seen, rng, s.workspace_, s.offer_)) {
      s.offer_payment_ = -1;
      s.log({phase_index, round, MoveKind::kPass, proposer, -1, -1, 0.0, {}});
      if (broke_down()) return finish(PhaseResult::kBrokeDown);
      continue;
    }
    ++outcome.offers;
    s.update_beliefs(proposer, phase, round);
    if (s.log_ != nullptr) {
      s.log({phase_index, round, MoveKind::kOffer, proposer, -1, -1, 0.0, s.offer_});
      if (s.offer_payment_ >= 0) {
        const Instrument& payment =
            scenario.instruments[static_cast<std::size_t>(s.offer_payment_)];
        s.log({phase_index,
               round,
               MoveKind::kSidePayment,
               proposer,
               payment.target,
               s.offer_payment_,
               s.parameters_.instrument(s.offer_payment_, Instrument::kValue),
               {}});
      }
    }
    auto payment_to = [&](int actor) {
      if (s.offer_payment_ < 0) return 0.0;
      const Instrument& payment = scenario.instruments[static_cast<std::size_t>(s.offer_payment_)];
      return payment.target == actor
                 ? s.parameters_.instrument(s.offer_payment_, Instrument::kValue)
                 : 0.0;
    };
    s.accepted_.assign(s.accepted_.size(), 0);
    s.accepted_[static_cast<std::size_t>(proposer)] = 1;
    for (int j : phase.participants) {
      if (j == proposer) continue;
      Observation answering = s.observe(j, phase, round);
      answering.side_payment_to_me = payment_to(j);
      const Response response =
          s.strategies_[static_cast<std::size_t>(j)]->respond(answering, s.offer_);
      s.accepted_[static_cast<std::size_t>(j)] = response.accepted() ? 1 : 0;
      s.log({phase_index,
             round,
             response.accepted() ? MoveKind::kAccept : MoveKind::kReject,
             j,
             proposer,
             static_cast<int>(response.verdict),
             response.utility,
             {}});
      // NaN on the proposer's first offer of the phase.
      s.concession_(j) = response.utility - s.offer_utility_(j, proposer);
      s.offer_utility_(j, proposer) = response.utility;
    }
    if (!passes(phase.decision_rule, phase.participants, s.accepted_, s.parameters_.capability)) {
      if (broke_down()) return finish(PhaseResult::kBrokeDown);
      continue;
    }

    bool ratified = true;
    for (int r : phase.ratifiers) {
      const auto index = static_cast<std::size_t>(r);
      const Response verdict = ratify(s.preferences_[index], scenario.actors[index], s.fallback_(r),
                                      s.offer_, payment_to(r));
      s.log({phase_index,
             round,
             verdict.accepted() ? MoveKind::kRatify : MoveKind::kVeto,
             r,
             -1,
             static_cast<int>(verdict.verdict),
             verdict.utility,
             {}});
      if (!verdict.accepted()) {
        record.vetoed[index] = 1;
        ratified = false;
      }
    }
    if (!ratified) s.offer_payment_ = -1;  // a vetoed deal pays nothing
    return finish(ratified ? PhaseResult::kAgreed : PhaseResult::kVetoed);
  }
  return finish(PhaseResult::kDeadline);
}

}  // namespace parley
