#include "simulation/session.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>

#include "protocol/bargaining_rounds.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley {

Session::Session(const Scenario& scenario)
    : scenario_(scenario), spans_(scenario.spans()), parameters_(scenario.base) {
  const auto n = static_cast<std::size_t>(scenario.actor_count());
  const int d = scenario.issue_count();
  preferences_.resize(n);
  strategies_.reserve(n);
  for (const Actor& actor : scenario.actors) strategies_.push_back(make_strategy(actor.strategy));
  workspace_.resize(d);
  status_quo_.resize(d);
  offer_.resize(d);
  fallback_.resize(static_cast<Eigen::Index>(n));
  offer_utility_.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  concession_.resize(static_cast<Eigen::Index>(n));
  best_utility_.resize(static_cast<Eigen::Index>(n));
  accepted_.assign(n, 0);
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
  if (parameters_.perception_sd <= 0.0) {
    beliefs_.clear();
    return;
  }
  beliefs_.resize(static_cast<std::size_t>(n));
  boost::random::normal_distribution<double> noise(0.0, 1.0);
  for (int i = 0; i < n; ++i) {
    Eigen::MatrixXd& belief = beliefs_[static_cast<std::size_t>(i)];
    belief = parameters_.ideal;
    for (int j = 0; j < n; ++j) {
      if (j == i) continue;
      for (int k = 0; k < d; ++k) {
        const Issue& issue = scenario_.issues[static_cast<std::size_t>(k)];
        const double seen = belief(j, k) + parameters_.perception_sd * issue.span() * noise(rng);
        belief(j, k) = std::clamp(seen, issue.min, issue.max);
      }
    }
  }
}

Observation Session::observe(int actor, const Phase& phase, int round) const {
  const auto index = static_cast<std::size_t>(actor);
  Observation seen;
  seen.self = actor;
  seen.round = round;
  seen.deadline_rounds = phase.max_rounds;
  seen.fallback = fallback_(actor);
  seen.best_utility = best_utility_(actor);
  seen.discount_per_round = parameters_.discount(actor);
  seen.strategy_params = &parameters_.strategy_params;
  seen.own = &preferences_[index];
  seen.issues = scenario_.issues;
  seen.actors = scenario_.actors;
  seen.participants = phase.participants;
  seen.ratifiers = phase.ratifiers;
  seen.issues_on_table = phase.issues;
  seen.status_quo = &status_quo_;
  seen.believed_ideal = beliefs_.empty() ? &parameters_.ideal : &beliefs_[index];
  seen.public_weight = &utility_.normalised_salience();
  seen.capability = &parameters_.capability;
  seen.equilibrium = phase.equilibrium ? &plan_ : nullptr;
  seen.concession_received = concession_(actor);
  return seen;
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

SessionRecord Session::run(std::uint64_t master_seed, std::uint64_t point,
                           std::uint64_t replicate) {
  Rng parameter_rng = Rng::stream(master_seed, point, replicate, StreamPurpose::kParameters);
  Rng perception_rng = Rng::stream(master_seed, point, replicate, StreamPurpose::kPerception);
  Rng bargaining_rng = Rng::stream(master_seed, point, replicate, StreamPurpose::kBargaining);
  draw_parameters(parameter_rng);
  draw_beliefs(perception_rng);
  utility_.reset(parameters_, spans_);
  for (std::size_t i = 0; i < preferences_.size(); ++i) {
    Preferences& own = preferences_[i];
    own.ideal = parameters_.ideal.row(static_cast<Eigen::Index>(i)).transpose().array();
    own.weight = utility_.normalised_salience().row(static_cast<Eigen::Index>(i)).transpose();
    own.risk = parameters_.risk(static_cast<Eigen::Index>(i));
    own.inverse_span = &utility_.inverse_spans();
  }
  status_quo_ = parameters_.status_quo;
  fallback_ = parameters_.reservation;

  SessionRecord record;
  record.phase_results.assign(scenario_.phases.size(), PhaseResult::kNotReached);
  record.vetoed.assign(preferences_.size(), 0);
  record.reservation = parameters_.reservation;
  for (std::size_t p = 0; p < scenario_.phases.size(); ++p) {
    const Phase& phase = scenario_.phases[p];
    const PhaseOutcome outcome = BargainingRounds::run(*this, phase, bargaining_rng, record.vetoed);
    record.phase_results[p] = outcome.result;
    record.offers += outcome.offers;
    record.rounds += outcome.round;
    if (outcome.result == PhaseResult::kAgreed) {
      record.agreed = true;
      record.phase = static_cast<int>(p);
      record.round = outcome.round;
      status_quo_ = offer_;
      utility_.evaluate(status_quo_, fallback_);
      continue;
    }
    if (outcome.result == PhaseResult::kBrokeDown) break;  // the talks are over
    const PhaseEnd end = outcome.result == PhaseResult::kVetoed ? phase.on_veto : phase.on_deadline;
    if (end == PhaseEnd::kBreakdown) break;
  }
  record.outcome = status_quo_;
  record.utility.resize(static_cast<Eigen::Index>(preferences_.size()));
  if (record.agreed) {
    utility_.evaluate(record.outcome, record.utility);
  } else {
    record.outcome = parameters_.status_quo;
    record.utility = parameters_.reservation;
  }
  if (record.agreed) record.nearest_deal = nearest_deal(record.outcome, &record.deal_distance);
  return record;
}

}  // namespace parley
