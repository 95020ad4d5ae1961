#include "scenario/forecast_case.hpp"

#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/input_limits.hpp"

namespace parley {
namespace {

std::string lower_trimmed(std::string_view text) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

}  // namespace

std::optional<VotingRule> parse_voting_rule(std::string_view text) {
  const std::string rule = lower_trimmed(text);
  if (rule == "majority") return VotingRule::kMajority;
  if (rule == "qmv") return VotingRule::kQualifiedMajority;
  if (rule == "unanimity" || rule == "unan") return VotingRule::kUnanimity;
  return std::nullopt;
}

std::optional<Procedure> parse_procedure(std::string_view text) {
  const std::string procedure = lower_trimmed(text);
  if (procedure.empty()) return Procedure::kNone;
  if (procedure == "cod" || procedure == "codecision") return Procedure::kCodecision;
  if (procedure == "cns" || procedure == "consultation") return Procedure::kConsultation;
  return std::nullopt;
}

void check_forecast_case(const ForecastCase& c) {
  const auto fail = [&](const std::string& problem) {
    throw UsageError(fmt::format("case \"{}\": {}", c.id, problem));
  };
  if (!std::isfinite(c.scale_min) || !std::isfinite(c.scale_max) || !(c.scale_min < c.scale_max))
    fail(fmt::format("the scale [{}, {}] is not an interval", c.scale_min, c.scale_max));
  if (std::abs(c.scale_min) > kMaxIssueMagnitude || std::abs(c.scale_max) > kMaxIssueMagnitude)
    fail(fmt::format("the scale [{}, {}] goes beyond [{:g}, {:g}] (its span would overflow)",
                     c.scale_min, c.scale_max, -kMaxIssueMagnitude, kMaxIssueMagnitude));
  if (c.actors.empty()) fail("no actors");
  const auto on_scale = [&](double x) {
    return std::isfinite(x) && x >= c.scale_min && x <= c.scale_max;
  };
  for (const ForecastActor& actor : c.actors) {
    if (!on_scale(actor.position))
      fail(fmt::format("actor \"{}\": position {} is off the scale [{}, {}]", actor.id,
                       actor.position, c.scale_min, c.scale_max));
    if (!(actor.salience >= 0.0 && actor.salience <= 1.0))
      fail(fmt::format("actor \"{}\": salience {} is outside [0, 1]", actor.id, actor.salience));
    if (!(actor.capability >= 0.0) || !std::isfinite(actor.capability))
      fail(fmt::format("actor \"{}\": capability {} is not a finite number >= 0", actor.id,
                       actor.capability));
    if (actor.capability > kMaxWeight)
      fail(
          fmt::format("actor \"{}\": capability {} is above {:g} (the weighted sums would "
                      "overflow)",
                      actor.id, actor.capability, kMaxWeight));
  }
  if (c.status_quo && !on_scale(*c.status_quo))
    fail(fmt::format("status quo {} is off the scale [{}, {}]", *c.status_quo, c.scale_min,
                     c.scale_max));
  if (!c.voting_rule.empty() && !parse_voting_rule(c.voting_rule))
    fail(fmt::format("unknown voting rule \"{}\" (expected majority, qmv or unanimity)",
                     c.voting_rule));
  if (!parse_procedure(c.procedure))
    fail(fmt::format("unknown procedure \"{}\" (expected cod or cns)", c.procedure));
}

}  // namespace parley
