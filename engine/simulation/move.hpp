// Move: one event of a session, for traces and teaching (`Session::set_log`).
//
// Offers, answers, passes, threats, side payments, ratification votes, shocks
// and the end of each phase, in the order they happen. Logging is off unless a
// log is set, so ordinary runs allocate nothing for it.
#pragma once

#include <Eigen/Dense>

namespace parley {

enum class MoveKind {
  kPhaseStart,        // actor −1
  kShock,             // index = shock
  kThreat,            // actor threatens target; index = instrument
  kSidePayment,       // actor attaches a side payment for target to its offer; index = instrument
  kOffer,             // actor proposes `outcome`
  kPass,              // actor makes no offer
  kAccept,            // actor accepts the offer on the table; value = its utility of it
  kReject,            // actor rejects; index = Verdict, value = its utility of it
  kRatify,            // absent actor ratifies; value = its utility
  kVeto,              // absent actor vetoes; index = Verdict
  kPhaseEnd,          // index = PhaseResult
  kThreatCarriedOut,  // at the end of talks without agreement; index = instrument
};

struct Move {
  int phase = 0;
  int round = 0;
  MoveKind kind = MoveKind::kOffer;
  int actor = -1;
  int target = -1;
  int index = -1;
  double value = 0.0;
  Eigen::VectorXd outcome;  // offers only
};

}  // namespace parley
