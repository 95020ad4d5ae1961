// Bueno de Mesquita's expected-utility model: the round loop and the choices each
// variant makes. The equations and the reasons for each variant are in
// expected_utility.hpp; this file says only how they are computed.
//
// Layout: `Rules` spells out a variant as independent choices; `Model` holds what is
// fixed for one run (weights, scale width, rules) and scratch matrices sized once, so
// a round allocates nothing beyond the EuRound it appends to the result. A pass
// (steps 2–3) keeps per pair of distinct positions the probabilities, per actor and
// position the utilities U_s and U_f, and evaluates an expected utility when asked:
// a round needs each once, so no n × n matrix of them is stored.
#include "protocol/expected_utility.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace parley {
namespace {

using Eigen::Index;

// evaluate(): the two supports of a pair of positions p, q, taken as differences of
// prefix sums Λ, are off by at most kPrefixRounding·(Λ_p(n) + Λ_q(n)) together (each
// compensated prefix sum is rounded once, then up to three subtractions). Under the
// all-pairs rule that is at most 4ε in P (the denominator is at least 2·Σ_a Λ_a(n)
// over the actors a). Under the pair- and net-share rules P divides by the pair's own
// Σ_k |v_k|, which is tiny for nearly equal positions, so a pair whose bound exceeds
// kShareTolerance of it is summed directly over the voters instead (O(n); for actors
// spread over the scale, a few pairs).
constexpr double kPrefixRounding = 8 * std::numeric_limits<double>::epsilon();
constexpr double kShareTolerance = 1e-10;

// Side of the square tiles in which supports() runs over pairs of positions, so that
// (p, q) and (q, p) of its column-major tables are both in cache.
constexpr std::size_t kTile = 32;

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
    const auto count = static_cast<std::size_t>(n_);
    x_.resize(n_);
    r_.resize(n_);
    order_.resize(count);
    sorted_position_.resize(count);
    sorted_weight_.resize(count);
    sorted_risk_.resize(count);
    distinct_.reserve(count);
    first_.reserve(count + 1);
    slot_.resize(count);
    loss_.resize(n_, n_);
    prefix_.resize(n_ + 1, n_);
    chance_.resize(n_, n_);
    chance_against_.resize(n_, n_);
    u_success_.resize(n_, n_);
    u_failure_.resize(n_, n_);
    u_status_quo_.resize(n_);
    moved_.resize(n_);
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

  // Steps 2–3 for positions x, risk exponents r and median μ: afterwards
  // probability(), challenge() and threat() give P_ij, EU_i(i→j) and EU_i(j→i).
  //
  // Method. Voter k's loss L_k(a) = w_k·(|x_k − x_a|/ρ)^r_k grows with k's distance
  // from x_a, so on one issue k prefers x_i to x_j (v_k(i, j) > 0) exactly when x_k
  // is nearer x_i than x_j: for x_i < x_j the voters below the midpoint, for x_i > x_j
  // those above it. With the actors sorted by position, and for each distinct
  // position a the prefix sums Λ_a(t) = Σ_{u<t} L_(u)(a) over the first t actors in
  // that order, the support of i over j is one difference,
  //   Σ_k max(0, v_k(i, j)) = Λ_j(b) − Λ_i(b)   (x_i < x_j, b = voters nearer x_i),
  // and the mirrored suffix difference when x_i > x_j. The pair share's Σ_k |v_k| is
  // the sum of the two supports, the net share's Σ_k v_k their difference, and the
  // all-pairs denominator Σ_k Σ_a Σ_b |v_k(a, b)| the sum of both supports over all
  // pairs of positions, each weighted by the actors holding them. The risk exponents
  // and the weights stay inside L, so nothing is assumed separable.
  //
  // The boundary b of a pair is found by comparing the same rounded distances the
  // losses are computed from; a voter it sorts to the wrong side is one whose two
  // rounded distances are equal, whose two losses are then equal and contribute 0.
  // For a fixed lower position both boundaries only move up as the upper position
  // moves up, so each row of pairs is one sweep. The prefix sums are compensated
  // (Neumaier), so a support carries the rounding of a few losses, as the plain sum
  // over k does (see kPrefixRounding for when a pair is summed directly instead); the
  // results match the plain O(n³) formulas of the header to rounding
  // (tests/unit/protocol/forecast_models_test.cpp compares them), not bit for bit: a
  // settlement decided by expected utilities at the rounding level (two actors a few
  // ulp apart, where U_s ≈ U_f) can go the other way than with the plain sums.
  //
  // Cost with n actors at m distinct positions: O(n log n) to sort, O(n·m) losses,
  // sweeps and utilities (pow only for exponents ≠ 1), O(m²) probabilities; each
  // expected utility is then O(1), so a pass with all n² of them is O(n²) where the
  // plain sums over k took O(n³).
  void evaluate(const Eigen::VectorXd& x, const Eigen::VectorXd& r, double mu) {
    x_ = x;
    r_ = r;
    mu_ = mu;
    sort_positions();
    const std::size_t m = distinct_.size();
    const double all_pairs = supports(rules_.probability == Probability::kNetShare);
    if (rules_.probability == Probability::kAllPairs) {
      const auto used = static_cast<Index>(m);
      if (all_pairs > 0) {
        chance_.topLeftCorner(used, used) /= all_pairs;
        chance_against_.topLeftCorner(used, used) /= all_pairs;
      } else {
        chance_.topLeftCorner(used, used).setZero();
        chance_against_.topLeftCorner(used, used).setZero();
      }
    }
    // A challenge and the matching threat share d = |x_i − x_j| and so their pow
    // terms, each taken once per distinct position.
    for (Index i = 0; i < n_; ++i) {
      u_status_quo_(i) = 2 - 4 * power(0.5, r(i));
      for (std::size_t p = 0; p < m; ++p) {
        const double d = std::abs(x(i) - distinct_[p]) / range_;
        u_success_(static_cast<Index>(p), i) = 2 - 4 * power(0.5 - 0.5 * d, r(i));
        u_failure_(static_cast<Index>(p), i) = 2 - 4 * power(0.5 + 0.5 * d, r(i));
      }
    }
  }

  // Of the last evaluate(): P_ij, 0 when x_i = x_j.
  double probability(Index i, Index j) const { return chance(chance_, i, j); }

  // Of the last evaluate(): EU_i(i→j), 0 when i = j.
  double challenge(Index i, Index j) const {
    if (i == j) return 0;
    const Index q = slot(j);
    return eu(r_(i), chance(chance_, i, j), x_(i), x_(j), salience_(j), mu_, u_success_(q, i),
              u_failure_(q, i), u_status_quo_(i));
  }

  // Of the last evaluate(): EU_i(j→i), 0 when i = j.
  double threat(Index i, Index j) const {
    if (i == j) return 0;
    const Index q = slot(j);
    return eu(r_(i), chance(chance_against_, i, j), x_(j), x_(i), salience_(i), mu_,
              u_success_(q, i), u_failure_(q, i), u_status_quo_(i));
  }

  // Step 1: the risk exponents for positions x (μ: the median of x), computed with
  // every exponent 1. Leaves the first pass evaluated.
  void risk(const Eigen::VectorXd& x, double mu, Eigen::VectorXd& r) {
    r.resize(n_);
    if (rules_.risk == RiskBasis::kActors) {
      evaluate(x, ones_, mu);
      for (Index i = 0; i < n_; ++i) danger_(i) = danger(i);
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
        evaluate(moved_, ones_, mu);
        const double here = danger(i);
        if (x(p) == x(i)) danger_(i) = here;
        high = first ? here : std::max(high, here);
        low = first ? here : std::min(low, here);
        first = false;
      }
      r(i) = exponent(danger_(i), high, low);
    }
  }

  // Step 4's μ for the second pass.
  double second_mu(const Eigen::VectorXd& x, double median) const {
    return rules_.mean_in_second_pass ? mean(x) : median;
  }

  // Step 5 for the positions of the last evaluate(): each actor's move (if any) into
  // `next` and `moves`.
  void settle_all(Eigen::VectorXd& next, std::vector<EuMove>& moves) const {
    next = x_;
    for (Index i = 0; i < n_; ++i) {
      EuMove move;
      if (choose(i, move)) {
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

  Index slot(Index a) const { return slot_[static_cast<std::size_t>(a)]; }

  // table(slot of j, slot of i): P_ij from chance_, P_ji from chance_against_; 0 when
  // x_i = x_j.
  double chance(const Eigen::MatrixXd& table, Index i, Index j) const {
    const Index p = slot(i);
    const Index q = slot(j);
    return p == q ? 0.0 : table(q, p);
  }

  // Σ_j EU_i(j→i) of the last evaluate(), summed in the order of j.
  double danger(Index i) const {
    double sum = 0;
    for (Index j = 0; j < n_; ++j) sum += threat(i, j);
    return sum;
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

  // The actors of x_ in order of position (ties in actor order) with their positions,
  // weights and exponents; the distinct positions in increasing order, where each
  // starts in that order and each actor's index among them.
  void sort_positions() {
    for (Index a = 0; a < n_; ++a) order_[static_cast<std::size_t>(a)] = a;
    std::sort(order_.begin(), order_.end(),
              [&](Index a, Index b) { return x_(a) < x_(b) || (x_(a) == x_(b) && a < b); });
    distinct_.clear();
    first_.clear();
    for (std::size_t t = 0; t < order_.size(); ++t) {
      const Index a = order_[t];
      sorted_position_[t] = x_(a);
      sorted_weight_[t] = weight_(a);
      sorted_risk_[t] = r_(a);
      if (distinct_.empty() || distinct_.back() != x_(a)) {
        distinct_.push_back(x_(a));
        first_.push_back(t);
      }
      slot_[static_cast<std::size_t>(a)] = static_cast<Index>(distinct_.size()) - 1;
    }
    first_.push_back(order_.size());
  }

  // For the distinct positions p ≠ q: chance_(q, p) = chance_against_(p, q) = P that
  // an actor at x_p prevails against one at x_q under the share rules, or under the
  // all-pairs rule its numerator Σ_k max(0, L_k(x_q) − L_k(x_p)) (see evaluate()).
  // Returns Σ_k Σ_a Σ_b |L_k(x_b) − L_k(x_a)| over all actors a, b. `linear`: every
  // exponent taken as 1.
  double supports(bool linear) {
    const std::size_t m = distinct_.size();
    const std::size_t n = order_.size();
    for (std::size_t p = 0; p < m; ++p) {
      double* loss = loss_.col(static_cast<Index>(p)).data();
      double* prefix = prefix_.col(static_cast<Index>(p)).data();
      for (std::size_t t = 0; t < n; ++t) {
        const double distance = std::abs(sorted_position_[t] - distinct_[p]) / range_;
        loss[t] = sorted_weight_[t] * (linear ? distance : power(distance, sorted_risk_[t]));
      }
      chance_(static_cast<Index>(p), static_cast<Index>(p)) = 0;  // never read
      chance_against_(static_cast<Index>(p), static_cast<Index>(p)) = 0;
      double sum = 0;
      double carry = 0;  // Neumaier's compensation; every loss is ≥ 0
      prefix[0] = 0;
      for (std::size_t t = 0; t < n; ++t) {
        const double next = sum + loss[t];
        carry += sum >= loss[t] ? (sum - next) + loss[t] : (loss[t] - next) + sum;
        sum = next;
        prefix[t + 1] = sum + carry;
      }
    }
    const bool shares = rules_.probability != Probability::kAllPairs;
    const double* position = sorted_position_.data();
    double all_pairs = 0;
    // Pairs p < q in tiles of kTile × kTile; each p's boundaries carry over from one
    // tile to the next.
    std::array<std::size_t, kTile> nearer_p;  // voters [0, nearer_p) are no nearer x_q than x_p
    std::array<std::size_t, kTile> nearer_q;  // voters [nearer_q, n) are no nearer x_p than x_q
    for (std::size_t p0 = 0; p0 < m; p0 += kTile) {
      const std::size_t p1 = std::min(m, p0 + kTile);
      for (std::size_t p = p0; p < p1; ++p) nearer_p[p - p0] = nearer_q[p - p0] = first_[p];
      for (std::size_t q0 = p0; q0 < m; q0 += kTile) {
        const std::size_t q1 = std::min(m, q0 + kTile);
        for (std::size_t p = p0; p < p1; ++p) {
          const double x_p = distinct_[p];
          const double* prefix_p = prefix_.col(static_cast<Index>(p)).data();
          std::size_t& below = nearer_p[p - p0];
          std::size_t& above = nearer_q[p - p0];
          for (std::size_t q = std::max(q0, p + 1); q < q1; ++q) {
            const double x_q = distinct_[q];
            while (below < n && x_q - position[below] > position[below] - x_p) ++below;
            while (above < n && !(position[above] - x_p > x_q - position[above])) ++above;
            const double* prefix_q = prefix_.col(static_cast<Index>(q)).data();
            double for_p = prefix_q[below] - prefix_p[below];
            double for_q = (prefix_p[n] - prefix_p[above]) - (prefix_q[n] - prefix_q[above]);
            if (shares &&
                kPrefixRounding * (prefix_p[n] + prefix_q[n]) > kShareTolerance * (for_p + for_q)) {
              supports_directly(p, q, for_p, for_q);
            }
            for_p = std::max(0.0, for_p);  // rounding can leave a true 0 a little below it
            for_q = std::max(0.0, for_q);
            const auto holders =
                static_cast<double>((first_[p + 1] - first_[p]) * (first_[q + 1] - first_[q]));
            all_pairs += holders * (for_p + for_q);
            const double p_wins = shares ? share(for_p, for_q) : for_p;
            const double q_wins = shares ? share(for_q, for_p) : for_q;
            const auto lo = static_cast<Index>(p);
            const auto hi = static_cast<Index>(q);
            chance_(hi, lo) = chance_against_(lo, hi) = p_wins;
            chance_(lo, hi) = chance_against_(hi, lo) = q_wins;
          }
        }
      }
    }
    return 2 * all_pairs;  // ordered pairs (a, b) and (b, a)
  }

  // The two supports of distinct positions p and q as the plain sums over the voters,
  // for a pair whose prefix differences would cancel too much (see kShareTolerance).
  void supports_directly(std::size_t p, std::size_t q, double& for_p, double& for_q) const {
    const double* at_p = loss_.col(static_cast<Index>(p)).data();
    const double* at_q = loss_.col(static_cast<Index>(q)).data();
    for_p = 0;
    for_q = 0;
    for (Index t = 0; t < n_; ++t) {
      const double v = at_q[t] - at_p[t];  // > 0: the voter prefers x_p
      for_p += std::max(0.0, v);
      for_q += std::max(0.0, -v);
    }
  }

  // P under the pair-share or net-share rule for the side with support `positive`
  // against the side with support `negative`.
  double share(double positive, double negative) const {
    const double total = positive + negative;
    if (!(total > 0)) return 0.0;
    return rules_.probability == Probability::kNetShare ? std::max(0.0, positive - negative) / total
                                                        : positive / total;
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
  bool choose(Index i, EuMove& best) const {
    const Eigen::VectorXd& x = x_;
    if (rules_.offer == OfferRule::kStrongestChallenger) {
      Index from = -1;
      double strongest = 0;
      for (Index j = 0; j < n_; ++j) {
        if (j == i) continue;
        const double eu_j = challenge(j, i);
        if (!(eu_j > 0)) continue;
        if (from < 0 || eu_j > strongest ||
            (eu_j == strongest && std::abs(x(i) - x(j)) < std::abs(x(i) - x(from)))) {
          from = j;
          strongest = eu_j;
        }
      }
      if (from < 0) return false;
      return offer(x, i, from, challenge(i, from), strongest, best);
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
      const double a = challenge(i, j);
      const double b = threat(i, j);
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
  // The last evaluate()'s positions, risk exponents and μ.
  Eigen::VectorXd x_, r_;
  double mu_ = 0;
  // The actors in order of position and their positions, weights and exponents in
  // that order; the distinct positions, the index in that order where each starts
  // (and n), each actor's index among them.
  std::vector<Index> order_;
  std::vector<double> sorted_position_, sorted_weight_, sorted_risk_;
  std::vector<double> distinct_;
  std::vector<std::size_t> first_;
  std::vector<Index> slot_;
  // loss_(t, p) = L_(t)(x_p) for the actor t-th in order of position; prefix_(t, p) =
  // Σ_{u<t} L_(u)(x_p) (n + 1 rows); chance_ and chance_against_ as supports() fills
  // them (P of the column's position against the row's, and its transpose, so that
  // one actor's P_ij and P_ji are both read down a column). Sized for n distinct
  // positions, of which the first m are used.
  Eigen::MatrixXd loss_, prefix_, chance_, chance_against_;
  // u_success_(p, i) = U_s and u_failure_(p, i) = U_f as actor i sees a challenge
  // between x_i and distinct position p; u_status_quo_(i) = U_sq.
  Eigen::MatrixXd u_success_, u_failure_;
  Eigen::VectorXd u_status_quo_;
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
  model.evaluate(positions, risk, model.median(positions));
  EuPairs out{Eigen::MatrixXd(n, n), Eigen::MatrixXd(n, n), Eigen::MatrixXd(n, n)};
  for (Index j = 0; j < n; ++j) {
    for (Index i = 0; i < n; ++i) {
      out.probability(i, j) = model.probability(i, j);
      out.challenge(i, j) = model.challenge(i, j);
      out.threat(i, j) = model.threat(i, j);
    }
  }
  return out;
}

EuResult run_expected_utility(std::span<const ForecastActor> actors, const EuOptions& options) {
  Model model(actors, options);
  EuResult result;
  result.rounds.reserve(static_cast<std::size_t>(options.max_rounds) + 1);
  EuRound start;
  start.positions = model.initial();
  start.median = model.median(start.positions);
  start.mean = model.mean(start.positions);
  result.rounds.push_back(std::move(start));

  for (int round = 1; round <= options.max_rounds; ++round) {
    const EuRound& before = result.rounds.back();
    EuRound now;
    model.risk(before.positions, before.median, now.risk);
    model.evaluate(before.positions, now.risk, model.second_mu(before.positions, before.median));
    model.settle_all(now.positions, now.moves);
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
