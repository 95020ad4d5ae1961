#include <catch2/catch.hpp>

#include <string>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "parsing/scenario_parser.hpp"

namespace parley {
namespace {

const std::string kMinimal = R"(
[scenario]
name = "two sellers"

[run]
seed = 9
replicates = 50

[[issues]]
id = "price"
label = "Price"
unit = "USD"
range = [0.0, 100.0]
status_quo = 50.0

[[issues]]
id = "delivery"
label = "Delivery"
options = ["slow", "normal", "fast"]
status_quo = "normal"

[[actors]]
id = "buyer"
name = "Buyer"
reservation_utility = { dist = "uniform", min = 0.1, max = 0.3 }
red_lines = ["delivery != 'slow'"]
strategy = { kind = "time_dependent", exponent = 0.5 }
[actors.ideal]
price = 0.0
delivery = "fast"
[actors.salience]
price = 2.0
delivery = 1.0

[[actors]]
id = "seller"
name = "Seller"
capability = 2.0
discount_per_round = 0.95
strategy = { kind = "tit_for_tat" }
[actors.ideal]
price = 100.0
delivery = "slow"
[actors.salience]
price = 1.0
delivery = 1.0

[[phases]]
id = "talks"
participants = ["buyer", "seller"]
protocol = "alternating_offers"
max_rounds = 10
)";

// The error message that parsing `text` produces (fails the test if none).
std::string error_of(const std::string& text) {
  try {
    (void)parse_scenario(text, "test.toml");
  } catch (const ScenarioError& bad) {
    return bad.what();
  }
  FAIL("expected a ScenarioError");
  return {};
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a minimal scenario is parsed with its defaults", "[scenario]") {
  const Scenario s = parse_scenario(kMinimal, "test.toml");
  CHECK(s.name == "two sellers");
  CHECK(s.run.seed == 9);
  CHECK(s.run.replicates == 50);
  REQUIRE(s.issue_count() == 2);
  REQUIRE(s.actor_count() == 2);
  CHECK(s.issues[1].is_discrete());
  CHECK(s.issues[1].max == 2.0);
  CHECK(s.base.status_quo(0) == 50.0);
  CHECK(s.base.status_quo(1) == 1.0);
  CHECK(s.base.ideal(0, 1) == 2.0);
  CHECK(s.base.capability(0) == 1.0);  // default
  CHECK(s.base.capability(1) == 2.0);
  CHECK(s.base.discount(0) == 1.0);  // default
  CHECK(s.base.discount(1) == 0.95);
  CHECK(s.base.reservation(0) == Approx(0.2).epsilon(1e-12));  // mean of uniform(0.1, 0.3)
  CHECK(s.base.strategy_params(0, 0) == 0.5);
  CHECK(s.base.strategy_params(1, 0) == 0.05);  // tit_for_tat defaults
  CHECK(s.base.strategy_params(1, 1) == 0.01);
  CHECK(s.has_uncertainty());
  REQUIRE(s.phases.size() == 1);
  CHECK(s.phases[0].issues == std::vector<int>{0, 1});
  CHECK(s.phases[0].decision_rule.kind == DecisionRule::Kind::kUnanimity);
  CHECK(s.actors[0].red_lines.size() == 1);
  CHECK(s.source_sha256.size() == 64);
}

TEST_CASE("every numeric parameter is listed with a path", "[scenario]") {
  const Scenario s = parse_scenario(kMinimal, "test.toml");
  std::vector<std::string> paths;
  for (const auto& p : s.parameters) paths.push_back(p.path);
  CHECK(std::find(paths.begin(), paths.end(), "actors.buyer.salience.delivery") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "actors.seller.strategy.min_concession") !=
        paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "issues.price.status_quo") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "uncertainty.perception_sd") != paths.end());
}

TEST_CASE("an unknown key is an error at its position naming the valid keys", "[scenario]") {
  const std::string text = replace(kMinimal, "capability = 2.0", "capabilty = 2.0");
  CHECK(error_of(text) ==
        "test.toml:38:1: unknown key `capabilty` in [[actors]] #2; expected one of: id, name, "
        "capability, reservation_utility, discount_per_round, risk_exponent, red_lines, strategy, "
        "ideal, salience, valuations, threats, side_payments");
}

TEST_CASE("a negative salience is an error naming the actor and issue", "[scenario]") {
  const std::string text = replace(kMinimal, "price = 2.0", "price = -2.0");
  CHECK(
      error_of(text) ==
      "test.toml:32:9: expected the salience of `buyer` on `price` to be in [0, 1e+12], found -2");
}

TEST_CASE("an ideal point outside the issue range is an error", "[scenario]") {
  const std::string text = replace(kMinimal, "price = 0.0\n", "price = 120.0\n");
  CHECK(error_of(text) ==
        "test.toml:29:9: expected the ideal point of `buyer` on `price` to be in [0, 100], found "
        "120");
}

TEST_CASE("an unknown actor in a phase is an error listing the actors", "[scenario]") {
  const std::string text = replace(kMinimal, "[\"buyer\", \"seller\"]", "[\"buyer\", \"sellr\"]");
  CHECK(error_of(text) ==
        "test.toml:50:26: unknown actor `sellr` in the participants of `talks`; expected one of: "
        "buyer, seller");
}

TEST_CASE("a red line naming an unknown issue is an error at the issue's column", "[scenario]") {
  const std::string text = replace(kMinimal, "delivery != 'slow'", "deliver != 'slow'");
  const std::string message = error_of(text);
  CHECK(message.rfind("test.toml:26:15: in red line of `buyer`: unknown issue `deliver`", 0) == 0);
}

TEST_CASE("a distribution with sd <= 0 is an error", "[scenario]") {
  const std::string text = replace(kMinimal, "{ dist = \"uniform\", min = 0.1, max = 0.3 }",
                                   "{ dist = \"normal\", mean = 0.2, sd = 0 }");
  CHECK(error_of(text) ==
        "test.toml:25:23: invalid normal distribution for the reservation_utility of `buyer`: sd "
        "must be > 0, "
        "found 0");
}

TEST_CASE("a missing required key is an error at the table", "[scenario]") {
  const std::string text = replace(kMinimal, "max_rounds = 10", "");
  CHECK(error_of(text) == "test.toml:48:1: missing key `max_rounds` in phase `talks`");
}

TEST_CASE("TOML syntax errors carry the position", "[scenario]") {
  const std::string text = replace(kMinimal, "seed = 9", "seed = = 9");
  CHECK(error_of(text).rfind("test.toml:6:8: invalid TOML: ", 0) == 0);
}

TEST_CASE("an ideal point that breaks its own red line is an error", "[scenario]") {
  const std::string text = replace(kMinimal, "delivery = \"fast\"", "delivery = \"slow\"");
  CHECK(error_of(text) ==
        "test.toml:26:14: `buyer`'s own ideal point breaks its red line \"delivery != 'slow'\"; "
        "expected the ideal "
        "point to satisfy every red line of the actor");
}

TEST_CASE("a directory is not a scenario file", "[scenario]") {
  CHECK_THROWS_WITH(load_scenario("/"), "/: expected a scenario file, found a directory");
}

TEST_CASE("a missing file is a ScenarioError naming the file", "[scenario]") {
  CHECK_THROWS_WITH(load_scenario("/nonexistent/x.toml"),
                    "/nonexistent/x.toml: cannot open the scenario file: no such file");
}

}  // namespace parley

namespace parley {

TEST_CASE("an override sets a parameter to a number or a distribution", "[scenario]") {
  Scenario s = parse_scenario(kMinimal, "test.toml");
  apply_override(s, "actors.buyer.salience.price=4.0");
  CHECK(s.base.salience(0, 0) == 4.0);
  apply_override(s,
                 "actors.seller.reservation_utility={ dist = \"uniform\", min = 0.2, max = 0.4 }");
  CHECK(s.base.reservation(1) == Approx(0.3).epsilon(0).margin(1e-15));
  apply_override(s, "issues.delivery.status_quo=\"fast\"");
  CHECK(s.base.status_quo(1) == 2.0);
  apply_override(s, "phases.talks.max_rounds=25");
  CHECK(s.phases[0].max_rounds == 25);
  CHECK(s.overrides.size() == 4);
}

TEST_CASE("an override with a bad path or value is refused with the reason", "[scenario]") {
  Scenario s = parse_scenario(kMinimal, "test.toml");
  CHECK_THROWS_WITH(
      apply_override(s, "actors.buyer.salience.prise=1"),
      "--set actors.buyer.salience.prise: unknown parameter path; closest: "
      "actors.buyer.salience.price, actors.seller.salience.price, actors.buyer.salience.delivery "
      "(manifest.json lists every path)");
  CHECK_THROWS_WITH(apply_override(s, "actors.buyer.reservation_utility=1.5"),
                    "--set actors.buyer.reservation_utility: expected "
                    "`actors.buyer.reservation_utility` to be in "
                    "[0, 1], found 1.5");
  CHECK_THROWS_WITH(
      apply_override(s, "actors.buyer.ideal.delivery=\"slow\""),
      "--set actors.buyer.ideal.delivery: `buyer`'s ideal point would break its own red line "
      "\"delivery != 'slow'\"");
  CHECK_THROWS_WITH(
      apply_override(s, "no_equals_sign"),
      "--set no_equals_sign: expected PATH=VALUE, e.g. actors.us.salience.minerals_share=0.8");
  CHECK_THROWS_AS(apply_override(s, "phases.talks.max_rounds=0"), UsageError);
  CHECK_THROWS_AS(apply_override(s, "actors.buyer.capability=[1"), UsageError);
}

TEST_CASE("an override VALUE is one value: no second line, no comment, no control bytes",
          "[scenario]") {
  Scenario s = parse_scenario(kMinimal, "test.toml");
  const std::string refused =
      "a VALUE is one number, one option name in quotes or one inline table such as "
      "{ dist = \"normal\", mean = 0.6, sd = 0.1 }";
  CHECK_THROWS_WITH(apply_override(s, "actors.buyer.capability=1\nevil = 2"),
                    "--set actors.buyer.capability: " + refused +
                        "; found `1\nevil = 2` (it holds a line break or another control "
                        "character)");
  CHECK_THROWS_WITH(apply_override(s, "actors.buyer.capability=1 # and a comment"),
                    "--set actors.buyer.capability: " + refused +
                        "; found `1 # and a comment` (text after the value, such as a comment)");
  CHECK_THROWS_WITH(apply_override(s,
                                   "actors.buyer.capability={ dist = \"uniform\", min = 0, "
                                   "max = 1 } #x"),
                    Catch::EndsWith("(text after the value, such as a comment)"));
  CHECK_THROWS_WITH(apply_override(s, "issues.delivery.status_quo=\"fast\"#"),
                    Catch::EndsWith("(text after the value, such as a comment)"));
  for (const char* value :
       {"1\r", "1\t", "\x1b[2J1", "1\x7f", "{ dist = \"normal\",\n mean = 1, sd = 1 }"}) {
    INFO(value);
    CHECK_THROWS_WITH(apply_override(s, std::string("actors.buyer.capability=") + value),
                      Catch::Contains("a line break or another control character"));
  }
  CHECK_THROWS_WITH(apply_override(s, "actors.buyer.capability=1 2"),
                    Catch::StartsWith("--set actors.buyer.capability: " + refused));
  CHECK(s.overrides.empty());  // nothing refused is recorded for the manifest
  CHECK(s.base.capability(0) == 1.0);
  // Spaces around one value are fine, and so is a string holding `#`.
  apply_override(s, "actors.buyer.capability=  2.5  ");
  CHECK(s.base.capability(0) == 2.5);
  apply_override(s, "issues.delivery.status_quo= \"fast\" ");
  CHECK(s.base.status_quo(1) == 2.0);
  CHECK_THROWS_WITH(apply_override(s, "issues.delivery.status_quo=\"fa#st\""),
                    Catch::Contains("expected one of the options of `delivery` in quotes"));
  CHECK(s.overrides.size() == 2);
}

TEST_CASE("an issue id cannot be a word of the red-line language", "[scenario]") {
  for (const char* word : {"and", "or", "not", "true", "false"}) {
    INFO(word);
    std::string text = kMinimal;
    // Rename the issue `price` everywhere it is used.
    for (auto at = text.find("price"); at != std::string::npos; at = text.find("price", at))
      text.replace(at, 5, word);
    CHECK(error_of(text) ==
          fmt::format("test.toml:10:6: expected the issue `id` to be an id other than and, or, "
                      "not, true and false (words of the red-line language), found \"{}\"",
                      word));
  }
  // Actors, deals and phases are never named in a red line: those ids are free.
  const Scenario s = parse_scenario(replace(replace(kMinimal, "id = \"buyer\"", "id = \"not\""),
                                            "[\"buyer\", \"seller\"]", "[\"not\", \"seller\"]"),
                                    "test.toml");
  CHECK(s.actors[0].id == "not");
}

}  // namespace parley
