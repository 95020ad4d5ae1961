// Bueno de Mesquita's expected-utility model: the round loop and the choices each
// variant makes. The equations and the reasons for each variant are in
// expected_utility.hpp; this file says only how they are computed.
//
// Layout: `Rules` spells out a variant as independent choices; `Model` holds what is
// fixed for one run (weights, scale width, rules) and scratch matrices sized once, so
// a round allocates nothing beyond the EuRound it appends to the result.
#include "protocol/expected_utility.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace parley {
namespace {

using Eigen::Index;

enum class Probability { kAllPairs, kPairShare, kNetShare };
enum class RiskBasis { kActors, kPositions };
enum class OfferRule { kConfrontationFirst, kLeastMove, kStrongestChallenger };
enum class StatusQuo { kPaper, kQOnly, kMasadSign };
enum class Vote { kTournament, kLargestMargin };

struct Rules {
  Probability probability = Probability::kAllPairs;
  bool capitulation = true;
  RiskBasis risk = RiskBasis::kActors;
  OfferRule offer = OfferRule::kConfrontationFirst;
  StatusQuo status_quo = StatusQuo::kPaper;
  Vote vote = Vote::kTournament;
  bool mean_in_second_pass = false;  // μ of the second pass is the weighted mean
};

Rules rules_of(EuVariant variant) {
  Rules rules;
  switch (variant) {
    case EuVariant::kScholz2011:
      break;
    case EuVariant::kScholzPython:
      rules.capitulation = false;
      rules.status_quo = StatusQuo::kQOnly;
      break;
    case EuVariant::kMasad2014:
      rules.probability = Probability::kNetShare;
      rules.offer = OfferRule::kStrongestChallenger;
      rules.status_quo = StatusQuo::kMasadSign;
      rules.vote = Vote::kLargestMargin;
      rules.mean_in_second_pass = true;
      break;
    case EuVariant::kBdm1994:
      rules.probability = Probability::kPairShare;
      rules.risk = RiskBasis::kPositions;
      rules.offer = OfferRule::kLeastMove;
      break;
  }
  return rules;
}

// Throws with the message `describe()` formats; formats only on failure.
template <typename Describe>
void require(bool ok, Describe&& describe) {
  if (!ok) throw UsageError("expected_utility: " + std::string(describe()));
}

// Kind of settlement i accepts given a = EU_i(i→j) and b = the partner's EU of
// challenging i; false when i stays put.
bool settle(double a, double b, bool capitulation, EuOutcome& outcome) {
  if (b > a && a > 0) {
    outcome = EuOutcome::kConfrontation;
    return true;
  }
  if (b > 0 && a < 0 && b > std::abs(a)) {
    outcome = EuOutcome::kCompromise;
    return true;
  }
  if (capitulation && b > 0 && a < 0 && b < std::abs(a)) {
    outcome = EuOutcome::kCapitulation;
    return true;
  }
  return false;
}

class Model {
 public:
  Model(std::span<const ForecastActor> actors, const EuOptions& options)
      : options_(options), rules_(rules_of(options.variant)) {
    require(!actors.empty(), [&] { return "no actors"; });
    require(std::isfinite(options.q) && options.q >= 0 && options.q <= 1,
            [&] { return fmt::format("q = {} is not in [0, 1]", options.q); });
    require(std::isfinite(options.t) && options.t >= 0 && options.t <= 1,
            [&] { return fmt::format("t = {} is not in [0, 1]", options.t); });
    require(options.max_rounds >= 0,
            [&] { return fmt::format("max_rounds = {} < 0", options.max_rounds); });
    require(std::isfinite(options.tolerance) && options.tolerance >= 0,
            [&] { return fmt::format("tolerance = {} is not ≥ 0", options.tolerance); });
    require(std::isfinite(options.scale_min) && std::isfinite(options.scale_max) &&
                options.scale_min <= options.scale_max,
            [&] {
              return fmt::format("scale [{}, {}] is not an interval", options.scale_min,
                                 options.scale_max);
            });
    n_ = static_cast<Index>(actors.size());
    capability_.resize(n_);
    salience_.resize(n_);
    initial_.resize(n_);
    const bool explicit_scale = options.scale_min < options.scale_max;
    for (Index i = 0; i < n_; ++i) {
      const ForecastActor& a = actors[static_cast<std::size_t>(i)];
      require(std::isfinite(a.capability) && a.capability >= 0, [&] {
        return fmt::format("actor '{}': capability {} is not ≥ 0", a.id, a.capability);
      });
      require(std::isfinite(a.salience) && a.salience >= 0 && a.salience <= 1, [&] {
        return fmt::format("actor '{}': salience {} is not in [0, 1]", a.id, a.salience);
      });
      require(std::isfinite(a.position),
              [&] { return fmt::format("actor '{}': position is not finite", a.id); });
      require(
          !explicit_scale || (a.position >= options.scale_min && a.position <= options.scale_max),
          [&] {
            return fmt::format("actor '{}': position {} is off the scale [{}, {}]", a.id,
                               a.position, options.scale_min, options.scale_max);
          });
      capability_(i) = a.capability;
      salience_(i) = a.salience;
      initial_(i) = a.position;
    }
    weight_ = capability_.cwiseProduct(salience_);
    require(weight_.sum() > 0, [&] { return "every actor has capability × salience = 0"; });
    range_ = explicit_scale ? options.scale_max - options.scale_min
                            : initial_.maxCoeff() - initial_.minCoeff();
    if (range_ == 0) range_ = 1;  // all at one point: every distance is 0 anyway
    loss_.resize(n_, n_);
    if (rules_.probability == Probability::kAllPairs) {
      pair_sum_.resize(n_, n_);
      loss_transposed_.resize(n_, n_);
      support_.resize(n_);
    }
    first_pass_ = {Eigen::MatrixXd::Zero(n_, n_), Eigen::MatrixXd::Zero(n_, n_),
                   Eigen::MatrixXd::Zero(n_, n_)};
    moved_.resize(n_);
    distinct_.reserve(static_cast<std::size_t>(n_));
    by_position_.resize(static_cast<std::size_t>(n_));
    by_position_2_.resize(static_cast<std::size_t>(n_));
    slot_.resize(static_cast<std::size_t>(n_));
    danger_.resize(n_);
    ones_.setOnes(n_);
  }

  Index size() const { return n_; }
  const Eigen::VectorXd& initial() const { return initial_; }

  double mean(const Eigen::VectorXd& x) const { return weight_.dot(x) / weight_.sum(); }

  // The median voter position: the winner of pairwise votes in which voter k backs
  // the nearer position with weight w_k (linear loss).
  double median(const Eigen::VectorXd& x) const {
    if (rules_.vote == Vote::kLargestMargin) {
      double best_margin = 0;
      double best = x(0);
      bool first = true;
      for (Index j = 0; j < n_; ++j) {
        for (Index k = 0; k < n_; ++k) {
          const double margin = votes_for(x, x(j), x(k));
          if (first || margin > best_margin) {
            best_margin = margin;
            best = x(j);
            first = false;
          }
        }
      }
      return best;
    }
    // Tournament over the distinct positions in order of first appearance: the
    // holder is replaced by any position a majority of weight prefers. In one
    // dimension the weighted median beats every other position, so the order only
    // matters when weights tie exactly.
    double holder = x(0);
    for (Index p = 1; p < n_; ++p) {
      if (seen_before(x, p)) continue;
      if (votes_for(x, x(p), holder) > 0) holder = x(p);
    }
    return holder;
  }

  // Steps 2–3 for positions x, risk exponents r and median μ, into `out`.
  //
  // Speed (the results are bit for bit those of the plain formulas): x^1 is x,
  // so exponents of 1 (the whole first pass) skip pow; Σ_k |L_k(x_b) − L_k(x_a)|
  // is symmetric in (a, b) and computed once per pair; the share of support
  // Σ_k max(0, L_k(x_j) − L_k(x_i)) runs over k in order for many i at once
  // (independent sums that vectorise); a challenge and the matching threat
  // share d = |x_i − x_j| and so their pow terms.
  void pairs(const Eigen::VectorXd& x, const Eigen::VectorXd& r, double mu, EuPairs& out) {
    const bool linear = rules_.probability == Probability::kNetShare;
    // Actors often share positions: every pow is taken once per distinct position.
    distinct_.clear();
    for (Index a = 0; a < n_; ++a) {
      std::size_t p = 0;
      while (p < distinct_.size() && !(distinct_[p] == x(a))) ++p;
      if (p == distinct_.size()) distinct_.push_back(x(a));
      slot_[static_cast<std::size_t>(a)] = p;
    }
    const std::size_t m = distinct_.size();
    for (Index k = 0; k < n_; ++k) {
      for (std::size_t p = 0; p < m; ++p) {
        const double distance = std::abs(x(k) - distinct_[p]) / range_;
        by_position_[p] = weight_(k) * (linear ? distance : power(distance, r(k)));
      }
      for (Index a = 0; a < n_; ++a) loss_(k, a) = by_position_[slot_[static_cast<std::size_t>(a)]];
    }
    double all_pairs = 0;  // Σ_k Σ_a Σ_b |L_k(x_b) − L_k(x_a)|
    if (rules_.probability == Probability::kAllPairs) {
      for (Index a = 0; a < n_; ++a) {
        for (Index b = a + 1; b < n_; ++b) {
          pair_sum_(a, b) = (loss_.col(b) - loss_.col(a)).cwiseAbs().sum();
        }
      }
      for (Index a = 0; a < n_; ++a) {
        for (Index b = 0; b < n_; ++b) {
          if (a != b) all_pairs += a < b ? pair_sum_(a, b) : pair_sum_(b, a);
        }
      }
      loss_transposed_ = loss_.transpose();  // (i, k) = L_k(x_i)
      for (Index j = 0; j < n_; ++j) {
        support_.setZero();
        for (Index k = 0; k < n_; ++k) {
          const double at_j = loss_(k, j);
          const double* at_i = loss_transposed_.col(k).data();
          double* positive = support_.data();
          for (Index i = 0; i < n_; ++i) positive[i] += std::max(0.0, at_j - at_i[i]);
        }
        for (Index i = 0; i < n_; ++i) {
          out.probability(i, j) =
              x(i) == x(j) ? 0.0 : (all_pairs > 0 ? support_(i) / all_pairs : 0.0);
        }
      }
    } else {
      for (Index j = 0; j < n_; ++j) {
        for (Index i = 0; i < n_; ++i) {
          out.probability(i, j) = x(i) == x(j) ? 0.0 : probability(i, j);
        }
      }
    }
    for (Index i = 0; i < n_; ++i) {
      const double u_status_quo = 2 - 4 * power(0.5, r(i));
      for (std::size_t p = 0; p < m; ++p) {
        const double d = std::abs(x(i) - distinct_[p]) / range_;
        by_position_[p] = 2 - 4 * power(0.5 - 0.5 * d, r(i));    // u_success
        by_position_2_[p] = 2 - 4 * power(0.5 + 0.5 * d, r(i));  // u_failure
      }
      for (Index j = 0; j < n_; ++j) {
        if (i == j) {
          out.challenge(i, j) = 0;
          out.threat(i, j) = 0;
          continue;
        }
        const std::size_t p = slot_[static_cast<std::size_t>(j)];
        const double u_success = by_position_[p];
        const double u_failure = by_position_2_[p];
        out.challenge(i, j) = eu(r(i), out.probability(i, j), x(i), x(j), salience_(j), mu,
                                 u_success, u_failure, u_status_quo);
        out.threat(i, j) = eu(r(i), out.probability(j, i), x(j), x(i), salience_(i), mu, u_success,
                              u_failure, u_status_quo);
      }
    }
  }

  // Step 1: the risk exponents for positions x (μ: the median of x), computed with
  // every exponent 1.
  void risk(const Eigen::VectorXd& x, double mu, Eigen::VectorXd& r) {
    r.resize(n_);
    if (rules_.risk == RiskBasis::kActors) {
      pairs(x, ones_, mu, first_pass_);
      for (Index i = 0; i < n_; ++i) danger_(i) = first_pass_.threat.row(i).sum();
      const double high = danger_.maxCoeff();
      const double low = danger_.minCoeff();
      for (Index i = 0; i < n_; ++i) r(i) = exponent(danger_(i), high, low);
      return;
    }
    // Across positions: i's danger where it stands against its danger at each
    // position some actor holds (the others staying put).
    for (Index i = 0; i < n_; ++i) {
      moved_ = x;
      double high = 0;
      double low = 0;
      bool first = true;
      for (Index p = 0; p < n_; ++p) {
        if (seen_before(x, p)) continue;
        moved_(i) = x(p);
        pairs(moved_, ones_, mu, first_pass_);
        const double danger = first_pass_.threat.row(i).sum();
        if (x(p) == x(i)) danger_(i) = danger;
        high = first ? danger : std::max(high, danger);
        low = first ? danger : std::min(low, danger);
        first = false;
      }
      r(i) = exponent(danger_(i), high, low);
    }
  }

  // Step 4's μ for the second pass.
  double second_mu(const Eigen::VectorXd& x, double median) const {
    return rules_.mean_in_second_pass ? mean(x) : median;
  }

  // Step 5: each actor's move (if any) into `next` and `moves`.
  void settle_all(const Eigen::VectorXd& x, const EuPairs& p, Eigen::VectorXd& next,
                  std::vector<EuMove>& moves) const {
    next = x;
    for (Index i = 0; i < n_; ++i) {
      EuMove move;
      if (choose(x, p, i, move)) {
        next(i) = move.position;
        moves.push_back(move);
      }
    }
  }

 private:
  double votes_for(const Eigen::VectorXd& x, double candidate, double holder) const {
    double votes = 0;
    for (Index k = 0; k < n_; ++k) {
      votes +=
          weight_(k) * (std::abs(x(k) - holder) / range_ - std::abs(x(k) - candidate) / range_);
    }
    return votes;
  }

  // True when an actor before p holds the same position.
  static bool seen_before(const Eigen::VectorXd& x, Index p) {
    for (Index q = 0; q < p; ++q) {
      if (x(q) == x(p)) return true;
    }
    return false;
  }

  static double exponent(double danger, double high, double low) {
    const double spread = high - low;
    const double r_accept = spread > 0 ? (2 * danger - high - low) / spread : 0.0;
    return (1 - r_accept / 3) / (1 + r_accept / 3);
  }

  // x^r; exactly x when r = 1 (pow is exact there too, and slow).
  static double power(double x, double r) { return r == 1.0 ? x : std::pow(x, r); }

  // The probability that i prevails against j under the pair-share and
  // net-share rules (all-pairs: in pairs()).
  double probability(Index i, Index j) const {
    double positive = 0;
    double net = 0;
    double total = 0;
    for (Index k = 0; k < n_; ++k) {
      const double v = loss_(k, j) - loss_(k, i);  // > 0: k prefers x_i
      positive += std::max(0.0, v);
      net += v;
      total += std::abs(v);
    }
    switch (rules_.probability) {
      case Probability::kAllPairs:
        break;
      case Probability::kPairShare:
        return total > 0 ? positive / total : 0.0;
      case Probability::kNetShare:
        return total > 0 ? std::max(0.0, net) / total : 0.0;
    }
    return 0.0;
  }

  // EU of a challenger at x_ch against a target at x_tg with salience s_tg, seen by an
  // actor with risk exponent r; p is the challenger's probability of prevailing.
  // u_success = 2 − 4 (0.5 − 0.5 d)^r, u_failure = 2 − 4 (0.5 + 0.5 d)^r and
  // u_status_quo = 2 − 4 · 0.5^r, with d = |x_ch − x_tg| / range.
  double eu(double r, double p, double x_ch, double x_tg, double s_tg, double mu, double u_success,
            double u_failure, double u_status_quo) const {
    double value = s_tg * (p * u_success + (1 - p) * u_failure) + (1 - s_tg) * u_success -
                   options_.q * u_status_quo;
    if (rules_.status_quo == StatusQuo::kQOnly || options_.q == 1) return value;
    const double e = (std::abs(x_ch - mu) + std::abs(x_ch - x_tg)) / range_;
    const double u_better = 2 - 4 * power(std::max(0.0, 0.5 - 0.25 * e), r);
    const double u_worse = 2 - 4 * power(0.5 + 0.25 * e, r);
    const double change = (1 - options_.q) * (options_.t * u_better + (1 - options_.t) * u_worse);
    return rules_.status_quo == StatusQuo::kMasadSign ? value + change : value - change;
  }

  // The offer actor i takes, per the variant's rule; false when it stays put.
  bool choose(const Eigen::VectorXd& x, const EuPairs& p, Index i, EuMove& best) const {
    if (rules_.offer == OfferRule::kStrongestChallenger) {
      Index from = -1;
      for (Index j = 0; j < n_; ++j) {
        if (j == i || !(p.challenge(j, i) > 0)) continue;
        if (from < 0 || p.challenge(j, i) > p.challenge(from, i) ||
            (p.challenge(j, i) == p.challenge(from, i) &&
             std::abs(x(i) - x(j)) < std::abs(x(i) - x(from)))) {
          from = j;
        }
      }
      if (from < 0) return false;
      return offer(x, i, from, p.challenge(i, from), p.challenge(from, i), best);
    }
    // Scholz's ranking: any confrontation (least move) before any compromise (the
    // smallest EU-weighted point) before any capitulation (least move). Least move:
    // every offer on one footing. Ties go to the earlier partner.
    bool found = false;
    double best_key = 0;
    int best_rank = 0;
    for (Index j = 0; j < n_; ++j) {
      if (x(j) == x(i)) continue;
      EuMove candidate;
      const double a = p.challenge(i, j);
      const double b = p.threat(i, j);
      if (!offer(x, i, j, a, b, candidate)) continue;
      int rank = 0;
      double key = std::abs(x(i) - candidate.position);
      if (rules_.offer == OfferRule::kConfrontationFirst) {
        rank = static_cast<int>(candidate.outcome);
        if (candidate.outcome == EuOutcome::kCompromise) {
          key = (std::abs(a) * x(i) + std::abs(b) * x(j)) / (std::abs(a) + std::abs(b));
        }
      }
      if (!found || rank < best_rank || (rank == best_rank && key < best_key)) {
        found = true;
        best = candidate;
        best_rank = rank;
        best_key = key;
      }
    }
    return found;
  }

  bool offer(const Eigen::VectorXd& x, Index i, Index j, double a, double b, EuMove& move) const {
    EuOutcome outcome = EuOutcome::kConfrontation;
    if (!settle(a, b, rules_.capitulation, outcome)) return false;
    move.actor = static_cast<int>(i);
    move.partner = static_cast<int>(j);
    move.outcome = outcome;
    move.eu_actor = a;
    move.eu_partner = b;
    move.position =
        outcome == EuOutcome::kCompromise ? x(i) + (x(j) - x(i)) * std::abs(a / b) : x(j);
    return true;
  }

  EuOptions options_;
  Rules rules_;
  Index n_ = 0;
  Eigen::VectorXd capability_, salience_, weight_, initial_;
  double range_ = 1;
  Eigen::MatrixXd loss_;  // loss_(k, a) = L_k(x_a)
  // All-pairs probability only: Σ_k |L_k(x_b) − L_k(x_a)| for a < b, loss_
  // transposed, and Σ_k max(0, L_k(x_j) − L_k(x_i)) for one j.
  Eigen::MatrixXd pair_sum_, loss_transposed_;
  Eigen::VectorXd support_;
  // pairs(): the distinct positions, each actor's index among them, and values per position.
  std::vector<double> distinct_, by_position_, by_position_2_;
  std::vector<std::size_t> slot_;
  EuPairs first_pass_;
  Eigen::VectorXd moved_, danger_;
  Eigen::VectorXd ones_;  // the first pass's risk exponents
};

}  // namespace

EuPairs expected_utility_pairs(std::span<const ForecastActor> actors,
                               const Eigen::VectorXd& positions, const Eigen::VectorXd& risk,
                               const EuOptions& options) {
  Model model(actors, options);
  const Index n = model.size();
  require(positions.size() == n && risk.size() == n, [&] {
    return fmt::format("{} positions and {} risk exponents for {} actors", positions.size(),
                       risk.size(), n);
  });
  EuPairs out{Eigen::MatrixXd::Zero(n, n), Eigen::MatrixXd::Zero(n, n),
              Eigen::MatrixXd::Zero(n, n)};
  model.pairs(positions, risk, model.median(positions), out);
  return out;
}

EuResult run_expected_utility(std::span<const ForecastActor> actors, const EuOptions& options) {
  Model model(actors, options);
  const Index n = model.size();
  EuResult result;
  result.rounds.reserve(static_cast<std::size_t>(options.max_rounds) + 1);
  EuRound start;
  start.positions = model.initial();
  start.median = model.median(start.positions);
  start.mean = model.mean(start.positions);
  result.rounds.push_back(std::move(start));

  EuPairs second{Eigen::MatrixXd::Zero(n, n), Eigen::MatrixXd::Zero(n, n),
                 Eigen::MatrixXd::Zero(n, n)};
  for (int round = 1; round <= options.max_rounds; ++round) {
    const EuRound& before = result.rounds.back();
    EuRound now;
    model.risk(before.positions, before.median, now.risk);
    model.pairs(before.positions, now.risk, model.second_mu(before.positions, before.median),
                second);
    model.settle_all(before.positions, second, now.positions, now.moves);
    now.median = model.median(now.positions);
    now.mean = model.mean(now.positions);
    const bool settled = options.tolerance > 0 &&
                         std::abs(now.median - before.median) < options.tolerance &&
                         std::abs(now.mean - before.mean) < options.tolerance;
    result.rounds.push_back(std::move(now));
    if (settled) break;
  }
  result.forecast_median = result.rounds.back().median;
  result.forecast_mean = result.rounds.back().mean;
  return result;
}

}  // namespace parley
