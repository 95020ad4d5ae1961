// `parley import genius`: a GENIUS domain and two profiles (hand-written files
// under data/genius/) written as a scenario file, pinned byte for byte; ids made
// from odd names; the options; and every kind of bad input reported at its
// file:line:column with what was expected and what was found.
#include <string>

#include <catch2/catch.hpp>

#include "cli/cli_options.hpp"
#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "parsing/genius_import.hpp"

namespace parley {
namespace {

using Catch::Matchers::Contains;

const std::string kData = std::string(PARLEY_SOURCE_DIR) + "/tests/unit/parsing/data/genius/";

GeniusScenario import_files(const std::string& domain, const std::string& profile_1,
                            const std::string& profile_2, const GeniusImportOptions& options = {}) {
  return import_genius(kData + domain, kData + profile_1, kData + profile_2, options);
}

// The small domain with buyer.xml as party_1 and `profile` (written here) as party_2.
GeniusScenario import_with(const std::string& profile, const GeniusImportOptions& options = {}) {
  const std::string domain = kData + "small_domain.xml";
  return genius_scenario({domain, read_input_file(domain, "domain")},
                         {kData + "buyer.xml", read_input_file(kData + "buyer.xml", "profile")},
                         {"inline.xml", profile}, options);
}

// A profile of the small domain; the tests below replace one piece of it and
// keep the line numbers (in the comments).
const std::string kProfile =
    "<utility_space>\n"                                                 // 1
    "  <objective index=\"0\" name=\"Small\">\n"                        // 2
    "    <weight index=\"1\" value=\"0.5\"/>\n"                         // 3
    "    <weight index=\"2\" value=\"0.5\"/>\n"                         // 4
    "    <issue index=\"1\" etype=\"discrete\" name=\"Price ($)\">\n"   // 5
    "      <item value=\"3gm\" evaluation=\"4\"/>\n"                    // 6
    "      <item value=\"4gm\" evaluation=\"2\"/>\n"                    // 7
    "      <item value=\"Free!\" evaluation=\"10\"/>\n"                 // 8
    "    </issue>\n"                                                    // 9
    "    <issue index=\"2\" etype=\"discrete\" name=\"and\">\n"         // 10
    "      <item value=\"Mon &quot;early&quot;\" evaluation=\"1\"/>\n"  // 11
    "      <item value=\"Tue\" evaluation=\"3\"/>\n"                    // 12
    "    </issue>\n"                                                    // 13
    "  </objective>\n"                                                  // 14
    "  <discount_factor value=\"0.9\"/>\n"                              // 15
    "</utility_space>\n";                                               // 16

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// Written by hand from data/genius/small_domain.xml, buyer.xml and seller.xml:
// δ = 0.5^(1/200) = 0.99654026282786778 (17 significant digits, computed
// separately); the seller has no discount factor (δ = 1) and no reservation
// value (0), and its weight index="3" names no issue.
const char* const kSmallScenario =
    R"toml(# A GENIUS negotiation, imported by `parley import genius` (GENIUS: Lin, Kraus,
# Baarslag, Tykhonov, Hindriks & Jonker 2014, Computational Intelligence 30(1)).
#   domain   "small_domain.xml"
#   party_1  "buyer.xml"
#   party_2  "seller.xml"
#
# Utility: GENIUS's linear additive utility u = Σ w_i · eval_i / max eval_i.
# actors.salience holds the weights w_i as given (parley normalises them to sum
# 1), actors.valuations the raw evaluations (parley divides each issue's by its
# largest). Each actor knows only its own utility ([uncertainty] knowledge).
#
# Time: a GENIUS round is one offer or response by each side, a parley
# alternating_offers round one offer by one side, so --rounds N (GENIUS rounds)
# is max_rounds = 2N parley rounds;
# here N = 100, max_rounds = 200. A deal in parley round t is worth u·δ^(t−1)
# with δ = d^(1/200), i.e. u·d^((t−1)/200) ≈ GENIUS's u·d^time with time in
# [0, 1]; the reservation value is discounted the same way.
#
# Status quo: each issue's first option. It enters no utility: no deal is worth
# the reservation value.
#
# Ignored: "seller.xml": <weight index="3"> (value 1) names no issue of the domain.

[scenario]
name = "GENIUS small_domain: buyer vs seller"
description = "GENIUS domain small_domain.xml with the profiles buyer.xml (party_1) and seller.xml (party_2): 2 issues, 9 outcomes, 100 GENIUS rounds."

[run]
seed = 1
replicates = 1

[uncertainty]
knowledge = "private"   # each actor knows only its own utility

[[issues]]
id = "price"
label = "Price ($)"
# GENIUS values of the options whose id differs:
#   o_3gm = "3gm"
#   o_4gm = "4gm"
#   free = "Free!"
options = ["o_3gm", "o_4gm", "free"]
status_quo = "o_3gm"   # first option: unused for utility (no deal is worth the reservation value)

[[issues]]
id = "i_and"
label = "and"
# GENIUS values of the options whose id differs:
#   mon_early = "Mon \"early\""
#   tue = "Tue"
#   tue_2 = "Tue"
options = ["mon_early", "tue", "tue_2"]
status_quo = "mon_early"   # first option: unused for utility (no deal is worth the reservation value)

[[actors]]
id = "party_1"
name = "buyer"
reservation_utility = 0.25
discount_per_round = 0.99654026282786778   # d = 0.5 per GENIUS session: 0.5^(1/200)
strategy = { kind = "time_dependent", exponent = 1 }
[actors.salience]
price = 0.6
i_and = 0.4
[actors.valuations.price]
o_3gm = 4
o_4gm = 2.5
free = 10
[actors.valuations.i_and]
mon_early = 1
tue = 3
tue_2 = 3

[[actors]]
id = "party_2"
name = "seller"
reservation_utility = 0
discount_per_round = 1   # d = 1 per GENIUS session: 1^(1/200)
strategy = { kind = "time_dependent", exponent = 1 }
[actors.salience]
price = 1
i_and = 3
[actors.valuations.price]
o_3gm = 9
o_4gm = 6
free = 1
[actors.valuations.i_and]
mon_early = 7
tue = 0
tue_2 = 0

[[phases]]
id = "negotiation"
participants = ["party_1", "party_2"]   # party_1 proposes first
protocol = "alternating_offers"
max_rounds = 200
decision_rule = "unanimity"
)toml";

TEST_CASE("genius import writes the small domain as the scenario pinned here", "[genius]") {
  const GeniusScenario scenario = import_files("small_domain.xml", "buyer.xml", "seller.xml");
  CHECK(scenario.toml == kSmallScenario);
  CHECK(scenario.issues == 2);
  CHECK(scenario.outcomes == 9.0);  // 3 × 3: the repeated "Tue" is an option of its own
  REQUIRE(scenario.notes.size() == 1);
  CHECK(scenario.notes[0] ==
        "\"seller.xml\": <weight index=\"3\"> (value 1) names no issue of the domain: ignored");
}

TEST_CASE("genius import options set the rounds, strategy, exponent and name", "[genius]") {
  GeniusImportOptions options;
  options.rounds = 5;
  options.exponent = 0.25;
  options.name = "Small \"test\"";
  const std::string toml =
      import_files("small_domain.xml", "buyer.xml", "seller.xml", options).toml;
  CHECK_THAT(toml, Contains("\nname = \"Small \\\"test\\\"\"\n"));
  CHECK_THAT(toml, Contains("\nmax_rounds = 10\n"));
  // 0.5^(1/10) = 0.93303299153680741 (17 significant digits, computed separately).
  CHECK_THAT(toml, Contains("\ndiscount_per_round = 0.93303299153680741   # d = 0.5 per GENIUS "
                            "session: 0.5^(1/10)\n"));
  CHECK_THAT(toml, Contains("\nstrategy = { kind = \"time_dependent\", exponent = 0.25 }\n"));
  CHECK_THAT(toml, Contains("# here N = 5, max_rounds = 10."));

  options = {};
  options.strategy = "tit_for_tat";  // no exponent parameter: none written
  const std::string tit = import_files("small_domain.xml", "buyer.xml", "seller.xml", options).toml;
  CHECK_THAT(tit, Contains("\nstrategy = { kind = \"tit_for_tat\" }\n"));
  options.strategy = "transactional";  // its own default exponent, written out
  const std::string deal =
      import_files("small_domain.xml", "buyer.xml", "seller.xml", options).toml;
  CHECK_THAT(deal, Contains("\nstrategy = { kind = \"transactional\", exponent = 0.5 }\n"));
}

TEST_CASE("genius import refuses options outside their domains", "[genius]") {
  GeniusImportOptions options;
  options.rounds = 0;
  CHECK_THROWS_WITH(check_genius_import_options(options),
                    "--rounds: expected GENIUS rounds from 1 to 50000000 (max_rounds = 2 × rounds "
                    "≤ 100,000,000), found 0");
  options = {};
  options.strategy = "equilibrium";
  CHECK_THROWS_WITH(
      check_genius_import_options(options),
      "--strategy: expected a strategy that negotiates offer by offer, found "
      "\"equilibrium\", which plays division games only (a GENIUS domain is not one)");
  options.strategy = "boulware";
  CHECK_THROWS_AS(check_genius_import_options(options), UsageError);
  options = {};
  options.strategy = "tit_for_tat";
  options.exponent = 2.0;
  CHECK_THROWS_WITH(
      check_genius_import_options(options),
      "--exponent: expected a strategy with an exponent parameter, found --strategy tit_for_tat");
  options = {};
  options.exponent = 0.0;
  CHECK_THROWS_WITH(check_genius_import_options(options),
                    "--exponent: expected a number in [0.001, 1000] for time_dependent, found 0");
  options = {};
  options.name = "";
  CHECK_THROWS_WITH(check_genius_import_options(options),
                    "--name: expected a scenario name, found \"\"");
}

TEST_CASE("genius import makes ids of odd names: lower case, _ for other runs, prefixes, suffixes",
          "[genius]") {
  const std::string domain =
      "<negotiation_template><utility_space><objective>\n"
      "<issue index=\"1\" type=\"discrete\" name=\"Price\">"
      "<item value=\"A\"/><item value=\"a\"/><item value=\"a_2\"/></issue>\n"
      "<issue index=\"2\" type=\"discrete\" name=\"price\">"
      "<item value=\"1st\"/><item value=\"\"/><item value=\"--x--\"/></issue>\n"
      "<issue index=\"3\" type=\"discrete\" name=\"OR\">"
      "<item value=\"__a__B__\"/><item value=\"\xC3\xBCn\xC3\xAF"
      "code\"/></issue>\n"
      "<issue index=\"4\" type=\"discrete\" name=\"2 for 1\">"
      "<item value=\"and\"/><item value=\"no\"/></issue>\n"
      "<issue index=\"5\" type=\"discrete\" name=\"!!!\">"
      "<item value=\"x\"/><item value=\"y\"/></issue>\n"
      "</objective></utility_space></negotiation_template>\n";
  // The profile: every value worth 1, every weight 1.
  std::string profile = "<utility_space><objective>\n";
  const char* const items[5][3] = {{"A", "a", "a_2"},
                                   {"1st", "", "--x--"},
                                   {"__a__B__",
                                    "\xC3\xBCn\xC3\xAF"
                                    "code",
                                    nullptr},
                                   {"and", "no", nullptr},
                                   {"x", "y", nullptr}};
  const char* const names[5] = {"Price", "price", "OR", "2 for 1", "!!!"};
  for (int d = 0; d < 5; ++d) {
    profile += fmt::format("<weight index=\"{}\" value=\"1\"/>", d + 1);
    profile += fmt::format("<issue index=\"{}\" type=\"discrete\" name=\"{}\">", d + 1, names[d]);
    for (const char* value : items[d]) {
      if (value != nullptr) profile += fmt::format("<item value=\"{}\" evaluation=\"1\"/>", value);
    }
    profile += "</issue>\n";
  }
  profile += "</objective></utility_space>\n";
  const std::string toml =
      genius_scenario({"d.xml", domain}, {"p.xml", profile}, {"q.xml", profile}, {}).toml;
  CHECK_THAT(toml, Contains("id = \"price\"\nlabel = \"Price\"\n"));
  CHECK_THAT(toml, Contains("options = [\"a\", \"a_2\", \"a_2_2\"]\n"));  // made equal: suffixes
  CHECK_THAT(toml, Contains("id = \"price_2\"\nlabel = \"price\"\n"));
  CHECK_THAT(toml, Contains("options = [\"o_1st\", \"o_\", \"x\"]\n"));
  CHECK_THAT(toml, Contains("#   o_ = \"\"\n"));
  CHECK_THAT(toml, Contains("id = \"i_or\"\nlabel = \"OR\"\n"));  // a red-line word
  CHECK_THAT(toml, Contains("options = [\"a_b\", \"n_code\"]\n"));
  CHECK_THAT(toml, Contains("id = \"i_2_for_1\"\n"));
  CHECK_THAT(toml, Contains("options = [\"and\", \"no\"]\n"));  // option names may be such words
  CHECK_THAT(toml, Contains("id = \"i_\"\nlabel = \"!!!\"\n"));
  CHECK_THAT(toml, Contains("[actors.valuations.i_2_for_1]\nand = 1\nno = 1\n"));
  CHECK_THAT(toml, Contains("\nname = \"GENIUS d: p vs q\"\n"));
}

TEST_CASE("genius import errors name the file, line and column, the expected and the found",
          "[genius]") {
  const std::string domain = kData + "small_domain.xml";
  CHECK_THROWS_WITH(import_files("bad_etype_domain.xml", "buyer.xml", "seller.xml"),
                    kData +
                        "bad_etype_domain.xml:10:7: expected a discrete issue (only discrete "
                        "issues can be imported), found etype=\"integer\" for issue \"quantity\"");
  CHECK_THROWS_WITH(import_files("small_domain.xml", "buyer_unknown_item.xml", "seller.xml"),
                    kData +
                        "buyer_unknown_item.xml:9:7: expected one of the domain's values of issue "
                        "\"Price ($)\" (\"3gm\", \"4gm\", \"Free!\"), found \"5gm\"");
  CHECK_THROWS_WITH(import_files("small_domain.xml", "seller.xml", "buyer_missing_evaluation.xml"),
                    kData +
                        "buyer_missing_evaluation.xml:14:7: expected an evaluation (a number) for "
                        "the value \"Tue\" of issue \"and\", found no evaluation attribute");
  CHECK_THROWS_WITH(import_files("small_domain.xml", "buyer.xml", "malformed.xml"),
                    kData +
                        "malformed.xml:5:5: expected a GENIUS profile file in well-formed XML, "
                        "found an XML error: Start-end tags mismatch");
  CHECK_THROWS_AS(import_files("small_domain.xml", "buyer.xml", "no_such_file.xml"), ScenarioError);

  // Inline profiles (kProfile with one piece replaced; its line numbers hold).
  CHECK_NOTHROW(import_with(kProfile));
  CHECK_THROWS_WITH(import_with(replaced(kProfile, "<item value=\"Free!\" evaluation=\"10\"/>",
                                         "<!-- no Free! -->")),
                    "inline.xml:5:5: expected an <item> for the domain's value \"Free!\" of issue "
                    "\"Price ($)\" (" +
                        domain + ":11:9), found none");
  CHECK_THROWS_WITH(import_with(replaced(kProfile, "<item value=\"Free!\" evaluation=\"10\"/>",
                                         "<item value=\"3gm\" evaluation=\"5\"/>")),
                    "inline.xml:8:7: expected one evaluation for the value \"3gm\" of issue "
                    "\"Price ($)\", found 5 after 4");
  CHECK_THROWS_WITH(
      import_with(replaced(kProfile, "evaluation=\"10\"", "evaluation=\"high\"")),
      "inline.xml:8:7: expected the evaluation of <item> to be a number, found \"high\"");
  CHECK_THROWS_WITH(import_with(replaced(kProfile, "evaluation=\"10\"", "evaluation=\"-1\"")),
                    "inline.xml:8:7: expected the evaluation of <item> in [0, 1000000000000], "
                    "found -1");
  CHECK_THROWS_WITH(
      import_with(replaced(kProfile, "name=\"Price ($)\"", "name=\"Cost\"")),
      "inline.xml:5:5: expected issue index 1 to be \"Price ($)\", as in the domain " + domain +
          ", found \"Cost\"");
  CHECK_THROWS_WITH(import_with(replaced(kProfile, "<issue index=\"2\"", "<issue index=\"7\"")),
                    "inline.xml:10:5: expected an issue of the domain " + domain +
                        " (index 1 \"Price ($)\", index 2 \"and\"), found index 7 \"and\"");
  CHECK_THROWS_WITH(
      import_with(replaced(kProfile, "<weight index=\"2\" value=\"0.5\"/>", "<!-- none -->")),
      "inline.xml:2:3: expected a <weight index=\"2\"> for issue \"and\", found none");
  CHECK_THROWS_WITH(import_with(replaced(replaced(kProfile, "value=\"0.5\"", "value=\"0\""),
                                         "value=\"0.5\"", "value=\"0.0\"")),
                    "inline.xml:2:3: expected a positive <weight> for some issue of the domain, "
                    "found all 0");
  CHECK_THROWS_WITH(
      import_with(replaced(kProfile, "value=\"0.9\"", "value=\"1.5\"")),
      "inline.xml:15:3: expected the value of <discount_factor> in (0, 1], found 1.5");
  CHECK_THROWS_WITH(import_with(replaced(kProfile, "value=\"0.9\"", "value=\"0\"")),
                    "inline.xml:15:3: expected the value of <discount_factor> in (0, 1], found 0");
  CHECK_THROWS_WITH(import_with(replaced(kProfile, "etype=\"discrete\" name=\"and\"",
                                         "etype=\"real\" name=\"and\"")),
                    "inline.xml:10:5: expected a discrete issue (only discrete issues can be "
                    "imported), found etype=\"real\" for issue \"and\"");
  CHECK_THROWS_WITH(import_with("<html>\n</html>\n"),
                    "inline.xml:1:1: expected a GENIUS profile file with the root element "
                    "<negotiation_template> or <utility_space>, found <html>");
  CHECK_THROWS_WITH(import_with(""),
                    "inline.xml:1:1: expected a GENIUS profile file in well-formed XML, found an "
                    "XML error: No document element found");
  CHECK_THROWS_WITH(import_with(std::string("\xFF\xFE<\0a\0/\0>\0", 10)),
                    "inline.xml: expected a GENIUS profile file in UTF-8 (or ISO-8859-1), found "
                    "UTF-16 or UTF-32 text; convert it, e.g. with iconv -t UTF-8");
}

// The command line (tools/cli/cli_options.hpp), parsed without a process.
TEST_CASE("genius import command line becomes an ImportGeniusCommand", "[genius][cli]") {
  using cli::ImportGeniusCommand;
  using cli::parse_command_line;
  const auto import = std::get<ImportGeniusCommand>(
      parse_command_line({"import", "genius", "d.xml", "p.xml", "q.xml", "--out", "s.toml"}));
  CHECK(import.domain == "d.xml");
  CHECK(import.profile_1 == "p.xml");
  CHECK(import.profile_2 == "q.xml");
  CHECK(import.out == "s.toml");
  CHECK(import.options.rounds == 100);
  CHECK(import.options.strategy == "time_dependent");
  CHECK_FALSE(import.options.exponent.has_value());
  CHECK_FALSE(import.options.name.has_value());
  const auto set = std::get<ImportGeniusCommand>(parse_command_line(
      {"import", "genius", "d.xml", "p.xml", "q.xml", "-o", "s.toml", "--rounds", "50",
       "--strategy", "transactional", "--exponent", "0.3", "--name", "N"}));
  CHECK(set.options.rounds == 50);
  CHECK(set.options.strategy == "transactional");
  CHECK(set.options.exponent == 0.3);
  CHECK(set.options.name == "N");
  CHECK_THAT(std::get<cli::PrintCommand>(parse_command_line({"import", "genius", "--help"})).text,
             Contains("Usage: parley import genius DOMAIN.xml PROFILE_1.xml PROFILE_2.xml"));
  CHECK_THROWS_WITH(parse_command_line({"import", "genius", "d.xml", "p.xml", "q.xml"}),
                    "parley import genius: missing --out FILE.toml (see `parley import genius "
                    "--help`)");
  CHECK_THROWS_WITH(parse_command_line({"import", "genius", "d.xml", "--out", "s.toml"}),
                    "parley import genius: expected 3 files (DOMAIN.xml PROFILE_1.xml "
                    "PROFILE_2.xml), found 1 (see `parley import genius --help`)");
  CHECK_THROWS_WITH(
      parse_command_line(
          {"import", "genius", "d.xml", "p.xml", "q.xml", "-o", "s.toml", "--rounds", "-3"}),
      "parley import genius: --rounds must be an integer from 0 to 2^64−1, found \"-3\"");
  CHECK_THROWS_WITH(parse_command_line({"import", "genius", "d.xml", "p.xml", "q.xml", "-o",
                                        "s.toml", "--strategy", "equilibrium"}),
                    Contains("parley import genius: --strategy: expected a strategy that "
                             "negotiates offer by offer"));
  CHECK_THROWS_WITH(
      parse_command_line({"import", "genius", "d.xml", "p.xml", "q.xml", "-o", "out/"}),
      "parley import genius: --out \"out/\" names no file; give the path of the "
      "file to write");
  CHECK_THROWS_WITH(parse_command_line({"import", "xml"}),
                    "parley import: unknown format \"xml\"; expected genius (see `parley import "
                    "--help`)");
  CHECK_THROWS_AS(parse_command_line({"import"}), UsageError);
}

}  // namespace
}  // namespace parley
