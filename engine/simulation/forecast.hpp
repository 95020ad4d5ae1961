// A forecast run: every model on every case of a case table, into an output folder.
//
// Models. The one-issue models of protocol/forecast_models.hpp (`compromise`,
// `median`, `nash`, `procedural`, `expected_utility`) forecast each issue alone.
// Three more forecast a proposal (the issues of one case of a multi-issue table;
// in a one-issue table each case is its own proposal):
//  - `exchange`: the exchange model (protocol/exchange_model.hpp): actors trade
//    voting positions across the proposal's issues, then the compromise;
//  - `agents`: the agents' play (simulation/legislative_play.hpp): the
//    negotiators bargain over the whole proposal under its procedure, Monte Carlo
//    over positions and saliences, the median outcome (options: replicates, seed,
//    threads; deterministic for a seed and any thread count);
//  - `ensemble`: the equal-weight mean of the members in `ensemble_members()`,
//    chosen on the FIT half of DEU III's development data (tools/deu_accuracy.py)
//    and recorded in the manifest.
//
// The folder (output/output_folder.hpp) appears whole or not at all and holds
//
// | file              | content                                                       |
// | ----------------- | ------------------------------------------------------------- |
// | `forecasts.csv`   | `case,model,forecast`: one row per case and model, cases in   |
// |                   | table order, models in the order given, numbers at 6 decimals |
// |                   | (`case,issue,model,forecast` for a multi-issue table)         |
// | `case_errors.csv` | `case,line,error`: the skipped cases' problems (only if any;  |
// |                   | `case,issue,line,error` for a multi-issue table)              |
// | `manifest.json`   | format "parley-forecast/1", engine version and git commit,   |
// |                   | the input's path and SHA-256, the models, the options (scale, |
// |                   | salience scale, qualified-majority quota, the agents' play's  |
// |                   | settings, the ensemble's members and weights), the counts,    |
// |                   | under                                                         |
// |                   | `files` each CSV's rows, bytes and SHA-256, and under         |
// |                   | `execution` the command line                                  |
//
// Text fields are quoted as RFC 4180 requires (a case id with a comma, a quote or a
// line break). This is the one engine call behind a forecast command; it is
// deterministic (only `agents` draws random numbers, from the seed's streams).
#pragma once

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "output/manifest.hpp"
#include "parsing/case_table.hpp"
#include "simulation/legislative_play.hpp"

namespace parley {

// Every model a forecast run knows: the one-issue models, then `exchange`,
// `agents`, `ensemble`.
std::vector<std::string> table_model_names();

// A member of the ensemble and its weight (weights sum to 1).
struct EnsembleMember {
  std::string model;
  double weight = 0.0;
};
std::vector<EnsembleMember> ensemble_members();

struct ForecastReport {
  std::filesystem::path folder;  // the committed output folder
  std::size_t cases = 0;         // cases forecast
  std::size_t skipped_cases = 0;
  std::size_t forecasts = 0;  // rows of forecasts.csv
};

// Where and how a forecast run writes.
struct ForecastOutput {
  std::filesystem::path folder;  // must not exist
  bool first_free_name = false;  // take the first free of folder, folder-2, … (atomically)
  std::string command_line;      // recorded in manifest.json
  const std::atomic<bool>* cancel = nullptr;       // checked between cases: RunCancelled
  std::function<void(const std::string&)> notice;  // see OutputFolder
  AgentPlayOptions agents;                         // the `agents` model
};

// Throws UsageError when `models` is empty, repeats a name or names an unknown model
// (the message lists table_model_names()), before anything is written; OutputError
// when the folder exists or cannot be written; RunCancelled when `cancel` was set
// (nothing is written: the forecasts are all made before the folder is).
ForecastReport run_forecasts(const CaseTable& table, const std::vector<std::string>& models,
                             const ForecastOutput& output);
ForecastReport run_forecasts(const CaseTable& table, const std::vector<std::string>& models,
                             const std::filesystem::path& out, const std::string& command_line);

// The files' contents, for tests and other writers. `forecasts` holds one value per
// case and model: forecasts[case * models.size() + model].
void write_forecasts_csv(std::ostream& out, const CaseTable& table,
                         const std::vector<std::string>& models,
                         const std::vector<double>& forecasts);
void write_case_errors_csv(std::ostream& out, const CaseTable& table);
void write_forecast_manifest(std::ostream& out, const CaseTable& table,
                             const std::vector<std::string>& models,
                             const std::string& command_line, const RecordedFiles& files = {},
                             const AgentPlayOptions& agents = {});
// Every forecast of `models` on every case, in the order of write_forecasts_csv.
std::vector<double> make_forecasts(const CaseTable& table, const std::vector<std::string>& models,
                                   const AgentPlayOptions& agents = {},
                                   const std::atomic<bool>* cancel = nullptr);

// `text` as one CSV field: unchanged unless it holds a comma, a quote, a CR or an LF;
// then enclosed in quotes with its quotes doubled.
std::string csv_field(const std::string& text);

}  // namespace parley
