#include "strategy/offer_builder.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace parley {
namespace {

constexpr int kBisectionSteps = 52;       // λ to machine precision of its range
constexpr int kRedLineRetreatSteps = 20;  // grid of points back toward the own ideal
constexpr int kRetreatRefineSteps = 16;   // bisection to a red line's boundary: 1/20 · 2^-16
constexpr int kMaxWatchedRedLines = 16;   // red lines tracked during that bisection
constexpr double kSalienceFloor = 1e-3;   // ε in the rate formula: caring nothing is not free

// x(λ) on the logrolling path, then snapped to the table and to discrete options.
void point_on_path(const Observation& seen, const OfferWorkspace& ws, double lambda,
                   Eigen::Ref<Eigen::VectorXd> out) {
  const Preferences& own = *seen.own;
  out = *seen.status_quo;
  for (int d : seen.issues_on_table) {
    const double step = std::min(1.0, lambda * ws.rate(d));
    double value = own.ideal(d) + step * (ws.compromise(d) - own.ideal(d));
    const Issue& issue = seen.issues[static_cast<std::size_t>(d)];
    if (issue.is_discrete()) {
      // Round toward the own ideal, so rounding never costs the proposer utility.
      value = own.ideal(d) <= value ? std::floor(value + 1e-9) : std::ceil(value - 1e-9);
    }
    out(d) = value;
  }
}

// Whether `x` keeps every public red line: the proposer's, the other
// participants' and the ratifiers'.
bool red_lines_hold(const Observation& seen, const Eigen::Ref<const Eigen::VectorXd>& x) {
  if (!seen.actors[static_cast<std::size_t>(seen.self)].accepts_red_lines(x)) return false;
  for (int j : seen.participants)
    if (j != seen.self && !seen.actors[static_cast<std::size_t>(j)].accepts_red_lines(x))
      return false;
  for (int j : seen.ratifiers)
    if (!seen.actors[static_cast<std::size_t>(j)].accepts_red_lines(x)) return false;
  return true;
}

// For ρ = 1 the utility along the path is piecewise linear in λ,
//   u(λ) = u0 − Σ_d k_d · min(1, λ r_d),
// with a kink where each issue reaches the compromise point (λ = 1/r_d). Walk
// the kinks in order and solve the segment where u meets the target exactly.
// Requires u(0) ≥ target > u(λ_max); k_d is in ws.candidate.
double solve_linear(const Observation& seen, OfferWorkspace& ws, double u0, double target) {
  int count = 0;
  double slope = 0.0;
  for (int d : seen.issues_on_table) {
    if (ws.rate(d) <= 0.0) continue;
    ws.order(count++) = d;
    slope += ws.candidate(d) * ws.rate(d);
  }
  std::sort(ws.order.data(), ws.order.data() + count,
            [&](int a, int b) { return ws.rate(a) > ws.rate(b); });  // earliest kink first
  double at = 0.0;
  double utility = u0;
  for (int k = 0; k < count; ++k) {
    const int d = ws.order(k);
    const double kink = 1.0 / ws.rate(d);
    const double next = utility - slope * (kink - at);
    // λ ≥ 0: when even the own ideal on the table falls short of the target
    // (the actor cares mostly about issues off the table), offer that ideal
    // rather than extrapolate beyond it (found by fuzz/override_fuzz.cpp).
    if (next < target) return slope > 0.0 ? std::max(0.0, at + (utility - target) / slope) : at;
    at = kink;
    utility = next;
    slope -= ws.candidate(d) * ws.rate(d);
  }
  return at;
}

// The red lines of the proposer, the other participants and the ratifiers that
// `x` breaks, into `out`; −1 when there are more than fit.
int broken_red_lines(const Observation& seen, const Eigen::Ref<const Eigen::VectorXd>& x,
                     std::array<const RedLine*, kMaxWatchedRedLines>& out) {
  int count = 0;
  auto scan = [&](int actor) {
    for (const RedLine& line : seen.actors[static_cast<std::size_t>(actor)].red_lines) {
      if (line.holds(x)) continue;
      if (count < 0 || count == kMaxWatchedRedLines) {
        count = -1;
        return;
      }
      out[static_cast<std::size_t>(count++)] = &line;
    }
  };
  scan(seen.self);
  for (int j : seen.participants)
    if (j != seen.self) scan(j);
  for (int j : seen.ratifiers) scan(j);
  return count;
}

}  // namespace

bool build_offer(const Observation& seen, double target, OfferWorkspace& ws,
                 Eigen::Ref<Eigen::VectorXd> offer) {
  const Preferences& own = *seen.own;
  const Eigen::MatrixXd& belief = *seen.believed_ideal;
  const Eigen::ArrayXXd& weight = *seen.believed_weight;
  const Eigen::VectorXd& capability = *seen.capability;

  // Compromise point and how much the others care, per issue on the table.
  double max_rate = 0.0;
  for (int d : seen.issues_on_table) {
    double mass = 0.0;
    double weighted = 0.0;
    int others = 0;
    for (int j : seen.participants) {
      if (j == seen.self) continue;
      const double w = std::max(capability(j), 1e-12) * weight(j, d);
      mass += w;
      weighted += w * belief(j, d);
      ++others;
    }
    double care = 0.0;
    if (mass > 0.0) {
      ws.compromise(d) = weighted / mass;
      for (int j : seen.participants)
        if (j != seen.self) care += weight(j, d);
      care /= std::max(others, 1);
    } else {
      ws.compromise(d) = own.ideal(d);  // nobody else cares: keep the own ideal
    }
    ws.rate(d) = care / (own.weight(d) + kSalienceFloor);
    max_rate = std::max(max_rate, ws.rate(d));
  }
  // Normalise rates so the fastest issue moves at rate 1; λ_max brings every
  // issue that anyone else cares about to the compromise point.
  double lambda_max = 1.0;
  if (max_rate > 0.0) {
    double min_rate = 1.0;
    for (int d : seen.issues_on_table) {
      ws.rate(d) /= max_rate;
      if (ws.rate(d) > 0.0) min_rate = std::min(min_rate, ws.rate(d));
    }
    lambda_max = 1.0 / min_rate;
  }

  // Along the path only the loss on the table changes, and it is a scalar
  // function of λ: u(λ) = 1 − L_off − Σ_d k_d · min(1, λ r_d)^ρ with
  // k_d = ŝ_d (|c_d − a_d| / span_d)^ρ. Bisection on it needs no offer vectors.
  const Eigen::ArrayXd& inverse_span = *own.inverse_span;
  auto bend = [&](double distance) {
    return own.risk == 1.0 ? distance : std::pow(distance, own.risk);
  };
  // L_off: the loss from issues off the table (held at the status quo) is the
  // status quo's whole loss minus its on-table part.
  double off_table_loss = 1.0 - own.utility(*seen.status_quo);
  for (int d : seen.issues_on_table) {
    off_table_loss -=
        own.weight(d) * bend(std::abs((*seen.status_quo)(d)-own.ideal(d)) * inverse_span(d));
    ws.candidate(d) =
        own.weight(d) * bend(std::abs(ws.compromise(d) - own.ideal(d)) * inverse_span(d));  // k_d
  }
  auto utility_at = [&](double lambda) {
    double utility = 1.0 - off_table_loss;
    for (int d : seen.issues_on_table)
      utility -= ws.candidate(d) * bend(std::min(1.0, lambda * ws.rate(d)));
    return utility;
  };

  // Largest λ whose point still gives the proposer its target.
  double lambda = lambda_max;
  if (utility_at(lambda_max) >= target) {
    // The compromise point itself is good enough.
  } else if (own.risk == 1.0) {
    lambda = solve_linear(seen, ws, 1.0 - off_table_loss, target);
  } else {
    double lo = 0.0;
    double hi = lambda_max;
    for (int step = 0; step < kBisectionSteps; ++step) {
      const double mid = 0.5 * (lo + hi);
      if (utility_at(mid) >= target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    lambda = lo;
  }

  // Step back toward the own ideal until no public red line is broken (then
  // refine the boundary between the last grid point that breaks one and the
  // first that keeps them all); failing that, take the most conceding point
  // that keeps the proposer's own red lines.
  //
  // Speed: the red lines broken at λ* are watched, and a grid point is fully
  // checked only once the watched ones hold there (red lines need not be
  // monotone along the path, so the full check stays the arbiter).
  point_on_path(seen, ws, lambda, offer);
  std::array<const RedLine*, kMaxWatchedRedLines> watched{};
  const int count = broken_red_lines(seen, offer, watched);
  if (count == 0) return true;
  auto watched_hold = [&](const Eigen::VectorXd& x) {
    return count < 0 ? red_lines_hold(seen, x)
                     : std::all_of(watched.begin(), watched.begin() + count,
                                   [&](const RedLine* line) { return line->holds(x); });
  };
  const Actor& self = seen.actors[static_cast<std::size_t>(seen.self)];
  double own_only_lambda = self.accepts_red_lines(offer) ? lambda : -1.0;
  for (int k = kRedLineRetreatSteps - 1; k >= 0; --k) {
    const double retreat = lambda * k / kRedLineRetreatSteps;
    point_on_path(seen, ws, retreat, ws.candidate);
    if (own_only_lambda < 0.0 && self.accepts_red_lines(ws.candidate)) own_only_lambda = retreat;
    if (!watched_hold(ws.candidate) || !red_lines_hold(seen, ws.candidate)) continue;
    // Bisect between this grid point (keeps every red line) and the next one up.
    double keeps = retreat;
    double breaks = lambda * (k + 1) / kRedLineRetreatSteps;
    for (int step = 0; step < kRetreatRefineSteps; ++step) {
      const double mid = 0.5 * (keeps + breaks);
      point_on_path(seen, ws, mid, offer);
      if (watched_hold(offer)) {
        keeps = mid;
      } else {
        breaks = mid;
      }
    }
    point_on_path(seen, ws, keeps, offer);
    if (!red_lines_hold(seen, offer)) point_on_path(seen, ws, retreat, offer);
    return true;
  }
  if (own_only_lambda >= 0.0) {
    point_on_path(seen, ws, own_only_lambda, offer);
    return true;
  }
  return false;
}

}  // namespace parley
