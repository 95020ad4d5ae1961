// The EU Council's voting rules by date (protocol/eu_council.hpp) on the built-in table
// (data/eu_council.csv): each regime with hand-counted votes at and around its
// threshold, the regime boundaries, the data's vote totals against the treaties, DEU III
// and ISO dates, and the table's parse errors. Vote counts are whole numbers and
// compared exactly; population sums use the table's rounded Eurostat 1 January 2016
// figures (EU28 510.56 million) and are checked to 1e-9 million, far below their 0.01
// million rounding.
#include "protocol/eu_council.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"

namespace parley {
namespace {

constexpr double kMillionsMargin = 1e-9;

constexpr std::array<std::string_view, 28> kCodes = {
    "at", "be", "bu", "cr", "cy", "cz", "de", "dk", "ee", "el", "es", "fi", "fr", "hu",
    "ie", "it", "lt", "lu", "lv", "mt", "nl", "pl", "pt", "ro", "se", "si", "sk", "uk"};

std::string_view code(std::string_view member) {
  const auto* found = std::find(kCodes.begin(), kCodes.end(), member);
  if (found == kCodes.end()) throw std::logic_error("test uses an unknown member code");
  return *found;
}

CivilDate date(int year, int month, int day) { return CivilDate{year, month, day}; }

const CouncilTable& table() { return builtin_council_table(); }

// The full Council at `when`, with the members in `no` voting no and all others yes.
std::vector<CouncilVote> council_with_no(CivilDate when,
                                         std::initializer_list<std::string_view> no) {
  const std::vector<std::string> members = table().members(when);
  for (std::string_view m : no) {
    if (std::find(members.begin(), members.end(), m) == members.end()) {
      throw std::logic_error("test votes no with a non-member");
    }
  }
  std::vector<CouncilVote> votes;
  for (const std::string& m : members) {
    votes.push_back({code(m), std::find(no.begin(), no.end(), m) == no.end()});
  }
  return votes;
}

// The full Council at `when`, with only the members in `yes` voting yes.
std::vector<CouncilVote> council_with_yes(CivilDate when,
                                          const std::vector<std::string_view>& yes) {
  std::vector<CouncilVote> votes;
  for (const std::string& m : table().members(when)) {
    votes.push_back({code(m), std::find(yes.begin(), yes.end(), m) != yes.end()});
  }
  return votes;
}

bool qmv(CivilDate when, std::initializer_list<std::string_view> no, CouncilOptions options = {}) {
  return council_passes(table(), when, CouncilVoting::kQualifiedMajority, council_with_no(when, no),
                        options);
}

double yes_votes(CivilDate when, std::initializer_list<std::string_view> no) {
  return council_tally(table(), when, council_with_no(when, no)).yes_votes;
}

double total_votes(CivilDate when) {
  double total = 0.0;
  for (const std::string& m : table().members(when)) total += table().votes(m, when);
  return total;
}

Approx millions(double target) { return Approx(target).epsilon(0.0).margin(kMillionsMargin); }

}  // namespace

TEST_CASE("ISO and DEU III dates are read, two-digit years below 50 in the 2000s",
          "[eu_council][date]") {
  CHECK(parse_civil_date("26-01-00") == date(2000, 1, 26));
  CHECK(parse_civil_date("2016-03-01") == date(2016, 3, 1));
  CHECK(parse_civil_date("31-12-99") == date(1999, 12, 31));
  CHECK(parse_civil_date("15-06-49") == date(2049, 6, 15));
  CHECK(parse_civil_date("15-06-50") == date(1950, 6, 15));
  CHECK(parse_civil_date("1-5-04") == date(2004, 5, 1));
  CHECK(parse_civil_date("01-11-2004") == date(2004, 11, 1));
  CHECK(parse_civil_date("29-02-00") == date(2000, 2, 29));
  CHECK(parse_civil_date("2016-02-29") == date(2016, 2, 29));
  CHECK(format_civil_date(parse_civil_date("26-01-00")) == "2000-01-26");
}

TEST_CASE("a malformed or impossible date is a usage error naming the text and the forms",
          "[eu_council][date]") {
  for (std::string_view bad :
       {"", "2016", "2016-3-1", "01/02/2003", "2016-13-01", "2015-02-29", "1900-02-29",
        "2016-04-31", "00-01-2000", "26-01-200", "2016-01-1x", "+1-01-2000", "2016-01-01 "}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_civil_date(bad), UsageError);
  }
  CHECK_THROWS_WITH(parse_civil_date("2016-13-01"),
                    Catch::Contains("\"2016-13-01\"") && Catch::Contains("month 13") &&
                        Catch::Contains("YYYY-MM-DD, dd-mm-yy or dd-mm-yyyy"));
  CHECK_THROWS_WITH(parse_civil_date("31-04-03"), Catch::Contains("day 31 is not in 2003-04"));
}

TEST_CASE("the regime changes on the treaties' dates and is undefined before 1995",
          "[eu_council]") {
  CHECK(table().regime(date(1995, 1, 1)) == CouncilRegime::kQmv1995);
  CHECK(table().regime(date(2004, 4, 30)) == CouncilRegime::kQmv1995);
  CHECK(table().regime(date(2004, 5, 1)) == CouncilRegime::kAccession2004);
  CHECK(table().regime(date(2004, 10, 31)) == CouncilRegime::kAccession2004);
  CHECK(table().regime(date(2004, 11, 1)) == CouncilRegime::kNice);
  CHECK(table().regime(date(2014, 10, 31)) == CouncilRegime::kNice);
  CHECK(table().regime(date(2014, 11, 1)) == CouncilRegime::kLisbon);
  CHECK(regime_name(CouncilRegime::kAccession2004) == "accession2004");
  CHECK_THROWS_WITH(table().regime(date(1994, 12, 31)),
                    Catch::Contains("1994-12-31") && Catch::Contains("1995-01-01"));
  CHECK_THROWS_AS(council_passes(table(), date(1990, 1, 1), CouncilVoting::kUnanimity,
                                 std::vector<CouncilVote>{{"de", true}}),
                  UsageError);
}

TEST_CASE("the table's weighted votes add up to the treaties' totals on every date",
          "[eu_council][data]") {
  struct Expected {
    CivilDate when;
    std::size_t members;
    int threshold;
    int total;
  };
  for (const Expected& e :
       {Expected{date(1995, 1, 1), 15, 62, 87}, Expected{date(2004, 4, 30), 15, 62, 87},
        Expected{date(2004, 5, 1), 25, 88, 124}, Expected{date(2004, 10, 31), 25, 88, 124},
        Expected{date(2004, 11, 1), 25, 232, 321}, Expected{date(2006, 12, 31), 25, 232, 321},
        Expected{date(2007, 1, 1), 27, 255, 345}, Expected{date(2013, 6, 30), 27, 255, 345},
        Expected{date(2013, 7, 1), 28, 260, 352}, Expected{date(2014, 10, 31), 28, 260, 352}}) {
    INFO(format_civil_date(e.when));
    CHECK(table().members(e.when).size() == e.members);
    CHECK(total_votes(e.when) == e.total);
    const CouncilThresholds t = table().thresholds(e.when);
    CHECK(t.vote_threshold == e.threshold);
    CHECK(t.total_votes == e.total);
  }
  CHECK(table().members(date(2014, 11, 1)).size() == 28);
  CHECK(table().members(date(2020, 1, 31)).size() == 28);
  CHECK(table().members(date(2020, 2, 1)).size() == 27);
  CHECK_FALSE(table().is_member("uk", date(2020, 2, 1)));
  CHECK_FALSE(table().is_member("ro", date(2006, 12, 31)));
  CHECK_FALSE(table().is_member("cr", date(2013, 6, 30)));
  // The transition of 2004 kept the EU15 weights and gave Latvia, Slovenia and Estonia
  // 3 votes each (Act of Accession 2003 art. 26), hence 124.
  CHECK(table().votes("lv", date(2004, 6, 1)) == 3.0);
  CHECK(table().votes("mt", date(2004, 6, 1)) == 2.0);
  CHECK(table().votes("de", date(2004, 6, 1)) == 10.0);
  CHECK(table().votes("de", date(2004, 11, 1)) == 29.0);
}

TEST_CASE(
    "the Lisbon thresholds are 55 % of the members, 65 % of the population and 4 "
    "blocking members",
    "[eu_council]") {
  const CouncilThresholds t = table().thresholds(date(2016, 3, 1));
  CHECK(t.regime == CouncilRegime::kLisbon);
  CHECK(t.vote_threshold == 0);
  CHECK(t.member_percent == 55);
  CHECK(t.population_percent == 65);
  CHECK(t.blocking_minority_members == 4);
  const CouncilThresholds nice = table().thresholds(date(2010, 1, 1));
  CHECK(nice.majority_of_members);
  CHECK(nice.population_percent == 62);
}

TEST_CASE("EU15 (1995): 62 of 87 votes pass, 61 fail", "[eu_council][qmv1995]") {
  const CivilDate d = date(1999, 6, 1);
  // 10+10+10+10+8 = 48 no: 39 yes.
  CHECK(yes_votes(d, {"de", "fr", "it", "uk", "es"}) == 39.0);
  CHECK_FALSE(qmv(d, {"de", "fr", "it", "uk", "es"}));
  // 10+10+10+3 = 33 no: 54 yes.
  CHECK(yes_votes(d, {"de", "fr", "uk", "dk"}) == 54.0);
  CHECK_FALSE(qmv(d, {"de", "fr", "uk", "dk"}));
  // 10+10+5+2 = 27 no: 60 yes.
  CHECK(yes_votes(d, {"de", "fr", "be", "lu"}) == 60.0);
  CHECK_FALSE(qmv(d, {"de", "fr", "be", "lu"}));
  // 10+10+3+3 = 26 no (the blocking minority): 61 yes.
  CHECK(yes_votes(d, {"de", "fr", "dk", "ie"}) == 61.0);
  CHECK_FALSE(qmv(d, {"de", "fr", "dk", "ie"}));
  // 10+10+5 = 25 no: 62 yes, exactly the threshold.
  CHECK(yes_votes(d, {"de", "fr", "be"}) == 62.0);
  CHECK(qmv(d, {"de", "fr", "be"}));
  CHECK(qmv(d, {}));
  // The population check is a Nice rule: asked for in 1999 it changes nothing.
  CHECK(qmv(d, {"de", "fr", "be"}, CouncilOptions{true}));
}

TEST_CASE("EU25 transition (May-October 2004): 88 of 124 votes pass, 87 fail",
          "[eu_council][accession2004]") {
  const CivilDate d = date(2004, 7, 15);
  // 10+10+10+2+2+2 = 36 no: 88 yes.
  CHECK(yes_votes(d, {"de", "fr", "it", "cy", "mt", "lu"}) == 88.0);
  CHECK(qmv(d, {"de", "fr", "it", "cy", "mt", "lu"}));
  // 10+10+10+5+2 = 37 no: 87 yes.
  CHECK(yes_votes(d, {"de", "fr", "it", "cz", "lu"}) == 87.0);
  CHECK_FALSE(qmv(d, {"de", "fr", "it", "cz", "lu"}));
  // The same 27 no votes that blocked in the EU15 do not block in the EU25: 97 yes.
  CHECK(qmv(d, {"de", "fr", "be", "lu"}));
  CHECK_FALSE(qmv(date(2004, 4, 30), {"de", "fr", "be", "lu"}));
}

TEST_CASE("EU25 under Nice (2004-2006): 232 of 321 votes pass, 231 fail", "[eu_council][nice]") {
  const CivilDate d = date(2005, 3, 1);
  // 29+29+27+4 = 89 no: 232 yes.
  CHECK(yes_votes(d, {"de", "fr", "es", "lu"}) == 232.0);
  CHECK(qmv(d, {"de", "fr", "es", "lu"}));
  // 29+29+12+12+4+4 = 90 no: 231 yes.
  CHECK(yes_votes(d, {"de", "fr", "be", "cz", "cy", "ee"}) == 231.0);
  CHECK_FALSE(qmv(d, {"de", "fr", "be", "cz", "cy", "ee"}));
}

TEST_CASE("EU27 under Nice (2007-2013): 255 of 345 votes pass, 254 fail", "[eu_council][nice]") {
  const CivilDate d = date(2008, 5, 20);
  // 29+29+29+3 = 90 no: 255 yes.
  CHECK(yes_votes(d, {"de", "fr", "it", "mt"}) == 255.0);
  CHECK(qmv(d, {"de", "fr", "it", "mt"}));
  // 29+29+29+4 = 91 no: 254 yes.
  CHECK(yes_votes(d, {"de", "fr", "it", "lu"}) == 254.0);
  CHECK_FALSE(qmv(d, {"de", "fr", "it", "lu"}));
}

TEST_CASE("under Nice the yes votes must come from more than half of the members",
          "[eu_council][nice]") {
  // The 13 largest of 27 hold 4×29 + 2×27 + 14 + 13 + 5×12 = 257 ≥ 255 votes, but 13 is
  // not more than 27/2.
  const CivilDate d = date(2008, 5, 20);
  const std::vector<std::string_view> largest = {"de", "fr", "it", "uk", "es", "pl", "ro",
                                                 "nl", "be", "cz", "el", "hu", "pt"};
  const std::vector<CouncilVote> votes = council_with_yes(d, largest);
  const CouncilTally tally = council_tally(table(), d, votes);
  CHECK(tally.yes_votes == 257.0);
  CHECK(tally.total_votes == 345.0);
  CHECK(tally.yes_members == 13.0);
  CHECK(tally.members == 27.0);
  CHECK_FALSE(council_passes(table(), d, CouncilVoting::kQualifiedMajority, votes));
  // With Austria (10 votes) the 14 members are a majority: 267 votes pass.
  std::vector<std::string_view> with_austria = largest;
  with_austria.push_back("at");
  CHECK(council_passes(table(), d, CouncilVoting::kQualifiedMajority,
                       council_with_yes(d, with_austria)));
}

TEST_CASE("EU28 under Nice (2013-2014): 260 of 352 votes pass, 259 fail", "[eu_council][nice]") {
  const CivilDate d = date(2014, 1, 15);
  // 29+29+27+7 = 92 no: 260 yes.
  CHECK(yes_votes(d, {"de", "fr", "es", "dk"}) == 260.0);
  CHECK(qmv(d, {"de", "fr", "es", "dk"}));
  // 29+29+27+4+4 = 93 no: 259 yes.
  CHECK(yes_votes(d, {"de", "fr", "es", "lu", "cy"}) == 259.0);
  CHECK_FALSE(qmv(d, {"de", "fr", "es", "lu", "cy"}));
  // The same 92 no votes block the EU27 of 2008 (253 of 345).
  CHECK_FALSE(qmv(date(2008, 1, 15), {"de", "fr", "es", "dk"}));
}

TEST_CASE("the Nice population check needs populations, which the built-in table lacks",
          "[eu_council][nice]") {
  const CivilDate d = date(2008, 5, 20);
  CHECK(qmv(d, {"de", "fr"}, CouncilOptions{false}));
  CHECK_THROWS_WITH(qmv(d, {"de", "fr"}, CouncilOptions{true}),
                    Catch::Contains("no population") && Catch::Contains("2008-05-20") &&
                        Catch::Contains("the 62 % population check cannot be decided"));
  // It is required even where the votes alone decide (24 of 345 votes).
  CHECK_THROWS_AS(qmv(d, {"de", "fr", "it", "uk", "es", "pl", "ro"}, CouncilOptions{true}),
                  UsageError);
  CHECK_THROWS_AS(table().population("de", d), UsageError);
}

TEST_CASE("with populations the Nice check fails a majority of votes short of 62 % of people",
          "[eu_council][nice]") {
  // The EU27 weights of 2008 with made-up populations: 100 million for de fr it uk and
  // 10 million for each of the other 23, 630 million in all; 62 % is 390.6 million.
  std::string csv = "member,from,to,votes,population_millions,source\n";
  const CivilDate d = date(2008, 5, 20);
  for (const std::string& m : table().members(d)) {
    const bool large = m == "de" || m == "fr" || m == "it" || m == "uk";
    csv += m + ",2007-01-01,2014-11-01," + std::to_string(static_cast<int>(table().votes(m, d))) +
           "," + (large ? "100" : "10") + ",test\n";
  }
  const CouncilTable t = CouncilTable::parse(csv, "nice_test.csv");
  const auto vote = [&](std::initializer_list<std::string_view> no, bool check) {
    std::vector<CouncilVote> votes;
    for (const std::string& m : t.members(d)) {
      votes.push_back({code(m), std::find(no.begin(), no.end(), m) == no.end()});
    }
    return council_passes(t, d, CouncilVoting::kQualifiedMajority, votes, CouncilOptions{check});
  };
  // de fr it no: 345 − 87 = 258 votes from 24 members, but 330 of 630 million (52 %).
  CHECK(vote({"de", "fr", "it"}, false));
  CHECK_FALSE(vote({"de", "fr", "it"}, true));
  // de fr no: 287 votes and 430 of 630 million (68 %).
  CHECK(vote({"de", "fr"}, true));
}

TEST_CASE("Lisbon: three large members cannot block, four can", "[eu_council][lisbon]") {
  const CivilDate d = date(2016, 3, 1);
  // de fr it hold 209.7 of 510.56 million (41 %), but a blocking minority needs four.
  const CouncilTally three = council_tally(table(), d, council_with_no(d, {"de", "fr", "it"}));
  CHECK(three.yes_members == 25.0);
  CHECK(three.members == 28.0);
  CHECK(three.has_population);
  CHECK(three.population == millions(510.56));
  CHECK(three.yes_population == millions(510.56 - 209.7));
  CHECK(qmv(d, {"de", "fr", "it"}));
  // With Malta the four hold 210.13 million (41 %): the yes side has 59 % < 65 %.
  CHECK_FALSE(qmv(d, {"de", "fr", "it", "mt"}));
  // de fr pl mt: 187.43 million (36.7 %) block.
  CHECK_FALSE(qmv(d, {"de", "fr", "pl", "mt"}));
  // de fr cy lu: 150.43 million (29.5 %) do not.
  CHECK(qmv(d, {"de", "fr", "cy", "lu"}));
}

TEST_CASE("Lisbon: 15 of 28 members are short of 55 % whatever their population",
          "[eu_council][lisbon]") {
  const CivilDate d = date(2016, 3, 1);
  // The 15 largest hold 91.6 % of the population; 15 < 0.55 × 28 = 15.4.
  std::vector<std::string_view> largest = {"de", "fr", "uk", "it", "es", "pl", "ro", "nl",
                                           "be", "el", "cz", "pt", "se", "hu", "at"};
  CHECK_FALSE(
      council_passes(table(), d, CouncilVoting::kQualifiedMajority, council_with_yes(d, largest)));
  largest.push_back("bu");
  CHECK(
      council_passes(table(), d, CouncilVoting::kQualifiedMajority, council_with_yes(d, largest)));
}

TEST_CASE("Lisbon after the United Kingdom left: 27 members, the UK cannot vote",
          "[eu_council][lisbon]") {
  const CivilDate d = date(2020, 6, 1);
  // de fr it es: 256.1 of 445.16 million (57.5 %) block.
  CHECK_FALSE(qmv(d, {"de", "fr", "it", "es"}));
  CHECK(qmv(d, {"de", "fr", "it"}));
  CHECK(qmv(date(2020, 1, 31), {"de", "fr", "uk"}));
  std::vector<CouncilVote> votes = council_with_no(d, {});
  votes.push_back({"uk", true});
  CHECK_THROWS_WITH(council_passes(table(), d, CouncilVoting::kQualifiedMajority, votes),
                    Catch::Contains("\"uk\" is not a member") && Catch::Contains("2020-06-01"));
  CHECK_THROWS_AS(table().votes("de", d), UsageError);
  CHECK(table().population("de", d) == millions(82.2));
}

TEST_CASE("unanimity fails on one no under every regime", "[eu_council][unanimity]") {
  for (const CivilDate d :
       {date(1999, 1, 1), date(2004, 6, 1), date(2008, 1, 1), date(2016, 1, 1)}) {
    INFO(format_civil_date(d));
    CHECK(council_passes(table(), d, CouncilVoting::kUnanimity, council_with_no(d, {})));
    CHECK_FALSE(council_passes(table(), d, CouncilVoting::kUnanimity, council_with_no(d, {"lu"})));
  }
}

TEST_CASE("a vote is rejected with a non-member, a member twice or nobody",
          "[eu_council][errors]") {
  const CivilDate d = date(2005, 6, 1);
  std::vector<CouncilVote> votes = council_with_no(d, {});
  votes.push_back({"ro", true});
  CHECK_THROWS_WITH(council_passes(table(), d, CouncilVoting::kQualifiedMajority, votes),
                    Catch::Contains("\"ro\" is not a member of the Council on 2005-06-01"));
  CHECK_THROWS_AS(council_passes(table(), d, CouncilVoting::kUnanimity, votes), UsageError);
  std::vector<CouncilVote> twice = council_with_no(d, {});
  twice.push_back({"de", false});
  CHECK_THROWS_WITH(council_passes(table(), d, CouncilVoting::kQualifiedMajority, twice),
                    Catch::Contains("\"de\" votes twice"));
  CHECK_THROWS_AS(
      council_passes(table(), d, CouncilVoting::kQualifiedMajority, std::vector<CouncilVote>{}),
      UsageError);
  CHECK_THROWS_AS(table().votes("xx", d), UsageError);
}

TEST_CASE("a subset of members votes on its own share of the votes", "[eu_council][qmv1995]") {
  // Germany, France and Luxembourg in 1999: 22 votes; 20 yes: 20 × 87 = 1740 ≥ 62 × 22 =
  // 1364 passes; 10 yes: 870 < 1364 fails.
  const CivilDate d = date(1999, 1, 1);
  CHECK(council_passes(table(), d, CouncilVoting::kQualifiedMajority,
                       std::vector<CouncilVote>{{"de", true}, {"fr", true}, {"lu", false}}));
  CHECK_FALSE(council_passes(table(), d, CouncilVoting::kQualifiedMajority,
                             std::vector<CouncilVote>{{"de", true}, {"fr", false}, {"lu", false}}));
}

TEST_CASE("a malformed table row is an error naming source:line, expected and found",
          "[eu_council][errors]") {
  const std::string header = "member,from,to,votes,population_millions,source\n";
  const auto error_of = [](const std::string& csv) {
    try {
      CouncilTable::parse(csv, "t.csv");
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error_of("member,from\n"), Catch::Contains("t.csv:1: expected the header"));
  CHECK_THAT(error_of(header + "de,1995-01-01,,10,,s\nfr,1995-01-01,,10\n"),
             Catch::Contains("t.csv:3: expected 6 fields") && Catch::Contains("found 4"));
  CHECK_THAT(error_of(header + "xx,1995-01-01,,10,,s\n"),
             Catch::Contains("t.csv:2: expected a DEU III member code") &&
                 Catch::Contains("found \"xx\""));
  CHECK_THAT(error_of(header + "de,01-01-95,,10,,s\n"),
             Catch::Contains("t.csv:2: expected an ISO date") && Catch::Contains("\"01-01-95\""));
  CHECK_THAT(error_of(header + "de,1995-02-30,,10,,s\n"),
             Catch::Contains("t.csv:2: expected a valid"));
  CHECK_THAT(error_of(header + "de,1995-01-01,1995-01-01,10,,s\n"),
             Catch::Contains("t.csv:2: expected to after from"));
  CHECK_THAT(error_of(header + "de,1995-01-01,,2.5,,s\n"),
             Catch::Contains("t.csv:2: expected votes as a whole number"));
  CHECK_THAT(error_of(header + "de,1995-01-01,,10,-1,s\n"),
             Catch::Contains("t.csv:2: expected population_millions"));
  CHECK_THAT(error_of(header + "de,1995-01-01,\"2004-05-01,10,,s\n"),
             Catch::Contains("t.csv:2: expected 6 comma-separated fields"));
  CHECK_THAT(error_of(header + "de,1995-01-01,2004-05-01,10,,s\n\nde,2004-04-01,,29,,s\n"),
             Catch::Contains("t.csv:4: expected rows for de that do not overlap (line 2"));
  CHECK_THAT(error_of(""),
             Catch::Contains("t.csv:1: expected the header") && Catch::Contains("an empty file"));
}

TEST_CASE("a Lisbon vote without the populations is an error even with under four no votes",
          "[eu_council][lisbon][errors]") {
  const CouncilTable t = CouncilTable::parse(
      "member,from,to,votes,population_millions,source\n"
      "de,2014-11-01,,,82.2,s\nfr,2014-11-01,,,,s\n",
      "l.csv");
  const std::vector<CouncilVote> votes = {{"de", true}, {"fr", false}};
  CHECK_THROWS_WITH(council_passes(t, date(2016, 3, 1), CouncilVoting::kQualifiedMajority, votes),
                    Catch::Contains("l.csv: no population for \"fr\" on 2016-03-01") &&
                        Catch::Contains("the Lisbon double majority cannot be decided"));
  CHECK_FALSE(council_passes(t, date(2016, 3, 1), CouncilVoting::kUnanimity, votes));
  CHECK_FALSE(council_tally(t, date(2016, 3, 1), votes).has_population);
}

TEST_CASE("table fields may be quoted and lines may end in CRLF", "[eu_council]") {
  const CouncilTable t = CouncilTable::parse(
      "member,from,to,votes,population_millions,source\r\n"
      "de,1995-01-01,2004-05-01,10,81.5,\"TEC art. 205(2), as amended; \"\"Amsterdam\"\"\"\r\n",
      "q.csv");
  REQUIRE(t.rows().size() == 1);
  CHECK(t.rows()[0].source == "TEC art. 205(2), as amended; \"Amsterdam\"");
  CHECK(t.rows()[0].line == 2);
  CHECK(t.population("de", date(2000, 1, 1)) == millions(81.5));
  CHECK(t.members(date(2004, 5, 1)).empty());
}

}  // namespace parley
