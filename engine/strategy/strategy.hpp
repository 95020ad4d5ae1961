// Strategy: how an actor proposes and responds in a bargaining protocol.
//
// A protocol decides whose turn it is and what is legal; a strategy only
// returns an action — an offer (or a pass) when proposing, a verdict when
// responding — and never mutates the session (OpenSpiel's Game/State/Bot).
// Strategies keep their own small state (a concession target) across rounds of
// one phase; `begin_phase` resets it.
//
// Responding is the same for every strategy but `equilibrium`
// (scenarios/README.md, Strategies). The responder accepts when
//  * the offer breaks none of its red lines;
//  * it is worth at least the fallback: a deal in round t is worth δ^(t−1)·u(x)
//    and no deal then is worth δ^(t−1)·f, the reservation value discounted the
//    same way (Binmore, Rubinstein & Wolinsky 1986: the outside option is
//    taken at the time of breakdown; the GENIUS/ANAC rules discount the
//    reservation value too), so delay alone never turns a deal that beats no
//    deal into one that does not;
//  * and it is worth at least what the responder expects from going on
//    (AC_next, Baarslag, Hindriks & Jonker 2014 "Effective acceptance
//    conditions in multi-issue negotiation"): its own next offer, at the
//    target it will have then (next_target), w rounds from now, is worth
//    δ^w·target today. An impatient responder so accepts sooner, and no
//    responder refuses what is better than what it would itself offer next.
//    Once it has no proposing turn left, its target has reached the fallback
//    (Observation::time_used), so it accepts anything worth no less than no
//    deal: AC_time at the end of its time.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include <Eigen/Dense>

#include "core/random.hpp"
#include "record/move.hpp"
#include "strategy/observation.hpp"

namespace parley {

enum class Verdict { kAccept, kBelowFallback, kBelowTarget, kRedLine };

struct Response {
  Verdict verdict = Verdict::kAccept;
  int red_line = -1;  // index into the responder's red lines when verdict == kRedLine
  double utility = 0.0;
  // The value the utility fell short of: the fallback (kBelowFallback) or the
  // acceptance threshold (kBelowTarget); NaN otherwise.
  double threshold = std::numeric_limits<double>::quiet_NaN();
  bool accepted() const { return verdict == Verdict::kAccept; }
};

// A proposer's logrolling path (strategy/offer_builder.hpp) and what it was
// computed from: build_offer keeps the latest path of each proposer and
// computes it again only when one of those inputs differs (bit for bit), so
// the same inputs give the same numbers as computing it every time.
struct OfferPath {
  std::vector<std::uint64_t> inputs;  // the inputs' bit patterns, in a fixed order
  int misses = 0;                     // lookups in a row whose inputs differed
  int unkept = 0;                     // lookups left that compute without the inputs
  Eigen::VectorXd compromise;         // D: c
  Eigen::VectorXd rate;               // D: r, normalised
  Eigen::VectorXd loss;               // D: k_d, the loss at the compromise point
  double lambda_max = 1.0;
  std::vector<int> off_table;  // the issues not on the table
  // Per issue on the table, in the table's order: the issue, whether it is
  // discrete, a_d, c_d − a_d, r_d and k_d.
  std::vector<int> issue;
  std::vector<char> discrete;
  std::vector<double> ideal;
  std::vector<double> gap;
  std::vector<double> step_rate;
  std::vector<double> step_loss;
  // For ρ = 1: the kinks of the utility along the path (λ = 1/r_d, earliest
  // first), what the slope loses at each, and the slope from λ = 0.
  std::vector<int> order;
  std::vector<double> kink;
  std::vector<double> slope_drop;
  double slope = 0.0;
  // Whether every issue that moves along the path moves option by option away
  // from an own ideal option, and the least one option's step loses then.
  bool steps_by_option = false;
  double cheapest_step = 0.0;
};

// Scratch space for building offers; owned by the session, sized once.
struct OfferWorkspace {
  Eigen::VectorXd candidate;     // D
  Eigen::VectorXd repair;        // D
  Eigen::VectorXd stale;         // D: the target's point when it would repeat an offer
  Eigen::VectorXd step;          // D: the latest step beyond a repeated offer
  std::vector<OfferPath> paths;  // by proposer: its latest path
  // Why the latest build_offer made its offer or passed; the session resets it
  // before each proposal and logs it (record/move.hpp).
  OfferReason reason = OfferReason::kAtTarget;
  // Pareto-seeking bids on discrete issues (strategy/pareto_bidder.hpp): per
  // option of every discrete issue, the proposer's own utility and the others'
  // believed utility, and each issue's first entry.
  Eigen::VectorXd own_gain;       // Σ options
  Eigen::VectorXd other_gain;     // Σ options
  Eigen::VectorXi option_offset;  // D
  // Per issue, the options that can be the proposer's choice for some weight λ ≥ 0
  // (the others are dominated): their indices from the issue's option_offset on,
  // and how many (pareto_bidder.cpp, undominated_options).
  Eigen::VectorXi undominated;        // Σ options
  Eigen::VectorXi undominated_count;  // D
  void resize(int issues, int options = 0) {
    own_gain.resize(options);
    other_gain.resize(options);
    option_offset.resize(issues);
    undominated.resize(options);
    undominated_count.resize(issues);
    repair.resize(issues);
    stale.resize(issues);
    step.resize(issues);
    candidate.resize(issues);
  }
};

// Instruments a proposer uses with its offer this round (indices into
// Scenario::instruments, −1 for none).
struct InstrumentChoice {
  int threat = -1;
  bool ultimatum = false;  // the threat comes with the proposer's last offer of the phase
  int side_payment = -1;
  double payment_amount = 0.0;  // the side payment's worth to its target, ≤ its budget
};

// What is attached to an offer so far, as an actor backing it from outside the
// table sees it (Strategy::choose_backing).
struct OfferOnTable {
  int proposer = -1;
  int payment_target = -1;  // −1: no side payment attached
  double payment_amount = 0.0;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  Strategy() = default;
  Strategy(const Strategy&) = delete;
  Strategy& operator=(const Strategy&) = delete;

  virtual void begin_phase(const Observation& seen) = 0;
  // Called once at the start of every round for every participant.
  virtual void begin_round(const Observation& seen) = 0;
  // The own utility the actor currently aims for, in [fallback, 1].
  virtual double target_utility() const = 0;
  // The target to use now: by default the one set at the start of the round; a
  // strategy whose target is a function of the observation recomputes it, so
  // that a threat or shock in this round counts at once.
  virtual double current_target(const Observation& /*seen*/) const { return target_utility(); }
  // The target it will propose at in its next proposing turn
  // (Observation::next_turn), as far as it can tell now: what AC_next compares
  // an offer with. By default the current target.
  virtual double next_target(const Observation& seen) const { return current_target(seen); }
  // Called after `propose` made `offer`, in the actor's proposing rounds: the
  // threat and side payment that go with it; only `transactional` uses
  // instruments.
  virtual InstrumentChoice choose_instruments(const Observation& /*seen*/,
                                              const Eigen::Ref<const Eigen::VectorXd>& /*offer*/) {
    return {};
  }
  // Called for an actor not at the table (absent, or a ratifier) that holds
  // instruments, after another actor made `offer`: the threat or side payment
  // with which it backs the offer (strategy/transactional_moves.hpp,
  // choose_backing_moves); only `transactional` backs offers.
  virtual InstrumentChoice choose_backing(const Observation& /*seen*/,
                                          const Eigen::Ref<const Eigen::VectorXd>& /*offer*/,
                                          const OfferOnTable& /*on_table*/) {
    return {};
  }
  // Writes an offer into `offer` (length D) and returns true, or returns false to pass.
  virtual bool propose(const Observation& seen, Rng& rng, OfferWorkspace& workspace,
                       Eigen::Ref<Eigen::VectorXd> offer) = 0;

  // The default rule above; `equilibrium` overrides it (its continuation value
  // already prices in what rejecting is worth).
  virtual Response respond(const Observation& seen,
                           const Eigen::Ref<const Eigen::VectorXd>& offer) const;

 private:
  // δ^w of the last answer, kept: δ and the wait w seldom change.
  mutable double waited_discount_ = 1.0;
  mutable double waited_rounds_ = 0.0;
  mutable double wait_factor_ = 1.0;
};

// The verdict of an actor that is not at the table (a ratifier): it ratifies
// when the deal gives it at least its fallback and breaks none of its red lines.
Response ratify(const Preferences& own, const Actor& actor, double fallback,
                const Eigen::Ref<const Eigen::VectorXd>& deal, double side_payment_to_me = 0.0);

}  // namespace parley
