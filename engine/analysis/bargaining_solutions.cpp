#include "analysis/bargaining_solutions.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "core/eigen_resize.hpp"
#include "core/errors.hpp"

namespace parley {
namespace {

constexpr double kInfeasible = -std::numeric_limits<double>::infinity();
constexpr double kInitialStep = 0x1p-2;   // first step, as a share of each issue's span
constexpr double kCoarseStep = 0x1p-6;    // every start of a multistart search goes this far
constexpr double kFinalStep = 0x1p-30;    // ≈ 9.3e-10 of the span: the last step tried
constexpr double kShrink = 0.25;          // step factor after a coordinate's probes fail
constexpr int kMaxExtrapolation = 40;     // pattern moves per sweep (each doubles)
constexpr int kSamples = 16;              // Halton points probed for feasible regions
constexpr std::size_t kSampleStarts = 4;  // of which the best feasible are searched
constexpr long kMaxTrials = 20000;        // per search (a slow slide along a red line)…
constexpr long kMaxTotalTrials = 100000;  // …and per call: bounds the worst case (~10 ms)
constexpr int kMaxNewtonSteps = 3;        // Newton steps after each sweep
constexpr int kNewtonHalvings = 8;        // halvings of a Newton step that does not pay
constexpr double kNewtonDamping = 1e-12;  // μ relative to the largest curvature
constexpr double kNewtonProbe = 4.0;      // probe steps after a full Newton step, × its length
constexpr int kMaxReweightings = 30;      // weighted Nash problems per max-min
constexpr double kWarmStart = 8.0;        // later rounds: first step × distance to the last point
constexpr double kWarmStartMin = 0x1p-24;
constexpr double kBracket = 1e-10;     // width of the max-min's bracket that ends it
constexpr double kSlackSteps = 16.0;   // a coarser bracket: last step = bracket / this
constexpr double kMaxMinMargin = 1.0;  // disagreement this far below the start's worst gain
constexpr double kConsistency = 1e-9;  // utilities of `parameters` vs the utility model

void validate(const BargainingProblem& problem, bool nash) {
  PARLEY_CHECK(
      problem.utility != nullptr && problem.parameters != nullptr && problem.status_quo != nullptr,
      "bargaining problem without a utility model, parameters or status quo");
  const Eigen::Index n = problem.utility->actor_count();
  const Eigen::Index d = problem.utility->issue_count();
  const ModelParameters& parameters = *problem.parameters;
  PARLEY_CHECK(
      parameters.ideal.rows() == n && parameters.ideal.cols() == d && parameters.risk.size() == n,
      "parameters for {} actors and {} issues, a utility model for {} and {}",
      parameters.ideal.rows(), parameters.ideal.cols(), n, d);
  PARLEY_CHECK(
      static_cast<Eigen::Index>(problem.issues.size()) == d && problem.status_quo->size() == d,
      "{} issues and a status quo of {} values for a utility model of {} issues",
      problem.issues.size(), problem.status_quo->size(), d);
  PARLEY_CHECK(static_cast<Eigen::Index>(problem.actors.size()) == n,
               "{} actors for a utility model of {} actors", problem.actors.size(), n);
  PARLEY_CHECK(!problem.participants.empty(), "bargaining problem without participants");
  PARLEY_CHECK(problem.offset.size() == 0 ||
                   problem.offset.size() == static_cast<Eigen::Index>(problem.participants.size()),
               "{} offsets for {} participants", problem.offset.size(),
               problem.participants.size());
  PARLEY_CHECK(problem.offset.allFinite(), "utility offsets must be finite");
  for (int i : problem.participants)
    PARLEY_CHECK(i >= 0 && i < n, "participant {} of {} actors", i, n);
  for (int k : problem.issues_on_table)
    PARLEY_CHECK(k >= 0 && k < d, "issue {} of {} on the table", k, d);
  if (!nash) return;
  const Eigen::Index p = static_cast<Eigen::Index>(problem.participants.size());
  PARLEY_CHECK(problem.disagreement.size() == p && problem.bargaining_power.size() == p,
               "{} disagreement utilities and {} bargaining powers for {} participants",
               problem.disagreement.size(), problem.bargaining_power.size(), p);
  PARLEY_CHECK(problem.disagreement.allFinite(), "disagreement utilities must be finite");
  PARLEY_CHECK(
      problem.bargaining_power.allFinite() && (problem.bargaining_power.array() > 0.0).all(),
      "bargaining powers must be positive and finite");
}

// The search (see the header) over the issues on the table for the objective
//   Σ_k w_k log(u_k(x) − d_k)   over the participants k,
// −∞ outside the bargaining set or across a participant's red line. It keeps each
// participant's loss on each issue on the table, so a one-issue move costs one term
// per participant. The weights and disagreement point can be changed between runs
// (the max-min solves a sequence of weighted problems).
class NashSearch {
 public:
  explicit NashSearch(const BargainingProblem& problem)
      : problem_(problem), count_(static_cast<Eigen::Index>(problem.participants.size())) {
    const ModelParameters& parameters = *problem.parameters;
    const Eigen::ArrayXXd& salience = problem.utility->normalised_salience();
    const Eigen::ArrayXd& inverse_span = problem.utility->inverse_spans();
    for (int d : problem.issues_on_table) {
      const Issue& issue = problem.issues[static_cast<std::size_t>(d)];
      table_.push_back(
          Coordinate{d, issue.min, issue.max, issue.span(), inverse_span(d), issue.is_discrete()});
    }
    const Eigen::Index t = static_cast<Eigen::Index>(table_.size());
    ideal_.resize(count_, t);
    weight_.resize(count_, t);
    valued_.assign(static_cast<std::size_t>(count_ * t), nullptr);
    valued_issue_.assign(static_cast<std::size_t>(t), 0);
    risk_.resize(count_);
    constant_.resize(count_);
    for (Eigen::Index k = 0; k < count_; ++k) {
      const int i = participant(k);
      risk_(k) = parameters.risk(i);
      for (const RedLine& line : problem.actors[static_cast<std::size_t>(i)].red_lines) {
        red_lines_ = true;
        add_pairs(line);
        add_to_columns(line);
      }
      for (Eigen::Index c = 0; c < t; ++c) {
        ideal_(k, c) = parameters.ideal(i, table_[static_cast<std::size_t>(c)].issue);
        weight_(k, c) = salience(i, table_[static_cast<std::size_t>(c)].issue);
        for (const OptionValuation& valuation : problem.utility->valuations()) {
          if (valuation.actor != i || valuation.issue != table_[static_cast<std::size_t>(c)].issue)
            continue;
          valued_[static_cast<std::size_t>(k * t + c)] = &valuation;
          valued_issue_[static_cast<std::size_t>(c)] = 1;
        }
      }
      // 1 − the losses on the issues off the table, which stay at the status quo.
      double off_table = 0.0;
      for (Eigen::Index d = 0; d < problem.status_quo->size(); ++d) {
        if (std::find(problem.issues_on_table.begin(), problem.issues_on_table.end(), d) !=
            problem.issues_on_table.end())
          continue;
        const OptionValuation* valued = nullptr;
        for (const OptionValuation& valuation : problem.utility->valuations())
          if (valuation.actor == i && valuation.issue == d) valued = &valuation;
        off_table +=
            valued != nullptr
                ? salience(i, d) * valued->loss((*problem.status_quo)(d), risk_(k))
                : loss(salience(i, d),
                       std::abs((*problem.status_quo)(d)-parameters.ideal(i, d)) * inverse_span(d),
                       risk_(k));
      }
      // The offset is a constant like the losses off the table.
      constant_(k) = 1.0 - off_table + offset(k);
    }
    weights_ = Eigen::VectorXd::Constant(count_, 1.0 / static_cast<double>(count_));
    disagreement_ = Eigen::VectorXd::Zero(count_);
    steps_.resize(t);
    base_.resize(t);
    direction_.resize(t);
    trial_utility_.resize(count_);
    trial_term_.resize(count_);
    second_term_.resize(count_);
    move_to(*problem.status_quo);
    for (Eigen::Index k = 0; k < count_; ++k) {
      const double expected = problem.utility->evaluate(participant(k), outcome_);
      PARLEY_CHECK(std::abs(utility_(k) - offset(k) - expected) <= kConsistency,
                   "participant {}: utility {} from the parameters, {} from the utility model",
                   participant(k), utility_(k) - offset(k), expected);
    }
  }

  void set_objective(const Eigen::VectorXd& disagreement, const Eigen::VectorXd& weights) {
    disagreement_ = disagreement;
    weights_ = weights;
    lines_hold_ = red_lines_hold(outcome_);
    value_ = lines_hold_ ? objective(utility_) : kInfeasible;
  }

  // Moves to `outcome` with the issues on the table clamped to their ranges (discrete
  // issues rounded to an option) and the others at the status quo; returns its value.
  double move_to(const Eigen::VectorXd& outcome) {
    const Eigen::Index t = static_cast<Eigen::Index>(table_.size());
    // Only the losses on issues that change are computed again.
    const bool known = term_.rows() == count_ && term_.cols() == t;
    if (!known) {
      outcome_ = *problem_.status_quo;
      term_.resize(count_, t);
    }
    for (Eigen::Index c = 0; c < t; ++c) {
      const Coordinate& coordinate = table_[static_cast<std::size_t>(c)];
      const double v = coordinate.snap(outcome(coordinate.issue));
      if (known && v == outcome_(coordinate.issue)) continue;
      outcome_(coordinate.issue) = v;
      for (Eigen::Index k = 0; k < count_; ++k) term_(k, c) = term(k, c, v);
    }
    utility_.resize(count_);
    for (Eigen::Index k = 0; k < count_; ++k) utility_(k) = constant_(k) - loss_sum(k, -1, 0.0);
    lines_hold_ = red_lines_hold(outcome_);
    value_ = lines_hold_ ? objective(utility_) : kInfeasible;
    return value_;
  }

  Eigen::VectorXd project(const Eigen::VectorXd& point) const {
    Eigen::VectorXd x = *problem_.status_quo;
    for (const Coordinate& c : table_) x(c.issue) = c.snap(point(c.issue));
    return x;
  }

  bool red_lines_hold(const Eigen::VectorXd& x) const {
    if (!red_lines_) return true;
    for (int i : problem_.participants)
      if (!problem_.actors[static_cast<std::size_t>(i)].accepts_red_lines(x)) return false;
    return true;
  }

  // Starting points without duplicates: `first` (if given), the status quo, the centre
  // of the ranges, each participant's ideal and the power-weighted mean of the ideals.
  std::vector<Eigen::VectorXd> starting_points(const Eigen::VectorXd* first,
                                               const Eigen::VectorXd& power) const {
    std::vector<Eigen::VectorXd> points;
    const auto add = [&](const Eigen::VectorXd& point) {
      Eigen::VectorXd x = project(point);
      for (const Eigen::VectorXd& seen : points)
        if (seen == x) return;
      points.push_back(std::move(x));
    };
    if (first != nullptr) add(*first);
    add(*problem_.status_quo);
    Eigen::VectorXd centre = *problem_.status_quo;
    for (const Coordinate& c : table_) centre(c.issue) = 0.5 * (c.min + c.max);
    add(centre);
    const Eigen::MatrixXd& ideal = problem_.parameters->ideal;
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(ideal.cols());
    for (Eigen::Index k = 0; k < count_; ++k) {
      add(ideal.row(participant(k)).transpose());
      mean += power(k) * ideal.row(participant(k)).transpose();
    }
    add(mean / power.sum());
    return points;
  }

  // kSamples points of the Halton sequence over the ranges of the issues on the table
  // (bases 2, 3, 5, …; discrete issues rounded): deterministic probes for feasible
  // regions that the structured starting points miss (red lines with `->` can split
  // the feasible set).
  std::vector<Eigen::VectorXd> samples() const {
    std::vector<int> bases;
    for (int candidate = 2; bases.size() < table_.size(); ++candidate) {
      bool prime = true;
      for (int b : bases) prime = prime && candidate % b != 0;
      if (prime) bases.push_back(candidate);
    }
    std::vector<Eigen::VectorXd> points;
    for (int i = 1; i <= kSamples; ++i) {
      Eigen::VectorXd x = *problem_.status_quo;
      for (std::size_t c = 0; c < table_.size(); ++c) {
        double fraction = 0.0;
        double unit = 1.0;
        for (int rest = i; rest > 0; rest /= bases[c]) {
          unit /= bases[c];
          fraction += unit * (rest % bases[c]);
        }
        x(table_[c].issue) = table_[c].snap(table_[c].min + fraction * table_[c].span);
      }
      points.push_back(std::move(x));
    }
    return points;
  }

  // On continuous issues with every ρ ≥ 1 and no red lines the objective is concave:
  // one start suffices.
  bool concave() const {
    if (red_lines_ || (risk_ < 1.0).any()) return false;
    return std::none_of(table_.begin(), table_.end(),
                        [](const Coordinate& c) { return c.discrete; });
  }

  // Pattern search from the current point: coordinate probes ±h·span (±1 option on a
  // discrete issue) with a step h per issue from `first` down to `last`, refined by
  // the vertex of the parabola through the probes and by the kinks (ideal points)
  // between them; after each improving sweep, moves along the sweep's displacement,
  // doubling while they pay; when a red line blocks and nothing else helps, moves
  // along pairs of issues. After every sweep a Newton step on the issues that sit at
  // no kink, bound or option (the objective is smooth there) converges on curved,
  // ill-conditioned ridges where coordinate moves zigzag. Returns the final value.
  double run(double first, double last) {
    const long budget = std::min(trials_ + kMaxTrials, kMaxTotalTrials);
    const Eigen::Index t = static_cast<Eigen::Index>(table_.size());
    if (t == 0 || value_ == kInfeasible) return value_;
    steps_.setConstant(first);
    blocked_.assign(table_.size(), false);
    while (trials_ < budget) {
      for (Eigen::Index c = 0; c < t; ++c) base_(c) = at(c);
      const double before = value_;
      red_line_hit_ = false;
      for (Eigen::Index c = 0; c < t; ++c) probe(c, first, last);
      bool improved = value_ > before;
      if (!improved && red_line_hit_) {
        improved = pair_moves(first);
        for (std::size_t c = 0; c < blocked_.size() && !improved; ++c) {
          const Eigen::Index i = static_cast<Eigen::Index>(c);
          if (blocked_[c]) steps_(i) = std::max(steps_(i) * kShrink, last);
        }
      }
      if (improved) extrapolate(first);
      for (int j = 0; j < kMaxNewtonSteps && newton_step(last); ++j) {
      }
      if (!improved && (steps_ <= last).all()) break;
    }
    return value_;
  }

  double value() const { return value_; }
  bool exhausted() const { return trials_ >= kMaxTotalTrials; }
  const Eigen::VectorXd& outcome() const { return outcome_; }
  const Eigen::VectorXd& utilities() const { return utility_; }
  Eigen::Index count() const { return count_; }
  int participant(Eigen::Index k) const {
    return problem_.participants[static_cast<std::size_t>(k)];
  }
  // Participant k's utility offset (BargainingProblem::offset; 0 without one).
  double offset(Eigen::Index k) const {
    return problem_.offset.size() == 0 ? 0.0 : problem_.offset(k);
  }
  // Participant k's utility of `x` by the utility model, with its offset.
  double evaluate(Eigen::Index k, const Eigen::VectorXd& x) const {
    return problem_.utility->evaluate(participant(k), x) + offset(k);
  }
  // The largest change of an issue on the table, as a share of its span, from `from`.
  double displacement(const Eigen::VectorXd& from) const {
    double largest = 0.0;
    for (const Coordinate& c : table_)
      largest = std::max(largest, std::abs(outcome_(c.issue) - from(c.issue)) / c.span);
    return largest;
  }

 private:
  struct Coordinate {
    int issue;
    double min;
    double max;
    double span;
    double inverse_span;
    bool discrete;

    double snap(double value) const {
      value = std::clamp(value, min, max);
      return discrete ? std::round(value) : value;
    }
  };

  static double loss(double weight, double distance, double risk) {
    if (weight == 0.0) return 0.0;
    if (risk == 1.0) return weight * distance;
    if (risk == 2.0) return weight * distance * distance;  // pow's result, faster
    return weight * std::pow(distance, risk);
  }

  // Participant k's loss on table issue c at value v: ŝ (|v − a| / span)^ρ.
  // On an issue whose options participant k values: ŝ (1 − v_k(option))^ρ.
  double term(Eigen::Index k, Eigen::Index c, double v) const {
    const Coordinate& coordinate = table_[static_cast<std::size_t>(c)];
    const OptionValuation* valued =
        valued_[static_cast<std::size_t>(k * static_cast<Eigen::Index>(table_.size()) + c)];
    if (valued != nullptr) return weight_(k, c) * valued->loss(v, risk_(k));
    return loss(weight_(k, c), std::abs(v - ideal_(k, c)) * coordinate.inverse_span, risk_(k));
  }

  // Σ_c term_(k, c) with column c1 (c2) replaced by l1 (l2), summed in issue order: the
  // utility of a point is the same bits however the search reached it (so the value
  // cannot creep up by rounding while the search cycles).
  double loss_sum(Eigen::Index k, Eigen::Index c1, double l1, Eigen::Index c2 = -1,
                  double l2 = 0.0) const {
    double total = 0.0;
    for (Eigen::Index c = 0; c < term_.cols(); ++c)
      total += c == c1 ? l1 : (c == c2 ? l2 : term_(k, c));
    return total;
  }

  double at(Eigen::Index c) const { return outcome_(table_[static_cast<std::size_t>(c)].issue); }

  double objective(const Eigen::VectorXd& utility) const {
    double total = 0.0;
    for (Eigen::Index k = 0; k < count_; ++k) {
      const double gain = utility(k) - disagreement_(k);
      if (!(gain > 0.0)) return kInfeasible;
      total += weights_(k) * std::log(gain);
    }
    return total;
  }

  // The value with table issue c at v (and, if c2 ≥ 0, issue c2 at v2); the new terms
  // are left in trial_term_ / second_term_ and the utilities in trial_utility_.
  double trial(Eigen::Index c, double v, Eigen::Index c2 = -1, double v2 = 0.0) {
    ++trials_;
    last_blocked_ = false;
    for (Eigen::Index k = 0; k < count_; ++k) {
      trial_term_(k) = term(k, c, v);
      if (c2 >= 0) second_term_(k) = term(k, c2, v2);
      trial_utility_(k) = constant_(k) - loss_sum(k, c, trial_term_(k), c2, second_term_(k));
    }
    const double result = objective(trial_utility_);
    if (result == kInfeasible || !red_lines_) return result;
    const int d = table_[static_cast<std::size_t>(c)].issue;
    const int d2 = c2 >= 0 ? table_[static_cast<std::size_t>(c2)].issue : d;
    const double old = outcome_(d);
    const double old2 = outcome_(d2);
    outcome_(d) = v;
    if (c2 >= 0) outcome_(d2) = v2;
    // Where every red line holds now, only those that read the moved issues can break.
    const bool holds = lines_hold_ ? column_lines_hold(c) && (c2 < 0 || column_lines_hold(c2))
                                   : red_lines_hold(outcome_);
    outcome_(d2) = old2;
    outcome_(d) = old;
    if (holds) return result;
    red_line_hit_ = true;
    last_blocked_ = true;
    return kInfeasible;
  }

  void accept(Eigen::Index c, double v, double result, Eigen::Index c2 = -1, double v2 = 0.0) {
    term_.col(c) = trial_term_;
    outcome_(table_[static_cast<std::size_t>(c)].issue) = v;
    if (c2 >= 0) {
      term_.col(c2) = second_term_;
      outcome_(table_[static_cast<std::size_t>(c2)].issue) = v2;
    }
    utility_ = trial_utility_;
    value_ = result;
    // A feasible trial kept every red line.
    lines_hold_ = result != kInfeasible || red_lines_hold(outcome_);
  }

  // Probes of issue c: ±step; if neither helps, the parabola's vertex and the nearest
  // kink on each side within the step; then the step shrinks (to no less than `last`).
  void probe(Eigen::Index c, double first, double last) {
    const Coordinate& coordinate = table_[static_cast<std::size_t>(c)];
    const double x = at(c);
    if (valued_issue_[static_cast<std::size_t>(c)]) {
      // Options someone values have no order to step along: try every one. The
      // issue's step is only a convergence flag here: `last` once nothing helps.
      blocked_[static_cast<std::size_t>(c)] = false;
      double best = value_;
      double best_at = x;
      for (double option = coordinate.min; option <= coordinate.max; option += 1.0) {
        if (option == x) continue;
        const double result = trial(c, option);
        if (result > best) {
          best = result;
          best_at = option;
        }
      }
      if (best > value_) {
        trial(c, best_at);
        accept(c, best_at, best);
        steps_(c) = first;
      } else {
        steps_(c) = last;
      }
      return;
    }
    const double h = coordinate.discrete ? 1.0 : steps_(c) * coordinate.span;
    const double up = std::min(x + h, coordinate.max);
    const double down = std::max(x - h, coordinate.min);
    double f_up = kInfeasible;
    double f_down = kInfeasible;
    blocked_[static_cast<std::size_t>(c)] = false;
    if (up != x) {
      f_up = trial(c, up);
      if (last_blocked_) blocked_[static_cast<std::size_t>(c)] = true;
      if (f_up > value_) {
        accept(c, up, f_up);
        steps_(c) = std::min(2.0 * steps_(c), first);
        return;
      }
    }
    if (down != x) {
      f_down = trial(c, down);
      if (last_blocked_) blocked_[static_cast<std::size_t>(c)] = true;
      if (f_down > value_) {
        accept(c, down, f_down);
        steps_(c) = std::min(2.0 * steps_(c), first);
        return;
      }
    }
    // A step a red line stopped shrinks only if sliding along the red line fails too.
    if (!blocked_[static_cast<std::size_t>(c)]) steps_(c) = std::max(steps_(c) * kShrink, last);
    if (coordinate.discrete) return;
    double best = value_;
    double best_at = x;
    const auto consider = [&](double v) {
      if (v == x || v <= down || v >= up) return;
      const double result = trial(c, v);
      if (result > best) {
        best = result;
        best_at = v;
      }
    };
    const double curvature = f_up - 2.0 * value_ + f_down;
    if (up - x == x - down && std::isfinite(curvature) && curvature < 0.0)
      consider(x + 0.5 * h * (f_down - f_up) / curvature);
    double below = down;
    double above = up;
    for (Eigen::Index k = 0; k < count_; ++k) {
      if (weight_(k, c) == 0.0) continue;
      const double a = ideal_(k, c);
      if (a < x && a > below) below = a;
      if (a > x && a < above) above = a;
    }
    consider(below);
    consider(above);
    if (best > value_) {
      trial(c, best_at);
      accept(c, best_at, best);
    }
  }

  // Moves to `candidate` (issues on the table already snapped) if that raises the
  // value (or, with `level`, keeps it); otherwise stays.
  bool try_point(const Eigen::VectorXd& candidate, bool level = false) {
    if (candidate == outcome_) return false;
    saved_outcome_ = outcome_;
    saved_term_ = term_;
    saved_utility_ = utility_;
    const double before = value_;
    const bool held = lines_hold_;
    ++trials_;
    const double after = move_to(candidate);
    if (after > before || (level && after == before)) return true;
    outcome_.swap(saved_outcome_);
    term_.swap(saved_term_);
    utility_.swap(saved_utility_);
    value_ = before;
    lines_hold_ = held;
    return false;
  }

  // After an improving sweep from base_ to x: try x + d, then x + 2d, x + 4d, … along
  // d = x − base_ while that pays. A long run of moves also widens the probe steps
  // to the distance covered (so a slide along a red line does not stay small).
  void extrapolate(double first) {
    const Eigen::Index t = static_cast<Eigen::Index>(table_.size());
    for (Eigen::Index c = 0; c < t; ++c) direction_(c) = at(c) - base_(c);
    candidate_ = outcome_;
    int moves = 0;
    while (moves < kMaxExtrapolation) {
      for (Eigen::Index c = 0; c < t; ++c) {
        const Coordinate& coordinate = table_[static_cast<std::size_t>(c)];
        candidate_(coordinate.issue) = coordinate.snap(at(c) + direction_(c));
      }
      if (!try_point(candidate_)) break;
      ++moves;
      direction_ *= 2.0;
    }
    if (moves < 2) return;
    for (Eigen::Index c = 0; c < t; ++c) {
      const Coordinate& coordinate = table_[static_cast<std::size_t>(c)];
      const double covered = std::abs(at(c) - base_(c)) / coordinate.span;
      steps_(c) = std::max(steps_(c), std::min(covered, first));
    }
  }

  // Files `line` under each issue on the table it reads.
  void add_to_columns(const RedLine& line) {
    lines_by_column_.resize(table_.size());
    for (int d : line.issues()) {
      for (std::size_t c = 0; c < table_.size(); ++c)
        if (table_[c].issue == d) lines_by_column_[c].push_back(&line);
    }
  }

  // Whether the red lines that read table issue c hold at outcome_.
  bool column_lines_hold(Eigen::Index c) const {
    for (const RedLine* line : lines_by_column_[static_cast<std::size_t>(c)])
      if (!line->holds(outcome_)) return false;
    return true;
  }

  // The pairs of issues on the table that one red line reads together.
  void add_pairs(const RedLine& line) {
    std::vector<Eigen::Index> on_table;
    for (int d : line.issues()) {
      for (std::size_t c = 0; c < table_.size(); ++c)
        if (table_[c].issue == d) on_table.push_back(static_cast<Eigen::Index>(c));
    }
    for (std::size_t a = 0; a < on_table.size(); ++a) {
      for (std::size_t b = a + 1; b < on_table.size(); ++b) {
        const std::pair<Eigen::Index, Eigen::Index> pair{on_table[a], on_table[b]};
        if (std::find(pairs_.begin(), pairs_.end(), pair) == pairs_.end()) pairs_.push_back(pair);
      }
    }
  }

  // Moves along pairs of issues that a red line reads together (±h, ±h): lets the
  // search slide along a red line that cuts the issues diagonally. Takes the first
  // move that helps and doubles both steps (the extrapolation that follows, and the
  // wider steps, make the slide long).
  bool pair_moves(double first) {
    for (const auto& [a, b] : pairs_) {
      const Coordinate& ca = table_[static_cast<std::size_t>(a)];
      const Coordinate& cb = table_[static_cast<std::size_t>(b)];
      const double ha = ca.discrete ? 1.0 : steps_(a) * ca.span;
      const double hb = cb.discrete ? 1.0 : steps_(b) * cb.span;
      for (const double sa : {1.0, -1.0}) {
        for (const double sb : {1.0, -1.0}) {
          const double va = ca.snap(at(a) + sa * ha);
          const double vb = cb.snap(at(b) + sb * hb);
          if (va == at(a) || vb == at(b)) continue;
          const double result = trial(a, va, b, vb);
          if (result > value_) {
            accept(a, va, result, b, vb);
            steps_(a) = std::min(2.0 * steps_(a), first);
            steps_(b) = std::min(2.0 * steps_(b), first);
            return true;
          }
        }
      }
    }
    return false;
  }

  // Whether issue c is free for a Newton step: continuous, strictly inside its range,
  // not stopped by a red line in the last sweep and at no participant's ideal point (a
  // kink for ρ ≤ 1, unbounded curvature for 1 < ρ < 2).
  bool free(Eigen::Index c) const {
    const Coordinate& coordinate = table_[static_cast<std::size_t>(c)];
    const double x = at(c);
    if (coordinate.discrete || x <= coordinate.min || x >= coordinate.max) return false;
    if (blocked_[static_cast<std::size_t>(c)]) return false;
    for (Eigen::Index k = 0; k < count_; ++k)
      if (weight_(k, c) != 0.0 && x == ideal_(k, c)) return false;
    return true;
  }

  // One damped Newton step on the free issues, from the exact gradient and Hessian of
  // Σ_k w_k log g_k (g_k = u_k − d_k), using ∂L/∂x = ρ L / t and ∂²L/∂x² = ρ(ρ − 1) L / t²
  // for a loss L = ŝ (|t| / span)^ρ, t = x − a. The step stops at the first kink or
  // bound it would cross (the model is smooth only up to there) and is halved until
  // it pays. When a full step is taken, the probe steps of the free issues shrink to
  // a few times its length. Returns whether it moved (the value never falls).
  bool newton_step(double last) {
    if (value_ == kInfeasible) return false;
    free_.clear();
    const Eigen::Index t = static_cast<Eigen::Index>(table_.size());
    for (Eigen::Index c = 0; c < t; ++c)
      if (free(c)) free_.push_back(c);
    const Eigen::Index m = static_cast<Eigen::Index>(free_.size());
    if (m == 0) return false;
    // The number of free issues changes between calls: the scratch objects are
    // resized through empty ones, which an allocation failure leaves valid
    // (core/eigen_resize.hpp), and the decomposition is made anew for its size
    // (emplace destroys the old one first; a failed allocation leaves none).
    resize_through_empty(gradient_, m);
    resize_through_empty(hessian_, m, m);
    resize_through_empty(slope_, m);
    resize_through_empty(regularised_, m, m);
    resize_through_empty(step_, m);
    if (!llt_ || llt_->rows() != m) llt_.emplace(m);
    gradient_.setZero();
    hessian_.setZero();
    for (Eigen::Index k = 0; k < count_; ++k) {
      const double gain = utility_(k) - disagreement_(k);
      const double share = weights_(k) / gain;
      for (Eigen::Index j = 0; j < m; ++j) {
        const Eigen::Index c = free_[static_cast<std::size_t>(j)];
        slope_(j) = 0.0;
        if (weight_(k, c) == 0.0) continue;
        const double offset = at(c) - ideal_(k, c);
        const double loss = term_(k, c);
        slope_(j) = -risk_(k) * loss / offset;  // ∂u_k/∂x_c
        if (risk_(k) != 1.0)
          hessian_(j, j) += share * risk_(k) * (risk_(k) - 1.0) * loss / (offset * offset);
      }
      gradient_ += share * slope_;
      hessian_.selfadjointView<Eigen::Lower>().rankUpdate(slope_, share / gain);
    }
    // Solve (−∇²f + μ I) δ = ∇f; −∇²f is positive semi-definite when every ρ ≥ 1.
    const double scale = hessian_.diagonal().cwiseAbs().maxCoeff();
    if (!(scale > 0.0) || !std::isfinite(scale)) return false;
    double damping = kNewtonDamping * scale;
    bool solved = false;
    for (int attempt = 0; attempt < 4 && !solved; ++attempt, damping *= 1e4) {
      regularised_ = hessian_;
      regularised_.diagonal().array() += damping;
      llt_->compute(regularised_);  // reads the lower triangle
      if (llt_->info() == Eigen::Success) {
        step_ = llt_->solve(gradient_);
        solved = step_.allFinite();
      }
    }
    if (!solved) return false;
    // Largest fraction of the step that crosses no kink or bound.
    double reach = 1.0;
    for (Eigen::Index j = 0; j < m; ++j) {
      const Eigen::Index c = free_[static_cast<std::size_t>(j)];
      const Coordinate& coordinate = table_[static_cast<std::size_t>(c)];
      const double x = at(c);
      const double move = step_(j);
      if (move == 0.0) continue;
      double limit = move > 0.0 ? coordinate.max : coordinate.min;
      for (Eigen::Index k = 0; k < count_; ++k) {
        if (weight_(k, c) == 0.0 || risk_(k) > 1.0) continue;
        const double a = ideal_(k, c);
        if (move > 0.0 ? (a > x && a < limit) : (a < x && a > limit)) limit = a;
      }
      reach = std::min(reach, (limit - x) / move);
    }
    for (int halving = 0; halving < kNewtonHalvings; ++halving, reach *= 0.5) {
      candidate_ = outcome_;
      for (Eigen::Index j = 0; j < m; ++j) {
        const Eigen::Index c = free_[static_cast<std::size_t>(j)];
        const Coordinate& coordinate = table_[static_cast<std::size_t>(c)];
        candidate_(coordinate.issue) = coordinate.snap(at(c) + reach * step_(j));
      }
      // Near the maximum a full step changes the value by less than its rounding
      // (δ² f'' ≪ ε |f|), so it is taken when it keeps the value: the step, from the
      // gradient, is more accurate than the comparison.
      const bool full = halving == 0 && reach == 1.0;
      if (!try_point(candidate_, full)) continue;
      if (full) {
        for (Eigen::Index j = 0; j < m; ++j) {
          const Eigen::Index c = free_[static_cast<std::size_t>(j)];
          const double length = std::abs(step_(j)) / table_[static_cast<std::size_t>(c)].span;
          steps_(c) = std::clamp(kNewtonProbe * length, last, steps_(c));
        }
      }
      return true;
    }
    return false;
  }

  const BargainingProblem& problem_;
  Eigen::Index count_;
  std::vector<Coordinate> table_;
  bool red_lines_ = false;
  bool lines_hold_ = true;  // every participant's red lines hold at outcome_
  // Per issue on the table, the participants' red lines that read it.
  std::vector<std::vector<const RedLine*>> lines_by_column_;
  std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs_;  // issues a red line couples
  std::vector<const OptionValuation*> valued_;                // count_ × table: k·t + c, or null
  std::vector<char> valued_issue_;  // per table issue: anyone values its options
  Eigen::ArrayXXd ideal_;           // participants × table
  Eigen::ArrayXXd weight_;          // participants × table, normalised salience
  Eigen::ArrayXd risk_;             // participants
  Eigen::VectorXd constant_;        // 1 − losses off the table
  Eigen::VectorXd weights_;
  Eigen::VectorXd disagreement_;
  // The current point.
  Eigen::VectorXd outcome_;
  Eigen::MatrixXd term_;  // participants × table losses
  Eigen::VectorXd utility_;
  double value_ = kInfeasible;
  // Scratch.
  Eigen::ArrayXd steps_;
  Eigen::VectorXd base_;
  Eigen::VectorXd direction_;
  Eigen::VectorXd trial_utility_;
  Eigen::VectorXd trial_term_;
  Eigen::VectorXd second_term_;
  Eigen::VectorXd saved_outcome_;
  Eigen::MatrixXd saved_term_;
  Eigen::VectorXd saved_utility_;
  Eigen::VectorXd candidate_;
  std::vector<Eigen::Index> free_;
  Eigen::VectorXd gradient_;
  Eigen::VectorXd slope_;
  Eigen::VectorXd step_;
  Eigen::MatrixXd hessian_;  // −∇² of the objective on the free issues (lower triangle)
  Eigen::MatrixXd regularised_;
  std::optional<Eigen::LLT<Eigen::MatrixXd>> llt_;  // m × m, made when m changes
  long trials_ = 0;
  bool red_line_hit_ = false;  // a red line rejected a trial in this sweep
  bool last_blocked_ = false;  // …the last trial
  std::vector<bool> blocked_;  // per issue on the table: a red line stopped its probe
};

// Maximises the search's objective. When it is concave the best of `starts` is
// searched to the end. Otherwise every feasible start, and the kSampleStarts best
// feasible `samples`, are searched to kCoarseStep and the best of those to the end.
// Returns the final value (−∞ when nothing is feasible); the search is left there.
double multistart(NashSearch& search, const std::vector<Eigen::VectorXd>& starts,
                  const std::vector<Eigen::VectorXd>& samples) {
  const bool concave = search.concave();
  std::vector<const Eigen::VectorXd*> chosen;
  for (const Eigen::VectorXd& start : starts) chosen.push_back(&start);
  if (!concave) {
    // The best feasible samples by value, earlier ones first among equals.
    std::vector<std::pair<double, std::size_t>> ranked;
    for (std::size_t i = 0; i < samples.size(); ++i) {
      const double f = search.move_to(samples[i]);
      if (f != kInfeasible) ranked.emplace_back(-f, i);
    }
    const std::size_t keep = std::min<std::size_t>(ranked.size(), kSampleStarts);
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                      ranked.end());
    for (std::size_t j = 0; j < keep; ++j) chosen.push_back(&samples[ranked[j].second]);
  }
  double best = kInfeasible;
  Eigen::VectorXd best_at;
  for (const Eigen::VectorXd* start : chosen) {
    double f = search.move_to(*start);
    if (f == kInfeasible) continue;
    if (!concave) f = search.run(kInitialStep, kCoarseStep);
    if (f > best) {
      best = f;
      best_at = search.outcome();
    }
  }
  if (best == kInfeasible) return best;
  search.move_to(best_at);
  return search.run(concave ? kInitialStep : kCoarseStep * kShrink, kFinalStep);
}

// Maximises min_k (u_k(x) − target_k) from `x`, which keeps the red lines, by a
// sequence of weighted Nash problems Σ_k w_k log(u_k − target_k − floor), each started
// at the best point so far (whose gains all exceed the floor). At a weighted Nash point
// λ_k = w_k / (u_k − target_k − floor) is a normal of the utility frontier, so
//  * max_x min_k (u_k(x) − target_k) ≤ Σ_k λ_k (u_k − target_k) / Σ_k λ_k (concave case):
//    an upper bound that, with the best min so far, brackets the max-min;
//  * the Nash point with weights λ equalises the gains where the frontier is flat, so
//    the next weights are λ, and the next floor lies the bracket's width below the best
//    min (the first one kMaxMinMargin below the start).
// (A floor near the max-min is what lets the weights leave a vertex of a polyhedral
// frontier quickly; the Newton steps keep the thin problems it makes cheap.) Leaves the
// best point in `x` and returns its min; stops early once the min exceeds `enough` or
// the upper bound falls to `settled`, and once the bracket is narrower than `bracket`
// (relative to 1 + |min|). With a bracket wider than kBracket the weighted Nash searches
// stop at a step of bracket / kSlackSteps (of the span) instead of kFinalStep.
double max_min(NashSearch& search, const Eigen::VectorXd& target, Eigen::VectorXd& x, double enough,
               double settled, double bracket = kBracket) {
  const double last = std::max(kFinalStep, bracket > kBracket ? bracket / kSlackSteps : 0.0);
  search.move_to(x);
  double best = (search.utilities() - target).minCoeff();
  if (best > enough) return best;
  double upper = std::numeric_limits<double>::infinity();
  double floor = best - kMaxMinMargin;
  Eigen::VectorXd weights =
      Eigen::VectorXd::Constant(search.count(), 1.0 / static_cast<double>(search.count()));
  Eigen::VectorXd previous;     // the last weighted Nash point
  double moved = kInitialStep;  // how far the last one lay from the one before
  for (int round = 0; round < kMaxReweightings; ++round) {
    search.set_objective(target.array() + floor, weights);
    if (search.move_to(x) == kInfeasible) break;  // cannot happen: x's gains exceed the floor
    // The next Nash point lies near the last one: steps from a few times the distances.
    const double first =
        round == 0 ? kInitialStep
                   : std::clamp(kWarmStart * std::max(search.displacement(previous), moved),
                                kWarmStartMin, kInitialStep);
    search.run(first, last);
    if (round > 0) moved = search.displacement(previous);
    previous = search.outcome();
    const Eigen::VectorXd gain = search.utilities() - target;
    const double worst = gain.minCoeff();
    bool progress = false;
    if (worst > best) {
      progress = true;
      best = worst;
      x = search.outcome();
      if (best > enough) break;
    }
    weights.array() /= gain.array() - floor;
    weights /= weights.sum();
    const double bound = weights.dot(gain);
    if (bound < upper) {
      progress = true;
      upper = bound;
    }
    if (!progress || search.exhausted() || upper <= settled ||
        upper - best <= bracket * (1.0 + std::abs(best)))
      break;
    floor = best - std::max(upper - best, kBracket);
  }
  return best;
}

// The start that keeps the red lines with the largest min_k (u_k − target_k); −∞ if none.
double best_max_min_start(NashSearch& search, const std::vector<Eigen::VectorXd>& starts,
                          const Eigen::VectorXd& target, Eigen::VectorXd& x) {
  double best = kInfeasible;
  for (const Eigen::VectorXd& start : starts) {
    if (!search.red_lines_hold(start)) continue;
    search.move_to(start);
    const double worst = (search.utilities() - target).minCoeff();
    if (worst > best) {
      best = worst;
      x = start;
    }
  }
  return best;
}

// When no start (nor, on a non-concave problem, any sample) lies inside the
// bargaining set: looks for a point that gives every participant more than its
// disagreement utility (max-min from the best start); true, with the search there
// and the Nash objective set, when one is found.
bool enter_bargaining_set(NashSearch& search, const BargainingProblem& problem,
                          const Eigen::VectorXd& weights, std::vector<Eigen::VectorXd> starts,
                          const std::vector<Eigen::VectorXd>& samples) {
  starts.insert(starts.end(), samples.begin(), samples.end());
  Eigen::VectorXd x;
  if (best_max_min_start(search, starts, problem.disagreement, x) == kInfeasible) return false;
  if (!(max_min(search, problem.disagreement, x, 0.0, 0.0) > 0.0)) return false;
  search.set_objective(problem.disagreement, weights);
  return search.move_to(x) != kInfeasible;
}

// The Nash problem set up for a search: the objective with normalised weights and
// the structured starting points (both entry points try the same points, in the
// same order, so they agree on whether the bargaining set is empty).
struct NashStart {
  // The problem, once it has passed validate() (before the search reads it).
  static const BargainingProblem& validated(const BargainingProblem& problem) {
    validate(problem, true);
    return problem;
  }
  explicit NashStart(const BargainingProblem& problem)
      : search(validated(problem)),
        weights(problem.bargaining_power / problem.bargaining_power.sum()) {
    search.set_objective(problem.disagreement, weights);
    starts = search.starting_points(nullptr, problem.bargaining_power);
  }
  NashSearch search;
  Eigen::VectorXd weights;
  std::vector<Eigen::VectorXd> starts;
};

}  // namespace

std::optional<Eigen::VectorXd> nash_bargaining_point(const BargainingProblem& problem) {
  NashStart nash(problem);
  NashSearch& search = nash.search;
  const std::vector<Eigen::VectorXd> samples = search.samples();
  if (multistart(search, nash.starts, samples) != kInfeasible) return search.outcome();
  if (!enter_bargaining_set(search, problem, nash.weights, nash.starts, samples))
    return std::nullopt;
  search.run(kInitialStep, kFinalStep);
  return search.outcome();
}

bool agreement_zone_exists(const BargainingProblem& problem) {
  NashStart nash(problem);
  NashSearch& search = nash.search;
  // The points multistart tries: one of them inside the bargaining set settles it.
  for (const Eigen::VectorXd& start : nash.starts)
    if (search.move_to(start) != kInfeasible) return true;
  const std::vector<Eigen::VectorXd> samples = search.samples();
  if (!search.concave()) {
    for (const Eigen::VectorXd& sample : samples)
      if (search.move_to(sample) != kInfeasible) return true;
  }
  return enter_bargaining_set(search, problem, nash.weights, nash.starts, samples);
}

namespace {

// pareto_slack, stopping early once the slack is known to exceed `enough` or (by the
// max-min's upper bound) not to exceed `settled`, or to lie within `bracket` of the best.
double slack(const BargainingProblem& problem, const Eigen::Ref<const Eigen::VectorXd>& outcome,
             double enough, double settled, double bracket) {
  validate(problem, false);
  NashSearch search(problem);
  const Eigen::VectorXd y = outcome;
  Eigen::VectorXd target(search.count());
  for (Eigen::Index k = 0; k < search.count(); ++k) target(k) = search.evaluate(k, y);
  std::vector<Eigen::VectorXd> starts =
      search.starting_points(&y, Eigen::VectorXd::Ones(search.count()));
  const std::vector<Eigen::VectorXd> samples = search.samples();
  starts.insert(starts.end(), samples.begin(), samples.end());
  Eigen::VectorXd x;
  if (best_max_min_start(search, starts, target, x) == kInfeasible) return kInfeasible;
  max_min(search, target, x, enough, settled, bracket);
  // The slack by the utility model itself, at the best point found.
  double result = std::numeric_limits<double>::infinity();
  for (Eigen::Index k = 0; k < search.count(); ++k)
    result = std::min(result, search.evaluate(k, x) - target(k));
  return result;
}

}  // namespace

double pareto_slack(const BargainingProblem& problem,
                    const Eigen::Ref<const Eigen::VectorXd>& outcome, double accuracy) {
  PARLEY_CHECK(accuracy >= kBracket, "accuracy {} below the search's {}", accuracy, kBracket);
  const double infinity = std::numeric_limits<double>::infinity();
  return slack(problem, outcome, infinity, -infinity, accuracy);
}

bool pareto_efficient(const BargainingProblem& problem,
                      const Eigen::Ref<const Eigen::VectorXd>& outcome, double tolerance) {
  return slack(problem, outcome, tolerance, tolerance, kBracket) <= tolerance;
}

double distance(const Eigen::Ref<const Eigen::VectorXd>& a,
                const Eigen::Ref<const Eigen::VectorXd>& b, std::span<const Issue> issues) {
  const std::size_t d = issues.size();
  PARLEY_CHECK(static_cast<std::size_t>(a.size()) == d && static_cast<std::size_t>(b.size()) == d,
               "outcomes of {} and {} values for {} issues", a.size(), b.size(), d);
  if (d == 0) return 0.0;
  double total = 0.0;
  for (std::size_t k = 0; k < d; ++k) {
    const double share =
        (a(static_cast<Eigen::Index>(k)) - b(static_cast<Eigen::Index>(k))) / issues[k].span();
    total += share * share;
  }
  return std::sqrt(total / static_cast<double>(d));
}

}  // namespace parley
