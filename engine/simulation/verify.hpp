// `parley verify`: a finished run re-run from its manifest and compared byte
// for byte.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parsing/scenario_parser.hpp"

namespace parley {

// `parley verify`: re-runs a finished run folder from its manifest (scenario
// file, whose SHA-256 must match; overrides; seed; replicates; design; shard)
// into a private temporary folder (output/temporary_folder.hpp) and compares
// outcomes.csv, summary.csv and sensitivity.csv byte for byte, and the
// manifests without `execution` and `files`.
struct VerifiedFile {
  std::string name;
  bool identical = false;
  std::string detail;  // where it differs, or why it could not be compared
};
struct VerifyReport {
  std::vector<VerifiedFile> files;
  double wall_seconds = 0.0;
  bool all_identical() const;
};
VerifyReport verify_run(const std::filesystem::path& run_folder,
                        const std::optional<std::string>& scenario_path, int threads,
                        const std::atomic<bool>* cancel, const ScenarioOptions& options = {},
                        const std::function<void(const std::string&)>& notice = {});

}  // namespace parley
