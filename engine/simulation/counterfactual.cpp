// Counterfactual runs (simulation/counterfactual.hpp): the arms parsed and
// checked against the scenario, run on the same streams, compared replicate by
// replicate, and written with the declared arm's outputs into one folder.
#include "simulation/counterfactual.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "output/csv_writer.hpp"
#include "output/manifest.hpp"
#include "output/output_folder.hpp"
#include "output/summary.hpp"
#include "output/temporary_folder.hpp"
#include "simulation/replicate_runner.hpp"
#include "simulation/resources.hpp"
#include "simulation/sweep_design.hpp"

namespace parley {
namespace fs = std::filesystem;

namespace {

constexpr double kZ95 = 1.959963984540054;
// Two deals differ when some issue differs by more than this (issue units):
// far above the rounding of the arithmetic, far below any offer step.
constexpr double kDealTolerance = 1e-9;

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::string join_ids(const std::vector<std::string>& ids) {
  if (ids.empty()) return "none";
  std::string joined;
  for (const std::string& id : ids) joined += (joined.empty() ? "" : ", ") + id;
  return joined;
}

}  // namespace

Counterfactual parse_counterfactual(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return UsageError(fmt::format(
        "--counterfactual \"{}\": {}; expected instrument=ID:off or shock=ID:off (several joined "
        "by commas)",
        escape_control_characters(text), why));
  };
  Counterfactual counterfactual;
  std::string_view rest = text;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view part = trim(rest.substr(0, comma));
    const std::size_t equals = part.find('=');
    if (part.empty()) throw bad("an empty switch");
    if (equals == std::string_view::npos) throw bad(fmt::format("no '=' in \"{}\"", part));
    const std::string_view kind = part.substr(0, equals);
    std::string_view value = part.substr(equals + 1);
    Counterfactual::Switch off;
    if (kind == "instrument") {
      off.kind = Counterfactual::Switch::Kind::kInstrument;
    } else if (kind == "shock") {
      off.kind = Counterfactual::Switch::Kind::kShock;
    } else {
      throw bad(fmt::format("unknown kind \"{}\"", kind));
    }
    const std::size_t colon = value.rfind(':');
    if (colon == std::string_view::npos || value.substr(colon + 1) != "off")
      throw bad(fmt::format("\"{}\" does not end in :off", part));
    value = value.substr(0, colon);
    if (value.empty()) throw bad("an empty id");
    off.id = std::string(value);
    for (const Counterfactual::Switch& seen : counterfactual.off) {
      if (seen.kind == off.kind && seen.id == off.id)
        throw bad(fmt::format("\"{}\" is given twice", part));
    }
    counterfactual.text += (counterfactual.text.empty() ? "" : ",") + std::string(part);
    counterfactual.off.push_back(std::move(off));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return counterfactual;
}

Scenario counterfactual_scenario(const Scenario& scenario, const Counterfactual& counterfactual) {
  Scenario changed = scenario;
  changed.instrument_off.assign(scenario.instruments.size(), 0);
  changed.shock_off.assign(scenario.shocks.size(), 0);
  for (const Counterfactual::Switch& off : counterfactual.off) {
    std::vector<std::string> ids;
    bool found = false;
    if (off.kind == Counterfactual::Switch::Kind::kInstrument) {
      for (std::size_t k = 0; k < scenario.instruments.size(); ++k) {
        ids.push_back(scenario.instruments[k].id);
        if (scenario.instruments[k].id == off.id) {
          changed.instrument_off[k] = 1;
          found = true;
        }
      }
    } else {
      for (std::size_t s = 0; s < scenario.shocks.size(); ++s) {
        ids.push_back(scenario.shocks[s].id);
        if (scenario.shocks[s].id == off.id) {
          changed.shock_off[s] = 1;
          found = true;
        }
      }
    }
    if (!found) {
      const bool instrument = off.kind == Counterfactual::Switch::Kind::kInstrument;
      throw UsageError(escape_control_characters(fmt::format(
          "--counterfactual {}: {} has no {} \"{}\"; its {}: {}", counterfactual.text,
          scenario.source_name, instrument ? "instrument" : "shock", off.id,
          instrument ? "instruments (threats and side payments)" : "shocks", join_ids(ids))));
    }
  }
  return changed;
}

const CounterfactualMetric& CounterfactualComparison::at(std::string_view name) const {
  for (const CounterfactualMetric& metric : metrics)
    if (metric.metric == name) return metric;
  throw InternalError(fmt::format("counterfactual: no metric \"{}\"", name));
}

CounterfactualComparison compare_paired(const Scenario& scenario, const Counterfactual& arm,
                                        std::span<const SessionRecord> declared,
                                        std::span<const SessionRecord> counterfactual) {
  PARLEY_CHECK(declared.size() == counterfactual.size(),
               "counterfactual: {} declared records against {}", declared.size(),
               counterfactual.size());
  const auto n = static_cast<std::int64_t>(declared.size());
  CounterfactualComparison comparison;
  comparison.counterfactual = arm.text;
  comparison.replicates = n;

  const auto count_metric = [&](std::string name, const auto& holds) {
    std::int64_t count = 0;
    for (std::size_t r = 0; r < declared.size(); ++r)
      if (holds(declared[r], counterfactual[r])) ++count;
    CounterfactualMetric metric;
    metric.metric = std::move(name);
    metric.replicates = n;
    metric.count = count;
    metric.value = n > 0 ? static_cast<double>(count) / static_cast<double>(n) : 0.0;
    const WilsonInterval interval = wilson_interval(count, n);
    metric.low = interval.low;
    metric.high = interval.high;
    comparison.metrics.push_back(std::move(metric));
  };
  const auto phase_is = [](const SessionRecord& record, std::size_t phase, PhaseResult result) {
    return phase < record.phase_results.size() && record.phase_results[phase] == result;
  };
  const auto decisive = [&](const SessionRecord& a, const SessionRecord& b) {
    if (a.agreed != b.agreed) return true;
    for (std::size_t p = 0; p < scenario.phases.size(); ++p) {
      for (PhaseResult result : {PhaseResult::kAgreed, PhaseResult::kVetoed})
        if (phase_is(a, p, result) != phase_is(b, p, result)) return true;
    }
    return false;
  };
  const auto deal_changed = [](const SessionRecord& a, const SessionRecord& b) {
    if (a.outcome.size() != b.outcome.size()) return true;
    for (Eigen::Index d = 0; d < a.outcome.size(); ++d)
      if (!(std::abs(a.outcome(d) - b.outcome(d)) <= kDealTolerance)) return true;
    return false;
  };

  count_metric("agreement.declared", [](const auto& a, const auto&) { return a.agreed; });
  count_metric("agreement.counterfactual", [](const auto&, const auto& b) { return b.agreed; });
  count_metric("agreement_changed",
               [](const auto& a, const auto& b) { return a.agreed != b.agreed; });
  count_metric("agreed_with_not_without",
               [](const auto& a, const auto& b) { return a.agreed && !b.agreed; });
  count_metric("agreed_without_not_with",
               [](const auto& a, const auto& b) { return !a.agreed && b.agreed; });
  count_metric("decisive", decisive);
  count_metric("agreement_phase_changed",
               [](const auto& a, const auto& b) { return a.phase != b.phase; });
  count_metric("deal_changed", deal_changed);
  count_metric("outcome_changed", [&](const auto& a, const auto& b) {
    return a.phase != b.phase || deal_changed(a, b);
  });
  for (std::size_t p = 0; p < scenario.phases.size(); ++p) {
    const Phase& phase = scenario.phases[p];
    for (PhaseResult result : {PhaseResult::kAgreed, PhaseResult::kVetoed}) {
      if (result == PhaseResult::kVetoed && phase.ratifiers.empty()) continue;
      const std::string verb = result == PhaseResult::kAgreed ? "ratified" : "vetoed";
      count_metric(fmt::format("{}_with_not_without.{}", verb, phase.id),
                   [&](const auto& a, const auto& b) {
                     return phase_is(a, p, result) && !phase_is(b, p, result);
                   });
      count_metric(fmt::format("{}_without_not_with.{}", verb, phase.id),
                   [&](const auto& a, const auto& b) {
                     return !phase_is(a, p, result) && phase_is(b, p, result);
                   });
    }
  }
  for (int i = 0; i < scenario.actor_count(); ++i) {
    std::vector<double> change(declared.size());
    for (std::size_t r = 0; r < declared.size(); ++r)
      change[r] = declared[r].utility(i) - counterfactual[r].utility(i);
    const std::string name = "utility_change." + scenario.actors[static_cast<std::size_t>(i)].id;
    CounterfactualMetric metric;
    metric.metric = name;
    metric.is_count = false;
    metric.replicates = n;
    if (n > 0) {
      const MetricSummary summary = summarise_values(name, std::move(change), false);
      metric.value = summary.mean;
      metric.low = summary.mean - kZ95 * summary.mcse;
      metric.high = summary.mean + kZ95 * summary.mcse;
    }
    comparison.metrics.push_back(std::move(metric));
  }
  return comparison;
}

void write_counterfactual_header(std::ostream& out) {
  out << "counterfactual,metric,replicates,count,share,share_low,share_high,mean,mean_low,"
         "mean_high\n";
}

void write_counterfactual_rows(std::ostream& out, const CounterfactualComparison& comparison) {
  for (const CounterfactualMetric& m : comparison.metrics) {
    if (m.is_count) {
      out << fmt::format("{},{},{},{},{},{},{},,,\n", comparison.counterfactual, m.metric,
                         m.replicates, m.count, fixed6(m.value), fixed6(m.low), fixed6(m.high));
    } else {
      out << fmt::format("{},{},{},,,,,{},{},{}\n", comparison.counterfactual, m.metric,
                         m.replicates, fixed6(m.value), fixed6(m.low), fixed6(m.high));
    }
  }
}

std::string describe_counterfactual(const Scenario& scenario,
                                    const CounterfactualComparison& comparison) {
  const auto percent = [](double p) { return fmt::format("{:.1f}%", 100.0 * p); };
  const auto share = [&](const CounterfactualMetric& m) {
    return fmt::format("{:>6} (95% CI {}–{})", percent(m.value), percent(m.low), percent(m.high));
  };
  std::string text = fmt::format(
      "counterfactual {}: each replicate as declared (with) and with it off (without), "
      "paired on the same seed and streams\n",
      escape_control_characters(comparison.counterfactual));
  text += fmt::format("  {:<32} {} with, {} without\n", "agreement",
                      percent(comparison.at("agreement.declared").value),
                      percent(comparison.at("agreement.counterfactual").value));
  text += fmt::format("  {:<32} {}: agreed with & not without {}, not with & agreed without {}\n",
                      "agreement changed", share(comparison.at("agreement_changed")),
                      comparison.at("agreed_with_not_without").count,
                      comparison.at("agreed_without_not_with").count);
  text += fmt::format("  {:<32} {}: agreement, or a phase's ratification or veto, differs\n",
                      "decisive", share(comparison.at("decisive")));
  for (const Phase& phase : scenario.phases) {
    const auto& with = comparison.at("ratified_with_not_without." + phase.id);
    const auto& without = comparison.at("ratified_without_not_with." + phase.id);
    text += fmt::format("  {:<32} with & not without {} ({}), not with & without {} ({})\n",
                        "ratified in " + phase.id, with.count, percent(with.value), without.count,
                        percent(without.value));
  }
  text += fmt::format("  {:<32} {}\n", "phase of agreement changed",
                      share(comparison.at("agreement_phase_changed")));
  text += fmt::format("  {:<32} {}\n", "deal changed (an issue > 1e-9)",
                      share(comparison.at("deal_changed")));
  text += fmt::format("  utility, with − without (mean, 95% CI):\n");
  for (const Actor& actor : scenario.actors) {
    const auto& m = comparison.at("utility_change." + actor.id);
    text +=
        fmt::format("    {:<30} {:+.3f} ({:+.3f} – {:+.3f})\n", actor.id, m.value, m.low, m.high);
  }
  return text;
}

CounterfactualReport run_counterfactual(const Scenario& scenario, const RunSpec& spec,
                                        std::span<const Counterfactual> arms) {
  const auto start = std::chrono::steady_clock::now();
  PARLEY_CHECK(!arms.empty(), "run_counterfactual without an arm");
  // Every id checked before anything runs or is created.
  std::vector<Scenario> changed;
  changed.reserve(arms.size());
  for (const Counterfactual& arm : arms) changed.push_back(counterfactual_scenario(scenario, arm));

  const RunRequest& request = spec.request;
  const int threads = resolve_thread_count(request.threads);
  const auto arm_count = static_cast<std::int64_t>(arms.size());
  // Memory: the declared records and one arm's are held at once; disk: as a run.
  const SweepPoints single(SweepSpec{}, request.seed);
  ResourceEstimate need = estimate_resources(scenario, single, 1, 1, request.replicates, threads);
  check_address_space(threads);
  need.memory_bytes += 2.0 * static_cast<double>(request.replicates) * need.record_bytes;
  check_memory(need, available_memory_bytes(threads), "run");

  OutputFolder::Options folder_options;
  folder_options.mode = OutputFolder::Mode::kFresh;
  folder_options.first_free = spec.first_free_name;
  folder_options.notice = spec.notice;
  OutputFolder folder(spec.out, folder_options);
  {
    std::error_code error;
    const fs::space_info space = fs::space(folder.partial_path(), error);
    check_disk(need, error ? 0.0 : static_cast<double>(space.available),
               spec.out.has_parent_path() ? spec.out.parent_path() : fs::path("."));
  }

  // Progress over all arms: the declared one first, then each counterfactual.
  const std::int64_t total = request.replicates * (1 + arm_count);
  std::int64_t arms_done = 0;
  ProgressCallback progress;
  if (spec.progress) {
    progress = [&](std::int64_t done, std::int64_t) {
      spec.progress(arms_done * request.replicates + done, total);
    };
  }
  const std::vector<SessionRecord> declared = run_replicates(scenario, request, progress);
  CounterfactualReport report;
  for (std::size_t a = 0; a < arms.size(); ++a) {
    ++arms_done;
    const std::vector<SessionRecord> records = run_replicates(changed[a], request, progress);
    report.comparisons.push_back(compare_paired(scenario, arms[a], declared, records));
  }

  const std::vector<MetricSummary> summary = summarise(scenario, declared);
  RecordedFiles files;
  files.push_back({"outcomes.csv", folder.write_file("outcomes.csv", [&](std::ostream& o) {
                     write_outcomes_header(o, scenario);
                     write_outcome_rows(o, scenario, declared, 0, 0);
                   })});
  files.push_back({"summary.csv", folder.write_file("summary.csv", [&](std::ostream& o) {
                     write_summary_header(o);
                     write_summary_rows(o, summary, 0);
                   })});
  files.push_back(
      {"counterfactual.csv", folder.write_file("counterfactual.csv", [&](std::ostream& o) {
         write_counterfactual_header(o);
         for (const CounterfactualComparison& comparison : report.comparisons)
           write_counterfactual_rows(o, comparison);
       })});
  RunInputs inputs;
  inputs.points = 1;
  inputs.replicates = request.replicates;
  inputs.seed = request.seed;
  inputs.analysis = request.analysis;
  for (const Counterfactual& arm : arms) inputs.counterfactuals.push_back(arm.text);
  report.run.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.run.threads = threads;
  ExecutionInfo execution;
  execution.command_line = spec.command_line;
  execution.threads = threads;
  execution.wall_seconds = report.run.wall_seconds;
  execution.replicates_run = total;
  folder.write_file("manifest.json", [&](std::ostream& o) {
    write_manifest(o, scenario, inputs, execution, files);
  });
  folder.commit();
  report.run.folder = folder.final_path();
  report.run.summary = summary;
  return report;
}

namespace {

// "" when the two files hold the same bytes, else where they first differ.
std::string compare_files(const fs::path& recorded, const fs::path& rerun) {
  std::ifstream a(recorded, std::ios::binary);
  if (!a) return "missing from the run folder";
  std::ifstream b(rerun, std::ios::binary);
  if (!b) return "not produced by the re-run";
  std::string line_a, line_b;
  std::uint64_t line = 0;
  while (true) {
    const bool more_a = static_cast<bool>(std::getline(a, line_a));
    const bool more_b = static_cast<bool>(std::getline(b, line_b));
    ++line;
    if (!more_a && !more_b) break;
    if (more_a != more_b || line_a != line_b || a.eof() != b.eof()) {
      const auto shown = [](bool more, const std::string& text) {
        return more ? fmt::format("`{}`", escape_control_characters(text.substr(0, 120)))
                    : std::string("(end of file)");
      };
      return fmt::format("differs at line {}: recorded {}, re-run {}", line, shown(more_a, line_a),
                         shown(more_b, line_b));
    }
  }
  return {};
}

}  // namespace

VerifyReport verify_counterfactual_run(const fs::path& run_folder,
                                       const std::optional<std::string>& scenario_path, int threads,
                                       const std::atomic<bool>* cancel,
                                       const ScenarioOptions& options,
                                       const std::function<void(const std::string&)>& notice) {
  const auto start = std::chrono::steady_clock::now();
  const ManifestInfo recorded = read_manifest(run_folder / "manifest.json");
  Scenario scenario = load_scenario(scenario_path.value_or(recorded.scenario_path), options);
  if (scenario.source_sha256 != recorded.scenario_sha256) {
    throw UsageError(fmt::format(
        "{} has changed since the run (SHA-256 {}, the manifest records {}); pass the original "
        "file with --scenario",
        scenario.source_name, scenario.source_sha256, recorded.scenario_sha256));
  }
  for (const std::string& assignment : recorded.overrides) apply_override(scenario, assignment);
  std::vector<Counterfactual> arms;
  for (const std::string& text : recorded.inputs.counterfactuals)
    arms.push_back(parse_counterfactual(text));

  const TemporaryFolder scratch("parley-verify", notice);
  RunSpec spec;
  spec.request.replicates = recorded.inputs.replicates;
  spec.request.seed = recorded.inputs.seed;
  spec.request.analysis = recorded.inputs.analysis;
  spec.request.threads = threads;
  spec.request.cancel = cancel;
  spec.out = scratch.path() / "run";
  spec.command_line = "parley verify";
  run_counterfactual(scenario, spec, arms);

  VerifyReport report;
  for (const char* name : {"outcomes.csv", "summary.csv", "counterfactual.csv"}) {
    const std::string difference = compare_files(run_folder / name, spec.out / name);
    report.files.push_back({name, difference.empty(), difference});
  }
  const ManifestInfo again = read_manifest(spec.out / "manifest.json");
  const bool same = recorded.inputs_json_portable == again.inputs_json_portable;
  std::string difference = same ? std::string() : "the recorded inputs differ from the re-run's";
  if (same && recorded.git_commit != again.git_commit) {
    difference =
        fmt::format("recorded by engine {} ({}), re-run by {} ({})", recorded.engine_version,
                    recorded.git_commit, again.engine_version, again.git_commit);
  }
  report.files.push_back({"manifest.json (inputs)", same, difference});
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace parley
