#include "strategy/pareto_bidder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "strategy/offer_builder.hpp"
#include "strategy/opponent_model.hpp"

namespace parley {
namespace {

constexpr int kBisectionSteps = 48;  // λ to 2^-48 of its bracket
constexpr double kLambdaCeiling = 1e12;
constexpr double kTolerance = 1e-12;

bool anyone_has_red_lines(const Observation& seen) {
  const auto has = [&](int j) {
    return !seen.actors[static_cast<std::size_t>(j)].red_lines.empty();
  };
  if (has(seen.self)) return true;
  for (int j : seen.participants)
    if (has(j)) return true;
  for (int j : seen.ratifiers)
    if (has(j)) return true;
  return false;
}

// What the proposer believes option k of issue d is worth to actor j.
double believed(const Observation& seen, int j, int d, int k) {
  if (seen.opponent_models != nullptr)
    return seen.opponent_models->weight(j, d) * seen.opponent_models->value(j, d, k);
  const double weight = (*seen.believed_weight)(j, d);
  for (const OptionValuation& valuation : seen.valuations)
    if (valuation.actor == j && valuation.issue == d)
      return weight * valuation.value[static_cast<std::size_t>(k)];
  const Issue& issue = seen.issues[static_cast<std::size_t>(d)];
  return weight *
         (1.0 - std::abs(static_cast<double>(k) - (*seen.believed_ideal)(j, d)) / issue.span());
}

int option_of(const Eigen::Ref<const Eigen::VectorXd>& x, int d) {
  return static_cast<int>(std::lround(x(d)));
}

// Option k of an issue (gains g, h from `first` on) can never be the choice of
// lagrangian_point — the lexicographic maximum of (λ·g + h, g), the earliest
// among exact ties — when another option b has g_b > g_k and h_b ≥ h_k, or
// g_b = g_k, h_b ≥ h_k and b < k: rounding is monotone, so for every λ ≥ 0 b
// scores at least as much as k and wins the tie. Dropping such options leaves
// every choice, bit for bit, as the scan over all options makes it. An issue
// with a NaN gain keeps every option (the scan's order then matters).
int undominated_options(const Eigen::VectorXd& g, const Eigen::VectorXd& h, int first, int count,
                        Eigen::VectorXi& kept) {
  for (int k = first; k < first + count; ++k) {
    if (std::isnan(g(k)) || std::isnan(h(k))) {
      for (int j = 0; j < count; ++j) kept(first + j) = j;
      return count;
    }
  }
  int size = 0;
  for (int k = 0; k < count; ++k) {
    const double gk = g(first + k);
    const double hk = h(first + k);
    bool dominated = false;
    for (int b = 0; b < count && !dominated; ++b) {
      if (b == k) continue;
      const double gb = g(first + b);
      const double hb = h(first + b);
      dominated = hb >= hk && (gb > gk || (gb == gk && b < k));
    }
    if (!dominated) kept(first + size++) = k;
  }
  return size;
}

}  // namespace

int option_count(std::span<const Issue> issues) {
  int total = 0;
  for (const Issue& issue : issues) total += static_cast<int>(issue.options.size());
  return total;
}

bool build_pareto_offer(const Observation& seen, double target, OfferWorkspace& ws,
                        Eigen::Ref<Eigen::VectorXd> offer) {
  ws.reason = OfferReason::kAtTarget;
  const Preferences& own = *seen.own;
  Eigen::VectorXd& g = ws.own_gain;
  Eigen::VectorXd& h = ws.other_gain;

  // Per option: the proposer's utility lost (as a negative gain) and the others'
  // believed utility; base: the own utility with every issue on the table lost.
  offer = *seen.status_quo;
  double base = own.utility(*seen.status_quo);
  int column = 0;
  for (int d : seen.issues_on_table) {
    const Issue& issue = seen.issues[static_cast<std::size_t>(d)];
    ws.option_offset(d) = column;
    base += own.issue_loss(d, (*seen.status_quo)(d));
    for (int k = 0; k < static_cast<int>(issue.options.size()); ++k, ++column) {
      g(column) = -own.issue_loss(d, static_cast<double>(k));
      double others = 0.0;
      for (int j : seen.participants)
        if (j != seen.self) others += believed(seen, j, d, k);
      h(column) = others;
    }
    ws.undominated_count(d) = undominated_options(
        g, h, ws.option_offset(d), static_cast<int>(issue.options.size()), ws.undominated);
  }
  const auto gain_own = [&](int d, int k) { return g(ws.option_offset(d) + k); };
  const auto gain_others = [&](int d, int k) { return h(ws.option_offset(d) + k); };
  const auto options = [&](int d) {
    return static_cast<int>(seen.issues[static_cast<std::size_t>(d)].options.size());
  };

  // x(λ): per issue the option with the most λ·g + h (ties: more for the
  // proposer, then the lower option); returns its own utility.
  const auto lagrangian_point = [&](double lambda) {
    double utility = base;
    for (int d : seen.issues_on_table) {
      // Over the undominated options only: the same choice (undominated_options).
      const int first = ws.option_offset(d);
      const int* kept = ws.undominated.data() + first;
      const int count = ws.undominated_count(d);
      int best = kept[0];
      double incumbent = lambda * g(first + best) + h(first + best);
      for (int j = 1; j < count; ++j) {
        const int k = kept[j];
        const double score = lambda * g(first + k) + h(first + k);
        if (score > incumbent || (score == incumbent && g(first + k) > g(first + best))) {
          best = k;
          incumbent = score;
        }
      }
      offer(d) = best;
      utility += gain_own(d, best);
    }
    return utility;
  };
  const double at_least = std::max(target, seen.fallback);
  double lambda = 0.0;
  if (lagrangian_point(0.0) < at_least - kTolerance) {
    double hi = 1.0;
    while (lagrangian_point(hi) < at_least - kTolerance && hi < kLambdaCeiling) hi *= 4.0;
    double lo = 0.0;
    for (int step = 0; step < kBisectionSteps; ++step) {
      const double mid = 0.5 * (lo + hi);
      if (lagrangian_point(mid) >= at_least - kTolerance) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    lambda = hi;
  }
  double utility = lagrangian_point(lambda);

  const bool red_lines = anyone_has_red_lines(seen);
  if (red_lines && !keeps_public_red_lines(seen, offer)) {
    utility = lagrangian_point(kLambdaCeiling);  // the proposer's own best
    if (!keeps_public_red_lines(seen, offer)) {
      ws.reason = OfferReason::kRedLines;
      return false;
    }
  }

  // Greedy: the one-issue change that gives the others most while the proposer
  // keeps its target (or loses nothing when it is below it already), and, with
  // `fresh`, does not land on an outcome it offered before.
  const double floor = std::min(at_least, utility);
  const auto climb = [&](bool fresh) {
    for (int change = 0; change < column; ++change) {
      int best_issue = -1;
      int best_option = 0;
      double best_rise = kTolerance;
      for (int d : seen.issues_on_table) {
        const int now = option_of(offer, d);
        for (int k = 0; k < options(d); ++k) {
          const double rise = gain_others(d, k) - gain_others(d, now);
          if (k == now || rise <= best_rise) continue;
          if (utility + gain_own(d, k) - gain_own(d, now) < floor - kTolerance) continue;
          if (red_lines || fresh) {
            offer(d) = k;
            const bool usable = (!red_lines || keeps_public_red_lines(seen, offer)) &&
                                (!fresh || !repeats_own_offer(seen, offer));
            offer(d) = now;
            if (!usable) continue;
          }
          best_issue = d;
          best_option = k;
          best_rise = rise;
        }
      }
      if (best_issue < 0) return;
      utility +=
          gain_own(best_issue, best_option) - gain_own(best_issue, option_of(offer, best_issue));
      offer(best_issue) = best_option;
    }
  };
  climb(false);

  if (!repeats_own_offer(seen, offer)) return true;
  // A new one-issue neighbour worth the target, the best for the others.
  int best_issue = -1;
  int best_option = 0;
  double best_others = -std::numeric_limits<double>::infinity();
  double best_utility = -std::numeric_limits<double>::infinity();
  for (int d : seen.issues_on_table) {
    const int now = option_of(offer, d);
    for (int k = 0; k < options(d); ++k) {
      if (k == now) continue;
      const double worth = utility + gain_own(d, k) - gain_own(d, now);
      if (worth < floor - kTolerance) continue;
      const double others = gain_others(d, k) - gain_others(d, now);
      if (others < best_others || (others == best_others && worth <= best_utility)) continue;
      offer(d) = k;
      const bool usable =
          !repeats_own_offer(seen, offer) && (!red_lines || keeps_public_red_lines(seen, offer));
      offer(d) = now;
      if (!usable) continue;
      best_issue = d;
      best_option = k;
      best_others = others;
      best_utility = worth;
    }
  }
  if (best_issue < 0) return true;  // nothing new: the repeat stands
  utility += gain_own(best_issue, best_option) - gain_own(best_issue, option_of(offer, best_issue));
  offer(best_issue) = best_option;
  climb(true);
  return true;
}

}  // namespace parley
