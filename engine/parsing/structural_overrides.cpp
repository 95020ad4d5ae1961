// Structural `--set` paths (structural_overrides.hpp): strategy kinds and the
// rules of the phases, read as a scenario file reads them.
#include "parsing/structural_overrides.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "parsing/scenario_builder.hpp"
#include "protocol/eu_council.hpp"
#include "protocol/protocol.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley {
namespace {

// The settings of a phase a path may name, after `phases.<id>.`.
constexpr std::string_view kPhaseSettings[] = {
    "max_rounds",     "decision_rule", "quota",     "protocol",
    "proposer_order", "participants",  "ratifiers", "veto"};

// "actors.<id>.strategy.<rest>" → {id, rest}; nothing for another form.
std::optional<std::pair<std::string_view, std::string_view>> strategy_path(std::string_view path) {
  constexpr std::string_view kActors = "actors.";
  constexpr std::string_view kStrategy = ".strategy.";
  if (path.substr(0, kActors.size()) != kActors) return std::nullopt;
  const std::string_view rest = path.substr(kActors.size());
  const auto at = rest.find(kStrategy);
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  return std::pair{rest.substr(0, at), rest.substr(at + kStrategy.size())};
}

// "phases.<id>.<setting>" → {id, setting}; nothing for another form.
std::optional<std::pair<std::string_view, std::string_view>> phase_path(std::string_view path) {
  constexpr std::string_view kPhases = "phases.";
  if (path.substr(0, kPhases.size()) != kPhases) return std::nullopt;
  const std::string_view rest = path.substr(kPhases.size());
  const auto dot = rest.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  return std::pair{rest.substr(0, dot), rest.substr(dot + 1)};
}

bool is_actor_field(ParameterRef::Field field) {
  switch (field) {
    case ParameterRef::Field::kCapability:
    case ParameterRef::Field::kIdeal:
    case ParameterRef::Field::kSalience:
    case ParameterRef::Field::kReservation:
    case ParameterRef::Field::kDiscount:
    case ParameterRef::Field::kRisk:
      return true;
    default:
      return false;
  }
}

std::string param_names(const StrategyInfo& info) {
  std::string names;
  for (const StrategyParamSpec& param : info.params) {
    if (!names.empty()) names += ", ";
    names += param.name;
  }
  return names.empty() ? "none" : names;
}

// Each phase is played whole (Phase::equilibrium) when every participant's
// strategy is a whole-phase one, as the builder decides it.
void refresh_whole_phase_play(Scenario& scenario) {
  for (Phase& phase : scenario.phases) {
    phase.equilibrium =
        !phase.participants.empty() &&
        std::all_of(phase.participants.begin(), phase.participants.end(), [&](int j) {
          return strategy_info(scenario.actors[static_cast<std::size_t>(j)].strategy).whole_phase;
        });
  }
}

// Actor `row` plays `info` from now on, with its default parameters.
void switch_strategy(Scenario& scenario, int row, const StrategyInfo& info) {
  Actor& actor = scenario.actors[static_cast<std::size_t>(row)];
  if (actor.strategy == info.name) return;
  // The new parameters take the old ones' place in file order (after the
  // actor's saliences, before the next actor's entries).
  std::vector<ScenarioParameter> kept;
  kept.reserve(scenario.parameters.size() + info.params.size());
  std::optional<std::size_t> at;
  std::optional<std::size_t> after_actor;
  for (ScenarioParameter& parameter : scenario.parameters) {
    const ParameterRef& ref = parameter.ref;
    if (ref.row == row && ref.field == ParameterRef::Field::kStrategyParam) {
      if (!at) at = kept.size();
      continue;
    }
    kept.push_back(std::move(parameter));
    if (ref.row == row && is_actor_field(ref.field)) after_actor = kept.size();
  }
  const std::size_t insert_at = at ? *at : after_actor ? *after_actor : kept.size();
  std::vector<ScenarioParameter> added;
  scenario.base.strategy_params.row(row).setZero();
  for (std::size_t slot = 0; slot < info.params.size(); ++slot) {
    const StrategyParamSpec& param = info.params[slot];
    ScenarioParameter parameter;
    parameter.path = fmt::format("actors.{}.strategy.{}", actor.id, param.name);
    parameter.ref = {ParameterRef::Field::kStrategyParam, row, static_cast<int>(slot)};
    parameter.value = Distribution::fixed(param.default_value);
    parameter.domain_min = param.min;
    parameter.domain_max = param.max;
    parameter.ref.in(scenario.base) = param.default_value;
    added.push_back(std::move(parameter));
  }
  kept.insert(kept.begin() + static_cast<std::ptrdiff_t>(insert_at),
              std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
  scenario.parameters = std::move(kept);
  actor.strategy = std::string(info.name);
  refresh_whole_phase_play(scenario);
}

// An array of distinct actor ids (empty allowed).
std::vector<int> actor_ids(const Scenario& scenario, const TomlReader& read, const toml::node& node,
                           std::string_view what) {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    throw UsageError(fmt::format("expected {} as an array of actor ids such as [\"{}\"], found {}",
                                 what, scenario.actors.front().id, type_name(node)));
  }
  std::vector<int> out;
  for (const toml::node& item : *array) {
    const std::string id = read.as_string(item, fmt::format("each actor of {}", what));
    const int index = scenario.actor_index(id);
    if (index < 0) {
      throw UsageError(fmt::format("unknown actor `{}` in {}; expected one of: {}", id, what,
                                   join_ids(scenario.actors)));
    }
    if (std::find(out.begin(), out.end(), index) != out.end())
      throw UsageError(fmt::format("actor `{}` is listed twice in {}", id, what));
    out.push_back(index);
  }
  return out;
}

DecisionRule::Kind rule_kind(const TomlReader& read, const toml::node& node) {
  const std::string value = read.as_string(node, "the decision rule");
  if (value == "unanimity") return DecisionRule::Kind::kUnanimity;
  if (value == "majority") return DecisionRule::Kind::kMajority;
  if (value == "quota") return DecisionRule::Kind::kQuota;
  if (value == "eu_council") return DecisionRule::Kind::kCouncil;
  throw UsageError(
      fmt::format("expected the decision rule to be \"unanimity\", \"majority\", \"quota\" or "
                  "\"eu_council\", found \"{}\"",
                  value));
}

// `decision_rule`: a rule name (quota and veto kept) or a table as in a file.
void set_decision_rule(const Scenario& scenario, Phase& phase, const TomlReader& read,
                       const toml::node& node) {
  if (node.is_string()) {
    const DecisionRule::Kind kind = rule_kind(read, node);
    if (kind == DecisionRule::Kind::kCouncil && phase.decision_rule.kind != kind)
      throw UsageError(
          "expected the eu_council rule as a table { rule = \"eu_council\", date = "
          "\"2005-03-01\" } (it needs a date)");
    phase.decision_rule.kind = kind;
    return;
  }
  if (!node.is_table()) {
    throw UsageError(fmt::format(
        "expected \"unanimity\", \"majority\", \"quota\" or a table such as {{ rule = \"quota\", "
        "quota = 0.6 }}, found {}",
        type_name(node)));
  }
  const toml::table& table = *node.as_table();
  read.check_keys(table, "the decision rule",
                  {"rule", "quota", "veto", "date", "voting", "agenda_setter"});
  DecisionRule rule;
  rule.kind = rule_kind(read, read.require(table, "rule", "the decision rule"));
  if (rule.kind == DecisionRule::Kind::kCouncil) {
    const CivilDate date = parse_civil_date(
        read.as_string(read.require(table, "date", "the eu_council rule"), "`date`"));
    CouncilVoting voting = CouncilVoting::kQualifiedMajority;
    if (const toml::node* voting_node = table.get("voting")) {
      const std::string value = read.as_string(*voting_node, "`voting`");
      const auto parsed = parse_council_voting(value);
      if (!parsed)
        throw UsageError(
            fmt::format("expected `voting` to be \"qmv\" or \"unanimity\", found \"{}\"", value));
      voting = *parsed;
    }
    int agenda_setter = -1;
    if (const toml::node* setter = table.get("agenda_setter")) {
      const std::string id = read.as_string(*setter, "the agenda setter");
      agenda_setter = scenario.actor_index(id);
      if (agenda_setter < 0)
        throw UsageError(fmt::format("unknown actor `{}` as the agenda setter; expected one of: {}",
                                     id, join_ids(scenario.actors)));
    }
    rule.council = council_seats(builtin_council_table(), date, voting, scenario, agenda_setter);
  } else {
    for (const char* key : {"date", "voting", "agenda_setter"})
      if (table.get(key) != nullptr)
        throw UsageError(fmt::format("`{}` applies only to rule = \"eu_council\"", key));
  }
  if (const toml::node* quota = table.get("quota")) {
    if (rule.kind != DecisionRule::Kind::kQuota)
      throw UsageError("`quota` applies only to rule = \"quota\"");
    rule.quota = read.as_number(*quota, "`quota`");
  } else if (rule.kind == DecisionRule::Kind::kQuota) {
    throw UsageError("missing key `quota` in the quota decision rule");
  }
  if (const toml::node* veto = table.get("veto"))
    rule.veto = actor_ids(scenario, read, *veto, "the veto players");
  phase.decision_rule = std::move(rule);
}

// `proposer_order`: "listed" ("rotating"), "capability" or an array of participants.
void set_proposer_order(const Scenario& scenario, Phase& phase, const TomlReader& read,
                        const toml::node& node) {
  const auto keys = protocol_of(phase).keys();
  if (std::none_of(keys.begin(), keys.end(),
                   [](const ProtocolKey& key) { return key.name == "proposer_order"; })) {
    throw UsageError(fmt::format(
        "`proposer_order` applies only to protocol = \"alternating_offers\"; phase `{}` has "
        "protocol \"{}\"",
        phase.id, phase.protocol));
  }
  if (const toml::array* sequence = node.as_array()) {
    std::vector<int> slots;
    for (const toml::node& item : *sequence) {
      const std::string id = read.as_string(item, "each proposer");
      const int actor = scenario.actor_index(id);
      const auto at = std::find(phase.participants.begin(), phase.participants.end(), actor);
      if (at == phase.participants.end()) {
        throw UsageError(
            fmt::format("`{}` in the proposer order of `{}` is not a participant", id, phase.id));
      }
      slots.push_back(static_cast<int>(at - phase.participants.begin()));
    }
    if (slots.empty()) throw UsageError("expected at least one proposer, found none");
    phase.proposer_order = ProposerOrder::kSequence;
    phase.proposer_sequence = std::move(slots);
    return;
  }
  if (!node.is_string()) {
    throw UsageError(
        fmt::format("expected \"listed\", \"capability\" or an array of participants, found {}",
                    type_name(node)));
  }
  const std::string value = *node.value_exact<std::string>();
  if (value == "listed" || value == "rotating") {
    phase.proposer_order = ProposerOrder::kListed;
  } else if (value == "capability") {
    phase.proposer_order = ProposerOrder::kCapability;
  } else {
    throw UsageError(fmt::format(
        "expected \"listed\", \"capability\" or an array of participants, found \"{}\"", value));
  }
  phase.proposer_sequence.clear();
}

// New participants: recognition weights and an explicit proposer sequence
// follow their actors.
void set_participants(const Scenario& scenario, Phase& phase, std::vector<int> participants) {
  const std::vector<int> old = phase.participants;
  const auto old_slot = [&](int actor) {
    const auto at = std::find(old.begin(), old.end(), actor);
    return at == old.end() ? -1 : static_cast<int>(at - old.begin());
  };
  const bool equal_weights =
      std::adjacent_find(phase.recognition.begin(), phase.recognition.end(),
                         [](double a, double b) { return a != b; }) == phase.recognition.end();
  std::vector<double> weights;
  if (equal_weights || participants.empty()) {
    weights.assign(participants.size(),
                   participants.empty() ? 0.0 : 1.0 / static_cast<double>(participants.size()));
  } else {
    double total = 0.0;
    for (int actor : participants) {
      const int slot = old_slot(actor);
      if (slot < 0) {
        throw UsageError(fmt::format(
            "phase `{}` gives its participants unequal recognition weights and `{}` has none; "
            "expected the new participants to be among the old ones",
            phase.id, scenario.actors[static_cast<std::size_t>(actor)].id));
      }
      weights.push_back(phase.recognition[static_cast<std::size_t>(slot)]);
      total += weights.back();
    }
    if (!(total > 0.0)) {
      throw UsageError(fmt::format(
          "the recognition weights of the new participants of `{}` sum to 0", phase.id));
    }
    for (double& weight : weights) weight /= total;
  }
  if (phase.proposer_order == ProposerOrder::kSequence) {
    for (int& slot : phase.proposer_sequence) {
      const int actor = old[static_cast<std::size_t>(slot)];
      const auto at = std::find(participants.begin(), participants.end(), actor);
      if (at == participants.end()) {
        throw UsageError(fmt::format(
            "`{}` is in the proposer order of `{}` and would no longer be a participant; set "
            "phases.{}.proposer_order first",
            scenario.actors[static_cast<std::size_t>(actor)].id, phase.id, phase.id));
      }
      slot = static_cast<int>(at - participants.begin());
    }
  }
  phase.participants = std::move(participants);
  phase.recognition = std::move(weights);
}

}  // namespace

bool changes_structure(std::string_view path) {
  if (const auto strategy = strategy_path(path)) return strategy->second == "kind";
  if (const auto phase = phase_path(path)) {
    return phase->second != "max_rounds" &&
           std::find(std::begin(kPhaseSettings), std::end(kPhaseSettings), phase->second) !=
               std::end(kPhaseSettings);
  }
  return false;
}

int assignment_rank(std::string_view path) {
  if (const auto strategy = strategy_path(path)) return strategy->second == "kind" ? 0 : 1;
  if (const auto phase = phase_path(path)) {
    const std::string_view setting = phase->second;
    return setting == "protocol" || setting == "decision_rule" || setting == "participants" ? 0 : 1;
  }
  return 1;
}

std::vector<std::string> structural_paths(const Scenario& scenario) {
  std::vector<std::string> paths;
  for (const Actor& actor : scenario.actors)
    paths.push_back(fmt::format("actors.{}.strategy.kind", actor.id));
  for (const Phase& phase : scenario.phases) {
    for (const std::string_view setting : kPhaseSettings)
      paths.push_back(fmt::format("phases.{}.{}", phase.id, setting));
  }
  return paths;
}

bool set_structure(Scenario& scenario, const std::string& path, const toml::node& node,
                   const TomlReader& read) {
  if (const auto strategy = strategy_path(path); strategy && strategy->second == "kind") {
    const int row = scenario.actor_index(strategy->first);
    if (row < 0) return false;
    const auto name = node.value_exact<std::string>();
    const StrategyInfo* info = name ? find_strategy(*name) : nullptr;
    if (info == nullptr) {
      throw UsageError(fmt::format("expected a strategy name in quotes, one of: {}; found {}",
                                   strategy_names(),
                                   name ? fmt::format("\"{}\"", *name) : type_name(node)));
    }
    switch_strategy(scenario, row, *info);
    return true;
  }
  const auto setting = phase_path(path);
  if (!setting) return false;
  const auto phase_at =
      std::find_if(scenario.phases.begin(), scenario.phases.end(),
                   [&](const Phase& phase) { return phase.id == setting->first; });
  if (phase_at == scenario.phases.end()) return false;
  Phase& phase = *phase_at;
  const std::string_view key = setting->second;
  if (key == "max_rounds") {
    phase.max_rounds = read_max_rounds(read, node);
  } else if (key == "decision_rule") {
    set_decision_rule(scenario, phase, read, node);
  } else if (key == "quota") {
    if (phase.decision_rule.kind != DecisionRule::Kind::kQuota) {
      throw UsageError(fmt::format(
          "`quota` applies only to rule = \"quota\"; phase `{}` has another rule (set "
          "phases.{}.decision_rule = \"quota\" first, or give {{ rule = \"quota\", quota = … }})",
          phase.id, phase.id));
    }
    phase.decision_rule.quota = read.as_number(node, "`quota`");
  } else if (key == "protocol") {
    const auto name = node.value_exact<std::string>();
    if (!name || find_protocol(*name) == nullptr) {
      throw UsageError(fmt::format("expected a protocol name in quotes, one of: {}; found {}",
                                   protocol_names(),
                                   name ? fmt::format("\"{}\"", *name) : type_name(node)));
    }
    phase.protocol = *name;
  } else if (key == "proposer_order") {
    set_proposer_order(scenario, phase, read, node);
  } else if (key == "participants") {
    set_participants(
        scenario, phase,
        actor_ids(scenario, read, node, fmt::format("the participants of `{}`", phase.id)));
    refresh_whole_phase_play(scenario);
  } else if (key == "ratifiers") {
    phase.ratifiers =
        actor_ids(scenario, read, node, fmt::format("the ratifiers of `{}`", phase.id));
  } else if (key == "veto") {
    phase.decision_rule.veto =
        actor_ids(scenario, read, node, fmt::format("the veto players of `{}`", phase.id));
  } else {
    return false;
  }
  return true;
}

std::optional<std::string> strategy_parameter_problem(const Scenario& scenario,
                                                      std::string_view path) {
  const auto strategy = strategy_path(path);
  if (!strategy || strategy->second == "kind") return std::nullopt;
  const int row = scenario.actor_index(strategy->first);
  if (row < 0) return std::nullopt;
  const Actor& actor = scenario.actors[static_cast<std::size_t>(row)];
  const StrategyInfo& info = strategy_info(actor.strategy);
  std::string kinds;
  for (const StrategyInfo& other : strategy_catalogue()) {
    for (const StrategyParamSpec& param : other.params) {
      if (param.name != strategy->second) continue;
      if (!kinds.empty()) kinds += ", ";
      kinds += other.name;
    }
  }
  if (kinds.empty()) return std::nullopt;  // a misspelling: the closest paths say more
  return fmt::format(
      "`{}` plays {}, whose parameters are: {}; `{}` is a parameter of {} (set "
      "actors.{}.strategy.kind first)",
      actor.id, actor.strategy, param_names(info), strategy->second, kinds, actor.id);
}

}  // namespace parley
