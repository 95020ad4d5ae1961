#include "output/manifest.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "build_info.hpp"
#include "core/errors.hpp"
#include "core/input_file.hpp"
#include "protocol/protocol.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley {
namespace {

using Json = nlohmann::ordered_json;

Json design_json(const SweepSpec& design, std::int64_t points) {
  Json json;
  json["kind"] = to_string(design.kind);
  json["points"] = points;
  if (design.kind == DesignKind::kLatinHypercube || design.kind == DesignKind::kSobol)
    json["samples"] = design.samples;
  Json axes = Json::array();
  for (const SweepAxis& axis : design.axes) {
    Json entry;
    entry["path"] = axis.path;
    switch (axis.kind) {
      case SweepAxis::Kind::kGrid:
        entry["grid"] = {{"start", axis.start}, {"stop", axis.stop}, {"count", axis.count}};
        break;
      case SweepAxis::Kind::kValues:
        entry["values"] = axis.values;
        break;
      case SweepAxis::Kind::kRange:
        entry["range"] = {axis.low, axis.high};
        break;
    }
    axes.push_back(std::move(entry));
  }
  json["parameters"] = std::move(axes);
  return json;
}

Json inputs_json(const Scenario& scenario, const RunInputs& inputs) {
  Json manifest;
  manifest["format"] = "parley-run/1";
  manifest["engine"] = {{"version", build_info::kEngineVersion},
                        {"git_commit", build_info::kGitCommit}};
  manifest["scenario"] = {{"path", scenario.source_name},
                          {"name", scenario.name},
                          {"description", scenario.description},
                          {"sha256", scenario.source_sha256}};
  manifest["seed"] = inputs.seed;
  manifest["replicates"] = inputs.replicates;
  manifest["analysis"] = inputs.analysis;
  manifest["overrides"] = scenario.overrides;
  manifest["design"] = design_json(inputs.design, inputs.points);
  if (inputs.shard)
    manifest["shard"] = {{"index", inputs.shard->index}, {"count", inputs.shard->count}};
  if (!inputs.counterfactuals.empty()) manifest["counterfactual"] = inputs.counterfactuals;

  Json parameters = Json::array();
  for (const ScenarioParameter& p : scenario.parameters) {
    Json entry;
    entry["path"] = p.path;
    if (p.value.is_fixed()) {
      entry["value"] = p.value.mean();
    } else {
      entry["distribution"] = p.value.to_toml();
      entry["mean"] = p.value.mean();
    }
    parameters.push_back(std::move(entry));
  }
  manifest["parameters"] = std::move(parameters);

  // Who was at each table and who had to ratify.
  auto ids = [&](const std::vector<int>& actors) {
    Json list = Json::array();
    for (int a : actors) list.push_back(scenario.actors[static_cast<std::size_t>(a)].id);
    return list;
  };
  Json phases = Json::array();
  for (const Phase& phase : scenario.phases) {
    phases.push_back({{"id", phase.id},
                      {"protocol", protocol_of(phase).name()},
                      {"participants", ids(phase.participants)},
                      {"ratifiers", ids(phase.ratifiers)},
                      {"max_rounds", phase.max_rounds}});
  }
  manifest["phases"] = std::move(phases);

  Json strategies = Json::object();
  for (const Actor& actor : scenario.actors) strategies[actor.id] = actor.strategy;
  manifest["strategies"] = std::move(strategies);
  return manifest;
}

}  // namespace

std::string manifest_inputs_json(const Scenario& scenario, const RunInputs& inputs) {
  return inputs_json(scenario, inputs).dump(2);
}

namespace {
Json files_json(const RecordedFiles& files) {
  Json json = Json::object();
  for (const RecordedFile& file : files) {
    json[file.name] = {{"rows", file.digest.lines > 0 ? file.digest.lines - 1 : 0},
                       {"bytes", file.digest.bytes},
                       {"sha256", file.digest.sha256}};
  }
  return json;
}
}  // namespace

std::string recorded_files_json(const RecordedFiles& files) { return files_json(files).dump(2); }

void write_manifest(std::ostream& out, const Scenario& scenario, const RunInputs& inputs,
                    const ExecutionInfo& execution, const RecordedFiles& files) {
  write_manifest(out, manifest_inputs_json(scenario, inputs), execution, files);
}

void write_manifest(std::ostream& out, const std::string& inputs_json,
                    const ExecutionInfo& execution, const RecordedFiles& files) {
  Json manifest = Json::parse(inputs_json);
  manifest["files"] = files_json(files);
  Json run;
  run["command_line"] = execution.command_line;
  run["threads"] = execution.threads;
  run["mpi_ranks"] = execution.mpi_ranks;
  run["wall_seconds"] = execution.wall_seconds;
  run["replicates_run"] = execution.replicates_run;
  run["replicates_per_second"] =
      execution.wall_seconds > 0
          ? static_cast<double>(execution.replicates_run) / execution.wall_seconds
          : 0.0;
  if (execution.resumed) run["resumed"] = true;
  if (execution.merged_shards > 0) run["merged_shards"] = execution.merged_shards;
  manifest["execution"] = std::move(run);
  out << manifest.dump(2) << '\n';
}

ManifestInfo read_manifest(const std::filesystem::path& path) {
  std::string bytes;
  try {
    bytes = read_input_file(path.string(), "manifest (manifest.json)");
  } catch (const ScenarioError& bad) {
    throw OutputError(bad.what());
  }
  Json manifest;
  try {
    manifest = Json::parse(bytes);
  } catch (const nlohmann::json::exception& bad) {
    throw OutputError(fmt::format("{}: not valid JSON: {}", path.string(), bad.what()));
  }
  try {
    if (manifest.value("format", "") != "parley-run/1") {
      throw OutputError(fmt::format(
          "{}: not a parley manifest (expected \"format\": \"parley-run/1\")", path.string()));
    }
    ManifestInfo info;
    info.scenario_path = manifest.at("scenario").at("path").get<std::string>();
    info.scenario_sha256 = manifest.at("scenario").at("sha256").get<std::string>();
    info.overrides = manifest.at("overrides").get<std::vector<std::string>>();
    RunInputs& inputs = info.inputs;
    inputs.seed = manifest.at("seed").get<std::uint64_t>();
    inputs.replicates = manifest.at("replicates").get<std::int64_t>();
    inputs.analysis = manifest.at("analysis").get<bool>();
    const Json& design = manifest.at("design");
    const std::string kind = design.at("kind").get<std::string>();
    bool known = false;
    for (DesignKind candidate : {DesignKind::kSinglePoint, DesignKind::kGrid,
                                 DesignKind::kLatinHypercube, DesignKind::kSobol}) {
      if (kind == to_string(candidate)) {
        inputs.design.kind = candidate;
        known = true;
      }
    }
    if (!known)
      throw OutputError(fmt::format("{}: unknown design kind \"{}\"", path.string(), kind));
    inputs.points = design.at("points").get<std::int64_t>();
    if (design.contains("samples"))
      inputs.design.samples = design.at("samples").get<std::int64_t>();
    for (const Json& entry : design.at("parameters")) {
      SweepAxis axis;
      axis.path = entry.at("path").get<std::string>();
      if (entry.contains("grid")) {
        axis.kind = SweepAxis::Kind::kGrid;
        axis.start = entry.at("grid").at("start").get<double>();
        axis.stop = entry.at("grid").at("stop").get<double>();
        axis.count = entry.at("grid").at("count").get<std::int64_t>();
      } else if (entry.contains("values")) {
        axis.kind = SweepAxis::Kind::kValues;
        axis.values = entry.at("values").get<std::vector<std::string>>();
      } else {
        axis.kind = SweepAxis::Kind::kRange;
        axis.low = entry.at("range").at(0).get<double>();
        axis.high = entry.at("range").at(1).get<double>();
      }
      inputs.design.axes.push_back(std::move(axis));
    }
    if (manifest.contains("shard")) {
      inputs.shard = Shard{manifest.at("shard").at("index").get<int>(),
                           manifest.at("shard").at("count").get<int>()};
    }
    if (manifest.contains("counterfactual")) {
      inputs.counterfactuals = manifest.at("counterfactual").get<std::vector<std::string>>();
    }
    info.engine_version = manifest.at("engine").at("version").get<std::string>();
    info.git_commit = manifest.at("engine").at("git_commit").get<std::string>();
    if (manifest.contains("files")) {
      for (const auto& [name, entry] : manifest.at("files").items()) {
        RecordedFile file;
        file.name = name;
        file.digest.lines = entry.at("rows").get<std::uint64_t>() + 1;
        file.digest.bytes = entry.at("bytes").get<std::uint64_t>();
        file.digest.sha256 = entry.at("sha256").get<std::string>();
        info.files.push_back(std::move(file));
      }
    }
    manifest.erase("execution");
    manifest.erase("files");
    info.inputs_json = manifest.dump(2);
    Json portable = manifest;
    portable.erase("engine");
    portable.at("scenario").erase("path");
    info.inputs_json_portable = portable.dump(2);
    manifest.erase("shard");
    info.inputs_json_unsharded = manifest.dump(2);
    return info;
  } catch (const nlohmann::json::exception& bad) {
    throw OutputError(
        fmt::format("{}: not a complete parley manifest: {}", path.string(), bad.what()));
  }
}

}  // namespace parley
