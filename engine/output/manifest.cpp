#include "output/manifest.hpp"

#include <nlohmann/json.hpp>

#include "build_info.hpp"
#include "strategy/strategy_catalogue.hpp"

namespace parley {

void write_manifest(std::ostream& out, const Scenario& scenario, const RunRequest& request,
                    const ExecutionInfo& execution) {
  nlohmann::ordered_json manifest;
  manifest["format"] = "parley-run/1";
  manifest["engine"] = {{"version", build_info::kEngineVersion},
                        {"git_commit", build_info::kGitCommit}};
  manifest["scenario"] = {
      {"path", scenario.source_name}, {"name", scenario.name}, {"sha256", scenario.source_sha256}};
  manifest["seed"] = request.seed;
  manifest["replicates"] = request.replicates;
  manifest["analysis"] = request.analysis;
  manifest["overrides"] = scenario.overrides;
  manifest["design"] = {{"kind", "single_point"}, {"points", 1}};

  nlohmann::ordered_json parameters = nlohmann::ordered_json::array();
  for (const ScenarioParameter& p : scenario.parameters) {
    nlohmann::ordered_json entry;
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
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (int a : actors) list.push_back(scenario.actors[static_cast<std::size_t>(a)].id);
    return list;
  };
  nlohmann::ordered_json phases = nlohmann::ordered_json::array();
  for (const Phase& phase : scenario.phases) {
    phases.push_back(
        {{"id", phase.id},
         {"protocol", phase.protocol == ProtocolKind::kRandomProposer ? "random_proposer"
                                                                      : "alternating_offers"},
         {"participants", ids(phase.participants)},
         {"ratifiers", ids(phase.ratifiers)},
         {"max_rounds", phase.max_rounds}});
  }
  manifest["phases"] = std::move(phases);

  nlohmann::ordered_json strategies = nlohmann::ordered_json::object();
  for (const Actor& actor : scenario.actors)
    strategies[actor.id] = strategy_info(actor.strategy).name;
  manifest["strategies"] = std::move(strategies);

  manifest["execution"] = {
      {"command_line", execution.command_line},
      {"threads", execution.threads},
      {"wall_seconds", execution.wall_seconds},
      {"replicates_per_second",
       execution.wall_seconds > 0 ? static_cast<double>(request.replicates) / execution.wall_seconds
                                  : 0.0}};
  out << manifest.dump(2) << '\n';
}

}  // namespace parley
