// manifest.json: everything that determines a run, so it can be repeated.
//
// Engine version and git commit, the scenario's path, name and SHA-256, the
// seed and replicates per point, the `--set` overrides, the sweep design (kind,
// swept parameters, points), the shard (when only part of a sweep ran), the
// counterfactual arms (`parley run --counterfactual`, when given), every
// scenario parameter with its resolved value or distribution (defaults
// included), phases and strategies — and, under `execution`, how it ran
// (command line, threads, MPI ranks, timings). Under `files`, each output file
// with its data rows, bytes and SHA-256, so that `parley merge` can refuse a
// shard whose files were cut or extended and anyone can check a folder with
// `sha256sum`. Everything but `execution` and `files` is a pure function of the
// inputs: `parley verify` and `parley merge` compare manifests on that part,
// and read it back with `read_manifest`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "output/file_sink.hpp"
#include "scenario/scenario.hpp"
#include "scenario/sweep_spec.hpp"

namespace parley {

// Part K (1-based) of N of a sweep's points, for batch schedulers' job arrays.
struct Shard {
  int index = 1;
  int count = 1;
};

// What determines a run's outputs.
struct RunInputs {
  SweepSpec design;
  std::int64_t points = 1;
  std::int64_t replicates = 1000;  // per point
  std::uint64_t seed = 1;
  bool analysis = true;
  std::optional<Shard> shard;
  // `parley run --counterfactual` (simulation/counterfactual.hpp): the arms, as
  // "instrument=ID:off"…; written as "counterfactual" only when there are some.
  std::vector<std::string> counterfactuals;
};

struct ExecutionInfo {
  std::string command_line;
  int threads = 1;
  int mpi_ranks = 1;
  double wall_seconds = 0.0;
  std::int64_t replicates_run = 0;  // in this process (a resumed run skips finished points)
  bool resumed = false;
  int merged_shards = 0;  // `parley merge`: how many shards were merged
};

// An output file as the manifest records it.
struct RecordedFile {
  std::string name;  // e.g. "outcomes.csv"
  FileDigest digest;
};
using RecordedFiles = std::vector<RecordedFile>;

// The manifest without `execution` and `files`, as JSON text (stable key order).
std::string manifest_inputs_json(const Scenario& scenario, const RunInputs& inputs);

void write_manifest(std::ostream& out, const Scenario& scenario, const RunInputs& inputs,
                    const ExecutionInfo& execution, const RecordedFiles& files);
// The same from the inputs part as text (`parley merge` writes the shards' common inputs).
void write_manifest(std::ostream& out, const std::string& inputs_json,
                    const ExecutionInfo& execution, const RecordedFiles& files);
// `files` as the manifest's JSON object ("rows" counts the lines after the header).
std::string recorded_files_json(const RecordedFiles& files);

// A manifest read back (verify, merge).
struct ManifestInfo {
  std::string scenario_path;
  std::string scenario_sha256;
  std::vector<std::string> overrides;
  RunInputs inputs;
  std::string inputs_json;            // as manifest_inputs_json would write it
  std::string inputs_json_unsharded;  // the same without `shard`
  // Without `engine` and the scenario's path: what a re-run by another build,
  // or from another working directory, must reproduce.
  std::string inputs_json_portable;
  std::string engine_version;
  std::string git_commit;
  // The output files the manifest records (empty for a manifest written
  // before parley recorded them), with `rows` = lines − 1.
  RecordedFiles files;
};

// Throws OutputError naming the file and the problem when it is not a parley manifest.
ManifestInfo read_manifest(const std::filesystem::path& path);

}  // namespace parley
