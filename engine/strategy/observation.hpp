// Observation: what one actor may see when it decides.
//
// Strategies never see the others' true preferences: they get their own
// preferences, their fallback (reservation utility, or the utility of an earlier
// agreement), the round and deadline, the history of offers as far as it
// concerns them, and their *beliefs* about the others' ideal points (true ideal
// points and saliences seen through perception noise, updated from the offers
// they make; see simulation/session.cpp). Capabilities and red lines are public
// statements and are seen as stated.
// (OpenSpiel's `Observer`: what a player may see is its own type.)
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include <Eigen/Dense>

#include "core/issue.hpp"
#include "scenario/actor.hpp"
#include "scenario/scenario.hpp"

namespace parley {

class EquilibriumPlan;
class OpponentModels;

// One actor's own utility function (utility/utility.hpp for the formula).
struct Preferences {
  Eigen::ArrayXd ideal;   // D (on a valued issue: the best-valued option)
  Eigen::ArrayXd weight;  // D, normalised salience
  double risk = 1.0;
  const Eigen::ArrayXd* inverse_span = nullptr;  // D
  // Issues whose options the actor values (core/issue.hpp); empty for most
  // scenarios. spatial_weight is weight with those issues' entries 0.
  std::vector<const OptionValuation*> valued;
  Eigen::ArrayXd spatial_weight;  // D

  double utility(const Eigen::Ref<const Eigen::VectorXd>& outcome) const {
    if constexpr (kPairedSums) {
      if (risk == 1.0 && valued.empty()) return 1.0 - linear_loss(weight, outcome);
    }
    return any_utility(outcome);
  }
  // The loss on issue d at `value`, weighted: what u falls by against 1 there.
  double issue_loss(int d, double value) const {
    for (const OptionValuation* valuation : valued)
      if (valuation->issue == d) return weight(d) * valuation->loss(value, risk);
    const double distance = std::abs(ideal(d) - value) * (*inverse_span)(d);
    return weight(d) * (risk == 1.0 ? distance : std::pow(distance, risk));
  }

 private:
  // Whether Eigen sums a vector expression in SSE2 packets of two doubles
  // (the release flags: no -march), the order linear_loss repeats.
  static constexpr bool kPairedSums = Eigen::internal::packet_traits<double>::Vectorizable &&
                                      Eigen::internal::packet_traits<double>::size == 2;
  // (w · |ideal − outcome| · inverse_span).sum() as Eigen computes it (bit
  // for bit: lanes 0 and 1 of two packets, summed pairwise, then the lanes,
  // then the odd element left), without the expression's overhead, which
  // dominates on a few issues.
  double linear_loss(const Eigen::ArrayXd& w,
                     const Eigen::Ref<const Eigen::VectorXd>& outcome) const {
    const Eigen::Index n = ideal.size();
    if (n == 0) return 0.0;
    const double* a = ideal.data();
    const double* x = outcome.data();
    const double* s = inverse_span->data();
    const double* v = w.data();
    auto term = [&](Eigen::Index i) { return v[i] * (std::abs(a[i] - x[i]) * s[i]); };
    if (n == 1) return term(0);
    const Eigen::Index quads = n / 4 * 4;
    const Eigen::Index pairs = n / 2 * 2;
    double lane0 = term(0);
    double lane1 = term(1);
    if (pairs > 2) {
      double next0 = term(2);
      double next1 = term(3);
      for (Eigen::Index i = 4; i < quads; i += 4) {
        lane0 += term(i);
        lane1 += term(i + 1);
        next0 += term(i + 2);
        next1 += term(i + 3);
      }
      lane0 += next0;
      lane1 += next1;
      if (pairs > quads) {
        lane0 += term(quads);
        lane1 += term(quads + 1);
      }
    }
    const double sum = lane0 + lane1;
    return pairs < n ? sum + term(pairs) : sum;
  }
  double any_utility(const Eigen::Ref<const Eigen::VectorXd>& outcome) const {
    if constexpr (kPairedSums) {
      if (risk == 1.0) {
        double utility = 1.0 - linear_loss(spatial_weight, outcome);
        for (const OptionValuation* valuation : valued)
          utility -= weight(valuation->issue) * valuation->loss(outcome(valuation->issue), risk);
        return utility;
      }
    }
    const auto distance = (ideal - outcome.array()).abs() * *inverse_span;
    if (valued.empty()) {
      if (risk == 1.0) return 1.0 - (weight * distance).sum();
      return 1.0 - (weight * distance.pow(risk)).sum();
    }
    double utility = risk == 1.0 ? 1.0 - (spatial_weight * distance).sum()
                                 : 1.0 - (spatial_weight * distance.pow(risk)).sum();
    for (const OptionValuation* valuation : valued)
      utility -= weight(valuation->issue) * valuation->loss(outcome(valuation->issue), risk);
    return utility;
  }
};

// How many of its own earlier offers in a phase an actor remembers.
inline constexpr int kRememberedOffers = 32;

struct Observation {
  int self = 0;
  int round = 1;            // 1-based round within the phase
  int deadline_rounds = 1;  // the phase's last round
  // End-game awareness: the round of the actor's last proposing turn in the
  // phase (the deadline when proposers are drawn or the actor never proposes),
  // and how many rounds it waits from this one for its next proposing turn
  // (the expected wait when proposers are drawn; 0 when it has none left).
  int last_turn = 1;
  double rounds_to_next_turn = 0.0;
  double fallback = 0.0;  // value of no (further) deal
  // The best this phase can give the actor: its ideal on the issues on the
  // table, the status quo elsewhere (1 when every issue is on the table).
  double best_utility = 1.0;
  double discount_per_round = 1.0;
  const Eigen::MatrixXd* strategy_params = nullptr;  // N×kMaxStrategyParams
  const Preferences* own = nullptr;

  // Public context.
  std::span<const Issue> issues;
  std::span<const Actor> actors;
  std::span<const int> participants;  // at the table, proposing order
  std::span<const int> ratifiers;
  std::span<const int> issues_on_table;
  const Eigen::VectorXd* status_quo = nullptr;       // of this phase
  const Eigen::MatrixXd* believed_ideal = nullptr;   // N×D: own beliefs (own row is the truth)
  const Eigen::ArrayXXd* believed_weight = nullptr;  // N×D normalised saliences as believed
  const Eigen::VectorXd* capability = nullptr;       // N
  const DecisionRule* decision_rule = nullptr;       // of this phase
  // The offers this actor made earlier in the phase, as columns (the latest
  // kRememberedOffers of them), for proposers that do not repeat themselves.
  const Eigen::MatrixXd* own_offers = nullptr;  // D×kRememberedOffers
  Eigen::Index own_offer_count = 0;
  // Offers on a table of discrete issues when preferences are private or some
  // actor values options (strategy/pareto_bidder.hpp), else on the logrolling
  // path (strategy/offer_builder.hpp).
  bool pareto_bids = false;
  // Everyone's option values when they are public knowledge (empty when private:
  // the actor's own are in `own`).
  std::span<const OptionValuation> valuations;
  // What the actor learned of the others from their offers, when preferences
  // are private (strategy/opponent_model.hpp); null when public.
  const OpponentModels* opponent_models = nullptr;
  // Continuation values of a division game (strategy/equilibrium.hpp), when
  // every participant plays `equilibrium`; common knowledge by assumption.
  const EquilibriumPlan* equilibrium = nullptr;

  // Transactional instruments (scenario.hpp, Instrument): all of them, their
  // numbers, and which are still available to use in this session.
  std::span<const Instrument> instruments;
  const Eigen::MatrixXd* instrument_params = nullptr;  // K×3
  const std::vector<char>* instrument_available = nullptr;
  // Which threats have been made (they stay in force), and the reservation
  // utilities as the scenario states them (the means of drawn ones), moved by
  // the shocks that struck: what any actor can tell of another's value of no
  // deal (strategy/transactional_moves.hpp).
  const std::vector<char>* threat_active = nullptr;
  const Eigen::VectorXd* public_reservation = nullptr;  // N
  // Whether an earlier phase's agreement stands (it is the status quo, and
  // each actor's fallback is its utility of it).
  bool agreement_stands = false;
  // Whether this phase's table agrees only an interim step (Phase::interim):
  // there no deal means the status quo.
  bool interim_table = false;
  // N: what the interim agreements so far added to each actor's value of no
  // deal (their gains are taken as public: the deals are).
  const Eigen::VectorXd* interim_gain = nullptr;
  // Responding: aid or relief attached to the offer on the table for this actor.
  double side_payment_to_me = 0.0;

  // History as it concerns this actor: how much the last round's offer gave it
  // beyond the previous offer of the same proposer, in its own utility (NaN
  // when there was no offer last round or that proposer had made none before).
  double concession_received = std::numeric_limits<double>::quiet_NaN();

  // The actor's own strategy parameter in slot k (strategy_catalogue.hpp).
  double strategy_param(int k) const { return (*strategy_params)(self, k); }

  // The concession clock: the share of the actor's bargaining time used, 0 in
  // the first round and 1 from its last proposing turn on (so every schedule
  // has reached its end when the actor last proposes, whoever proposes last).
  // With a discount factor δ < 1 time is measured in the share of the deal's
  // value that delay destroys before that turn, (1 − δ^(t−1)) / (1 − δ^(L−1))
  // for round t and last turn L: an impatient actor concedes earlier, as
  // bargaining theory has it (Rubinstein 1982: the less patient side gives
  // more, sooner); with δ = 1 it is calendar time, (t − 1) / (L − 1).
  double time_used() const { return time_used_at(round); }
  // The same clock in round `at` of the phase.
  double time_used_at(int at) const {
    if (at >= last_turn || last_turn <= 1) return 1.0;
    const double delta = discount_per_round;
    if (delta >= 1.0) {
      return static_cast<double>(at - 1) / static_cast<double>(last_turn - 1);
    }
    return (1.0 - std::pow(delta, at - 1)) / (1.0 - std::pow(delta, last_turn - 1));
  }
  // The round of the actor's next proposing turn (this round when it has none
  // left). A drawn turn lies 1/p rounds away on average, which for a tiny
  // chance p is far past the deadline (past int's range, even): every round
  // from the last turn on reads the same clock, so the last turn stands for it.
  int next_turn() const {
    const double wait = std::ceil(rounds_to_next_turn);
    if (wait >= static_cast<double>(last_turn - round)) return std::max(round, last_turn);
    return round + static_cast<int>(wait);
  }
};

}  // namespace parley
