#include "simulation/session.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>

#include "analysis/bargaining_solutions.hpp"
#include "core/errors.hpp"
#include "protocol/protocol.hpp"
#include "strategy/pareto_bidder.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley {

void Session::take_seat(int actor, SeatScript* script) {
  PARLEY_CHECK(actor >= 0 && actor < scenario_.actor_count(), "no actor {}", actor);
  auto& strategy = strategies_[static_cast<std::size_t>(actor)];
  strategy = std::make_unique<SeatStrategy>(std::move(strategy), script);
}

Session::Session(const Scenario& scenario)
    : scenario_(scenario), spans_(scenario.spans()), parameters_(scenario.base) {
  const auto n = static_cast<std::size_t>(scenario.actor_count());
  const int d = scenario.issue_count();
  preferences_.resize(n);
  for (const Phase& phase : scenario.phases) protocols_.push_back(&protocol_of(phase));
  strategies_.reserve(n);
  for (const Actor& actor : scenario.actors)
    strategies_.push_back(strategy_info(actor.strategy).make());
  workspace_.resize(d, option_count(scenario.issues));
  // Offers search the options (strategy/pareto_bidder.hpp) where every issue on
  // the table is discrete and preferences are private or options valued.
  const bool option_preferences =
      !scenario.valuations.empty() || scenario.knowledge == Knowledge::kPrivate;
  for (const Phase& phase : scenario.phases) {
    bool discrete = !phase.issues.empty();
    for (int issue : phase.issues)
      discrete = discrete && scenario.issues[static_cast<std::size_t>(issue)].is_discrete();
    pareto_bids_.push_back(option_preferences && discrete ? 1 : 0);
  }
  status_quo_.resize(d);
  offer_.resize(d);
  amendment_.resize(d);
  fallback_.resize(static_cast<Eigen::Index>(n));
  offer_utility_.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  concession_.resize(static_cast<Eigen::Index>(n));
  best_utility_.resize(static_cast<Eigen::Index>(n));
  accepted_.assign(n, 0);
  refused_.assign(n, 0);
  last_turn_.assign(n, 1);
  own_offers_.assign(n, Eigen::MatrixXd(d, kRememberedOffers));
  own_offer_count_.assign(n, 0);
  turn_wait_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  interim_gain_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  interim_before_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  interim_after_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  lookahead_floor_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  continuation_ = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(scenario.phases.size()),
                                            static_cast<Eigen::Index>(n),
                                            std::numeric_limits<double>::quiet_NaN());
  const std::size_t instruments = scenario.instruments.size();
  instrument_available_.assign(instruments, 1);
  threat_active_.assign(instruments, 0);
  payment_in_deal_.assign(instruments, 0);
  paid_amount_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(instruments));
  shock_done_.assign(scenario.shocks.size(), 0);
}

void Session::throw_cancelled() { throw RunCancelled(); }

void Session::record(Move&& move) {
  if (round_recorded_) {
    log_->push_back(std::move(move));
    ++logged_moves_;
  } else {
    held_round_.push_back(std::move(move));
  }
}

void Session::log_round_start(int phase, int round) {
  if (round_recorded_) {
    if (logged_moves_ < max_log_moves_) return;
    // The limit is reached: the gap begins here (its end and counts are set
    // when the phase ends).
    round_recorded_ = false;
    gap_at_ = log_->size();
    Move gap{phase, round, MoveKind::kNotRecorded};
    gap.index = 0;
    gap.detail = round;
    log_->push_back(std::move(gap));
    return;
  }
  drop_held_round();  // the previous round was not the phase's last
}

void Session::drop_held_round() {
  Move& gap = (*log_)[gap_at_];
  for (Move& move : held_round_) {
    const bool shock_once = move.kind == MoveKind::kShock &&
                            scenario_.shocks[static_cast<std::size_t>(move.index)].once;
    if (move.kind == MoveKind::kThreat || shock_once) {
      log_->push_back(std::move(move));
      continue;
    }
    ++gap.count;
    if (move.kind == MoveKind::kShock) ++gap.index;
  }
  held_round_.clear();
}

void Session::log_phase_end(int round) {
  if (round_recorded_) return;
  round_recorded_ = true;
  if (round == (*log_)[gap_at_].round) {
    log_->erase(log_->begin() + static_cast<std::ptrdiff_t>(gap_at_));  // nothing is missing
  } else {
    (*log_)[gap_at_].detail = round - 1;
  }
  for (Move& move : held_round_) log_->push_back(std::move(move));
  held_round_.clear();
}

void Session::refresh_preferences() {
  utility_.reset(parameters_, spans_, scenario_.valuations);
  for (std::size_t i = 0; i < preferences_.size(); ++i) {
    Preferences& own = preferences_[i];
    own.ideal = parameters_.ideal.row(static_cast<Eigen::Index>(i)).transpose().array();
    own.weight = utility_.normalised_salience().row(static_cast<Eigen::Index>(i)).transpose();
    own.risk = parameters_.risk(static_cast<Eigen::Index>(i));
    own.inverse_span = &utility_.inverse_spans();
    own.valued.clear();
    own.spatial_weight = own.weight;
    for (const OptionValuation& valuation : scenario_.valuations) {
      if (valuation.actor != static_cast<int>(i)) continue;
      own.valued.push_back(&valuation);
      own.spatial_weight(valuation.issue) = 0.0;
    }
  }
}

void Session::refresh_fallback(int actor) {
  double value = interim_table_ ? preferences_[static_cast<std::size_t>(actor)].utility(status_quo_)
                                : parameters_.reservation(actor) + interim_gain_(actor);
  for (std::size_t k = 0; k < scenario_.instruments.size(); ++k) {
    const Instrument& threat = scenario_.instruments[k];
    if (threat_active_[k] && threat.target == actor) {
      const auto row = static_cast<Eigen::Index>(k);
      value -= parameters_.instrument(row, Instrument::kCredibility) *
               parameters_.instrument(row, Instrument::kDrop);
    }
  }
  fallback_(actor) = std::clamp(value, 0.0, 1.0);
}

void Session::standing_utilities(Eigen::Ref<Eigen::VectorXd> out) const {
  utility_.evaluate(status_quo_, out);
  for (std::size_t k = 0; k < scenario_.instruments.size(); ++k) {
    if (!payment_in_deal_[k]) continue;
    const Instrument& payment = scenario_.instruments[k];
    const auto row = static_cast<Eigen::Index>(k);
    out(payment.target) += paid_amount_(row);
    out(payment.actor) -= payment_cost(k, paid_amount_(row));
  }
  out = out.cwiseMax(0.0).cwiseMin(1.0);
}

double Session::payment_cost(std::size_t k, double amount) const {
  const auto row = static_cast<Eigen::Index>(k);
  const double budget = parameters_.instrument(row, Instrument::kValue);
  return budget > 0.0 ? parameters_.instrument(row, Instrument::kPaymentCost) * amount / budget
                      : 0.0;
}

void Session::make_threat(int instrument, int detail, int phase, int round, SessionRecord& record) {
  const auto k = static_cast<std::size_t>(instrument);
  const Instrument& threat = scenario_.instruments[k];
  instrument_available_[k] = 0;
  threat_active_[k] = 1;
  record.threat_made[k] = 1;
  if (!agreed_) refresh_fallback(threat.target);
  if (log_ != nullptr) {
    Move move{phase, round, MoveKind::kThreat, threat.actor, threat.target, instrument};
    move.detail = detail;
    log(std::move(move));
  }
}

void Session::apply_shocks(int phase, int round, Rng& rng, SessionRecord& record) {
  bool preferences_changed = false;
  for (std::size_t s = 0; s < scenario_.shocks.size(); ++s) {
    const Shock& shock = scenario_.shocks[s];
    if (std::find(shock.phases.begin(), shock.phases.end(), phase) == shock.phases.end()) continue;
    if (shock.once && shock_done_[s]) continue;
    if (rng.uniform01() >= parameters_.shock_probability(static_cast<Eigen::Index>(s))) continue;
    shock_done_[s] = 1;
    // Switched off (Scenario::shock_off): the draw above is made, so no other
    // draw moves, but the shock never strikes.
    if (!scenario_.shock_off.empty() && scenario_.shock_off[s]) continue;
    record.shock_occurred[s] = 1;
    if (log_ != nullptr) {
      shock_move_ = {phase, round, MoveKind::kShock, -1, -1, static_cast<int>(s), 0.0, {}};
      shock_move_.outcome.resize(static_cast<Eigen::Index>(shock.effects.size()));
    }
    for (std::size_t k = 0; k < shock.effects.size(); ++k) {
      const int e = shock.effects[k];
      const ShockEffect& effect = scenario_.shock_effects[static_cast<std::size_t>(e)];
      const double change = parameters_.shock_change(e);
      switch (effect.target) {
        case ShockEffect::Target::kReservation:
          parameters_.reservation(effect.actor) =
              std::clamp(parameters_.reservation(effect.actor) + change, 0.0, 1.0);
          // A shock is news to everyone: what others can tell of the actor's
          // value of no deal moves by the same change.
          public_reservation_(effect.actor) =
              std::clamp(public_reservation_(effect.actor) + change, 0.0, 1.0);
          if (!agreed_) refresh_fallback(effect.actor);
          break;
        case ShockEffect::Target::kSalience:
          parameters_.salience(effect.actor, effect.issue) =
              std::max(0.0, parameters_.salience(effect.actor, effect.issue) + change);
          preferences_changed = true;
          break;
        case ShockEffect::Target::kCapability:
          parameters_.capability(effect.actor) =
              std::max(0.0, parameters_.capability(effect.actor) + change);
          break;
      }
      if (log_ != nullptr) {
        shock_move_.outcome(static_cast<Eigen::Index>(k)) = shocked_value(effect);
      }
    }
    if (log_ != nullptr) log(std::move(shock_move_));
  }
  if (preferences_changed) {
    refresh_preferences();
    if (agreed_) standing_utilities(fallback_);
  }
}

double Session::shocked_value(const ShockEffect& effect) const {
  switch (effect.target) {
    case ShockEffect::Target::kReservation:
      return parameters_.reservation(effect.actor);
    case ShockEffect::Target::kSalience:
      return parameters_.salience(effect.actor, effect.issue);
    case ShockEffect::Target::kCapability:
      return parameters_.capability(effect.actor);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

void Session::draw_parameters(Rng& rng) {
  parameters_ = scenario_.base;  // same sizes: no allocation
  for (const ScenarioParameter& parameter : scenario_.parameters) {
    if (parameter.value.is_fixed()) continue;
    parameter.ref.in(parameters_) =
        std::clamp(parameter.value.sample(rng), parameter.domain_min, parameter.domain_max);
  }
}

void Session::draw_beliefs(Rng& rng) {
  const int n = scenario_.actor_count();
  const int d = scenario_.issue_count();
  if (scenario_.knowledge == Knowledge::kPrivate) {
    // Knowing only its own preferences, an actor starts from an uninformed
    // belief of the others: every ideal at the middle of each issue's range,
    // every issue equally salient; offers teach it the rest (update_beliefs).
    beliefs_.resize(static_cast<std::size_t>(n));
    believed_weight_.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      Eigen::MatrixXd& belief = beliefs_[static_cast<std::size_t>(i)];
      Eigen::ArrayXXd& weight = believed_weight_[static_cast<std::size_t>(i)];
      belief = parameters_.ideal;
      weight = parameters_.salience.array();
      const double own_total = weight.row(i).sum();
      if (own_total > 0.0) {
        weight.row(i) /= own_total;
      } else {
        weight.row(i).setConstant(1.0 / static_cast<double>(d));
      }
      for (int j = 0; j < n; ++j) {
        if (j == i) continue;
        for (int k = 0; k < d; ++k) {
          const Issue& issue = scenario_.issues[static_cast<std::size_t>(k)];
          belief(j, k) = 0.5 * (issue.min + issue.max);
        }
        weight.row(j).setConstant(1.0 / static_cast<double>(d));
      }
    }
    return;
  }
  if (parameters_.perception_sd <= 0.0) {
    beliefs_.clear();
    believed_weight_.clear();
    return;
  }
  beliefs_.resize(static_cast<std::size_t>(n));
  believed_weight_.resize(static_cast<std::size_t>(n));
  boost::random::normal_distribution<double> noise(0.0, 1.0);
  const double sd = parameters_.perception_sd;
  for (int i = 0; i < n; ++i) {
    Eigen::MatrixXd& belief = beliefs_[static_cast<std::size_t>(i)];
    Eigen::ArrayXXd& weight = believed_weight_[static_cast<std::size_t>(i)];
    belief = parameters_.ideal;
    weight = parameters_.salience.array();
    for (int j = 0; j < n; ++j) {
      if (j == i) continue;
      // Ideal points: additive noise, sd × span; saliences: multiplicative
      // noise exp(sd·z), then normalised (a salience of 0 stays 0).
      for (int k = 0; k < d; ++k) {
        const Issue& issue = scenario_.issues[static_cast<std::size_t>(k)];
        const double seen = belief(j, k) + sd * issue.span() * noise(rng);
        belief(j, k) = std::clamp(seen, issue.min, issue.max);
        weight(j, k) *= std::exp(sd * noise(rng));
      }
    }
    for (int j = 0; j < n; ++j) {
      const double total = weight.row(j).sum();
      if (total > 0.0) {
        weight.row(j) /= total;
      } else {
        weight.row(j).setConstant(1.0 / static_cast<double>(d));
      }
    }
  }
}

void Session::update_beliefs(int proposer, const Phase& phase, int round) {
  if (beliefs_.empty()) return;
  // Offers start at the proposer's ideal and move away as it concedes, so early
  // offers say the most: the pull fades with the share of the phase used.
  const double time_used = phase.max_rounds <= 1 ? 1.0
                                                 : static_cast<double>(round - 1) /
                                                       static_cast<double>(phase.max_rounds - 1);
  if (scenario_.knowledge == Knowledge::kPrivate)
    opponent_models_.observe(proposer, offer_, phase.issues, time_used);
  const double pull = parameters_.belief_update * (1.0 - time_used);
  if (pull <= 0.0) return;
  for (std::size_t i = 0; i < beliefs_.size(); ++i) {
    if (static_cast<int>(i) == proposer) continue;
    for (int d : phase.issues)
      beliefs_[i](proposer, d) += pull * (offer_(d) - beliefs_[i](proposer, d));
  }
}

Observation Session::observe(int actor, const Phase& phase, int round) const {
  // Every field named, in order: the struct is written once, not cleared and
  // then written (a few times a round for each actor, this shows).
  const auto index = static_cast<std::size_t>(actor);
  const bool private_knowledge = scenario_.knowledge == Knowledge::kPrivate;
  return Observation{
      .self = actor,
      .round = round,
      .deadline_rounds = phase.max_rounds,
      .last_turn = last_turn_[index],
      .rounds_to_next_turn = turn_wait_(actor),
      .fallback = deciding_fallback(actor),
      .best_utility = best_utility_(actor),
      .discount_per_round = parameters_.discount(actor),
      .strategy_params = &parameters_.strategy_params,
      .own = &preferences_[index],
      .issues = scenario_.issues,
      .actors = scenario_.actors,
      .participants = phase.participants,
      .ratifiers = phase.ratifiers,
      .issues_on_table = phase.issues,
      .status_quo = &status_quo_,
      .believed_ideal = beliefs_.empty() ? &parameters_.ideal : &beliefs_[index],
      .believed_weight =
          believed_weight_.empty() ? &utility_.normalised_salience() : &believed_weight_[index],
      .capability = &parameters_.capability,
      .decision_rule = &phase.decision_rule,
      .own_offers = &own_offers_[index],
      .own_offer_count = std::min<Eigen::Index>(own_offer_count_[index], kRememberedOffers),
      .pareto_bids = pareto_bids_[static_cast<std::size_t>(&phase - scenario_.phases.data())] != 0,
      .valuations = private_knowledge ? std::span<const OptionValuation>() : scenario_.valuations,
      .opponent_models = private_knowledge ? &opponent_models_ : nullptr,
      .equilibrium = phase.equilibrium ? &plan_ : nullptr,
      .instruments = scenario_.instruments,
      .instrument_params = &parameters_.instrument,
      .instrument_available = &instrument_available_,
      .threat_active = &threat_active_,
      .public_reservation = &public_reservation_,
      .agreement_stands = agreed_,
      .interim_table = interim_table_,
      .interim_gain = &interim_gain_,
      .side_payment_to_me = 0.0,
      .concession_received = concession_(actor),
  };
}

int Session::nearest_deal(const Eigen::VectorXd& outcome, double* distance) const {
  int best = -1;
  double best_distance = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < scenario_.deals.size(); ++k) {
    const double rms =
        std::sqrt(((scenario_.deals[k].values - outcome).array() / spans_.array()).square().mean());
    if (rms < best_distance) {
      best_distance = rms;
      best = static_cast<int>(k);
    }
  }
  *distance = best < 0 ? 0.0 : best_distance;
  return best;
}

void Session::required_actors(const Phase& phase, std::vector<int>& out) const {
  const DecisionRule& rule = phase.decision_rule;
  if (rule.kind == DecisionRule::Kind::kUnanimity || rule.veto.empty()) {
    out.assign(phase.participants.begin(), phase.participants.end());
  } else {
    out.assign(rule.veto.begin(), rule.veto.end());
  }
  for (int r : phase.ratifiers)
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
}

Eigen::VectorXd Session::payment_offsets(std::span<const int> actors, int payment) const {
  Eigen::VectorXd offset = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(actors.size()));
  const auto add = [&](int actor, double amount) {
    const auto at = std::find(actors.begin(), actors.end(), actor);
    if (at != actors.end()) offset(at - actors.begin()) += amount;
  };
  for (std::size_t k = 0; k < scenario_.instruments.size(); ++k) {
    if (!payment_in_deal_[k] && static_cast<int>(k) != payment) continue;
    const Instrument& instrument = scenario_.instruments[k];
    const double amount =
        payment_in_deal_[k] ? paid_amount_(static_cast<Eigen::Index>(k)) : offer_payment_amount_;
    add(instrument.target, amount);
    add(instrument.actor, -payment_cost(k, amount));
  }
  return offset;
}

namespace {

// The accuracy of the Pareto slack recorded, in utility units: fine against the
// summary's tolerance (output/summary.hpp, 0.01), and it keeps the analysis as cheap as
// the yes/no test it replaced (analysis/bargaining_solutions.hpp, Cost).
constexpr double kSlackAccuracy = 1e-5;

// Among `actors`, from the status quo of the phase, with their current fallbacks as
// disagreement utilities and equal bargaining power (the symmetric Nash solution).
BargainingProblem bargaining_problem(const Scenario& scenario, const Phase& phase,
                                     const UtilityModel& utility, const ModelParameters& parameters,
                                     const Eigen::VectorXd& status_quo,
                                     const Eigen::VectorXd& fallback, std::span<const int> actors) {
  BargainingProblem problem;
  problem.utility = &utility;
  problem.parameters = &parameters;
  problem.participants = actors;
  problem.issues = scenario.issues;
  problem.issues_on_table = phase.issues;
  problem.status_quo = &status_quo;
  problem.disagreement.resize(static_cast<Eigen::Index>(actors.size()));
  for (std::size_t k = 0; k < actors.size(); ++k)
    problem.disagreement(static_cast<Eigen::Index>(k)) = fallback(actors[k]);
  problem.bargaining_power = Eigen::VectorXd::Ones(problem.disagreement.size());
  problem.actors = scenario.actors;
  return problem;
}

}  // namespace

void Session::analyse_zone(int phase_index, SessionRecord& record) {
  const Phase& phase = scenario_.phases[static_cast<std::size_t>(phase_index)];
  required_actors(phase, analysed_);
  BargainingProblem problem = bargaining_problem(scenario_, phase, utility_, parameters_,
                                                 status_quo_, fallback_, analysed_);
  problem.offset = payment_offsets(analysed_, -1);  // standing side payments, if any
  if (log_ == nullptr) {                            // the record needs only whether the zone exists
    record.zone_of_agreement = agreement_zone_exists(problem) ? 1 : 0;
    return;
  }
  const std::optional<Eigen::VectorXd> nash = nash_bargaining_point(problem);
  record.zone_of_agreement = nash ? 1 : 0;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  Move zone{phase_index, 0, MoveKind::kAgreementZone};
  zone.index = nash ? 1 : 0;
  zone.by_actor = Eigen::VectorXd::Constant(scenario_.actor_count(), kNaN);
  zone.fallback = zone.by_actor;
  if (nash) zone.outcome = *nash;
  for (std::size_t k = 0; k < analysed_.size(); ++k) {
    const int actor = analysed_[k];
    zone.fallback(actor) = fallback_(actor);
    if (nash) {
      zone.by_actor(actor) =
          utility_.evaluate(actor, *nash) + problem.offset(static_cast<Eigen::Index>(k));
    }
  }
  log(std::move(zone));
}

void Session::analyse_agreement(const Phase& phase, SessionRecord& record) {
  // The Pareto slack among the participants (side payments cancel out of it).
  BargainingProblem problem = bargaining_problem(scenario_, phase, utility_, parameters_,
                                                 status_quo_, fallback_, phase.participants);
  const double slack = pareto_slack(problem, offer_, kSlackAccuracy);
  // −∞: no outcome keeps every participant's red lines (the deal breaks one of a
  // participant whose acceptance was not needed): not analysed.
  record.pareto_slack = slack == -std::numeric_limits<double>::infinity()
                            ? std::numeric_limits<double>::quiet_NaN()
                            : std::max(0.0, slack);
  // The Nash point among the participants and the ratifiers, with the deal's side
  // payments (standing ones and the one attached to the deal) as utility offsets.
  analysed_.assign(phase.participants.begin(), phase.participants.end());
  for (int r : phase.ratifiers)
    if (std::find(analysed_.begin(), analysed_.end(), r) == analysed_.end()) analysed_.push_back(r);
  problem = bargaining_problem(scenario_, phase, utility_, parameters_, status_quo_, fallback_,
                               analysed_);
  problem.offset = payment_offsets(analysed_, offer_payment_);
  const std::optional<Eigen::VectorXd> nash = nash_bargaining_point(problem);
  record.nash_distance =
      nash ? distance(offer_, *nash, scenario_.issues) : std::numeric_limits<double>::quiet_NaN();
}

void Session::estimate_continuations(std::uint64_t master_seed, std::uint64_t point) {
  continuation_known_ = true;
  continuation_seed_ = master_seed;
  continuation_point_ = point;
  continuation_.setConstant(std::numeric_limits<double>::quiet_NaN());
  const std::size_t phases = scenario_.phases.size();
  bool any = false;
  // A phase whose failure leads on (not an interim step, not the end of the talks).
  auto leads_on = [&](std::size_t p) {
    const Phase& phase = scenario_.phases[p];
    return p + 1 < phases && !phase.interim &&
           (phase.on_deadline == PhaseEnd::kNextPhase || phase.on_veto == PhaseEnd::kNextPhase);
  };
  for (std::size_t p = 0; p < phases; ++p) any = any || leads_on(p);
  if (!any) return;
  Session pilot(scenario_);
  pilot.lookahead_ = false;
  pilot.analysis_ = false;
  pilot.cancel_ = cancel_;
  pilot.abandon_ = abandon_;
  // The pilots' own streams: a master seed of their own (golden-ratio offset).
  const std::uint64_t pilot_seed = master_seed ^ 0x9E3779B97F4A7C15ULL;
  const auto n = static_cast<Eigen::Index>(preferences_.size());
  for (std::size_t p = 0; p + 1 < phases; ++p) {
    if (!leads_on(p)) continue;
    pilot.first_phase_ = p + 1;
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(n);
    for (int r = 0; r < kLookaheadPilots; ++r) {
      const SessionRecord record = pilot.run(pilot_seed, point, static_cast<std::uint64_t>(r));
      for (Eigen::Index j = 0; j < n; ++j) {
        sum(j) += std::pow(pilot.parameters_.discount(j), record.rounds) * record.utility(j);
      }
    }
    continuation_.row(static_cast<Eigen::Index>(p)) =
        (sum / static_cast<double>(kLookaheadPilots)).transpose();
  }
}

void Session::update_lookahead_floor(const Phase& phase, int phase_index, int round) {
  lookahead_floor_.setZero();
  if (!lookahead_ || agreed_ || interim_table_) return;
  const auto p = static_cast<Eigen::Index>(phase_index);
  for (Eigen::Index j = 0; j < lookahead_floor_.size(); ++j) {
    const double value = continuation_(p, j);
    if (std::isnan(value)) continue;
    lookahead_floor_(j) = std::pow(parameters_.discount(j), phase.max_rounds - round) * value;
  }
}

SessionRecord Session::run(std::uint64_t master_seed, std::uint64_t point,
                           std::uint64_t replicate) {
  if (lookahead_ &&
      (!continuation_known_ || continuation_seed_ != master_seed || continuation_point_ != point)) {
    estimate_continuations(master_seed, point);
  }
  Rng parameter_rng = Rng::stream(master_seed, point, replicate, StreamPurpose::kParameters);
  Rng perception_rng = Rng::stream(master_seed, point, replicate, StreamPurpose::kPerception);
  Rng bargaining_rng = Rng::stream(master_seed, point, replicate, StreamPurpose::kBargaining);
  Rng shock_rng = Rng::stream(master_seed, point, replicate, StreamPurpose::kShocks);
  draw_parameters(parameter_rng);
  draw_beliefs(perception_rng);
  if (scenario_.knowledge == Knowledge::kPrivate)
    opponent_models_.reset(scenario_.issues, scenario_.actor_count());
  refresh_preferences();
  if (log_ != nullptr) drawn_ = parameters_;
  logged_moves_ = 0;
  round_recorded_ = true;
  held_round_.clear();
  status_quo_ = parameters_.status_quo;
  fallback_ = parameters_.reservation;
  agreed_ = false;
  interim_table_ = false;
  interim_gain_.setZero();
  public_reservation_ = scenario_.base.reservation;
  std::fill(instrument_available_.begin(), instrument_available_.end(), 1);
  // A counterfactual run switches instruments off (Scenario::instrument_off).
  for (std::size_t k = 0; k < scenario_.instrument_off.size(); ++k)
    if (scenario_.instrument_off[k]) instrument_available_[k] = 0;
  std::fill(threat_active_.begin(), threat_active_.end(), 0);
  std::fill(payment_in_deal_.begin(), payment_in_deal_.end(), 0);
  paid_amount_.setZero();
  std::fill(shock_done_.begin(), shock_done_.end(), 0);
  offer_payment_ = -1;
  offer_payment_amount_ = 0.0;

  SessionRecord record;
  record.phase_results.assign(scenario_.phases.size(), PhaseResult::kNotReached);
  record.vetoed.assign(preferences_.size(), 0);
  record.blocked.assign(preferences_.size(), 0);
  record.threat_made.assign(scenario_.instruments.size(), 0);
  record.threat_carried_out.assign(scenario_.instruments.size(), 0);
  record.threat_backed_down.assign(scenario_.instruments.size(), 0);
  record.side_payment_offered.assign(scenario_.instruments.size(), 0);
  record.side_payment_paid.assign(scenario_.instruments.size(), 0);
  record.shock_occurred.assign(scenario_.shocks.size(), 0);
  lookahead_floor_.setZero();
  for (std::size_t p = first_phase_; p < scenario_.phases.size(); ++p) {
    const Phase& phase = scenario_.phases[p];
    const PhaseOutcome outcome = run_phase(static_cast<int>(p), bargaining_rng, shock_rng, record);
    record.phase_results[p] = outcome.result;
    record.offers += outcome.offers;
    record.rounds += outcome.round;
    if (outcome.result == PhaseResult::kAgreed && interim_table_) {
      // An interim step: its gain adds to everyone's value of no deal.
      utility_.evaluate(status_quo_, interim_before_);
      utility_.evaluate(offer_, interim_after_);
      interim_gain_ += interim_after_ - interim_before_;
      status_quo_ = offer_;
      if (offer_payment_ >= 0) {
        const auto k = static_cast<std::size_t>(offer_payment_);
        const Instrument& payment = scenario_.instruments[k];
        payment_in_deal_[k] = 1;
        paid_amount_(static_cast<Eigen::Index>(k)) = offer_payment_amount_;
        instrument_available_[k] = 0;
        record.side_payment_paid[k] = 1;
        interim_gain_(payment.target) += offer_payment_amount_;
        interim_gain_(payment.actor) -= payment_cost(k, offer_payment_amount_);
      }
      offer_payment_ = -1;
      offer_payment_amount_ = 0.0;
      continue;
    }
    if (outcome.result == PhaseResult::kAgreed) {
      record.agreed = true;
      record.phase = static_cast<int>(p);
      record.round = outcome.round;
      if (analysis_) analyse_agreement(phase, record);
      status_quo_ = offer_;
      agreed_ = true;
      if (offer_payment_ >= 0) {
        const auto k = static_cast<std::size_t>(offer_payment_);
        payment_in_deal_[k] = 1;
        paid_amount_(static_cast<Eigen::Index>(k)) = offer_payment_amount_;
        instrument_available_[k] = 0;
        record.side_payment_paid[k] = 1;
      }
      standing_utilities(fallback_);
      continue;
    }
    if (outcome.result == PhaseResult::kBrokeDown) break;  // the talks are over
    const PhaseEnd end = outcome.result == PhaseResult::kVetoed ? phase.on_veto : phase.on_deadline;
    if (end == PhaseEnd::kBreakdown) break;
  }
  record.outcome = status_quo_;
  record.utility.resize(static_cast<Eigen::Index>(preferences_.size()));
  record.reservation = parameters_.reservation;  // after any shocks
  if (record.agreed) {
    standing_utilities(record.utility);
  } else {
    record.blocked = refused_;  // of the last phase played (run_phase resets it)
    // No settlement: reservation utilities with the interim agreements' gains,
    // less the threats that are carried out; the outcome is the status quo as
    // the interim agreements left it.
    record.utility = parameters_.reservation + interim_gain_;
    for (std::size_t k = 0; k < scenario_.instruments.size(); ++k) {
      if (!threat_active_[k]) continue;
      const auto row = static_cast<Eigen::Index>(k);
      const Instrument& threat = scenario_.instruments[k];
      if (bargaining_rng.uniform01() >= parameters_.instrument(row, Instrument::kCredibility)) {
        // It backs down, and its audience makes it pay (Fearon 1994).
        record.threat_backed_down[k] = 1;
        record.utility(threat.actor) -= parameters_.instrument(row, Instrument::kAudienceCost);
        log({-1,
             0,
             MoveKind::kThreatBackedDown,
             threat.actor,
             threat.target,
             static_cast<int>(k),
             0.0,
             {}});
        continue;
      }
      record.threat_carried_out[k] = 1;
      record.utility(threat.target) -= parameters_.instrument(row, Instrument::kDrop);
      record.utility(threat.actor) -= parameters_.instrument(row, Instrument::kThreatCost);
      log({-1,
           0,
           MoveKind::kThreatCarriedOut,
           threat.actor,
           threat.target,
           static_cast<int>(k),
           0.0,
           {}});
    }
    record.utility = record.utility.cwiseMax(0.0).cwiseMin(1.0);
  }
  if (record.agreed) record.nearest_deal = nearest_deal(record.outcome, &record.deal_distance);
  return record;
}

}  // namespace parley
