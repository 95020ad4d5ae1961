// Reading threats and side payments (`threats`, `side_payments` of [[actors]]) and
// `[[shocks]]` (scenario_builder.hpp): the instruments and random events that act on
// the talks besides the offers. Their values' domains and an instrument's target
// are checked by validate.
#include <optional>
#include <string>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "parsing/scenario_builder.hpp"

namespace parley {

// Threats and side payments, after every actor is known (they name targets).
void ScenarioBuilder::read_instruments() {
  const auto& list = *root_.get("actors")->as_array();
  for (std::size_t k = 0; k < list.size(); ++k) {
    const auto& table = *list[k].as_table();
    const Actor& holder = scenario_.actors[k];
    for (const auto kind : {Instrument::Kind::kThreat, Instrument::Kind::kSidePayment}) {
      const bool threat = kind == Instrument::Kind::kThreat;
      const char* key = threat ? "threats" : "side_payments";
      const toml::node* node = table.get(key);
      if (node == nullptr) continue;
      for (const auto& item : read_.as_array(*node, fmt::format("`{}`", key))) {
        const std::string context =
            fmt::format("a {} of `{}`", threat ? "threat" : "side payment", holder.id);
        const auto& entry = read_.as_table(item, context);
        if (threat) {
          read_.check_keys(
              entry, context,
              {"id", "target", "reservation_drop", "credibility", "cost", "audience_cost"});
        } else {
          read_.check_keys(entry, context, {"id", "target", "value", "cost"});
        }
        Instrument instrument;
        instrument.kind = kind;
        instrument.actor = static_cast<int>(k);
        instrument.id = unique_id(entry, context, "instrument", scenario_.instruments);
        const auto& target_node = read_.require(entry, "target", context);
        instrument.target =
            actor_ref(target_node, fmt::format("the target of `{}`", instrument.id));
        const auto row = static_cast<Eigen::Index>(scenario_.instruments.size());
        scenario_.base.instrument.conservativeResize(row + 1, Instrument::kColumns);
        scenario_.base.instrument.row(row).setZero();
        const std::string prefix = fmt::format("actors.{}.{}.{}.", holder.id, key, instrument.id);
        auto number = [&](std::string_view name, int column, std::optional<double> fallback) {
          const auto* given = entry.get(name);
          if (given == nullptr && !fallback) {
            read_.fail(entry, fmt::format("missing key `{}` in {}", name, context));
          }
          std::string what = fmt::format("the {} of `{}`", name, instrument.id);
          const Distribution value =
              given != nullptr ? read_.as_parameter(*given, what) : Distribution::fixed(*fallback);
          add_parameter(prefix + std::string(name),
                        {ParameterRef::Field::kInstrument, static_cast<int>(row), column}, value,
                        0.0, 1.0, std::move(what), given != nullptr ? where(*given) : unwritten());
        };
        const std::optional<double> required;
        if (threat) {
          number("reservation_drop", Instrument::kDrop, required);
          number("credibility", Instrument::kCredibility, required);
          number("cost", Instrument::kThreatCost, 0.0);
          number("audience_cost", Instrument::kAudienceCost, 0.0);
        } else {
          number("value", Instrument::kValue, required);
          number("cost", Instrument::kPaymentCost, required);
        }
        scenario_.instruments.push_back(std::move(instrument));
        sources_.instrument_targets.push_back(where(target_node));
      }
    }
  }
}

void ScenarioBuilder::read_shocks() {
  const toml::node* node = root_.get("shocks");
  if (node == nullptr) return;
  const auto& list = read_.as_array(*node, "`shocks`");
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::string context = fmt::format("[[shocks]] #{}", k + 1);
    const auto& table = read_.as_table(list[k], context);
    read_.check_keys(table, context, {"id", "label", "probability", "phases", "once", "effects"});
    Shock shock;
    shock.id = unique_id(table, context, "shock", scenario_.shocks);
    const std::string about = fmt::format("shock `{}`", shock.id);
    if (const auto* label = table.get("label")) shock.label = read_.as_string(*label, "`label`");
    const auto row = static_cast<Eigen::Index>(scenario_.shocks.size());
    scenario_.base.shock_probability.conservativeResize(row + 1);
    const auto& probability = read_.require(table, "probability", about);
    std::string what = fmt::format("the probability of `{}`", shock.id);
    add_parameter(fmt::format("shocks.{}.probability", shock.id),
                  {ParameterRef::Field::kShockProbability, static_cast<int>(row), 0},
                  read_.as_parameter(probability, what), 0.0, 1.0, what, where(probability));
    if (const auto* phases = table.get("phases")) {
      for (const auto& item : read_.as_array(*phases, "`phases`")) {
        const std::string id = read_.as_string(item, "a phase id");
        int found = -1;
        for (std::size_t p = 0; p < scenario_.phases.size(); ++p)
          if (scenario_.phases[p].id == id) found = static_cast<int>(p);
        if (found < 0) {
          read_.fail(item, fmt::format("unknown phase `{}` in {}; expected one of: {}", id, about,
                                       join_ids(scenario_.phases)));
        }
        shock.phases.push_back(found);
      }
    } else {
      for (std::size_t p = 0; p < scenario_.phases.size(); ++p)
        shock.phases.push_back(static_cast<int>(p));
    }
    if (const auto* once = table.get("once")) {
      const auto value = once->value_exact<bool>();
      if (!value)
        read_.fail(*once,
                   fmt::format("expected `once` to be true or false, found {}", type_name(*once)));
      shock.once = *value;
    }
    const auto& effects = read_.as_array(read_.require(table, "effects", about), "`effects`");
    if (effects.empty())
      read_.fail(effects, fmt::format("expected at least one effect of `{}`", shock.id));
    for (std::size_t e = 0; e < effects.size(); ++e) {
      const std::string effect_context = fmt::format("effect #{} of `{}`", e + 1, shock.id);
      const auto& effect_table = read_.as_table(effects[e], effect_context);
      read_.check_keys(effect_table, effect_context, {"actor", "parameter", "change"});
      ShockEffect effect;
      effect.actor =
          actor_ref(read_.require(effect_table, "actor", effect_context), effect_context);
      const auto& parameter_node = read_.require(effect_table, "parameter", effect_context);
      const std::string parameter = read_.as_string(parameter_node, "`parameter`");
      double limit = 1.0;
      if (parameter == "reservation_utility") {
        effect.target = ShockEffect::Target::kReservation;
      } else if (parameter == "capability") {
        effect.target = ShockEffect::Target::kCapability;
        limit = 1e6;
      } else if (parameter.rfind("salience.", 0) == 0 &&
                 scenario_.issue_index(parameter.substr(9)) >= 0) {
        effect.target = ShockEffect::Target::kSalience;
        effect.issue = scenario_.issue_index(parameter.substr(9));
        limit = 1e6;
      } else {
        read_.fail(parameter_node,
                   fmt::format("expected `parameter` to be \"reservation_utility\", "
                               "\"capability\" or \"salience.<issue>\", found \"{}\"",
                               parameter));
      }
      const auto effect_row = static_cast<Eigen::Index>(scenario_.shock_effects.size());
      scenario_.base.shock_change.conservativeResize(effect_row + 1);
      const auto& change = read_.require(effect_table, "change", effect_context);
      std::string change_what = fmt::format("the change of {}", effect_context);
      add_parameter(fmt::format("shocks.{}.effects.{}.change", shock.id, e + 1),
                    {ParameterRef::Field::kShockChange, static_cast<int>(effect_row), 0},
                    read_.as_parameter(change, change_what), -limit, limit, change_what,
                    where(change));
      shock.effects.push_back(static_cast<int>(effect_row));
      scenario_.shock_effects.push_back(effect);
    }
    scenario_.shocks.push_back(std::move(shock));
  }
}

}  // namespace parley
