// Numeric edge cases of scenario input, in a file and through `--set`: each is
// either rejected with a positioned message or runs to finite results. The
// bad files of tests/cli/bad_scenarios/ check the same through the CLI.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/session.hpp"

namespace parley {
namespace {

// A two-issue, `n`-actor scenario whose actors stand where `ideal(i)` says.
template <typename Ideal>
std::string scenario_with(int n, Ideal&& ideal, const std::string& actor_extra = "",
                          int max_rounds = 6) {
  std::string text = R"(
[scenario]
name = "edge"

[[issues]]
id = "price"
label = "Price"
range = [0.0, 100.0]
status_quo = 50.0

[[issues]]
id = "speed"
label = "Speed"
range = [0.0, 1.0]
status_quo = 0.5
)";
  std::string participants;
  for (int i = 0; i < n; ++i) {
    text += fmt::format(R"(
[[actors]]
id = "a{0}"
name = "Actor {0}"
strategy = {{ kind = "{1}" }}
ideal = {{ price = {2}, speed = {3} }}
salience = {{ price = 1.0, speed = 0.5 }}
{4}
)",
                        i, i % 2 == 0 ? "time_dependent" : "tit_for_tat", ideal(i).first,
                        ideal(i).second, actor_extra);
    participants += fmt::format("{}\"a{}\"", i == 0 ? "" : ", ", i);
  }
  text += fmt::format(R"(
[[phases]]
id = "talks"
participants = [{}]
protocol = "alternating_offers"
decision_rule = "majority"
max_rounds = {}
)",
                      participants, max_rounds);
  return text;
}

std::string two_sided(const std::string& actor_extra = "") {
  return scenario_with(
      2,
      [](int i) {
        return std::pair{i == 0 ? 0.0 : 100.0, i == 0 ? 0.0 : 1.0};
      },
      actor_extra);
}

// Runs `replicates` replicates and requires finite outcomes and utilities.
void require_finite_runs(const Scenario& scenario, int replicates) {
  Session session(scenario);
  for (int r = 0; r < replicates; ++r) {
    const SessionRecord record = session.run(3, 0, static_cast<std::uint64_t>(r));
    REQUIRE(record.outcome.allFinite());
    REQUIRE(record.utility.allFinite());
    for (int d = 0; d < scenario.issue_count(); ++d) {
      const Issue& issue = scenario.issues[static_cast<std::size_t>(d)];
      REQUIRE(record.outcome(d) >= issue.min);
      REQUIRE(record.outcome(d) <= issue.max);
    }
  }
}

std::string error_of(const std::string& text) {
  try {
    (void)parse_scenario(text, "edge.toml");
  } catch (const ScenarioError& bad) {
    return bad.what();
  }
  FAIL("expected a ScenarioError");
  return {};
}

std::string override_error(Scenario scenario, const std::string& assignment) {
  try {
    apply_override(scenario, assignment);
  } catch (const UsageError& bad) {
    return bad.what();
  }
  FAIL("expected a UsageError for --set " << assignment);
  return {};
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

TEST_CASE("nan and inf literals are rejected wherever a number is read", "[scenario][edge]") {
  const std::string base = two_sided();
  for (const std::string literal : {"nan", "+nan", "-nan", "inf", "+inf", "-inf"}) {
    CAPTURE(literal);
    CHECK_THAT(error_of(replace(base, "status_quo = 50.0", "status_quo = " + literal)),
               Catch::Contains("edge.toml:9:14: expected the status quo of `price` to be a "
                               "finite number"));
    CHECK_THAT(error_of(replace(base, "range = [0.0, 100.0]", "range = [0.0, " + literal + "]")),
               Catch::Contains("edge.toml:8:15: expected the range maximum to be a finite number"));
    CHECK_THAT(error_of(replace(base, "salience = { price = 1.0,",
                                "salience = { price = " + literal + ",")),
               Catch::Contains("to be a finite number"));
    CHECK_THAT(error_of(replace(
                   base, "ideal = { price = 100,",
                   "ideal = { price = { dist = \"normal\", mean = 90.0, sd = " + literal + " },")),
               Catch::Contains("expected `sd` to be a finite number"));
  }
}

TEST_CASE("nan and inf through --set are usage errors", "[scenario][edge]") {
  const Scenario scenario = parse_scenario(two_sided(), "edge.toml");
  for (const std::string literal : {"nan", "inf", "-inf"}) {
    CAPTURE(literal);
    CHECK_THAT(override_error(scenario, "actors.a0.salience.price=" + literal),
               Catch::Contains("to be a finite number"));
    CHECK_THAT(override_error(scenario, "issues.price.status_quo=" + literal),
               Catch::Contains("to be a finite number"));
    CHECK_THAT(override_error(scenario,
                              "actors.a1.discount_per_round={ dist = \"uniform\", min = "
                              "0.5, max = " +
                                  literal + " }"),
               Catch::Contains("to be a finite number"));
  }
}

TEST_CASE("huge numbers are rejected before they overflow", "[scenario][edge]") {
  const std::string base = two_sided();
  CHECK(error_of(replace(base, "range = [0.0, 100.0]", "range = [-1e300, 1e300]")) ==
        "edge.toml:8:10: expected the range minimum to be in [-1e12, 1e12] (rescale the issue's "
        "unit), found -1e+300");
  CHECK_THAT(error_of(replace(base, "salience = { price = 1.0,", "salience = { price = 1e300,")),
             Catch::Contains("expected the salience of `a0` on `price` to be in [0, 1e+12], found "
                             "1e+300"));
  CHECK_THAT(error_of(replace(base, "[[actors]]\nid = \"a1\"",
                              "[[actors]]\nid = \"a1\"\ncapability = 1e300")),
             Catch::Contains("expected the capability of `a1` to be in [0, 1e+12]"));
  CHECK_THAT(
      error_of(replace(base, "[[issues]]", "[uncertainty]\nperception_sd = 1e300\n\n[[issues]]")),
      Catch::Contains("expected `perception_sd` to be in [0, 10], found 1e+300"));
  CHECK_THAT(error_of(replace(base, "max_rounds = 6", "max_rounds = 4294967297")),
             Catch::Contains("expected `max_rounds` to be at most 100000000, found 4294967297"));

  const Scenario scenario = parse_scenario(base, "edge.toml");
  CHECK_THAT(override_error(scenario, "actors.a0.salience.price=1e300"),
             Catch::Contains("to be in [0, 1e+12], found 1e+300"));
  CHECK_THAT(override_error(scenario, "actors.a0.capability=1e300"),
             Catch::Contains("to be in [0, 1e+12], found 1e+300"));
  CHECK_THAT(override_error(scenario, "uncertainty.perception_sd=1e300"),
             Catch::Contains("to be in [0, 10], found 1e+300"));
  CHECK_THAT(override_error(scenario, "issues.price.status_quo=1e300"),
             Catch::Contains("to be in [0, 100], found 1e+300"));
  CHECK_THAT(override_error(scenario, "phases.talks.max_rounds=4294967297"),
             Catch::Contains("at most 100000000"));
}

TEST_CASE("the largest accepted numbers still give finite results", "[scenario][edge]") {
  std::string text = replace(two_sided(), "range = [0.0, 100.0]", "range = [-1e12, 1e12]");
  text = replace(text, "status_quo = 50.0", "status_quo = 1e12");
  text = replace(text, "price = 0,", "price = -1e12,");
  text = replace(text, "price = 100,", "price = 1e12,");
  text = replace(text, "salience = { price = 1.0,", "salience = { price = 1e12,");
  text = replace(text, "[[actors]]\nid = \"a1\"", "[[actors]]\nid = \"a1\"\ncapability = 1e12");
  text = replace(text, "[[issues]]", "[uncertainty]\nperception_sd = 10\n\n[[issues]]");
  require_finite_runs(parse_scenario(text, "edge.toml"), 20);
}

TEST_CASE("an actor with zero total salience is rejected, in a file and via --set",
          "[scenario][edge]") {
  const std::string base = two_sided();
  CHECK(error_of(replace(base, "salience = { price = 1.0, speed = 0.5 }",
                         "salience = { price = 0.0, speed = 0.0 }")) ==
        "edge.toml:22:12: expected a positive salience on at least one issue for `a0`, found all "
        "zero");
  Scenario scenario = parse_scenario(base, "edge.toml");
  apply_override(scenario, "actors.a0.salience.price=0");
  CHECK_THAT(override_error(scenario, "actors.a0.salience.speed=0"),
             Catch::Contains("leaves every salience of the actor at zero"));
}

TEST_CASE("saliences that may be drawn as zero still give finite results", "[scenario][edge]") {
  // Drawn values are clamped into [0, 1e12]: both saliences are often 0 here,
  // and the utility model then weighs the issues equally.
  const std::string text = scenario_with(
      3,
      [](int i) {
        return std::pair{30.0 * i, 0.4 * i};
      },
      "", 8);
  std::string uncertain =
      replace(text, "salience = { price = 1.0, speed = 0.5 }",
              "salience = { price = { dist = \"normal\", mean = 0.01, sd = 1.0 }, speed = { dist "
              "= \"normal\", mean = 0.01, sd = 1.0 } }");
  require_finite_runs(parse_scenario(uncertain, "edge.toml"), 50);
}

TEST_CASE("an issue with zero span is rejected", "[scenario][edge]") {
  const std::string text = replace(two_sided(), "range = [0.0, 100.0]", "range = [5.0, 5.0]");
  CHECK(error_of(text) == "edge.toml:8:9: expected range min < max, found [5, 5]");
}

TEST_CASE("a single actor is rejected: every phase needs two participants", "[scenario][edge]") {
  const std::string text = scenario_with(1, [](int) { return std::pair{10.0, 0.5}; });
  CHECK_THAT(error_of(text),
             Catch::Contains("expected at least 2 participants in phase `talks`, found 1"));
}

TEST_CASE("actors who all stand at one position agree at once on it", "[scenario][edge]") {
  const Scenario scenario = parse_scenario(scenario_with(4,
                                                         [](int) {
                                                           return std::pair{30.0, 0.25};
                                                         }),
                                           "edge.toml");
  Session session(scenario);
  for (std::uint64_t r = 0; r < 10; ++r) {
    const SessionRecord record = session.run(1, 0, r);
    REQUIRE(record.agreed);
    CHECK(record.outcome(0) == Approx(30.0));
    CHECK(record.outcome(1) == Approx(0.25));
    for (int i = 0; i < scenario.actor_count(); ++i) CHECK(record.utility(i) == Approx(1.0));
  }
}

TEST_CASE("discounts of 0 and 1 run to finite results, in a file and via --set",
          "[scenario][edge]") {
  for (const std::string discount : {"0.0", "1.0"}) {
    CAPTURE(discount);
    require_finite_runs(parse_scenario(two_sided("discount_per_round = " + discount), "edge.toml"),
                        20);
    Scenario scenario = parse_scenario(two_sided(), "edge.toml");
    apply_override(scenario, "actors.a0.discount_per_round=" + discount);
    apply_override(scenario, "actors.a1.discount_per_round=" + discount);
    require_finite_runs(scenario, 20);
  }
  CHECK_THAT(error_of(two_sided("discount_per_round = 1.5")),
             Catch::Contains("expected the discount_per_round of `a0` to be in [0, 1], found 1.5"));
  const Scenario scenario = parse_scenario(two_sided(), "edge.toml");
  CHECK_THAT(override_error(scenario, "actors.a0.discount_per_round=-0.1"),
             Catch::Contains("to be in [0, 1], found -0.1"));
}

TEST_CASE("1000 actors parse and run", "[scenario][edge]") {
  const Scenario scenario =
      parse_scenario(scenario_with(
                         1000,
                         [](int i) {
                           return std::pair{(i * 37) % 101 * 0.99, (i % 7) / 6.0};
                         },
                         "", 3),
                     "edge.toml");
  REQUIRE(scenario.actor_count() == 1000);
  require_finite_runs(scenario, 2);
}

}  // namespace
}  // namespace parley
