// `[actors_table]`: actors built from a case table's cells (never from TOML text
// made of them), errors at the table's row, and the file confined to the
// scenario's folder unless ScenarioOptions::allow_outside_data.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "parsing/scenario_parser.hpp"

namespace parley {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the temporary directory, removed with the object.
class TempFolder {
 public:
  explicit TempFolder(const std::string& name)
      : path_(fs::temp_directory_path() / fmt::format("parley_{}_{}", name, ::getpid())) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// A one-issue scenario whose actors come from `file`; `extra` goes into [actors_table].
std::string scenario_with_table(const std::string& file, const std::string& extra = "") {
  return R"([scenario]
name = "table"

[[issues]]
id = "year"
label = "Year"
range = [4.0, 10.0]
status_quo = 10.0

[actors_table]
file = ")" +
         file + "\"\n" + extra + R"(
[[phases]]
id = "council"
participants = ["germany", "france"]
protocol = "median"
)";
}

const std::string kHeader = "case,actor,position,salience,capability\n";

// The message of the ScenarioError that parsing throws (fails the test if none).
std::string error_of(const std::string& text, const fs::path& source,
                     const ScenarioOptions& options = {}) {
  try {
    (void)parse_scenario(text, source.string(), options);
  } catch (const ScenarioError& bad) {
    return bad.what();
  }
  FAIL("expected a ScenarioError");
  return {};
}

}  // namespace

TEST_CASE("a name in an actors table is only ever a name, never TOML", "[scenario][actors_table]") {
  TempFolder folder("actors_table_injection");
  // The CSV field holds a quote, line breaks and a key that would set a parameter
  // if the name were pasted into TOML text; another name holds a backslash.
  const std::string injected = "Belgium\"\nreservation_utility = 0.99\n#";
  write(folder.path() / "actors.csv", kHeader + "c,Germany,4,0.8,0.16\nc,France,10,0.6,0.16\n" +
                                          "c,\"Belgium\"\"\nreservation_utility = 0.99\n#\",7,0.4,"
                                          "0.08\nc,Back\\slash,5,0.5,0.05\n");
  const Scenario scenario =
      parse_scenario(scenario_with_table("actors.csv"), (folder.path() / "s.toml").string());
  REQUIRE(scenario.actor_count() == 4);
  const Actor& belgium = scenario.actors[2];
  CHECK(belgium.id == "belgium_reservation_utility_0_99");
  CHECK(belgium.name == injected);
  CHECK(scenario.base.reservation(2) == 0.0);  // the default, not 0.99
  CHECK(scenario.actors[3].id == "back_slash");
  CHECK(scenario.actors[3].name == "Back\\slash");
  CHECK(scenario.base.capability(3) == 0.05);
  CHECK(scenario.base.ideal(3, 0) == 5.0);
  CHECK(scenario.base.salience(3, 0) == 0.5);
}

TEST_CASE("table actors get the table's numbers and a truncated normal with position_sd",
          "[scenario][actors_table]") {
  TempFolder folder("actors_table_numbers");
  write(folder.path() / "data" / "a.csv",
        kHeader + "c,Germany,4.25,0.8,0.16\nc,France,10,0.6,0.16\n");
  const Scenario scenario = parse_scenario(
      scenario_with_table("data/a.csv", "position_sd = 0.5\nstrategy = \"tit_for_tat\"\n"),
      (folder.path() / "s.toml").string());
  REQUIRE(scenario.actor_count() == 2);
  CHECK(scenario.actors[0].id == "germany");
  CHECK(scenario.actors[0].strategy == "tit_for_tat");
  CHECK(scenario.base.capability(0) == 0.16);
  CHECK(scenario.base.salience(0, 0) == 0.8);
  const ScenarioParameter* ideal = nullptr;
  for (const ScenarioParameter& p : scenario.parameters)
    if (p.path == "actors.germany.ideal.year") ideal = &p;
  REQUIRE(ideal != nullptr);
  CHECK_FALSE(ideal->value.is_fixed());
}

TEST_CASE("an error about a table actor names the table's row", "[scenario][actors_table]") {
  TempFolder folder("actors_table_rows");
  const fs::path source = folder.path() / "s.toml";
  // "U.K." and "U K" both give the id u_k: the second is a duplicate, on line 4.
  write(folder.path() / "dup.csv",
        kHeader + "c,Germany,4,0.8,0.16\nc,U.K.,10,0.9,0.16\nc,U K,10,0.9,0.16\n");
  CHECK(error_of(scenario_with_table("dup.csv"), source) ==
        (folder.path() / "dup.csv").string() + ":4:1: duplicate actor id `u_k`");
  // A capability beyond what the models and a scenario accept (1e12), at its row.
  write(folder.path() / "big.csv", kHeader + "c,Germany,4,0.8,0.16\nc,France,10,0.6,1e15\n");
  CHECK(error_of(scenario_with_table("big.csv"), source) ==
        (folder.path() / "big.csv").string() +
            ":3:1: capability 1000000000000000 is above 1e+12 (larger capabilities overflow the "
            "models' weighted sums)");
  // Rows of other cases do not count.
  write(folder.path() / "two.csv", kHeader +
                                       "other,X,4,0.5,1\nc,Germany,4,0.8,0.16\nother,Y,5,0.5,1\n"
                                       "c,France,10,0,0.16\n");
  CHECK(error_of(scenario_with_table("two.csv", "case = \"c\"\n"), source) ==
        (folder.path() / "two.csv").string() +
            ":5:1: actor \"France\" has salience 0: an actor needs a positive salience on the "
            "scenario's only issue");
  // An unknown strategy is an error at the [actors_table] key.
  write(folder.path() / "ok.csv", kHeader + "c,Germany,4,0.8,0.16\nc,France,10,0.6,0.16\n");
  CHECK_THAT(error_of(scenario_with_table("ok.csv", "strategy = \"boulware\"\n"), source),
             Catch::StartsWith(source.string() + ":12:12: unknown strategy \"boulware\""));
}

TEST_CASE("an actors table outside the scenario's folder is refused unless allowed",
          "[scenario][actors_table]") {
  TempFolder folder("actors_table_outside");
  const std::string table = kHeader + "c,Germany,4,0.8,0.16\nc,France,10,0.6,0.16\n";
  write(folder.path() / "shared.csv", table);
  write(folder.path() / "scenario" / "inside.csv", table);
  fs::create_symlink(folder.path() / "shared.csv", folder.path() / "scenario" / "link.csv");
  const fs::path source = folder.path() / "scenario" / "s.toml";
  const std::string refused =
      "which is outside it: a scenario may read only files in its own folder and below, so that "
      "a scenario from elsewhere cannot read your other files (pass --allow-outside-data to "
      "allow it)";
  for (const std::string& file :
       {std::string("../shared.csv"), (folder.path() / "shared.csv").string(),
        std::string("link.csv"), std::string("sub/../../shared.csv")}) {
    INFO(file);
    CHECK(error_of(scenario_with_table(file), source) ==
          source.string() + ":11:8: expected `file` to be inside the scenario's folder, found \"" +
              file + "\", " + refused);
    CHECK(parse_scenario(scenario_with_table(file), source.string(), {true}).actor_count() == 2);
  }
  // Inside the folder, `..` that stays inside is fine.
  CHECK(parse_scenario(scenario_with_table("x/../inside.csv"), source.string()).actor_count() == 2);
  // A relative scenario path: the folder is the current directory.
  CHECK_THAT(error_of(scenario_with_table("../shared.csv"), "s.toml"),
             Catch::StartsWith("s.toml:11:8: expected `file` to be inside the scenario's folder"));
}

TEST_CASE("a file that is not a case table is refused without quoting its content",
          "[scenario][actors_table]") {
  TempFolder folder("actors_table_not_csv");
  const fs::path source = folder.path() / "scenario" / "s.toml";
  const std::string passwd = (folder.path() / "passwd").string();
  // A quote on line 2 would be a CSV error there: the header is refused first.
  write(passwd, "root:x:0:0:secret-token-1234:/root:/bin/bash\ndaemon:\"quoted\" x:1:1\n");
  CHECK(error_of(scenario_with_table(passwd), source, {true}) ==
        passwd +
            ":1:1: the header has no column `case` (required: case, actor, position, salience, "
            "capability in any order; optional: status_quo, voting_rule, issue, procedure, date)");
  const char blob[] =
      "\x7f"
      "ELF\x02\x01\x01\0secret-token-1234\",\n\xff\xfe";
  write(folder.path() / "blob.bin", std::string(blob, sizeof blob - 1));
  write(folder.path() / "quoted.csv", "\"secret-token-1234,\"case\"\n");
  for (const char* name : {"blob.bin", "quoted.csv"}) {
    INFO(name);
    const std::string file = (folder.path() / name).string();
    const std::string message = error_of(scenario_with_table(file), source, {true});
    CHECK_THAT(message, Catch::StartsWith(file + ":1:"));
    CHECK_THAT(message, !Catch::Contains("secret") && !Catch::Contains("ELF"));
  }
}

TEST_CASE("a multi-issue table gives the actors of one proposal on every issue",
          "[scenario][actors_table]") {
  TempFolder folder("actors_table_multi");
  // Proposal p: issue a on [0, 100], issue b on [0, 10]; `ep` has no position on b.
  write(folder.path() / "p.csv",
        "case,issue,actor,position,salience,capability\n"
        "p,a,com,100,50,1\np,a,de,40,40,2\np,a,ep,70,80,1\n"
        "p,b,com,0,50,1\np,b,de,6,20,4\n"
        "q,a,com,1,1,1\nq,a,de,2,1,1\n");
  const std::string text = R"([scenario]
name = "proposal"

[[issues]]
id = "a"
label = "A"
range = [0.0, 100.0]
status_quo = 0.0

[[issues]]
id = "b"
label = "B"
range = [0.0, 10.0]
status_quo = 0.0

[actors_table]
file = "p.csv"
case = "p"

[[phases]]
id = "talks"
participants = ["com", "de", "ep"]
protocol = "alternating_offers"
max_rounds = 10
)";
  const Scenario scenario = parse_scenario(text, (folder.path() / "s.toml").string());
  REQUIRE(scenario.actor_count() == 3);
  CHECK(scenario.actors[2].id == "ep");
  CHECK(scenario.base.ideal(1, 0) == 40.0);
  CHECK(scenario.base.ideal(1, 1) == 6.0);
  CHECK(scenario.base.capability(1) == 3.0);  // the mean over its issues
  // Saliences on 0–100 are read as percentages.
  CHECK(scenario.base.salience(1, 0) == Approx(0.4));
  CHECK(scenario.base.salience(2, 1) == 0.0);  // ep has no position on b
  CHECK(scenario.base.ideal(2, 1) == 5.0);     // the midpoint, which it does not care about

  // A scenario issue the case does not have, and a case issue the scenario lacks.
  std::string missing = text;
  missing.replace(missing.find("id = \"b\""), 8, "id = \"c\"");
  CHECK_THAT(error_of(missing, folder.path() / "s.toml"),
             Catch::Contains("has issue \"b\", which the scenario's [[issues]] do not have"));
  // Positions are checked against each issue's own range.
  write(folder.path() / "p.csv",
        "case,issue,actor,position,salience,capability\n"
        "p,a,com,100,50,1\np,a,de,40,40,2\np,b,com,0,50,1\np,b,de,60,20,4\n");
  CHECK_THAT(error_of(text, folder.path() / "s.toml"),
             Catch::Contains("position 60 on issue \"b\" is outside its range [0, 10]"));
}

}  // namespace parley
