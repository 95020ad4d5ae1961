// Counterfactual runs: how decisive an instrument or a shock is, measured on
// paired replicates (issue 14).
//
// `parley run SCENARIO --counterfactual instrument=aid_tranche:off` runs every
// replicate twice: as declared, and with the instrument never available (a
// threat never made, a side payment never attached) — or, for
// `shock=ID:off`, with the shock never striking. Several switches joined by
// commas (`instrument=a:off,shock=b:off`) are turned off together; each
// `--counterfactual` is one more arm, compared with the declared run.
//
// Pairing. Both arms run replicate r of point 0 under the same master seed,
// so each draws from the same streams (core/random.hpp: stream(seed, point,
// replicate, purpose)): the same parameters, beliefs and start of the
// bargaining and shock streams. A switched-off instrument's parameters are
// still drawn (every uncertain parameter is, whatever is switched off), and a
// switched-off shock still makes its per-round draw from the shock stream and
// only skips its effect (Scenario::instrument_off, shock_off), so no other draw
// moves; the arms differ only by what the switch changes and what follows from
// it. Comparing replicate by replicate, rather than the rates of two separate
// groups of runs, measures what the instrument does, not which replicates
// happened to use it (a side payment is paid where a deal is hard: unpaired
// rates confound the two).
//
// counterfactual.csv has one row per arm and metric, columns
//   counterfactual,metric,replicates,count,share,share_low,share_high,mean,mean_low,mean_high
// Count metrics fill count, share and its Wilson 95% interval; value metrics
// fill mean and its 95% interval (mean ± 1.96 × sd/√n, over paired replicates).
//
// | metric                              | kind  | replicates in which …                           |
// |-------------------------------------|-------|-------------------------------------------------|
// | agreement.declared                  | count | a deal stands as declared                       |
// | agreement.counterfactual            | count | a deal stands with the switch off               |
// | agreement_changed                   | count | one arm agrees and the other does not           |
// | agreed_with_not_without             | count | only the declared arm agrees (McNemar b)        |
// | agreed_without_not_with             | count | only the counterfactual arm agrees (McNemar c)  |
// | decisive                            | count | agreement, or some phase's ratified or vetoed   |
// |                                     |       | result, differs between the arms                |
// | agreement_phase_changed             | count | the phase of the last agreement differs (no     |
// |                                     |       | agreement counts as a phase of its own)         |
// | deal_changed                        | count | some issue of the outcome differs by > 1e-9     |
// | outcome_changed                     | count | the phase of agreement or the deal differs      |
// | ratified_with_not_without.<phase>   | count | the phase agreed (ratified) only as declared    |
// | ratified_without_not_with.<phase>   | count | the phase agreed only with the switch off       |
// | vetoed_with_not_without.<phase>     | count | phases with ratifiers: vetoed only as declared  |
// | vetoed_without_not_with.<phase>     | count | vetoed only with the switch off                 |
// | utility_change.<actor>              | value | utility as declared − utility with the switch   |
// |                                     |       | off (the instrument's effect on the actor)      |
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parsing/scenario_parser.hpp"
#include "record/session_record.hpp"
#include "scenario/scenario.hpp"
#include "simulation/run.hpp"
#include "simulation/verify.hpp"

namespace parley {

// What one counterfactual arm switches off.
struct Counterfactual {
  struct Switch {
    enum class Kind { kInstrument, kShock };
    Kind kind = Kind::kInstrument;
    std::string id;
  };
  std::string text;  // canonical: "instrument=ID:off[,shock=ID:off…]"
  std::vector<Switch> off;
};

// Parses "instrument=ID:off" or "shock=ID:off", several joined by ','. Throws
// UsageError naming what was expected. Ids are checked against a scenario by
// counterfactual_scenario.
Counterfactual parse_counterfactual(std::string_view text);

// The scenario with the arm's instruments and shocks switched off. Throws
// UsageError for an unknown id, naming the ids the scenario has.
Scenario counterfactual_scenario(const Scenario& scenario, const Counterfactual& counterfactual);

// One row of counterfactual.csv.
struct CounterfactualMetric {
  std::string metric;
  bool is_count = true;
  std::int64_t replicates = 0;
  std::int64_t count = 0;  // count metrics
  double value = 0.0;      // share (count metrics) or mean (value metrics)
  double low = 0.0;        // 95% interval of the share or the mean
  double high = 0.0;
};

struct CounterfactualComparison {
  std::string counterfactual;  // Counterfactual::text
  std::int64_t replicates = 0;
  std::vector<CounterfactualMetric> metrics;  // in the order of the table above
  // The metric named `name`; throws InternalError when there is none.
  const CounterfactualMetric& at(std::string_view name) const;
};

// Replicate r of `declared` against replicate r of `counterfactual` (equal sizes).
CounterfactualComparison compare_paired(const Scenario& scenario, const Counterfactual& arm,
                                        std::span<const SessionRecord> declared,
                                        std::span<const SessionRecord> counterfactual);

void write_counterfactual_header(std::ostream& out);
void write_counterfactual_rows(std::ostream& out, const CounterfactualComparison& comparison);

// The terminal section of one arm, e.g.
//   counterfactual instrument=aid_tranche:off (paired: same seed and streams)
//     agreement                  100.0% as declared, 100.0% without
//     decisive                    25.0% (95% CI 24.4%–25.6%) …
std::string describe_counterfactual(const Scenario& scenario,
                                    const CounterfactualComparison& comparison);

struct CounterfactualReport {
  RunReport run;  // the declared arm's summary, the folder, timings
  std::vector<CounterfactualComparison> comparisons;
};

// `parley run --counterfactual`: runs the declared arm and every counterfactual
// arm (each in replicate order, any thread count giving the same bytes) and
// writes one output folder, whole or not at all: outcomes.csv and summary.csv
// of the declared arm (the bytes of a plain `parley run`), counterfactual.csv,
// and manifest.json with the arms under "counterfactual". Throws UsageError
// for an unknown id before anything is run or created.
CounterfactualReport run_counterfactual(const Scenario& scenario, const RunSpec& spec,
                                        std::span<const Counterfactual> arms);

// `parley verify` of a run folder whose manifest records counterfactual arms:
// re-runs it into a private temporary folder and compares outcomes.csv,
// summary.csv, counterfactual.csv and the manifests' inputs byte for byte.
VerifyReport verify_counterfactual_run(const std::filesystem::path& run_folder,
                                       const std::optional<std::string>& scenario_path, int threads,
                                       const std::atomic<bool>* cancel,
                                       const ScenarioOptions& options = {},
                                       const std::function<void(const std::string&)>& notice = {});

}  // namespace parley
