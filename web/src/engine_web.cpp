// The engine in the browser: the embind API of parley_engine.js (web/API.md).
//
// Built with emscripten by the `wasm` preset (tools/build_web.sh), single
// threaded, for a Web Worker. Scenarios live here under small integer ids;
// every call answers with JSON text ({"ok": false, "error": …} for bad input,
// the engine's own message), so the page needs no exception handling across
// the boundary. Runs are `run_replicates` on one thread — the same records,
// and so the same bytes of outcomes.csv, as the native `parley run` for the
// same scenario, replicates and seed (checked by the browser test, web/test).
//
// References: emscripten's embind documentation ("Embind", emscripten.org);
// nlohmann::json for the answers.

#include <emscripten/bind.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "output/csv_writer.hpp"
#include "output/outcome_columns.hpp"
#include "output/scenario_story.hpp"
#include "output/summary.hpp"
#include "output/trace.hpp"
#include "parsing/overrides.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/play.hpp"
#include "simulation/replicate_runner.hpp"
#include "simulation/trace_replicate.hpp"

namespace parley::web {
namespace {

using nlohmann::json;

std::map<int, std::unique_ptr<Scenario>>& scenarios() {
  static std::map<int, std::unique_ptr<Scenario>> held;
  return held;
}

json error_answer(const std::string& message) { return {{"ok", false}, {"error", message}}; }

// Runs `answer`, turning the engine's exceptions into {"ok": false, "error"}.
template <class Answer>
std::string guarded(Answer&& answer) {
  try {
    return answer().dump();
  } catch (const ScenarioError& bad) {
    return error_answer(bad.what()).dump();
  } catch (const UsageError& bad) {
    return error_answer(bad.what()).dump();
  } catch (const std::exception& bad) {
    return error_answer(std::string("internal error: ") + bad.what()).dump();
  }
}

Scenario& scenario_of(int id) {
  const auto found = scenarios().find(id);
  if (found == scenarios().end()) throw UsageError("no scenario with id " + std::to_string(id));
  return *found->second;
}

// A finite number, or null.
json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

// The story of a scenario (output/scenario_story.hpp) as JSON.
json story(const Scenario& scenario) { return json::parse(scenario_story_json(scenario)); }

std::vector<SessionRecord> replicates_of(const Scenario& scenario, int replicates, double seed,
                                         bool analysis = true) {
  if (replicates < 1 || replicates > 10'000'000)
    throw UsageError("replicates: expected 1 … 10,000,000, found " + std::to_string(replicates));
  RunRequest request;
  request.replicates = replicates;
  request.seed = static_cast<std::uint64_t>(seed);
  request.threads = 1;  // a Web Worker: one thread
  request.analysis = analysis;
  return run_replicates(scenario, request);
}

json columns_json(std::vector<TypedColumn>& columns) {
  json out = json::array();
  for (TypedColumn& column : columns) {
    json values = json::array();
    switch (column.kind) {
      case TypedColumn::Kind::kFlag:
        for (auto v : column.flags) values.push_back(static_cast<int>(v));
        break;
      case TypedColumn::Kind::kOptionalFlag:
        for (auto v : column.flags)
          values.push_back(v < 0 ? json(nullptr) : json(static_cast<int>(v)));
        break;
      case TypedColumn::Kind::kInteger:
        for (auto v : column.integers) values.push_back(v);
        break;
      case TypedColumn::Kind::kNumber:
        for (double v : column.numbers) values.push_back(number(v));
        break;
      case TypedColumn::Kind::kCategory:
        for (auto v : column.codes) values.push_back(v);
        break;
    }
    out.push_back({{"name", column.name},
                   {"kind", to_string(column.kind)},
                   {"values", std::move(values)},
                   {"categories", column.categories}});
  }
  return out;
}

// ---- The API (web/API.md).

std::string load_scenario(const std::string& text, const std::string& name) {
  return guarded([&] {
    auto scenario = std::make_unique<Scenario>(parse_scenario(text, name));
    static int next_id = 1;
    const int id = next_id++;
    json answer = {{"ok", true}, {"id", id}, {"story", story(*scenario)}};
    scenarios().emplace(id, std::move(scenario));
    return answer;
  });
}

void free_scenario(int id) { scenarios().erase(id); }

std::string story_of(int id) {
  return guarded([&] { return json{{"ok", true}, {"story", story(scenario_of(id))}}; });
}

std::string set_parameter(int id, const std::string& path, const std::string& value) {
  return guarded([&] {
    Scenario& scenario = scenario_of(id);
    apply_override(scenario, path + "=" + value);
    return json{{"ok", true}, {"story", story(scenario)}};
  });
}

std::string run_replicates_json(int id, int replicates, double seed, bool analysis) {
  return guarded([&] {
    const Scenario& scenario = scenario_of(id);
    const auto start = std::chrono::steady_clock::now();
    const std::vector<SessionRecord> records = replicates_of(scenario, replicates, seed, analysis);
    const std::vector<MetricSummary> summaries = summarise(scenario, records);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    json summary = json::array();
    for (const MetricSummary& s : summaries) {
      const bool some = s.n > 0;
      summary.push_back(
          {{"metric", s.metric},
           {"n", s.n},
           {"mean", some ? number(s.mean) : json(nullptr)},
           {"sd", some ? number(s.sd) : json(nullptr)},
           {"q05", some ? number(s.q05) : json(nullptr)},
           {"q25", some ? number(s.q25) : json(nullptr)},
           {"q50", some ? number(s.q50) : json(nullptr)},
           {"q75", some ? number(s.q75) : json(nullptr)},
           {"q95", some ? number(s.q95) : json(nullptr)},
           {"wilson_low", some && s.binary ? number(s.wilson.low) : json(nullptr)},
           {"wilson_high", some && s.binary ? number(s.wilson.high) : json(nullptr)}});
    }
    OutcomeColumns outcomes(scenario);
    outcomes.append(records, 0);
    return json{{"ok", true},
                {"seconds", seconds},
                {"replicates", replicates},
                {"summary", std::move(summary)},
                {"outcomes", {{"columns", columns_json(outcomes.columns())}}}};
  });
}

std::string run(int id, int replicates, double seed) {
  return run_replicates_json(id, replicates, seed, true);
}

std::string run_without_analysis(int id, int replicates, double seed) {
  return run_replicates_json(id, replicates, seed, false);
}

// Puts a data file a scenario names (an actors table) where the parser looks:
// paths relative to the scenario's folder, which is the root for a scenario
// loaded by its file name.
std::string add_file(const std::string& path, const std::string& text) {
  return guarded([&] {
    const std::filesystem::path where = std::filesystem::path("/") / path;
    std::filesystem::create_directories(where.parent_path());
    std::ofstream out(where, std::ios::binary);
    out << text;
    if (!out) throw UsageError("cannot write " + where.string());
    return json{{"ok", true}};
  });
}

std::string outcomes_csv(int id, int replicates, double seed) {
  try {
    const Scenario& scenario = scenario_of(id);
    const std::vector<SessionRecord> records = replicates_of(scenario, replicates, seed);
    std::ostringstream csv;
    write_outcomes_header(csv, scenario);
    write_outcome_rows(csv, scenario, records, 0, 0);
    return csv.str();
  } catch (const std::exception& bad) {
    return error_answer(bad.what()).dump();
  }
}

// A trace's records (the JSON lines `parley trace --format jsonl` writes), as an
// array; without the `outcome` record when the session has not ended.
json trace_events(const Scenario& scenario, const ReplicateTrace& told, bool ended) {
  std::ostringstream jsonl;
  write_trace_jsonl(jsonl, scenario, told);
  json events = json::array();
  std::istringstream lines(jsonl.str());
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    json event = json::parse(line);
    if (!ended && event.value("event", "") == "outcome") continue;
    events.push_back(std::move(event));
  }
  return events;
}

std::string trace(int id, double seed, int replicate) {
  return guarded([&] {
    const Scenario& scenario = scenario_of(id);
    const ReplicateTrace told = trace_replicate(scenario, static_cast<std::uint64_t>(seed),
                                                static_cast<std::uint64_t>(replicate));
    return json{{"ok", true}, {"events", trace_events(scenario, told, true)}};
  });
}

int actor_of(const Scenario& scenario, const std::string& id) {
  for (int a = 0; a < scenario.actor_count(); ++a)
    if (scenario.actors[static_cast<std::size_t>(a)].id == id) return a;
  throw UsageError("no actor \"" + id + "\" in the scenario");
}

std::string play(int id, double seed, int replicate, const std::string& actor_id,
                 const std::string& decisions_json) {
  return guarded([&] {
    const Scenario& scenario = scenario_of(id);
    const int actor = actor_of(scenario, actor_id);
    std::vector<SeatDecision> decisions;
    for (const json& given : json::parse(decisions_json)) {
      SeatDecision decision;
      if (given.contains("offer")) {
        decision.kind = SeatDecision::Kind::kOffer;
        const auto values = given.at("offer").get<std::vector<double>>();
        if (static_cast<int>(values.size()) != scenario.issue_count())
          throw UsageError("an offer needs one value per issue");
        decision.offer = Eigen::Map<const Eigen::VectorXd>(
            values.data(), static_cast<Eigen::Index>(values.size()));
      } else if (given.contains("pass")) {
        decision.kind = SeatDecision::Kind::kPass;
      } else {
        decision.kind = given.at("accept").get<bool>() ? SeatDecision::Kind::kAccept
                                                       : SeatDecision::Kind::kReject;
      }
      decisions.push_back(std::move(decision));
    }
    PlayState state;
    try {
      state = play_replicate(scenario, static_cast<std::uint64_t>(seed),
                             static_cast<std::uint64_t>(replicate), actor, decisions);
    } catch (const SeatScriptMismatch& mismatch) {
      throw UsageError(mismatch.what());
    }
    // Before the end the record is not final: no outcome event yet.
    const json events = trace_events(scenario, state.trace, state.done);
    const ModelParameters& drawn = state.trace.drawn;
    json seat = {{"actor", actor_id}};
    if (drawn.reservation.size() > actor) {
      seat["reservation"] = drawn.reservation(actor);
      std::vector<double> ideal(static_cast<std::size_t>(scenario.issue_count()));
      std::vector<double> salience(ideal.size());
      for (int d = 0; d < scenario.issue_count(); ++d) {
        ideal[static_cast<std::size_t>(d)] = drawn.ideal(actor, d);
        salience[static_cast<std::size_t>(d)] = drawn.salience(actor, d);
      }
      seat["ideal"] = ideal;
      seat["salience"] = salience;
    }
    json lines_json = json::array();
    for (const RedLine& line : scenario.actors[static_cast<std::size_t>(actor)].red_lines)
      lines_json.push_back(line.text());
    seat["red_lines"] = lines_json;
    json answer = {{"ok", true}, {"done", state.done}, {"seat", seat}, {"events", events}};
    answer["awaiting"] = nullptr;
    answer["result"] = nullptr;
    if (state.awaiting) {
      const AwaitingDecision& asked = *state.awaiting;
      const Phase& phase = scenario.phases[static_cast<std::size_t>(std::max(0, state.phase))];
      std::vector<std::string> on_table;
      for (int d : phase.issues)
        on_table.push_back(scenario.issues[static_cast<std::size_t>(d)].id);
      std::vector<double> offer(asked.offer().data(), asked.offer().data() + asked.offer().size());
      // What the offer on the table is worth to the seat: its offer event's utilities.
      json utility = nullptr;
      if (asked.kind() == AwaitingDecision::Kind::kAnswer) {
        for (auto event = events.rbegin(); event != events.rend(); ++event) {
          if (event->value("event", "") == "offer" && event->contains("utilities")) {
            utility = (*event)["utilities"].value(actor_id, json(nullptr));
            break;
          }
        }
      }
      answer["awaiting"] = {
          {"kind", asked.kind() == AwaitingDecision::Kind::kOffer ? "offer" : "answer"},
          {"utility", utility},
          {"phase", phase.id},
          {"round", asked.round()},
          {"offer", offer},
          {"agent_would", asked.agent_would()},
          {"issues_on_table", on_table}};
    } else {
      const SessionRecord& record = state.trace.record;
      std::vector<double> outcome(record.outcome.data(),
                                  record.outcome.data() + record.outcome.size());
      json utilities;
      for (int a = 0; a < scenario.actor_count(); ++a)
        utilities[scenario.actors[static_cast<std::size_t>(a)].id] = record.utility(a);
      answer["result"] = {{"agreed", record.agreed},
                          {"outcome", outcome},
                          {"utility", record.utility(actor)},
                          {"utilities", utilities}};
    }
    return answer;
  });
}

}  // namespace
}  // namespace parley::web

EMSCRIPTEN_BINDINGS(parley_engine) {
  using namespace parley::web;
  emscripten::function("load_scenario", &load_scenario);
  emscripten::function("free_scenario", &free_scenario);
  emscripten::function("story", &story_of);
  emscripten::function("set_parameter", &set_parameter);
  emscripten::function("run", &run);
  emscripten::function("run_without_analysis", &run_without_analysis);
  emscripten::function("add_file", &add_file);
  emscripten::function("outcomes_csv", &outcomes_csv);
  emscripten::function("trace", &trace);
  emscripten::function("play", &play);
}
