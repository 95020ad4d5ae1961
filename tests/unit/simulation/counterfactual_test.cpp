// Counterfactual runs (simulation/counterfactual.hpp) on a scenario derived by
// hand: tests/cli/scenarios/side_payment_ratification.toml, where the aid buys
// the watcher's ratification exactly in the replicates whose drawn reservation
// utility r lies in (0.65, 0.75] (a share of 0.2 of a uniform draw on [0.5, 1]).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli_options.hpp"
#include "core/errors.hpp"
#include "file_bytes.hpp"
#include "output/temporary_folder.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/counterfactual.hpp"
#include "simulation/replicate_runner.hpp"
#include "simulation/run.hpp"

namespace parley {
namespace {

constexpr int kWatcher = 2;

Scenario side_payment_scenario() {
  return load_scenario(std::string(PARLEY_SOURCE_DIR) +
                       "/tests/cli/scenarios/side_payment_ratification.toml");
}

std::vector<SessionRecord> run_arm(const Scenario& scenario, std::int64_t replicates,
                                   int threads = 1) {
  RunRequest request;
  request.replicates = replicates;
  request.seed = scenario.run.seed;
  request.threads = threads;
  return run_replicates(scenario, request);
}

}  // namespace

TEST_CASE("a counterfactual switch is read from instrument=ID:off or shock=ID:off",
          "[counterfactual]") {
  const Counterfactual one = parse_counterfactual("instrument=aid_tranche:off");
  REQUIRE(one.off.size() == 1);
  CHECK(one.off[0].kind == Counterfactual::Switch::Kind::kInstrument);
  CHECK(one.off[0].id == "aid_tranche");
  CHECK(one.text == "instrument=aid_tranche:off");
  const Counterfactual two = parse_counterfactual("instrument=aid:off, shock=rumour:off");
  REQUIRE(two.off.size() == 2);
  CHECK(two.off[1].kind == Counterfactual::Switch::Kind::kShock);
  CHECK(two.off[1].id == "rumour");
  CHECK(two.text == "instrument=aid:off,shock=rumour:off");
  for (const char* bad : {"", "aid:off", "instrument=aid", "instrument=aid:on", "threat=aid:off",
                          "instrument=:off", "instrument=aid:off,", "shock=a:off,shock=a:off"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_counterfactual(bad), UsageError);
  }
}

TEST_CASE("parley run takes --counterfactual, repeated, and refuses a malformed one",
          "[counterfactual][cli]") {
  const auto run = std::get<cli::RunCommand>(
      cli::parse_command_line({"run", "s.toml", "--counterfactual", "instrument=aid:off",
                               "--counterfactual", "shock=quake:off"}));
  CHECK(run.counterfactuals == std::vector<std::string>{"instrument=aid:off", "shock=quake:off"});
  CHECK(std::get<cli::RunCommand>(cli::parse_command_line({"run", "s.toml"}))
            .counterfactuals.empty());
  CHECK_THROWS_WITH(
      cli::parse_command_line({"run", "s.toml", "--counterfactual", "instrument=aid"}),
      Catch::StartsWith("parley run: --counterfactual \"instrument=aid\": ") &&
          Catch::EndsWith("(see `parley run --help`)"));
  CHECK_THROWS_AS(cli::parse_command_line({"sweep", "s.toml", "--counterfactual", "shock=a:off"}),
                  UsageError);
  const auto help = std::get<cli::PrintCommand>(cli::parse_command_line({"run", "--help"}));
  CHECK(help.text.find("--counterfactual") != std::string::npos);
}

TEST_CASE("an unknown instrument or shock is a usage error naming the ids that exist",
          "[counterfactual]") {
  const Scenario scenario = side_payment_scenario();
  CHECK_THROWS_WITH(counterfactual_scenario(scenario, parse_counterfactual("instrument=aidd:off")),
                    Catch::Contains("no instrument \"aidd\"") && Catch::Contains("aid, loan"));
  CHECK_THROWS_WITH(counterfactual_scenario(scenario, parse_counterfactual("shock=aid:off")),
                    Catch::Contains("no shock \"aid\"") && Catch::Contains("rumour, leak"));
  const Scenario off =
      counterfactual_scenario(scenario, parse_counterfactual("instrument=loan:off"));
  CHECK(off.instrument_off == std::vector<char>{0, 1});
  CHECK(off.shock_off == std::vector<char>{0, 0});
}

TEST_CASE("the aid is decisive exactly where the watcher's reservation is in (0.65, 0.75]",
          "[counterfactual]") {
  // Hand derivation in the scenario file: the buyer offers price 0 (worth 0.65
  // to the watcher) with the aid sized to the gap it believes in, 0.75 − 0.65,
  // so the watcher ratifies where its drawn reservation r ≤ 0.75; without the
  // aid only where r ≤ 0.65. Both arms draw the same r (same parameter stream),
  // so the decisive replicates are exactly those with 0.65 < r ≤ 0.75, and
  // their share estimates (0.75 − 0.65) / (1 − 0.5) = 0.2. (The payment has a
  // margin of 1e-9; a draw that close to a bound has probability ~1e-8.)
  const Scenario scenario = side_payment_scenario();
  const std::int64_t n = scenario.run.replicates;
  const Counterfactual arm = parse_counterfactual("instrument=aid:off");
  const std::vector<SessionRecord> with = run_arm(scenario, n);
  const std::vector<SessionRecord> without = run_arm(counterfactual_scenario(scenario, arm), n);
  std::int64_t band = 0, below = 0;
  for (std::size_t r = 0; r < with.size(); ++r) {
    INFO("replicate " << r);
    const double reservation = without[r].reservation(kWatcher);
    REQUIRE(with[r].reservation(kWatcher) == reservation);  // paired
    CHECK(with[r].agreed == (reservation <= 0.75));
    CHECK(without[r].agreed == (reservation <= 0.65));
    CHECK(without[r].side_payment_paid == std::vector<char>{0, 0});
    band += reservation > 0.65 && reservation <= 0.75 ? 1 : 0;
    below += reservation <= 0.65 ? 1 : 0;
  }
  const CounterfactualComparison comparison = compare_paired(scenario, arm, with, without);
  CHECK(comparison.replicates == n);
  CHECK(comparison.at("agreement.declared").count == band + below);
  CHECK(comparison.at("agreement.counterfactual").count == below);
  CHECK(comparison.at("decisive").count == band);
  CHECK(comparison.at("agreement_changed").count == band);
  CHECK(comparison.at("agreed_with_not_without").count == band);
  CHECK(comparison.at("agreed_without_not_with").count == 0);
  CHECK(comparison.at("ratified_with_not_without.deal").count == band);
  CHECK(comparison.at("vetoed_without_not_with.deal").count == band);
  CHECK(comparison.at("vetoed_with_not_without.deal").count == 0);
  // The analytic share, within 4.5 binomial standard errors (a false alarm about
  // once in 150,000 seeds): sqrt(0.2 × 0.8 / 2000) ≈ 0.009.
  const double share = comparison.at("decisive").value;
  CHECK(std::abs(share - 0.2) <= 4.5 * std::sqrt(0.2 * 0.8 / static_cast<double>(n)));
  CHECK(comparison.at("decisive").low <= share);
  CHECK(comparison.at("decisive").high >= share);
  // Utilities, with − without: the watcher gets 0.75 instead of 0.65 (r ≤ 0.65)
  // or of r (the band): mean 0.3 × 0.1 + 0.2 × 0.05 = 0.04; the buyer gets its
  // ideal less at most 0.0034 instead of its reservation 0.2 in the band: mean
  // ≈ 0.2 × 0.797 − 0.3 × 0.0033 ≈ 0.158; the seller 0 either way.
  CHECK(comparison.at("utility_change.watcher").value == Approx(0.04).margin(0.006));
  CHECK(comparison.at("utility_change.buyer").value == Approx(0.158).margin(0.025));
  CHECK(comparison.at("utility_change.seller").value == 0.0);
}

TEST_CASE("switching off what is never used changes nothing", "[counterfactual]") {
  // The seller's loan: a time_dependent actor uses no instruments. The rumour
  // shock changes the watcher's capability, which a unanimous ratification does
  // not read; its draws are still made, so the leak shock, drawn after it from
  // the same stream, strikes in the same replicates as declared.
  const Scenario scenario = side_payment_scenario();
  const std::int64_t n = 500;
  const std::vector<SessionRecord> with = run_arm(scenario, n);
  for (const char* text : {"instrument=loan:off", "shock=rumour:off"}) {
    INFO(text);
    const Counterfactual arm = parse_counterfactual(text);
    const std::vector<SessionRecord> without = run_arm(counterfactual_scenario(scenario, arm), n);
    const CounterfactualComparison comparison = compare_paired(scenario, arm, with, without);
    CHECK(comparison.at("decisive").count == 0);
    CHECK(comparison.at("outcome_changed").count == 0);
    CHECK(comparison.at("agreement_changed").count == 0);
    for (const char* actor : {"buyer", "seller", "watcher"}) {
      const CounterfactualMetric& change = comparison.at(std::string("utility_change.") + actor);
      CHECK(change.value == 0.0);
      CHECK(change.low == 0.0);
      CHECK(change.high == 0.0);
    }
    std::int64_t rumours = 0;
    for (std::size_t r = 0; r < with.size(); ++r) {
      CHECK(without[r].shock_occurred[1] == with[r].shock_occurred[1]);  // the leak
      rumours += with[r].shock_occurred[0];
      if (arm.off[0].kind == Counterfactual::Switch::Kind::kShock)
        CHECK(without[r].shock_occurred[0] == 0);  // never strikes
    }
    CHECK(rumours > 0);
  }
}

TEST_CASE("a counterfactual run writes the same bytes for any thread count", "[counterfactual]") {
  const Scenario scenario = side_payment_scenario();
  const TemporaryFolder scratch("parley-counterfactual-test");
  const std::vector<Counterfactual> arms = {parse_counterfactual("instrument=aid:off"),
                                            parse_counterfactual("shock=rumour:off")};
  RunSpec spec;
  spec.request.replicates = 300;
  spec.request.seed = scenario.run.seed;
  spec.request.threads = 1;
  spec.out = scratch.path() / "one";
  const CounterfactualReport one = run_counterfactual(scenario, spec, arms);
  REQUIRE(one.comparisons.size() == 2);
  spec.request.threads = 2;
  spec.out = scratch.path() / "two";
  run_counterfactual(scenario, spec, arms);
  spec.out = scratch.path() / "plain";
  run_scenario(scenario, spec);
  for (const char* name : {"outcomes.csv", "summary.csv", "counterfactual.csv"}) {
    INFO(name);
    const std::string bytes = test::file_bytes(scratch.path() / "one" / name);
    CHECK_FALSE(bytes.empty());
    CHECK(bytes == test::file_bytes(scratch.path() / "two" / name));
  }
  // The declared arm's files are those of a plain run.
  for (const char* name : {"outcomes.csv", "summary.csv"})
    CHECK(test::file_bytes(scratch.path() / "one" / name) ==
          test::file_bytes(scratch.path() / "plain" / name));
  const std::string csv = test::file_bytes(scratch.path() / "one" / "counterfactual.csv");
  CHECK(csv.rfind("counterfactual,metric,replicates,count,share,share_low,share_high,mean,mean_low,"
                  "mean_high\n",
                  0) == 0);
  CHECK(csv.find("\ninstrument=aid:off,decisive,300,") != std::string::npos);
  CHECK(csv.find("\nshock=rumour:off,decisive,300,0,0.000000,") != std::string::npos);
  const std::string manifest = test::file_bytes(scratch.path() / "one" / "manifest.json");
  CHECK(manifest.find("\"counterfactual\": [\n    \"instrument=aid:off\",\n    "
                      "\"shock=rumour:off\"\n  ]") != std::string::npos);
  // verify re-runs both arms and finds the same bytes.
  const VerifyReport verified =
      verify_counterfactual_run(scratch.path() / "one", std::nullopt, 2, nullptr);
  for (const VerifiedFile& file : verified.files) {
    INFO(file.name << ": " << file.detail);
    CHECK(file.identical);
  }
  CHECK(verified.files.size() == 4);
}

}  // namespace parley
