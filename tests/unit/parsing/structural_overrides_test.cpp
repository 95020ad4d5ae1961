// The structure of a scenario as `--set` paths (parsing/structural_overrides.hpp):
// each path set and read back, bad values refused with their message and the
// scenario left as it was, sweep points applying structure together, and
// discrete factors in sampled designs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "cli/cli_options.hpp"
#include "core/errors.hpp"
#include "parsing/scenario_parser.hpp"
#include "parsing/sweep_validation.hpp"
#include "simulation/sweep_design.hpp"

namespace parley {
namespace {

const std::string kFourActors = R"(
[scenario]
name = "structure"

[[issues]]
id = "price"
label = "Price"
range = [0.0, 1.0]
status_quo = 0.0

[[issues]]
id = "speed"
label = "Speed"
range = [0.0, 1.0]
status_quo = 0.0

[[actors]]
id = "a"
name = "A"
strategy = { kind = "transactional", exponent = 0.4 }
ideal = { price = 1.0, speed = 0.0 }
salience = { price = 1.0, speed = 0.5 }

[[actors]]
id = "b"
name = "B"
strategy = { kind = "time_dependent", exponent = 2.0 }
ideal = { price = 0.0, speed = 1.0 }
salience = { price = 1.0, speed = 1.0 }

[[actors]]
id = "c"
name = "C"
strategy = { kind = "tit_for_tat" }
ideal = { price = 0.5, speed = 0.5 }
salience = { price = 1.0, speed = 1.0 }

[[actors]]
id = "d"
name = "D"
strategy = { kind = "time_dependent" }
ideal = { price = 0.2, speed = 0.8 }
salience = { price = 1.0, speed = 1.0 }

[[phases]]
id = "talks"
participants = ["a", "b", "c"]
protocol = "alternating_offers"
max_rounds = 10
decision_rule = { rule = "quota", quota = 0.6, veto = ["a"] }
ratification = ["d"]

[[phases]]
id = "vote"
participants = ["a", "b"]
protocol = "random_proposer"
max_rounds = 5
recognition = { a = 2, b = 1 }
)";

Scenario four_actors() { return parse_scenario(kFourActors, "four.toml"); }

std::vector<std::string> paths_of(const Scenario& s) {
  std::vector<std::string> paths;
  for (const ScenarioParameter& p : s.parameters) paths.push_back(p.path);
  return paths;
}

std::ptrdiff_t index_of(const std::vector<std::string>& paths, const std::string& path) {
  const auto at = std::find(paths.begin(), paths.end(), path);
  return at == paths.end() ? -1 : at - paths.begin();
}

const Phase& phase(const Scenario& s, const std::string& id) {
  for (const Phase& p : s.phases)
    if (p.id == id) return p;
  FAIL("no phase " << id);
  return s.phases.front();
}

}  // namespace

TEST_CASE("a new strategy kind comes with its default parameters in the parameter list",
          "[overrides]") {
  Scenario s = four_actors();
  REQUIRE(index_of(paths_of(s), "actors.a.strategy.reciprocity") >= 0);
  apply_override(s, "actors.a.strategy.kind=\"time_dependent\"");
  CHECK(s.actors[0].strategy == "time_dependent");
  const auto paths = paths_of(s);
  CHECK(index_of(paths, "actors.a.strategy.reciprocity") < 0);
  CHECK(index_of(paths, "actors.a.strategy.deadline_exponent") < 0);
  // In file order: after the actor's saliences, before the next actor's entries.
  const auto exponent = index_of(paths, "actors.a.strategy.exponent");
  REQUIRE(exponent >= 0);
  CHECK(index_of(paths, "actors.a.salience.speed") == exponent - 1);
  CHECK(index_of(paths, "actors.b.capability") == exponent + 1);
  CHECK(s.parameters[static_cast<std::size_t>(exponent)].value.mean() == 1.0);  // the default
  CHECK(s.base.strategy_params(0, 0) == 1.0);
  CHECK(s.base.strategy_params(0, 1) == 0.0);
  CHECK(s.base.strategy_params(0, 2) == 0.0);
  // Its parameters are then settable; the old kind's are not.
  apply_override(s, "actors.a.strategy.exponent=0.7");
  CHECK(s.base.strategy_params(0, 0) == 0.7);
  CHECK_THROWS_WITH(apply_override(s, "actors.a.strategy.reciprocity=1"),
                    "--set actors.a.strategy.reciprocity: `a` plays time_dependent, whose "
                    "parameters are: exponent; `reciprocity` is a parameter of transactional (set "
                    "actors.a.strategy.kind first)");
  // Setting the kind it already plays keeps its parameters.
  apply_override(s, "actors.a.strategy.kind=\"time_dependent\"");
  CHECK(s.base.strategy_params(0, 0) == 0.7);
  // Back to transactional: its defaults, not the file's 0.4.
  apply_override(s, "actors.a.strategy.kind=\"transactional\"");
  CHECK(s.base.strategy_params(0, 0) == 0.5);
  CHECK(s.base.strategy_params(0, 1) == 1.0);
  CHECK(s.overrides == std::vector<std::string>{"actors.a.strategy.kind=\"time_dependent\"",
                                                "actors.a.strategy.exponent=0.7",
                                                "actors.a.strategy.kind=\"time_dependent\"",
                                                "actors.a.strategy.kind=\"transactional\""});
}

TEST_CASE("a bad strategy kind is refused and leaves the actor as it was", "[overrides]") {
  Scenario s = four_actors();
  const auto paths = paths_of(s);
  // (Other tests may register strategies of their own: the list is checked up to the
  // shipped ones.)
  CHECK_THROWS_WITH(apply_override(s, "actors.a.strategy.kind=\"bogus\""),
                    Catch::StartsWith("--set actors.a.strategy.kind: expected a strategy name in "
                                      "quotes, one of: time_dependent, equilibrium, transactional, "
                                      "tit_for_tat") &&
                        Catch::EndsWith("; found \"bogus\""));
  CHECK_THROWS_WITH(apply_override(s, "actors.a.strategy.kind=3"),
                    Catch::EndsWith("found the integer 3"));
  // Equilibrium play needs every participant: validate refuses one alone.
  CHECK_THROWS_WITH(apply_override(s, "actors.a.strategy.kind=\"equilibrium\""),
                    Catch::StartsWith("--set actors.a.strategy.kind: phase `talks`: strategy "
                                      "`equilibrium` needs every participant to play it"));
  CHECK(s.actors[0].strategy == "transactional");
  CHECK(paths_of(s) == paths);
  CHECK(s.base.strategy_params(0, 0) == Approx(0.4));
  CHECK(!s.phases[0].equilibrium);
  CHECK(s.overrides.empty());
}

TEST_CASE("a phase's decision rule and quota are set and read back", "[overrides]") {
  Scenario s = four_actors();
  apply_override(s, "phases.talks.decision_rule=\"majority\"");
  CHECK(phase(s, "talks").decision_rule.kind == DecisionRule::Kind::kMajority);
  CHECK(phase(s, "talks").decision_rule.veto == std::vector<int>{0});  // kept
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.quota=0.8"),
                    "--set phases.talks.quota: `quota` applies only to rule = \"quota\"; phase "
                    "`talks` has another rule (set phases.talks.decision_rule = \"quota\" first, "
                    "or give { rule = \"quota\", quota = … })");
  apply_override(s, "phases.talks.decision_rule=\"quota\"");
  CHECK(phase(s, "talks").decision_rule.quota == 0.6);  // kept
  apply_override(s, "phases.talks.quota=0.8");
  CHECK(phase(s, "talks").decision_rule.quota == 0.8);
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.quota=1.5"),
                    "--set phases.talks.quota: expected `quota` to be in (0, 1], found 1.5");
  CHECK(phase(s, "talks").decision_rule.quota == 0.8);
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.quota=\"high\""),
                    "--set phases.talks.quota: expected `quota` to be a number, found the string "
                    "\"high\"");
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.decision_rule=\"plurality\""),
                    "--set phases.talks.decision_rule: expected the decision rule to be "
                    "\"unanimity\", \"majority\", \"quota\" or \"eu_council\", found "
                    "\"plurality\"");
  // The table of a file replaces the whole rule.
  apply_override(s, "phases.talks.decision_rule={ rule = \"quota\", quota = 0.5, veto = [\"b\"] }");
  CHECK(phase(s, "talks").decision_rule.quota == 0.5);
  CHECK(phase(s, "talks").decision_rule.veto == std::vector<int>{1});
  apply_override(s, "phases.talks.decision_rule={ rule = \"unanimity\" }");
  CHECK(phase(s, "talks").decision_rule.kind == DecisionRule::Kind::kUnanimity);
  CHECK(phase(s, "talks").decision_rule.veto.empty());
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.decision_rule={ rule = \"quota\" }"),
                    "--set phases.talks.decision_rule: missing key `quota` in the quota decision "
                    "rule");
  CHECK(phase(s, "talks").decision_rule.kind == DecisionRule::Kind::kUnanimity);
}

TEST_CASE("a phase's protocol and proposer order are set and read back", "[overrides]") {
  Scenario s = four_actors();
  apply_override(s, "phases.talks.proposer_order=\"capability\"");
  CHECK(phase(s, "talks").proposer_order == ProposerOrder::kCapability);
  apply_override(s, "phases.talks.proposer_order=[\"c\", \"a\"]");
  CHECK(phase(s, "talks").proposer_order == ProposerOrder::kSequence);
  CHECK(phase(s, "talks").proposer_sequence == std::vector<int>{2, 0});
  apply_override(s, "phases.talks.proposer_order=\"listed\"");
  CHECK(phase(s, "talks").proposer_order == ProposerOrder::kListed);
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.proposer_order=[\"d\"]"),
                    "--set phases.talks.proposer_order: `d` in the proposer order of `talks` is "
                    "not a participant");
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.proposer_order=\"sideways\""),
                    "--set phases.talks.proposer_order: expected \"listed\", \"capability\" or an "
                    "array of participants, found \"sideways\"");
  apply_override(s, "phases.talks.protocol=\"random_proposer\"");
  CHECK(phase(s, "talks").protocol == "random_proposer");
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.proposer_order=\"capability\""),
                    "--set phases.talks.proposer_order: `proposer_order` applies only to protocol "
                    "= \"alternating_offers\"; phase `talks` has protocol \"random_proposer\"");
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.protocol=\"haggling\""),
                    Catch::StartsWith("--set phases.talks.protocol: expected a protocol name in "
                                      "quotes, one of: alternating_offers, random_proposer, ") &&
                        Catch::EndsWith("; found \"haggling\""));
  CHECK(phase(s, "talks").protocol == "random_proposer");
  apply_override(s, "phases.talks.max_rounds=30");
  CHECK(phase(s, "talks").max_rounds == 30);
}

TEST_CASE("participants, ratifiers and veto players are set as arrays of actor ids",
          "[overrides]") {
  Scenario s = four_actors();
  // `d` ratifies the talks: it cannot also sit at the table.
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.participants=[\"a\", \"b\", \"c\", \"d\"]"),
                    "--set phases.talks.participants: actor `d` is at the table in phase `talks`; "
                    "expected ratifiers to be absent actors");
  CHECK(phase(s, "talks").participants == std::vector<int>{0, 1, 2});
  apply_override(s, "phases.talks.ratifiers=[]");
  CHECK(phase(s, "talks").ratifiers.empty());
  apply_override(s, "phases.talks.participants=[\"a\", \"b\", \"c\", \"d\"]");
  CHECK(phase(s, "talks").participants == std::vector<int>{0, 1, 2, 3});
  CHECK(phase(s, "talks").recognition.size() == 4);
  // Veto players must be at the table.
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.participants=[\"b\", \"c\"]"),
                    "--set phases.talks.participants: expected veto players to be participants of "
                    "the phase");
  apply_override(s, "phases.talks.veto=[\"b\", \"c\"]");
  CHECK(phase(s, "talks").decision_rule.veto == std::vector<int>{1, 2});
  apply_override(s, "phases.talks.participants=[\"b\", \"c\"]");
  apply_override(s, "phases.talks.ratifiers=[\"a\", \"d\"]");
  CHECK(phase(s, "talks").ratifiers == std::vector<int>{0, 3});
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.participants=[\"b\"]"),
                    "--set phases.talks.participants: expected at least 2 participants in phase "
                    "`talks`, found 1");
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.ratifiers=[\"x\"]"),
                    "--set phases.talks.ratifiers: unknown actor `x` in the ratifiers of `talks`; "
                    "expected one of: a, b, c, d");
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.veto=[\"b\", \"b\"]"),
                    "--set phases.talks.veto: actor `b` is listed twice in the veto players of "
                    "`talks`");
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.ratifiers=\"a\""),
                    "--set phases.talks.ratifiers: expected the ratifiers of `talks` as an array "
                    "of actor ids such as [\"a\"], found the string \"a\"");
  CHECK(phase(s, "talks").ratifiers == std::vector<int>{0, 3});
  CHECK(phase(s, "talks").participants == std::vector<int>{1, 2});
}

TEST_CASE("recognition weights follow the participants they were given to", "[overrides]") {
  Scenario s = four_actors();
  apply_override(s, "phases.vote.participants=[\"b\", \"a\"]");
  REQUIRE(phase(s, "vote").recognition.size() == 2);
  CHECK(phase(s, "vote").recognition[0] == Approx(1.0 / 3.0));
  CHECK(phase(s, "vote").recognition[1] == Approx(2.0 / 3.0));
  CHECK_THROWS_WITH(apply_override(s, "phases.vote.participants=[\"a\", \"b\", \"c\"]"),
                    Catch::StartsWith("--set phases.vote.participants: phase `vote` gives its "
                                      "participants unequal recognition weights and `c` has none"));
  CHECK(phase(s, "vote").participants == std::vector<int>{1, 0});
}

TEST_CASE("an unknown structural path names the closest ones", "[overrides]") {
  Scenario s = four_actors();
  CHECK_THROWS_WITH(apply_override(s, "phases.talks.decision_rle=\"majority\""),
                    Catch::StartsWith("--set phases.talks.decision_rle: unknown parameter path; "
                                      "closest: phases.talks.decision_rule"));
  CHECK_THROWS_WITH(apply_override(s, "actors.a.strategy.knd=\"tit_for_tat\""),
                    Catch::Contains("closest: actors.a.strategy.kind"));
  CHECK_THROWS_WITH(apply_override(s, "phases.talk.ratifiers=[]"),
                    Catch::Contains("closest: phases.talks.ratifiers"));
}

TEST_CASE("a sweep point applies its structure together, kinds and rules first", "[overrides]") {
  Scenario s = four_actors();
  // Moving `d` from the ratifiers to the table takes both changes at once; the
  // quota comes after the rule whatever the order given.
  const std::vector<std::string> point = {
      "phases.talks.quota=0.9", "phases.talks.participants=[\"a\", \"b\", \"c\", \"d\"]",
      "phases.talks.ratifiers=[]", "phases.talks.decision_rule=\"quota\""};
  apply_point(s, point);
  CHECK(phase(s, "talks").participants.size() == 4);
  CHECK(phase(s, "talks").decision_rule.quota == 0.9);
  CHECK(s.overrides.empty());  // design columns, not overrides
  // A strategy parameter after its kind.
  Scenario t = four_actors();
  apply_point(t, std::vector<std::string>{"actors.c.strategy.exponent=3",
                                          "actors.c.strategy.kind=\"time_dependent\""});
  CHECK(t.base.strategy_params(2, 0) == 3.0);
  // Refused as a whole: the scenario is left as it was.
  Scenario u = four_actors();
  const auto paths = paths_of(u);
  CHECK_THROWS_WITH(
      apply_point(u, std::vector<std::string>{"actors.a.strategy.kind=\"equilibrium\"",
                                              "phases.talks.max_rounds=3"}),
      Catch::StartsWith("--set actors.a.strategy.kind=\"equilibrium\", "
                        "phases.talks.max_rounds=3: phase `talks`"));
  CHECK(u.actors[0].strategy == "transactional");
  CHECK(phase(u, "talks").max_rounds == 10);
  CHECK(paths_of(u) == paths);
}

TEST_CASE("check_sweep checks structural values in combination", "[overrides]") {
  const Scenario s = four_actors();
  SweepSpec spec;
  spec.kind = DesignKind::kGrid;
  SweepAxis rule;
  rule.path = "phases.talks.decision_rule";
  rule.kind = SweepAxis::Kind::kValues;
  rule.values = {"\"majority\"", "{ rule = \"quota\", quota = 0.7 }"};
  rule.origin = {"--values", 0, 0};
  SweepAxis kind = rule;
  kind.path = "actors.b.strategy.kind";
  kind.values = {"\"transactional\"", "\"time_dependent\""};
  SweepAxis exponent = rule;
  exponent.path = "actors.b.strategy.exponent";
  exponent.values = {"0.5", "2"};
  spec.axes = {rule, kind, exponent};
  CHECK_NOTHROW(check_sweep(s, spec));
  // A parameter only one of the kinds has fails in the combination without it.
  SweepAxis reciprocity = exponent;
  reciprocity.path = "actors.b.strategy.reciprocity";
  reciprocity.values = {"0.5"};
  spec.axes = {rule, kind, reciprocity};
  CHECK_THROWS_WITH(check_sweep(s, spec),
                    Catch::StartsWith("--values swept parameter actors.b.strategy.reciprocity: "
                                      "`b` plays time_dependent") &&
                        Catch::EndsWith("(with phases.talks.decision_rule=\"majority\", "
                                        "actors.b.strategy.kind=\"time_dependent\")"));
  // A structural value the scenario refuses.
  SweepAxis participants = rule;
  participants.path = "phases.talks.participants";
  participants.values = {"[\"a\", \"b\"]", "[\"b\", \"c\"]"};
  spec.axes = {participants};
  CHECK_THROWS_WITH(check_sweep(s, spec),
                    "--values swept parameter phases.talks.participants=[\"b\", \"c\"]: expected "
                    "veto players to be participants of the phase");
}

TEST_CASE("a values axis is a discrete factor of a sampled design: value floor(u·n)",
          "[overrides][sweep_design]") {
  SweepSpec spec;
  spec.kind = DesignKind::kLatinHypercube;
  spec.samples = 12;
  SweepAxis range;
  range.path = "actors.a.capability";
  range.kind = SweepAxis::Kind::kRange;
  range.low = 0.5;
  range.high = 1.5;
  SweepAxis kind;
  kind.path = "actors.a.strategy.kind";
  kind.kind = SweepAxis::Kind::kValues;
  kind.values = {"\"transactional\"", "\"time_dependent\"", "\"tit_for_tat\""};
  spec.axes = {range, kind};
  const SweepPoints lhs(spec, 3);
  REQUIRE(lhs.point_count() == 12);
  std::map<std::string, int> count;
  for (std::int64_t p = 0; p < 12; ++p) ++count[lhs.csv_value(p, 1)];
  // 12 strata over 3 values: each value exactly 4 times.
  CHECK(count == std::map<std::string, int>{
                     {"transactional", 4}, {"time_dependent", 4}, {"tit_for_tat", 4}});
  // The range axis draws what it draws without the discrete one beside it.
  SweepSpec alone = spec;
  alone.axes = {range};
  const SweepPoints only_range(alone, 3);
  for (std::int64_t p = 0; p < 12; ++p) CHECK(lhs.value(p, 0) == only_range.value(p, 0));

  spec.kind = DesignKind::kSobol;
  spec.samples = 8;
  const SweepPoints sobol(spec, 3);
  REQUIRE(sobol.point_count() == 8 * 4);
  for (std::int64_t p = 0; p < sobol.point_count(); ++p) {
    const double index = sobol.value(p, 1);
    CHECK(index == std::floor(index));
    CHECK((index >= 0.0 && index <= 2.0));
  }
  // The Sobol sequence's second point is (0.5, 0.5, 0.5, 0.5): A_0 takes value 1 of 3.
  CHECK(sobol.assignment(0, 1) == "actors.a.strategy.kind=\"time_dependent\"");
}

TEST_CASE("arrays and tables in a values list: TOML for the assignment, a CSV cell without commas",
          "[overrides][sweep_design]") {
  const std::string text = kFourActors + R"(
[sweep]
design = "grid"

[[sweep.parameters]]
path = "phases.talks.ratifiers"
values = [["d"], []]

[[sweep.parameters]]
path = "phases.talks.decision_rule"
values = ["majority", { rule = "quota", quota = 0.7 }]
)";
  const Scenario s = parse_scenario(text, "sweep.toml");
  REQUIRE(s.sweep.has_value());
  CHECK(s.sweep->axes[0].values == std::vector<std::string>{"[\"d\"]", "[]"});
  // A table's keys in the order toml++ keeps them (sorted).
  CHECK(s.sweep->axes[1].values ==
        std::vector<std::string>{"\"majority\"", "{ quota = 0.7, rule = \"quota\" }"});
  const SweepPoints points(*s.sweep, 1);
  REQUIRE(points.point_count() == 4);
  CHECK(points.csv_value(0, 0) == "[d]");
  CHECK(points.csv_value(2, 0) == "[]");
  CHECK(points.csv_value(1, 1) == "{quota=0.7;rule=quota}");
  CHECK(points.assignment(3, 1) == "phases.talks.decision_rule={ quota = 0.7, rule = \"quota\" }");
}

TEST_CASE("the items of a --values list are split at commas outside brackets, braces and quotes",
          "[overrides]") {
  const auto sweep = std::get<cli::SweepCommand>(cli::parse_command_line(
      {"sweep", "s.toml", "--values", "phases.talks.ratifiers=[\"ukraine\",\"eu\"],[],[\"eu\"]",
       "--values", "actors.us.strategy.kind=transactional,\"time_dependent\"", "--values",
       "phases.talks.decision_rule=majority,{rule=\"quota\",quota=0.6}", "--lhs", "6", "--range",
       "actors.us.capability=0.5:1.5"}));
  REQUIRE(sweep.design.has_value());
  CHECK(sweep.design->kind == DesignKind::kLatinHypercube);
  REQUIRE(sweep.design->axes.size() == 4);
  CHECK(sweep.design->axes[1].values ==
        std::vector<std::string>{"[\"ukraine\",\"eu\"]", "[]", "[\"eu\"]"});
  CHECK(sweep.design->axes[2].values ==
        std::vector<std::string>{"\"transactional\"", "\"time_dependent\""});
  CHECK(sweep.design->axes[3].values ==
        std::vector<std::string>{"\"majority\"", "{rule=\"quota\",quota=0.6}"});
}

}  // namespace parley
