// The semantic checks of a built scenario, in file order (list in validate.hpp).
#include "parsing/validate.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

#include <fmt/format.h>

#include "core/input_limits.hpp"
#include "parsing/sweep_validation.hpp"
#include "protocol/protocol.hpp"
#include "strategy/equilibrium.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// "[0, 1]", "[0, 1e+12]", "[0, ∞)".
std::string domain_text(double lo, double hi) {
  if (hi == kInf) return fmt::format("[{}, ∞)", lo);
  if (hi >= 1e9) return fmt::format("[{}, {:g}]", lo, hi);
  return fmt::format("[{}, {}]", lo, hi);
}

template <typename T>
const T* entry(const std::vector<T>& items, std::size_t index) {
  return index < items.size() ? &items[index] : nullptr;
}

// Which part of a value lies outside its domain [lo, hi], if any.
enum class Outside { kNothing, kValue, kMean, kSupport };

Outside outside(const Distribution& value, double lo, double hi) {
  const double mean = value.mean();
  if (mean < lo || mean > hi) return value.is_fixed() ? Outside::kValue : Outside::kMean;
  if (value.is_fixed()) return Outside::kNothing;
  const double support_min = value.support_min();
  const double support_max = value.support_max();
  if ((support_min < lo || support_max > hi) && std::isfinite(support_min) &&
      std::isfinite(support_max))
    return Outside::kSupport;
  return Outside::kNothing;
}

std::string outside_text(Outside part, const Distribution& value, double lo, double hi,
                         std::string_view what) {
  switch (part) {
    case Outside::kValue:
      return fmt::format("expected {} to be in {}, found {}", what, domain_text(lo, hi),
                         value.mean());
    case Outside::kMean:
      return fmt::format("expected the mean of {} to be in {}, found {}", what, domain_text(lo, hi),
                         value.mean());
    case Outside::kSupport:
      return fmt::format("expected the {} distribution of {} to lie in {}, found [{}, {}]",
                         value.kind_name(), what, domain_text(lo, hi), value.support_min(),
                         value.support_max());
    case Outside::kNothing:
      break;
  }
  return {};
}

class Validator {
 public:
  Validator(const Scenario& scenario, const ScenarioSources& sources)
      : scenario_(scenario), sources_(sources) {
    group_parameters();
  }

  // The order is the file's: the builder reads the sections in this order.
  void run() const {
    check_issues();
    for (std::size_t i : general_) check_parameter(i);
    for (std::size_t k = 0; k < scenario_.actors.size(); ++k) check_actor(k);
    check_deals();
    for (std::size_t p = 0; p < scenario_.phases.size(); ++p) check_phase(p);
    for (std::size_t i = 0; i < scenario_.instruments.size(); ++i) check_instrument(i);
    for (std::size_t s = 0; s < scenario_.shocks.size(); ++s) check_shock(s);
    if (!sources_.override_path && scenario_.sweep) check_sweep(scenario_, *scenario_.sweep);
  }

 private:
  // Parameter indices by where the builder reads them.
  void group_parameters() {
    const std::size_t actors = scenario_.actors.size();
    actor_params_.resize(actors);
    strategy_params_.resize(actors);
    instrument_params_.resize(scenario_.instruments.size());
    shock_probability_.resize(scenario_.shocks.size());
    shock_change_.resize(scenario_.shock_effects.size());
    const auto add = [&](std::vector<std::vector<std::size_t>>& groups, int row, std::size_t i) {
      if (row >= 0 && static_cast<std::size_t>(row) < groups.size())
        groups[static_cast<std::size_t>(row)].push_back(i);
      else
        general_.push_back(i);
    };
    for (std::size_t i = 0; i < scenario_.parameters.size(); ++i) {
      const ParameterRef& ref = scenario_.parameters[i].ref;
      switch (ref.field) {
        case ParameterRef::Field::kPerceptionSd:
        case ParameterRef::Field::kBeliefUpdate:
        case ParameterRef::Field::kStatusQuo:
          general_.push_back(i);
          break;
        case ParameterRef::Field::kCapability:
        case ParameterRef::Field::kIdeal:
        case ParameterRef::Field::kSalience:
        case ParameterRef::Field::kReservation:
        case ParameterRef::Field::kDiscount:
        case ParameterRef::Field::kRisk:
          add(actor_params_, ref.row, i);
          break;
        case ParameterRef::Field::kStrategyParam:
          add(strategy_params_, ref.row, i);
          break;
        case ParameterRef::Field::kInstrument:
          add(instrument_params_, ref.row, i);
          break;
        case ParameterRef::Field::kShockProbability:
          add(shock_probability_, ref.row, i);
          break;
        case ParameterRef::Field::kShockChange:
          add(shock_change_, ref.row, i);
          break;
      }
    }
  }

  // `message` at `at` for a file; "--set PATH: `set_message`" after an override.
  [[noreturn]] void fail(const SourceLocation& at, const std::string& message,
                         const std::string& set_message) const {
    if (sources_.override_path)
      throw UsageError(fmt::format("--set {}: {}", *sources_.override_path, set_message));
    throw ScenarioError(at, message);
  }
  [[noreturn]] void fail(const SourceLocation& at, const std::string& message) const {
    fail(at, message, message);
  }

  SourceLocation unknown() const { return {scenario_.source_name, 0, 0}; }
  SourceLocation located(const SourceLocation* at) const { return at ? *at : unknown(); }

  const std::string& actor_id(int index) const {
    return scenario_.actors[static_cast<std::size_t>(index)].id;
  }

  void check_issues() const {
    for (std::size_t d = 0; d < scenario_.issues.size(); ++d) {
      const Issue& issue = scenario_.issues[d];
      if (issue.is_discrete()) continue;
      const ScenarioSources::IssueSource* source = entry(sources_.issues, d);
      for (std::size_t end = 0; end < 2; ++end) {
        const double value = end == 0 ? issue.min : issue.max;
        if (std::abs(value) > kMaxIssueMagnitude) {
          fail(source ? (end == 0 ? source->min : source->max) : unknown(),
               fmt::format("expected the range {} to be in [-1e12, 1e12] (rescale the issue's "
                           "unit), found {}",
                           end == 0 ? "minimum" : "maximum", value));
        }
      }
      if (!(issue.min < issue.max)) {
        fail(source ? source->range : unknown(),
             fmt::format("expected range min < max, found [{}, {}]", issue.min, issue.max));
      }
    }
  }

  // A fixed value in the domain; a distribution's mean too, and its support if bounded.
  void check_parameter(std::size_t i) const {
    const ScenarioParameter& parameter = scenario_.parameters[i];
    const ScenarioSources::Value* source =
        sources_.override_path ? nullptr : entry(sources_.parameters, i);
    const double lo = parameter.domain_min;
    const double hi = parameter.domain_max;
    const Outside part = outside(parameter.value, lo, hi);
    if (part == Outside::kNothing) return;
    const std::string what = source ? source->what : fmt::format("`{}`", parameter.path);
    fail(source ? source->where : unknown(), outside_text(part, parameter.value, lo, hi, what));
  }

  void check_actor(std::size_t k) const {
    const Actor& actor = scenario_.actors[k];
    const ScenarioSources::ActorSource* source = entry(sources_.actors, k);
    const auto row = static_cast<Eigen::Index>(k);
    for (std::size_t i : actor_params_[k]) check_parameter(i);
    if (scenario_.base.salience.row(row).sum() <= 0.0) {
      fail(source ? source->salience : unknown(),
           fmt::format("expected a positive salience on at least one issue for `{}`, found all "
                       "zero",
                       actor.id),
           "leaves every salience of the actor at zero");
    }
    for (std::size_t i : strategy_params_[k]) check_parameter(i);
    const Eigen::VectorXd ideal = scenario_.base.ideal.row(row).transpose();
    for (std::size_t r = 0; r < actor.red_lines.size(); ++r) {
      const RedLine& line = actor.red_lines[r];
      if (line.holds(ideal)) continue;
      fail(located(source ? entry(source->red_lines, r) : nullptr),
           fmt::format("`{}`'s own ideal point breaks its red line \"{}\"; expected the ideal "
                       "point to satisfy every red line of the actor",
                       actor.id, line.text()),
           fmt::format("`{}`'s ideal point would break its own red line \"{}\"", actor.id,
                       line.text()));
    }
  }

  void check_deals() const {
    for (std::size_t k = 0; k < scenario_.deals.size(); ++k) {
      const Deal& deal = scenario_.deals[k];
      const std::vector<ScenarioSources::Value>* values = entry(sources_.deal_values, k);
      for (std::size_t d = 0; d < scenario_.issues.size(); ++d) {
        const Issue& issue = scenario_.issues[d];
        const double number = deal.values(static_cast<Eigen::Index>(d));
        if (issue.is_discrete() || (number >= issue.min && number <= issue.max)) continue;
        const Distribution value = Distribution::fixed(number);
        const Outside part = outside(value, issue.min, issue.max);
        const ScenarioSources::Value* source = values ? entry(*values, d) : nullptr;
        const std::string what =
            source ? source->what
                   : fmt::format("the value of deal `{}` on `{}`", deal.id, issue.id);
        fail(source ? source->where : unknown(),
             outside_text(part, value, issue.min, issue.max, what));
      }
    }
  }

  void check_phase(std::size_t p) const {
    const Phase& phase = scenario_.phases[p];
    const ScenarioSources::PhaseSource* source = entry(sources_.phases, p);
    const auto is_participant = [&](int actor) {
      for (int participant : phase.participants)
        if (participant == actor) return true;
      return false;
    };
    if (phase.participants.size() < 2) {
      fail(source ? source->participants : unknown(),
           fmt::format("expected at least 2 participants in phase `{}`, found {}", phase.id,
                       phase.participants.size()));
    }
    // What the phase's protocol cannot play (forecasting protocols: saliences
    // above 1; protocol/protocol.hpp).
    if (const auto problem = protocol_of(phase).problem(scenario_, phase)) {
      fail(source ? source->protocol : unknown(), *problem);
    }
    const DecisionRule& rule = phase.decision_rule;
    if (rule.kind == DecisionRule::Kind::kQuota && !(rule.quota > 0.0 && rule.quota <= 1.0)) {
      fail(source ? source->quota : unknown(),
           fmt::format("expected `quota` to be in (0, 1], found {}", rule.quota));
    }
    for (std::size_t v = 0; v < rule.veto.size(); ++v) {
      if (!is_participant(rule.veto[v])) {
        fail(located(source ? entry(source->veto, v) : nullptr),
             "expected veto players to be participants of the phase");
      }
    }
    for (std::size_t r = 0; r < phase.ratifiers.size(); ++r) {
      if (is_participant(phase.ratifiers[r])) {
        fail(located(source ? entry(source->ratifiers, r) : nullptr),
             fmt::format("actor `{}` is at the table in phase `{}`; expected ratifiers to be "
                         "absent actors",
                         actor_id(phase.ratifiers[r]), phase.id));
      }
    }
    if (!(phase.breakdown_probability >= 0.0 && phase.breakdown_probability < 1.0)) {
      fail(source ? source->breakdown_probability : unknown(),
           fmt::format("expected `breakdown_probability` to be in [0, 1), found {}",
                       phase.breakdown_probability));
    }
    check_equilibrium(phase, source);
  }

  // A whole-phase strategy (the equilibrium strategy) needs every participant to
  // play it, in a phase it can solve (strategy/strategy_catalogue.hpp).
  void check_equilibrium(const Phase& phase, const ScenarioSources::PhaseSource* source) const {
    for (const StrategyInfo& info : strategy_catalogue()) {
      if (!info.whole_phase) continue;
      std::size_t playing = 0;
      for (int j : phase.participants) {
        playing += scenario_.actors[static_cast<std::size_t>(j)].strategy == info.name ? 1U : 0U;
      }
      if (playing == 0) continue;
      const SourceLocation at = source ? source->table : unknown();
      if (playing != phase.participants.size()) {
        fail(at, fmt::format("phase `{}`: strategy `{}` needs every participant to play it "
                             "(subgame-perfect play is defined for the whole game), found {} of {}",
                             phase.id, info.name, playing, phase.participants.size()));
      }
      if (info.phase_problem == nullptr) continue;
      if (const auto problem = info.phase_problem(scenario_, phase)) {
        fail(at,
             fmt::format("phase `{}`: strategy `{}` applies only to division games: {}", phase.id,
                         info.name, *problem),
             fmt::format("phase `{}` would no longer be a division game: {}", phase.id, *problem));
      }
    }
  }

  void check_instrument(std::size_t i) const {
    const Instrument& instrument = scenario_.instruments[i];
    if (instrument.target == instrument.actor) {
      fail(located(entry(sources_.instrument_targets, i)),
           fmt::format("`{}` targets its own holder `{}`; expected another actor", instrument.id,
                       actor_id(instrument.actor)));
    }
    for (std::size_t k : instrument_params_[i]) check_parameter(k);
  }

  void check_shock(std::size_t s) const {
    for (std::size_t i : shock_probability_[s]) check_parameter(i);
    for (int effect : scenario_.shocks[s].effects) {
      if (effect >= 0 && static_cast<std::size_t>(effect) < shock_change_.size())
        for (std::size_t i : shock_change_[static_cast<std::size_t>(effect)]) check_parameter(i);
    }
  }

  const Scenario& scenario_;
  const ScenarioSources& sources_;
  std::vector<std::size_t> general_;  // uncertainty and status quos (and any unplaced)
  std::vector<std::vector<std::size_t>> actor_params_, strategy_params_, instrument_params_,
      shock_probability_, shock_change_;
};

}  // namespace

std::optional<std::string> domain_problem(const Distribution& value, double lo, double hi,
                                          std::string_view what) {
  const Outside part = outside(value, lo, hi);
  if (part == Outside::kNothing) return std::nullopt;
  return outside_text(part, value, lo, hi, what);
}

void validate(const Scenario& scenario, const ScenarioSources& sources) {
  Validator(scenario, sources).run();
}

}  // namespace parley
