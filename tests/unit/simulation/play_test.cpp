#include <catch2/catch.hpp>

#include <string>

#include "parsing/scenario_parser.hpp"
#include "record/record_schema.hpp"
#include "simulation/play.hpp"
#include "simulation/trace_replicate.hpp"

namespace parley {
namespace {

Scenario shipped(const std::string& name) {
  return load_scenario(std::string(PARLEY_SOURCE_DIR) + "/scenarios/" + name + ".toml");
}

int actor_index(const Scenario& scenario, const std::string& id) {
  for (int a = 0; a < scenario.actor_count(); ++a)
    if (scenario.actors[static_cast<std::size_t>(a)].id == id) return a;
  FAIL("no actor " << id);
  return -1;
}

// Plays the seat taking every suggestion of the agent in it; returns the last state.
PlayState follow_the_agent(const Scenario& scenario, std::uint64_t seed, std::uint64_t replicate,
                           int actor, int* asked = nullptr) {
  std::vector<SeatDecision> decisions;
  for (int step = 0; step < 10000; ++step) {
    PlayState state = play_replicate(scenario, seed, replicate, actor, decisions);
    if (state.done) return state;
    REQUIRE(state.decisions_used == decisions.size());
    const AwaitingDecision& awaiting = *state.awaiting;
    SeatDecision decision;
    if (awaiting.kind() == AwaitingDecision::Kind::kOffer) {
      decision.kind =
          awaiting.agent_would() ? SeatDecision::Kind::kOffer : SeatDecision::Kind::kPass;
      decision.offer = awaiting.offer();
    } else {
      decision.kind =
          awaiting.agent_would() ? SeatDecision::Kind::kAccept : SeatDecision::Kind::kReject;
    }
    decisions.push_back(decision);
    if (asked != nullptr) ++*asked;
  }
  FAIL("the session did not end");
  return {};
}

}  // namespace

TEST_CASE("a seat that takes every suggestion replays the agents' own session", "[play]") {
  for (const auto& [name, seat] :
       {std::pair{"ukraine_2025", "ukraine"}, std::pair{"ukraine_2025", "us"},
        std::pair{"triangle", "china"}}) {
    const Scenario scenario = shipped(name);
    for (std::uint64_t replicate = 0; replicate < 3; ++replicate) {
      INFO(name << ", seat " << seat << ", replicate " << replicate);
      int asked = 0;
      const PlayState played =
          follow_the_agent(scenario, 7, replicate, actor_index(scenario, seat), &asked);
      const ReplicateTrace agents = trace_replicate(scenario, 7, replicate);
      CHECK(asked > 0);
      CHECK(first_difference(played.trace.record, agents.record) == "");
      CHECK(played.trace.moves.size() == agents.moves.size());
    }
  }
}

TEST_CASE("the seat is asked for the first offer of its first turn", "[play]") {
  // In the flagship the US proposes first in the exploratory talks.
  const Scenario scenario = shipped("ukraine_2025");
  const PlayState state = play_replicate(scenario, 7, 0, actor_index(scenario, "us"), {});
  REQUIRE_FALSE(state.done);
  REQUIRE(state.awaiting);
  CHECK(state.awaiting->kind() == AwaitingDecision::Kind::kOffer);
  CHECK(state.awaiting->round() == 1);
  CHECK(state.phase == 0);
  CHECK(state.awaiting->offer().size() == scenario.issue_count());
  // An answer where an offer is asked: the decisions do not fit this session.
  SeatDecision answer;
  answer.kind = SeatDecision::Kind::kAccept;
  CHECK_THROWS_AS(play_replicate(scenario, 7, 0, actor_index(scenario, "us"), {answer}),
                  SeatScriptMismatch);
}

TEST_CASE("the person's offer is the one put on the table", "[play]") {
  const Scenario scenario = shipped("ukraine_2025");
  const int us = actor_index(scenario, "us");
  const PlayState first = play_replicate(scenario, 7, 0, us, {});
  REQUIRE(first.awaiting);
  // The exploratory table has one issue, diplomatic_missions (discrete): offer
  // option 0 instead of the agent's suggestion; everything else as suggested.
  SeatDecision offer;
  offer.kind = SeatDecision::Kind::kOffer;
  offer.offer = first.awaiting->offer();
  int missions = -1;
  for (int d = 0; d < scenario.issue_count(); ++d)
    if (scenario.issues[static_cast<std::size_t>(d)].id == "diplomatic_missions") missions = d;
  REQUIRE(missions >= 0);
  offer.offer(missions) = 0.0;
  const PlayState next = play_replicate(scenario, 7, 0, us, {offer});
  bool found = false;
  for (const Move& move : next.trace.moves) {
    if (move.kind == MoveKind::kOffer && move.actor == us) {
      CHECK(move.outcome == offer.offer);
      found = true;
      break;
    }
  }
  CHECK(found);
}

}  // namespace parley
