// Ctrl-C during a long phase: a session checks its cancel flag once a round, so
// a replicate of a hundred million rounds (about 25 s) stops at once, and a
// flag that stays false changes nothing.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "core/errors.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/replicate_runner.hpp"
#include "simulation/session.hpp"
#include "simulation/sweep_plan.hpp"

namespace parley {
namespace {

// tests/cli/scenarios/endless_talks.toml: no offer is ever accepted, so every
// replicate plays all 10^8 rounds.
Scenario endless_talks() {
  return load_scenario(std::string(PARLEY_SOURCE_DIR) + "/tests/cli/scenarios/endless_talks.toml");
}

// Sets `flag` after `delay` on a thread of its own (joined on destruction).
class SetLater {
 public:
  SetLater(std::atomic<bool>& flag, std::chrono::milliseconds delay)
      : thread_([&flag, delay] {
          std::this_thread::sleep_for(delay);
          flag.store(true);
        }) {}
  ~SetLater() { thread_.join(); }
  SetLater(const SetLater&) = delete;
  SetLater& operator=(const SetLater&) = delete;

 private:
  std::thread thread_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("a cancel flag stops a replicate of a hundred million rounds at its next round",
          "[cancel]") {
  const Scenario scenario = endless_talks();
  REQUIRE(scenario.phases[0].max_rounds == 100'000'000);
  Session session(scenario);
  std::atomic<bool> cancel{false};
  session.set_cancel(&cancel);
  const auto start = std::chrono::steady_clock::now();
  {
    const SetLater stop(cancel, std::chrono::milliseconds(100));
    CHECK_THROWS_AS(session.run(1, 0, 0), RunCancelled);
  }
  // 25 s without the check; the bound leaves room for a sanitizer build.
  CHECK(seconds_since(start) < 5.0);
}

TEST_CASE("the second flag (another worker's failure) stops a session too", "[cancel]") {
  const Scenario scenario = endless_talks();
  Session session(scenario);
  const std::atomic<bool> cancel{false};
  const std::atomic<bool> abandon{true};
  session.set_cancel(&cancel, &abandon);
  CHECK_THROWS_AS(session.run(1, 0, 0), RunCancelled);
}

TEST_CASE("a cancel flag that stays false changes no record, and a cancelled session runs on",
          "[cancel]") {
  const Scenario scenario =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/scenarios/ukraine_2025.toml");
  Session plain(scenario);
  Session watched(scenario);
  std::atomic<bool> cancel{false};
  const std::atomic<bool> abandon{false};
  watched.set_cancel(&cancel, &abandon);
  std::vector<SessionRecord> a;
  std::vector<SessionRecord> b;
  for (std::uint64_t replicate = 0; replicate < 40; ++replicate) {
    a.push_back(plain.run(7, 0, replicate));
    b.push_back(watched.run(7, 0, replicate));
  }
  CHECK(encode_records(a) == encode_records(b));  // byte for byte, the analysis included

  // Stopped in its first round, then asked again: the same record as a fresh session.
  cancel.store(true);
  CHECK_THROWS_AS(watched.run(7, 0, 3), RunCancelled);
  cancel.store(false);
  const std::vector<SessionRecord> again{watched.run(7, 0, 3)};
  CHECK(encode_records(again) == encode_records(std::vector<SessionRecord>{a[3]}));
}

TEST_CASE("a run of hundred-million-round replicates on two threads stops within seconds",
          "[cancel]") {
  // Before the check in the round loop, the flag was read only between units of
  // 64 replicates: this run went on for minutes.
  const Scenario scenario = endless_talks();
  std::atomic<bool> cancel{false};
  RunRequest request;
  request.replicates = 4;
  request.threads = 2;
  request.cancel = &cancel;
  const auto start = std::chrono::steady_clock::now();
  {
    const SetLater stop(cancel, std::chrono::milliseconds(200));
    CHECK_THROWS_AS(run_replicates(scenario, request), RunCancelled);
  }
  CHECK(seconds_since(start) < 5.0);
}

}  // namespace parley
