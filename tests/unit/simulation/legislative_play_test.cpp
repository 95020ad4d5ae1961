// The agents' play of EU proposals: the Council's rule as the engine applies it
// (DecisionRule::kCouncil) against the treaty rule of protocol/eu_council.hpp on
// every vote pattern of the EU15 and many of the later Councils, the agenda
// setter, the Parliament under co-decision, and whole plays with hand-derived
// outcomes.
#include "simulation/legislative_play.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "parsing/overrides.hpp"
#include "parsing/scenario_parser.hpp"
#include "protocol/decision_rule.hpp"
#include "protocol/eu_council.hpp"

namespace parley {
namespace {

ForecastActor actor(std::string id, double position, double salience = 1.0) {
  ForecastActor a;
  a.id = std::move(id);
  a.position = position;
  a.salience = salience;
  return a;
}

// One issue of proposal "p" on 0–100 with the Commission at `commission` and every
// member of the Council at `date` at `members`, but `holdout` at `holdout_at`.
ForecastCase eu_issue(const std::string& date, const std::string& procedure,
                      const std::string& rule, double commission, double members,
                      const std::string& holdout = "", double holdout_at = 0.0,
                      std::optional<double> status_quo = 0.0) {
  ForecastCase c;
  c.id = std::string(1, 'p');  // (not = "p": GCC 12's -Wrestrict misfires on it here)
  c.issue = std::string(1, 'x');
  c.date = date;
  c.procedure = procedure;
  c.voting_rule = rule;
  c.status_quo = status_quo;
  c.actors.push_back(actor("com", commission));
  if (procedure == "cod" || procedure == "cns") c.actors.push_back(actor("ep", members));
  for (const std::string& m : builtin_council_table().members(parse_civil_date(date)))
    c.actors.push_back(actor(m, m == holdout ? holdout_at : members));
  return c;
}

AgentPlayOptions exact_play() {
  AgentPlayOptions options;
  options.replicates = 8;
  options.position_sd = 0.0;
  options.salience_sd = 0.0;
  options.perception_sd = 0.0;
  options.fallback = AgentPlayOptions::Fallback::kStatusQuo;  // the setter logic, exactly
  return options;
}

// The engine's rule and the treaty rule on the vote pattern `pattern` (bit k: the
// k-th member accepts) of the Council at `date`.
void check_pattern(const Scenario& scenario, const std::vector<std::string>& members,
                   CivilDate date, CouncilVoting voting, std::uint64_t pattern) {
  const Phase& phase = scenario.phases.front();
  std::vector<char> accepted(scenario.actors.size(), 0);
  std::vector<CouncilVote> votes;
  for (std::size_t k = 0; k < members.size(); ++k) {
    const bool yes = ((pattern >> k) & 1U) != 0;
    votes.push_back({members[k], yes});
    for (std::size_t a = 0; a < scenario.actors.size(); ++a)
      if (scenario.actors[a].name == members[k]) accepted[a] = yes ? 1 : 0;
  }
  // The Commission accepts, so only the Council's rule decides.
  for (std::size_t a = 0; a < scenario.actors.size(); ++a)
    if (scenario.actors[a].name == "com" || scenario.actors[a].name == "ep") accepted[a] = 1;
  Eigen::VectorXd capability = Eigen::VectorXd::Ones(scenario.actor_count());
  INFO("pattern " << pattern);
  CHECK(passes_decision_rule(phase.decision_rule, phase.participants, accepted, capability) ==
        council_passes(builtin_council_table(), date, voting, votes));
}

}  // namespace

TEST_CASE("the engine's Council rule is the treaty rule on every EU15 vote pattern",
          "[legislative_play]") {
  const std::string date = "2000-01-26";
  const CivilDate day = parse_civil_date(date);
  const std::vector<std::string> members = builtin_council_table().members(day);
  REQUIRE(members.size() == 15);
  for (const char* rule : {"qmv", "unanimity"}) {
    const Scenario scenario = legislative_scenario(
        std::vector<ForecastCase>{eu_issue(date, "cod", rule, 100, 100)}, exact_play());
    REQUIRE(scenario.phases.front().decision_rule.kind == DecisionRule::Kind::kCouncil);
    const CouncilVoting voting =
        std::string(rule) == "qmv" ? CouncilVoting::kQualifiedMajority : CouncilVoting::kUnanimity;
    for (std::uint64_t pattern = 0; pattern < (1U << 15); ++pattern)
      check_pattern(scenario, members, day, voting, pattern);
  }
}

TEST_CASE("the engine's Council rule is the treaty rule under Nice and Lisbon",
          "[legislative_play]") {
  for (const char* date : {"2004-06-01", "2005-03-01", "2008-03-01", "2013-09-01", "2016-03-01"}) {
    const CivilDate day = parse_civil_date(date);
    const std::vector<std::string> members = builtin_council_table().members(day);
    const Scenario scenario = legislative_scenario(
        std::vector<ForecastCase>{eu_issue(date, "cod", "qmv", 100, 100)}, exact_play());
    // A fixed mix of patterns: few, many and about half the members against.
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    for (int draw = 0; draw < 3000; ++draw) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      std::uint64_t pattern = state;
      if (draw % 3 == 0) pattern |= state << 7;  // mostly yes
      if (draw % 3 == 1) pattern &= state >> 3;  // mostly no
      check_pattern(scenario, members, day, CouncilVoting::kQualifiedMajority, pattern);
    }
  }
}

TEST_CASE("the Commission's consent is needed unless the Council is unanimous",
          "[legislative_play]") {
  const std::string date = "2000-01-26";
  const Scenario scenario = legislative_scenario(
      std::vector<ForecastCase>{eu_issue(date, "cns", "qmv", 100, 100)}, exact_play());
  const Phase& phase = scenario.phases.front();
  std::vector<char> accepted(scenario.actors.size(), 1);
  const Eigen::VectorXd capability = Eigen::VectorXd::Ones(scenario.actor_count());
  REQUIRE(scenario.actors[0].name == "com");
  accepted[0] = 0;  // the Commission says no; every member yes: passes (Art. 293(1) TFEU)
  CHECK(passes_decision_rule(phase.decision_rule, phase.participants, accepted, capability));
  // Germany (10 of 87) also says no: a qualified majority, but not unanimity.
  for (std::size_t a = 0; a < scenario.actors.size(); ++a)
    if (scenario.actors[a].name == "de") accepted[a] = 0;
  CHECK_FALSE(passes_decision_rule(phase.decision_rule, phase.participants, accepted, capability));
  // Under consultation the Parliament is not at the table.
  for (int j : phase.participants) CHECK(scenario.actors[static_cast<std::size_t>(j)].name != "ep");
}

TEST_CASE("under co-decision the Parliament holds a veto", "[legislative_play]") {
  const Scenario scenario = legislative_scenario(
      std::vector<ForecastCase>{eu_issue("2000-01-26", "cod", "qmv", 100, 100)}, exact_play());
  const Phase& phase = scenario.phases.front();
  REQUIRE(phase.decision_rule.veto.size() == 1);
  CHECK(scenario.actors[static_cast<std::size_t>(phase.decision_rule.veto[0])].name == "ep");
  // The Commission proposes in every odd round; the Parliament first among the others.
  REQUIRE(phase.proposer_sequence.size() >= 2);
  CHECK(phase.participants[static_cast<std::size_t>(phase.proposer_sequence[0])] == 0);
  CHECK(scenario
            .actors[static_cast<std::size_t>(
                phase.participants[static_cast<std::size_t>(phase.proposer_sequence[1])])]
            .name == "ep");
}

TEST_CASE("whole plays with hand-derived outcomes", "[legislative_play]") {
  const AgentPlayOptions options = exact_play();
  SECTION("everyone wants 70 against a status quo of 0: the Commission's first offer, 70") {
    const AgentPlayResult result = play_proposal(
        std::vector<ForecastCase>{eu_issue("2005-03-01", "cod", "qmv", 70, 70)}, options);
    CHECK(result.median[0] == Approx(70.0).margin(1e-9));
    CHECK(result.agreement_rate == 1.0);
  }
  SECTION("unanimity and one member who wants the status quo: nothing changes") {
    // Germany's utility is 1 at the status quo 0 and below 1 anywhere else, so it
    // accepts nothing; under unanimity the status quo stands.
    const AgentPlayResult result = play_proposal(
        std::vector<ForecastCase>{eu_issue("2000-01-26", "cns", "unanimity", 100, 100, "de", 0)},
        options);
    CHECK(result.median[0] == Approx(0.0).margin(1e-9));
    CHECK(result.agreement_rate == 0.0);
  }
  SECTION("when no deal is worth nothing, even the holdout signs: the law is made") {
    // Germany's value of no deal is 0, no worse than any law, so unanimity no longer
    // keeps the status quo: as the targets fall the two sides meet between 0 and 100
    // (with the status quo as fallback, above, nothing passes).
    AgentPlayOptions worthless = options;
    worthless.fallback = AgentPlayOptions::Fallback::kNothing;
    const AgentPlayResult result = play_proposal(
        std::vector<ForecastCase>{eu_issue("2000-01-26", "cns", "unanimity", 100, 100, "de", 0)},
        worthless);
    CHECK(result.agreement_rate == 1.0);
    CHECK(result.median[0] > 0.0);
    CHECK(result.median[0] < 100.0);
  }
  SECTION("the same under QMV: 77 of 87 votes pass the Commission's 100") {
    const AgentPlayResult result = play_proposal(
        std::vector<ForecastCase>{eu_issue("2000-01-26", "cns", "qmv", 100, 100, "de", 0)},
        options);
    CHECK(result.median[0] == Approx(100.0).margin(1e-9));
  }
  SECTION("Lisbon: Germany, France and Italy alone cannot block (fewer than four)") {
    ForecastCase c = eu_issue("2016-03-01", "cns", "qmv", 100, 100);
    for (ForecastActor& a : c.actors)
      if (a.id == "de" || a.id == "fr" || a.id == "it") a.position = 0.0;
    const AgentPlayResult result = play_proposal(std::vector<ForecastCase>{c}, options);
    CHECK(result.median[0] == Approx(100.0).margin(1e-9));
  }
}

TEST_CASE("the agents' play is the same for any thread count", "[legislative_play]") {
  std::vector<ForecastCase> issues{
      eu_issue("2005-03-01", "cod", "qmv", 80, 40, "fr", 10, 20.0),
      eu_issue("2005-03-01", "cod", "qmv", 10, 60, "de", 90, std::nullopt)};
  issues[1].issue = std::string(1, 'y');
  issues[1].actors[3].salience = 0.2;
  AgentPlayOptions options;
  options.replicates = 40;
  options.seed = 11;
  options.threads = 1;
  const AgentPlayResult one = play_proposal(issues, options);
  options.threads = 2;
  const AgentPlayResult two = play_proposal(issues, options);
  CHECK(one.median == two.median);
  CHECK(one.mean == two.mean);
  CHECK(one.agreement_rate == two.agreement_rate);
  for (double m : one.median) {
    CHECK(m >= 0.0);
    CHECK(m <= 100.0);
  }
}

TEST_CASE("a proposal whose issues disagree on the date is refused", "[legislative_play]") {
  std::vector<ForecastCase> issues{eu_issue("2005-03-01", "cod", "qmv", 80, 40),
                                   eu_issue("2006-03-01", "cod", "qmv", 80, 40)};
  issues[1].issue = std::string(1, 'y');
  CHECK_THROWS_AS(legislative_scenario(issues, exact_play()), UsageError);
}

TEST_CASE("a scenario file names the Council's rule, and --set can too", "[legislative_play]") {
  // The Commission, the Parliament and the EU15 on 26 January 2000.
  std::string text = R"([scenario]
name = "council"
[[issues]]
id = "x"
label = "X"
range = [0.0, 100.0]
status_quo = 0.0
)";
  std::vector<std::string> ids{"com", "ep"};
  for (const std::string& m : builtin_council_table().members(parse_civil_date("2000-01-26")))
    ids.push_back(m);
  std::string participants;
  for (const std::string& id : ids) {
    text += "[[actors]]\nid = \"" + id + "\"\nname = \"" + id +
            "\"\nstrategy = { kind = \"time_dependent\" }\nideal = { x = 50.0 }\nsalience = { x = "
            "1.0 }\n";
    participants += (participants.empty() ? "\"" : ", \"") + id + "\"";
  }
  text += "[[phases]]\nid = \"council\"\nparticipants = [" + participants +
          "]\nprotocol = \"alternating_offers\"\nmax_rounds = 10\ndecision_rule = { rule = "
          "\"eu_council\", date = \"26-01-00\", agenda_setter = \"com\", veto = [\"ep\"] }\n";
  Scenario scenario = parse_scenario(text, "council.toml");
  // The equilibrium solver knows unanimity, majority and quota rules only.
  std::string solved = text;
  for (std::size_t at = solved.find("time_dependent"); at != std::string::npos;
       at = solved.find("time_dependent", at))
    solved.replace(at, 14, "equilibrium");
  CHECK_THROWS_WITH(parse_scenario(solved, "council.toml"),
                    Catch::Contains("not for the Council's"));
  const DecisionRule& rule = scenario.phases.front().decision_rule;
  REQUIRE(rule.kind == DecisionRule::Kind::kCouncil);
  CHECK(rule.council.agenda_setter == 0);
  CHECK(rule.veto == std::vector<int>{1});
  CHECK(rule.council.votes(scenario.actor_index("de")) == 10.0);
  CHECK(rule.council.votes(scenario.actor_index("lu")) == 2.0);
  CHECK(rule.council.member[0] == 0);
  CHECK(rule.council.rule.vote_share == Approx(62.0 / 87.0));
  // Every member but Germany and France (20 of 87 against: 67 ≥ 62), the
  // Commission and the Parliament accept: it passes; Spain too against (28): not.
  std::vector<char> accepted(ids.size(), 1);
  accepted[static_cast<std::size_t>(scenario.actor_index("de"))] = 0;
  accepted[static_cast<std::size_t>(scenario.actor_index("fr"))] = 0;
  const Phase& phase = scenario.phases.front();
  const Eigen::VectorXd capability = Eigen::VectorXd::Ones(scenario.actor_count());
  CHECK(passes_decision_rule(rule, phase.participants, accepted, capability));
  accepted[static_cast<std::size_t>(scenario.actor_index("es"))] = 0;
  CHECK_FALSE(passes_decision_rule(rule, phase.participants, accepted, capability));

  // --set: unanimity on 1 June 2003; a rule name keeps the Council's seats, but a
  // table or a new kind needs the date.
  apply_override(scenario,
                 "phases.council.decision_rule={ rule = \"eu_council\", date = \"2003-06-01\", "
                 "voting = \"unanimity\" }");
  CHECK(scenario.phases.front().decision_rule.council.rule.unanimity);
  CHECK(scenario.phases.front().decision_rule.council.agenda_setter == -1);
  apply_override(scenario, "phases.council.decision_rule=\"majority\"");
  CHECK(scenario.phases.front().decision_rule.kind == DecisionRule::Kind::kMajority);
  CHECK_THROWS_WITH(apply_override(scenario, "phases.council.decision_rule=\"eu_council\""),
                    Catch::Contains("it needs a date"));
  CHECK_THROWS_WITH(apply_override(scenario,
                                   "phases.council.decision_rule={ rule = \"majority\", date = "
                                   "\"2003-06-01\" }"),
                    Catch::Contains("`date` applies only to rule = \"eu_council\""));
}

}  // namespace parley
