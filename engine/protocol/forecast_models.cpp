// Forecasting models for one issue (see forecast_models.hpp for the models, the
// definitions and the references).
#include "protocol/forecast_models.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/input_limits.hpp"

namespace parley {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// capability × salience per actor; all ones when every product is 0.
std::vector<double> power_weights(const ForecastCase& c) {
  std::vector<double> weights;
  weights.reserve(c.actors.size());
  bool any = false;
  for (const ForecastActor& actor : c.actors) {
    weights.push_back(actor.capability * actor.salience);
    any = any || weights.back() > 0.0;
  }
  if (!any) std::fill(weights.begin(), weights.end(), 1.0);
  return weights;
}

double weighted_mean(const ForecastCase& c, const std::vector<double>& weights) {
  double total = 0.0;
  double sum = 0.0;
  for (std::size_t i = 0; i < c.actors.size(); ++i) {
    total += weights[i];
    sum += weights[i] * c.actors[i].position;
  }
  return sum / total;
}

// ---- Nash on an interval -------------------------------------------------------------

class IntervalNash {
 public:
  IntervalNash(std::span<const IntervalBargainer> bargainers, double lo, double hi)
      : bargainers_(bargainers), span_(hi - lo) {}

  double utility(const IntervalBargainer& b, double x) const {
    const double t = std::abs(x - b.position) / span_;
    return 1.0 - (b.risk == 1.0 ? t : std::pow(t, b.risk));
  }

  // Σ w log(u − d); −∞ outside the bargaining set.
  double objective(double x) const {
    double sum = 0.0;
    for (const IntervalBargainer& b : bargainers_) {
      const double gain = utility(b, x) - b.disagreement;
      if (!(gain > 0.0)) return -kInfinity;
      sum += b.power * std::log(gain);
    }
    return sum;
  }

  // The derivative of the objective at x on a piece where no ideal point lies strictly
  // inside; `right_of[i]` says whether the piece lies right of bargainer i's ideal.
  // At an open end of the bargaining set the limit is ±∞.
  double slope(double x, const std::vector<bool>& right_of) const {
    double sum = 0.0;
    for (std::size_t i = 0; i < bargainers_.size(); ++i) {
      const IntervalBargainer& b = bargainers_[i];
      const double t = std::abs(x - b.position) / span_;
      const double steepness = b.risk == 1.0 ? 1.0 : b.risk * std::pow(t, b.risk - 1.0);
      const double du = (right_of[i] ? -steepness : steepness) / span_;
      const double gain = utility(b, x) - b.disagreement;
      if (!(gain > 0.0)) return du > 0.0 ? kInfinity : -kInfinity;
      sum += b.power * du / gain;
    }
    return std::isnan(sum) ? 0.0 : sum;
  }

 private:
  std::span<const IntervalBargainer> bargainers_;
  double span_;
};

}  // namespace

double compromise_forecast(const ForecastCase& c) {
  check_forecast_case(c);
  return weighted_mean(c, power_weights(c));
}

double weighted_median(std::span<const double> positions, std::span<const double> weights) {
  PARLEY_CHECK(!positions.empty() && positions.size() == weights.size(), "{} positions, {} weights",
               positions.size(), weights.size());
  std::vector<std::size_t> order(positions.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return positions[a] < positions[b]; });
  // Distinct positions with their total weight.
  std::vector<double> level;
  std::vector<double> mass;
  for (std::size_t i : order) {
    PARLEY_CHECK(weights[i] >= 0.0, "negative weight {}", weights[i]);
    if (level.empty() || positions[i] != level.back()) {
      level.push_back(positions[i]);
      mass.push_back(0.0);
    }
    mass.back() += weights[i];
  }
  const double total = std::accumulate(mass.begin(), mass.end(), 0.0);
  PARLEY_CHECK(total > 0.0, "the weights sum to {}", total);
  const double half = total / 2.0;
  const double tolerance = 1e-12 * total;
  double below = 0.0;
  for (std::size_t k = 0; k < level.size(); ++k) {
    below += mass[k];
    if (below >= half - tolerance) {
      if (std::abs(below - half) <= tolerance && k + 1 < level.size())
        return (level[k] + level[k + 1]) / 2.0;
      return level[k];
    }
  }
  return level.back();
}

double median_forecast(const ForecastCase& c) {
  check_forecast_case(c);
  std::vector<double> positions;
  for (const ForecastActor& actor : c.actors) positions.push_back(actor.position);
  return weighted_median(positions, power_weights(c));
}

std::optional<double> nash_point_on_interval(std::span<const IntervalBargainer> bargainers,
                                             double lo, double hi) {
  PARLEY_CHECK(lo < hi, "the interval [{}, {}] is empty", lo, hi);
  PARLEY_CHECK(!bargainers.empty(), "no bargainers");
  bool concave = true;
  for (const IntervalBargainer& b : bargainers) {
    PARLEY_CHECK(b.power > 0.0 && b.risk > 0.0, "power {} and risk {} must be > 0", b.power,
                 b.risk);
    concave = concave && b.risk >= 1.0;
  }
  const double span = hi - lo;
  // The bargaining set: [lo, hi] ∩ (left, right), where u_i > d_i iff
  // |x − p_i| < span (1 − d_i)^(1/ρ_i).
  double left = -kInfinity;
  double right = kInfinity;
  for (const IntervalBargainer& b : bargainers) {
    if (!(b.disagreement < 1.0)) return std::nullopt;
    const double reach = span * std::pow(1.0 - b.disagreement, 1.0 / b.risk);
    left = std::max(left, b.position - reach);
    right = std::min(right, b.position + reach);
  }
  if (!(left < right && left < hi && lo < right)) return std::nullopt;
  const double start = std::max(lo, left);
  const double end = std::min(hi, right);
  const bool start_open = left >= lo;
  const bool end_open = right <= hi;

  std::vector<double> breaks{start};
  for (const IntervalBargainer& b : bargainers)
    if (b.position > start && b.position < end) breaks.push_back(b.position);
  breaks.push_back(end);
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());

  const IntervalNash nash(bargainers, lo, hi);
  std::vector<double> candidates;
  const int parts = concave ? 1 : 64;
  std::vector<bool> right_of(bargainers.size());
  for (std::size_t piece = 0; piece + 1 < breaks.size(); ++piece) {
    const double a = breaks[piece];
    const double b = breaks[piece + 1];
    for (std::size_t i = 0; i < bargainers.size(); ++i) right_of[i] = bargainers[i].position <= a;
    const auto slope_at = [&](double x) {
      if (x == start && start_open) return kInfinity;
      if (x == end && end_open) return -kInfinity;
      return nash.slope(x, right_of);
    };
    if (!(a == start && start_open)) candidates.push_back(a);
    double x0 = a;
    double g0 = slope_at(a);
    for (int k = 1; k <= parts; ++k) {
      const double x1 = k == parts ? b : a + (b - a) * k / parts;
      const double g1 = slope_at(x1);
      if (g0 > 0.0 && g1 <= 0.0) {
        // Bisect to adjacent doubles: slope > 0 at `up`, ≤ 0 at `down`.
        double up = x0;
        double down = x1;
        for (;;) {
          const double mid = up + (down - up) / 2.0;
          if (mid <= up || mid >= down) break;
          (slope_at(mid) > 0.0 ? up : down) = mid;
        }
        if (!(up == start && start_open)) candidates.push_back(up);
        if (!(down == end && end_open)) candidates.push_back(down);
      }
      x0 = x1;
      g0 = g1;
    }
  }
  if (!end_open) candidates.push_back(end);

  std::optional<double> best;
  double best_value = -kInfinity;
  for (double x : candidates) {
    const double value = nash.objective(x);
    if (value > best_value) {
      best_value = value;
      best = x;
    }
  }
  return best;
}

double nash_forecast(const ForecastCase& c) {
  check_forecast_case(c);
  const std::vector<double> weights = power_weights(c);
  std::vector<IntervalBargainer> bargainers;
  for (std::size_t i = 0; i < c.actors.size(); ++i)
    if (weights[i] > 0.0) bargainers.push_back({c.actors[i].position, weights[i], 0.0, 1.0});
  if (c.status_quo) {
    std::vector<IntervalBargainer> with_status_quo = bargainers;
    const double span = c.scale_max - c.scale_min;
    for (IntervalBargainer& b : with_status_quo)
      b.disagreement = 1.0 - std::abs(*c.status_quo - b.position) / span;
    if (const std::optional<double> x =
            nash_point_on_interval(with_status_quo, c.scale_min, c.scale_max))
      return *x;
  }
  const std::optional<double> x = nash_point_on_interval(bargainers, c.scale_min, c.scale_max);
  if (x) return *x;
  // With d = 0 the bargaining set holds every point strictly between the outermost
  // positions, so it is empty of doubles only on a scale one double wide with actors
  // at both ends; the solution then rounds to the compromise.
  PARLEY_CHECK(std::nextafter(c.scale_min, c.scale_max) == c.scale_max,
               "case \"{}\": no Nash point with d = 0", c.id);
  return std::clamp(weighted_mean(c, weights), c.scale_min, c.scale_max);
}

double procedural_forecast(const ForecastCase& c) {
  check_forecast_case(c);
  const double proposal = weighted_mean(c, power_weights(c));
  if (!c.status_quo) return proposal;
  const double q = *c.status_quo;
  const VotingRule rule = parse_voting_rule(c.voting_rule).value_or(VotingRule::kMajority);

  std::vector<double> votes;
  bool any = false;
  for (const ForecastActor& actor : c.actors) {
    votes.push_back(actor.capability);
    any = any || actor.capability > 0.0;
  }
  if (!any) std::fill(votes.begin(), votes.end(), 1.0);
  const double total = std::accumulate(votes.begin(), votes.end(), 0.0);
  const double tolerance = 1e-12 * total;
  const auto passes = [&](double support) {
    switch (rule) {
      case VotingRule::kUnanimity:
        return support >= total - tolerance;
      case VotingRule::kQualifiedMajority:
        return support >= kQualifiedMajorityQuota * total - tolerance;
      case VotingRule::kMajority:
        break;
    }
    return support > total / 2.0 + tolerance;
  };

  std::vector<std::size_t> order(c.actors.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return c.actors[a].position < c.actors[b].position;
  });
  // The pivot scanning from one end: the position at which the support first passes.
  const auto pivot = [&](auto first, auto last) {
    double support = 0.0;
    for (auto it = first; it != last; ++it) {
      support += votes[*it];
      if (passes(support)) return c.actors[*it].position;
    }
    return c.actors[*std::prev(last)].position;
  };
  const double right_pivot = pivot(order.rbegin(), order.rend());
  const double left_pivot = pivot(order.begin(), order.end());
  if (proposal > q && right_pivot > q) return std::min(proposal, 2.0 * right_pivot - q);
  if (proposal < q && left_pivot < q) return std::max(proposal, 2.0 * left_pivot - q);
  return q;
}

double expected_utility_forecast(const ForecastCase& c) {
  check_forecast_case(c);
  EuOptions options;
  options.scale_min = c.scale_min;
  options.scale_max = c.scale_max;
  const bool any_weight = std::any_of(c.actors.begin(), c.actors.end(), [](const auto& actor) {
    return actor.capability * actor.salience > 0.0;
  });
  auto round_averaged_mean = [](const EuResult& result) {
    double sum = 0.0;
    for (std::size_t k = 1; k < result.rounds.size(); ++k) sum += result.rounds[k].mean;
    return result.rounds.size() > 1 ? sum / static_cast<double>(result.rounds.size() - 1)
                                    : result.forecast_mean;
  };
  if (any_weight) return round_averaged_mean(run_expected_utility(c.actors, options));
  std::vector<ForecastActor> equal = c.actors;
  for (ForecastActor& actor : equal) {
    actor.capability = 1.0;
    actor.salience = 1.0;
  }
  return round_averaged_mean(run_expected_utility(equal, options));
}

std::vector<std::string> forecast_model_names() {
  return {"compromise", "median", "nash", "procedural", "expected_utility"};
}

double forecast(std::string_view model, const ForecastCase& c) {
  if (model == "compromise") return compromise_forecast(c);
  if (model == "median") return median_forecast(c);
  if (model == "nash") return nash_forecast(c);
  if (model == "procedural") return procedural_forecast(c);
  if (model == "expected_utility") return expected_utility_forecast(c);
  throw UsageError(fmt::format("unknown forecasting model \"{}\" (expected one of: {})", model,
                               fmt::join(forecast_model_names(), ", ")));
}

}  // namespace parley
