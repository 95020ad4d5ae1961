// Strategy: how an actor proposes and responds in a bargaining protocol.
//
// A protocol decides whose turn it is and what is legal; a strategy only
// returns an action — an offer (or a pass) when proposing, a verdict when
// responding — and never mutates the session (OpenSpiel's Game/State/Bot).
// Strategies keep their own small state (a concession target) across rounds of
// one phase; `begin_phase` resets it.
//
// Responding is the same for every strategy (scenarios/README.md, Strategies): accept
// when the offer's utility discounted to the current round, δ^(t−1)·u(x), is at
// least the fallback, u(x) is at least the responder's current target, and no
// red line of the responder is broken.
#pragma once

#include <Eigen/Dense>

#include "core/random.hpp"
#include "strategy/observation.hpp"

namespace parley {

enum class Verdict { kAccept, kBelowFallback, kBelowTarget, kRedLine };

struct Response {
  Verdict verdict = Verdict::kAccept;
  int red_line = -1;  // index into the responder's red lines when verdict == kRedLine
  double utility = 0.0;
  bool accepted() const { return verdict == Verdict::kAccept; }
};

// Scratch space for building offers; owned by the session, sized once.
struct OfferWorkspace {
  Eigen::VectorXd compromise;  // D
  Eigen::VectorXd rate;        // D
  Eigen::VectorXd candidate;   // D
  Eigen::VectorXi order;       // D
  void resize(int issues) {
    compromise.resize(issues);
    rate.resize(issues);
    candidate.resize(issues);
    order.resize(issues);
  }
};

// Instruments a proposer uses this round (indices into Scenario::instruments, −1 for none).
struct InstrumentChoice {
  int threat = -1;
  int side_payment = -1;
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
  // Called before `propose` in the actor's proposing rounds; only `transactional`
  // uses instruments.
  virtual InstrumentChoice choose_instruments(const Observation& /*seen*/) { return {}; }
  // Writes an offer into `offer` (length D) and returns true, or returns false to pass.
  virtual bool propose(const Observation& seen, Rng& rng, OfferWorkspace& workspace,
                       Eigen::Ref<Eigen::VectorXd> offer) = 0;

  // The default rule above; `equilibrium` overrides it (its continuation value
  // already prices in what rejecting is worth).
  virtual Response respond(const Observation& seen,
                           const Eigen::Ref<const Eigen::VectorXd>& offer) const;
};

// The verdict of an actor that is not at the table (a ratifier): it ratifies
// when the deal gives it at least its fallback and breaks none of its red lines.
Response ratify(const Preferences& own, const Actor& actor, double fallback,
                const Eigen::Ref<const Eigen::VectorXd>& deal, double side_payment_to_me = 0.0);

}  // namespace parley
