// Reading `[[phases]]` (scenario_builder.hpp): participants, the protocol and its
// keys (read_phase_protocol), deadline, issues on the table, decision rule,
// ratification and how a phase ends. Their semantic checks are validate's.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "parsing/scenario_builder.hpp"
#include "protocol/eu_council.hpp"
#include "protocol/forecast_models.hpp"
#include "protocol/protocol.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley {

PhaseEnd ScenarioBuilder::phase_end(const toml::node& node, std::string_view what) const {
  const std::string value = read_.as_string(node, what);
  if (value == "next_phase") return PhaseEnd::kNextPhase;
  if (value == "breakdown") return PhaseEnd::kBreakdown;
  read_.fail(node, fmt::format("expected {} to be \"next_phase\" or \"breakdown\", found \"{}\"",
                               what, value));
}

DecisionRule::Kind ScenarioBuilder::rule_kind(const toml::node& node) const {
  const std::string value = read_.as_string(node, "the decision `rule`");
  if (value == "unanimity") return DecisionRule::Kind::kUnanimity;
  if (value == "majority") return DecisionRule::Kind::kMajority;
  if (value == "quota") return DecisionRule::Kind::kQuota;
  if (value == "eu_council") return DecisionRule::Kind::kCouncil;
  read_.fail(node, fmt::format("expected the decision rule to be \"unanimity\", \"majority\", "
                               "\"quota\" or \"eu_council\", found \"{}\"",
                               value));
}

void ScenarioBuilder::read_phases() {
  const auto& list =
      read_.as_array(read_.require(root_, "phases", "the scenario file"), "`phases`");
  if (list.empty()) read_.fail(list, "expected at least one [[phases]] entry, found none");
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::string context = fmt::format("[[phases]] #{}", k + 1);
    const auto& table = read_.as_table(list[k], context);
    read_.check_keys(table, context,
                     {"id", "label", "participants", "protocol", "proposer_order", "recognition",
                      "amendment_rule", "max_rounds", "issues", "decision_rule", "ratification",
                      "on_veto", "on_deadline", "breakdown_probability", "agreement"});
    Phase phase;
    ScenarioSources::PhaseSource source;
    source.table = where(table);
    phase.id = unique_id(table, context, "phase", scenario_.phases);
    const std::string about = fmt::format("phase `{}`", phase.id);
    if (const auto* label = table.get("label")) phase.label = read_.as_string(*label, "`label`");
    const auto& participants_node = read_.require(table, "participants", about);
    phase.participants =
        actor_list(participants_node, fmt::format("the participants of `{}`", phase.id));
    source.participants = where(participants_node);
    read_phase_protocol(table, phase, source);
    // A forecasting protocol decides in one step: max_rounds is optional there.
    if (!protocol_of(phase).decides_in_one_step() || table.get("max_rounds") != nullptr) {
      phase.max_rounds = read_max_rounds(read_, read_.require(table, "max_rounds", about));
    }
    if (const auto* issues = table.get("issues")) {
      for (const auto& item : read_.as_array(*issues, "`issues`")) {
        const std::string id = read_.as_string(item, "an issue id");
        const int d = scenario_.issue_index(id);
        if (d < 0) {
          read_.fail(
              item,
              fmt::format("unknown issue `{}` in the issues of phase `{}`; expected one of: {}", id,
                          phase.id, join_ids(scenario_.issues)));
        }
        for (int seen : phase.issues) {
          if (seen == d) read_.fail(item, fmt::format("issue `{}` is listed twice", id));
        }
        phase.issues.push_back(d);
      }
      if (phase.issues.empty())
        read_.fail(*issues, "expected at least one issue on the table, found none");
    } else {
      for (int d = 0; d < scenario_.issue_count(); ++d) phase.issues.push_back(d);
    }
    if (const auto* rule = table.get("decision_rule")) read_decision_rule(*rule, phase, source);
    if (const auto* ratification = table.get("ratification")) {
      phase.ratifiers =
          actor_list(*ratification, fmt::format("the ratification of `{}`", phase.id));
      for (const auto& item : *ratification->as_array()) source.ratifiers.push_back(where(item));
    }
    if (const auto* on_veto = table.get("on_veto"))
      phase.on_veto = phase_end(*on_veto, "`on_veto`");
    if (const auto* on_deadline = table.get("on_deadline")) {
      phase.on_deadline = phase_end(*on_deadline, "`on_deadline`");
    }
    if (const auto* agreement = table.get("agreement")) {
      const std::string kind = read_.as_string(*agreement, "`agreement`");
      if (kind != "interim" && kind != "settlement") {
        read_.fail(*agreement, fmt::format("expected `agreement` to be \"settlement\" or "
                                           "\"interim\", found \"{}\"",
                                           kind));
      }
      phase.interim = kind == "interim";
    }
    if (const auto* breakdown = table.get("breakdown_probability")) {
      phase.breakdown_probability = read_.as_number(*breakdown, "`breakdown_probability`");
      source.breakdown_probability = where(*breakdown);
    }
    // Whole-phase play, such as the equilibrium strategy's (validate checks that
    // it is every participant's, in a phase it can solve).
    phase.equilibrium =
        !phase.participants.empty() &&
        std::all_of(phase.participants.begin(), phase.participants.end(), [&](int j) {
          return strategy_info(scenario_.actors[static_cast<std::size_t>(j)].strategy).whole_phase;
        });
    scenario_.phases.push_back(std::move(phase));
    sources_.phases.push_back(std::move(source));
  }
}

// `protocol = "…"` and the keys that belong to a protocol: the protocol is looked
// up in the registry (protocol/protocol.hpp), which says which keys it reads.
void ScenarioBuilder::read_phase_protocol(const toml::table& table, Phase& phase,
                                          ScenarioSources::PhaseSource& source) {
  const std::string about = fmt::format("phase `{}`", phase.id);
  const auto& protocol_node = read_.require(table, "protocol", about);
  const std::string protocol = read_.as_string(protocol_node, "`protocol`");
  source.protocol = where(protocol_node);
  const Protocol* found = find_protocol(protocol);
  if (found == nullptr) {
    read_.fail(protocol_node, fmt::format("unknown protocol \"{}\"; expected one of: {}", protocol,
                                          protocol_names()));
  }
  phase.protocol = protocol;
  // A key that some protocol reads is refused on a phase of another protocol.
  for (const Protocol* other : protocols()) {
    for (const ProtocolKey& key : other->keys()) {
      const auto* node = table.get(key.name);
      if (node == nullptr) continue;
      const auto own = found->keys();
      if (std::none_of(own.begin(), own.end(),
                       [&](const ProtocolKey& mine) { return mine.name == key.name; })) {
        read_.fail(*node,
                   fmt::format("`{}` applies only to protocol = \"{}\"", key.name, other->name()));
      }
    }
  }
  if (const auto* order = table.get("proposer_order")) {
    if (const auto* sequence = order->as_array()) {
      // An explicit sequence of proposers, repeated.
      phase.proposer_order = ProposerOrder::kSequence;
      for (const auto& item : *sequence) {
        const int actor = actor_ref(item, fmt::format("the proposer order of `{}`", phase.id));
        const auto at = std::find(phase.participants.begin(), phase.participants.end(), actor);
        if (at == phase.participants.end()) {
          read_.fail(item,
                     fmt::format("`{}` in the proposer order of `{}` is not a participant",
                                 scenario_.actors[static_cast<std::size_t>(actor)].id, phase.id));
        }
        phase.proposer_sequence.push_back(static_cast<int>(at - phase.participants.begin()));
      }
      if (phase.proposer_sequence.empty())
        read_.fail(*order, "expected at least one proposer, found none");
    } else {
      const std::string value = read_.as_string(*order, "`proposer_order`");
      if (value == "rotating" || value == "listed") {
        phase.proposer_order = ProposerOrder::kListed;
      } else if (value == "capability") {
        phase.proposer_order = ProposerOrder::kCapability;
      } else {
        read_.fail(*order,
                   fmt::format("expected `proposer_order` to be \"rotating\", \"capability\" or "
                               "an array of participants, found \"{}\"",
                               value));
      }
    }
  }
  if (const auto* rule = table.get("amendment_rule")) {
    const std::string value = read_.as_string(*rule, "`amendment_rule`");
    if (value == "closed") {
      phase.amendment_rule = AmendmentRule::kClosed;
    } else if (value == "open") {
      phase.amendment_rule = AmendmentRule::kOpen;
    } else {
      read_.fail(*rule,
                 fmt::format("expected `amendment_rule` to be \"closed\" or \"open\", found \"{}\"",
                             value));
    }
  }
  // Recognition weights are checked here, as written: the phase keeps them normalised.
  phase.recognition.assign(phase.participants.size(),
                           1.0 / static_cast<double>(phase.participants.size()));
  if (const auto* recognition = table.get("recognition")) {
    const auto& weights = read_.as_table(*recognition, "`recognition`");
    double total = 0.0;
    for (const auto& [key, value] : weights) {
      std::size_t slot = phase.participants.size();
      for (std::size_t k = 0; k < phase.participants.size(); ++k) {
        if (scenario_.actors[static_cast<std::size_t>(phase.participants[k])].id == key.str())
          slot = k;
      }
      if (slot == phase.participants.size()) {
        read_.fail(key.source(), fmt::format("`{}` in the recognition of `{}` is not a participant",
                                             key.str(), phase.id));
      }
      const double weight =
          read_.as_number(value, fmt::format("the recognition weight of `{}`", key.str()));
      if (weight < 0.0) {
        read_.fail(value, fmt::format("expected the recognition weight of `{}` to be ≥ 0, found {}",
                                      key.str(), weight));
      }
      phase.recognition[slot] = weight;
      total += weight;
    }
    if (weights.size() != phase.participants.size()) {
      read_.fail(weights, fmt::format("expected a recognition weight for every participant of `{}`",
                                      phase.id));
    }
    if (!(total > 0.0 && std::isfinite(total)))
      read_.fail(weights, fmt::format("expected recognition weights with a positive, finite sum, "
                                      "found {}",
                                      total));
    for (double& weight : phase.recognition) weight /= total;
  }
}

void ScenarioBuilder::read_decision_rule(const toml::node& node, Phase& phase,
                                         ScenarioSources::PhaseSource& source) {
  if (node.is_string()) {
    phase.decision_rule.kind = rule_kind(node);
    if (phase.decision_rule.kind == DecisionRule::Kind::kQuota) {
      read_.fail(
          node,
          "expected the quota rule as a table { rule = \"quota\", quota = 0.6 }, found a string");
    }
    if (phase.decision_rule.kind == DecisionRule::Kind::kCouncil) {
      read_.fail(node,
                 "expected the eu_council rule as a table { rule = \"eu_council\", date = "
                 "\"2005-03-01\" }, found a string");
    }
    return;
  }
  const auto& table = read_.as_table(node, "`decision_rule`");
  read_.check_keys(table, "the decision rule",
                   {"rule", "quota", "veto", "date", "voting", "agenda_setter"});
  const auto& rule_node = read_.require(table, "rule", "the decision rule");
  phase.decision_rule.kind = rule_kind(rule_node);
  const toml::node* quota = table.get("quota");
  if (phase.decision_rule.kind == DecisionRule::Kind::kQuota) {
    if (quota == nullptr) read_.fail(table, "missing key `quota` in the quota decision rule");
    phase.decision_rule.quota = read_.as_number(*quota, "`quota`");
    source.quota = where(*quota);
  } else if (quota != nullptr) {
    read_.fail(*quota, "`quota` applies only to rule = \"quota\"");
  }
  if (const auto* veto = table.get("veto")) {
    phase.decision_rule.veto = actor_list(*veto, "the veto players");
    for (const auto& item : *veto->as_array()) source.veto.push_back(where(item));
  }
  if (phase.decision_rule.kind != DecisionRule::Kind::kCouncil) {
    for (const char* key : {"date", "voting", "agenda_setter"})
      if (const auto* extra = table.get(key))
        read_.fail(*extra, fmt::format("`{}` applies only to rule = \"eu_council\"", key));
    return;
  }
  // The Council of the EU (protocol/eu_council.hpp): the rule in force at `date`
  // among the participants whose ids are member codes.
  const auto& date_node = read_.require(table, "date", "the eu_council decision rule");
  CivilDate date;
  try {
    date = parse_civil_date(read_.as_string(date_node, "`date`"));
    (void)builtin_council_table().thresholds(date);
  } catch (const UsageError& bad) {
    read_.fail(date_node, bad.what());
  }
  CouncilVoting voting = CouncilVoting::kQualifiedMajority;
  if (const auto* voting_node = table.get("voting")) {
    const std::string value = read_.as_string(*voting_node, "`voting`");
    const auto parsed = parse_council_voting(value);
    if (!parsed)
      read_.fail(
          *voting_node,
          fmt::format("expected `voting` to be \"qmv\" or \"unanimity\", found \"{}\"", value));
    voting = *parsed;
  }
  int agenda_setter = -1;
  if (const auto* setter = table.get("agenda_setter")) {
    agenda_setter = actor_ref(*setter, "the agenda setter");
    if (std::find(phase.participants.begin(), phase.participants.end(), agenda_setter) ==
        phase.participants.end())
      read_.fail(*setter, fmt::format("the agenda setter `{}` is not a participant of `{}`",
                                      scenario_.actors[static_cast<std::size_t>(agenda_setter)].id,
                                      phase.id));
  }
  try {
    phase.decision_rule.council =
        council_seats(builtin_council_table(), date, voting, scenario_, agenda_setter);
  } catch (const UsageError& bad) {
    read_.fail(rule_node, bad.what());
  }
}

}  // namespace parley
