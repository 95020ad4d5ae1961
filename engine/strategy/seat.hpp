// A seat taken by a person: the classroom page's "play as an actor" (web/).
//
// SeatStrategy stands in for one actor's strategy: its proposals and answers
// come from a script of the person's decisions, in order; everything else (its
// concession clock, targets, what the others believe of it) is the agent's it
// wraps, so the engine plays the other actors exactly as it would. When the
// session asks for a decision the script does not hold yet, SeatStrategy throws
// AwaitingDecision saying what is asked (an offer, or an answer to an offer):
// the caller shows it, appends the person's decision and replays the replicate
// from the start with the longer script (simulation/play.hpp). Sessions are
// deterministic per seed and replicate, so the replay reaches the same point.
//
// The agent decides first, on the same draws (so the others see the same
// session until the person decides otherwise), and its decision is offered to
// the person as a suggestion. A person's offer keeps the agent's values on the
// issues not on the table; it may break the seat's own red lines (the person's
// choice). A decision the agent would make too is reported with the agent's
// reasons; a rejection the agent would not make is reported as below target.
// So a script that always takes the suggestion replays the agents' own session. The person uses no
// threats or side payments, and a seat that ratifies from away from the table ratifies by the
// agent's rule.
#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <vector>

#include <Eigen/Dense>

#include "strategy/strategy.hpp"

namespace parley {

// One decision of the person, in the order the session asks for them.
struct SeatDecision {
  enum class Kind { kOffer, kPass, kAccept, kReject };
  Kind kind = Kind::kPass;
  Eigen::VectorXd offer;  // kOffer: one value per issue (those off the table are ignored)
};

struct SeatScript {
  std::vector<SeatDecision> decisions;
  std::size_t next = 0;  // the next decision to use
};

// Thrown when the session needs the person's next decision.
class AwaitingDecision : public std::exception {
 public:
  enum class Kind { kOffer, kAnswer };
  AwaitingDecision(Kind kind, int round, Eigen::VectorXd offer, bool agent_would)
      : kind_(kind), round_(round), offer_(std::move(offer)), agent_would_(agent_would) {}
  const char* what() const noexcept override { return "the seat awaits a decision"; }
  Kind kind() const { return kind_; }
  int round() const { return round_; }
  // kAnswer: the offer on the table. kOffer: the offer the agent in the seat
  // would make (the status quo when it would pass).
  const Eigen::VectorXd& offer() const { return offer_; }
  // kOffer: whether the agent would propose (not pass); kAnswer: whether it would accept.
  bool agent_would() const { return agent_would_; }

 private:
  Kind kind_;
  int round_;
  Eigen::VectorXd offer_;
  bool agent_would_;
};

// Thrown when the script holds a decision of the wrong kind for what is asked
// (an answer where an offer is asked, or the reverse): the script does not
// belong to this replicate.
class SeatScriptMismatch : public std::exception {
 public:
  const char* what() const noexcept override {
    return "the decisions do not fit this session (an answer where an offer was asked, or "
           "the reverse)";
  }
};

class SeatStrategy final : public Strategy {
 public:
  SeatStrategy(std::unique_ptr<Strategy> agent, SeatScript* script)
      : agent_(std::move(agent)), script_(script) {}

  void begin_phase(const Observation& seen) override { agent_->begin_phase(seen); }
  void begin_round(const Observation& seen) override { agent_->begin_round(seen); }
  double target_utility() const override { return agent_->target_utility(); }
  double current_target(const Observation& seen) const override {
    return agent_->current_target(seen);
  }
  double next_target(const Observation& seen) const override { return agent_->next_target(seen); }

  bool propose(const Observation& seen, Rng& rng, OfferWorkspace& workspace,
               Eigen::Ref<Eigen::VectorXd> offer) override;
  Response respond(const Observation& seen,
                   const Eigen::Ref<const Eigen::VectorXd>& offer) const override;

 private:
  std::unique_ptr<Strategy> agent_;
  SeatScript* script_;
};

}  // namespace parley
