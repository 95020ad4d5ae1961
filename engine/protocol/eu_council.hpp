// The Council of the European Union's voting rules by date: who sits in the Council,
// with how many weighted votes or how many people, and whether a set of yes and no
// votes adopts an act by qualified majority or by unanimity.
//
// The membership, the weighted votes and the populations are data (data/eu_council.csv,
// documented in data/README.md, embedded in the binary as `builtin_council_table()`);
// the regimes and their thresholds are the treaties' and live here:
//
// | regime           | in force                  | qualified majority (acts on a Commission  |
// |                  |                           | proposal)                                 |
// | ---------------- | ------------------------- | ----------------------------------------- |
// | `kQmv1995`       | 1995-01-01 to 2004-04-30  | ≥ 62 of 87 weighted votes (EU15)          |
// | `kAccession2004` | 2004-05-01 to 2004-10-31  | ≥ 88 of 124 weighted votes (EU25)         |
// | `kNice`          | 2004-11-01 to 2014-10-31  | ≥ 232 of 321 (EU25), 255 of 345 (EU27     |
// |                  |                           | from 2007-01-01), 260 of 352 (EU28 from   |
// |                  |                           | 2013-07-01) votes, cast by more than half |
// |                  |                           | of the members; on request the yes        |
// |                  |                           | members hold ≥ 62 % of the population     |
// | `kLisbon`        | from 2014-11-01           | ≥ 55 % of the members holding ≥ 65 % of   |
// |                  |                           | the population, or fewer than 4 no votes  |
//
// Who votes. The members voting are the ones given to `council_passes` — normally the
// full membership at the date (`CouncilTable::members`); each must be a member at that
// date and appear once. A member that does not vote yes (no or abstention) counts
// against a qualified majority. For unanimity leave an abstaining member out: under
// every regime an abstention does not prevent unanimity (TEC art. 205(3), TFEU
// art. 238(4)), a no does.
//
// The rule, with Y the yes members among the given members G, v the weighted votes and
// p the populations (shares always of the *given* members, so a subset votes as if it
// were the Council; with the full membership they are the treaty's figures):
//   unanimity:          every member of G votes yes.
//   1995, 2004:         v(Y) · total ≥ threshold · v(G), in integers — with the full
//                       membership v(G) = total and this is "v(Y) ≥ threshold".
//   Nice:               the same, and 2|Y| > |G|, and with `population_check`
//                       100 · p(Y) ≥ 62 · p(G).
//   Lisbon:             (100 |Y| ≥ 55 |G| and 100 · p(Y) ≥ 65 · p(G)), or |G| − |Y| < 4:
//                       a blocking minority needs at least four members (TEU art. 16(4)).
// Populations are held as whole persons, so every comparison is exact integer
// arithmetic. The "at least fifteen members" of TEU art. 16(4) follows from 55 % of 27
// or 28 members and is not checked separately.
//
// Not modelled: acts not on a Commission proposal (1995: 62 votes cast by at least 10
// members; Nice: two thirds of the members; Lisbon: 72 % of the members, TFEU
// art. 238(2)); a member's request, until 2017-03-31, to vote by the Nice rule
// (Protocol No 36 art. 3(2)); the Ioannina compromise and its Lisbon successor
// (Decision 2009/857/EC: a minority near the blocking one may ask for further
// discussion, which delays but does not change the count); the blocking minority of
// TFEU art. 238(3) when not all members take part (this module applies the four-member
// rule to any given set).
//
// Dates. `CivilDate` is a proleptic Gregorian date; `parse_civil_date` reads ISO
// `YYYY-MM-DD` and the DEU III data set's `dd-mm-yy` and `dd-mm-yyyy` (day and month of
// one or two digits; a two-digit year below 50 is 20yy, otherwise 19yy).
//
// References: TEC art. 148(2)/205(2) as amended (1994 Act of Accession; Council
// Decision 95/1/EC); Act of Accession 2003 art. 12 and 26; Treaty of Nice, Protocol on
// the enlargement of the European Union, art. 3; Act of Accession 2005; Act of Accession
// 2012 art. 20; TEU art. 16(4) and TFEU art. 238 (Lisbon); Protocol No 36 on
// transitional provisions, art. 3; Council Decision 2009/857/EC; Council Rules of
// Procedure, Annex III (the population figures, amended each year by Council decision
// from Eurostat's 1 January figures, e.g. Decision (EU, Euratom) 2016/2353 for 2017).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario.hpp"

namespace parley {

// A calendar day (proleptic Gregorian). Ordered by year, month, day.
struct CivilDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..days in the month
  auto operator<=>(const CivilDate&) const = default;
};

// Reads `YYYY-MM-DD`, `dd-mm-yy` or `dd-mm-yyyy` (see the header comment). Throws
// UsageError naming the text and the expected forms for anything else, including a
// month outside 1..12 or a day not in the month.
CivilDate parse_civil_date(std::string_view text);

// The date as `YYYY-MM-DD`.
std::string format_civil_date(CivilDate date);

enum class CouncilRegime { kQmv1995, kAccession2004, kNice, kLisbon };

// "qmv1995", "accession2004", "nice", "lisbon".
std::string_view regime_name(CouncilRegime regime);

enum class CouncilVoting { kQualifiedMajority, kUnanimity };

// The qualified-majority thresholds of the treaties in force at a date.
struct CouncilThresholds {
  CouncilRegime regime = CouncilRegime::kQmv1995;
  int vote_threshold = 0;             // weighted regimes: votes needed; 0 under Lisbon
  int total_votes = 0;                // weighted regimes: the Council's votes; 0 under Lisbon
  bool majority_of_members = false;   // Nice: more than half of the members vote yes
  int member_percent = 0;             // Lisbon: 55 (at least this share of the members)
  int population_percent = 0;         // Nice: 62 (only on request); Lisbon: 65
  int blocking_minority_members = 0;  // Lisbon: 4 (fewer no votes cannot block)
};

// One row of the table: `member` sits in the Council on dates in [from, to) (no `to`:
// open) with `votes` weighted votes and `population` persons, either of which may be
// unknown. `line` is the row's 1-based line in its source.
struct CouncilRow {
  std::string member;
  CivilDate from;
  std::optional<CivilDate> to;
  std::optional<int> votes;
  std::optional<std::int64_t> population;
  std::string source;
  std::uint32_t line = 0;
};

// The Council's membership by date, parsed once and immutable.
class CouncilTable {
 public:
  // Parses CSV text with the header `member,from,to,votes,population_millions,source`
  // (fields may be double-quoted; blank lines are skipped). `member` is a DEU III code
  // (at be bu cr cy cz de dk ee el es fi fr hu ie it lt lu lv mt nl pl pt ro se si sk
  // uk), `from`/`to` ISO dates with `to` exclusive or blank (open), `votes` a whole
  // number ≥ 0 or blank, `population_millions` a number ≥ 0 or blank. A member's rows
  // must not overlap. Throws UsageError "source_name:line: expected …, found …".
  static CouncilTable parse(std::string_view csv_text, std::string_view source_name);

  // The regime in force at `date`; UsageError before 1995-01-01.
  CouncilRegime regime(CivilDate date) const;
  // The thresholds in force at `date`; UsageError before 1995-01-01.
  CouncilThresholds thresholds(CivilDate date) const;
  // The members at `date`, sorted by code.
  std::vector<std::string> members(CivilDate date) const;
  bool is_member(std::string_view member, CivilDate date) const;
  // The member's weighted votes at `date`. UsageError when `member` is not a member
  // then or the table gives no votes for it (always so under Lisbon).
  double votes(std::string_view member, CivilDate date) const;
  // The member's population at `date` in millions. UsageError when `member` is not a
  // member then or the table gives no population for it.
  double population(std::string_view member, CivilDate date) const;

  std::span<const CouncilRow> rows() const { return rows_; }
  const std::string& source_name() const { return source_name_; }

 private:
  // The row for `member` at `date`; UsageError when there is none.
  const CouncilRow& row(std::string_view member, CivilDate date) const;

  std::vector<CouncilRow> rows_;
  std::string source_name_;
};

// The table of data/eu_council.csv, compiled into the binary; parsed on first use.
const CouncilTable& builtin_council_table();

struct CouncilVote {
  std::string_view member;
  bool yes = false;
};

struct CouncilOptions {
  // Nice: a member asked for the 62 % population check. Ignored by the other regimes
  // (1995 and 2004 had none; Lisbon always counts population).
  bool population_check = false;
};

// The counts behind a vote, for traces. Votes are 0 under Lisbon; populations (in
// millions) are filled only when the table gives every voting member's population
// (`has_population`).
struct CouncilTally {
  double yes_votes = 0.0;
  double total_votes = 0.0;
  double yes_members = 0.0;
  double members = 0.0;
  double yes_population = 0.0;
  double population = 0.0;
  bool has_population = false;
};

// The tally of `votes` at `date`. UsageError for an empty vote, a member given twice, a
// member not in the Council at `date`, a date before 1995-01-01, or (weighted regimes)
// a member without votes in the table.
CouncilTally council_tally(const CouncilTable& table, CivilDate date,
                           std::span<const CouncilVote> votes);

// Whether `votes` adopt an act at `date` under `voting` (the rule in the header
// comment). Throws as `council_tally` does, and UsageError when the rule counts
// population (qualified majority under Lisbon; Nice with `population_check`) and the
// table lacks a voting member's population — even where the votes alone decide.
bool council_passes(const CouncilTable& table, CivilDate date, CouncilVoting voting,
                    std::span<const CouncilVote> votes, const CouncilOptions& options = {});

// The engine's form of the rule (DecisionRule::Kind::kCouncil, scenario/scenario.hpp):
// the thresholds at `date` (Nice's population check, a member's request, is not
// made) and the seats of the actors `actor_ids` of whom `participants` (indices)
// vote — an actor whose id is the code of a member at `date` sits in the Council
// with its votes (its population under Lisbon) — and the agenda setter (an actor
// index, −1 for none). UsageError when none of them is a member at `date`, or as
// `votes`/`population` for a member the table gives no figure for.
CouncilSeats council_seats(const CouncilTable& table, CivilDate date, CouncilVoting voting,
                           std::span<const std::string> actor_ids,
                           std::span<const int> participants, int agenda_setter);

// The same for a scenario's phase: every actor of `scenario` gets its seat (only the
// phase's participants vote), so a later change of participants keeps the members'
// votes.
CouncilSeats council_seats(const CouncilTable& table, CivilDate date, CouncilVoting voting,
                           const Scenario& scenario, int agenda_setter);

// `voting` as scenario files write it: "qmv" or "unanimity"; std::nullopt otherwise.
std::optional<CouncilVoting> parse_council_voting(std::string_view text);

}  // namespace parley
