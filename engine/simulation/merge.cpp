// Merging shards (simulation/merge.hpp): checks that the folders are all the
// shards of one sweep and that their files are the bytes their manifests
// record, then merges outcomes.csv and summary.csv by point, streaming, and
// computes sensitivity.csv for a Sobol design.
#include "simulation/merge.hpp"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <string_view>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "output/file_sink.hpp"
#include "output/manifest.hpp"
#include "output/output_folder.hpp"
#include "simulation/sweep_common.hpp"

namespace parley {
namespace fs = std::filesystem;
using detail::first_difference;
using detail::write_sensitivity;

namespace {

// Merges CSV files sorted by their leading point number, streaming, into `out`.
void merge_by_point(std::ostream& out, const std::vector<fs::path>& files) {
  struct Source {
    std::ifstream in;
    std::string line;
    std::int64_t point = 0;
    bool live = false;
    void next() {
      live = static_cast<bool>(std::getline(in, line));
      if (live) {
        point = 0;
        std::from_chars(line.data(), line.data() + line.size(), point);
      }
    }
  };
  std::vector<Source> sources(files.size());
  std::string header;
  for (std::size_t k = 0; k < files.size(); ++k) {
    sources[k].in.open(files[k], std::ios::binary);
    if (!sources[k].in) throw OutputError(fmt::format("cannot read {}", files[k].string()));
    std::string this_header;
    std::getline(sources[k].in, this_header);
    if (k == 0) header = this_header;
    if (this_header != header) {
      throw OutputError(
          fmt::format("{} and {} have different columns; they are not shards of "
                      "one sweep",
                      files[0].string(), files[k].string()));
    }
    sources[k].next();
  }
  out << header << '\n';
  for (;;) {
    Source* lowest = nullptr;
    for (Source& source : sources)
      if (source.live && (lowest == nullptr || source.point < lowest->point)) lowest = &source;
    if (lowest == nullptr) return;
    const std::int64_t point = lowest->point;
    while (lowest->live && lowest->point == point) {
      out << lowest->line << '\n';
      lowest->next();
    }
  }
}

const RecordedFile* recorded_file(const ManifestInfo& manifest, std::string_view name) {
  for (const RecordedFile& file : manifest.files)
    if (file.name == name) return &file;
  return nullptr;
}

// Throws OutputError unless each named file of `folder` has the rows, bytes and
// SHA-256 that its manifest records.
void check_recorded_files(const fs::path& folder, const ManifestInfo& manifest,
                          std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const RecordedFile* recorded = recorded_file(manifest, name);
    if (recorded == nullptr) {
      throw OutputError(fmt::format(
          "{}/manifest.json records no size or SHA-256 of {} (written by an older parley), "
          "so its contents cannot be checked; run that shard again",
          folder.string(), name));
    }
    const FileDigest found = digest_file(folder / name);
    if (found.sha256 == recorded->digest.sha256 && found.bytes == recorded->digest.bytes) continue;
    const auto rows = [](const FileDigest& d) { return d.lines > 0 ? d.lines - 1 : 0; };
    throw OutputError(fmt::format(
        "{}/{} is not the file its manifest records ({} rows, {} bytes, SHA-256 {}…; found {} "
        "rows, {} bytes, SHA-256 {}…): it was cut short, extended or changed; run that shard "
        "again",
        folder.string(), name, rows(recorded->digest), recorded->digest.bytes,
        recorded->digest.sha256.substr(0, 12), rows(found), found.bytes,
        found.sha256.substr(0, 12)));
  }
}

}  // namespace

void merge_shards(const std::vector<fs::path>& shards, const fs::path& out,
                  const std::string& command_line) {
  const auto start = std::chrono::steady_clock::now();
  if (shards.empty()) throw UsageError("parley merge: expected the shard folders to merge");
  std::vector<ManifestInfo> manifests;
  for (const fs::path& shard : shards) manifests.push_back(read_manifest(shard / "manifest.json"));
  const int count = static_cast<int>(shards.size());
  std::vector<int> seen(static_cast<std::size_t>(count) + 1, 0);
  for (std::size_t k = 0; k < shards.size(); ++k) {
    const auto& shard = manifests[k].inputs.shard;
    if (!shard) {
      throw UsageError(
          fmt::format("{} is not a shard (its manifest has no \"shard\"); merge "
                      "takes the folders of `parley sweep --shard K/N` runs",
                      shards[k].string()));
    }
    if (shard->count != count) {
      throw UsageError(
          fmt::format("{} is shard {}/{}, but {} folders were given; merge needs "
                      "all {} shards, each once",
                      shards[k].string(), shard->index, shard->count, count, shard->count));
    }
    if (++seen[static_cast<std::size_t>(shard->index)] > 1)
      throw UsageError(fmt::format("shard {}/{} is given twice", shard->index, count));
    if (manifests[k].inputs_json_unsharded != manifests[0].inputs_json_unsharded) {
      throw UsageError(fmt::format(
          "{} and {} come from different sweeps (manifests differ at {}); merge refuses them",
          shards[0].string(), shards[k].string(),
          first_difference(manifests[0].inputs_json_unsharded,
                           manifests[k].inputs_json_unsharded)));
    }
  }

  // Each shard's files must be the bytes its manifest records: a file cut short
  // or with lines appended is refused before anything is written.
  for (std::size_t k = 0; k < shards.size(); ++k)
    check_recorded_files(shards[k], manifests[k], {"outcomes.csv", "summary.csv"});

  OutputFolder folder(out);
  RecordedFiles written;
  for (const char* name : {"outcomes.csv", "summary.csv"}) {
    std::vector<fs::path> files;
    std::uint64_t rows = 0;
    for (std::size_t k = 0; k < shards.size(); ++k) {
      files.push_back(shards[k] / name);
      rows += recorded_file(manifests[k], name)->digest.lines - 1;
    }
    const FileDigest digest =
        folder.write_file(name, [&](std::ostream& o) { merge_by_point(o, files); });
    PARLEY_CHECK(digest.lines == rows + 1, "merged {} has {} lines for {} shard rows", name,
                 digest.lines, rows);
    written.push_back({name, digest});
  }
  const RunInputs& inputs = manifests[0].inputs;
  if (inputs.design.kind == DesignKind::kSobol) {
    std::vector<std::string> columns;
    for (const SweepAxis& axis : inputs.design.axes) columns.push_back(axis.path);
    written.push_back(
        {"sensitivity.csv", folder.write_file("sensitivity.csv", [&](std::ostream& o) {
           write_sensitivity(o, folder.path_of("summary.csv"), columns, inputs.points, inputs.seed);
         })});
  }
  ExecutionInfo execution;
  execution.command_line = command_line;
  execution.merged_shards = count;
  execution.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  folder.write_file("manifest.json", [&](std::ostream& o) {
    write_manifest(o, manifests[0].inputs_json_unsharded, execution, written);
  });
  folder.commit();
}

}  // namespace parley
