// The exchange model (see exchange_model.hpp for the model, the choices and the
// references).
#include "protocol/exchange_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace parley {
namespace {

// Relative tolerance for a positive gain and for a tie between two gains.
constexpr double kRelativeTolerance = 1e-12;

// One actor's holding on one issue; `present` is false when the actor is missing there.
struct Holding {
  bool present = false;
  std::size_t input_index = 0;  // the actor's index in the issue's ForecastCase
  double policy = 0.0;          // x: what the actor wants (fixed)
  double voting = 0.0;          // y: what it supports (shifts at most once)
  double salience = 0.0;
  double weight = 0.0;  // capability × salience, or 1 when every product is 0
  bool shifted = false;
};

// The state of a run: actors sorted by id, `holdings[issue][actor]`.
class Proposal {
 public:
  explicit Proposal(std::span<const ForecastCase> issues) : issues_(issues) {
    for (const ForecastCase& c : issues) {
      check_forecast_case(c);
      for (const ForecastActor& actor : c.actors) ids_.push_back(actor.id);
    }
    std::sort(ids_.begin(), ids_.end());
    ids_.erase(std::unique(ids_.begin(), ids_.end()), ids_.end());

    holdings_.resize(issues.size());
    total_weight_.resize(issues.size());
    for (std::size_t a = 0; a < issues.size(); ++a) {
      const ForecastCase& c = issues[a];
      std::vector<Holding>& row = holdings_[a];
      row.resize(ids_.size());
      bool any_weight = false;
      for (std::size_t k = 0; k < c.actors.size(); ++k) {
        const ForecastActor& actor = c.actors[k];
        Holding& h = row[actor_index(actor.id)];
        if (h.present)
          throw UsageError(
              fmt::format("case \"{}\": actor \"{}\" is listed twice", c.id, actor.id));
        h.present = true;
        h.input_index = k;
        h.policy = actor.position;
        h.voting = actor.position;
        h.salience = actor.salience;
        h.weight = actor.capability * actor.salience;
        any_weight = any_weight || h.weight > 0.0;
      }
      // Summed in id order, so the result does not depend on the input order.
      double total = 0.0;
      for (Holding& h : row) {
        if (!h.present) continue;
        if (!any_weight) h.weight = 1.0;
        total += h.weight;
      }
      total_weight_[a] = total;
    }
  }

  std::size_t issue_count() const { return holdings_.size(); }
  std::size_t actor_count() const { return ids_.size(); }
  const std::string& id(std::size_t actor) const { return ids_[actor]; }
  const Holding& holding(std::size_t issue, std::size_t actor) const {
    return holdings_[issue][actor];
  }
  double total_weight(std::size_t issue) const { return total_weight_[issue]; }
  double scale_width(std::size_t issue) const {
    return issues_[issue].scale_max - issues_[issue].scale_min;
  }

  // The compromise of the current voting positions on `issue`.
  double outcome(std::size_t issue) const {
    double sum = 0.0;
    for (const Holding& h : holdings_[issue])
      if (h.present) sum += h.weight * h.voting;
    return sum / total_weight_[issue];
  }

  // Moves `actor`'s voting position on `issue` by `amount` towards `target`, never past
  // it, and marks it as shifted.
  void shift(std::size_t issue, std::size_t actor, double amount, double target) {
    Holding& h = holdings_[issue][actor];
    PARLEY_CHECK(h.present && !h.shifted, "actor \"{}\" cannot shift on issue {}", id(actor),
                 issue);
    const double distance = std::abs(target - h.voting);
    h.voting = amount >= distance ? target : h.voting + (target > h.voting ? amount : -amount);
    h.shifted = true;
  }

  std::vector<ForecastCase> shifted_cases() const {
    std::vector<ForecastCase> cases(issues_.begin(), issues_.end());
    for (std::size_t a = 0; a < cases.size(); ++a)
      for (const Holding& h : holdings_[a])
        if (h.present) cases[a].actors[h.input_index].position = h.voting;
    return cases;
  }

 private:
  std::size_t actor_index(const std::string& actor_id) const {
    return static_cast<std::size_t>(std::lower_bound(ids_.begin(), ids_.end(), actor_id) -
                                    ids_.begin());
  }

  std::span<const ForecastCase> issues_;
  std::vector<std::string> ids_;
  std::vector<std::vector<Holding>> holdings_;
  std::vector<double> total_weight_;
};

bool opposite_sides(double x_i, double x_j, double outcome) {
  return (x_i < outcome && outcome < x_j) || (x_j < outcome && outcome < x_i);
}

// An exchange with the indices of its two actors.
struct Candidate {
  PositionExchange exchange;
  std::size_t gainer_on_first = 0;
  std::size_t gainer_on_second = 0;
};

// The exchange in which actor i gains on issue a and actor j on issue b, or nothing when
// it is not feasible. `outcomes` are the current outcomes of all issues.
std::optional<Candidate> evaluate(const Proposal& proposal, const std::vector<double>& outcomes,
                                  std::size_t i, std::size_t j, std::size_t a, std::size_t b) {
  const Holding& ia = proposal.holding(a, i);
  const Holding& ib = proposal.holding(b, i);
  const Holding& ja = proposal.holding(a, j);
  const Holding& jb = proposal.holding(b, j);
  if (ja.shifted || ib.shifted) return std::nullopt;
  if (!(ia.salience * jb.salience > ja.salience * ib.salience)) return std::nullopt;
  if (!opposite_sides(ia.policy, ja.policy, outcomes[a]) ||
      !opposite_sides(ib.policy, jb.policy, outcomes[b]))
    return std::nullopt;

  // s_ia > 0 and s_jb > 0 here, so both sums are positive.
  const double ratio = (ib.salience + jb.salience) / (ia.salience + ja.salience);  // A / B
  const double max_a =
      std::min(ja.weight * std::abs(ia.policy - ja.voting) / proposal.total_weight(a),
               std::abs(ia.policy - outcomes[a]));
  const double max_b =
      std::min(ib.weight * std::abs(jb.policy - ib.voting) / proposal.total_weight(b),
               std::abs(jb.policy - outcomes[b]));
  const double shift_b = std::min(max_b, max_a / ratio);
  const double shift_a = std::min(ratio * shift_b, max_a);
  const double gain = shift_b * (ia.salience * jb.salience - ja.salience * ib.salience) /
                      (ia.salience + ja.salience);
  const double threshold =
      kRelativeTolerance * std::max(proposal.scale_width(a), proposal.scale_width(b));
  if (!(gain > threshold)) return std::nullopt;

  Candidate candidate{{}, i, j};
  PositionExchange& exchange = candidate.exchange;
  exchange.gainer_on_first = proposal.id(i);
  exchange.gainer_on_second = proposal.id(j);
  exchange.first_issue = a;
  exchange.second_issue = b;
  exchange.outcome_shift_first = shift_a;
  exchange.outcome_shift_second = shift_b;
  exchange.shift_on_first =
      std::min(shift_a * proposal.total_weight(a) / ja.weight, std::abs(ia.policy - ja.voting));
  exchange.shift_on_second =
      std::min(shift_b * proposal.total_weight(b) / ib.weight, std::abs(jb.policy - ib.voting));
  exchange.gain = gain;
  return candidate;
}

// The feasible exchange with the largest gain; ties to the first in id, then issue order.
std::optional<Candidate> best_exchange(const Proposal& proposal) {
  std::vector<double> outcomes(proposal.issue_count());
  for (std::size_t a = 0; a < outcomes.size(); ++a) outcomes[a] = proposal.outcome(a);

  std::optional<Candidate> best;
  for (std::size_t p = 0; p < proposal.actor_count(); ++p) {
    for (std::size_t q = p + 1; q < proposal.actor_count(); ++q) {
      for (std::size_t a = 0; a < proposal.issue_count(); ++a) {
        if (!proposal.holding(a, p).present || !proposal.holding(a, q).present) continue;
        for (std::size_t b = a + 1; b < proposal.issue_count(); ++b) {
          if (!proposal.holding(b, p).present || !proposal.holding(b, q).present) continue;
          // At most one orientation passes the salience condition: p gains on a, or on b.
          std::optional<Candidate> candidate = evaluate(proposal, outcomes, p, q, a, b);
          if (!candidate) candidate = evaluate(proposal, outcomes, p, q, b, a);
          if (candidate && (!best || candidate->exchange.gain >
                                         best->exchange.gain * (1.0 + kRelativeTolerance)))
            best = std::move(candidate);
        }
      }
    }
  }
  return best;
}

}  // namespace

ExchangeResult run_exchange_model(std::span<const ForecastCase> issues) {
  Proposal proposal(issues);
  ExchangeResult result;

  // Every exchange shifts two (actor, issue) holdings, each at most once.
  std::size_t holdings = 0;
  for (const ForecastCase& c : issues) holdings += c.actors.size();
  const std::size_t max_exchanges = holdings / 2;
  for (;;) {
    std::optional<Candidate> best = best_exchange(proposal);
    if (!best) break;
    PARLEY_CHECK(result.exchanges.size() < max_exchanges, "more than {} exchanges", max_exchanges);
    const PositionExchange& exchange = best->exchange;
    const std::size_t i = best->gainer_on_first;
    const std::size_t j = best->gainer_on_second;
    const std::size_t a = exchange.first_issue;
    const std::size_t b = exchange.second_issue;
    // j gives way on a towards i's policy position, i on b towards j's.
    proposal.shift(a, j, exchange.shift_on_first, proposal.holding(a, i).policy);
    proposal.shift(b, i, exchange.shift_on_second, proposal.holding(b, j).policy);
    result.exchanges.push_back(exchange);
  }

  result.shifted = proposal.shifted_cases();
  result.forecasts.reserve(issues.size());
  for (std::size_t a = 0; a < proposal.issue_count(); ++a)
    result.forecasts.push_back(proposal.outcome(a));
  return result;
}

std::vector<double> exchange_forecasts(std::span<const ForecastCase> issues) {
  return run_exchange_model(issues).forecasts;
}

}  // namespace parley
