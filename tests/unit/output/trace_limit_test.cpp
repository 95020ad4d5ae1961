// The bound on a trace's move log (Session::set_log, output/trace.hpp): a phase
// of a million rounds is traced in bounded memory, the trace says which rounds
// it left out and how many moves they had, and the limit changes no result.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "output/trace.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/session.hpp"
#include "simulation/sweep_plan.hpp"
#include "simulation/trace_replicate.hpp"

namespace parley {
namespace {

// tests/cli/scenarios/endless_talks.toml: two traders who never agree (each
// holds out for 0.9): each round an offer and a rejection until both have
// conceded down to their fallback; `rounds` is the phase's max_rounds.
Scenario endless_talks(int rounds) {
  Scenario scenario =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/tests/cli/scenarios/endless_talks.toml");
  apply_override(scenario, "phases.talks.max_rounds=" + std::to_string(rounds));
  return scenario;
}

// The same traders with red lines no price keeps for both (the buyer pays at
// most 10, the seller takes no less than 90): neither can make an offer, so
// every round holds exactly one move, a pass.
Scenario deadlocked_talks(int rounds) {
  std::ifstream file(std::string(PARLEY_SOURCE_DIR) + "/tests/cli/scenarios/endless_talks.toml");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  for (const auto& [name, line] : {std::pair{"name = \"Buyer\"\n", "price <= 10"},
                                   std::pair{"name = \"Seller\"\n", "price >= 90"}}) {
    const std::size_t at = text.find(name);
    REQUIRE(at != std::string::npos);
    text.insert(at + std::string(name).size(), fmt::format("red_lines = [\"{}\"]\n", line));
  }
  Scenario scenario = parse_scenario(text, "deadlocked_talks.toml");
  apply_override(scenario, "phases.talks.max_rounds=" + std::to_string(rounds));
  return scenario;
}

std::vector<const Move*> of_kind(const std::vector<Move>& moves, MoveKind kind) {
  std::vector<const Move*> found;
  for (const Move& move : moves)
    if (move.kind == kind) found.push_back(&move);
  return found;
}

bool per_round(const Move& move) {
  return move.kind != MoveKind::kPhaseStart && move.kind != MoveKind::kPhaseEnd &&
         move.kind != MoveKind::kNotRecorded && move.kind != MoveKind::kThreatCarriedOut &&
         move.kind != MoveKind::kAgreementZone;
}

std::string bytes_of(const SessionRecord& record) {
  return encode_records(std::vector<SessionRecord>{record});
}

}  // namespace

TEST_CASE("a trace of a million rounds keeps about 100000 moves and says what it left out",
          "[trace]") {
  const Scenario scenario = deadlocked_talks(1'000'000);
  const ReplicateTrace trace = trace_replicate(scenario, 1, 0);
  // One move a round (a pass): with the phase start and the analysis's zone of
  // agreement the log holds 2 + r moves after round r, so it is full (100000)
  // after round 99998; rounds 99999 … 999999 are summed up, 900001 passes; the
  // last round is told in full.
  CHECK(trace.max_moves == kMaxLogMoves);
  CHECK(trace.moves.size() <= static_cast<std::size_t>(kMaxLogMoves) + 8);
  CHECK(of_kind(trace.moves, MoveKind::kOffer).empty());
  const std::vector<const Move*> gaps = of_kind(trace.moves, MoveKind::kNotRecorded);
  REQUIRE(gaps.size() == 1);
  CHECK(gaps[0]->round == 99'999);
  CHECK(gaps[0]->detail == 999'999);
  CHECK(gaps[0]->count == 900'001);
  CHECK(gaps[0]->index == 0);  // no shocks
  const std::size_t n = trace.moves.size();
  CHECK(trace.moves[n - 2].kind == MoveKind::kPass);
  CHECK(trace.moves[n - 2].index == static_cast<int>(OfferReason::kRedLines));
  CHECK(trace.moves[n - 2].round == 1'000'000);
  CHECK(trace.moves[n - 1].kind == MoveKind::kPhaseEnd);
  CHECK(trace.moves[n - 1].round == 1'000'000);

  // The log changes nothing: the record of the same replicate without one.
  Session plain(scenario);
  CHECK(bytes_of(trace.record) == bytes_of(plain.run(1, 0, 0)));

  std::ostringstream text;
  write_trace_text(text, scenario, trace);
  CHECK_THAT(text.str(), Catch::Contains("\nRounds 99999–999999 are not recorded: the trace keeps "
                                         "about 100000 moves, and these rounds had 900001 more. "
                                         "No proposal passed in them.\nRound 1000000 · Seller "
                                         "passes: no new offer worth its fallback keeps the "
                                         "red lines of those it needs\n"));
  CHECK_THAT(text.str(), Catch::Contains("no proposal passed in 1000000 rounds"));

  std::ostringstream jsonl;
  write_trace_jsonl(jsonl, scenario, trace);
  std::istringstream lines(jsonl.str());
  int found = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto event = nlohmann::json::parse(line);
    if (event.at("event") != "rounds_not_recorded") continue;
    ++found;
    CHECK(line ==
          R"({"event":"rounds_not_recorded","phase":"talks","round":99999,"last_round":999999,)"
          R"("moves":900001,"shocks":0,"max_moves":100000})");
  }
  CHECK(found == 1);
}

TEST_CASE("a small limit changes no result and keeps phase ends, threats and last rounds",
          "[trace]") {
  for (const char* name : {"ukraine_2025", "belarus_potash", "triangle", "bdm_example"}) {
    const Scenario scenario =
        load_scenario(std::string(PARLEY_SOURCE_DIR) + "/scenarios/" + name + ".toml");
    Session plain(scenario);
    Session whole(scenario);
    Session bounded(scenario);
    std::vector<Move> all;
    std::vector<Move> kept;
    whole.set_log(&all, 1'000'000);
    bounded.set_log(&kept, 5);
    int gaps_seen = 0;
    for (std::uint64_t replicate = 0; replicate < 20; ++replicate) {
      all.clear();
      kept.clear();
      const SessionRecord a = plain.run(7, 0, replicate);
      const SessionRecord b = whole.run(7, 0, replicate);
      const SessionRecord c = bounded.run(7, 0, replicate);
      INFO(name << " replicate " << replicate);
      CHECK(bytes_of(a) == bytes_of(b));
      CHECK(bytes_of(a) == bytes_of(c));
      CHECK(of_kind(all, MoveKind::kNotRecorded).empty());
      // Every phase start and end, every threat (made at most once) and every
      // threat carried out is kept.
      for (MoveKind kind : {MoveKind::kPhaseStart, MoveKind::kPhaseEnd, MoveKind::kThreat,
                            MoveKind::kThreatCarriedOut, MoveKind::kRatify, MoveKind::kVeto}) {
        CHECK(of_kind(all, kind).size() == of_kind(kept, kind).size());
      }
      // Per phase: the moves kept plus those a gap counts are all the moves; the
      // moves of the phase's last round are kept as they are.
      std::map<int, std::int64_t> total;
      std::map<int, std::int64_t> accounted;
      std::map<int, int> last_round;
      for (const Move& move : all) {
        if (per_round(move)) ++total[move.phase];
        if (move.kind == MoveKind::kPhaseEnd) last_round[move.phase] = move.round;
      }
      for (const Move& move : kept) {
        if (per_round(move)) ++accounted[move.phase];
        if (move.kind == MoveKind::kNotRecorded) {
          ++gaps_seen;
          accounted[move.phase] += move.count;
          CHECK(move.round <= move.detail);
          CHECK(move.detail < last_round[move.phase]);
        }
      }
      CHECK(accounted == total);
      for (const auto& [phase, round] : last_round) {
        std::vector<MoveKind> in_all;
        std::vector<MoveKind> in_kept;
        for (const Move& move : all)
          if (move.phase == phase && move.round == round && per_round(move))
            in_all.push_back(move.kind);
        for (const Move& move : kept)
          if (move.phase == phase && move.round == round && per_round(move))
            in_kept.push_back(move.kind);
        CHECK(in_all == in_kept);
      }
      // Both logs tell without error.
      std::ostringstream text;
      ReplicateTrace told;
      told.moves = kept;
      told.record = c;
      told.drawn = bounded.drawn_parameters();
      told.max_moves = 5;
      write_trace_text(text, scenario, told);
      write_trace_jsonl(text, scenario, told);
    }
    if (std::string(name) == "ukraine_2025") CHECK(gaps_seen > 0);
  }
}

TEST_CASE("a phase that ends in the first round past the limit leaves nothing out", "[trace]") {
  // 2 moves a round, the phase start and the zone of agreement (the analysis): with a
  // limit of 3, round 2 begins past it, but the phase's last round is always kept, so
  // the log is the whole log.
  const Scenario scenario = endless_talks(2);
  const ReplicateTrace bounded = trace_replicate(scenario, 1, 0, nullptr, 3);
  const ReplicateTrace whole = trace_replicate(scenario, 1, 0);
  REQUIRE(bounded.moves.size() == whole.moves.size());
  for (std::size_t k = 0; k < whole.moves.size(); ++k) {
    CHECK(bounded.moves[k].kind == whole.moves[k].kind);
    CHECK(bounded.moves[k].round == whole.moves[k].round);
  }
  CHECK(of_kind(bounded.moves, MoveKind::kNotRecorded).empty());
}

}  // namespace parley
