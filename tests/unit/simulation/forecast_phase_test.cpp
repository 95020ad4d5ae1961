#include <catch2/catch.hpp>

#include <string>

#include "core/errors.hpp"
#include "parsing/case_table.hpp"
#include "parsing/scenario_parser.hpp"
#include "protocol/forecast_models.hpp"
#include "simulation/session.hpp"

namespace parley {
namespace {

// Three actors on one issue [0, 100] decided by a forecasting protocol.
std::string three_actors(const std::string& protocol, const std::string& a_ideal = "10",
                         const std::string& extra = "") {
  return R"(
[scenario]
name = "forecast phase"
[[issues]]
id = "x"
label = "X"
range = [0.0, 100.0]
status_quo = 0.0
[[actors]]
id = "a"
name = "A"
capability = 1.0
strategy = { kind = "time_dependent" }
ideal = { x = )" +
         a_ideal +
         R"( }
salience = { x = 0.5 }
[[actors]]
id = "b"
name = "B"
capability = 2.0
strategy = { kind = "time_dependent" }
ideal = { x = 40.0 }
salience = { x = 1.0 }
[[actors]]
id = "c"
name = "C"
capability = 1.0
strategy = { kind = "time_dependent" }
ideal = { x = 90.0 }
salience = { x = 0.5 }
)" + extra +
         R"(
[[phases]]
id = "decide"
participants = ["a", "b", "c"]
protocol = ")" +
         protocol +
         R"("
)";
}

}  // namespace

TEST_CASE("a compromise phase agrees on the weighted mean in one round", "[forecast_phase]") {
  // Weights capability × salience: 0.5, 2, 0.5 → (0.5·10 + 2·40 + 0.5·90) / 3 = 130/3.
  const Scenario scenario = parse_scenario(three_actors("compromise"), "f.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK(record.agreed);
  CHECK(record.round == 1);
  CHECK(record.outcome(0) == Approx(130.0 / 3.0).epsilon(0).margin(1e-12));
}

TEST_CASE("a median phase agrees on the weighted median", "[forecast_phase]") {
  // Cumulative weight 0.5, 2.5 of 3: the median is b's 40.
  const Scenario scenario = parse_scenario(three_actors("median"), "f.toml");
  Session session(scenario);
  CHECK(session.run(1, 0, 0).outcome(0) == 40.0);
}

TEST_CASE("uncertain positions give a forecast distribution", "[forecast_phase]") {
  const Scenario scenario = parse_scenario(
      three_actors("compromise", R"({ dist = "uniform", min = 0.0, max = 20.0 })"), "f.toml");
  Session session(scenario);
  double low = 100.0, high = 0.0;
  for (std::uint64_t r = 0; r < 200; ++r) {
    const double x = session.run(7, 0, r).outcome(0);
    low = std::min(low, x);
    high = std::max(high, x);
  }
  // a's ideal over [0, 20] moves the mean over [125/3, 135/3]; 200 draws come close to both ends.
  CHECK(low >= 125.0 / 3.0 - 1e-12);
  CHECK(high <= 135.0 / 3.0 + 1e-12);
  CHECK(high - low > 2.5);
}

TEST_CASE("a ratifier can veto a forecast", "[forecast_phase]") {
  // d sits out and must ratify; at reservation 0.9 it rejects 130/3 (its utility 1 − 43.3/100).
  const std::string ratifier = R"(
[[actors]]
id = "d"
name = "D"
reservation_utility = 0.9
strategy = { kind = "time_dependent" }
ideal = { x = 0.0 }
salience = { x = 1.0 }
)";
  std::string text = three_actors("compromise", "10", ratifier);
  text += "ratification = [\"d\"]\non_veto = \"breakdown\"\n";
  const Scenario scenario = parse_scenario(text, "f.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  CHECK_FALSE(record.agreed);
  CHECK(record.vetoed[3] == 1);
}

TEST_CASE("forecasting protocols refuse saliences above 1", "[forecast_phase]") {
  std::string text = three_actors("nash");
  text.replace(text.find("salience = { x = 1.0 }"), 22, "salience = { x = 3.0 }");
  CHECK_THROWS_WITH(parse_scenario(text, "f.toml"),
                    Catch::Contains("protocol \"nash\" reads saliences as shares in [0, 1]; actor "
                                    "`b` has salience 3 on `x`"));
}

TEST_CASE("actors from a case table decide the EC emissions case as the model forecasts it",
          "[forecast_phase]") {
  const std::string source = std::string(PARLEY_SOURCE_DIR) + "/scenarios/bdm_example.toml";
  Scenario scenario = load_scenario(source);
  REQUIRE(scenario.actor_count() == 10);
  // The file draws positions around the table's (position_sd); fix them at the table's values.
  for (const char* fixed : {"netherlands=4", "belgium=7", "luxembourg=4", "germany=4", "france=10",
                            "italy=10", "uk=10", "ireland=7", "denmark=4", "greece=7"}) {
    const std::string text(fixed);
    const auto equals = text.find('=');
    apply_override(scenario,
                   "actors." + text.substr(0, equals) + ".ideal.year=" + text.substr(equals + 1));
  }
  CHECK(scenario.actors[6].id == "uk");  // ids from the names
  CHECK(scenario.actors[6].name == "UK");
  CHECK(scenario.base.capability(3) == 0.16);  // Germany
  CHECK(scenario.base.salience(8, 0) == 1.0);  // Denmark
  // The same case read by `parley forecast`'s reader, with the scenario's status quo.
  CaseTableOptions options;
  options.scale_min = 4.0;
  options.scale_max = 10.0;
  CaseTable table = load_case_table(
      std::string(PARLEY_SOURCE_DIR) + "/scenarios/data/eu_emissions_actors.csv", options);
  REQUIRE(table.cases.size() == 1);
  table.cases[0].status_quo = 10.0;
  table.cases[0].voting_rule = "unanimity";  // the phase's default decision rule
  for (const char* model : {"expected_utility", "compromise", "median", "nash", "procedural"}) {
    Scenario variant = scenario;
    variant.phases[0].protocol = model;
    Session session(variant);
    session.set_analysis(false);
    const SessionRecord record = session.run(1, 0, 0);
    INFO(model);
    CHECK(record.agreed);
    CHECK(record.outcome(0) == forecast(model, table.cases[0]));
  }
}

TEST_CASE("a bad actors table is an error naming the table", "[forecast_phase]") {
  const std::string source = std::string(PARLEY_SOURCE_DIR) + "/scenarios/x.toml";
  const std::string head = R"(
[scenario]
name = "t"
[[issues]]
id = "year"
label = "Year"
range = [4.0, 10.0]
status_quo = 10.0
[[phases]]
id = "p"
participants = ["germany", "france"]
protocol = "median"
)";
  CHECK_THROWS_WITH(parse_scenario(head + "[actors_table]\nfile = \"data/missing.csv\"\n", source),
                    Catch::Contains("missing.csv"));
  CHECK_THROWS_WITH(
      parse_scenario(head + "[actors_table]\nfile = \"data/eu_emissions_actors.csv\"\ncase = "
                            "\"other\"\n",
                     source),
      Catch::Contains("no case \"other\""));
  CHECK_THROWS_WITH(parse_scenario(head + "[actors_table]\nfile = \"data/eu_emissions_actors.csv\""
                                          "\nposition_sd = -1\n",
                                   source),
                    Catch::Contains("expected `position_sd` ≥ 0, found -1"));
}

}  // namespace parley
