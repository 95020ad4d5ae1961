// Reducers: from the replicates' records to per-metric summaries.
//
// For each metric: count, mean, sample sd, Monte Carlo standard error of the
// mean (sd/√n), and the 5/25/50/75/95% quantiles (Hyndman & Fan type 7, linear
// interpolation, as R's default and numpy's "linear"). Binary metrics (agreement,
// vetoes, beating the reservation utility) also get a Wilson (1927) score 95%
// interval for the probability. Reductions run in replicate order, so results
// do not depend on the thread count.
//
// | metric                     | over                  | kind    |
// |----------------------------|-----------------------|---------|
// | agreement                  | all replicates        | binary  |
// | agreed_in.<phase>          | all replicates        | binary  |
// | veto.<actor>               | all (ratifiers only)  | binary  |
// | outcome.<issue>            | all (status quo if no deal) | value |
// | deal_outcome.<issue>       | agreed replicates     | value   |
// | round                      | agreed replicates     | value   |
// | utility.<actor>            | all replicates        | value   |
// | beats_reservation.<actor>  | all replicates        | binary  |
// | gain.<actor>               | all: utility − reservation | value |
// | threat_made.<threat>       | all replicates        | binary  |
// | threat_carried_out.<threat>| all replicates        | binary  |
// | threat_backed_down.<threat>| all replicates        | binary  |
// | side_payment_offered.<payment> | all replicates    | binary  |
// | side_payment.<payment>     | all (paid in the deal)| binary  |
// | shock.<shock>              | all replicates        | binary  |
// | zone_of_agreement          | analysed replicates (a bargaining phase reached) | binary |
// | no_deal_with_zone          | the same: no agreement although a zone existed | binary |
// | pareto_efficient           | analysed agreements: pareto_slack ≤ kParetoSlackTolerance | binary
// | | pareto_slack               | analysed agreements   | value   | | nash_distance              |
// analysed agreements with a Nash point | value | | nearest_deal.<deal>        | agreed replicates
// | binary  |
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "record/session_record.hpp"
#include "scenario/scenario.hpp"

namespace parley {

// The tolerance of the `pareto_efficient` share, in utility units: a deal counts as
// efficient when no outcome gives every participant more than 0.01 at once (its
// pareto_slack, SessionRecord). Far above the slack's accuracy (1e-9), and small
// against the gains the negotiators trade (tenths).
inline constexpr double kParetoSlackTolerance = 0.01;

struct WilsonInterval {
  double low = 0.0;
  double high = 0.0;
};

// Wilson score interval for `successes` out of `trials` at z (1.959964 for 95%).
WilsonInterval wilson_interval(std::int64_t successes, std::int64_t trials,
                               double z = 1.959963984540054);

// Quantile p ∈ [0, 1] of sorted values, type 7. `sorted` must not be empty.
double quantile_sorted(std::span<const double> sorted, double p);

struct MetricSummary {
  std::string metric;
  bool binary = false;
  std::int64_t n = 0;
  double mean = 0.0;
  double sd = 0.0;
  double mcse = 0.0;
  double q05 = 0.0, q25 = 0.0, q50 = 0.0, q75 = 0.0, q95 = 0.0;
  WilsonInterval wilson;  // binary metrics only
};

// Summarises values (in order); `binary` values must be 0 or 1.
MetricSummary summarise_values(std::string metric, std::vector<double> values, bool binary);

std::vector<MetricSummary> summarise(const Scenario& scenario,
                                     std::span<const SessionRecord> records);

// The analysis in words, one line each (empty when nothing was analysed), from the
// metrics of `summarise`:
//   deals within 0.01 of the Pareto frontier: 35.2% (mean slack 0.031); mean distance
//   to the Nash point 0.181
//   no deal although a deal existed: 3.1% (95% CI 2.4%–4.0%)
std::string describe_analysis(std::span<const MetricSummary> summary);

}  // namespace parley
