#include "protocol/bargaining_rounds.hpp"

#include "protocol/alternating_offers.hpp"
#include "protocol/expected_utility.hpp"
#include "protocol/forecast_models.hpp"
#include "protocol/random_proposer.hpp"

#include <algorithm>
#include <cmath>
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
    if (s.log_ != nullptr) s.log_phase_end(outcome.round);
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
  // The side payment value attached to `payment` (an instrument index, −1 for
  // none) for `actor`.
  auto payment_to = [&](int payment, int actor) {
    if (payment < 0) return 0.0;
    const Instrument& instrument = scenario.instruments[static_cast<std::size_t>(payment)];
    return instrument.target == actor ? s.parameters_.instrument(payment, Instrument::kValue) : 0.0;
  };
  // The recognised proposer's instruments and offer into `out`; false if it passes.
  auto make_offer = [&](int proposer, int round, Eigen::Ref<Eigen::VectorXd> out, int& payment) {
    Strategy& proposing = *s.strategies_[static_cast<std::size_t>(proposer)];
    // Instruments first: a threat changes the target's fallback before it answers;
    // a side payment travels with the offer.
    const InstrumentChoice choice = proposing.choose_instruments(s.observe(proposer, phase, round));
    if (choice.threat >= 0 && s.instrument_available_[static_cast<std::size_t>(choice.threat)]) {
      s.make_threat(choice.threat, phase_index, round, record);
    }
    payment = -1;
    Observation seen = s.observe(proposer, phase, round);
    if (choice.side_payment >= 0 &&
        s.instrument_available_[static_cast<std::size_t>(choice.side_payment)]) {
      payment = choice.side_payment;
      seen.attached_payment_cost = s.parameters_.instrument(payment, Instrument::kPaymentCost);
    }
    if (!proposing.propose(seen, rng, s.workspace_, out)) {
      payment = -1;
      s.log({phase_index, round, MoveKind::kPass, proposer, -1, -1, 0.0, {}});
      return false;
    }
    ++outcome.offers;
    s.update_beliefs(proposer, phase, round);
    if (s.log_ != nullptr) {
      Move offered{phase_index, round, MoveKind::kOffer, proposer};
      offered.outcome = out;
      offered.detail = out.data() == s.amendment_.data() ? 1 : -1;
      offered.by_actor.resize(s.offer_utility_.rows());
      s.utility_.evaluate(out, offered.by_actor);
      s.log(std::move(offered));
      if (payment >= 0) {
        s.log({phase_index,
               round,
               MoveKind::kSidePayment,
               proposer,
               scenario.instruments[static_cast<std::size_t>(payment)].target,
               payment,
               payment_to(payment, scenario.instruments[static_cast<std::size_t>(payment)].target),
               {}});
      }
    }
    return true;
  };
  // The ratifiers answer the offer on the table: kAgreed, or kVetoed (vetoers
  // marked in the record, and a vetoed deal pays nothing).
  auto ratified = [&](int round) {
    bool all_ratify = true;
    for (int r : phase.ratifiers) {
      const auto index = static_cast<std::size_t>(r);
      const Response verdict = ratify(s.preferences_[index], scenario.actors[index], s.fallback_(r),
                                      s.offer_, payment_to(s.offer_payment_, r));
      if (s.log_ != nullptr) {
        Move vote{phase_index,
                  round,
                  verdict.accepted() ? MoveKind::kRatify : MoveKind::kVeto,
                  r,
                  -1,
                  static_cast<int>(verdict.verdict),
                  verdict.utility,
                  {}};
        vote.detail = verdict.red_line;
        if (verdict.verdict == Verdict::kBelowFallback) vote.threshold = s.fallback_(r);
        s.log(std::move(vote));
      }
      if (!verdict.accepted()) {
        record.vetoed[index] = 1;
        all_ratify = false;
      }
    }
    if (!all_ratify) s.offer_payment_ = -1;  // a vetoed deal pays nothing
    return all_ratify ? PhaseResult::kAgreed : PhaseResult::kVetoed;
  };
  // Everyone answers the offer on the table (offer_, offer_payment_) made or
  // backed by `mover`; true when it passes the decision rule and the
  // ratifiers, with the phase's result in `result`.
  auto decide = [&](int mover, int round, PhaseResult& result) {
    s.accepted_.assign(s.accepted_.size(), 0);
    s.accepted_[static_cast<std::size_t>(mover)] = 1;
    for (int j : phase.participants) {
      if (j == mover) continue;
      Observation answering = s.observe(j, phase, round);
      answering.side_payment_to_me = payment_to(s.offer_payment_, j);
      const Response response =
          s.strategies_[static_cast<std::size_t>(j)]->respond(answering, s.offer_);
      s.accepted_[static_cast<std::size_t>(j)] = response.accepted() ? 1 : 0;
      if (s.log_ != nullptr) {
        Move answer{phase_index,
                    round,
                    response.accepted() ? MoveKind::kAccept : MoveKind::kReject,
                    j,
                    mover,
                    static_cast<int>(response.verdict),
                    response.utility,
                    {}};
        answer.detail = response.red_line;
        if (response.verdict == Verdict::kBelowFallback) answer.threshold = answering.fallback;
        if (response.verdict == Verdict::kBelowTarget) {
          answer.threshold = s.strategies_[static_cast<std::size_t>(j)]->current_target(answering);
        }
        s.log(std::move(answer));
      }
      // NaN on the mover's first offer of the phase.
      s.concession_(j) = response.utility - s.offer_utility_(j, mover);
      s.offer_utility_(j, mover) = response.utility;
    }
    if (!passes(phase.decision_rule, phase.participants, s.accepted_, s.parameters_.capability)) {
      return false;
    }
    result = ratified(round);
    return true;
  };

  if (phase.protocol == ProtocolKind::kForecast) {
    // A forecasting model decides in one step. Its prediction on each issue on
    // the table becomes the offer, which the ratifiers then answer. Inputs: the
    // participants' drawn ideal points, capabilities and saliences (read as
    // shares in [0, 1], as the models define them; the parser refuses larger
    // fixed values and drawn ones are capped), the current status quo, and the
    // decision rule as the voting rule (a quota counts as QMV). A discrete
    // issue is forecast on its option indices and rounded.
    outcome.round = 1;
    s.apply_shocks(phase_index, 1, shock_rng, record);
    s.offer_ = s.status_quo_;
    s.offer_payment_ = -1;
    ForecastCase question;
    question.voting_rule = phase.decision_rule.kind == DecisionRule::Kind::kUnanimity  ? "unanimity"
                           : phase.decision_rule.kind == DecisionRule::Kind::kMajority ? "majority"
                                                                                       : "qmv";
    for (int d : phase.issues) {
      const Issue& issue = scenario.issues[static_cast<std::size_t>(d)];
      question.actors.clear();
      for (int j : phase.participants) {
        question.actors.push_back({std::string(), s.parameters_.capability(j),
                                   s.parameters_.ideal(j, d),
                                   std::clamp(s.parameters_.salience(j, d), 0.0, 1.0)});
      }
      question.scale_min = issue.is_discrete() ? 0.0 : issue.min;
      question.scale_max =
          issue.is_discrete() ? static_cast<double>(issue.options.size() - 1) : issue.max;
      question.status_quo = s.status_quo_(d);
      const double predicted = forecast(phase.forecast_model, question);
      s.offer_(d) = issue.is_discrete() ? std::round(predicted) : predicted;
      if (s.log_ != nullptr && phase.forecast_model == "expected_utility") {
        // For traces only: the model's rounds on this issue, run as
        // expected_utility_forecast runs them (its forecast is the mean of
        // rounds 1…10); nothing here feeds back into the session.
        EuOptions options;
        options.scale_min = question.scale_min;
        options.scale_max = question.scale_max;
        std::vector<ForecastActor> actors = question.actors;
        if (std::none_of(actors.begin(), actors.end(), [](const ForecastActor& actor) {
              return actor.capability * actor.salience > 0.0;
            })) {
          for (ForecastActor& actor : actors) actor.capability = actor.salience = 1.0;
        }
        const EuResult model = run_expected_utility(actors, options);
        for (std::size_t k = 0; k < model.rounds.size(); ++k) {
          const EuRound& step = model.rounds[k];
          Move move{phase_index, 1, MoveKind::kModelRound};
          move.index = d;
          move.detail = static_cast<int>(k);
          move.value = step.median;
          move.by_actor = Eigen::VectorXd::Constant(s.offer_utility_.rows(), kNaN);
          for (std::size_t j = 0; j < phase.participants.size(); ++j) {
            move.by_actor(phase.participants[j]) = step.positions(static_cast<Eigen::Index>(j));
          }
          move.mean = step.mean;
          s.log(std::move(move));
        }
      }
    }
    ++outcome.offers;
    if (s.log_ != nullptr) {
      Move forecast_offer{phase_index, 1, MoveKind::kOffer};
      forecast_offer.outcome = s.offer_;
      forecast_offer.by_actor.resize(s.offer_utility_.rows());
      s.utility_.evaluate(s.offer_, forecast_offer.by_actor);
      s.log(std::move(forecast_offer));
    }
    return finish(ratified(1));
  }

  const bool open_rule = phase.protocol == ProtocolKind::kRandomProposer &&
                         phase.amendment_rule == AmendmentRule::kOpen;
  bool standing = false;  // open rule: a proposal is on the floor, not yet voted on
  for (int round = 1; round <= phase.max_rounds; ++round) {
    s.check_cancel();  // one relaxed load a round, so a long phase stops promptly
    outcome.round = round;
    if (s.log_ != nullptr) s.log_round_start(phase_index, round);
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
    PhaseResult result = PhaseResult::kDeadline;

    if (open_rule && standing) {
      // The recognised member moves the previous question if it would accept the
      // proposal on the floor, and otherwise offers an amendment, which replaces
      // the proposal if a majority of the participants prefers it.
      Observation seen = s.observe(proposer, phase, round);
      seen.side_payment_to_me = payment_to(s.offer_payment_, proposer);
      if (s.strategies_[static_cast<std::size_t>(proposer)]->respond(seen, s.offer_).accepted()) {
        if (decide(proposer, round, result)) return finish(result);
        standing = false;  // voted down
        s.offer_payment_ = -1;
      } else {
        int payment = -1;
        if (make_offer(proposer, round, s.amendment_, payment)) {
          int prefer = 0;
          for (int j : phase.participants) {
            const auto index = static_cast<std::size_t>(j);
            const double amended =
                s.preferences_[index].utility(s.amendment_) + payment_to(payment, j);
            const double floor =
                s.preferences_[index].utility(s.offer_) + payment_to(s.offer_payment_, j);
            prefer += amended > floor ? 1 : 0;
          }
          if (2 * static_cast<std::size_t>(prefer) > phase.participants.size()) {
            s.offer_ = s.amendment_;
            s.offer_payment_ = payment;
          }
        }
      }
      if (broke_down()) return finish(PhaseResult::kBrokeDown);
      continue;
    }

    if (!make_offer(proposer, round, s.offer_, s.offer_payment_)) {
      if (broke_down()) return finish(PhaseResult::kBrokeDown);
      continue;
    }
    if (open_rule) {
      standing = true;  // the vote waits for a member to move the question
      continue;
    }
    if (decide(proposer, round, result)) return finish(result);
    if (broke_down()) return finish(PhaseResult::kBrokeDown);
  }
  return finish(PhaseResult::kDeadline);
}

}  // namespace parley
