#include "output/csv_writer.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace parley {

std::vector<std::string_view> split_csv_cells(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    cells.push_back(line.substr(start, comma - start));
    if (comma == std::string_view::npos) return cells;
    start = comma + 1;
  }
}

std::string fixed6(double value) {
  std::string text = fmt::format("{:.6f}", value);
  if (text == "-0.000000") text.erase(0, 1);
  return text;
}

namespace {
std::string joined_columns(std::span<const std::string> columns) {
  std::string text;
  for (const std::string& column : columns) {
    text += ',';
    text += column;
  }
  return text;
}
}  // namespace

void write_outcomes_header(std::ostream& out, const Scenario& scenario,
                           std::span<const std::string> design_columns) {
  std::string line = "point";
  line += joined_columns(design_columns);
  line += ",replicate,agreed,phase,round";
  for (const Issue& issue : scenario.issues) {
    line += ',';
    line += issue.id;
  }
  for (const Actor& actor : scenario.actors) {
    line += ",utility_";
    line += actor.id;
  }
  line += ",nearest_deal,deal_distance,breakdown_reason,vetoed_by";
  for (const Phase& phase : scenario.phases) {
    line += ",result_";
    line += phase.id;
  }
  line +=
      ",threats_made,threats_carried_out,side_payments,shocks,pareto_efficient,nash_distance,"
      "offers,rounds\n";
  out << line;
}

void write_outcome_rows(std::ostream& out, const Scenario& scenario,
                        std::span<const SessionRecord> records, std::uint64_t point,
                        std::int64_t first_replicate, std::string_view design_cells) {
  std::string line;
  for (std::size_t k = 0; k < records.size(); ++k) {
    const SessionRecord& r = records[k];
    line.clear();
    line += fmt::format("{}", point);
    line += design_cells;
    line += fmt::format(
        ",{},{},{},{}", first_replicate + static_cast<std::int64_t>(k), r.agreed ? 1 : 0,
        r.phase >= 0 ? scenario.phases[static_cast<std::size_t>(r.phase)].id : "", r.round);
    for (int d = 0; d < scenario.issue_count(); ++d) {
      const Issue& issue = scenario.issues[static_cast<std::size_t>(d)];
      line += ',';
      line += issue.is_discrete()
                  ? issue.options[static_cast<std::size_t>(issue.option_index(r.outcome(d)))]
                  : fixed6(r.outcome(d));
    }
    for (int i = 0; i < scenario.actor_count(); ++i) {
      line += ',';
      line += fixed6(r.utility(i));
    }
    line += ',';
    if (r.nearest_deal >= 0) line += scenario.deals[static_cast<std::size_t>(r.nearest_deal)].id;
    line += ',';
    if (r.nearest_deal >= 0) line += fixed6(r.deal_distance);
    line += ',';
    line += r.breakdown_reason();
    line += ',';
    bool first = true;
    for (std::size_t i = 0; i < r.vetoed.size(); ++i) {
      if (!r.vetoed[i]) continue;
      if (!first) line += ';';
      line += scenario.actors[i].id;
      first = false;
    }
    for (PhaseResult result : r.phase_results) {
      line += ',';
      line += to_string(result);
    }
    // Ids of the instruments / shocks flagged in `flags`, separated by ';'.
    auto ids = [&line](const std::vector<char>& flags, auto&& id_of) {
      line += ',';
      bool first_id = true;
      for (std::size_t index = 0; index < flags.size(); ++index) {
        if (!flags[index]) continue;
        if (!first_id) line += ';';
        line += id_of(index);
        first_id = false;
      }
    };
    auto instrument_id = [&](std::size_t index) -> const std::string& {
      return scenario.instruments[index].id;
    };
    ids(r.threat_made, instrument_id);
    ids(r.threat_carried_out, instrument_id);
    ids(r.side_payment_paid, instrument_id);
    ids(r.shock_occurred,
        [&](std::size_t index) -> const std::string& { return scenario.shocks[index].id; });
    line += ',';
    if (r.pareto_efficient >= 0) line += r.pareto_efficient ? '1' : '0';
    line += ',';
    if (!std::isnan(r.nash_distance)) line += fixed6(r.nash_distance);
    line += fmt::format(",{},{}\n", r.offers, r.rounds);
    out << line;
  }
}

namespace {

std::size_t digits(std::int64_t value) { return fmt::formatted_size("{}", value); }

// The widest number of an issue's range at 6 decimals ("-1000.000000").
std::size_t issue_width(const Issue& issue) {
  if (issue.is_discrete()) {
    std::size_t widest = 0;
    for (const std::string& option : issue.options) widest = std::max(widest, option.size());
    return widest;
  }
  return std::max(fixed6(issue.min).size(), fixed6(issue.max).size());
}

template <typename Items>
std::size_t ids_bytes(const Items& items) {
  std::size_t total = 0;
  for (const auto& item : items) total += item.id.size() + 1;
  return total;
}

}  // namespace

std::size_t outcome_row_bytes_bound(const Scenario& scenario, std::size_t design_cells_bytes,
                                    std::int64_t points, std::int64_t replicates) {
  constexpr std::size_t kNumber = 10;  // "-1.000000," and the like: utilities, distances
  std::int64_t rounds = 0;
  std::size_t phase_ids = 0;
  for (const Phase& phase : scenario.phases) {
    rounds += phase.max_rounds;
    phase_ids = std::max(phase_ids, phase.id.size());
  }
  std::size_t deal_ids = 0;
  for (const Deal& deal : scenario.deals) deal_ids = std::max(deal_ids, deal.id.size());
  std::size_t bytes =
      digits(points) + design_cells_bytes + digits(replicates) + 3 + phase_ids + digits(rounds) + 1;
  for (const Issue& issue : scenario.issues) bytes += issue_width(issue) + 1;
  bytes += scenario.actors.size() * kNumber;
  bytes += deal_ids + kNumber + sizeof("broke_down") + ids_bytes(scenario.actors);
  bytes += scenario.phases.size() * sizeof("not_reached");
  bytes += 3 * ids_bytes(scenario.instruments) + ids_bytes(scenario.shocks);
  const std::int64_t moves = rounds * std::max<std::int64_t>(1, scenario.actor_count());
  bytes += 2 + kNumber + digits(moves) + digits(rounds) + 3;
  return bytes;
}

std::size_t summary_bytes_bound(const Scenario& scenario, std::size_t design_cells_bytes,
                                std::int64_t points) {
  // Metrics: agreement, round, Pareto and Nash analysis and a few more; per
  // phase, per issue (outcome, deal outcome), per actor (veto, utility, beats
  // reservation, gain), per instrument and shock, per deal.
  const std::size_t metrics = 12 + scenario.phases.size() + 2 * scenario.issues.size() +
                              4 * scenario.actors.size() + 3 * scenario.instruments.size() +
                              scenario.shocks.size() + scenario.deals.size();
  std::size_t widest_value = 10;
  std::size_t longest_id = 0;
  for (const Issue& issue : scenario.issues) {
    widest_value = std::max(widest_value, issue_width(issue) + 1);
    longest_id = std::max(longest_id, issue.id.size());
  }
  for (const Actor& actor : scenario.actors) longest_id = std::max(longest_id, actor.id.size());
  for (const Phase& phase : scenario.phases) longest_id = std::max(longest_id, phase.id.size());
  for (const Instrument& item : scenario.instruments)
    longest_id = std::max(longest_id, item.id.size());
  for (const Shock& shock : scenario.shocks) longest_id = std::max(longest_id, shock.id.size());
  for (const Deal& deal : scenario.deals) longest_id = std::max(longest_id, deal.id.size());
  const std::size_t row =
      digits(points) + design_cells_bytes + 24 + longest_id + 21 + 10 * widest_value + 1;
  return metrics * row;
}

void write_summary_header(std::ostream& out, std::span<const std::string> design_columns) {
  out << "point" << joined_columns(design_columns)
      << ",metric,n,mean,sd,mcse,q05,q25,q50,q75,q95,wilson_low,wilson_high\n";
}

void write_summary_rows(std::ostream& out, std::span<const MetricSummary> summaries,
                        std::uint64_t point, std::string_view design_cells) {
  for (const MetricSummary& s : summaries) {
    out << point << design_cells << ',' << s.metric << ',' << s.n;
    if (s.n == 0) {
      out << ",,,,,,,,,,\n";
      continue;
    }
    out << ',' << fixed6(s.mean) << ',' << fixed6(s.sd) << ',' << fixed6(s.mcse) << ','
        << fixed6(s.q05) << ',' << fixed6(s.q25) << ',' << fixed6(s.q50) << ',' << fixed6(s.q75)
        << ',' << fixed6(s.q95) << ',';
    if (s.binary)
      out << fixed6(s.wilson.low) << ',' << fixed6(s.wilson.high);
    else
      out << ',';
    out << '\n';
  }
}

}  // namespace parley
