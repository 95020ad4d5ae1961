// Verifying a run (simulation/verify.hpp): the run folder's scenario, checked
// against its SHA-256, is run again with the manifest's inputs into a private
// temporary folder, and the outputs are compared byte for byte, each
// difference told by byte offset, line and the two lines there.
#include "simulation/verify.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "output/manifest.hpp"
#include "output/temporary_folder.hpp"
#include "simulation/sweep.hpp"
#include "simulation/sweep_common.hpp"

namespace parley {
namespace fs = std::filesystem;
using detail::first_difference;

namespace {

// The text of the line that starts at byte `offset` of `fd` (at most 120 bytes).
std::string line_at(int fd, std::uint64_t offset) {
  std::string text(120, '\0');
  const ssize_t got = ::pread(fd, text.data(), text.size(), static_cast<off_t>(offset));
  text.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  const std::size_t end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  return escape_control_characters(text);
}

// Compares two files byte for byte; "" when identical, else where they first
// differ (byte offset, line, and the two lines there).
std::string compare_files(const fs::path& expected, const fs::path& actual) {
  const int a = ::open(expected.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (a < 0) return "missing from the run folder";
  const int b = ::open(actual.c_str(), O_RDONLY | O_CLOEXEC);
  if (b < 0) {
    ::close(a);
    return "not produced by the re-run";
  }
  struct Closer {
    int a, b;
    ~Closer() {
      ::close(a);
      ::close(b);
    }
  } closer{a, b};
  constexpr std::size_t kChunk = 1 << 20;
  std::string x(kChunk, '\0');
  std::string y(kChunk, '\0');
  std::uint64_t offset = 0, line = 1, line_start = 0;
  const auto read_full = [](int fd, std::string& buffer, std::uint64_t at) -> std::size_t {
    std::size_t filled = 0;
    while (filled < buffer.size()) {
      const ssize_t got = ::pread(fd, buffer.data() + filled, buffer.size() - filled,
                                  static_cast<off_t>(at + filled));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      filled += static_cast<std::size_t>(got);
    }
    return filled;
  };
  for (;;) {
    const std::size_t got_x = read_full(a, x, offset);
    const std::size_t got_y = read_full(b, y, offset);
    const std::size_t common = std::min(got_x, got_y);
    std::size_t k = 0;
    while (k < common && x[k] == y[k]) {
      if (x[k] == '\n') {
        ++line;
        line_start = offset + k + 1;
      }
      ++k;
    }
    if (k < common || got_x != got_y) {
      const std::uint64_t at = offset + k;
      const auto describe = [&](int fd, std::size_t got) {
        return k < got ? fmt::format("`{}`", line_at(fd, line_start))
                       : fmt::format("`{}` (end of file)", line_at(fd, line_start));
      };
      return fmt::format("differs at byte {} (line {}): recorded {}, re-run {}", at, line,
                         describe(a, got_x), describe(b, got_y));
    }
    if (got_x == 0) return {};
    offset += got_x;
  }
}

}  // namespace

bool VerifyReport::all_identical() const {
  return std::all_of(files.begin(), files.end(), [](const auto& f) { return f.identical; });
}

VerifyReport verify_run(const fs::path& run_folder, const std::optional<std::string>& scenario_path,
                        int threads, const std::atomic<bool>* cancel,
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

  SweepRequest request;
  request.design = recorded.inputs.design;
  request.replicates = recorded.inputs.replicates;
  request.seed = recorded.inputs.seed;
  request.analysis = recorded.inputs.analysis;
  request.shard = recorded.inputs.shard;
  request.resumable = false;
  request.cancel = cancel;
  if (request.design.kind != DesignKind::kSinglePoint) check_sweep(scenario, request.design);

  // A private folder (mkdtemp under $TMPDIR), removed on every way out of here.
  const TemporaryFolder scratch("parley-verify", notice);
  const fs::path rerun = scratch.path() / "run";
  ThreadExecutor executor(threads, cancel);
  run_sweep(scenario, request, rerun, "parley verify", executor);

  VerifyReport report;
  for (const char* name : {"outcomes.csv", "summary.csv", "sensitivity.csv"}) {
    const bool recorded_has = fs::exists(run_folder / name);
    const bool rerun_has = fs::exists(rerun / name);
    if (!recorded_has && !rerun_has) continue;
    const std::string difference = compare_files(run_folder / name, rerun / name);
    report.files.push_back({name, difference.empty(), difference});
  }
  const ManifestInfo again = read_manifest(rerun / "manifest.json");
  std::string difference = recorded.inputs_json_portable == again.inputs_json_portable
                               ? std::string()
                               : "differs at " + first_difference(recorded.inputs_json_portable,
                                                                  again.inputs_json_portable);
  if (difference.empty() && recorded.git_commit != again.git_commit) {
    difference =
        fmt::format("recorded by engine {} ({}), re-run by {} ({})", recorded.engine_version,
                    recorded.git_commit, again.engine_version, again.git_commit);
  }
  report.files.push_back({"manifest.json (inputs)",
                          recorded.inputs_json_portable == again.inputs_json_portable, difference});
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace parley
