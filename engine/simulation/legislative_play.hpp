// The agents' play of a legislative proposal: the negotiators that play every
// scenario (strategy/) bargain over all the issues of one EU proposal at once,
// under the procedure in force at its date, and the median outcome of many
// replicates is the forecast.
//
// A proposal (the issues of one case of a multi-issue case table,
// parsing/case_table.hpp) becomes a scenario of one phase:
//  - issues: one continuous issue per issue of the proposal on its scale; the
//    status quo is the issue's reference point, or — when the data give none —
//    drawn uniformly on the scale in each replicate (nobody knows what no law
//    would mean, so no side gets it for free);
//  - actors: every actor of the proposal, its ideal a normal draw around its
//    stated position (sd `position_sd` of the span, clamped to the scale) and
//    its salience a normal draw around the stated one (sd `salience_sd`,
//    truncated to [0.01, 1]): expert judgements with error. An actor without a
//    position on an issue gets salience 0 there. Saliences are normalised over
//    the proposal's issues, so an actor trades what matters little to it for
//    what matters much (logrolling between issues, strategy/offer_builder.hpp);
//  - the phase: `alternating_offers` among the Commission, the Council's
//    members and, under co-decision, the Parliament; every participant proposes
//    in turn — the Commission first (it tables the proposal), then the
//    Parliament, then the members by capability — for `table_rounds` rounds of
//    the table, so the deadline is table_rounds × the number at the table and
//    every negotiator's last proposing turn lies in the last round of the table.
//    (A fixed deadline shorter than the table, with the Commission in every odd
//    round, made the forecast depend on the deadline: members whose only turn
//    came early conceded fully early, so at 30 rounds and more the Commission's
//    own position passed — FIT MAE 23.3 at 20 rounds, 31.6 at 30. With whole
//    rounds of the table it stays within 23.9–24.7 from 2 to 12 rounds of it.)
//    What no deal is worth (`fallback`): by default nothing (reservation
//    utility 0: the law will be made, the talks decide its content; no deal
//    leaves the status quo), or the status quo (an interim agreement: each
//    actor's fallback is its utility of the status quo, so an actor who likes
//    the status quo best blocks where it can);
//  - what passes (DecisionRule::Kind::kCouncil, protocol/decision_rule.hpp): the
//    Council's rule at the proposal's date (protocol/eu_council.hpp: 1995 QMV,
//    the 2004 transition, Nice, Lisbon, or unanimity); under co-decision the
//    Parliament must accept; the Commission must accept unless the Council is
//    unanimous (Art. 293(1) TFEU: the Council amends a Commission proposal only
//    by unanimity). Under consultation the Parliament's opinion is not binding:
//    it is not at the table. Without a date or procedure (a one-issue case
//    table) the case's voting rule is applied to the actors' capabilities.
//
// The forecast on each issue is the median of the replicates' outcomes (fixed
// before any outcome was scored: the median minimises the expected absolute
// error, the score of tools/deu_accuracy.py). Every strategy is
// `time_dependent` with exponent 1 (linear concession) unless set otherwise.
// Deterministic for a seed, for any thread count (simulation/replicate_runner.hpp).
//
// References: Tsebelis & Garrett (2000) "Legislative politics in the European
// Union"; Crombez (1996) "Legislative procedures in the European Community";
// Steunenberg (1994); Thomson et al. (eds., 2006) *The European Union Decides*;
// Faratin, Sierra & Jennings (1998) for the negotiators' concession.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "scenario/forecast_case.hpp"
#include "scenario/scenario.hpp"

namespace parley {

struct AgentPlayOptions {
  std::int64_t replicates = 64;
  std::uint64_t seed = 1;
  int threads = 0;              // 0: one per hardware thread
  double position_sd = 0.1;     // of the issue's span
  double salience_sd = 0.1;     // on the 0–1 salience scale
  double perception_sd = 0.05;  // `[uncertainty] perception_sd`
  int table_rounds = 8;         // rounds of the table: each participant proposes this often
  std::string strategy = "time_dependent";
  // What no deal is worth: the status quo (each actor's fallback is its utility of
  // the status quo), or nothing (reservation utility 0: the law will be made, the
  // talks are about its content).
  // The default, kNothing, was chosen on the FIT half of DEU III (tools/
  // deu_accuracy.py): every proposal of that data set became law, and with the
  // status quo as fallback the agents deadlocked where the EU legislated (FIT MAE
  // 33.4 against 23.3).
  enum class Fallback { kStatusQuo, kNothing };
  Fallback fallback = Fallback::kNothing;
};

struct AgentPlayResult {
  std::vector<double> median;  // per issue: the forecast
  std::vector<double> mean;    // per issue
  double agreement_rate = 0;   // share of replicates that changed the status quo by a deal
};

// The scenario of one proposal (as described above), for traces and tests. The
// issues must share `id`, `procedure` and `date`; UsageError otherwise or when a
// member of the Council at the date is unknown.
Scenario legislative_scenario(std::span<const ForecastCase> issues,
                              const AgentPlayOptions& options);

// Plays the proposal `options.replicates` times and reads off the forecast.
AgentPlayResult play_proposal(std::span<const ForecastCase> issues,
                              const AgentPlayOptions& options);

}  // namespace parley
