#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "file_bytes.hpp"
#include "output/manifest.hpp"
#include "output/output_folder.hpp"
#include "output/temporary_folder.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/run.hpp"

namespace parley {
namespace {}  // namespace

// The Python module's parley.run keeps a run in memory and writes it on save():
// the files must be those of `parley run` (run_scenario, a one-point sweep that
// spools), for any thread count.
TEST_CASE("a run kept in memory saves the bytes run_scenario writes", "[simulation]") {
  const Scenario scenario =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/scenarios/ukraine_2025.toml");
  const TemporaryFolder work("parley-run-in-memory-test");
  RunSpec spec;
  spec.request.replicates = 120;
  spec.request.seed = 5;
  spec.request.threads = 2;
  spec.out = work.path() / "cli";
  run_scenario(scenario, spec);

  RunRequest request = spec.request;
  request.threads = 1;
  const RunInMemory run = run_in_memory(scenario, request, "test");
  CHECK(run.records.size() == 120);
  CHECK(run.execution.threads == 1);
  const SavedRun saved = save_run(scenario, run, work.path() / "memory");
  CHECK(saved.folder == work.path() / "memory");
  for (const char* name : {"outcomes.csv", "summary.csv"}) {
    INFO(name);
    CHECK(test::file_bytes(work.path() / "memory" / name) ==
          test::file_bytes(work.path() / "cli" / name));
  }
  // The manifests agree on everything that determines the run.
  CHECK(read_manifest(work.path() / "memory" / "manifest.json").inputs_json ==
        read_manifest(work.path() / "cli" / "manifest.json").inputs_json);
  REQUIRE(saved.files.size() == 2);
  CHECK(run_manifest_json(scenario, run, saved.files) ==
        test::file_bytes(work.path() / "memory" / "manifest.json"));
  // A folder is never overwritten, and a copy of one is byte for byte.
  CHECK_THROWS_AS(save_run(scenario, run, work.path() / "memory"), OutputError);
  copy_output_folder(work.path() / "memory", work.path() / "copy");
  for (const char* name : {"outcomes.csv", "summary.csv", "manifest.json"})
    CHECK(test::file_bytes(work.path() / "copy" / name) ==
          test::file_bytes(work.path() / "memory" / name));
}

}  // namespace parley
