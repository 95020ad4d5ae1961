#include "output/summary.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace parley {

WilsonInterval wilson_interval(std::int64_t successes, std::int64_t trials, double z) {
  if (trials <= 0) return {0.0, 1.0};
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

namespace {

// The two order statistics (0-based) the quantile at level p of n values reads.
std::pair<std::size_t, std::size_t> quantile_positions(std::size_t n, double p) {
  const double h = (static_cast<double>(n) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  return {lo, std::min(lo + 1, n - 1)};
}

}  // namespace

double quantile_sorted(std::span<const double> sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const auto [lo, hi] = quantile_positions(sorted.size(), p);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

MetricSummary summarise_values(std::string metric, std::vector<double> values, bool binary) {
  MetricSummary s;
  s.metric = std::move(metric);
  s.binary = binary;
  s.n = static_cast<std::int64_t>(values.size());
  if (values.empty()) return s;
  // Two-pass mean and variance in index order (reproducible and stable).
  double sum = 0.0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  double squares = 0.0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.sd = s.n > 1 ? std::sqrt(squares / static_cast<double>(s.n - 1)) : 0.0;
  s.mcse = s.sd / std::sqrt(static_cast<double>(s.n));
  std::int64_t zeros = 0;  // a binary metric's 0s, when every value is 0 or 1 (else −1)
  if (binary) {
    std::int64_t successes = 0;
    for (double v : values) {
      successes += v > 0.5 ? 1 : 0;
      if (v == 0.0) {
        zeros += zeros >= 0 ? 1 : 0;
      } else if (v != 1.0) {
        zeros = -1;
      }
    }
    s.wilson = wilson_interval(successes, s.n);
  }
  if (binary && zeros >= 0) {
    // Sorted, the values are `zeros` 0s and then 1s: the order statistics are known.
    const auto at = [&](std::size_t rank) {
      return static_cast<std::int64_t>(rank) < zeros ? 0.0 : 1.0;
    };
    const auto quantile = [&](double level) {
      const double h = (static_cast<double>(values.size()) - 1.0) * level;
      const auto [lo, hi] = quantile_positions(values.size(), level);
      return at(lo) + (h - static_cast<double>(lo)) * (at(hi) - at(lo));
    };
    s.q05 = quantile(0.05);
    s.q25 = quantile(0.25);
    s.q50 = quantile(0.50);
    s.q75 = quantile(0.75);
    s.q95 = quantile(0.95);
    return s;
  }
  // The quantiles read ten order statistics at most (two per quantile): select them
  // in ascending order, each within what lies above the previous one (O(n) each),
  // rather than sorting every value. Positions the quantiles do not read are left in
  // any order; those they read hold what a full sort would put there.
  constexpr std::array<double, 5> kLevels = {0.05, 0.25, 0.50, 0.75, 0.95};
  std::size_t selected = 0;  // values[0, selected) are in their sorted places
  for (const double level : kLevels) {
    const auto [lo, hi] = quantile_positions(values.size(), level);
    for (const std::size_t rank : {lo, hi}) {
      if (rank < selected) continue;
      const auto first = values.begin() + static_cast<std::ptrdiff_t>(selected);
      std::nth_element(first, values.begin() + static_cast<std::ptrdiff_t>(rank), values.end());
      selected = rank + 1;
    }
  }
  s.q05 = quantile_sorted(values, 0.05);
  s.q25 = quantile_sorted(values, 0.25);
  s.q50 = quantile_sorted(values, 0.50);
  s.q75 = quantile_sorted(values, 0.75);
  s.q95 = quantile_sorted(values, 0.95);
  return s;
}

namespace {

// One summary row: which records it counts and the value it reads from each.
struct MetricSpec {
  std::string metric;
  bool binary = false;
  std::function<bool(const SessionRecord&)> include;
  std::function<double(const SessionRecord&)> value;
};

// The metrics' values, gathered kMetricsAtOnce metrics at a time, each group in
// blocks of kRecordsAtOnce records: a block's records stay in cache while every
// metric of the group reads them, where one pass over all records per metric
// would fetch each record from memory once per metric (records are large and
// hold their vectors on the heap). The values, and so the summaries, are those
// of one pass per metric in record order.
constexpr std::size_t kMetricsAtOnce = 8;
constexpr std::size_t kRecordsAtOnce = 256;

std::vector<MetricSummary> summarise_metrics(std::vector<MetricSpec>& specs,
                                             std::span<const SessionRecord> records) {
  std::vector<MetricSummary> out;
  out.reserve(specs.size());
  std::array<std::vector<double>, kMetricsAtOnce> values;
  for (std::size_t first = 0; first < specs.size(); first += kMetricsAtOnce) {
    const std::size_t group = std::min(kMetricsAtOnce, specs.size() - first);
    for (std::size_t m = 0; m < group; ++m) {
      values[m].clear();
      values[m].reserve(records.size());
    }
    for (std::size_t begin = 0; begin < records.size(); begin += kRecordsAtOnce) {
      const std::size_t end = std::min(records.size(), begin + kRecordsAtOnce);
      for (std::size_t m = 0; m < group; ++m) {
        const MetricSpec& spec = specs[first + m];
        for (std::size_t r = begin; r < end; ++r)
          if (spec.include(records[r])) values[m].push_back(spec.value(records[r]));
      }
    }
    for (std::size_t m = 0; m < group; ++m) {
      MetricSpec& spec = specs[first + m];
      out.push_back(summarise_values(std::move(spec.metric), std::move(values[m]), spec.binary));
    }
  }
  return out;
}

}  // namespace

std::vector<MetricSummary> summarise(const Scenario& scenario,
                                     std::span<const SessionRecord> records) {
  std::vector<MetricSpec> specs;
  auto collect = [&](std::string metric, bool binary, auto&& include, auto&& value) {
    specs.push_back({std::move(metric), binary, include, value});
  };
  auto all = [](const SessionRecord&) { return true; };
  auto agreed = [](const SessionRecord& r) { return r.agreed; };
  auto flag = [](bool b) { return b ? 1.0 : 0.0; };

  collect("agreement", true, all, [=](const SessionRecord& r) { return flag(r.agreed); });
  for (std::size_t p = 0; p < scenario.phases.size(); ++p) {
    collect(
        fmt::format("agreed_in.{}", scenario.phases[p].id), true, all,
        [=](const SessionRecord& r) { return flag(r.phase_results[p] == PhaseResult::kAgreed); });
  }
  for (std::size_t i = 0; i < scenario.actors.size(); ++i) {
    bool ratifies = false;
    for (const Phase& phase : scenario.phases)
      for (int r : phase.ratifiers) ratifies = ratifies || r == static_cast<int>(i);
    if (!ratifies) continue;
    collect(fmt::format("veto.{}", scenario.actors[i].id), true, all,
            [=](const SessionRecord& r) { return flag(r.vetoed[i] != 0); });
  }
  for (int d = 0; d < scenario.issue_count(); ++d) {
    const std::string& id = scenario.issues[static_cast<std::size_t>(d)].id;
    collect("outcome." + id, false, all, [=](const SessionRecord& r) { return r.outcome(d); });
  }
  for (int d = 0; d < scenario.issue_count(); ++d) {
    const std::string& id = scenario.issues[static_cast<std::size_t>(d)].id;
    collect("deal_outcome." + id, false, agreed,
            [=](const SessionRecord& r) { return r.outcome(d); });
  }
  collect("round", false, agreed,
          [](const SessionRecord& r) { return static_cast<double>(r.round); });
  for (int i = 0; i < scenario.actor_count(); ++i) {
    const std::string& id = scenario.actors[static_cast<std::size_t>(i)].id;
    collect("utility." + id, false, all, [=](const SessionRecord& r) { return r.utility(i); });
  }
  for (int i = 0; i < scenario.actor_count(); ++i) {
    const std::string& id = scenario.actors[static_cast<std::size_t>(i)].id;
    collect("beats_reservation." + id, true, all,
            [=](const SessionRecord& r) { return flag(r.utility(i) > r.reservation(i) + 1e-9); });
  }
  for (int i = 0; i < scenario.actor_count(); ++i) {
    const std::string& id = scenario.actors[static_cast<std::size_t>(i)].id;
    collect("gain." + id, false, all,
            [=](const SessionRecord& r) { return r.utility(i) - r.reservation(i); });
  }
  for (std::size_t k = 0; k < scenario.instruments.size(); ++k) {
    const Instrument& instrument = scenario.instruments[k];
    if (instrument.kind == Instrument::Kind::kThreat) {
      collect("threat_made." + instrument.id, true, all,
              [=](const SessionRecord& r) { return flag(r.threat_made[k] != 0); });
      collect("threat_carried_out." + instrument.id, true, all,
              [=](const SessionRecord& r) { return flag(r.threat_carried_out[k] != 0); });
      collect("threat_backed_down." + instrument.id, true, all,
              [=](const SessionRecord& r) { return flag(r.threat_backed_down[k] != 0); });
    } else {
      collect("side_payment_offered." + instrument.id, true, all,
              [=](const SessionRecord& r) { return flag(r.side_payment_offered[k] != 0); });
      collect("side_payment." + instrument.id, true, all,
              [=](const SessionRecord& r) { return flag(r.side_payment_paid[k] != 0); });
    }
  }
  for (std::size_t s = 0; s < scenario.shocks.size(); ++s) {
    collect("shock." + scenario.shocks[s].id, true, all,
            [=](const SessionRecord& r) { return flag(r.shock_occurred[s] != 0); });
  }
  auto zone_known = [](const SessionRecord& r) { return r.zone_of_agreement >= 0; };
  collect("zone_of_agreement", true, zone_known,
          [=](const SessionRecord& r) { return flag(r.zone_of_agreement > 0); });
  collect("no_deal_with_zone", true, zone_known,
          [=](const SessionRecord& r) { return flag(!r.agreed && r.zone_of_agreement > 0); });
  auto slack_known = [](const SessionRecord& r) { return !std::isnan(r.pareto_slack); };
  collect("pareto_efficient", true, slack_known,
          [=](const SessionRecord& r) { return flag(r.pareto_slack <= kParetoSlackTolerance); });
  collect("pareto_slack", false, slack_known,
          [](const SessionRecord& r) { return r.pareto_slack; });
  collect(
      "nash_distance", false, [](const SessionRecord& r) { return !std::isnan(r.nash_distance); },
      [](const SessionRecord& r) { return r.nash_distance; });
  for (std::size_t k = 0; k < scenario.deals.size(); ++k) {
    collect("nearest_deal." + scenario.deals[k].id, true, agreed,
            [=](const SessionRecord& r) { return flag(r.nearest_deal == static_cast<int>(k)); });
  }
  return summarise_metrics(specs, records);
}

namespace {

const MetricSummary* find(std::span<const MetricSummary> summary, std::string_view metric) {
  for (const MetricSummary& m : summary)
    if (m.metric == metric) return &m;
  return nullptr;
}

std::string percent(double p) { return fmt::format("{:.1f}%", 100.0 * p); }

}  // namespace

std::string describe_analysis(std::span<const MetricSummary> summary) {
  std::string text;
  const MetricSummary* efficient = find(summary, "pareto_efficient");
  const MetricSummary* slack = find(summary, "pareto_slack");
  const MetricSummary* nash = find(summary, "nash_distance");
  if (efficient != nullptr && slack != nullptr && efficient->n > 0) {
    text += fmt::format("deals within {} of the Pareto frontier: {} (mean slack {:.3f})",
                        kParetoSlackTolerance, percent(efficient->mean), slack->mean);
    if (nash != nullptr && nash->n > 0)
      text += fmt::format("; mean distance to the Nash point {:.3f}", nash->mean);
    text += "\n";
  }
  const MetricSummary* missed = find(summary, "no_deal_with_zone");
  if (missed != nullptr && missed->n > 0) {
    text +=
        fmt::format("no deal although a deal existed: {} (95% CI {}–{})\n", percent(missed->mean),
                    percent(missed->wilson.low), percent(missed->wilson.high));
  }
  return text;
}

}  // namespace parley
