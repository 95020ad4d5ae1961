// A finished run or sweep folder read back as samples, for `parley compare`.
//
// What `parley compare` tests comes from the folder's three files:
//   - manifest.json: the seed and replicates (whether two runs can be paired);
//   - summary.csv: every binary metric (a row with a Wilson interval) as a count of
//     successes in n trials per point — agreement, agreement per phase, vetoes,
//     beating the reservation utility, threats made / carried out / backed down,
//     side payments, shocks, the zone of agreement, Pareto efficiency, nearest deal;
//     the ids of issues (outcome.<issue>) and actors (utility.<actor>);
//   - outcomes.csv: one row per replicate, read once, streaming, keeping only what
//     is compared: each issue's outcome, each actor's utility, and the per-replicate
//     value of every binary metric that outcomes.csv can tell (all but
//     beats_reservation.<actor>, whose reservation utility is drawn and not written).
// A discrete issue (its cells are option names) is kept as option indices; its
// comparison is per option, the share of replicates ending on it.
//
// Each per-replicate binary series is checked against summary.csv: the counts of
// successes and trials must be equal at every point, else the metric keeps only
// its summary counts (compared as independent samples). So a reader that
// misunderstood a column can cost power but never change a rate.
//
// Bad files are input errors with their place: ScenarioError "file:line:column:
// expected …, found …" (a missing column, a cell that is not a number, an issue
// outcome or utility beyond ±1e12 — kMaxIssueMagnitude, core/input_limits.hpp — a
// row of the wrong width, a point missing from summary.csv); a missing file names the
// folder. outcomes.csv is read line by line: memory is 8 bytes per replicate per
// kept series, not the file's size.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "output/manifest.hpp"

namespace parley {

struct RateCount {
  std::int64_t successes = 0;
  std::int64_t trials = 0;
};

struct PointSample {
  std::string point;                               // the `point` cell, as written
  std::vector<std::string> design_values;          // the swept parameters' cells, as written
  std::vector<std::int64_t> replicates;            // the `replicate` column, in file order
  std::map<std::string, RateCount> summary_rates;  // every binary metric of summary.csv
  // Per RunSample::series: one value per replicate row (file order); NaN where the
  // metric does not count the replicate (e.g. nearest_deal.* without a deal).
  std::vector<std::vector<double>> series;
};

enum class SeriesKind : std::uint8_t {
  kRate,      // 1 or 0 (or NaN): a binary metric of summary.csv, per replicate
  kValue,     // a number: an issue's outcome or an actor's utility
  kCategory,  // an option index of a discrete issue (see `options`)
};

struct SampleSeries {
  std::string metric;  // "agreement", "issue.sanctions_relief", "utility.us", …
  SeriesKind kind = SeriesKind::kRate;
  std::vector<std::string> options;  // kCategory: option names by index
};

struct RunSample {
  std::filesystem::path folder;
  ManifestInfo manifest;
  std::vector<std::string> design_columns;        // the swept parameters' paths
  std::vector<std::string> summary_rate_metrics;  // binary metrics of summary.csv, in order
  std::vector<SampleSeries> series;
  std::vector<PointSample> points;  // in order of first appearance in outcomes.csv

  // Index into `series` of `metric`, or −1.
  int series_index(const std::string& metric) const;
};

// Reads `folder` (manifest.json, summary.csv, outcomes.csv). `cancel`, when set,
// makes the read throw RunCancelled.
RunSample load_run_sample(const std::filesystem::path& folder,
                          const std::atomic<bool>* cancel = nullptr);

// The same from the two CSV files' contents and a manifest already read (the fuzz
// target fuzz/run_sample_fuzz.cpp); errors name the files as given; `folder` is empty.
RunSample run_sample_from_text(ManifestInfo manifest, std::string_view summary_csv,
                               std::string_view outcomes_csv,
                               const std::string& summary_name = "summary.csv",
                               const std::string& outcomes_name = "outcomes.csv");

}  // namespace parley
