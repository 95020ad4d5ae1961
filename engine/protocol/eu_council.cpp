#include "protocol/eu_council.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <system_error>
#include <tuple>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/errors.hpp"
#include "core/number_text.hpp"
#include "protocol/eu_council_data.hpp"

namespace parley {
namespace {

constexpr std::string_view kDateForms = "YYYY-MM-DD, dd-mm-yy or dd-mm-yyyy";
constexpr std::string_view kHeader = "member,from,to,votes,population_millions,source";
constexpr std::array<std::string_view, 28> kMemberCodes = {
    "at", "be", "bu", "cr", "cy", "cz", "de", "dk", "ee", "el", "es", "fi", "fr", "hu",
    "ie", "it", "lt", "lu", "lv", "mt", "nl", "pl", "pt", "ro", "se", "si", "sk", "uk"};

constexpr CivilDate kQmv1995Start{1995, 1, 1};
constexpr CivilDate kAccession2004Start{2004, 5, 1};
constexpr CivilDate kNiceStart{2004, 11, 1};
constexpr CivilDate kLisbonStart{2014, 11, 1};

// The weighted regimes' quotas by the date they took effect (latest last).
struct WeightedQuota {
  CivilDate from;
  int threshold;
  int total;
};
constexpr std::array<WeightedQuota, 5> kWeightedQuotas = {{
    {kQmv1995Start, 62, 87},         // EU15, Council Decision 95/1/EC
    {kAccession2004Start, 88, 124},  // EU25, Act of Accession 2003 art. 26
    {kNiceStart, 232, 321},          // EU25, Act of Accession 2003 art. 12
    {{2007, 1, 1}, 255, 345},        // EU27, Act of Accession 2005
    {{2013, 7, 1}, 260, 352},        // EU28, Act of Accession 2012 art. 20
}};

bool is_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[static_cast<std::size_t>(month - 1)];
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string quoted(std::string_view text) {
  return fmt::format("\"{}\"", escape_control_characters(text));
}

// A CSV line's fields; a field may be double-quoted with "" for a quote. `nullopt` for
// an unterminated quote or text after a closing quote.
std::optional<std::vector<std::string>> split_csv_line(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (true) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) return std::nullopt;
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(line[i++]);
      }
      if (i < line.size() && line[i] != ',') return std::nullopt;
    } else {
      const std::size_t end = std::min(line.find(',', i), line.size());
      field = std::string(trim(line.substr(i, end - i)));
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return fields;
    ++i;  // the comma
  }
}

struct RowError {
  std::string_view source;
  std::uint32_t line;
  [[noreturn]] void operator()(std::string_view expected, std::string_view found) const {
    throw UsageError(fmt::format("{}:{}: expected {}, found {}", escape_control_characters(source),
                                 line, expected, found));
  }
};

CivilDate parse_row_date(std::string_view text, std::string_view column, const RowError& fail) {
  const std::vector<std::string_view> parts = split(text, '-');
  if (parts.size() != 3 || parts[0].size() != 4 || parts[1].size() != 2 || parts[2].size() != 2) {
    fail(fmt::format("an ISO date YYYY-MM-DD in column {}", column), quoted(text));
  }
  try {
    return parse_civil_date(text);
  } catch (const UsageError&) {
    fail(fmt::format("a valid ISO date YYYY-MM-DD in column {}", column), quoted(text));
  }
}

// Population in millions → whole persons.
std::optional<std::int64_t> parse_population(std::string_view text, const RowError& fail) {
  if (text.empty()) return std::nullopt;
  double millions = 0.0;
  const auto [end, error] = parse_double(text.data(), text.data() + text.size(), millions);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(millions) ||
      millions < 0.0 || millions > 1.0e4) {
    fail("population_millions as a number from 0 to 10000, or blank", quoted(text));
  }
  return static_cast<std::int64_t>(std::llround(millions * 1.0e6));
}

std::optional<int> parse_votes(std::string_view text, const RowError& fail) {
  if (text.empty()) return std::nullopt;
  if (!is_digits(text) || text.size() > 6) {
    fail("votes as a whole number from 0 to 999999, or blank", quoted(text));
  }
  return to_int(text);
}

// The counts behind a vote in whole numbers (votes, members, persons).
struct ExactTally {
  std::int64_t yes_votes = 0;
  std::int64_t total_votes = 0;
  std::int64_t yes_members = 0;
  std::int64_t members = 0;
  std::int64_t yes_population = 0;
  std::int64_t population = 0;
  bool has_population = true;
  std::string missing_population;  // a member without a population, when !has_population
};

ExactTally exact_tally(const CouncilTable& table, CivilDate date,
                       std::span<const CouncilVote> votes) {
  const CouncilRegime regime = table.regime(date);
  if (votes.empty()) {
    throw UsageError(fmt::format("a Council vote on {} needs at least one member voting",
                                 format_civil_date(date)));
  }
  ExactTally tally;
  std::vector<std::string_view> seen;
  for (const CouncilVote& vote : votes) {
    if (std::find(seen.begin(), seen.end(), vote.member) != seen.end()) {
      throw UsageError(fmt::format("member {} votes twice in the Council vote on {}",
                                   quoted(vote.member), format_civil_date(date)));
    }
    seen.push_back(vote.member);
    const CouncilRow* row = nullptr;
    for (const CouncilRow& r : table.rows()) {
      if (r.member == vote.member && r.from <= date && (!r.to || date < *r.to)) row = &r;
    }
    if (row == nullptr) {
      throw UsageError(fmt::format(
          "{} is not a member of the Council on {} (members then: {}); a Council vote "
          "takes members at its date only",
          quoted(vote.member), format_civil_date(date), fmt::join(table.members(date), " ")));
    }
    ++tally.members;
    if (vote.yes) ++tally.yes_members;
    if (regime != CouncilRegime::kLisbon) {
      if (!row->votes) {
        throw UsageError(fmt::format("{}:{}: no weighted votes for {} on {} ({} regime)",
                                     escape_control_characters(table.source_name()), row->line,
                                     quoted(vote.member), format_civil_date(date),
                                     regime_name(regime)));
      }
      tally.total_votes += *row->votes;
      if (vote.yes) tally.yes_votes += *row->votes;
    }
    if (row->population) {
      tally.population += *row->population;
      if (vote.yes) tally.yes_population += *row->population;
    } else if (tally.has_population) {
      tally.has_population = false;
      tally.missing_population = std::string(vote.member);
    }
  }
  if (!tally.has_population) {
    tally.yes_population = 0;
    tally.population = 0;
  }
  return tally;
}

void require_population(const CouncilTable& table, CivilDate date, const ExactTally& tally,
                        std::string_view rule) {
  if (tally.has_population) return;
  throw UsageError(fmt::format("{}: no population for {} on {}, so {} cannot be decided then",
                               escape_control_characters(table.source_name()),
                               quoted(tally.missing_population), format_civil_date(date), rule));
}

}  // namespace

CivilDate parse_civil_date(std::string_view text) {
  const auto fail = [&](std::string_view why) -> CivilDate {
    throw UsageError(fmt::format("invalid date {}{}: expected {}", quoted(text), why, kDateForms));
  };
  const std::vector<std::string_view> parts = split(text, '-');
  if (parts.size() != 3 || !is_digits(parts[0]) || !is_digits(parts[1]) || !is_digits(parts[2])) {
    return fail("");
  }
  CivilDate date;
  if (parts[0].size() == 4 && parts[1].size() == 2 && parts[2].size() == 2) {
    date = {to_int(parts[0]), to_int(parts[1]), to_int(parts[2])};
  } else if (parts[0].size() <= 2 && parts[1].size() <= 2 &&
             (parts[2].size() == 2 || parts[2].size() == 4)) {
    int year = to_int(parts[2]);
    if (parts[2].size() == 2) year += year < 50 ? 2000 : 1900;
    date = {year, to_int(parts[1]), to_int(parts[0])};
  } else {
    return fail("");
  }
  if (date.month < 1 || date.month > 12) {
    return fail(fmt::format(" (month {} is not 1..12)", date.month));
  }
  if (date.day < 1 || date.day > days_in_month(date.year, date.month)) {
    return fail(fmt::format(" (day {} is not in {:04}-{:02})", date.day, date.year, date.month));
  }
  return date;
}

std::string format_civil_date(CivilDate date) {
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::string_view regime_name(CouncilRegime regime) {
  switch (regime) {
    case CouncilRegime::kQmv1995:
      return "qmv1995";
    case CouncilRegime::kAccession2004:
      return "accession2004";
    case CouncilRegime::kNice:
      return "nice";
    case CouncilRegime::kLisbon:
      return "lisbon";
  }
  return "unknown";
}

CouncilTable CouncilTable::parse(std::string_view csv_text, std::string_view source_name) {
  CouncilTable table;
  table.source_name_ = std::string(source_name);
  std::uint32_t line_number = 0;
  bool header_seen = false;
  for (std::string_view line : split(csv_text, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    const RowError fail{source_name, line_number};
    if (!header_seen) {
      if (line != kHeader) fail(fmt::format("the header \"{}\"", kHeader), quoted(line));
      header_seen = true;
      continue;
    }
    const std::optional<std::vector<std::string>> fields = split_csv_line(line);
    if (!fields) fail("6 comma-separated fields with balanced quotes", quoted(line));
    if (fields->size() != 6) {
      fail(fmt::format("6 fields ({})", kHeader), fmt::format("{}", fields->size()));
    }
    CouncilRow row;
    row.line = line_number;
    row.member = (*fields)[0];
    if (std::find(kMemberCodes.begin(), kMemberCodes.end(), row.member) == kMemberCodes.end()) {
      fail(fmt::format("a DEU III member code ({})", fmt::join(kMemberCodes, " ")),
           quoted(row.member));
    }
    row.from = parse_row_date((*fields)[1], "from", fail);
    if (!(*fields)[2].empty()) {
      row.to = parse_row_date((*fields)[2], "to", fail);
      if (!(row.from < *row.to)) {
        fail(fmt::format("to after from ({})", format_civil_date(row.from)), quoted((*fields)[2]));
      }
    }
    row.votes = parse_votes((*fields)[3], fail);
    row.population = parse_population((*fields)[4], fail);
    row.source = (*fields)[5];
    table.rows_.push_back(std::move(row));
  }
  if (!header_seen) {
    RowError{source_name, 1}(fmt::format("the header \"{}\"", kHeader), "an empty file");
  }
  // A member's rows must not overlap: sort each member's rows by start and compare
  // neighbours.
  std::vector<const CouncilRow*> sorted;
  for (const CouncilRow& row : table.rows_) sorted.push_back(&row);
  std::stable_sort(sorted.begin(), sorted.end(), [](const CouncilRow* a, const CouncilRow* b) {
    return std::tie(a->member, a->from) < std::tie(b->member, b->from);
  });
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    const CouncilRow& before = *sorted[i - 1];
    const CouncilRow& after = *sorted[i];
    if (before.member == after.member && (!before.to || after.from < *before.to)) {
      RowError{source_name, after.line}(
          fmt::format("rows for {} that do not overlap (line {} runs from {} to {})", before.member,
                      before.line, format_civil_date(before.from),
                      before.to ? format_civil_date(*before.to) : std::string("open")),
          fmt::format("a row from {}", format_civil_date(after.from)));
    }
  }
  return table;
}

CouncilRegime CouncilTable::regime(CivilDate date) const {
  if (date < kQmv1995Start) {
    throw UsageError(
        fmt::format("no Council voting rule for {}: the rules modelled begin on {} (EU15)",
                    format_civil_date(date), format_civil_date(kQmv1995Start)));
  }
  if (date < kAccession2004Start) return CouncilRegime::kQmv1995;
  if (date < kNiceStart) return CouncilRegime::kAccession2004;
  if (date < kLisbonStart) return CouncilRegime::kNice;
  return CouncilRegime::kLisbon;
}

CouncilThresholds CouncilTable::thresholds(CivilDate date) const {
  CouncilThresholds t;
  t.regime = regime(date);
  if (t.regime == CouncilRegime::kLisbon) {
    t.member_percent = 55;
    t.population_percent = 65;
    t.blocking_minority_members = 4;
    return t;
  }
  for (const WeightedQuota& quota : kWeightedQuotas) {
    if (quota.from <= date) {
      t.vote_threshold = quota.threshold;
      t.total_votes = quota.total;
    }
  }
  if (t.regime == CouncilRegime::kNice) {
    t.majority_of_members = true;
    t.population_percent = 62;
  }
  return t;
}

std::vector<std::string> CouncilTable::members(CivilDate date) const {
  std::vector<std::string> result;
  for (const CouncilRow& r : rows_) {
    if (r.from <= date && (!r.to || date < *r.to)) result.push_back(r.member);
  }
  std::sort(result.begin(), result.end());
  return result;
}

bool CouncilTable::is_member(std::string_view member, CivilDate date) const {
  return std::any_of(rows_.begin(), rows_.end(), [&](const CouncilRow& r) {
    return r.member == member && r.from <= date && (!r.to || date < *r.to);
  });
}

const CouncilRow& CouncilTable::row(std::string_view member, CivilDate date) const {
  for (const CouncilRow& r : rows_) {
    if (r.member == member && r.from <= date && (!r.to || date < *r.to)) return r;
  }
  throw UsageError(fmt::format("{} is not a member of the Council on {} in {} (members then: {})",
                               quoted(member), format_civil_date(date),
                               escape_control_characters(source_name_),
                               fmt::join(members(date), " ")));
}

double CouncilTable::votes(std::string_view member, CivilDate date) const {
  const CouncilRow& r = row(member, date);
  if (!r.votes) {
    throw UsageError(fmt::format("{}:{}: no weighted votes for {} on {}{}",
                                 escape_control_characters(source_name_), r.line, quoted(member),
                                 format_civil_date(date),
                                 date < kLisbonStart ? "" : " (abolished from 2014-11-01)"));
  }
  return static_cast<double>(*r.votes);
}

double CouncilTable::population(std::string_view member, CivilDate date) const {
  const CouncilRow& r = row(member, date);
  if (!r.population) {
    throw UsageError(fmt::format("{}:{}: no population for {} on {}",
                                 escape_control_characters(source_name_), r.line, quoted(member),
                                 format_civil_date(date)));
  }
  return static_cast<double>(*r.population) / 1.0e6;
}

const CouncilTable& builtin_council_table() {
  static const CouncilTable table = CouncilTable::parse(eu_council_csv(), "data/eu_council.csv");
  return table;
}

CouncilTally council_tally(const CouncilTable& table, CivilDate date,
                           std::span<const CouncilVote> votes) {
  const ExactTally exact = exact_tally(table, date, votes);
  CouncilTally tally;
  tally.yes_votes = static_cast<double>(exact.yes_votes);
  tally.total_votes = static_cast<double>(exact.total_votes);
  tally.yes_members = static_cast<double>(exact.yes_members);
  tally.members = static_cast<double>(exact.members);
  tally.yes_population = static_cast<double>(exact.yes_population) / 1.0e6;
  tally.population = static_cast<double>(exact.population) / 1.0e6;
  tally.has_population = exact.has_population;
  return tally;
}

bool council_passes(const CouncilTable& table, CivilDate date, CouncilVoting voting,
                    std::span<const CouncilVote> votes, const CouncilOptions& options) {
  const ExactTally tally = exact_tally(table, date, votes);
  if (voting == CouncilVoting::kUnanimity) return tally.yes_members == tally.members;
  const CouncilThresholds t = table.thresholds(date);
  // The populations are required whenever the rule counts them, even where the votes
  // alone decide, so that a missing figure fails the same way whatever the votes.
  if (t.regime == CouncilRegime::kLisbon) {
    require_population(table, date, tally, "the Lisbon double majority");
    const std::int64_t no_members = tally.members - tally.yes_members;
    if (no_members < t.blocking_minority_members) return true;
    return 100 * tally.yes_members >= t.member_percent * tally.members &&
           100 * tally.yes_population >= t.population_percent * tally.population;
  }
  const bool population_check = options.population_check && t.regime == CouncilRegime::kNice;
  if (population_check) require_population(table, date, tally, "the 62 % population check");
  if (tally.yes_votes * t.total_votes < t.vote_threshold * tally.total_votes) return false;
  if (t.majority_of_members && !(2 * tally.yes_members > tally.members)) return false;
  return !population_check || 100 * tally.yes_population >= t.population_percent * tally.population;
}

}  // namespace parley

namespace parley {

CouncilSeats council_seats(const CouncilTable& table, CivilDate date, CouncilVoting voting,
                           std::span<const std::string> actor_ids,
                           std::span<const int> participants, int agenda_setter) {
  const CouncilThresholds thresholds = table.thresholds(date);
  CouncilSeats seats;
  CouncilRule& rule = seats.rule;
  rule.unanimity = voting == CouncilVoting::kUnanimity;
  if (thresholds.total_votes > 0)
    rule.vote_share = static_cast<double>(thresholds.vote_threshold) /
                      static_cast<double>(thresholds.total_votes);
  rule.member_majority = thresholds.majority_of_members;
  rule.member_share = thresholds.member_percent / 100.0;
  const bool lisbon = thresholds.regime == CouncilRegime::kLisbon;
  if (lisbon) rule.population_share = thresholds.population_percent / 100.0;
  rule.blocking_minority = thresholds.blocking_minority_members;

  const auto n = static_cast<Eigen::Index>(actor_ids.size());
  seats.member.assign(actor_ids.size(), 0);
  seats.votes = Eigen::VectorXd::Zero(n);
  seats.population = Eigen::VectorXd::Zero(n);
  bool any = false;
  for (int j : participants) {
    const auto k = static_cast<std::size_t>(j);
    const std::string& id = actor_ids[k];
    if (!table.is_member(id, date)) continue;
    any = true;
    seats.member[k] = 1;
    if (lisbon)
      seats.population(j) = table.population(id, date);
    else
      seats.votes(j) = table.votes(id, date);
  }
  if (!any) {
    const std::vector<std::string> members = table.members(date);
    std::string listed;
    for (const std::string& m : members) listed += (listed.empty() ? "" : " ") + m;
    throw UsageError(fmt::format(
        "none of the actors is a member of the Council on {} (the members are the actors whose "
        "ids are member codes: {})",
        format_civil_date(date), listed));
  }
  seats.agenda_setter = agenda_setter;
  return seats;
}

CouncilSeats council_seats(const CouncilTable& table, CivilDate date, CouncilVoting voting,
                           const Scenario& scenario, int agenda_setter) {
  std::vector<std::string> ids;
  std::vector<int> everyone;
  for (const Actor& actor : scenario.actors) {
    everyone.push_back(static_cast<int>(ids.size()));
    ids.push_back(actor.id);
  }
  return council_seats(table, date, voting, ids, everyone, agenda_setter);
}

std::optional<CouncilVoting> parse_council_voting(std::string_view text) {
  if (text == "qmv") return CouncilVoting::kQualifiedMajority;
  if (text == "unanimity") return CouncilVoting::kUnanimity;
  return std::nullopt;
}

}  // namespace parley
