#include "strategy/seat.hpp"

#include <limits>

namespace parley {

bool SeatStrategy::propose(const Observation& seen, Rng& rng, OfferWorkspace& workspace,
                           Eigen::Ref<Eigen::VectorXd> offer) {
  // The agent's proposal first: the suggestion, the issues off the table as it
  // would leave them, and the draws it would make.
  const bool agent_proposes = agent_->propose(seen, rng, workspace, offer);
  if (!agent_proposes) offer = *seen.status_quo;
  if (script_->next >= script_->decisions.size())
    throw AwaitingDecision(AwaitingDecision::Kind::kOffer, seen.round, Eigen::VectorXd(offer),
                           agent_proposes);
  const SeatDecision& decision = script_->decisions[script_->next];
  if (decision.kind != SeatDecision::Kind::kOffer && decision.kind != SeatDecision::Kind::kPass)
    throw SeatScriptMismatch();
  ++script_->next;
  if (decision.kind == SeatDecision::Kind::kPass) return false;
  for (const int issue : seen.issues_on_table) {
    if (issue < decision.offer.size()) offer(issue) = decision.offer(issue);
  }
  return true;
}

Response SeatStrategy::respond(const Observation& seen,
                               const Eigen::Ref<const Eigen::VectorXd>& offer) const {
  const Response agent = agent_->respond(seen, offer);
  if (script_->next >= script_->decisions.size())
    throw AwaitingDecision(AwaitingDecision::Kind::kAnswer, seen.round, Eigen::VectorXd(offer),
                           agent.accepted());
  const SeatDecision& decision = script_->decisions[script_->next];
  if (decision.kind != SeatDecision::Kind::kAccept && decision.kind != SeatDecision::Kind::kReject)
    throw SeatScriptMismatch();
  ++script_->next;
  const bool accepts = decision.kind == SeatDecision::Kind::kAccept;
  if (accepts == agent.accepted()) return agent;  // the agent's own answer, with its reasons
  Response response = agent;
  response.verdict = accepts ? Verdict::kAccept : Verdict::kBelowTarget;
  response.red_line = -1;
  response.threshold = std::numeric_limits<double>::quiet_NaN();
  return response;
}

}  // namespace parley
