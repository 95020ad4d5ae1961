// SessionRecord: what one replicate of a scenario produced. Each member has
// one row in record/record_schema.hpp, which makes it a column of outcomes.csv,
// a field of the record codec and a field of records_equal.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

namespace parley {

// How a phase ended.
enum class PhaseResult : std::uint8_t {
  kNotReached,  // an earlier phase ended the talks
  kAgreed,      // a proposal passed and every ratifier ratified it
  kVetoed,      // a proposal passed but a ratifier rejected it
  kDeadline,    // the last round passed without a passing proposal
  kBrokeDown,   // the talks broke down after a round (breakdown_probability)
};
std::string_view to_string(PhaseResult result);

struct SessionRecord {
  bool agreed = false;          // some phase reached a ratified agreement
  int phase = -1;               // index of the phase of the last agreement, −1 if none
  int round = 0;                // its round (1-based within that phase), 0 if none
  Eigen::VectorXd outcome;      // D: the last agreement, or the initial status quo
  Eigen::VectorXd utility;      // N: u_i(outcome) if agreed, else the reservation utility
  Eigen::VectorXd reservation;  // N: the replicate's reservation utilities (sampled)
  int nearest_deal =
      -1;  // index of the named deal nearest the agreement; −1 without deal or agreement
  double deal_distance = 0.0;              // RMS distance to it, as a share of each issue's span
  std::vector<PhaseResult> phase_results;  // one per phase
  std::vector<char> vetoed;                // N: 1 if the actor vetoed a deal in any phase
  std::vector<char> threat_made;           // K (per instrument; threats only)
  std::vector<char> threat_carried_out;    // K
  // K: a threat made, the talks ended without agreement and it was not carried
  // out: the threatener backed down and paid its audience cost.
  std::vector<char> threat_backed_down;
  std::vector<char> side_payment_offered;  // K: attached to some offer
  std::vector<char> side_payment_paid;     // K: part of the standing agreement
  std::vector<char> shock_occurred;        // S
  // N: without agreement, 1 for each actor who refused the last proposal put to a vote in
  // the last phase played (rejected it at the table or vetoed it); all 0 when agreed.
  std::vector<char> blocked;

  // The analysis (analysis/bargaining_solutions.hpp; −1 / NaN when not analysed):
  //  * zone_of_agreement: at the start of the first bargaining phase (not a forecasting
  //    one nor an interim table), 1 if some outcome keeps the red lines of the actors whose
  //    acceptance is required and gives each of them more than its fallback, else 0 (any
  //    replicate);
  //  * pareto_slack: of the last agreement among its phase's participants, the largest
  //    utility gain all of them could have at once, ≥ 0 (0: weakly Pareto-efficient);
  //  * nash_distance: RMS distance (in shares of the issues' spans) from the last
  //    agreement to the symmetric Nash point among its phase's participants and
  //    ratifiers, the fallbacks as disagreement utilities, the deal's side payments
  //    counted (NaN also when the bargaining set is empty).
  signed char zone_of_agreement = -1;
  double pareto_slack = std::numeric_limits<double>::quiet_NaN();
  double nash_distance = std::numeric_limits<double>::quiet_NaN();
  int offers = 0;  // proposals made in all phases
  int rounds = 0;  // rounds played in all phases

  // Why the talks ended without agreement ("" when agreed): "veto", "deadline" or "broke_down".
  std::string_view breakdown_reason() const;
};

}  // namespace parley
