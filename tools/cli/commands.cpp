#include "cli/commands.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "output/output_folder.hpp"
#include "scenario/scenario_parser.hpp"
#include "simulation/run.hpp"
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

void print_summary(std::ostream& out, const Scenario& scenario, const RunSpec& spec,
                   const RunReport& report) {
  const auto& summary = report.summary;
  out << fmt::format("{} · {} replicates · seed {} · {} threads · {:.2f} s\n\n", scenario.name,
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
      out << fmt::format("threat {:<22} made {:>6}, carried out {:>6}\n", instrument.id,
                         percent(made->mean), percent(carried->mean));
    } else {
      const auto* paid = find_metric(summary, "side_payment." + instrument.id);
      out << fmt::format("side payment {:<16} paid in the deal {:>6}\n", instrument.id,
                         percent(paid->mean));
    }
  }
  for (const Shock& shock : scenario.shocks) {
    out << fmt::format("shock {:<23} struck {:>6}\n", shock.id,
                       percent(find_metric(summary, "shock." + shock.id)->mean));
  }
  // Analysis of the agreements.
  const auto* efficient = find_metric(summary, "pareto_efficient");
  const auto* nash = find_metric(summary, "nash_distance");
  if (efficient->n > 0) {
    out << fmt::format(
        "\ndeals Pareto-efficient among their participants: {}; mean distance to the Nash point "
        "{:.3f}\n",
        percent(efficient->mean), nash->n > 0 ? nash->mean : 0.0);
  }
  out << fmt::format("\nWrote {}/{{manifest.json, outcomes.csv, summary.csv}}\n",
                     report.folder.string());
}

int run(const RunCommand& command, const Environment& env, std::ostream& out, std::ostream& err) {
  Scenario scenario = load_scenario(command.scenario);
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
    spec.out = OutputFolder::first_free(std::filesystem::path("results") /
                                        fmt::format("{}-seed{}", stem, spec.request.seed));
  }
  if (env.progress_to_terminal && !command.quiet) {
    spec.progress = [&err, last = -1](std::int64_t done, std::int64_t total) mutable {
      const int percent_done = static_cast<int>(100 * done / total);
      if (percent_done == last) return;
      last = percent_done;
      err << fmt::format("\r  {} / {} replicates ({}%)", done, total, percent_done) << std::flush;
      if (done == total) err << "\r\033[K" << std::flush;
    };
  }
  const RunReport report = run_scenario(scenario, spec);
  if (!command.quiet) print_summary(out, scenario, spec, report);
  return kExitOk;
}

int validate(const ValidateCommand& command, std::ostream& out) {
  const Scenario scenario = load_scenario(command.scenario);
  std::int64_t uncertain = 0;
  for (const auto& p : scenario.parameters) uncertain += p.value.is_fixed() ? 0 : 1;
  out << fmt::format(
      "{}: valid — \"{}\": {} issues, {} actors, {} deals, {} phases, {} uncertain parameters\n",
      command.scenario, scenario.name, scenario.issue_count(), scenario.actor_count(),
      scenario.deals.size(), scenario.phases.size(), uncertain);
  return kExitOk;
}

int list(const ListCommand& command, std::ostream& out) {
  const bool all = command.what == "all";
  if (all || command.what == "protocols") {
    out << "Protocols:\n"
           "  alternating_offers  participants propose in turn (listed order or by capability);\n"
           "                      the others accept or reject\n"
           "  random_proposer     Baron–Ferejohn: the proposer is drawn each round by recognition\n"
           "                      weight; closed rule (an offer is voted on at once)\n"
           "  Both: decision rule unanimity | majority | quota (+ veto players), ratification by\n"
           "  absent actors, per-round breakdown probability, deadline → next phase or "
           "breakdown.\n";
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
    if (const auto* validate_command = std::get_if<ValidateCommand>(&command))
      return validate(*validate_command, out);
    return list(std::get<ListCommand>(command), out);
  } catch (const ScenarioError& bad) {
    err << "error: " << bad.what() << "\n";
    return kExitInvalidScenario;
  } catch (const UsageError& bad) {
    err << "error: " << bad.what() << "\n";
    return kExitUsage;
  } catch (const OutputError& bad) {
    err << "error: " << bad.what() << "\n";
    return kExitOutputError;
  } catch (const RunCancelled&) {
    err << "\ninterrupted: no output folder was written\n";
    return kExitInterrupted;
  } catch (const std::exception& bad) {
    err << "error: " << bad.what() << "\n";
    return kExitInternalError;
  }
}

}  // namespace parley::cli
