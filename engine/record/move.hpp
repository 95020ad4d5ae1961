// Move: one event of a session, for traces and teaching (`Session::set_log`).
//
// Offers, answers, passes, threats, side payments, ratification votes, shocks,
// the rounds of a forecasting model and the end of each phase, in the order
// they happen, with what the session worked out at that moment (the values a
// shock leaves, the decision rule's tally), so that a trace tells the session
// without redoing its arithmetic. Logging is off unless a log is set, so
// ordinary runs allocate nothing for it; a log never changes a random draw or
// a result. A log is bounded (Session::set_log): rounds past its limit are
// summed up in one kNotRecorded move instead.
// output/trace.hpp tells a log in words or writes it as JSON lines.
#pragma once

#include <cstdint>
#include <limits>

#include <Eigen/Dense>

namespace parley {

enum class MoveKind {
  kPhaseStart,        // actor −1
  kShock,             // index = shock; outcome = the values its effects leave
  kThreat,            // actor threatens target with its offer; index = instrument, detail = 1
                      // for an ultimatum (with its last offer of the phase), kBackingMove
                      // when the actor backs another's offer from outside the table, else −1
  kSidePayment,       // actor attaches a side payment for target to its offer; index =
                      // instrument, value = its amount (its worth to the target); detail =
                      // kBackingMove as for kThreat, else −1
  kOffer,             // actor proposes `outcome` (actor −1: a forecasting model's forecast);
                      // detail = 1 for an amendment (open rule); by_actor = utilities;
                      // index = OfferReason
  kPass,              // actor makes no offer; index = OfferReason
  kAccept,            // actor accepts the offer on the table made or moved by target;
                      // value = its utility of it; tally = the decision rule's count
  kReject,            // actor rejects; index = Verdict, value = its utility of it, detail =
                      // red line, threshold = fallback or target it falls short of;
                      // tally as kAccept
  kRatify,            // absent actor ratifies; value = its utility
  kVeto,              // absent actor vetoes; index = Verdict, as kReject
  kPhaseEnd,          // index = PhaseResult
  kThreatCarriedOut,  // at the end of talks without agreement; index = instrument
  kModelRound,        // expected_utility forecast, before its kOffer: detail = model round
                      // (0: the start), index = issue, by_actor = positions, value = median, mean
  kAgreementZone,     // analysis only, after the kPhaseStart of the first bargaining phase:
                      // index = 1 if a zone of agreement exists among the actors whose
                      // acceptance is required, else 0; outcome = their symmetric Nash point
                      // (empty without a zone); by_actor = each one's utility there, with
                      // standing side payments (NaN for the others, and without a zone);
                      // fallback = each one's fallback (NaN for the others)
  kNotRecorded,       // the log's limit: rounds `round` … `detail` of the phase are not
                      // recorded, except their threats and the shocks that strike at most
                      // once (which follow); count = their other moves, index = how many of
                      // those are shocks (a repeating shock's effects are then not logged)
  kThreatBackedDown,  // at the end of talks without agreement, a threat not carried out:
                      // actor pays its audience cost; index = instrument
};

// Why a proposer made the offer it did, or passed (Move::index of kOffer and
// kPass; strategy/offer_builder.hpp). Strategies that do not build offers on
// a target leave kAtTarget.
enum class OfferReason {
  kAtTarget,       // an offer worth its target
  kLoweredTarget,  // worth less than its target: no offer worth it keeps the red lines
  kRequiredOnly,   // keeps only the red lines of those whose acceptance is required: no
                   // offer worth its fallback keeps everyone's
  kNothingNew,     // a pass: no offer it has not made, worth its target, is left
  kRedLines,       // a pass: no new offer worth its fallback keeps the red lines of
                   // those whose acceptance is required
};

// Move::detail of a kReject or kVeto with Verdict::kBelowFallback when the
// value it fell short of is the actor's foresight floor, its expected value of
// the later phases (Session::set_lookahead), not its fallback.
inline constexpr int kBelowLookahead = -2;

// Move::detail of a kThreat or kSidePayment made by an actor not at the table
// (an absent actor or a ratifier) in support of another actor's offer
// (strategy/transactional_moves.hpp, choose_backing_moves).
inline constexpr int kBackingMove = 2;

// The default bound on a log (Session::set_log): enough for any ordinary
// session; a few tens of MB at most.
inline constexpr std::int64_t kMaxLogMoves = 100000;

// The decision rule's count of the answers to an offer at the table (Move::tally).
struct VoteTally {
  int accepting = 0;                  // participants who accept, the mover among them
  double accepting_capability = 0.0;  // the capability they hold
  double capability = 0.0;            // the capability of all the participants
};

struct Move {
  int phase = 0;
  int round = 0;
  MoveKind kind = MoveKind::kOffer;
  int actor = -1;
  int target = -1;
  int index = -1;
  double value = 0.0;
  // kOffer: the offer. kShock: the value of the parameter each of the shock's
  // effects changes, just after that effect (in the order of Shock::effects).
  Eigen::VectorXd outcome{};
  // kReject / kVeto with Verdict::kRedLine: index into the actor's red lines;
  // kOffer: 1 for an amendment under the open rule, else −1; kModelRound: the
  // model's round.
  int detail = -1;
  // kReject / kVeto: what the utility fell short of — the fallback
  // (Verdict::kBelowFallback, compared with the utility discounted to the round)
  // or the strategy's current target (Verdict::kBelowTarget); NaN otherwise.
  double threshold = std::numeric_limits<double>::quiet_NaN();
  // One number per actor (N): kOffer: every actor's utility of the offer (without
  // side payments), as the session evaluates it at that moment; kModelRound: each
  // participant's position after the round (NaN for actors not in the phase).
  Eigen::VectorXd by_actor{};
  // kAgreementZone: each required actor's fallback (NaN for the others).
  Eigen::VectorXd fallback{};
  double mean = 0.0;       // kModelRound: the weighted mean position
  std::int64_t count = 0;  // kNotRecorded: moves not recorded
  // kAccept / kReject: the decision rule's tally once this answer is in, the
  // participants still to answer counted as not accepting; so the last answer
  // to an offer holds the tally the rule judged. Capabilities as they stand
  // then (after any shocks).
  VoteTally tally{};
};

}  // namespace parley
