// The parley command line, turned into plain request structs.
//
// `parse_command_line` does no work beyond parsing (Boost.Program_options), so
// it is unit-tested without a process (tests/unit/cli/cli_options_test.cpp). Usage
// errors throw parley::UsageError with a message that names the problem and
// points to --help.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "analysis/run_comparison.hpp"
#include "output/manifest.hpp"
#include "parsing/genius_import.hpp"
#include "scenario/sweep_spec.hpp"

namespace parley::cli {

// Exit codes of the parley command (also in README and `parley --help`).
enum ExitCode : int {
  kExitOk = 0,
  kExitInternalError = 1,
  kExitUsage = 2,
  kExitInvalidScenario = 3,
  kExitOutputError = 4,
  kExitDifferent = 5,  // `parley compare`: an outcome moved beyond noise (and tolerance)
  kExitInterrupted = 130,
};

struct RunCommand {
  std::string scenario;
  std::optional<std::int64_t> replicates;  // default: the scenario's [run] replicates
  std::optional<std::uint64_t> seed;       // default: the scenario's [run] seed
  int threads = 0;                         // 0: all hardware threads
  std::optional<std::string> out;          // default: results/<scenario>-seed<S>[-k]
  bool quiet = false;                      // no summary table, no progress
  bool analysis = true;                    // Pareto / Nash analysis of each agreement
  std::vector<std::string> overrides;      // --set PATH=VALUE, in order
  bool allow_outside_data = false;         // [actors_table] file may be outside the folder
  // `parley run --counterfactual instrument=ID:off` (repeatable; checked for form here,
  // for the ids against the scenario when it runs): simulation/counterfactual.hpp.
  std::vector<std::string> counterfactuals;
};

// `parley sweep`: a design over scenario parameters, `--replicates` per point.
struct SweepCommand {
  RunCommand run;  // scenario, replicates (per point), seed, threads, out, quiet, analysis, --set
  std::optional<std::string> design_file;  // --design FILE
  std::optional<SweepSpec> design;         // from --grid/--values/--lhs/--sobol/--range
  std::optional<Shard> shard;              // --shard K/N
  bool resume = false;
};

// `parley merge --out DIR SHARD…`
struct MergeCommand {
  std::vector<std::string> shards;
  std::string out;
};

// `parley forecast CASES.csv --out DIR`: cases (one issue, or proposals of several)
// through the forecasting models.
struct ForecastCommand {
  std::string cases;
  std::optional<std::string> out;   // default: results/<cases>-forecast
  std::vector<std::string> models;  // empty: every model
  double scale_min = 0.0, scale_max = 100.0;
  std::int64_t replicates = 64;  // the agents' play
  std::uint64_t seed = 1;
  int threads = 0;
  int rounds = 8;  // rounds of the table
  std::string strategy = "time_dependent";
};

// `parley verify RUN_DIR`
struct VerifyCommand {
  std::string run_folder;
  std::optional<std::string> scenario;  // default: the path in the manifest
  int threads = 0;
  bool allow_outside_data = false;  // [actors_table] file may be outside the folder
};

// `parley compare RUN_A RUN_B`: did the outcome distribution move? (analysis/run_comparison.hpp)
struct CompareCommand {
  std::string run_a;
  std::string run_b;
  ComparisonOptions options;
  std::string format = "text";     // text | markdown | json
  bool all_rows = false;           // --all: every test, not only those that moved
  std::optional<std::string> out;  // also write the report to FILE (atomically)
};

// `parley trace SCENARIO`: one replicate told move by move (output/trace.hpp).
struct TraceCommand {
  std::string scenario;
  std::optional<std::uint64_t> seed;   // default: the scenario's [run] seed
  std::uint64_t replicate = 0;         // which replicate of that seed
  std::vector<std::string> overrides;  // --set PATH=VALUE, in order
  std::string format = "text";         // text | jsonl
  std::optional<std::string> out;      // default: standard output
  bool color = true;                   // --no-color: never; else only on a terminal
  bool allow_outside_data = false;     // [actors_table] file may be outside the folder
};

struct ValidateCommand {
  std::string scenario;
  bool allow_outside_data = false;  // [actors_table] file may be outside the folder
};

// `parley import genius DOMAIN.xml PROFILE_1.xml PROFILE_2.xml --out FILE.toml`:
// a GENIUS domain and two profiles written as a scenario (parsing/genius_import.hpp).
struct ImportGeniusCommand {
  std::string domain;
  std::string profile_1;
  std::string profile_2;
  std::string out;              // the scenario file, replaced whole (temporary + rename)
  GeniusImportOptions options;  // --rounds, --strategy, --exponent, --name
};

struct ListCommand {
  std::string what = "all";  // protocols | strategies | distributions | all
};

// Print `text` and exit 0 (--help, --version).
struct PrintCommand {
  std::string text;
};

using Command = std::variant<RunCommand, SweepCommand, MergeCommand, VerifyCommand, CompareCommand,
                             ForecastCommand, TraceCommand, ValidateCommand, ImportGeniusCommand,
                             ListCommand, PrintCommand>;

Command parse_command_line(const std::vector<std::string>& args);

std::string general_help();

}  // namespace parley::cli
