// Forecast cases: the input of the forecasting models (protocol/forecast_models.hpp).
//
// A case is one issue on a scale [scale_min, scale_max] with actors that each have
// a position on it, a salience in [0, 1] and a capability >= 0, optionally a status
// quo and a voting rule. Cases come from CSV case tables (parsing/case_table.hpp)
// or from a scenario's forecasting phase; they are pure data, checked here once
// for every model.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

// One actor of a forecast: capability ≥ 0, position on the scale, salience ∈ [0, 1].
struct ForecastActor {
  std::string id;
  double capability = 1;
  double position = 0;
  double salience = 1;
};

// One issue to forecast. Actors' positions and the status quo lie on
// [scale_min, scale_max] (scale_min < scale_max), saliences in [0, 1], capabilities ≥ 0.
struct ForecastCase {
  std::string id;
  std::vector<ForecastActor> actors;
  double scale_min = 0;
  double scale_max = 100;
  std::optional<double> status_quo;
  std::string voting_rule;  // "", "majority", "qmv" or "unanimity" (see parse_voting_rule)
  // A multi-issue case table (parsing/case_table.hpp) holds proposals of several
  // issues: `id` is then the proposal's id and `issue` the issue's, and the issues
  // of one proposal share `procedure` and `date`. Empty in one-issue tables.
  std::string issue;
  std::string procedure;  // "", "cod" (co-decision) or "cns" (consultation)
  std::string date;       // as written: "2005-03-01" or DEU III's "01-03-05"
};

// Legislative procedures of the EU (protocol/eu_legislature.hpp).
enum class Procedure { kNone, kCodecision, kConsultation };
// "cod"/"codecision" or "cns"/"consultation", any letter case, spaces ignored;
// kNone for the empty string; std::nullopt for anything else.
std::optional<Procedure> parse_procedure(std::string_view text);

enum class VotingRule { kMajority, kQualifiedMajority, kUnanimity };

// Share of the total capability a qualified majority needs.
inline constexpr double kQualifiedMajorityQuota = 0.74;

// "majority", "qmv" or "unanimity" (also "unan", as in DEU III), in any letter case and
// with surrounding spaces ignored; std::nullopt for anything else, the empty string
// included (the procedural model reads it as majority).
std::optional<VotingRule> parse_voting_rule(std::string_view text);

// Throws UsageError naming the case and the problem unless the case has at least one
// actor, finite numbers, scale_min < scale_max within ±1e12 (kMaxIssueMagnitude),
// positions and status quo on the scale, saliences in [0, 1], capabilities in
// [0, 1e12] (kMaxWeight) and an empty or known voting rule. Within these limits every
// model's forecast is finite and on the scale (tests/unit/protocol).
// Every model of protocol/forecast_models.hpp checks its case with it.
void check_forecast_case(const ForecastCase& c);

}  // namespace parley
