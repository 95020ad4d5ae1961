// A forecast run over a case table (files and their columns in forecast.hpp).
#include "simulation/forecast.hpp"

#include <algorithm>
#include <functional>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "build_info.hpp"
#include "core/errors.hpp"
#include "output/csv_writer.hpp"
#include "output/manifest.hpp"
#include "output/output_folder.hpp"
#include "protocol/exchange_model.hpp"
#include "protocol/forecast_models.hpp"

namespace parley {
namespace {

using Json = nlohmann::ordered_json;

void check_models(const std::vector<std::string>& models) {
  const std::vector<std::string> known = table_model_names();
  if (models.empty())
    throw UsageError(
        fmt::format("no forecasting model given (choose from: {})", fmt::join(known, ", ")));
  for (std::size_t m = 0; m < models.size(); ++m) {
    if (std::find(known.begin(), known.end(), models[m]) == known.end())
      throw UsageError(fmt::format("unknown forecasting model \"{}\" (expected one of: {})",
                                   models[m], fmt::join(known, ", ")));
    if (std::find(models.begin(), models.begin() + static_cast<std::ptrdiff_t>(m), models[m]) !=
        models.begin() + static_cast<std::ptrdiff_t>(m))
      throw UsageError(fmt::format("forecasting model \"{}\" is given twice", models[m]));
  }
}

bool is_one_issue_model(std::string_view model) {
  const std::vector<std::string> names = forecast_model_names();
  return std::find(names.begin(), names.end(), model) != names.end();
}

}  // namespace

std::vector<std::string> table_model_names() {
  std::vector<std::string> names = forecast_model_names();
  names.insert(names.end(), {"exchange", "agents", "ensemble"});
  return names;
}

std::vector<EnsembleMember> ensemble_members() {
  // Chosen on the FIT half of DEU III's development issues by tools/deu_accuracy.py
  // (the best equal-weight mean of at most three models on the table's capabilities),
  // before the TEST half was scored; see the README, "How accurate is it?".
  return {{"expected_utility", 1.0 / 3.0}, {"median", 1.0 / 3.0}, {"nash", 1.0 / 3.0}};
}

std::vector<double> make_forecasts(const CaseTable& table, const std::vector<std::string>& models,
                                   const AgentPlayOptions& agents,
                                   const std::atomic<bool>* cancel) {
  check_models(models);
  const std::size_t cases = table.cases.size();
  // Each model's forecasts, computed once (the ensemble reuses its members').
  std::unordered_map<std::string, std::vector<double>> by_model;
  const auto cancelled = [&] { return cancel != nullptr && cancel->load(); };
  std::function<const std::vector<double>&(const std::string&)> model_forecasts =
      [&](const std::string& model) -> const std::vector<double>& {
    if (const auto found = by_model.find(model); found != by_model.end()) return found->second;
    std::vector<double> values(cases, 0.0);
    if (is_one_issue_model(model)) {
      for (std::size_t k = 0; k < cases; ++k) {
        if (cancelled()) throw RunCancelled();
        values[k] = forecast(model, table.cases[k]);
      }
    } else if (model == "ensemble") {
      for (const EnsembleMember& member : ensemble_members()) {
        const std::vector<double>& part = model_forecasts(member.model);
        for (std::size_t k = 0; k < cases; ++k) values[k] += member.weight * part[k];
      }
    } else {
      for (const std::vector<std::size_t>& proposal : proposals_of(table)) {
        if (cancelled()) throw RunCancelled();
        std::vector<ForecastCase> issues;
        issues.reserve(proposal.size());
        for (std::size_t k : proposal) issues.push_back(table.cases[k]);
        const std::vector<double> result =
            model == "exchange" ? exchange_forecasts(issues) : play_proposal(issues, agents).median;
        for (std::size_t i = 0; i < proposal.size(); ++i) values[proposal[i]] = result[i];
      }
    }
    return by_model.emplace(model, std::move(values)).first->second;
  };
  std::vector<double> forecasts;
  forecasts.reserve(cases * models.size());
  for (const std::string& model : models) (void)model_forecasts(model);
  for (std::size_t k = 0; k < cases; ++k)
    for (const std::string& model : models) forecasts.push_back(by_model.at(model)[k]);
  return forecasts;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void write_forecasts_csv(std::ostream& out, const CaseTable& table,
                         const std::vector<std::string>& models,
                         const std::vector<double>& forecasts) {
  PARLEY_CHECK(forecasts.size() == table.cases.size() * models.size(),
               "{} forecasts for {} cases x {} models", forecasts.size(), table.cases.size(),
               models.size());
  out << (table.has_issues ? "case,issue,model,forecast\n" : "case,model,forecast\n");
  std::size_t k = 0;
  for (const ForecastCase& c : table.cases) {
    std::string id = csv_field(c.id);
    if (table.has_issues) id += ',' + csv_field(c.issue);
    for (const std::string& model : models)
      out << id << ',' << csv_field(model) << ',' << fixed6(forecasts[k++]) << '\n';
  }
}

void write_case_errors_csv(std::ostream& out, const CaseTable& table) {
  out << (table.has_issues ? "case,issue,line,error\n" : "case,line,error\n");
  for (const CaseError& error : table.errors) {
    out << csv_field(error.case_id) << ',';
    if (table.has_issues) out << csv_field(error.issue) << ',';
    out << error.line << ',' << csv_field(error.message) << '\n';
  }
}

void write_forecast_manifest(std::ostream& out, const CaseTable& table,
                             const std::vector<std::string>& models,
                             const std::string& command_line, const RecordedFiles& files,
                             const AgentPlayOptions& agents) {
  Json manifest;
  manifest["format"] = "parley-forecast/1";
  manifest["engine"] = {{"version", build_info::kEngineVersion},
                        {"git_commit", build_info::kGitCommit}};
  manifest["input"] = {{"path", table.source_name}, {"sha256", table.source_sha256}};
  manifest["models"] = models;
  manifest["options"] = {{"scale_min", table.options.scale_min},
                         {"scale_max", table.options.scale_max},
                         {"salience_scale", table.salience_percent ? "0-100" : "0-1"},
                         {"qmv_quota", kQualifiedMajorityQuota},
                         {"multi_issue", table.has_issues}};
  const std::vector<EnsembleMember> members = ensemble_members();
  const bool ensemble = std::find(models.begin(), models.end(), "ensemble") != models.end();
  const bool agents_in_ensemble =
      ensemble && std::any_of(members.begin(), members.end(),
                              [](const EnsembleMember& m) { return m.model == "agents"; });
  if (agents_in_ensemble || std::find(models.begin(), models.end(), "agents") != models.end()) {
    manifest["agents"] = {
        {"replicates", agents.replicates},
        {"seed", agents.seed},
        {"strategy", agents.strategy},
        {"table_rounds", agents.table_rounds},
        {"position_sd", agents.position_sd},
        {"salience_sd", agents.salience_sd},
        {"perception_sd", agents.perception_sd},
        {"fallback",
         agents.fallback == AgentPlayOptions::Fallback::kNothing ? "nothing" : "status_quo"},
        {"point_forecast", "median"}};
  }
  if (ensemble) {
    Json listed = Json::array();
    for (const EnsembleMember& member : members)
      listed.push_back({{"model", member.model}, {"weight", member.weight}});
    manifest["ensemble"] = {{"members", listed},
                            {"fitted_on",
                             "FIT half of DEU III development issues "
                             "(tools/deu_accuracy.py)"}};
  }
  const std::size_t skipped = table.case_count - table.cases.size();
  manifest["counts"] = {{"rows", table.rows},
                        {"cases", table.case_count},
                        {"forecast_cases", table.cases.size()},
                        {"skipped_cases", skipped},
                        {"case_errors", table.errors.size()},
                        {"forecasts", table.cases.size() * models.size()}};
  manifest["files"] = Json::parse(recorded_files_json(files));
  manifest["execution"] = {{"command_line", command_line}};
  out << manifest.dump(2) << '\n';
}

ForecastReport run_forecasts(const CaseTable& table, const std::vector<std::string>& models,
                             const ForecastOutput& output) {
  // Every forecast first, so that a failing model or Ctrl-C leaves no folder behind.
  const std::vector<double> forecasts = make_forecasts(table, models, output.agents, output.cancel);

  OutputFolder::Options options;
  options.first_free = output.first_free_name;
  options.notice = output.notice;
  OutputFolder folder(output.folder, options);
  RecordedFiles files;
  files.push_back({"forecasts.csv", folder.write_file("forecasts.csv", [&](std::ostream& o) {
                     write_forecasts_csv(o, table, models, forecasts);
                   })});
  if (!table.errors.empty()) {
    files.push_back({"case_errors.csv", folder.write_file("case_errors.csv", [&](std::ostream& o) {
                       write_case_errors_csv(o, table);
                     })});
  }
  folder.write_file("manifest.json", [&](std::ostream& o) {
    write_forecast_manifest(o, table, models, output.command_line, files, output.agents);
  });
  folder.commit();

  ForecastReport report;
  report.folder = folder.final_path();
  report.cases = table.cases.size();
  report.skipped_cases = table.case_count - table.cases.size();
  report.forecasts = forecasts.size();
  return report;
}

ForecastReport run_forecasts(const CaseTable& table, const std::vector<std::string>& models,
                             const std::filesystem::path& out, const std::string& command_line) {
  ForecastOutput output;
  output.folder = out;
  output.command_line = command_line;
  return run_forecasts(table, models, output);
}

}  // namespace parley
