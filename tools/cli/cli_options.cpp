#include "cli/cli_options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/program_options.hpp>

#include "build_info.hpp"
#include "cli/design_options.hpp"
#include "core/errors.hpp"
#include "core/input_limits.hpp"
#include "output/output_folder.hpp"
#include "simulation/counterfactual.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley::cli {
namespace po = boost::program_options;

namespace {

constexpr const char* kAllowOutsideDataHelp =
    "let the scenario's [actors_table] file lie outside the scenario's folder (refused by "
    "default: a scenario from elsewhere could otherwise read any file you can read)";

constexpr const char* kExitCodes =
    "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 invalid scenario,\n"
    "            4 output error (folder exists, disk full), 5 `parley compare`: an\n"
    "            outcome moved beyond noise (and the tolerances), 130 interrupted.\n";

std::string describe(const po::options_description& options, std::string_view usage,
                     std::string_view about) {
  std::ostringstream text;
  text << "Usage: " << usage << "\n\n" << about << "\n\n" << options << "\n" << kExitCodes;
  return text.str();
}

po::variables_map parse(const std::vector<std::string>& args,
                        const po::options_description& options,
                        const po::positional_options_description& positional,
                        std::string_view command) {
  po::variables_map values;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), values);
    po::notify(values);
  } catch (const po::error& bad) {
    throw UsageError(
        fmt::format("parley {}: {} (see `parley {} --help`)", command, bad.what(), command));
  }
  return values;
}

// Boost's lexical_cast would wrap "-1" to 2^64 − 1: read digits only.
std::uint64_t parse_unsigned(const std::string& text, std::string_view command,
                             std::string_view option) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw UsageError(fmt::format("parley {}: {} must be an integer from 0 to 2^64−1, found \"{}\"",
                                 command, option, text));
  }
  return value;
}

std::uint64_t parse_seed(const std::string& text, std::string_view command) {
  return parse_unsigned(text, command, "--seed");
}

// An output folder option, in canonical form ("out/" is "out"); an empty path,
// or one that names no new folder, is a usage error before anything runs.
std::string output_folder_option(const po::variables_map& values, std::string_view command) {
  try {
    return OutputFolder::normalise(values["out"].as<std::string>()).string();
  } catch (const UsageError& bad) {
    throw UsageError(fmt::format("parley {}: {}", command, bad.what()));
  }
}

// Options shared by `run` and `sweep`.
void add_run_options(po::options_description& options, std::string_view replicates_help,
                     std::string_view out_help) {
  options.add_options()("help,h", "show this help")("replicates,r", po::value<std::int64_t>(),
                                                    std::string(replicates_help).c_str())(
      "seed,s", po::value<std::string>(),
      "master seed, 0 … 2^64−1 (default: the scenario's [run] seed)")(
      "threads,j", po::value<int>()->default_value(0), "worker threads; 0 = all hardware threads")(
      "out,o", po::value<std::string>(), std::string(out_help).c_str())(
      "quiet,q", "print neither progress nor the summary table")(
      "no-analysis",
      "skip the Pareto / Nash analysis of each agreement (the flagship: 14x faster)")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "PATH=VALUE: override a scenario parameter (repeatable), e.g. "
      "actors.us.salience.minerals_share=0.8 or phases.peace_talks.max_rounds=30; paths as in "
      "manifest.json; VALUE may be a distribution such as '{ dist = \"normal\", mean = 0.6, sd = "
      "0.1 }'")("allow-outside-data", kAllowOutsideDataHelp);
}

RunCommand read_run_options(const po::variables_map& values, std::string_view command) {
  if (!values.count("scenario")) {
    throw UsageError(fmt::format("parley {}: missing the scenario file (see `parley {} --help`)",
                                 command, command));
  }
  RunCommand run;
  run.scenario = values["scenario"].as<std::string>();
  if (values.count("replicates")) {
    run.replicates = values["replicates"].as<std::int64_t>();
    if (*run.replicates < 1) {
      throw UsageError(
          fmt::format("parley {}: --replicates must be ≥ 1, found {}", command, *run.replicates));
    }
  }
  if (values.count("seed")) run.seed = parse_seed(values["seed"].as<std::string>(), command);
  run.threads = values["threads"].as<int>();
  if (run.threads < 0) {
    throw UsageError(
        fmt::format("parley {}: --threads must be ≥ 0, found {}", command, run.threads));
  }
  if (values.count("out")) run.out = output_folder_option(values, command);
  run.quiet = values.count("quiet") > 0;
  run.analysis = values.count("no-analysis") == 0;
  if (values.count("set")) run.overrides = values["set"].as<std::vector<std::string>>();
  run.allow_outside_data = values.count("allow-outside-data") > 0;
  return run;
}

po::variables_map parse_with_scenario(const std::vector<std::string>& args,
                                      const po::options_description& options,
                                      std::string_view command) {
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>(), "scenario file");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  return parse(args, all, positional, command);
}

Command parse_run(const std::vector<std::string>& args) {
  po::options_description options("Options");
  add_run_options(options, "replicates to run (default: the scenario's [run] replicates)",
                  "output folder; must not exist (default: results/<scenario>-seed<S>, with -2, "
                  "-3, … if taken)");
  po::options_description counterfactual("Counterfactual runs");
  counterfactual.add_options()(
      "counterfactual", po::value<std::vector<std::string>>()->composing(),
      "instrument=ID:off or shock=ID:off (several joined by commas are switched off together; "
      "repeatable, one comparison each): run every replicate twice, as declared and with the "
      "instrument never available or the shock never striking, on the same seed and random "
      "streams, and compare them replicate by replicate in counterfactual.csv and the summary");
  options.add(counterfactual);
  const auto values = parse_with_scenario(args, options, "run");
  const std::string usage =
      "parley run SCENARIO [--replicates N] [--seed S] [--threads N] [--out DIR] [--set "
      "PATH=VALUE]…\n"
      "                  [--counterfactual instrument=ID:off|shock=ID:off]…";
  if (values.count("help")) {
    return PrintCommand{
        describe(options, usage,
                 "Runs the scenario's replicates and writes manifest.json, outcomes.csv and\n"
                 "summary.csv into a new output folder, then prints a summary table.\n"
                 "Same scenario, seed and replicates give byte-identical outcomes.csv and\n"
                 "summary.csv for any --threads.\n"
                 "\n"
                 "--counterfactual measures how decisive an instrument (threat, side payment)\n"
                 "or a shock is: each replicate runs as declared (\"with\") and with it\n"
                 "switched off (\"without\") on the same seed and streams (the switched-off\n"
                 "instrument's parameters and the shock's draws are still made, so no other\n"
                 "draw moves). counterfactual.csv then counts, paired per replicate: agreement\n"
                 "changed (agreed with & not without, not with & agreed without: McNemar's\n"
                 "counts), decisive (agreement, or a phase's ratification or veto, differs),\n"
                 "the phase of agreement changed, the deal changed (an issue by more than\n"
                 "1e-9), each phase ratified or vetoed in one arm only, and each actor's\n"
                 "utility with − without (mean and 95% interval). outcomes.csv and\n"
                 "summary.csv are those of the declared run; manifest.json records the\n"
                 "switches under \"counterfactual\", and `parley verify` re-runs both arms.\n"
                 "Example: parley run scenarios/ukraine_2025.toml --counterfactual\n"
                 "         instrument=aid_tranche:off")};
  }
  RunCommand run = read_run_options(values, "run");
  if (values.count("counterfactual")) {
    run.counterfactuals = values["counterfactual"].as<std::vector<std::string>>();
    for (const std::string& text : run.counterfactuals) {
      try {
        parse_counterfactual(text);
      } catch (const UsageError& bad) {
        throw UsageError(fmt::format("parley run: {} (see `parley run --help`)", bad.what()));
      }
    }
  }
  return run;
}

Shard parse_shard(const std::string& text) {
  const auto parts = split(text, '/');
  Shard shard;
  bool ok = parts.size() == 2;
  if (ok) {
    const auto [end_k, error_k] =
        std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), shard.index);
    const auto [end_n, error_n] =
        std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), shard.count);
    ok = error_k == std::errc() && error_n == std::errc() &&
         end_k == parts[0].data() + parts[0].size() && end_n == parts[1].data() + parts[1].size() &&
         shard.count >= 1 && shard.index >= 1 && shard.index <= shard.count;
  }
  if (!ok) {
    throw UsageError(fmt::format(
        "parley sweep: --shard: expected K/N with 1 ≤ K ≤ N (e.g. 2/8), found \"{}\"", text));
  }
  return shard;
}

Command parse_sweep(const std::vector<std::string>& args) {
  po::options_description options("Options");
  add_run_options(options,
                  "replicates per point (default: the design's `replicates`, else the "
                  "scenario's [run] replicates)",
                  "output folder; must not exist (default: results/<scenario>-sweep-seed<S>)");
  po::options_description design("Design (command-line flags replace a [sweep] table or --design)");
  design.add_options()("design", po::value<std::string>(),
                       "FILE: a TOML file with a [sweep] table (format in scenarios/README.md)")(
      "grid", po::value<std::vector<std::string>>()->composing(),
      "PATH=START:STOP:COUNT: COUNT evenly spaced values, START and STOP included; repeatable, "
      "crossed with the other --grid and --values")(
      "values", po::value<std::vector<std::string>>()->composing(),
      "PATH=a,b,c: a list of values (numbers or option names); repeatable, crossed")(
      "lhs", po::value<std::int64_t>(), "N: Latin hypercube of N points over the --range boxes")(
      "sobol", po::value<std::int64_t>(),
      "N: Saltelli design of N base samples (N(K+2) points for K ranges), with first- and "
      "total-order Sobol indices in sensitivity.csv")(
      "range", po::value<std::vector<std::string>>()->composing(),
      "PATH=LO:HI: a sampled parameter's range, for --lhs / --sobol; repeatable");
  po::options_description scale("Scale-out and restarts");
  scale.add_options()("shard", po::value<std::string>(),
                      "K/N: run only part K of N of the points (job arrays); join the N output "
                      "folders with `parley merge`")(
      "resume",
      "continue an interrupted sweep into the same --out from its finished points; the result is "
      "byte-identical to an uninterrupted run");
  options.add(design).add(scale);
  const auto values = parse_with_scenario(args, options, "sweep");
  if (values.count("help")) {
    return PrintCommand{describe(
        options,
        "parley sweep SCENARIO [--grid PATH=START:STOP:COUNT]… [--values PATH=a,b,c]…\n"
        "                    [--lhs N | --sobol N] [--range PATH=LO:HI]… [--design FILE]\n"
        "                    [--replicates N] [--seed S] [--threads N] [--out DIR]\n"
        "                    [--shard K/N] [--resume] [--set PATH=VALUE]…\n"
        "       mpirun -np N parley sweep …",
        "Runs the scenario at every point of a design and writes one output folder:\n"
        "outcomes.csv and summary.csv with one column per swept parameter, manifest.json\n"
        "with the design, and for --sobol sensitivity.csv (first- and total-order indices\n"
        "with 95% bootstrap intervals for agreement, each issue's mean outcome and each\n"
        "actor's mean utility). Points run in an interleaved order and stream to disk;\n"
        "Ctrl-C keeps finished points for --resume. The bytes are the same for any\n"
        "--threads, any MPI rank count, shards merged, or a resumed run.\n"
        "Under mpirun, Ctrl-C keeps the finished points as well, but the exit code is\n"
        "mpirun's own (1 with Open MPI), not 130.")};
  }
  SweepCommand sweep;
  sweep.run = read_run_options(values, "sweep");
  if (values.count("design")) sweep.design_file = values["design"].as<std::string>();
  sweep.design = command_line_design(values);
  if (values.count("shard")) sweep.shard = parse_shard(values["shard"].as<std::string>());
  sweep.resume = values.count("resume") > 0;
  return sweep;
}

Command parse_merge(const std::vector<std::string>& args) {
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")("out,o", po::value<std::string>(),
                                                    "output folder for the merged sweep; must not "
                                                    "exist");
  po::options_description hidden;
  hidden.add_options()("shard", po::value<std::vector<std::string>>(), "shard folders");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("shard", -1);
  const auto values = parse(args, all, positional, "merge");
  if (values.count("help")) {
    return PrintCommand{describe(
        options, "parley merge --out DIR SHARD_DIR…",
        "Joins the output folders of `parley sweep --shard K/N` (all N of them, any order)\n"
        "into one folder, byte-identical to the sweep run in one process. Refuses shards\n"
        "whose manifests differ (scenario, seed, design, options), an incomplete set, and\n"
        "a shard whose outcomes.csv or summary.csv is not the file its manifest records\n"
        "(rows, bytes and SHA-256: a file cut short, extended or changed).")};
  }
  if (!values.count("out"))
    throw UsageError("parley merge: missing --out DIR (see `parley merge --help`)");
  if (!values.count("shard"))
    throw UsageError("parley merge: missing the shard folders (see `parley merge --help`)");
  return MergeCommand{values["shard"].as<std::vector<std::string>>(),
                      output_folder_option(values, "merge")};
}

Command parse_forecast(const std::vector<std::string>& args) {
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")(
      "out,o", po::value<std::string>(),
      "output folder; must not exist (default: results/<cases>-forecast, with -2, -3, … if "
      "taken)")("model,m", po::value<std::vector<std::string>>()->composing(),
                "a model to run (repeatable; default: every model): compromise, median, nash, "
                "procedural, expected_utility (one issue at a time); exchange, agents (a "
                "proposal's issues together); ensemble")(
      "scale", po::value<std::string>()->default_value("0:100"),
      "MIN:MAX: the position scale of every case (within ±1e12)")(
      "replicates,r", po::value<std::int64_t>()->default_value(64),
      "agents: replicates per proposal (Monte Carlo over positions and saliences)")(
      "seed,s", po::value<std::string>()->default_value("1"), "agents: master seed, 0 … 2^64−1")(
      "threads,j", po::value<int>()->default_value(0),
      "agents: worker threads; 0 = all hardware threads (the output is the same for any)")(
      "rounds", po::value<int>()->default_value(8),
      "agents: rounds of the table, 1 … 10000 (each negotiator proposes this often; the deadline "
      "is this × the number at the table)")(
      "strategy", po::value<std::string>()->default_value("time_dependent"),
      "agents: the strategy every negotiator plays, with its default parameters (parley list "
      "strategies)");
  po::options_description hidden;
  hidden.add_options()("cases", po::value<std::string>(), "case table");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("cases", 1);
  const auto values = parse(args, all, positional, "forecast");
  if (values.count("help")) {
    return PrintCommand{
        describe(options,
                 "parley forecast CASES.csv [--out DIR] [--model NAME]… [--scale MIN:MAX]\n"
                 "                [--replicates N] [--seed S] [--threads N] [--rounds N]\n"
                 "                [--strategy KIND]",
                 "Forecasts the outcome of many cases with each model and writes\n"
                 "DIR/forecasts.csv (case,model,forecast), DIR/manifest.json and, when some cases\n"
                 "cannot be used, DIR/case_errors.csv (the other cases still run).\n"
                 "CASES.csv is one long table, one row per actor and case, with the columns\n"
                 "case,actor,position,salience,capability (any order; other columns ignored) and\n"
                 "optionally status_quo (blank allowed) and voting_rule (QMV, unanimity, …),\n"
                 "constant within a case. Salience is read on 0–1, or 0–100 if any value\n"
                 "exceeds 1. With an `issue` column a case is a proposal of several issues (one\n"
                 "row per actor and issue; forecasts.csv gets an issue column), and optional\n"
                 "`procedure` (COD, CNS) and `date` (YYYY-MM-DD or dd-mm-yy) columns let the\n"
                 "agents play under the EU procedure in force: the Council's voting rule at the\n"
                 "date (1995 QMV, Nice, Lisbon double majority, or unanimity), the Parliament's\n"
                 "consent under co-decision, the Commission (actor `com`) as agenda setter.\n"
                 "Models: README, \"How accurate is it?\"; engine/simulation/forecast.hpp.")};
  }
  if (!values.count("cases"))
    throw UsageError("parley forecast: missing the case table (see `parley forecast --help`)");
  ForecastCommand forecast;
  forecast.cases = values["cases"].as<std::string>();
  if (values.count("out")) forecast.out = output_folder_option(values, "forecast");
  if (values.count("model")) forecast.models = values["model"].as<std::vector<std::string>>();
  forecast.replicates = values["replicates"].as<std::int64_t>();
  if (forecast.replicates < 1)
    throw UsageError(
        fmt::format("parley forecast: --replicates must be ≥ 1, found {}", forecast.replicates));
  forecast.seed = parse_seed(values["seed"].as<std::string>(), "forecast");
  forecast.threads = values["threads"].as<int>();
  forecast.rounds = values["rounds"].as<int>();
  if (forecast.rounds < 1 || forecast.rounds > 10000)
    throw UsageError(fmt::format("parley forecast: --rounds must be from 1 to 10000, found {}",
                                 forecast.rounds));
  forecast.strategy = values["strategy"].as<std::string>();
  {
    // The agents play turn by turn: any strategy but a whole-phase one.
    std::vector<std::string> playable;
    bool known = false;
    for (const StrategyInfo& info : strategy_catalogue()) {
      if (info.whole_phase) continue;
      playable.emplace_back(info.name);
      known = known || info.name == forecast.strategy;
    }
    if (!known)
      throw UsageError(fmt::format("parley forecast: --strategy: expected one of {}, found \"{}\"",
                                   fmt::join(playable, ", "), forecast.strategy));
  }
  if (forecast.threads < 0)
    throw UsageError(
        fmt::format("parley forecast: --threads must be ≥ 0, found {}", forecast.threads));
  const std::string scale = values["scale"].as<std::string>();
  const auto parts = split(scale, ':');
  if (parts.size() != 2) {
    throw UsageError(
        fmt::format("parley forecast: --scale: expected MIN:MAX, e.g. 0:100, found \"{}\"", scale));
  }
  forecast.scale_min = option_number("forecast", parts[0], "--scale", "MIN");
  forecast.scale_max = option_number("forecast", parts[1], "--scale", "MAX");
  if (!(forecast.scale_min < forecast.scale_max)) {
    throw UsageError(
        fmt::format("parley forecast: --scale: expected MIN < MAX, found \"{}\"", scale));
  }
  if (std::abs(forecast.scale_min) > kMaxIssueMagnitude ||
      std::abs(forecast.scale_max) > kMaxIssueMagnitude) {
    throw UsageError(
        fmt::format("parley forecast: --scale: expected MIN and MAX in [-1e12, 1e12] (larger "
                    "scales overflow the models' spans), found \"{}\"",
                    scale));
  }
  return forecast;
}

Command parse_verify(const std::vector<std::string>& args) {
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>(),
      "FILE: the scenario to re-run (default: the path recorded in manifest.json); its SHA-256 "
      "must match the manifest")("threads,j", po::value<int>()->default_value(0),
                                 "worker threads; 0 = all hardware threads")("allow-outside-data",
                                                                             kAllowOutsideDataHelp);
  po::options_description hidden;
  hidden.add_options()("run", po::value<std::string>(), "run folder");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("run", 1);
  const auto values = parse(args, all, positional, "verify");
  if (values.count("help")) {
    return PrintCommand{
        describe(options, "parley verify RUN_DIR [--scenario FILE] [--threads N]",
                 "Re-runs a finished run or sweep from its manifest.json (scenario, overrides,\n"
                 "seed, replicates, design, shard) in a private temporary folder under $TMPDIR\n"
                 "(removed afterwards) and reports, file by file, whether outcomes.csv,\n"
                 "summary.csv and sensitivity.csv are byte-identical, naming the first byte and\n"
                 "line that differ. Exit 0 when all are, 1 when any differs.")};
  }
  if (!values.count("run"))
    throw UsageError("parley verify: missing the run folder (see `parley verify --help`)");
  VerifyCommand verify;
  verify.run_folder = values["run"].as<std::string>();
  if (values.count("scenario")) verify.scenario = values["scenario"].as<std::string>();
  verify.threads = values["threads"].as<int>();
  verify.allow_outside_data = values.count("allow-outside-data") > 0;
  if (verify.threads < 0) {
    throw UsageError(fmt::format("parley verify: --threads must be ≥ 0, found {}", verify.threads));
  }
  return verify;
}

Command parse_compare(const std::vector<std::string>& args) {
  po::options_description options("Options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("alpha", po::value<double>()->default_value(0.01, "0.01"),
     "significance level of the whole family of tests, after the adjustment")
    ("tolerance", po::value<std::vector<std::string>>()->composing(),
     "NAME=AMOUNT[,…]: a difference that only counts when larger, e.g. agreement=2pt,"
     "issue.sanctions_relief.median=0.05 (repeatable; NAME may be a glob pattern)")
    ("metric", po::value<std::vector<std::string>>()->composing(),
     "PATTERN[,…]: compare only these metrics (glob patterns over the names above; "
     "repeatable)")
    ("format", po::value<std::string>()->default_value("text"), "text | markdown | json")
    ("all", "list every test, not only those that moved")
    ("adjust", po::value<std::string>()->default_value("holm"),
     "holm (family-wise error rate) | bh (Benjamini–Hochberg, false discovery rate)")
    ("paired", "require a paired comparison (same seed and replicates); error otherwise")
    ("independent", "treat the runs as independent samples even when they could be paired")
    ("confidence", po::value<double>()->default_value(0.95, "0.95"),
     "level of the intervals of the differences")
    ("permutations", po::value<std::int64_t>()->default_value(kKsPermutations),
     "relabellings of a permutation KS test (paired runs, or above 10^8 pairs of values)")
    ("seed", po::value<std::uint64_t>()->default_value(1),
     "seed of the permutation tests' random streams")
    ("threads,j", po::value<int>()->default_value(0),
     "threads for the distribution tests; 0 = all hardware threads (same results for any)")
    ("out", po::value<std::string>(), "FILE: also write the report there (replaced whole)");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("runs", po::value<std::vector<std::string>>(), "run folders");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("runs", 2);
  const auto values = parse(args, all, positional, "compare");
  if (values.count("help")) {
    return PrintCommand{describe(
        options,
        "parley compare RUN_A RUN_B [--alpha A] [--tolerance NAME=AMOUNT,…] [--metric PATTERN,…]\n"
        "                      [--format text|markdown|json] [--all]",
        "Did the outcome really change? Compares two run or sweep folders point by point\n"
        "(the same swept parameters at the same values, else it refuses, naming the\n"
        "difference) and tests, as B − A with 95% intervals:\n"
        "  - every rate of summary.csv (agreement, agreed_in.<phase>, veto.<actor>,\n"
        "    beats_reservation.<actor>, threat_made/carried_out/backed_down.<threat>,\n"
        "    side payments, shocks, zone_of_agreement, pareto_efficient, nearest_deal.<deal>)\n"
        "    and each option of a discrete issue (issue.<id>=<option>): Newcombe's interval\n"
        "    and a two-proportion z test;\n"
        "  - each issue's outcome and each actor's utility: the mean (issue.<id>.mean,\n"
        "    utility.<actor>.mean; Welch t) and the distribution (issue.<id>.distribution:\n"
        "    two-sample Kolmogorov-Smirnov, with the median shift by Hodges-Lehmann; its\n"
        "    tolerances are named issue.<id>.median and issue.<id>.ks).\n"
        "When both runs used the same seed and replicates (common random numbers, e.g. a\n"
        "scenario and its variant run with one seed), the tests are paired: McNemar's exact\n"
        "test, paired t, the difference of the medians with a bootstrap of the pairs, a\n"
        "pair-swap permutation KS test.\n"
        "All p-values are adjusted together (Holm, or Benjamini-Hochberg with --adjust bh).\n"
        "A test moved when its adjusted p-value is below --alpha and the difference exceeds\n"
        "its tolerance, if one applies (AMOUNT in the metric's units; NNpt or NN% for\n"
        "percentage points of a rate; an exact NAME beats a pattern, among patterns the\n"
        "first wins). Prints the tests that moved, largest effect first (Cohen's h for\n"
        "rates, d for means, KS D for distributions). Exit 0 when nothing moved, 5 when\n"
        "something did. docs/ci.md shows how to gate a change in CI.")};
  }
  const std::vector<std::string> runs = values.count("runs")
                                            ? values["runs"].as<std::vector<std::string>>()
                                            : std::vector<std::string>{};
  if (runs.size() != 2)
    throw UsageError(
        fmt::format("parley compare: expected two run folders (RUN_A RUN_B), found {} "
                    "(see `parley compare --help`)",
                    runs.size()));
  CompareCommand compare;
  compare.run_a = runs[0];
  compare.run_b = runs[1];
  ComparisonOptions& o = compare.options;
  o.alpha = values["alpha"].as<double>();
  o.confidence = values["confidence"].as<double>();
  if (!(o.alpha > 0.0 && o.alpha < 1.0))
    throw UsageError(fmt::format("parley compare: --alpha must lie in (0, 1), found {}", o.alpha));
  if (!(o.confidence > 0.0 && o.confidence < 1.0))
    throw UsageError(
        fmt::format("parley compare: --confidence must lie in (0, 1), found {}", o.confidence));
  o.permutations = values["permutations"].as<std::int64_t>();
  if (o.permutations < 1)
    throw UsageError(
        fmt::format("parley compare: --permutations must be ≥ 1, found {}", o.permutations));
  o.seed = values["seed"].as<std::uint64_t>();
  o.threads = values["threads"].as<int>();
  if (o.threads < 0)
    throw UsageError(fmt::format("parley compare: --threads must be ≥ 0, found {}", o.threads));
  o.adjustment = adjustment_from(values["adjust"].as<std::string>(), "parley compare: --adjust");
  if (values.count("paired") && values.count("independent"))
    throw UsageError("parley compare: --paired and --independent exclude each other");
  o.pairing = values.count("paired")        ? Pairing::kPaired
              : values.count("independent") ? Pairing::kIndependent
                                            : Pairing::kAuto;
  if (values.count("tolerance"))
    for (const std::string& text : values["tolerance"].as<std::vector<std::string>>())
      for (Tolerance& t : parse_tolerances(text)) o.tolerances.push_back(std::move(t));
  if (values.count("metric"))
    for (const std::string& text : values["metric"].as<std::vector<std::string>>())
      for (std::string& pattern : parse_metric_patterns(text))
        o.metrics.push_back(std::move(pattern));
  compare.format = values["format"].as<std::string>();
  if (compare.format != "text" && compare.format != "markdown" && compare.format != "json")
    throw UsageError(fmt::format(
        "parley compare: --format: expected text, markdown or json, found \"{}\"", compare.format));
  compare.all_rows = values.count("all") > 0;
  if (values.count("out")) compare.out = values["out"].as<std::string>();
  return compare;
}

// Options of a command that takes one positional argument besides --help.
struct OnePositional {
  po::options_description options{"Options"};
  po::variables_map values;
};

OnePositional parse_one_positional(const std::vector<std::string>& args, const char* name,
                                   const po::value_semantic* semantic, std::string_view command) {
  OnePositional parsed;
  parsed.options.add_options()("help,h", "show this help");
  po::options_description hidden;
  hidden.add_options()(name, semantic, name);
  po::options_description all;
  all.add(parsed.options).add(hidden);
  po::positional_options_description positional;
  positional.add(name, 1);
  parsed.values = parse(args, all, positional, command);
  return parsed;
}

constexpr const char* kTraceAbout =
    "Runs ONE replicate of the scenario (the same replicate K as `parley run` with\n"
    "that seed) and tells it move by move: the actors with the reservation utility\n"
    "drawn in this replicate, the issues with their status quo, then each phase,\n"
    "each round's proposal in the issues' own units, every answer with its reason\n"
    "(below the reservation utility, below the strategy's current target, a broken\n"
    "red line), threats, side payments, shocks, ratification votes, how each phase\n"
    "ended, and the outcome with each actor's gain over its reservation utility.\n"
    "Colour (bold rounds, green accepts, red rejections, yellow threats and shocks)\n"
    "only on a terminal, without --no-color and without NO_COLOR set.\n"
    "\n"
    "--format jsonl writes one JSON object per line (full schema: docs/trace_format.md;\n"
    "ids are the scenario's ids, numbers are issue values in their own units or\n"
    "utilities in [0, 1]):\n"
    "  session       scenario, seed, replicate, issues [{id, label, unit, min, max,\n"
    "                options}], actors [{id, name, reservation_utility, capability,\n"
    "                ideal}], status_quo [per issue]\n"
    "  phase_start   phase, label, participants, ratifiers, protocol, issues, max_rounds\n"
    "  offer         phase, round, actor (null: a forecasting model), offer [every\n"
    "                issue], utilities {actor: utility of the offer}, amendment\n"
    "  response      phase, round, actor, to, accepted, utility, reason (accepted |\n"
    "                below_reservation | below_target | red_line), red_line, threshold\n"
    "  pass          phase, round, actor\n"
    "  threat        phase, round, actor, target, instrument, credibility, drop,\n"
    "                audience_cost, ultimatum, backing\n"
    "  side_payment  phase, round, actor, target, instrument, value, budget,\n"
    "                backing\n"
    "  shock         phase, round, shock, label\n"
    "  ratification  phase, round, actor, accepted, utility, reason, red_line, threshold\n"
    "  model_round   phase, round, issue, positions {actor: position}, median, mean\n"
    "  phase_end     phase, round, result (agreed | vetoed | deadline | broke_down)\n"
    "  threat_carried_out  actor, target, instrument, drop, cost\n"
    "  threat_backed_down  actor, target, instrument, audience_cost\n"
    "  outcome       agreed, phase (null: none), round, outcome [per issue],\n"
    "                utilities, reservation, gains {actor: number}, nearest_deal,\n"
    "                vetoed_by, threats_carried_out, side_payments_paid\n"
    "The first line is always `session`, the last `outcome`. With --out the file is\n"
    "written whole or not at all (a temporary file renamed into place).";

Command parse_trace(const std::vector<std::string>& args) {
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")(
      "seed,s", po::value<std::string>(),
      "master seed, 0 … 2^64−1 (default: the scenario's [run] seed)")(
      "replicate,k", po::value<std::string>()->default_value("0"),
      "which replicate of that seed to tell, 0 … 2^64−1")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "PATH=VALUE: override a scenario parameter (repeatable), as for `parley run`")(
      "format,f", po::value<std::string>()->default_value("text"),
      "text (the story in words) or jsonl (one JSON event per line)")(
      "out,o", po::value<std::string>(), "FILE to write (default: standard output)")(
      "no-color", "no ANSI colours even on a terminal")("allow-outside-data",
                                                        kAllowOutsideDataHelp);
  const auto values = parse_with_scenario(args, options, "trace");
  if (values.count("help")) {
    return PrintCommand{describe(options,
                                 "parley trace SCENARIO [--seed S] [--replicate K] [--set "
                                 "PATH=VALUE]… [--format text|jsonl]\n"
                                 "                    [--out FILE] [--no-color]",
                                 kTraceAbout)};
  }
  if (!values.count("scenario")) {
    throw UsageError("parley trace: missing the scenario file (see `parley trace --help`)");
  }
  TraceCommand trace;
  trace.scenario = values["scenario"].as<std::string>();
  if (values.count("seed")) trace.seed = parse_seed(values["seed"].as<std::string>(), "trace");
  trace.replicate = parse_unsigned(values["replicate"].as<std::string>(), "trace", "--replicate");
  if (values.count("set")) trace.overrides = values["set"].as<std::vector<std::string>>();
  trace.format = values["format"].as<std::string>();
  if (trace.format != "text" && trace.format != "jsonl") {
    throw UsageError(
        fmt::format("parley trace: --format must be text or jsonl, found \"{}\"", trace.format));
  }
  if (values.count("out")) {
    trace.out = values["out"].as<std::string>();
    if (trace.out->empty() || trace.out->back() == '/') {
      throw UsageError(fmt::format(
          "parley trace: --out \"{}\" names no file; give the path of the file to write",
          *trace.out));
    }
  }
  trace.color = values.count("no-color") == 0;
  trace.allow_outside_data = values.count("allow-outside-data") > 0;
  return trace;
}

Command parse_validate(const std::vector<std::string>& args) {
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")("allow-outside-data", kAllowOutsideDataHelp);
  const auto values = parse_with_scenario(args, options, "validate");
  if (values.count("help")) {
    return PrintCommand{
        describe(options, "parley validate SCENARIO [--allow-outside-data]",
                 "Parses and checks a scenario file without running it. Errors name\n"
                 "file:line:column, what was expected and what was found (exit code 3).")};
  }
  if (!values.count("scenario")) {
    throw UsageError("parley validate: missing the scenario file (see `parley validate --help`)");
  }
  return ValidateCommand{values["scenario"].as<std::string>(),
                         values.count("allow-outside-data") > 0};
}

constexpr const char* kImportGeniusUsage =
    "parley import genius DOMAIN.xml PROFILE_1.xml PROFILE_2.xml --out FILE.toml\n"
    "                     [--rounds N] [--strategy KIND] [--exponent E] [--name NAME]";

constexpr const char* kImportGeniusAbout =
    "Writes a GENIUS bilateral negotiation (Lin, Kraus, Baarslag, Tykhonov, Hindriks\n"
    "& Jonker 2014) as a parley scenario file: the domain's discrete issues and items\n"
    "become issues and options, each profile an actor (party_1, party_2) with its\n"
    "weights as saliences, its evaluations as option valuations (parley divides each\n"
    "issue's by its largest, as GENIUS does), its reservation value and its discount\n"
    "factor; one alternating_offers phase decided by unanimity, party_1 first. Each\n"
    "actor knows only its own utility ([uncertainty] knowledge = \"private\").\n"
    "\n"
    "Time: GENIUS and NegMAS count a round as one offer or response by each side, a\n"
    "parley alternating_offers round is one offer by one side. --rounds N (GENIUS\n"
    "rounds, default 100) gives max_rounds = 2N, and a discount factor d becomes\n"
    "discount_per_round = d^(1/(2N)): a deal in parley round t is worth\n"
    "u·d^((t−1)/(2N)) ≈ GENIUS's u·d^time with time in [0, 1]. The reservation value\n"
    "is discounted the same way.\n"
    "\n"
    "Ids are the names in lower case, other characters as _ (prefix i_ or o_ where an\n"
    "id would not start with a letter; _2, _3 for repeats); each issue keeps its name\n"
    "as its label, and option values that differ from their ids are listed in a\n"
    "comment. Only discrete issues can be imported. Errors name file:line:column,\n"
    "what was expected and what was found (exit code 3). FILE.toml is written whole\n"
    "or not at all (a temporary file renamed into place), replacing an older file of\n"
    "that name but never one of the inputs.";

Command parse_import(const std::vector<std::string>& args) {
  constexpr std::string_view command = "import genius";
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")(
      "out,o", po::value<std::string>(), "FILE.toml: the scenario file to write (required)")(
      "rounds", po::value<std::string>()->default_value("100"),
      "N: GENIUS rounds (one offer or response by each side); max_rounds = 2N")(
      "strategy", po::value<std::string>()->default_value("time_dependent"),
      "KIND: the strategy of both actors (`parley list strategies`)")(
      "exponent", po::value<std::string>(),
      "E: the strategy's exponent (time_dependent: < 1 Boulware, 1 linear (default), > 1 "
      "conceder)")("name", po::value<std::string>(),
                   "NAME: [scenario] name (default \"GENIUS DOMAIN: PROFILE_1 vs PROFILE_2\", "
                   "the files' stems)");
  if (args.empty()) {
    throw UsageError(
        "parley import: missing the format; expected genius (see `parley import --help`)");
  }
  if (args[0] == "--help" || args[0] == "-h") {
    return PrintCommand{describe(options, kImportGeniusUsage, kImportGeniusAbout)};
  }
  if (args[0] != "genius") {
    throw UsageError(fmt::format(
        "parley import: unknown format \"{}\"; expected genius (see `parley import --help`)",
        args[0]));
  }
  po::options_description hidden;
  hidden.add_options()("files", po::value<std::vector<std::string>>(), "input files");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("files", -1);
  const auto values =
      parse(std::vector<std::string>(args.begin() + 1, args.end()), all, positional, command);
  if (values.count("help")) {
    return PrintCommand{describe(options, kImportGeniusUsage, kImportGeniusAbout)};
  }
  const auto files = values.count("files") ? values["files"].as<std::vector<std::string>>()
                                           : std::vector<std::string>{};
  if (files.size() != 3) {
    throw UsageError(fmt::format(
        "parley import genius: expected 3 files (DOMAIN.xml PROFILE_1.xml PROFILE_2.xml), found "
        "{} (see `parley import genius --help`)",
        files.size()));
  }
  if (!values.count("out")) {
    throw UsageError(
        "parley import genius: missing --out FILE.toml (see `parley import genius --help`)");
  }
  ImportGeniusCommand import{files[0], files[1], files[2], values["out"].as<std::string>(), {}};
  if (import.out.empty() || import.out.back() == '/') {
    throw UsageError(fmt::format(
        "parley import genius: --out \"{}\" names no file; give the path of the file to write",
        import.out));
  }
  const std::uint64_t rounds =
      parse_unsigned(values["rounds"].as<std::string>(), command, "--rounds");
  import.options.rounds = static_cast<std::int64_t>(
      std::min<std::uint64_t>(rounds, static_cast<std::uint64_t>(INT64_MAX)));
  import.options.strategy = values["strategy"].as<std::string>();
  if (values.count("exponent")) {
    import.options.exponent =
        option_number(command, values["exponent"].as<std::string>(), "--exponent", "E");
  }
  if (values.count("name")) import.options.name = values["name"].as<std::string>();
  try {
    check_genius_import_options(import.options);
  } catch (const UsageError& bad) {
    throw UsageError(fmt::format("parley import genius: {}", bad.what()));
  }
  return import;
}

Command parse_list(const std::vector<std::string>& args) {
  const auto parsed =
      parse_one_positional(args, "what", po::value<std::string>()->default_value("all"), "list");
  if (parsed.values.count("help")) {
    return PrintCommand{
        describe(parsed.options, "parley list [protocols|strategies|distributions|all]",
                 "Lists the protocols, strategies (with their parameters and defaults) and\n"
                 "distributions a scenario can use.")};
  }
  ListCommand list{parsed.values["what"].as<std::string>()};
  if (list.what != "all" && list.what != "protocols" && list.what != "strategies" &&
      list.what != "distributions") {
    throw UsageError(fmt::format(
        "parley list: expected protocols, strategies, distributions or all, found \"{}\"",
        list.what));
  }
  return list;
}

}  // namespace

std::string general_help() {
  return fmt::format(
      "parley {} — scenario simulation of negotiation outcomes\n\n"
      "Usage: parley COMMAND [options]\n\n"
      "Commands:\n"
      "  run SCENARIO       run the scenario's replicates and write an output folder\n"
      "  sweep SCENARIO     run it over a design (grid, lists, Latin hypercube, Sobol),\n"
      "                     on threads or `mpirun -np N`, with shards and --resume\n"
      "  merge --out DIR SHARD…  join the output folders of a sharded sweep\n"
      "  verify RUN_DIR     re-run a run or sweep from its manifest; report identical bytes\n"
      "  compare RUN_A RUN_B  did the outcome move beyond Monte Carlo noise (or the\n"
      "                     tolerances)? Paired tests when the runs share their seed\n"
      "  forecast CASES.csv forecast cases or multi-issue proposals (compromise, median,\n"
      "                     Nash, procedural, expected utility, exchange, the agents' play\n"
      "                     under EU procedures, ensemble) from a long case table\n"
      "  trace SCENARIO     tell one replicate move by move, in words or as JSON lines\n"
      "  validate SCENARIO  check a scenario file and report the first error\n"
      "  import genius DOMAIN.xml PROFILE_1.xml PROFILE_2.xml --out FILE.toml\n"
      "                     write a GENIUS negotiation (a domain, two profiles) as a scenario\n"
      "  list [WHAT]        list protocols, strategies and distributions\n\n"
      "`parley COMMAND --help` describes each command. `parley --version` prints the "
      "version.\n\n{}",
      build_info::kEngineVersion, kExitCodes);
}

Command parse_command_line(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    return PrintCommand{general_help()};
  }
  if (args[0] == "--version") {
    return PrintCommand{
        fmt::format("parley {} (git {})\n", build_info::kEngineVersion, build_info::kGitCommit)};
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "run") return parse_run(rest);
  if (args[0] == "sweep") return parse_sweep(rest);
  if (args[0] == "merge") return parse_merge(rest);
  if (args[0] == "verify") return parse_verify(rest);
  if (args[0] == "compare") return parse_compare(rest);
  if (args[0] == "forecast") return parse_forecast(rest);
  if (args[0] == "trace") return parse_trace(rest);
  if (args[0] == "validate") return parse_validate(rest);
  if (args[0] == "import") return parse_import(rest);
  if (args[0] == "list") return parse_list(rest);
  throw UsageError(
      fmt::format("parley: unknown command \"{}\"; expected run, sweep, merge, verify, compare, "
                  "forecast, trace, "
                  "validate, import or list (see `parley --help`)",
                  args[0]));
}

}  // namespace parley::cli
