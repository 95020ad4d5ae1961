#include "output/scenario_story.hpp"

#include <nlohmann/json.hpp>

#include "parsing/structural_overrides.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley {
namespace {

using Json = nlohmann::ordered_json;

std::vector<std::string> ids_of(const Scenario& scenario, const std::vector<int>& actors) {
  std::vector<std::string> ids;
  for (int a : actors) ids.push_back(scenario.actors[static_cast<std::size_t>(a)].id);
  return ids;
}

// Whether a parameter path is one of the judgement calls the scenario files
// name: saliences, reservation utilities, capabilities, discounts, risk,
// ideal points, strategy parameters, instruments' and shocks' numbers.
bool is_judgement(const std::string& path) {
  for (const char* part :
       {".salience.", ".reservation_utility", ".capability", ".discount_per_round",
        ".risk_exponent", ".ideal.", ".strategy.", ".threats.", ".side_payments.", "shocks."}) {
    if (path.find(part) != std::string::npos) return true;
  }
  return false;
}

// The parameter's group on the page: the actor it belongs to, else its first part.
std::string group_of(const std::string& path) {
  const auto first = path.find('.');
  if (path.rfind("actors.", 0) == 0) {
    const auto second = path.find('.', first + 1);
    return path.substr(first + 1, second - first - 1);
  }
  return path.substr(0, first);
}

const char* rule_name(DecisionRule::Kind kind) {
  switch (kind) {
    case DecisionRule::Kind::kUnanimity:
      return "unanimity";
    case DecisionRule::Kind::kMajority:
      return "majority";
    case DecisionRule::Kind::kQuota:
      return "quota";
    case DecisionRule::Kind::kCouncil:
      return "eu_council";
  }
  return "unanimity";
}

Json story(const Scenario& scenario) {
  Json out;
  out["name"] = scenario.name;
  out["description"] = scenario.description;
  out["run"] = {{"replicates", scenario.run.replicates}, {"seed", scenario.run.seed}};
  out["sweep"] = nullptr;
  if (scenario.sweep) {
    out["sweep"] = {{"replicates", scenario.sweep->replicates ? Json(*scenario.sweep->replicates)
                                                              : Json(nullptr)}};
  }
  Json actors = Json::array();
  for (const Actor& actor : scenario.actors) {
    Json lines = Json::array();
    for (const RedLine& line : actor.red_lines) lines.push_back(line.text());
    actors.push_back({{"id", actor.id},
                      {"name", actor.name},
                      {"strategy", actor.strategy},
                      {"red_lines", lines}});
  }
  out["actors"] = actors;
  Json issues = Json::array();
  for (std::size_t d = 0; d < scenario.issues.size(); ++d) {
    const Issue& issue = scenario.issues[d];
    issues.push_back({{"id", issue.id},
                      {"label", issue.label},
                      {"unit", issue.unit},
                      {"min", issue.min},
                      {"max", issue.max},
                      {"options", issue.options},
                      {"ends", issue.ends},
                      {"status_quo", scenario.base.status_quo(static_cast<int>(d))}});
  }
  out["issues"] = issues;
  Json phases = Json::array();
  for (const Phase& phase : scenario.phases) {
    std::vector<std::string> on_table;
    for (int d : phase.issues) on_table.push_back(scenario.issues[static_cast<std::size_t>(d)].id);
    phases.push_back({{"id", phase.id},
                      {"label", phase.label},
                      {"protocol", phase.protocol},
                      {"max_rounds", phase.max_rounds},
                      {"participants", ids_of(scenario, phase.participants)},
                      {"ratifiers", ids_of(scenario, phase.ratifiers)},
                      {"veto", ids_of(scenario, phase.decision_rule.veto)},
                      {"issues", on_table},
                      {"rule", rule_name(phase.decision_rule.kind)}});
  }
  out["phases"] = phases;
  Json instruments = Json::array();
  for (const Instrument& instrument : scenario.instruments) {
    instruments.push_back(
        {{"id", instrument.id},
         {"kind", instrument.kind == Instrument::Kind::kThreat ? "threat" : "side_payment"},
         {"holder", scenario.actors[static_cast<std::size_t>(instrument.actor)].id},
         {"target", scenario.actors[static_cast<std::size_t>(instrument.target)].id}});
  }
  out["instruments"] = instruments;
  Json shocks = Json::array();
  for (const Shock& shock : scenario.shocks)
    shocks.push_back({{"id", shock.id}, {"label", shock.label}});
  out["shocks"] = shocks;
  Json parameters = Json::array();
  for (const ScenarioParameter& p : scenario.parameters) {
    parameters.push_back({{"path", p.path},
                          {"value", p.value.is_fixed() ? Json(p.value.mean()) : Json(nullptr)},
                          {"distribution", p.value.to_toml()},
                          {"min", p.domain_min},
                          {"max", p.domain_max},
                          {"judgement", is_judgement(p.path)},
                          {"group", group_of(p.path)}});
  }
  out["parameters"] = parameters;
  std::vector<std::string> strategies;
  for (const StrategyInfo& info : strategy_catalogue()) strategies.emplace_back(info.name);
  out["strategies"] = strategies;
  out["structure"] = structural_paths(scenario);
  out["overrides"] = scenario.overrides;
  return out;
}

}  // namespace

std::string scenario_story_json(const Scenario& scenario) { return story(scenario).dump(); }

}  // namespace parley
