// The trace as JSON lines (output/trace.hpp: write_trace_jsonl): one event per
// line — "session" first, then one event per logged move, "outcome" last —
// with keys in a fixed order and numbers at full precision. The schema is
// documented event by event in docs/trace_format.md.
#include "output/trace.hpp"

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/protocol.hpp"
#include "strategy/strategy.hpp"
#include "utility/utility.hpp"

namespace parley {
namespace {

using Json = nlohmann::ordered_json;

std::string_view reason_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kAccept:
      return "accepted";
    case Verdict::kBelowFallback:
      return "below_reservation";
    case Verdict::kBelowTarget:
      return "below_target";
    case Verdict::kRedLine:
      return "red_line";
  }
  return "accepted";
}

// Every actor's utility of `offer`: as logged, or evaluated with the drawn parameters.
Eigen::VectorXd offer_utilities(const Scenario& scenario, const ReplicateTrace& trace,
                                const Move& move) {
  if (move.by_actor.size() == scenario.actor_count()) return move.by_actor;
  UtilityModel model;
  model.reset(trace.drawn, scenario.spans(), scenario.valuations);
  Eigen::VectorXd utilities(scenario.actor_count());
  model.evaluate(move.outcome, utilities);
  return utilities;
}

Json ids(const Scenario& scenario, const std::vector<int>& actors) {
  Json list = Json::array();
  for (int a : actors) list.push_back(scenario.actors[static_cast<std::size_t>(a)].id);
  return list;
}

Json per_actor(const Scenario& scenario, const Eigen::VectorXd& values) {
  Json object = Json::object();
  for (int a = 0; a < scenario.actor_count(); ++a) {
    object[scenario.actors[static_cast<std::size_t>(a)].id] = values(a);
  }
  return object;
}

Json vector_json(const Eigen::VectorXd& values) {
  Json list = Json::array();
  for (Eigen::Index k = 0; k < values.size(); ++k) list.push_back(values(k));
  return list;
}

// Why an offer or a pass (record/move.hpp OfferReason); null for a forecast.
Json offer_reason(int index) {
  if (index < 0) return Json(nullptr);
  switch (static_cast<OfferReason>(index)) {
    case OfferReason::kAtTarget:
      return "at_target";
    case OfferReason::kLoweredTarget:
      return "lowered_target";
    case OfferReason::kRequiredOnly:
      return "required_red_lines_only";
    case OfferReason::kNothingNew:
      return "nothing_new";
    case OfferReason::kRedLines:
      return "red_lines";
  }
  return Json(nullptr);
}

Json number_or_null(double value) { return std::isnan(value) ? Json(nullptr) : Json(value); }

Json actor_or_null(const Scenario& scenario, int actor) {
  return actor < 0 ? Json(nullptr) : Json(scenario.actors[static_cast<std::size_t>(actor)].id);
}

// A response at the table or a ratification vote (the same fields).
Json answer_json(const Scenario& scenario, const Move& move, bool ratification) {
  const auto verdict = static_cast<Verdict>(move.index);
  const Actor& actor = scenario.actors[static_cast<std::size_t>(move.actor)];
  Json event = {{"event", ratification ? "ratification" : "response"},
                {"phase", scenario.phases[static_cast<std::size_t>(move.phase)].id},
                {"round", move.round},
                {"actor", actor.id}};
  if (!ratification) event["to"] = actor_or_null(scenario, move.target);
  event["accepted"] = verdict == Verdict::kAccept;
  event["utility"] = move.value;
  event["reason"] = verdict == Verdict::kBelowFallback && move.detail == kBelowLookahead
                        ? std::string_view("below_later_phases")
                        : reason_name(verdict);
  event["red_line"] = verdict == Verdict::kRedLine && move.detail >= 0 &&
                              static_cast<std::size_t>(move.detail) < actor.red_lines.size()
                          ? Json(actor.red_lines[static_cast<std::size_t>(move.detail)].text())
                          : Json(nullptr);
  event["threshold"] = number_or_null(move.threshold);
  return event;
}

}  // namespace

void write_trace_jsonl(std::ostream& out, const Scenario& scenario, const ReplicateTrace& trace) {
  auto emit = [&out](const Json& event) { out << event.dump() << '\n'; };
  auto phase_id = [&](const Move& move) {
    return scenario.phases[static_cast<std::size_t>(move.phase)].id;
  };
  auto instrument_id = [&](int k) { return scenario.instruments[static_cast<std::size_t>(k)].id; };

  Json issues = Json::array();
  for (const Issue& issue : scenario.issues) {
    issues.push_back({{"id", issue.id},
                      {"label", issue.label},
                      {"unit", issue.unit},
                      {"min", issue.min},
                      {"max", issue.max},
                      {"options", issue.options}});
  }
  Json actors = Json::array();
  for (int a = 0; a < scenario.actor_count(); ++a) {
    const Actor& actor = scenario.actors[static_cast<std::size_t>(a)];
    actors.push_back({{"id", actor.id},
                      {"name", actor.name},
                      {"reservation_utility", trace.drawn.reservation(a)},
                      {"capability", trace.drawn.capability(a)},
                      {"ideal", vector_json(trace.drawn.ideal.row(a).transpose())}});
  }
  emit({{"event", "session"},
        {"scenario", scenario.name},
        {"seed", trace.seed},
        {"replicate", trace.replicate},
        {"issues", issues},
        {"actors", actors},
        {"status_quo", vector_json(trace.drawn.status_quo)}});

  for (const Move& move : trace.moves) {
    switch (move.kind) {
      case MoveKind::kPhaseStart: {
        const Phase& phase = scenario.phases[static_cast<std::size_t>(move.phase)];
        Json on_table = Json::array();
        for (int d : phase.issues)
          on_table.push_back(scenario.issues[static_cast<std::size_t>(d)].id);
        emit({{"event", "phase_start"},
              {"phase", phase.id},
              {"label", phase.label},
              {"participants", ids(scenario, phase.participants)},
              {"ratifiers", ids(scenario, phase.ratifiers)},
              {"protocol", protocol_of(phase).name()},
              {"issues", on_table},
              {"max_rounds", phase.max_rounds}});
        break;
      }
      case MoveKind::kOffer:
        emit({{"event", "offer"},
              {"phase", phase_id(move)},
              {"round", move.round},
              {"actor", actor_or_null(scenario, move.actor)},
              {"offer", vector_json(move.outcome)},
              {"utilities", per_actor(scenario, offer_utilities(scenario, trace, move))},
              {"amendment", move.detail == 1},
              {"reason", offer_reason(move.index)}});
        break;
      case MoveKind::kPass:
        emit({{"event", "pass"},
              {"phase", phase_id(move)},
              {"round", move.round},
              {"actor", actor_or_null(scenario, move.actor)},
              {"reason", offer_reason(move.index)}});
        break;
      case MoveKind::kAccept:
      case MoveKind::kReject:
        emit(answer_json(scenario, move, false));
        break;
      case MoveKind::kRatify:
      case MoveKind::kVeto:
        emit(answer_json(scenario, move, true));
        break;
      case MoveKind::kThreat:
        emit({{"event", "threat"},
              {"phase", phase_id(move)},
              {"round", move.round},
              {"actor", actor_or_null(scenario, move.actor)},
              {"target", actor_or_null(scenario, move.target)},
              {"instrument", instrument_id(move.index)},
              {"credibility", trace.drawn.instrument(move.index, Instrument::kCredibility)},
              {"drop", trace.drawn.instrument(move.index, Instrument::kDrop)},
              {"audience_cost", trace.drawn.instrument(move.index, Instrument::kAudienceCost)},
              {"ultimatum", move.detail == 1},
              {"backing", move.detail == kBackingMove}});
        break;
      case MoveKind::kSidePayment:
        emit({{"event", "side_payment"},
              {"phase", phase_id(move)},
              {"round", move.round},
              {"actor", actor_or_null(scenario, move.actor)},
              {"target", actor_or_null(scenario, move.target)},
              {"instrument", instrument_id(move.index)},
              {"value", move.value},
              {"budget", trace.drawn.instrument(move.index, Instrument::kValue)},
              {"backing", move.detail == kBackingMove}});
        break;
      case MoveKind::kShock: {
        const Shock& shock = scenario.shocks[static_cast<std::size_t>(move.index)];
        emit({{"event", "shock"},
              {"phase", phase_id(move)},
              {"round", move.round},
              {"shock", shock.id},
              {"label", shock.label}});
        break;
      }
      case MoveKind::kModelRound: {
        const Phase& phase = scenario.phases[static_cast<std::size_t>(move.phase)];
        Json positions = Json::object();
        for (int j : phase.participants) {
          positions[scenario.actors[static_cast<std::size_t>(j)].id] = move.by_actor(j);
        }
        emit({{"event", "model_round"},
              {"phase", phase.id},
              {"round", move.detail},
              {"issue", scenario.issues[static_cast<std::size_t>(move.index)].id},
              {"positions", positions},
              {"median", move.value},
              {"mean", move.mean}});
        break;
      }
      case MoveKind::kPhaseEnd:
        emit({{"event", "phase_end"},
              {"phase", phase_id(move)},
              {"round", move.round},
              {"result", std::string(to_string(static_cast<PhaseResult>(move.index)))}});
        break;
      case MoveKind::kAgreementZone: {
        Json required = Json::array();
        Json fallbacks = Json::object();
        Json utilities = Json::object();
        for (int a = 0; a < scenario.actor_count(); ++a) {
          if (a >= move.fallback.size() || std::isnan(move.fallback(a))) continue;
          const std::string& id = scenario.actors[static_cast<std::size_t>(a)].id;
          required.push_back(id);
          fallbacks[id] = move.fallback(a);
          if (a < move.by_actor.size()) utilities[id] = number_or_null(move.by_actor(a));
        }
        const bool exists = move.index == 1;
        emit({{"event", "agreement_zone"},
              {"phase", phase_id(move)},
              {"exists", exists},
              {"required", required},
              {"fallbacks", fallbacks},
              {"nash_point", exists ? vector_json(move.outcome) : Json(nullptr)},
              {"nash_utilities", exists ? utilities : Json(nullptr)}});
        break;
      }
      case MoveKind::kNotRecorded:
        emit({{"event", "rounds_not_recorded"},
              {"phase", phase_id(move)},
              {"round", move.round},
              {"last_round", move.detail},
              {"moves", move.count},
              {"shocks", move.index},
              {"max_moves", trace.max_moves}});
        break;
      case MoveKind::kThreatCarriedOut:
        emit({{"event", "threat_carried_out"},
              {"actor", actor_or_null(scenario, move.actor)},
              {"target", actor_or_null(scenario, move.target)},
              {"instrument", instrument_id(move.index)},
              {"drop", trace.drawn.instrument(move.index, Instrument::kDrop)},
              {"cost", trace.drawn.instrument(move.index, Instrument::kThreatCost)}});
        break;
      case MoveKind::kThreatBackedDown:
        emit({{"event", "threat_backed_down"},
              {"actor", actor_or_null(scenario, move.actor)},
              {"target", actor_or_null(scenario, move.target)},
              {"instrument", instrument_id(move.index)},
              {"audience_cost", trace.drawn.instrument(move.index, Instrument::kAudienceCost)}});
        break;
    }
  }

  const SessionRecord& record = trace.record;
  auto marked = [&](const std::vector<char>& flags, auto id_of) {
    Json list = Json::array();
    for (std::size_t k = 0; k < flags.size(); ++k)
      if (flags[k]) list.push_back(id_of(k));
    return list;
  };
  auto actor_id = [&](std::size_t a) { return scenario.actors[a].id; };
  auto instrument_at = [&](std::size_t k) { return scenario.instruments[k].id; };
  emit(
      {{"event", "outcome"},
       {"agreed", record.agreed},
       {"phase", record.agreed ? Json(scenario.phases[static_cast<std::size_t>(record.phase)].id)
                               : Json(nullptr)},
       {"round", record.round},
       {"outcome", vector_json(record.outcome)},
       {"utilities", per_actor(scenario, record.utility)},
       {"reservation", per_actor(scenario, record.reservation)},
       {"gains", per_actor(scenario, record.utility - record.reservation)},
       {"nearest_deal", record.agreed && record.nearest_deal >= 0
                            ? Json(scenario.deals[static_cast<std::size_t>(record.nearest_deal)].id)
                            : Json(nullptr)},
       {"vetoed_by", marked(record.vetoed, actor_id)},
       {"blocked_by", marked(record.blocked, actor_id)},
       {"threats_carried_out", marked(record.threat_carried_out, instrument_at)},
       {"threats_backed_down", marked(record.threat_backed_down, instrument_at)},
       {"side_payments_offered", marked(record.side_payment_offered, instrument_at)},
       {"side_payments_paid", marked(record.side_payment_paid, instrument_at)},
       {"zone_of_agreement",
        record.zone_of_agreement < 0 ? Json(nullptr) : Json(record.zone_of_agreement > 0)},
       {"pareto_slack", number_or_null(record.pareto_slack)},
       {"nash_distance", number_or_null(record.nash_distance)}});
}

}  // namespace parley
