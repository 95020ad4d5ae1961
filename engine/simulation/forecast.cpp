// A forecast run over a case table (files and their columns in forecast.hpp).
#include "simulation/forecast.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "build_info.hpp"
#include "core/errors.hpp"
#include "output/csv_writer.hpp"
#include "output/manifest.hpp"
#include "output/output_folder.hpp"
#include "protocol/forecast_models.hpp"

namespace parley {
namespace {

using Json = nlohmann::ordered_json;

void check_models(const std::vector<std::string>& models) {
  const std::vector<std::string> known = forecast_model_names();
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

}  // namespace

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
  out << "case,model,forecast\n";
  std::size_t k = 0;
  for (const ForecastCase& c : table.cases) {
    const std::string id = csv_field(c.id);
    for (const std::string& model : models)
      out << id << ',' << csv_field(model) << ',' << fixed6(forecasts[k++]) << '\n';
  }
}

void write_case_errors_csv(std::ostream& out, const CaseTable& table) {
  out << "case,line,error\n";
  for (const CaseError& error : table.errors)
    out << csv_field(error.case_id) << ',' << error.line << ',' << csv_field(error.message) << '\n';
}

void write_forecast_manifest(std::ostream& out, const CaseTable& table,
                             const std::vector<std::string>& models,
                             const std::string& command_line, const RecordedFiles& files) {
  Json manifest;
  manifest["format"] = "parley-forecast/1";
  manifest["engine"] = {{"version", build_info::kEngineVersion},
                        {"git_commit", build_info::kGitCommit}};
  manifest["input"] = {{"path", table.source_name}, {"sha256", table.source_sha256}};
  manifest["models"] = models;
  manifest["options"] = {{"scale_min", table.options.scale_min},
                         {"scale_max", table.options.scale_max},
                         {"salience_scale", table.salience_percent ? "0-100" : "0-1"},
                         {"qmv_quota", kQualifiedMajorityQuota}};
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
  check_models(models);
  // Every forecast first, so that a failing model or Ctrl-C leaves no folder behind.
  std::vector<double> forecasts;
  forecasts.reserve(table.cases.size() * models.size());
  for (const ForecastCase& c : table.cases) {
    if (output.cancel != nullptr && output.cancel->load()) throw RunCancelled();
    for (const std::string& model : models) forecasts.push_back(forecast(model, c));
  }

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
    write_forecast_manifest(o, table, models, output.command_line, files);
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
