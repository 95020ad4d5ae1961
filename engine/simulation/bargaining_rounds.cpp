// The round loop of the bargaining protocols (Session::run_phase): see
// simulation/session.hpp for the phase semantics and protocol/protocol.hpp for
// what a protocol decides (who proposes, whether an offer passes).
#include "simulation/session.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "protocol/expected_utility.hpp"
#include "protocol/protocol.hpp"
#include "strategy/strategy.hpp"

namespace parley {

Session::PhaseOutcome Session::run_phase(int phase_index, Rng& rng, Rng& shock_rng,
                                         SessionRecord& record) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const Scenario& scenario = scenario_;
  const Phase& phase = scenario.phases[static_cast<std::size_t>(phase_index)];
  const Protocol& protocol = *protocols_[static_cast<std::size_t>(phase_index)];
  PhaseOutcome outcome;
  log({phase_index, 0, MoveKind::kPhaseStart, -1, -1, -1, 0.0, {}});
  std::fill(refused_.begin(), refused_.end(), 0);
  if (!agreed_) {
    // Without a settlement each actor's value of no deal is its reservation
    // utility with the interim gains so far, or at an interim table the
    // status quo's utility (scenario.hpp, Phase::interim).
    interim_table_ = phase.interim;
    for (Eigen::Index j = 0; j < fallback_.size(); ++j) refresh_fallback(static_cast<int>(j));
  }
  update_lookahead_floor(phase, phase_index, 1);
  if (analysis_ && record.zone_of_agreement < 0 && !protocol.decides_in_one_step() &&
      !interim_table_) {
    analyse_zone(phase_index, record);  // the session's first bargaining phase
  }
  auto finish = [&](PhaseResult result) {
    outcome.result = result;
    if (log_ != nullptr) log_phase_end(outcome.round);
    log({phase_index,
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
    offer_ = status_quo_;
    for (int d : phase.issues) offer_(d) = preferences_[static_cast<std::size_t>(j)].ideal(d);
    best_utility_(j) = preferences_[static_cast<std::size_t>(j)].utility(offer_);
  }
  phase_has_backers_ = false;
  for (const Instrument& instrument : scenario.instruments) {
    phase_has_backers_ =
        phase_has_backers_ || std::find(phase.participants.begin(), phase.participants.end(),
                                        instrument.actor) == phase.participants.end();
  }
  proposing_order(phase, parameters_.capability, proposer_order_);
  plan_last_turns(phase, protocol);
  plan_next_turns(phase, protocol, 1);
  if (phase.equilibrium) {
    plan_.solve(scenario, phase, protocol, parameters_, fallback_, proposer_order_);
  }
  offer_utility_.setConstant(kNaN);
  concession_.setConstant(kNaN);
  std::fill(own_offer_count_.begin(), own_offer_count_.end(), 0);
  for (int j : phase.participants) {
    strategies_[static_cast<std::size_t>(j)]->begin_phase(observe(j, phase, 1));
  }
  // After a round without agreement the talks may break down (one draw only
  // when the phase has a breakdown probability, so other phases' draws are unchanged).
  auto broke_down = [&]() {
    return phase.breakdown_probability > 0.0 && rng.uniform01() < phase.breakdown_probability;
  };
  // What side payment `payment` (an instrument index, −1 for none) of
  // `amount` gives `actor`.
  auto payment_to = [&](int payment, double amount, int actor) {
    if (payment < 0) return 0.0;
    const Instrument& instrument = scenario.instruments[static_cast<std::size_t>(payment)];
    return instrument.target == actor ? amount : 0.0;
  };
  // Actors not at the table that hold instruments back `out`, made by
  // `proposer`, one after the other in actor order, each seeing what earlier
  // ones attached (strategy/transactional_moves.hpp, choose_backing_moves); a
  // backer's side payment fills the offer's payment slot if it is free.
  auto back_offer = [&](int proposer, int round, Eigen::Ref<const Eigen::VectorXd> out,
                        int& payment, double& amount) {
    if (!phase_has_backers_) return;
    for (std::size_t h = 0; h < strategies_.size(); ++h) {
      const int holder = static_cast<int>(h);
      bool holds = false;
      for (std::size_t k = 0; k < scenario.instruments.size(); ++k)
        holds = holds || (scenario.instruments[k].actor == holder && instrument_available_[k]);
      if (!holds || std::find(phase.participants.begin(), phase.participants.end(), holder) !=
                        phase.participants.end()) {
        continue;
      }
      OfferOnTable on_table;
      on_table.proposer = proposer;
      if (payment >= 0) {
        on_table.payment_target = scenario.instruments[static_cast<std::size_t>(payment)].target;
        on_table.payment_amount = amount;
      }
      const InstrumentChoice backing =
          strategies_[h]->choose_backing(observe(holder, phase, round), out, on_table);
      if (backing.threat >= 0 && instrument_available_[static_cast<std::size_t>(backing.threat)]) {
        make_threat(backing.threat, kBackingMove, phase_index, round, record);
      }
      if (backing.side_payment >= 0 && payment < 0 &&
          instrument_available_[static_cast<std::size_t>(backing.side_payment)]) {
        payment = backing.side_payment;
        amount = std::clamp(backing.payment_amount, 0.0,
                            parameters_.instrument(payment, Instrument::kValue));
        record.side_payment_offered[static_cast<std::size_t>(payment)] = 1;
        if (log_ != nullptr) {
          Move paying{phase_index,
                      round,
                      MoveKind::kSidePayment,
                      holder,
                      scenario.instruments[static_cast<std::size_t>(payment)].target,
                      payment,
                      amount,
                      {}};
          paying.detail = kBackingMove;
          log(std::move(paying));
        }
      }
    }
  };
  // The recognised proposer's offer into `out` and the instruments that go
  // with it (a threat changes its target's fallback before anyone answers; a
  // side payment travels with the offer); false if it passes.
  auto make_offer = [&](int proposer, int round, Eigen::Ref<Eigen::VectorXd> out, int& payment,
                        double& amount) {
    Strategy& proposing = *strategies_[static_cast<std::size_t>(proposer)];
    payment = -1;
    amount = 0.0;
    const Observation seen = observe(proposer, phase, round);
    workspace_.reason = OfferReason::kAtTarget;
    if (!proposing.propose(seen, rng, workspace_, out)) {
      log({phase_index,
           round,
           MoveKind::kPass,
           proposer,
           -1,
           static_cast<int>(workspace_.reason),
           0.0,
           {}});
      return false;
    }
    ++outcome.offers;
    const InstrumentChoice choice = proposing.choose_instruments(seen, out);
    if (choice.threat >= 0 && instrument_available_[static_cast<std::size_t>(choice.threat)]) {
      make_threat(choice.threat, choice.ultimatum ? 1 : -1, phase_index, round, record);
    }
    if (choice.side_payment >= 0 &&
        instrument_available_[static_cast<std::size_t>(choice.side_payment)]) {
      payment = choice.side_payment;
      amount = std::clamp(choice.payment_amount, 0.0,
                          parameters_.instrument(payment, Instrument::kValue));
      record.side_payment_offered[static_cast<std::size_t>(payment)] = 1;
    }
    int& made = own_offer_count_[static_cast<std::size_t>(proposer)];
    own_offers_[static_cast<std::size_t>(proposer)].col(made % kRememberedOffers) = out;
    ++made;
    update_beliefs(proposer, phase, round);
    if (log_ != nullptr) {
      Move offered{phase_index, round, MoveKind::kOffer, proposer};
      offered.index = static_cast<int>(workspace_.reason);
      offered.outcome = out;
      offered.detail = out.data() == amendment_.data() ? 1 : -1;
      offered.by_actor.resize(offer_utility_.rows());
      utility_.evaluate(out, offered.by_actor);
      log(std::move(offered));
      if (payment >= 0) {
        log({phase_index,
             round,
             MoveKind::kSidePayment,
             proposer,
             scenario.instruments[static_cast<std::size_t>(payment)].target,
             payment,
             amount,
             {}});
      }
    }
    back_offer(proposer, round, out, payment, amount);
    return true;
  };
  // The ratifiers answer the offer on the table: kAgreed, or kVetoed (vetoers
  // marked in the record, and a vetoed deal pays nothing).
  auto ratified = [&](int round) {
    bool all_ratify = true;
    for (int r : phase.ratifiers) {
      const auto index = static_cast<std::size_t>(r);
      const Response verdict =
          ratify(preferences_[index], scenario.actors[index], deciding_fallback(r), offer_,
                 payment_to(offer_payment_, offer_payment_amount_, r));
      if (log_ != nullptr) {
        Move vote{phase_index,
                  round,
                  verdict.accepted() ? MoveKind::kRatify : MoveKind::kVeto,
                  r,
                  -1,
                  static_cast<int>(verdict.verdict),
                  verdict.utility,
                  {}};
        vote.detail = verdict.red_line;
        if (verdict.verdict == Verdict::kBelowFallback && lookahead_floor_(r) > fallback_(r))
          vote.detail = kBelowLookahead;
        vote.threshold = verdict.threshold;
        log(std::move(vote));
      }
      if (!verdict.accepted()) {
        record.vetoed[index] = 1;
        refused_[index] = 1;
        all_ratify = false;
      }
    }
    if (!all_ratify) {
      offer_payment_ = -1;  // a vetoed deal pays nothing
      offer_payment_amount_ = 0.0;
    }
    return all_ratify ? PhaseResult::kAgreed : PhaseResult::kVetoed;
  };
  // Everyone answers the offer on the table (offer_, offer_payment_) made or
  // backed by `mover`; true when it passes the decision rule and the
  // ratifiers, with the phase's result in `result`.
  auto decide = [&](int mover, int round, PhaseResult& result) {
    accepted_.assign(accepted_.size(), 0);
    accepted_[static_cast<std::size_t>(mover)] = 1;
    std::fill(refused_.begin(), refused_.end(), 0);  // a new vote
    for (int j : phase.participants) {
      if (j == mover) continue;
      Observation answering = observe(j, phase, round);
      answering.side_payment_to_me = payment_to(offer_payment_, offer_payment_amount_, j);
      const Response response =
          strategies_[static_cast<std::size_t>(j)]->respond(answering, offer_);
      accepted_[static_cast<std::size_t>(j)] = response.accepted() ? 1 : 0;
      refused_[static_cast<std::size_t>(j)] = response.accepted() ? 0 : 1;
      if (log_ != nullptr) {
        Move answer{phase_index,
                    round,
                    response.accepted() ? MoveKind::kAccept : MoveKind::kReject,
                    j,
                    mover,
                    static_cast<int>(response.verdict),
                    response.utility,
                    {}};
        answer.detail = response.red_line;
        if (response.verdict == Verdict::kBelowFallback && lookahead_floor_(j) > fallback_(j))
          answer.detail = kBelowLookahead;
        answer.threshold = response.threshold;
        // The decision rule's tally so far (protocol/decision_rule.cpp counts
        // the same way): the last answer's is the one the rule judges.
        for (int k : phase.participants) {
          const bool accepts = accepted_[static_cast<std::size_t>(k)] != 0;
          answer.tally.accepting += accepts ? 1 : 0;
          answer.tally.capability += parameters_.capability(k);
          answer.tally.accepting_capability += accepts ? parameters_.capability(k) : 0.0;
        }
        log(std::move(answer));
      }
      // NaN on the mover's first offer of the phase.
      concession_(j) = response.utility - offer_utility_(j, mover);
      offer_utility_(j, mover) = response.utility;
    }
    if (!protocol.passes(phase, accepted_, parameters_.capability)) {
      return false;
    }
    result = ratified(round);
    return true;
  };

  if (protocol.decides_in_one_step()) {
    // A forecasting model decides in one step. Its prediction on each issue on
    // the table becomes the offer, which the ratifiers then answer. Inputs: the
    // participants' drawn ideal points, capabilities and saliences (read as
    // shares in [0, 1], as the models define them; the parser refuses larger
    // fixed values and drawn ones are capped), the current status quo, and the
    // decision rule as the voting rule (a quota counts as QMV). A discrete
    // issue is forecast on its option indices and rounded.
    outcome.round = 1;
    apply_shocks(phase_index, 1, shock_rng, record);
    offer_ = status_quo_;
    offer_payment_ = -1;
    offer_payment_amount_ = 0.0;
    ForecastCase question;
    question.voting_rule = phase.decision_rule.kind == DecisionRule::Kind::kUnanimity  ? "unanimity"
                           : phase.decision_rule.kind == DecisionRule::Kind::kMajority ? "majority"
                                                                                       : "qmv";
    for (int d : phase.issues) {
      const Issue& issue = scenario.issues[static_cast<std::size_t>(d)];
      question.actors.clear();
      for (int j : phase.participants) {
        question.actors.push_back({std::string(), parameters_.capability(j),
                                   parameters_.ideal(j, d),
                                   std::clamp(parameters_.salience(j, d), 0.0, 1.0)});
      }
      question.scale_min = issue.is_discrete() ? 0.0 : issue.min;
      question.scale_max =
          issue.is_discrete() ? static_cast<double>(issue.options.size() - 1) : issue.max;
      question.status_quo = status_quo_(d);
      const double predicted = protocol.forecast(question);
      offer_(d) = issue.is_discrete() ? std::round(predicted) : predicted;
      if (log_ != nullptr) {
        // For traces only: the model's own rounds on this issue, if it has any
        // (protocol/protocol.hpp: model_rounds); nothing here feeds back.
        const std::vector<EuRound> rounds = protocol.model_rounds(question);
        for (std::size_t k = 0; k < rounds.size(); ++k) {
          const EuRound& step = rounds[k];
          Move move{phase_index, 1, MoveKind::kModelRound};
          move.index = d;
          move.detail = static_cast<int>(k);
          move.value = step.median;
          move.by_actor = Eigen::VectorXd::Constant(offer_utility_.rows(), kNaN);
          for (std::size_t j = 0; j < phase.participants.size(); ++j) {
            move.by_actor(phase.participants[j]) = step.positions(static_cast<Eigen::Index>(j));
          }
          move.mean = step.mean;
          log(std::move(move));
        }
      }
    }
    ++outcome.offers;
    if (log_ != nullptr) {
      Move forecast_offer{phase_index, 1, MoveKind::kOffer};
      forecast_offer.outcome = offer_;
      forecast_offer.by_actor.resize(offer_utility_.rows());
      utility_.evaluate(offer_, forecast_offer.by_actor);
      log(std::move(forecast_offer));
    }
    return finish(ratified(1));
  }

  const bool open_rule = protocol.amendments_open(phase);
  bool standing = false;  // open rule: a proposal is on the floor, not yet voted on
  for (int round = 1; round <= phase.max_rounds; ++round) {
    check_cancel();  // one relaxed load a round, so a long phase stops promptly
    outcome.round = round;
    if (log_ != nullptr) log_round_start(phase_index, round);
    apply_shocks(phase_index, round, shock_rng, record);
    update_lookahead_floor(phase, phase_index, round);
    if (round > 1) {
      plan_next_turns(phase, protocol, round);
      for (int j : phase.participants) {
        strategies_[static_cast<std::size_t>(j)]->begin_round(observe(j, phase, round));
      }
    }
    concession_.setConstant(kNaN);  // consumed: a round without an offer concedes nothing
    const int slot = protocol.proposer(phase, proposer_order_, round, rng);
    const int proposer = phase.participants[static_cast<std::size_t>(slot)];
    PhaseResult result = PhaseResult::kDeadline;

    if (open_rule && standing) {
      // The recognised member moves the previous question if it would accept the
      // proposal on the floor, and otherwise offers an amendment, which replaces
      // the proposal if a majority of the participants prefers it.
      Observation seen = observe(proposer, phase, round);
      seen.side_payment_to_me = payment_to(offer_payment_, offer_payment_amount_, proposer);
      if (strategies_[static_cast<std::size_t>(proposer)]->respond(seen, offer_).accepted()) {
        if (decide(proposer, round, result)) return finish(result);
        standing = false;  // voted down
        offer_payment_ = -1;
        offer_payment_amount_ = 0.0;
      } else {
        int payment = -1;
        double amount = 0.0;
        if (make_offer(proposer, round, amendment_, payment, amount)) {
          int prefer = 0;
          for (int j : phase.participants) {
            const auto index = static_cast<std::size_t>(j);
            const double amended =
                preferences_[index].utility(amendment_) + payment_to(payment, amount, j);
            const double floor = preferences_[index].utility(offer_) +
                                 payment_to(offer_payment_, offer_payment_amount_, j);
            prefer += amended > floor ? 1 : 0;
          }
          if (2 * static_cast<std::size_t>(prefer) > phase.participants.size()) {
            offer_ = amendment_;
            offer_payment_ = payment;
            offer_payment_amount_ = amount;
          }
        }
      }
      if (broke_down()) return finish(PhaseResult::kBrokeDown);
      continue;
    }

    if (!make_offer(proposer, round, offer_, offer_payment_, offer_payment_amount_)) {
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

void Session::plan_last_turns(const Phase& phase, const Protocol& protocol) {
  // A rotation repeats within one pass of the proposing order, so a sure turn,
  // if there is one, lies within that many rounds of the deadline.
  const int horizon = static_cast<int>(proposer_order_.size()) + 1;
  for (std::size_t slot = 0; slot < phase.participants.size(); ++slot) {
    int last = phase.max_rounds;
    for (int round = phase.max_rounds; round >= std::max(1, phase.max_rounds - horizon); --round) {
      if (protocol.proposal_probability(phase, proposer_order_, round, static_cast<int>(slot)) >=
          1.0) {
        last = round;
        break;
      }
    }
    last_turn_[static_cast<std::size_t>(phase.participants[slot])] = last;
  }
}

void Session::plan_next_turns(const Phase& phase, const Protocol& protocol, int round) {
  const int horizon = static_cast<int>(proposer_order_.size()) + 1;
  const int until = std::min(phase.max_rounds, round + horizon);
  for (std::size_t slot = 0; slot < phase.participants.size(); ++slot) {
    double wait = 0.0;  // no proposing turn left
    for (int later = round + 1; later <= until; ++later) {
      const double chance =
          protocol.proposal_probability(phase, proposer_order_, later, static_cast<int>(slot));
      if (chance > 0.0) {
        // A sure turn is `later − round` rounds away; a drawn one 1/p rounds on average.
        wait = chance >= 1.0 ? static_cast<double>(later - round) : 1.0 / chance;
        break;
      }
    }
    turn_wait_(phase.participants[slot]) = wait;
  }
}

}  // namespace parley
