// Reading case tables: header order, extra columns, quoting, line endings, the
// salience scale, per-case errors with their lines and file-level error positions;
// and a forecast run over a table (simulation/forecast.hpp).
#include "parsing/case_table.hpp"
#include "file_bytes.hpp"
#include "protocol/forecast_models.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "simulation/forecast.hpp"

namespace parley {
namespace {

// The ScenarioError thrown for `text`, or a failed test.
ScenarioError error_of(const std::string& text) {
  try {
    parse_case_table(text, "cases.csv");
  } catch (const ScenarioError& error) {
    return error;
  }
  FAIL("no ScenarioError");
  return ScenarioError({}, "");
}

}  // namespace

TEST_CASE("a case table reads its columns in any order and ignores extra ones", "[case_table]") {
  const std::string text =
      "salience,notes,capability,actor,case,position\n"
      "0.5,first,2,de,c1,10\n"
      "1,,1,fr,c1,40\n"
      "0.25,x,4,uk,c1,80\n";
  const CaseTable table = parse_case_table(text, "cases.csv");
  CHECK(table.rows == 3);
  CHECK(table.case_count == 1);
  CHECK(table.errors.empty());
  CHECK_FALSE(table.salience_percent);
  REQUIRE(table.cases.size() == 1);
  const ForecastCase& c = table.cases[0];
  CHECK(c.id == "c1");
  CHECK_FALSE(c.status_quo.has_value());
  CHECK(c.voting_rule.empty());
  CHECK(c.scale_min == 0.0);
  CHECK(c.scale_max == 100.0);
  REQUIRE(c.actors.size() == 3);
  CHECK(c.actors[0].id == "de");
  CHECK(c.actors[0].position == 10.0);
  CHECK(c.actors[0].salience == 0.5);
  CHECK(c.actors[0].capability == 2.0);
  CHECK(c.actors[2].id == "uk");
  CHECK(c.actors[2].salience == 0.25);
  CHECK(table.source_sha256.size() == 64);
}

TEST_CASE("cases keep the order of their first row even when their rows are apart",
          "[case_table]") {
  const std::string text =
      "case,actor,position,salience,capability,status_quo,voting_rule\n"
      "b,x,10,1,1,,\n"
      "a,x,20,1,1,50,qmv\n"
      "b,y,30,1,1,,\n"
      "a,y,40,1,1,50,qmv\n";
  const CaseTable table = parse_case_table(text, "cases.csv");
  REQUIRE(table.cases.size() == 2);
  CHECK(table.cases[0].id == "b");
  CHECK_FALSE(table.cases[0].status_quo.has_value());
  CHECK(table.cases[0].actors.size() == 2);
  CHECK(table.cases[1].id == "a");
  REQUIRE(table.cases[1].status_quo.has_value());
  CHECK(*table.cases[1].status_quo == 50.0);
  CHECK(table.cases[1].voting_rule == "qmv");
  CHECK(table.cases[1].actors[1].position == 40.0);
}

TEST_CASE("quoted fields hold commas, quotes and line breaks", "[case_table]") {
  const std::string text =
      "case,actor,position,salience,capability\n"
      "\"EU, 2004\",\"the \"\"big\"\" one\",10,1,1\n"
      "\"EU, 2004\",\"two\nlines\",\" 20 \",1,1\n"
      "\"EU, 2004\",plain,30,1,1\n";
  const CaseTable table = parse_case_table(text, "cases.csv");
  REQUIRE(table.cases.size() == 1);
  const ForecastCase& c = table.cases[0];
  CHECK(c.id == "EU, 2004");
  REQUIRE(c.actors.size() == 3);
  CHECK(c.actors[0].id == "the \"big\" one");
  CHECK(c.actors[1].id == "two\nlines");
  CHECK(c.actors[1].position == 20.0);
  // The row after a quoted line break starts on line 5.
  const std::vector<CsvRecord> records = read_csv_records(text, "cases.csv");
  REQUIRE(records.size() == 4);
  CHECK(records[3].line == 5);
  CHECK(records[2].fields[2].line == 4);
  CHECK(records[2].fields[2].column == 8);
}

TEST_CASE("CRLF line endings, a byte order mark and blank lines are accepted", "[case_table]") {
  const std::string text =
      "\xEF\xBB\xBF"
      "case,actor,position,salience,capability,status_quo\r\n"
      "c1,a,10,0.5,1,\r\n"
      "\r\n"
      "c1,b,90,0.5,1,\r\n";
  const CaseTable table = parse_case_table(text, "cases.csv");
  REQUIRE(table.cases.size() == 1);
  CHECK(table.cases[0].actors[1].id == "b");
  CHECK(table.cases[0].actors[1].position == 90.0);
  CHECK_FALSE(table.cases[0].status_quo.has_value());
  CHECK(read_csv_records(text, "cases.csv")[2].line == 4);
}

TEST_CASE("a salience above 1 puts the whole file on 0-100", "[case_table]") {
  const std::string text =
      "case,actor,position,salience,capability\n"
      "c1,a,10,50,1\n"
      "c1,b,90,1,1\n";
  const CaseTable table = parse_case_table(text, "cases.csv");
  CHECK(table.salience_percent);
  REQUIRE(table.cases.size() == 1);
  CHECK(table.cases[0].actors[0].salience == 0.5);
  CHECK(table.cases[0].actors[1].salience == 0.01);
}

TEST_CASE("the position scale is an option", "[case_table]") {
  const std::string text =
      "case,actor,position,salience,capability,status_quo\n"
      "c1,a,4,0.8,1,10\n"
      "c1,b,8.5,0.4,1,10\n";
  const CaseTable table = parse_case_table(text, "cases.csv", {4.0, 10.0});
  REQUIRE(table.cases.size() == 1);
  CHECK(table.cases[0].scale_min == 4.0);
  CHECK(table.cases[0].scale_max == 10.0);
  const CaseTable strict = parse_case_table(text, "cases.csv", {0.0, 5.0});
  CHECK(strict.cases.empty());
  CHECK_THROWS_AS(parse_case_table(text, "cases.csv", {5.0, 5.0}), UsageError);
}

TEST_CASE("a case with a problem is skipped with its lines, the others are kept", "[case_table]") {
  const std::string text =
      "case,actor,position,salience,capability,status_quo,voting_rule\n"  // 1
      "good,a,10,50,1,20,qmv\n"                                           // 2
      "alone,a,10,50,1,,\n"                                               // 3
      "good,b,90,50,1,20,qmv\n"                                           // 4
      "bad,a,120,50,1,,\n"                                                // 5
      "bad,b,10,150,-2,,\n"                                               // 6
      "bad,b,20,50,1,,\n"                                                 // 7
      "conflict,a,10,50,1,30,qmv\n"                                       // 8
      "conflict,b,20,50,1,40,unanimity\n"                                 // 9
      "conflict,c,20,50,1,,qmv\n"                                         // 10
      "rule,a,10,50,1,200,veto\n"                                         // 11
      "rule,b,20,50,1,200,veto\n";                                        // 12
  const CaseTable table = parse_case_table(text, "cases.csv");
  CHECK(table.case_count == 5);
  REQUIRE(table.cases.size() == 1);
  CHECK(table.cases[0].id == "good");
  CHECK(table.cases[0].actors.size() == 2);

  struct Expected {
    std::string case_id;
    std::uint32_t line;
    std::string message;
  };
  const std::vector<Expected> expected{
      {"alone", 3, "1 actor: a case needs at least 2"},
      {"bad", 5, "position 120 is off the scale [0, 100]"},
      {"bad", 6,
       "salience 150 is outside [0, 100] (the file is on 0-100: a salience > 1 was found)"},
      {"bad", 6, "capability -2 is negative"},
      {"bad", 7, "actor \"b\" is listed twice (first on line 6)"},
      {"conflict", 9, "status quo 40 differs from 30 on line 8"},
      {"conflict", 9, "voting rule \"unanimity\" differs from \"qmv\" on line 8"},
      {"conflict", 10, "status quo blank differs from 30 on line 8"},
      {"rule", 11, "status quo 200 is off the scale [0, 100]"},
      {"rule", 11, "unknown voting rule \"veto\" (expected majority, qmv or unanimity)"},
  };
  REQUIRE(table.errors.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("error " << i);
    CHECK(table.errors[i].case_id == expected[i].case_id);
    CHECK(table.errors[i].line == expected[i].line);
    CHECK(table.errors[i].message == expected[i].message);
  }
}

TEST_CASE("a capability above 1e12 skips its case with the line; 1e12 itself is kept",
          "[case_table]") {
  const std::string text =
      "case,actor,position,salience,capability\n"  // 1
      "huge,a,10,0.5,1e308\n"                      // 2
      "huge,b,20,0.5,1\n"                          // 3
      "edge,a,10,0.5,1e12\n"                       // 4
      "edge,b,20,0.5,0\n";                         // 5
  const CaseTable table = parse_case_table(text, "cases.csv");
  REQUIRE(table.cases.size() == 1);
  CHECK(table.cases[0].id == "edge");
  REQUIRE(table.errors.size() == 1);
  CHECK(table.errors[0].case_id == "huge");
  CHECK(table.errors[0].line == 2);
  CHECK(table.errors[0].message ==
        "capability 1e+308 is above 1e+12 (larger capabilities overflow the models' weighted "
        "sums)");
  for (const std::string& model : forecast_model_names())
    CHECK(std::isfinite(forecast(model, table.cases[0])));
}

TEST_CASE("a position scale beyond 1e12 is a usage error; 1e12 itself is accepted",
          "[case_table]") {
  const std::string text =
      "case,actor,position,salience,capability\n"
      "c1,a,-1e12,1,1\n"
      "c1,b,1e12,1,1\n";
  CHECK_THROWS_AS(parse_case_table(text, "cases.csv", {-1e308, 1e308}), UsageError);
  CHECK_THROWS_WITH(parse_case_table(text, "cases.csv", {-1e308, 1e308}),
                    "the position scale [-1e+308, 1e+308] goes beyond [-1e+12, 1e+12] (larger "
                    "scales overflow the models' spans)");
  CHECK_THROWS_AS(parse_case_table(text, "cases.csv", {0.0, 1.5e12}), UsageError);
  const CaseTable table = parse_case_table(text, "cases.csv", {-1e12, 1e12});
  REQUIRE(table.cases.size() == 1);
  for (const std::string& model : forecast_model_names()) {
    const double x = forecast(model, table.cases[0]);
    CHECK(x >= -1e12);
    CHECK(x <= 1e12);
  }
}

TEST_CASE("a header without a required column is an error at line 1", "[case_table]") {
  const ScenarioError error = error_of("case,actor,position,salience\nc1,a,1,1\n");
  CHECK(error.where().file == "cases.csv");
  CHECK(error.where().line == 1);
  CHECK(error.where().column == 1);
  CHECK_THAT(error.message(), Catch::Contains("no column `capability`"));
  const ScenarioError twice = error_of("case,actor,position,salience,capability, Actor\n");
  CHECK(twice.where().line == 1);
  CHECK(twice.where().column == 41);
  CHECK_THAT(twice.message(), Catch::Contains("names column `actor` twice"));
  const ScenarioError empty = error_of("");
  CHECK(empty.where().line == 1);
  CHECK_THAT(empty.message(), Catch::Contains("empty file"));
}

TEST_CASE("a file that is not a case table is refused at its header, not inside its content",
          "[case_table]") {
  // Line 2 holds a quote inside an unquoted field; the header is refused first.
  const ScenarioError error = error_of("root:x:0:0:token-1234:/root\nuser \"name\" x:1\n");
  CHECK(error.where().line == 1);
  CHECK(error.where().column == 1);
  CHECK_THAT(error.message(), Catch::StartsWith("the header has no column `case`"));
  CHECK_THAT(error.message(), !Catch::Contains("token") && !Catch::Contains("root"));
  // A header whose quoted field spans lines is still read as a whole.
  const CaseTable table = parse_case_table(
      "case,actor,position,salience,capability,\"a\nnote\"\nc,x,10,0.5,1,n\nc,y,20,0.5,1,n\n",
      "cases.csv");
  CHECK(table.cases.size() == 1);
  CHECK(table.errors.empty());
}

TEST_CASE("a number that does not parse is an error at its line and column", "[case_table]") {
  const std::string header = "case,actor,position,salience,capability,status_quo\n";
  const ScenarioError error = error_of(header + "c1,a,10,1,1,\nc1,b,1O,1,1,\n");
  CHECK(error.where().line == 3);
  CHECK(error.where().column == 6);
  CHECK(error.message() == "expected a number in column `position`, found \"1O\"");
  CHECK(std::string(error.what()) ==
        "cases.csv:3:6: expected a number in column `position`, found \"1O\"");
  // After a quoted line break, lines and columns still count from the file.
  const ScenarioError quoted = error_of(header + "\"c\n1\",a,10,1,1,x\n");
  CHECK(quoted.where().line == 3);
  CHECK(quoted.where().column == 13);
  // Not finite, blank and trailing text are not numbers.
  CHECK(error_of(header + "c1,a,10,1,inf,\n").where().column == 11);
  CHECK(error_of(header + "c1,a,,1,1,\n").where().column == 6);
  CHECK(error_of(header + "c1,a,10,0.5x,1,\n").where().column == 9);
}

TEST_CASE("malformed rows and quotes are errors at their position", "[case_table]") {
  const std::string header = "case,actor,position,salience,capability\n";
  const ScenarioError short_row = error_of(header + "c1,a,10,1\n");
  CHECK(short_row.where().line == 2);
  CHECK_THAT(short_row.message(), Catch::Contains("expected 5 fields as in the header, found 4"));
  const ScenarioError unterminated = error_of(header + "c1,\"a,10,1,1\n");
  CHECK(unterminated.where().line == 2);
  CHECK(unterminated.where().column == 4);
  CHECK_THAT(unterminated.message(), Catch::Contains("unterminated"));
  const ScenarioError after = error_of(header + "c1,\"a\"b,10,1,1\n");
  CHECK(after.where().line == 2);
  CHECK(after.where().column == 7);
  const ScenarioError inside = error_of(header + "c1,a\"b,10,1,1\n");
  CHECK(inside.where().column == 5);
  const ScenarioError no_case = error_of(header + " ,a,10,1,1\n");
  CHECK(no_case.where().line == 2);
  CHECK(no_case.message() == "empty case id");
}

TEST_CASE("a missing case table file is a scenario error", "[case_table]") {
  CHECK_THROWS_AS(load_case_table("/nonexistent/parley/cases.csv"), ScenarioError);
}

TEST_CASE("a forecast run writes one row per case and model and the case errors",
          "[case_table][forecast]") {
  const std::string text =
      "case,actor,position,salience,capability\n"
      "\"a, b\",x,0,1,1\n"
      "\"a, b\",y,100,1,1\n"
      "lonely,x,50,1,1\n";
  const CaseTable table = parse_case_table(text, "cases.csv");
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() / "parley_forecast_test_run";
  std::filesystem::remove_all(out);
  const ForecastReport report =
      run_forecasts(table, {"compromise", "median", "nash"}, out, "parley forecast cases.csv");
  CHECK(report.cases == 1);
  CHECK(report.skipped_cases == 1);
  CHECK(report.forecasts == 3);
  CHECK(test::file_bytes(out / "forecasts.csv") ==
        "case,model,forecast\n"
        "\"a, b\",compromise,50.000000\n"
        "\"a, b\",median,50.000000\n"
        "\"a, b\",nash,50.000000\n");
  CHECK(test::file_bytes(out / "case_errors.csv") ==
        "case,line,error\n"
        "lonely,4,1 actor: a case needs at least 2\n");
  const std::string manifest = test::file_bytes(out / "manifest.json");
  CHECK_THAT(manifest, Catch::Contains("\"format\": \"parley-forecast/1\""));
  CHECK_THAT(manifest, Catch::Contains(table.source_sha256));
  CHECK_THAT(manifest, Catch::Contains("\"command_line\": \"parley forecast cases.csv\""));
  std::filesystem::remove_all(out);

  // An unknown model is refused before anything is written.
  CHECK_THROWS_WITH(run_forecasts(table, {"nash", "oracle"}, out, ""),
                    Catch::Contains("expected one of: compromise, median, nash, procedural, "
                                    "expected_utility"));
  CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("a multi-issue table groups a proposal's issues", "[case_table]") {
  const std::string text =
      "case,issue,actor,position,salience,capability,status_quo,voting_rule,procedure,date\n"
      "p1,i1,com,100,50,1,0,QMV,COD,26-01-00\n"
      "p1,i1,de,40,40,1,0,QMV,COD,26-01-00\n"
      "p1,i2,com,0,80,1,,QMV,COD,2000-01-26\n"
      "p1,i2,de,60,20,1,,QMV,COD,26-01-2000\n"
      "p2,i1,com,10,50,1,0,Unan,CNS,14-12-99\n"
      "p2,i1,fr,30,50,1,0,Unan,CNS,14-12-99\n"
      "p1,i1,fr,70,30,1,0,QMV,COD,26-01-00\n";
  const CaseTable table = parse_case_table(text, "cases.csv");
  REQUIRE(table.errors.empty());
  CHECK(table.has_issues);
  CHECK(table.case_count == 3);
  REQUIRE(table.cases.size() == 3);
  CHECK(table.cases[0].id == "p1");
  CHECK(table.cases[0].issue == "i1");
  CHECK(table.cases[0].actors.size() == 3);  // fr's row comes last in the file
  CHECK(table.cases[0].procedure == "cod");
  CHECK(table.cases[1].issue == "i2");
  CHECK_FALSE(table.cases[1].status_quo.has_value());
  CHECK(table.cases[1].actors[1].salience == Approx(0.2));
  const std::vector<std::vector<std::size_t>> proposals = proposals_of(table);
  REQUIRE(proposals.size() == 2);
  CHECK(proposals[0] == std::vector<std::size_t>{0, 1});
  CHECK(proposals[1] == std::vector<std::size_t>{2});
}

TEST_CASE("a multi-issue table's errors name the issue; a bad date is a file error",
          "[case_table]") {
  const std::string text =
      "case,issue,actor,position,salience,capability,procedure,date\n"
      "p1,i1,com,100,50,1,COD,2005-03-01\n"
      "p1,i1,de,40,40,1,CNS,2005-03-01\n"
      "p1,i2,com,0,80,1,COD,2005-03-01\n"
      "p1,i2,de,60,20,1,COD,2005-03-02\n"
      "p2,i1,com,0,80,1,XYZ,2005-03-01\n"
      "p2,i1,de,0,80,1,XYZ,2005-03-01\n";
  const CaseTable table = parse_case_table(text, "cases.csv");
  REQUIRE(table.errors.size() == 3);
  CHECK(table.errors[0].case_id == "p1");
  CHECK(table.errors[0].issue == "i1");
  CHECK(table.errors[0].line == 3);
  CHECK_THAT(table.errors[0].message, Catch::Contains("procedure \"cns\" differs"));
  CHECK(table.errors[1].issue == "i2");
  CHECK_THAT(table.errors[1].message, Catch::Contains("date \"2005-03-02\" differs"));
  CHECK_THAT(table.errors[2].message, Catch::Contains("unknown procedure \"xyz\""));
  CHECK(table.cases.empty());

  const ScenarioError bad = error_of(
      "case,issue,actor,position,salience,capability,date\n"
      "p1,i1,com,100,50,1,31-02-05\n");
  CHECK(bad.where().line == 2);
  CHECK(bad.where().column == 20);
  const ScenarioError empty_issue = error_of(
      "case,issue,actor,position,salience,capability\n"
      "p1,,com,100,50,1\n");
  CHECK(empty_issue.where().line == 2);
  CHECK_THAT(std::string(empty_issue.what()), Catch::Contains("empty issue id"));
}

TEST_CASE("a multi-issue forecast run writes the issue column and the proposal models",
          "[case_table]") {
  // Two issues, three actors: the exchange model's first hand-derived case
  // (tests/unit/protocol/exchange_model_test.cpp): forecasts 50/3 and 250/3.
  const std::string text =
      "case,issue,actor,position,salience,capability\n"
      "p,a,A,0,0.9,1\np,a,B,100,0.1,1\np,a,C,50,0.5,1\n"
      "p,b,A,0,0.1,1\np,b,B,100,0.9,1\np,b,C,50,0.5,1\n";
  const CaseTable table = parse_case_table(text, "cases.csv");
  REQUIRE(table.errors.empty());
  const std::vector<std::string> models{"compromise", "exchange"};
  const std::vector<double> forecasts = make_forecasts(table, models);
  REQUIRE(forecasts.size() == 4);
  CHECK(forecasts[0] == Approx(70.0 / 3.0));
  CHECK(forecasts[1] == Approx(50.0 / 3.0));
  CHECK(forecasts[2] == Approx(230.0 / 3.0));
  CHECK(forecasts[3] == Approx(250.0 / 3.0));
  std::ostringstream csv;
  write_forecasts_csv(csv, table, models, forecasts);
  CHECK(csv.str() ==
        "case,issue,model,forecast\n"
        "p,a,compromise,23.333333\np,a,exchange,16.666667\n"
        "p,b,compromise,76.666667\np,b,exchange,83.333333\n");
  // The ensemble is the weighted mean of its members.
  const std::vector<double> ensemble = make_forecasts(table, {"ensemble"});
  double expected = 0.0;
  for (const EnsembleMember& member : ensemble_members())
    expected += member.weight * make_forecasts(table, {member.model})[0];
  CHECK(ensemble[0] == Approx(expected).margin(1e-12));
  CHECK_THROWS_AS(make_forecasts(table, {"no_such_model"}), UsageError);
}

TEST_CASE("a proposal under an EU procedure needs a date the Council's rules cover and a member",
          "[case_table]") {
  const CaseTable table = parse_case_table(
      "case,issue,actor,position,salience,capability,procedure,date\n"
      "old,a,com,1,1,1,COD,1990-01-01\nold,a,de,2,1,1,COD,1990-01-01\n"
      "none,a,x,1,1,1,CNS,2005-03-01\nnone,a,y,2,1,1,CNS,2005-03-01\n"
      "ok,a,com,1,1,1,CNS,2005-03-01\nok,a,ro,2,1,1,CNS,2005-03-01\nok,a,de,2,1,1,CNS,2005-03-01\n"
      "free,a,x,1,1,1,,2005-03-01\nfree,a,y,2,1,1,,2005-03-01\n",
      "cases.csv");
  REQUIRE(table.errors.size() == 2);
  CHECK(table.errors[0].case_id == "old");
  CHECK_THAT(table.errors[0].message, Catch::Contains("begin on 1995-01-01"));
  CHECK(table.errors[1].case_id == "none");
  CHECK_THAT(table.errors[1].message,
             Catch::Contains("no actor is a member of the Council on 2005-03-01"));
  // Romania (a member from 2007) is just an actor in 2005; Germany is a member. A case
  // without a procedure is not held to the Council.
  REQUIRE(table.cases.size() == 2);
  CHECK(table.cases[0].id == "ok");
  CHECK(table.cases[1].id == "free");
}

}  // namespace parley
