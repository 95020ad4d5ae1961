#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "file_bytes.hpp"
#include "output/manifest.hpp"
#include "parsing/scenario_parser.hpp"
#include "record/record_schema.hpp"
#include "simulation/replicate_runner.hpp"
#include "simulation/session.hpp"
#include "simulation/sweep.hpp"

namespace parley {
namespace {
namespace fs = std::filesystem;

Scenario flagship() {
  return load_scenario(std::string(PARLEY_SOURCE_DIR) + "/scenarios/ukraine_2025.toml");
}

SweepSpec grid(const std::string& path, double start, double stop, std::int64_t count) {
  SweepSpec spec;
  spec.kind = DesignKind::kGrid;
  SweepAxis axis;
  axis.path = path;
  axis.kind = SweepAxis::Kind::kGrid;
  axis.start = start;
  axis.stop = stop;
  axis.count = count;
  spec.axes.push_back(axis);
  return spec;
}

// Every member, from the record schema: a field the codec dropped shows here by name.
void check_same(const SessionRecord& a, const SessionRecord& b) {
  CHECK(first_difference(a, b) == "");
}

}  // namespace

TEST_CASE("records survive encoding byte for byte", "[sweep]") {
  const Scenario scenario = flagship();
  Session session(scenario);
  session.set_analysis(true);
  std::vector<SessionRecord> records;
  for (std::uint64_t r = 0; r < 20; ++r) records.push_back(session.run(3, 0, r));
  const std::string bytes = encode_records(records);
  const std::vector<SessionRecord> decoded = decode_records(bytes);
  REQUIRE(decoded.size() == records.size());
  for (std::size_t k = 0; k < records.size(); ++k) check_same(records[k], decoded[k]);
  CHECK(encode_records(decoded) == bytes);
  CHECK_THROWS(decode_records(std::string_view(bytes).substr(0, bytes.size() - 1)));
  CHECK_THROWS(decode_records(bytes + "x"));
}

TEST_CASE("a unit's records are the point's session replicates, for any thread count", "[sweep]") {
  const Scenario scenario = flagship();
  const SweepSpec spec = grid("actors.us.reservation_utility", 0.2, 0.6, 3);
  const SweepPoints points(spec, 1);
  const SweepPlan plan(scenario, points, 70, 9, false, points.run_order());
  // 3 points × (64 + 6 replicates) = 6 units.
  REQUIRE(plan.unit_count() == 6);
  CHECK(plan.unit(1).first_replicate == 64);
  CHECK(plan.unit(1).replicates == 6);
  for (int threads : {1, 2}) {
    std::vector<std::vector<SessionRecord>> by_unit(6);
    execute_units(plan, 0, plan.unit_count(), threads, nullptr,
                  [&](std::int64_t index, std::vector<SessionRecord>&& records) {
                    by_unit[static_cast<std::size_t>(index)] = std::move(records);
                  });
    // Unit 3 = the second point of the run order, replicates 64–69, with that point's value.
    const WorkUnit unit = plan.unit(3);
    const Scenario at_point = plan.point_scenario(unit.point);
    CHECK(at_point.base.reservation(0) == points.value(unit.point, 0));
    Session session(at_point);
    session.set_analysis(false);
    for (std::int64_t r = 0; r < unit.replicates; ++r) {
      check_same(by_unit[3][static_cast<std::size_t>(r)],
                 session.run(9, static_cast<std::uint64_t>(unit.point),
                             static_cast<std::uint64_t>(unit.first_replicate + r)));
    }
  }
}

TEST_CASE("run_replicates keeps each replicate's record at its index", "[sweep]") {
  const Scenario scenario = flagship();
  RunRequest request;
  request.replicates = 70;  // a full unit of 64 and a partial one
  request.seed = 5;
  request.threads = 2;
  request.analysis = false;
  std::int64_t last_progress = 0;
  const std::vector<SessionRecord> records =
      run_replicates(scenario, request, [&](std::int64_t done, std::int64_t total) {
        CHECK(total == 70);
        last_progress = done;
      });
  CHECK(last_progress == 70);
  REQUIRE(records.size() == 70);
  Session session(scenario);
  session.set_analysis(false);
  for (std::uint64_t r : {0U, 63U, 64U, 69U}) check_same(records[r], session.run(5, 0, r));
}

TEST_CASE("shards partition the points of the run order", "[sweep]") {
  const SweepPoints points(grid("actors.us.reservation_utility", 0.0, 1.0, 11), 1);
  std::set<std::int64_t> seen;
  std::size_t total = 0;
  for (int k = 1; k <= 3; ++k) {
    const auto mine = shard_points(points, Shard{k, 3});
    total += mine.size();
    seen.insert(mine.begin(), mine.end());
    CHECK(mine.size() >= 3);  // 11 points over 3 shards: 4, 4, 3
  }
  CHECK(total == 11);
  CHECK(seen.size() == 11);
  CHECK(shard_points(points, std::nullopt) == points.run_order());
}

TEST_CASE("a manifest reads back to the inputs that wrote it", "[sweep]") {
  const Scenario scenario = flagship();
  RunInputs inputs;
  inputs.design.kind = DesignKind::kSobol;
  inputs.design.samples = 8;
  SweepAxis axis;
  axis.path = "actors.us.capability";
  axis.kind = SweepAxis::Kind::kRange;
  axis.low = 0.5;
  axis.high = 1.25;
  inputs.design.axes = {axis};
  inputs.points = 24;
  inputs.replicates = 17;
  inputs.seed = 18446744073709551615ULL;
  inputs.analysis = false;
  inputs.shard = Shard{2, 5};
  const fs::path folder = fs::temp_directory_path() / "parley_manifest_test";
  fs::create_directories(folder);
  {
    std::ofstream out(folder / "manifest.json");
    const RecordedFiles files{{"outcomes.csv", FileDigest{120, 18, std::string(64, 'a')}},
                              {"summary.csv", FileDigest{50, 3, std::string(64, 'b')}}};
    write_manifest(out, scenario, inputs, ExecutionInfo{"parley test", 2, 1, 1.5, 17, false, 0},
                   files);
  }
  const ManifestInfo info = read_manifest(folder / "manifest.json");
  CHECK(info.inputs.seed == inputs.seed);
  CHECK(info.inputs.replicates == 17);
  CHECK_FALSE(info.inputs.analysis);
  CHECK(info.inputs.points == 24);
  CHECK(info.inputs.design.kind == DesignKind::kSobol);
  CHECK(info.inputs.design.samples == 8);
  REQUIRE(info.inputs.design.axes.size() == 1);
  CHECK(info.inputs.design.axes[0].low == 0.5);
  CHECK(info.inputs.design.axes[0].high == 1.25);
  REQUIRE(info.inputs.shard.has_value());
  CHECK(info.inputs.shard->index == 2);
  CHECK(info.inputs_json == manifest_inputs_json(scenario, inputs));
  CHECK(info.inputs_json_unsharded.find("\"shard\"") == std::string::npos);
  CHECK(info.inputs_json.find("\"files\"") == std::string::npos);
  REQUIRE(info.files.size() == 2);
  CHECK(info.files[0].name == "outcomes.csv");
  CHECK(info.files[0].digest.lines == 18);  // "rows": 17 plus the header line
  CHECK(info.files[0].digest.bytes == 120);
  CHECK(info.files[1].digest.sha256 == std::string(64, 'b'));
  fs::remove_all(folder);
}

TEST_CASE("a sweep resumed from a partial folder writes the bytes of an uninterrupted one",
          "[sweep]") {
  const Scenario scenario = flagship();
  SweepRequest request;
  request.design = grid("actors.us.salience.minerals_share", 0.0, 1.0, 5);
  request.replicates = 30;
  request.seed = 4;
  request.analysis = false;
  const fs::path root = fs::temp_directory_path() / "parley_sweep_resume_test";
  fs::remove_all(root);
  ThreadExecutor executor(2, nullptr);
  run_sweep(scenario, request, root / "whole", "test", executor);

  // Cancel after the first finished point: the partial folder keeps it.
  std::atomic<bool> cancel{false};
  SweepRequest stopping = request;
  stopping.cancel = &cancel;
  struct CancelAfterFirst : SweepExecutor {
    std::atomic<bool>* flag;
    void execute(const SweepPlan& plan, const UnitSink& sink) override {
      execute_units(plan, 0, 1, 1, nullptr, sink);  // one unit = one whole point (30 ≤ 64)
      flag->store(true);
    }
    int threads() const override { return 1; }
  } first_only;
  first_only.flag = &cancel;
  CHECK_THROWS_AS(run_sweep(scenario, stopping, root / "resumed", "test", first_only),
                  SweepInterrupted);
  CHECK_FALSE(fs::exists(root / "resumed"));
  REQUIRE(fs::exists(root / ".resumed.partial" / "spool.index"));

  SweepRequest resuming = request;
  resuming.resume = true;
  const SweepReport report = run_sweep(scenario, resuming, root / "resumed", "test", executor);
  CHECK(report.points_resumed == 1);
  CHECK(report.points_run == 4);
  for (const char* file : {"outcomes.csv", "summary.csv"})
    CHECK(test::file_bytes(root / "whole" / file) == test::file_bytes(root / "resumed" / file));
  CHECK_FALSE(fs::exists(root / ".resumed.partial"));
  fs::remove_all(root);
}

}  // namespace parley
