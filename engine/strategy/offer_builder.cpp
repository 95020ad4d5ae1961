#include "strategy/offer_builder.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/number_text.hpp"
#include "strategy/pareto_bidder.hpp"

namespace parley {
namespace {

constexpr int kBisectionSteps = 52;      // λ to machine precision of its range
constexpr int kPathSteps = 20;           // grid along the path when the target point will not do
constexpr int kRepeatSteps = 10;         // after a repeat: steps of 2^-10 … 1 of the way beyond
constexpr int kRetreatSteps = 8;         // bisection back toward the own ideal: λ to 2^-8 of it
constexpr int kBoundarySteps = 20;       // bisection to a non-affine red line's boundary
constexpr int kRepairPasses = 4;         // issues moved to repair red lines, at most
constexpr double kSalienceFloor = 1e-3;  // ε in the rate formula: caring nothing is not free
constexpr double kSameOffer = 1e-3;      // "the same offer": every issue within 0.1% of its range
// Rounding in a utility's sum of weighted losses (normalised weights: far
// below this for any number of issues a scenario can have).
constexpr double kSumRounding = 1e-12;
constexpr int kUnkeptPaths = 8;  // paths computed without keeping their inputs after two misses

// 2^(k − kRepeatSteps) for k = 0 … kRepeatSteps: the shares of the way of the
// steps beyond a repeated offer (exact powers of two, as std::ldexp gives).
constexpr std::array<double, kRepeatSteps + 1> kRepeatShares = [] {
  std::array<double, kRepeatSteps + 1> shares{};
  double share = 1.0;
  for (int k = kRepeatSteps; k >= 0; --k) {
    shares[static_cast<std::size_t>(k)] = share;
    share *= 0.5;
  }
  return shares;
}();

// The number of inputs path_inputs visits.
std::size_t path_input_count(const Observation& seen) {
  const std::size_t table = seen.issues_on_table.size();
  const std::size_t participants = seen.participants.size();
  return 5 + table + 2 * participants + table * (4 + 2 * participants);
}

// Calls `visit` with the bit pattern of every input of the proposer's
// logrolling path (logrolling_path), in a fixed order, while it returns true;
// returns whether it always did. (The proposer's own capability and beliefs
// of itself are read too: more inputs than needed, never fewer.)
template <class Visit>
bool path_inputs(const Observation& seen, Visit&& visit) {
  const Preferences& own = *seen.own;
  const Eigen::MatrixXd& belief = *seen.believed_ideal;
  const Eigen::ArrayXXd& weight = *seen.believed_weight;
  const Eigen::VectorXd& capability = *seen.capability;
  const Eigen::ArrayXd& inverse_span = *own.inverse_span;
  auto count = [&](std::size_t n) { return visit(static_cast<std::uint64_t>(n)); };
  auto index = [&](int i) {
    return visit(static_cast<std::uint64_t>(static_cast<std::int64_t>(i)));
  };
  auto number = [&](double x) { return visit(bit_cast_value<std::uint64_t>(x)); };
  if (!index(seen.self) || !count(seen.issues.size()) || !count(seen.issues_on_table.size()) ||
      !count(seen.participants.size()) || !number(own.risk)) {
    return false;
  }
  for (int d : seen.issues_on_table)
    if (!index(d)) return false;
  for (int j : seen.participants)
    if (!index(j) || !number(capability(j))) return false;
  for (int d : seen.issues_on_table) {
    if (!count(seen.issues[static_cast<std::size_t>(d)].is_discrete() ? 1 : 0) ||
        !number(own.ideal(d)) || !number(own.weight(d)) || !number(inverse_span(d))) {
      return false;
    }
    for (int j : seen.participants)
      if (!number(weight(j, d)) || !number(belief(j, d))) return false;
  }
  return true;
}

// The proposer's logrolling path: the compromise point and how much the others
// care, per issue on the table (offer_builder.hpp), and what follows from them.
// They depend only on the inputs read below (beliefs, capabilities, the
// proposer's own ideal and saliences, the table): the path last computed for
// this proposer is reused when they are the same, bit for bit.
const OfferPath& logrolling_path(const Observation& seen, OfferWorkspace& ws) {
  const auto slot = static_cast<std::size_t>(seen.self);
  if (ws.paths.size() <= slot) ws.paths.resize(slot + 1);
  OfferPath& path = ws.paths[slot];

  // Where the inputs change from call to call (beliefs updated by every
  // offer), comparing and keeping them costs more than it saves: after two
  // misses in a row the path is computed without them for a while, then
  // kept again to see whether they have settled.
  bool keep = true;
  if (path.unkept > 0) {
    keep = --path.unkept == 0;
  } else {
    const std::size_t input_count = path_input_count(seen);
    if (path.inputs.size() == input_count) {
      const std::uint64_t* kept = path.inputs.data();
      if (path_inputs(seen, [&](std::uint64_t bits) { return *kept++ == bits; })) {
        path.misses = 0;
        return path;
      }
    }
    if (++path.misses >= 2) {
      path.unkept = kUnkeptPaths;
      keep = false;
    }
  }
  if (keep) {
    path.inputs.resize(path_input_count(seen));
    std::uint64_t* write = path.inputs.data();
    path_inputs(seen, [&](std::uint64_t bits) {
      *write++ = bits;
      return true;
    });
  } else {
    path.inputs.clear();  // matches no inputs
  }

  const Preferences& own = *seen.own;
  const Eigen::MatrixXd& belief = *seen.believed_ideal;
  const Eigen::ArrayXXd& weight = *seen.believed_weight;
  const Eigen::VectorXd& capability = *seen.capability;
  const Eigen::ArrayXd& inverse_span = *own.inverse_span;
  const auto issues = static_cast<Eigen::Index>(seen.issues.size());
  path.compromise.resize(issues);
  path.rate.resize(issues);
  path.loss.resize(issues);
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
      path.compromise(d) = weighted / mass;
      for (int j : seen.participants)
        if (j != seen.self) care += weight(j, d);
      care /= std::max(others, 1);
    } else {
      path.compromise(d) = own.ideal(d);  // nobody else cares: keep the own ideal
    }
    path.rate(d) = care / (own.weight(d) + kSalienceFloor);
    max_rate = std::max(max_rate, path.rate(d));
  }
  // Normalise rates so the fastest issue moves at rate 1; λ_max brings every
  // issue that anyone else cares about to the compromise point.
  path.lambda_max = 1.0;
  if (max_rate > 0.0) {
    double min_rate = 1.0;
    for (int d : seen.issues_on_table) {
      path.rate(d) /= max_rate;
      if (path.rate(d) > 0.0) min_rate = std::min(min_rate, path.rate(d));
    }
    path.lambda_max = 1.0 / min_rate;
  }
  // k_d = ŝ_d (|c_d − a_d| / span_d)^ρ (build_offer).
  for (int d : seen.issues_on_table) {
    const double distance = std::abs(path.compromise(d) - own.ideal(d)) * inverse_span(d);
    path.loss(d) = own.weight(d) * (own.risk == 1.0 ? distance : std::pow(distance, own.risk));
  }
  path.off_table.clear();
  for (int d = 0; d < static_cast<int>(issues); ++d) {
    if (std::find(seen.issues_on_table.begin(), seen.issues_on_table.end(), d) ==
        seen.issues_on_table.end()) {
      path.off_table.push_back(d);
    }
  }
  const std::size_t table = seen.issues_on_table.size();
  path.issue.resize(table);
  path.discrete.resize(table);
  path.ideal.resize(table);
  path.gap.resize(table);
  path.step_rate.resize(table);
  path.step_loss.resize(table);
  for (std::size_t k = 0; k < table; ++k) {
    const int d = seen.issues_on_table[k];
    path.issue[k] = d;
    path.discrete[k] = seen.issues[static_cast<std::size_t>(d)].is_discrete() ? 1 : 0;
    path.ideal[k] = own.ideal(d);
    path.gap[k] = path.compromise(d) - own.ideal(d);
    path.step_rate[k] = path.rate(d);
    path.step_loss[k] = path.loss(d);
  }
  // For ρ = 1 the utility along the path is piecewise linear in λ,
  //   u(λ) = u0 − Σ_d k_d · min(1, λ r_d),
  // with a kink where each issue reaches the compromise point (λ = 1/r_d);
  // solve_linear walks them in order.
  path.order.clear();
  path.slope = 0.0;
  for (int d : seen.issues_on_table) {
    if (path.rate(d) <= 0.0) continue;
    path.order.push_back(d);
    path.slope += path.loss(d) * path.rate(d);
  }
  std::sort(path.order.begin(), path.order.end(),
            [&](int a, int b) { return path.rate(a) > path.rate(b); });  // earliest kink first
  path.kink.clear();
  path.slope_drop.clear();
  for (int d : path.order) {
    path.kink.push_back(1.0 / path.rate(d));
    path.slope_drop.push_back(path.loss(d) * path.rate(d));
  }
  // Points along the path move away from the own ideal on each issue, so when
  // the issues that move are discrete and the ideal is an option, a point
  // further along that differs is one option further on some issue at least
  // (nothing_worth_beyond).
  path.steps_by_option = true;
  path.cheapest_step = std::numeric_limits<double>::infinity();
  for (int d : seen.issues_on_table) {
    if (path.rate(d) == 0.0 || path.compromise(d) == own.ideal(d)) continue;  // never moves
    const double step_loss = own.weight(d) * inverse_span(d);                 // one option further
    if (!(path.rate(d) > 0.0) || !seen.issues[static_cast<std::size_t>(d)].is_discrete() ||
        own.ideal(d) != std::floor(own.ideal(d)) || !(step_loss >= 0.0)) {
      path.steps_by_option = false;
      break;
    }
    path.cheapest_step = std::min(path.cheapest_step, step_loss);
  }
  return path;
}

// Issue k of the table at λ on the path: a discrete issue rounds toward the own
// ideal, so rounding never costs the proposer utility.
inline double path_value(const OfferPath& path, std::size_t k, double lambda) {
  const double step = std::min(1.0, lambda * path.step_rate[k]);
  const double ideal = path.ideal[k];
  const double value = ideal + step * path.gap[k];
  if (path.discrete[k] == 0) return value;
  return ideal <= value ? std::floor(value + 1e-9) : std::ceil(value - 1e-9);
}

// x(λ) on the logrolling path, then snapped to the table and to discrete options.
void point_on_path(const Observation& seen, const OfferPath& path, double lambda,
                   Eigen::Ref<Eigen::VectorXd> out) {
  const Eigen::VectorXd& status_quo = *seen.status_quo;
  for (int d : path.off_table) out(d) = status_quo(d);
  const std::size_t count = path.issue.size();
  for (std::size_t k = 0; k < count; ++k) out(path.issue[k]) = path_value(path, k, lambda);
}

// Whether point_on_path at λ gives `point` on every issue on the table.
bool on_path_at(const OfferPath& path, double lambda, const Eigen::VectorXd& point) {
  const std::size_t count = path.issue.size();
  bool same = true;  // no early exit: a fixed trip count predicts better
  for (std::size_t k = 0; k < count; ++k)
    same = same && path_value(path, k, lambda) == point(path.issue[k]);
  return same;
}

// Whether no point further along the path than the target's point (worth
// `utility` to the proposer) that differs from it can be worth `floor`: true
// when even the cheapest one-option step on an issue that moves along the
// path leaves less than `floor` (less the rounding of the sums). That needs
// every issue that moves to be discrete, with an option as the own ideal, and
// the loss linear (ρ = 1, no valued options): then each issue's rounded value
// moves away from the own ideal option by option along the path, so a point
// further along that differs has moved at least one option further on some
// issue, and no less far on the others. False when that cannot be shown.
bool nothing_worth_beyond(const Observation& seen, const OfferPath& path, double utility,
                          double floor) {
  const Preferences& own = *seen.own;
  return own.risk == 1.0 && own.valued.empty() && path.steps_by_option &&
         utility - path.cheapest_step < floor - 2.0 * kSumRounding;
}

// Whose public red lines an offer must keep: everyone involved (the proposer,
// the other participants, the ratifiers) or only those whose acceptance is
// required (the proposer, every participant under unanimity, veto players,
// ratifiers).
enum class Watch { kEveryone, kRequired };

bool required(const Observation& seen, int actor) {
  if (actor == seen.self || seen.decision_rule == nullptr ||
      seen.decision_rule->kind == DecisionRule::Kind::kUnanimity) {
    return true;
  }
  const std::vector<int>& veto = seen.decision_rule->veto;
  return std::find(veto.begin(), veto.end(), actor) != veto.end() ||
         std::find(seen.ratifiers.begin(), seen.ratifiers.end(), actor) != seen.ratifiers.end();
}

// Calls `visit(actor)` for every actor whose red lines `watch` covers; stops
// at the first call that returns false, and returns false then.
template <class Visit>
bool for_watched(const Observation& seen, Watch watch, Visit&& visit) {
  if (!visit(seen.self)) return false;
  for (int j : seen.participants) {
    if (j == seen.self || (watch == Watch::kRequired && !required(seen, j))) continue;
    if (!visit(j)) return false;
  }
  for (int j : seen.ratifiers)
    if (!visit(j)) return false;
  return true;
}

bool keeps_red_lines(const Observation& seen, const Eigen::Ref<const Eigen::VectorXd>& x,
                     Watch watch) {
  return for_watched(seen, watch, [&](int actor) {
    return seen.actors[static_cast<std::size_t>(actor)].accepts_red_lines(x);
  });
}

// How many watched red lines `x` breaks, and the first of them (with its owner).
int broken_red_lines(const Observation& seen, const Eigen::Ref<const Eigen::VectorXd>& x,
                     Watch watch, const RedLine** first, int* owner) {
  int count = 0;
  for_watched(seen, watch, [&](int actor) {
    for (const RedLine& line : seen.actors[static_cast<std::size_t>(actor)].red_lines) {
      if (line.holds(x)) continue;
      if (count++ == 0) {
        *first = &line;
        *owner = actor;
      }
    }
    return true;
  });
  return count;
}

// Whether `x` is an offer the proposer made before in this phase: on every issue
// on the table within 0.1% of the issue's range (a step too small to notice is
// no new offer).
bool repeats_offer(const Observation& seen, const Eigen::Ref<const Eigen::VectorXd>& x) {
  if (seen.own_offers == nullptr) return false;
  // Latest first: a repeat is most often of the latest offer.
  for (Eigen::Index k = seen.own_offer_count - 1; k >= 0; --k) {
    const auto earlier = seen.own_offers->col(k);
    bool same = true;
    for (int d : seen.issues_on_table) {
      if (std::abs(earlier(d) - x(d)) * (*seen.own->inverse_span)(d) > kSameOffer) {
        same = false;
        break;
      }
    }
    if (same) return true;
  }
  return false;
}

// The value nearest `from` on the way to `landmark` at which `line` holds, with
// ws.candidate holding the outcome (it must hold at the landmark). Exact where
// the line is affine in the issue (RedLine::crossings: only the values where
// its truth can change are tested, in order); otherwise bisection to 2^-20 of
// the way.
double boundary_toward(const RedLine& line, OfferWorkspace& ws, int d, double from,
                       double landmark) {
  std::array<double, 48> values;  // NOLINT: written before read
  const int count = line.crossings(ws.candidate, d, values);
  if (count >= 0) {
    const double direction = landmark > from ? 1.0 : -1.0;
    const auto begin = values.begin();
    const auto end = begin + count;
    std::sort(begin, end, [&](double a, double b) { return direction * a < direction * b; });
    for (auto value = begin; value != end; ++value) {
      if (direction * (*value - from) <= 0.0 || direction * (*value - landmark) >= 0.0) continue;
      ws.candidate(d) = *value;
      if (line.holds(ws.candidate)) return *value;
    }
    return landmark;
  }
  double breaks = 0.0;  // share of the way from `from` to the landmark
  double keeps = 1.0;
  for (int step = 0; step < kBoundarySteps; ++step) {
    const double mid = 0.5 * (breaks + keeps);
    ws.candidate(d) = from + mid * (landmark - from);
    if (line.holds(ws.candidate)) {
      keeps = mid;
    } else {
      breaks = mid;
    }
  }
  return from + keeps * (landmark - from);
}

// Repairs `x` so that it keeps every watched red line, by moving one issue
// at a time: for the first broken line, each issue on the table it reads may
// move toward a landmark (either end of its range, the status quo, the
// proposer's ideal, the line owner's believed ideal), only as far as the line
// needs (bisection to its boundary; option by option on a discrete issue), and
// only if no other watched line breaks as a result. Of these moves the one the
// proposer likes best is made; repeat. So `A -> B` is kept by giving up A or
// by granting B, whichever costs the proposer less, and a sum bound by moving
// whichever term is cheapest. Returns whether every watched line then holds
// (red lines are public statements: Observation).
bool repair_red_lines(const Observation& seen, OfferWorkspace& ws, Watch watch,
                      Eigen::Ref<Eigen::VectorXd> x) {
  const Preferences& own = *seen.own;
  for (int pass = 0; pass <= kRepairPasses; ++pass) {
    const RedLine* line = nullptr;
    int owner = -1;
    const int broken = broken_red_lines(seen, x, watch, &line, &owner);
    if (broken == 0) return true;
    if (pass == kRepairPasses) return false;
    double best_utility = -std::numeric_limits<double>::infinity();
    bool found = false;
    const double utility_now = own.utility(x);
    // The proposer's loss on issue d at value v (utility/utility.hpp).
    auto issue_loss = [&](int d, double v) {
      const double distance = std::abs(own.ideal(d) - v) * (*own.inverse_span)(d);
      return own.weight(d) * (own.risk == 1.0 ? distance : std::pow(distance, own.risk));
    };
    for (int d : line->issues()) {
      if (std::find(seen.issues_on_table.begin(), seen.issues_on_table.end(), d) ==
          seen.issues_on_table.end()) {
        continue;
      }
      const Issue& issue = seen.issues[static_cast<std::size_t>(d)];
      const double from = x(d);
      const double top =
          issue.is_discrete() ? static_cast<double>(issue.options.size() - 1) : issue.max;
      const double bottom = issue.is_discrete() ? 0.0 : issue.min;
      const std::array landmarks = {bottom, top, (*seen.status_quo)(d), own.ideal(d),
                                    (*seen.believed_ideal)(owner, d)};
      for (std::size_t m = 0; m < landmarks.size(); ++m) {
        const double landmark = landmarks[m];
        if (landmark == from ||
            std::find(landmarks.begin(), landmarks.begin() + static_cast<std::ptrdiff_t>(m),
                      landmark) != landmarks.begin() + static_cast<std::ptrdiff_t>(m)) {
          continue;  // no move, or a landmark already tried
        }
        // The most a move toward this landmark can be worth: the point of the
        // segment nearest the own ideal. When that cannot beat the best move
        // found, the bisection is not worth running (1e-12: rounding).
        const double nearest =
            std::clamp(own.ideal(d), std::min(from, landmark), std::max(from, landmark));
        if (utility_now + issue_loss(d, from) - issue_loss(d, nearest) <= best_utility - 1e-12)
          continue;
        ws.candidate = x;
        ws.candidate(d) = landmark;
        if (!line->holds(ws.candidate)) continue;
        if (issue.is_discrete()) {
          // The first option from `from` toward the landmark that keeps the line.
          const double step = landmark > from ? 1.0 : -1.0;
          for (double option = from + step; option != landmark; option += step) {
            ws.candidate(d) = option;
            if (line->holds(ws.candidate)) break;
            ws.candidate(d) = landmark;
          }
        } else {
          ws.candidate(d) = boundary_toward(*line, ws, d, from, landmark);
        }
        const double utility = own.utility(ws.candidate);
        if (utility <= best_utility) continue;  // cheaper to rule out than the red lines
        const RedLine* ignored = nullptr;
        int ignored_owner = -1;
        if (broken_red_lines(seen, ws.candidate, watch, &ignored, &ignored_owner) >= broken) {
          continue;
        }
        best_utility = utility;
        ws.repair = ws.candidate;
        found = true;
      }
    }
    if (!found) return false;
    x = ws.repair;
  }
  return false;
}

// For ρ = 1 the utility along the path is piecewise linear in λ,
//   u(λ) = u0 − Σ_d k_d · min(1, λ r_d),
// with a kink where each issue reaches the compromise point (λ = 1/r_d). Walk
// the kinks in order and solve the segment where u meets the target exactly.
// Requires u(0) ≥ target > u(λ_max).
double solve_linear(const OfferPath& path, double u0, double target) {
  double slope = path.slope;
  double at = 0.0;
  double utility = u0;
  for (std::size_t k = 0; k < path.kink.size(); ++k) {
    const double kink = path.kink[k];
    const double next = utility - slope * (kink - at);
    // λ ≥ 0: when even the own ideal on the table falls short of the target
    // (the actor cares mostly about issues off the table), offer that ideal
    // rather than extrapolate beyond it (found by fuzz/override_fuzz.cpp).
    if (next < target) return slope > 0.0 ? std::max(0.0, at + (utility - target) / slope) : at;
    at = kink;
    utility = next;
    slope -= path.slope_drop[k];
  }
  return at;
}

}  // namespace

bool keeps_public_red_lines(const Observation& seen, const Eigen::Ref<const Eigen::VectorXd>& x) {
  return keeps_red_lines(seen, x, Watch::kEveryone);
}

bool repeats_own_offer(const Observation& seen, const Eigen::Ref<const Eigen::VectorXd>& x) {
  return repeats_offer(seen, x);
}

bool build_offer(const Observation& seen, double target, OfferWorkspace& ws,
                 Eigen::Ref<Eigen::VectorXd> offer) {
  if (seen.pareto_bids) return build_pareto_offer(seen, target, ws, offer);
  ws.reason = OfferReason::kAtTarget;
  const Preferences& own = *seen.own;
  const OfferPath& path = logrolling_path(seen, ws);
  const double lambda_max = path.lambda_max;

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
  }
  auto utility_at = [&](double lambda) {
    double utility = 1.0 - off_table_loss;
    for (std::size_t k = 0; k < path.issue.size(); ++k)
      utility -= path.step_loss[k] * bend(std::min(1.0, lambda * path.step_rate[k]));
    return utility;
  };

  // Largest λ whose point still gives the proposer its target.
  double lambda = lambda_max;
  if (utility_at(lambda_max) >= target) {
    // The compromise point itself is good enough.
  } else if (own.risk == 1.0) {
    lambda = solve_linear(path, 1.0 - off_table_loss, target);
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

  // Its latest offer in the phase, if any: it never offers the others less than
  // that (an offer worse for them than one they refused is no offer), nor
  // repeats an offer.
  const bool made_offers = seen.own_offers != nullptr && seen.own_offer_count > 0;
  const double latest_utility =
      made_offers
          ? own.utility(seen.own_offers->col((seen.own_offer_count - 1) % kRememberedOffers))
          : std::numeric_limits<double>::infinity();
  point_on_path(seen, path, lambda, offer);
  const double utility_at_target =
      made_offers ? own.utility(offer) : std::numeric_limits<double>::quiet_NaN();
  const bool stale_at_target =
      made_offers && (utility_at_target > latest_utility || repeats_offer(seen, offer));
  if (!stale_at_target && keeps_red_lines(seen, offer, Watch::kEveryone)) return true;
  const double at_least = std::max(target, seen.fallback);
  // Stale, and nothing beyond the latest offer is worth the target when the
  // latest offer itself is not (the steps below are not tried then).
  if (stale_at_target && latest_utility < at_least - 1e-12) {
    ws.reason = OfferReason::kNothingNew;
    return false;
  }
  // Where on the path its latest offer lies (by its own utility of it, which
  // falls along the path), so that a repeat is avoided by a step beyond that.
  double lambda_last = lambda;
  if (stale_at_target && utility_at(lambda_max) >= latest_utility) {
    lambda_last = lambda_max;
  } else if (stale_at_target && own.risk == 1.0) {
    lambda_last = std::max(lambda, solve_linear(path, 1.0 - off_table_loss, latest_utility));
  } else if (stale_at_target) {
    double lo = lambda;
    double hi = lambda_max;
    for (int step = 0; step < kBisectionSteps && utility_at(lo) > latest_utility; ++step) {
      const double mid = 0.5 * (lo + hi);
      if (utility_at(mid) >= latest_utility) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    lambda_last = lo;
  }
  // The steps beyond the latest offer lie between lambda_last and lambda_max,
  // no nearer the own ideal than the target's point: when no point there that
  // differs from it is worth the target, each pass below stops at its first
  // step (the proposer holds its offer).
  if (stale_at_target && lambda <= lambda_last && lambda_last <= lambda_max &&
      nothing_worth_beyond(seen, path, utility_at_target, at_least - 1e-12)) {
    ws.reason = OfferReason::kNothingNew;
    return false;
  }

  // The point at the target breaks a public red line, repeats an offer, or
  // offers the others less than the latest. Points along the path are tried,
  // each repaired where needed (repair_red_lines); a point is usable if it
  // keeps the red lines, is new, is worth no more to the proposer than its
  // latest offer and no less than its fallback. In order: the target's point;
  // between it and the own ideal, the most conceding point still worth the
  // target (by bisection); then beyond the target toward the compromise point,
  // the first worth its fallback (it lowers its target as little as it must).
  // When the target's point is stale (a repeat, or less for the others than the
  // latest offer): steps beyond the latest offer of 2^-10 … 1 of the rest of
  // the way, the smallest that is usable and still worth the target (not
  // merely the fallback: it does not concede only to avoid a repeat). First
  // for everyone's red lines, then
  // only those whose acceptance is required; with no usable point it passes.
  auto usable = [&](Watch watch, double floor) {
    if (!repair_red_lines(seen, ws, watch, offer)) return false;
    const double utility = own.utility(offer);
    return utility >= floor - 1e-12 && utility <= latest_utility && !repeats_offer(seen, offer);
  };
  // The second pass, for only the required actors' red lines, can differ from
  // the first only if an actor not required has red lines.
  const bool others_have_red_lines = !for_watched(seen, Watch::kEveryone, [&](int actor) {
    return required(seen, actor) || seen.actors[static_cast<std::size_t>(actor)].red_lines.empty();
  });
  for (const Watch watch : {Watch::kEveryone, Watch::kRequired}) {
    if (watch == Watch::kRequired && !others_have_red_lines) break;
    // Records why this offer (record/move.hpp) and returns true.
    auto made = [&] {
      if (watch == Watch::kRequired) {
        ws.reason = OfferReason::kRequiredOnly;
      } else if (own.utility(offer) < target - 1e-12) {
        ws.reason = OfferReason::kLoweredTarget;
      }
      return true;
    };
    if (!stale_at_target) {
      point_on_path(seen, path, lambda, offer);
      if (usable(watch, at_least)) return made();
      point_on_path(seen, path, 0.0, offer);
      if (usable(watch, at_least)) {
        // The own ideal, repaired, is worth the target: bisect toward the
        // target's point for the most conceding such point (repaired points are
        // worth less the further along the path, as a rule, not always: the
        // bisection keeps an end that is usable).
        double keeps = 0.0;
        double fails = lambda;
        for (int step = 0; step < kRetreatSteps; ++step) {
          const double mid = 0.5 * (keeps + fails);
          point_on_path(seen, path, mid, offer);
          if (usable(watch, at_least)) {
            keeps = mid;
          } else {
            fails = mid;
          }
        }
        point_on_path(seen, path, keeps, offer);
        if (usable(watch, at_least)) return made();
      }
      for (int k = 1; k <= kPathSteps; ++k) {
        point_on_path(seen, path, lambda + (lambda_max - lambda) * k / kPathSteps, offer);
        if (usable(watch, seen.fallback)) return made();
      }
      continue;
    }
    // The latest offer is worth the target (else it passed above), and the
    // path's points, rounded or not, are worth less the further along, so the
    // steps stop at the first worth less. Steps that round to the target's own
    // point (discrete issues) are skipped by a bisection over the steps: once a
    // point differs from it, every further one does (points move
    // monotonically along the path).
    auto step_lambda = [&](int k) {
      return lambda_last + (lambda_max - lambda_last) * kRepeatShares[static_cast<std::size_t>(k)];
    };
    auto step_point = [&](int k, Eigen::Ref<Eigen::VectorXd> out) {
      point_on_path(seen, path, step_lambda(k), out);
    };
    point_on_path(seen, path, lambda, ws.stale);
    // Off the table every point is the status quo, so points differ only on
    // the table (unless some value is NaN, which equals nothing).
    const bool table_decides = !ws.stale.array().isNaN().any();
    int same = -1;  // the largest step known to give the target's point
    int differs = kRepeatSteps + 1;
    while (differs - same > 1) {
      const int mid = (same + differs) / 2;
      bool same_point = false;
      if (table_decides) {
        same_point = on_path_at(path, step_lambda(mid), ws.stale);
      } else {
        step_point(mid, offer);
        same_point = offer == ws.stale;
      }
      same = same_point ? mid : same;  // (selects, not branches: hard to predict)
      differs = same_point ? differs : mid;
    }
    for (int k = differs; k <= kRepeatSteps; ++k) {
      step_point(k, offer);
      // A step that gives the point of the step before is judged as that was.
      if (k > differs && offer == ws.step) continue;
      ws.step = offer;
      if (own.utility(offer) < at_least - 1e-12) break;
      if (usable(watch, at_least)) return made();
    }
  }
  ws.reason = stale_at_target ? OfferReason::kNothingNew : OfferReason::kRedLines;
  return false;
}

}  // namespace parley
