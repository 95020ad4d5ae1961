#include "cli/commands.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <fmt/format.h>

#include "analysis/comparison_report.hpp"
#include "analysis/run_comparison.hpp"
#include "analysis/run_sample.hpp"
#include "core/errors.hpp"
#include "output/csv_writer.hpp"
#include "output/file_sink.hpp"
#include "output/manifest.hpp"
#include "output/output_folder.hpp"
#include "output/summary.hpp"
#include "output/trace.hpp"
#include "parsing/genius_import.hpp"
#include "parsing/scenario_parser.hpp"
#include "protocol/forecast_models.hpp"
#include "protocol/protocol.hpp"
#include "simulation/counterfactual.hpp"
#include "simulation/forecast.hpp"
#include "simulation/merge.hpp"
#include "simulation/run.hpp"
#include "simulation/trace_replicate.hpp"
#include "simulation/verify.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley::cli {
namespace {

const MetricSummary* find_metric(const std::vector<MetricSummary>& summary,
                                 const std::string& name) {
  for (const auto& metric : summary)
    if (metric.metric == name) return &metric;
  return nullptr;
}

std::string percent(double p) { return fmt::format("{:.1f}%", 100.0 * p); }

std::string probability_line(const MetricSummary& m) {
  return fmt::format("{} (95% CI {}–{})", percent(m.mean), percent(m.wilson.low),
                     percent(m.wilson.high));
}

std::string issue_value(const Issue& issue, double value) {
  if (issue.is_discrete())
    return issue.options[static_cast<std::size_t>(issue.option_index(value))];
  return fmt::format("{:.3g}", value);
}

// `extra` (the counterfactual sections) goes before the list of files written,
// which names `extra_files` too.
void print_summary(std::ostream& out, const Scenario& scenario, const RunSpec& spec,
                   const RunReport& report, const std::string& extra = {},
                   const std::string& extra_files = {}) {
  const auto& summary = report.summary;
  const std::string name = escape_control_characters(scenario.name);  // no raw control bytes
  out << fmt::format("{} · {} replicates · seed {} · {} threads · {:.2f} s\n\n", name,
                     spec.request.replicates, spec.request.seed, report.threads,
                     report.wall_seconds);
  out << "Agreement: " << probability_line(*find_metric(summary, "agreement")) << "\n";
  for (const Phase& phase : scenario.phases) {
    const auto* m = find_metric(summary, "agreed_in." + phase.id);
    out << fmt::format("  agreed in {:<20} {}\n", phase.id, probability_line(*m));
  }
  for (const Actor& actor : scenario.actors) {
    if (const auto* m = find_metric(summary, "veto." + actor.id)) {
      out << fmt::format("  vetoed by {:<20} {}\n", actor.id, probability_line(*m));
    }
  }
  // All replicates (no deal = status quo) and, separately, the deals alone.
  out << fmt::format("\n{:<24} {:>12} {:>12} {:>22} {:>14}\n", "issue", "status quo", "median",
                     "90% range (5%–95%)", "median if deal");
  for (int d = 0; d < scenario.issue_count(); ++d) {
    const Issue& issue = scenario.issues[static_cast<std::size_t>(d)];
    const auto* all = find_metric(summary, "outcome." + issue.id);
    const auto* deals = find_metric(summary, "deal_outcome." + issue.id);
    out << fmt::format("{:<24} {:>12} {:>12} {:>22} {:>14}\n", issue.id,
                       issue_value(issue, scenario.base.status_quo(d)),
                       issue_value(issue, all->q50),
                       issue_value(issue, all->q05) + " – " + issue_value(issue, all->q95),
                       deals->n > 0 ? issue_value(issue, deals->q50) : std::string("–"));
  }
  out << fmt::format("\n{:<24} {:>12} {:>26}\n", "actor", "mean utility",
                     "beats reservation utility");
  for (const Actor& actor : scenario.actors) {
    const auto* utility = find_metric(summary, "utility." + actor.id);
    const auto* beats = find_metric(summary, "beats_reservation." + actor.id);
    out << fmt::format("{:<24} {:>12.3f} {:>26}\n", actor.id, utility->mean, percent(beats->mean));
  }
  // Transactional instruments and shocks, when the scenario has any.
  if (!scenario.instruments.empty() || !scenario.shocks.empty()) out << "\n";
  for (const Instrument& instrument : scenario.instruments) {
    if (instrument.kind == Instrument::Kind::kThreat) {
      const auto* made = find_metric(summary, "threat_made." + instrument.id);
      const auto* carried = find_metric(summary, "threat_carried_out." + instrument.id);
      const auto* backed = find_metric(summary, "threat_backed_down." + instrument.id);
      out << fmt::format("threat {:<22} made {:>6}, carried out {:>6}, backed down from {:>6}\n",
                         instrument.id, percent(made->mean), percent(carried->mean),
                         percent(backed->mean));
    } else {
      const auto* offered = find_metric(summary, "side_payment_offered." + instrument.id);
      const auto* paid = find_metric(summary, "side_payment." + instrument.id);
      out << fmt::format("side payment {:<16} offered {:>6}, paid in the deal {:>6}\n",
                         instrument.id, percent(offered->mean), percent(paid->mean));
    }
  }
  for (const Shock& shock : scenario.shocks) {
    out << fmt::format("shock {:<23} struck {:>6}\n", shock.id,
                       percent(find_metric(summary, "shock." + shock.id)->mean));
  }
  // The analysis of the outcomes (output/summary.hpp).
  if (const std::string analysis = describe_analysis(summary); !analysis.empty())
    out << "\n" << analysis;
  out << extra;
  out << fmt::format("\nWrote {}/{{manifest.json, outcomes.csv, summary.csv{}}}\n",
                     report.folder.string(), extra_files);
}

// Progress on a terminal: "done / total replicates (p%)".
SweepProgress terminal_progress(const Environment& env, bool quiet, std::ostream& err) {
  if (!env.progress_to_terminal || quiet || !env.prints) return {};
  return [&err, last = -1](std::int64_t done, std::int64_t total) mutable {
    if (total <= 0) return;
    const int percent_done = static_cast<int>(100 * done / total);
    if (percent_done == last) return;
    last = percent_done;
    err << fmt::format("\r  {} / {} replicates ({}%)", done, total, percent_done) << std::flush;
    if (done == total) err << "\r\033[K" << std::flush;
  };
}

// Notes for the user (stale folders removed, a name skipped), on stderr.
std::function<void(const std::string&)> notice_printer(const Environment& env, std::ostream& err) {
  if (!env.prints) return {};
  return [&err](const std::string& text) { err << escape_control_characters(text) << "\n"; };
}

int run(const RunCommand& command, const Environment& env, std::ostream& out, std::ostream& err) {
  Scenario scenario = load_scenario(command.scenario, {command.allow_outside_data});
  for (const std::string& assignment : command.overrides) apply_override(scenario, assignment);
  RunSpec spec;
  spec.request.replicates = command.replicates.value_or(scenario.run.replicates);
  spec.request.seed = command.seed.value_or(scenario.run.seed);
  spec.request.threads = command.threads;
  spec.request.analysis = command.analysis;
  spec.request.cancel = env.cancel;
  spec.command_line = env.command_line;
  if (command.out) {
    spec.out = *command.out;
  } else {
    const std::string stem = std::filesystem::path(command.scenario).stem().string();
    spec.out = std::filesystem::path("results") / fmt::format("{}-seed{}", stem, spec.request.seed);
    spec.first_free_name = true;
  }
  spec.progress = terminal_progress(env, command.quiet, err);
  spec.notice = notice_printer(env, err);
  if (!command.counterfactuals.empty()) {
    std::vector<Counterfactual> arms;
    for (const std::string& text : command.counterfactuals)
      arms.push_back(parse_counterfactual(text));
    const CounterfactualReport report = run_counterfactual(scenario, spec, arms);
    if (!command.quiet) {
      std::string sections;
      for (const CounterfactualComparison& comparison : report.comparisons)
        sections.append("\n").append(describe_counterfactual(scenario, comparison));
      print_summary(out, scenario, spec, report.run, sections, ", counterfactual.csv");
    }
    return kExitOk;
  }
  const RunReport report = run_scenario(scenario, spec);
  if (!command.quiet) print_summary(out, scenario, spec, report);
  return kExitOk;
}

// Agreement per point (small designs) or its range (large ones), and the
// sensitivity of agreement for a Sobol design.
void print_sweep_summary(std::ostream& out, const SweepReport& report,
                         const SweepRequest& request) {
  out << fmt::format(
      "{} design · {} points × {} replicates · seed {} · {} threads × {} ranks · {:.2f} s "
      "({:.0f} replicates/s)\n",
      to_string(request.design.kind), report.points, request.replicates, request.seed,
      report.threads, report.ranks, report.wall_seconds,
      report.wall_seconds > 0 ? static_cast<double>(report.replicates_run) / report.wall_seconds
                              : 0.0);
  if (report.points_resumed > 0)
    out << fmt::format("resumed: {} points were already finished\n", report.points_resumed);
  std::ifstream summary(report.folder / "summary.csv");
  std::string line;
  std::getline(summary, line);
  const std::size_t axes = request.design.axes.size();
  std::vector<std::string> rows;
  double low = 1.0, high = 0.0;
  while (std::getline(summary, line)) {
    const auto cells = split_csv_cells(line);
    if (cells.size() < axes + 4 || cells[axes + 1] != "agreement") continue;
    const double mean = std::stod(std::string(cells[axes + 3]));
    low = std::min(low, mean);
    high = std::max(high, mean);
    std::string values;
    for (std::size_t k = 0; k < axes; ++k) values += fmt::format("{:>14}", cells[1 + k]);
    rows.push_back(fmt::format("{:>7} {}  {:>6}  ({}–{})", cells[0], values, percent(mean),
                               percent(std::stod(std::string(cells[cells.size() - 2]))),
                               percent(std::stod(std::string(cells.back())))));
  }
  if (rows.size() <= 25) {
    out << "\n  point";
    for (const SweepAxis& axis : request.design.axes) {
      const auto dot = axis.path.rfind('.');
      out << fmt::format(" {:>13}", axis.path.substr(dot == std::string::npos ? 0 : dot + 1));
    }
    out << "  agreement (95% CI)\n";
    for (const std::string& row : rows) out << row << "\n";
  } else {
    out << fmt::format("\nagreement ranges from {} to {} over the {} points\n", percent(low),
                       percent(high), rows.size());
  }
  if (std::ifstream sensitivity(report.folder / "sensitivity.csv"); sensitivity) {
    out << "\nSobol indices of agreement (95% bootstrap interval):\n";
    std::getline(sensitivity, line);
    while (std::getline(sensitivity, line)) {
      auto cells = split_csv_cells(line);
      if (cells.empty() || cells[0] != "agreement") continue;
      cells.resize(8);
      out << fmt::format("  {:<44} first {:>9} [{}, {}]   total {:>9} [{}, {}]\n", cells[1],
                         cells[2], cells[3], cells[4], cells[5], cells[6], cells[7]);
    }
  }
  out << fmt::format(
      "\nWrote {}/{{manifest.json, outcomes.csv, summary.csv{}}}\n", report.folder.string(),
      request.design.kind == DesignKind::kSobol && !request.shard ? ", sensitivity.csv" : "");
}

int sweep(const SweepCommand& command, const Environment& env, std::ostream& out,
          std::ostream& err) {
  Scenario scenario = load_scenario(command.run.scenario, {command.run.allow_outside_data});
  for (const std::string& assignment : command.run.overrides) apply_override(scenario, assignment);
  SweepRequest request;
  if (command.design) {
    request.design = *command.design;
  } else if (command.design_file) {
    request.design = load_sweep_design(*command.design_file);
  } else if (scenario.sweep) {
    request.design = *scenario.sweep;
  } else {
    throw UsageError(fmt::format(
        "parley sweep: {} has no [sweep] table; give a design with --grid, --values, --lhs or "
        "--sobol (see `parley sweep --help`) or --design FILE",
        command.run.scenario));
  }
  if (command.design || command.design_file) check_sweep(scenario, request.design);
  request.replicates =
      command.run.replicates.value_or(request.design.replicates.value_or(scenario.run.replicates));
  request.seed = command.run.seed.value_or(scenario.run.seed);
  request.analysis = command.run.analysis;
  request.shard = command.shard;
  request.resume = command.resume;
  request.cancel = env.cancel;
  std::filesystem::path folder;
  if (command.run.out) {
    folder = *command.run.out;
  } else {
    const std::string stem = std::filesystem::path(command.run.scenario).stem().string();
    std::string name = fmt::format("{}-sweep-seed{}", stem, request.seed);
    if (command.shard)
      name += fmt::format("-shard{}of{}", command.shard->index, command.shard->count);
    folder = std::filesystem::path("results") / name;
    request.first_free_name = !command.resume;
  }
  request.notice = notice_printer(env, err);
  std::unique_ptr<SweepExecutor> executor;
  if (env.mpi_executor) executor = env.mpi_executor(command.run.threads);
  if (!executor) executor = std::make_unique<ThreadExecutor>(command.run.threads, env.cancel);
  try {
    const SweepReport report = run_sweep(scenario, request, folder, env.command_line, *executor,
                                         terminal_progress(env, command.run.quiet, err));
    if (env.prints && !command.run.quiet) print_sweep_summary(out, report, request);
  } catch (const SweepInterrupted& stopped) {
    if (stopped.points_finished == 0) {
      err << "\ninterrupted before any point finished: nothing was kept\n";
    } else {
      err << fmt::format(
          "\ninterrupted: {} of {} points are finished and kept in {};\ncontinue with the same "
          "command plus --resume{}\n",
          stopped.points_finished, stopped.points_total, stopped.partial_folder.string(),
          command.run.out ? "" : fmt::format(" --out {}", stopped.final_folder.string()));
    }
    return kExitInterrupted;
  }
  return kExitOk;
}

int merge(const MergeCommand& command, const Environment& env, std::ostream& out) {
  std::vector<std::filesystem::path> shards(command.shards.begin(), command.shards.end());
  merge_shards(shards, command.out, env.command_line);
  out << fmt::format("merged {} shards into {}\n", shards.size(), command.out);
  return kExitOk;
}

int verify(const VerifyCommand& command, const Environment& env, std::ostream& out,
           std::ostream& err) {
  // A run with counterfactual arms is re-run with them (simulation/counterfactual.hpp).
  const bool counterfactual =
      !read_manifest(std::filesystem::path(command.run_folder) / "manifest.json")
           .inputs.counterfactuals.empty();
  const VerifyReport report =
      counterfactual ? verify_counterfactual_run(
                           command.run_folder, command.scenario, command.threads, env.cancel,
                           {command.allow_outside_data}, notice_printer(env, err))
                     : verify_run(command.run_folder, command.scenario, command.threads, env.cancel,
                                  {command.allow_outside_data}, notice_printer(env, err));
  for (const VerifiedFile& file : report.files) {
    out << fmt::format("  {:<26} {}{}\n", file.name, file.identical ? "identical" : "DIFFERS",
                       file.detail.empty() ? "" : " — " + file.detail);
  }
  out << fmt::format("{}: {} ({:.2f} s)\n", command.run_folder,
                     report.all_identical() ? "reproduced byte for byte" : "NOT reproduced",
                     report.wall_seconds);
  return report.all_identical() ? kExitOk : kExitInternalError;
}

int compare(const CompareCommand& command, const Environment& env, std::ostream& out) {
  const RunSample a = load_run_sample(command.run_a, env.cancel);
  const RunSample b = load_run_sample(command.run_b, env.cancel);
  ComparisonOptions options = command.options;
  options.cancel = env.cancel;
  const ComparisonReport report = compare_runs(a, b, options);
  const std::string text = command.format == "json" ? comparison_json(report)
                           : command.format == "markdown"
                               ? comparison_markdown(report, command.all_rows)
                               : comparison_text(report, command.all_rows);
  if (command.out) write_file_atomically(*command.out, [&](std::ostream& file) { file << text; });
  out << text;
  return report.moved_count() > 0 ? kExitDifferent : kExitOk;
}

int forecast(const ForecastCommand& command, const Environment& env, std::ostream& out,
             std::ostream& err) {
  CaseTableOptions options;
  options.scale_min = command.scale_min;
  options.scale_max = command.scale_max;
  const CaseTable table = load_case_table(command.cases, options);
  std::vector<std::string> models = command.models;
  if (models.empty()) models = table_model_names();
  ForecastOutput output;
  if (command.out) {
    output.folder = *command.out;
  } else {
    const std::string stem = std::filesystem::path(command.cases).stem().string();
    output.folder = std::filesystem::path("results") / (stem + "-forecast");
    output.first_free_name = true;
  }
  output.command_line = env.command_line;
  output.cancel = env.cancel;
  output.notice = notice_printer(env, err);
  output.agents.replicates = command.replicates;
  output.agents.seed = command.seed;
  output.agents.threads = command.threads;
  output.agents.table_rounds = command.rounds;
  output.agents.strategy = command.strategy;
  const ForecastReport report = run_forecasts(table, models, output);
  for (const CaseError& error : table.errors) {
    err << escape_control_characters(fmt::format(
               "{}:{}: case \"{}\"{} skipped: {}", table.source_name, error.line, error.case_id,
               error.issue.empty() ? "" : fmt::format(" issue \"{}\"", error.issue), error.message))
        << "\n";
  }
  out << fmt::format(
      "{} cases × {} models → {} forecasts{}; wrote {}/{{manifest.json, "
      "forecasts.csv{}}}\n",
      report.cases, models.size(), report.forecasts,
      report.skipped_cases > 0
          ? fmt::format(" ({} cases skipped, see case_errors.csv)", report.skipped_cases)
          : std::string(),
      report.folder.string(), report.skipped_cases > 0 ? ", case_errors.csv" : "");
  return kExitOk;
}

// Refuses an output file that is one of the command's input files (the same
// file under any name: links and hard links included) or a folder.
void refuse_input_as_output(const std::filesystem::path& output,
                            const std::vector<std::string>& inputs) {
  std::error_code error;
  if (std::filesystem::is_directory(output, error)) {
    throw UsageError(
        fmt::format("--out {} is a folder; give the path of the file to write", output.string()));
  }
  if (!std::filesystem::exists(output, error)) return;
  for (const std::string& input : inputs) {
    if (std::filesystem::equivalent(output, input, error)) {
      throw UsageError(fmt::format(
          "--out {} is the input file {}; parley never overwrites its inputs — choose another "
          "--out",
          output.string(), input));
    }
  }
}

int trace(const TraceCommand& command, const Environment& env, std::ostream& out) {
  Scenario scenario = load_scenario(command.scenario, {command.allow_outside_data});
  if (command.out) refuse_input_as_output(*command.out, scenario.input_files());
  for (const std::string& assignment : command.overrides) apply_override(scenario, assignment);
  const ReplicateTrace told = trace_replicate(scenario, command.seed.value_or(scenario.run.seed),
                                              command.replicate, env.cancel);
  TraceStyle style;
  style.color = command.color && env.color_stdout && !command.out;
  auto write = [&](std::ostream& to) {
    if (command.format == "jsonl") {
      write_trace_jsonl(to, scenario, told);
    } else {
      write_trace_text(to, scenario, told, style);
    }
  };
  if (command.out) {
    write_file_atomically(*command.out, write);
  } else {
    write(out);
  }
  return kExitOk;
}

int import_genius(const ImportGeniusCommand& command, std::ostream& out, std::ostream& err) {
  refuse_input_as_output(command.out, {command.domain, command.profile_1, command.profile_2});
  const GeniusScenario scenario =
      parley::import_genius(command.domain, command.profile_1, command.profile_2, command.options);
  for (const std::string& note : scenario.notes)
    err << "note: " << escape_control_characters(note) << "\n";
  write_file_atomically(command.out, [&](std::ostream& to) { to << scenario.toml; });
  out << fmt::format("wrote {}: {} issues, {:.0f} outcomes, 2 actors, max_rounds {}\n",
                     escape_control_characters(command.out), scenario.issues, scenario.outcomes,
                     2 * command.options.rounds);
  return kExitOk;
}

int validate(const ValidateCommand& command, std::ostream& out) {
  const Scenario scenario = load_scenario(command.scenario, {command.allow_outside_data});
  std::int64_t uncertain = 0;
  for (const auto& p : scenario.parameters) uncertain += p.value.is_fixed() ? 0 : 1;
  const std::string name = escape_control_characters(scenario.name);  // no raw control bytes
  out << fmt::format(
      "{}: valid — \"{}\": {} issues, {} actors, {} deals, {} phases, {} uncertain parameters\n",
      command.scenario, name, scenario.issue_count(), scenario.actor_count(), scenario.deals.size(),
      scenario.phases.size(), uncertain);
  return kExitOk;
}

int list(const ListCommand& command, std::ostream& out) {
  const bool all = command.what == "all";
  if (all || command.what == "protocols") {
    out << "Protocols (phase key `protocol`):\n";
    for (const Protocol* protocol : protocols()) {
      out << fmt::format("  {:<18}  {}\n", protocol->name(), protocol->summary());
      for (const ProtocolKey& key : protocol->keys()) {
        out << fmt::format("      {:<20} {}\n", key.name, key.doc);
      }
    }
    out << "  Every protocol: decision rule unanimity | majority | quota (+ veto players),\n"
           "  ratification by absent actors, per-round breakdown probability, deadline → next\n"
           "  phase or breakdown. A forecasting protocol decides in one step (max_rounds\n"
           "  optional); its forecast is then ratified.\n";
  }
  if (all || command.what == "strategies") {
    out << "Strategies:\n";
    for (const StrategyInfo& info : strategy_catalogue()) {
      out << fmt::format("  {:<18}  {}\n", info.name, info.summary);
      for (const StrategyParamSpec& param : info.params) {
        out << fmt::format("      {:<20} default {:<6} in [{}, {}]  {}\n", param.name,
                           param.default_value, param.min, param.max, param.doc);
      }
    }
  }
  if (all || command.what == "distributions") {
    out << "Distributions (any numeric parameter may be one):\n"
           "  { dist = \"normal\", mean = M, sd = S }\n"
           "  { dist = \"truncated_normal\", mean = M, sd = S, min = A, max = B }\n"
           "  { dist = \"uniform\", min = A, max = B }\n"
           "  { dist = \"beta\", alpha = P, beta = Q, min = 0, max = 1 }\n"
           "  { dist = \"triangular\", min = A, mode = C, max = B }\n";
  }
  return kExitOk;
}

}  // namespace

int execute(const Command& command, const Environment& env, std::ostream& out, std::ostream& err) {
  try {
    if (const auto* print = std::get_if<PrintCommand>(&command)) {
      out << print->text;
      return kExitOk;
    }
    if (const auto* run_command = std::get_if<RunCommand>(&command))
      return run(*run_command, env, out, err);
    if (const auto* sweep_command = std::get_if<SweepCommand>(&command))
      return sweep(*sweep_command, env, out, err);
    if (const auto* merge_command = std::get_if<MergeCommand>(&command))
      return merge(*merge_command, env, out);
    if (const auto* verify_command = std::get_if<VerifyCommand>(&command))
      return verify(*verify_command, env, out, err);
    if (const auto* compare_command = std::get_if<CompareCommand>(&command))
      return compare(*compare_command, env, out);
    if (const auto* forecast_command = std::get_if<ForecastCommand>(&command))
      return forecast(*forecast_command, env, out, err);
    if (const auto* trace_command = std::get_if<TraceCommand>(&command))
      return trace(*trace_command, env, out);
    if (const auto* validate_command = std::get_if<ValidateCommand>(&command))
      return validate(*validate_command, out);
    if (const auto* import_command = std::get_if<ImportGeniusCommand>(&command))
      return import_genius(*import_command, out, err);
    return list(std::get<ListCommand>(command), out);
  } catch (const ScenarioError& bad) {
    err << "error: " << escape_control_characters(bad.what()) << "\n";
    return kExitInvalidScenario;
  } catch (const UsageError& bad) {
    err << "error: " << escape_control_characters(bad.what()) << "\n";
    return kExitUsage;
  } catch (const OutputError& bad) {
    err << "error: " << escape_control_characters(bad.what()) << "\n";
    return kExitOutputError;
  } catch (const RunCancelled&) {
    err << (std::holds_alternative<TraceCommand>(command) ||
                    std::holds_alternative<CompareCommand>(command)
                ? "\ninterrupted: nothing was written\n"
                : "\ninterrupted: no output folder was written\n");
    return kExitInterrupted;
  } catch (const std::bad_alloc&) {
    // Plain literals: printing must not need memory.
    err << "error: out of memory: parley could not allocate what it needed (the machine's "
           "memory or the process's limit, `ulimit -v`, is exhausted); "
        << (std::holds_alternative<TraceCommand>(command)
                ? "raise the limit\n"
                : "run fewer replicates (--replicates), fewer threads (--threads 1) or fewer "
                  "points at once, or raise the limit\n");
    return kExitOutputError;
  } catch (const std::system_error& bad) {
    // A worker thread that cannot be started: its stack or the thread itself
    // did not fit in the memory or process limits (what() is parley's own text).
    if (bad.code() == std::errc::resource_unavailable_try_again ||
        bad.code() == std::errc::not_enough_memory) {
      err << "error: out of memory: " << bad.what()
          << "; run fewer threads (--threads 1) or fewer replicates, or raise the limit (`ulimit "
             "-v`, `ulimit -u`)\n";
      return kExitOutputError;
    }
    err << "error: " << escape_control_characters(bad.what()) << "\n";
    return kExitInternalError;
  } catch (const std::exception& bad) {
    err << "error: " << escape_control_characters(bad.what()) << "\n";
    return kExitInternalError;
  }
}

}  // namespace parley::cli
