#include <catch2/catch.hpp>

#include "cli/cli_options.hpp"
#include "core/errors.hpp"

namespace parley::cli {

TEST_CASE("run options become a RunCommand", "[cli]") {
  const Command command = parse_command_line(
      {"run", "s.toml", "--replicates", "20000", "--seed", "7", "--threads", "2", "--out", "o"});
  const RunCommand run = std::get<RunCommand>(command);
  CHECK(run.scenario == "s.toml");
  CHECK(run.replicates == 20000);
  CHECK(run.seed == 7u);
  CHECK(run.threads == 2);
  CHECK(run.out == "o");
  CHECK_FALSE(run.quiet);
}

TEST_CASE("run defaults leave seed, replicates and folder to the scenario", "[cli]") {
  const RunCommand run = std::get<RunCommand>(parse_command_line({"run", "s.toml", "-q"}));
  CHECK_FALSE(run.replicates.has_value());
  CHECK_FALSE(run.seed.has_value());
  CHECK_FALSE(run.out.has_value());
  CHECK(run.threads == 0);
  CHECK(run.quiet);
  CHECK(run.analysis);
  CHECK(run.overrides.empty());
  const RunCommand set =
      std::get<RunCommand>(parse_command_line({"run", "s.toml", "--set", "a.b=1", "--set",
                                               "c.d={ dist = \"uniform\", min = 0, max = 1 }"}));
  CHECK(set.overrides ==
        std::vector<std::string>{"a.b=1", "c.d={ dist = \"uniform\", min = 0, max = 1 }"});
  CHECK_FALSE(
      std::get<RunCommand>(parse_command_line({"run", "s.toml", "--no-analysis"})).analysis);
}

TEST_CASE("usage errors name the problem and point to --help", "[cli]") {
  CHECK_THROWS_WITH(parse_command_line({"run"}),
                    "parley run: missing the scenario file (see `parley run --help`)");
  CHECK_THROWS_WITH(parse_command_line({"run", "s.toml", "--replicates", "0"}),
                    "parley run: --replicates must be ≥ 1, found 0");
  CHECK_THROWS_AS(parse_command_line({"run", "s.toml", "--bogus"}), UsageError);
  CHECK_THROWS_AS(parse_command_line({"run", "s.toml", "--seed", "x"}), UsageError);
  CHECK_THROWS_WITH(parse_command_line({"run", "s.toml", "--seed", "-1"}),
                    "parley run: --seed must be an integer from 0 to 2^64−1, found \"-1\"");
  CHECK(
      std::get<RunCommand>(parse_command_line({"run", "s.toml", "--seed", "18446744073709551615"}))
          .seed == 18446744073709551615ULL);
  CHECK_THROWS_WITH(
      parse_command_line({"fly"}),
      "parley: unknown command \"fly\"; expected run, sweep, merge, verify, compare, forecast, "
      "trace, validate, import or list (see `parley --help`)");
  CHECK_THROWS_AS(parse_command_line({"list", "colours"}), UsageError);
}

TEST_CASE("--help on every command prints its usage", "[cli]") {
  for (const char* name :
       {"run", "sweep", "merge", "verify", "compare", "forecast", "trace", "validate", "list"}) {
    const PrintCommand print = std::get<PrintCommand>(parse_command_line({name, "--help"}));
    CHECK(print.text.find(std::string("Usage: parley ") + name) == 0);
  }
  CHECK(std::get<PrintCommand>(parse_command_line({})).text.find("Commands:") != std::string::npos);
}

TEST_CASE("compare options become a CompareCommand", "[cli]") {
  const auto compare =
      std::get<CompareCommand>(parse_command_line({"compare",
                                                   "a",
                                                   "b",
                                                   "--alpha",
                                                   "0.05",
                                                   "--tolerance",
                                                   "agreement=2pt,issue.x.median=0.05",
                                                   "--tolerance",
                                                   "veto.*=0.1",
                                                   "--metric",
                                                   "agreement,issue.*",
                                                   "--format",
                                                   "markdown",
                                                   "--adjust",
                                                   "bh",
                                                   "--independent",
                                                   "--all",
                                                   "--permutations",
                                                   "500",
                                                   "--seed",
                                                   "9"}));
  CHECK(compare.run_a == "a");
  CHECK(compare.run_b == "b");
  CHECK(compare.options.alpha == 0.05);
  REQUIRE(compare.options.tolerances.size() == 3);
  CHECK(compare.options.tolerances[0].pattern == "agreement");
  CHECK(compare.options.tolerances[0].amount == Approx(0.02).epsilon(1e-15));
  CHECK(compare.options.tolerances[0].in_points);
  CHECK(compare.options.tolerances[1].amount == 0.05);
  CHECK(compare.options.tolerances[2].pattern == "veto.*");
  CHECK(compare.options.metrics == std::vector<std::string>{"agreement", "issue.*"});
  CHECK(compare.format == "markdown");
  CHECK(compare.options.adjustment == Adjustment::kBenjaminiHochberg);
  CHECK(compare.options.pairing == Pairing::kIndependent);
  CHECK(compare.all_rows);
  CHECK(compare.options.permutations == 500);
  CHECK(compare.options.seed == 9);
  const auto defaults = std::get<CompareCommand>(parse_command_line({"compare", "a", "b"}));
  CHECK(defaults.options.alpha == 0.01);
  CHECK(defaults.options.adjustment == Adjustment::kHolm);
  CHECK(defaults.options.pairing == Pairing::kAuto);
  CHECK(defaults.format == "text");
  CHECK_THROWS_WITH(parse_command_line({"compare", "a"}),
                    Catch::Contains("expected two run folders (RUN_A RUN_B), found 1"));
  CHECK_THROWS_AS(parse_command_line({"compare", "a", "b", "--alpha", "1"}), UsageError);
  CHECK_THROWS_AS(parse_command_line({"compare", "a", "b", "--format", "html"}), UsageError);
  CHECK_THROWS_AS(parse_command_line({"compare", "a", "b", "--adjust", "bonferroni"}), UsageError);
  CHECK_THROWS_AS(parse_command_line({"compare", "a", "b", "--paired", "--independent"}),
                  UsageError);
  CHECK_THROWS_WITH(parse_command_line({"compare", "a", "b", "--tolerance", "agreement"}),
                    Catch::Contains("expected NAME=AMOUNT"));
}

TEST_CASE("trace options become a TraceCommand", "[cli]") {
  const TraceCommand plain = std::get<TraceCommand>(parse_command_line({"trace", "s.toml"}));
  CHECK(plain.scenario == "s.toml");
  CHECK_FALSE(plain.seed.has_value());
  CHECK(plain.replicate == 0u);
  CHECK(plain.format == "text");
  CHECK_FALSE(plain.out.has_value());
  CHECK(plain.color);
  const TraceCommand full = std::get<TraceCommand>(
      parse_command_line({"trace", "s.toml", "--seed", "7", "--replicate", "3", "--set", "a.b=1",
                          "--format", "jsonl", "--out", "t.jsonl", "--no-color"}));
  CHECK(full.seed == 7u);
  CHECK(full.replicate == 3u);
  CHECK(full.overrides == std::vector<std::string>{"a.b=1"});
  CHECK(full.format == "jsonl");
  CHECK(full.out == "t.jsonl");
  CHECK_FALSE(full.color);
  CHECK_THROWS_WITH(parse_command_line({"trace", "s.toml", "--format", "xml"}),
                    "parley trace: --format must be text or jsonl, found \"xml\"");
  CHECK_THROWS_WITH(parse_command_line({"trace", "s.toml", "--replicate", "-1"}),
                    "parley trace: --replicate must be an integer from 0 to 2^64−1, found \"-1\"");
  CHECK_THROWS_WITH(parse_command_line({"trace"}),
                    "parley trace: missing the scenario file (see `parley trace --help`)");
  const PrintCommand help = std::get<PrintCommand>(parse_command_line({"trace", "--help"}));
  for (const char* event :
       {"session", "phase_start", "offer", "response", "pass", "threat", "side_payment", "shock",
        "ratification", "model_round", "phase_end", "threat_carried_out", "outcome"}) {
    CHECK(help.text.find(std::string("  ") + event + " ") != std::string::npos);
  }
  CHECK(std::get<PrintCommand>(parse_command_line({"--help"})).text.find("  trace SCENARIO") !=
        std::string::npos);
}

TEST_CASE("validate and list parse their arguments", "[cli]") {
  CHECK(std::get<ValidateCommand>(parse_command_line({"validate", "a.toml"})).scenario == "a.toml");
  CHECK(std::get<ListCommand>(parse_command_line({"list"})).what == "all");
  CHECK(std::get<ListCommand>(parse_command_line({"list", "strategies"})).what == "strategies");
}

TEST_CASE("sweep design flags become a design", "[cli]") {
  const auto sweep = std::get<SweepCommand>(parse_command_line(
      {"sweep", "s.toml", "--grid", "actors.us.capability=0.5:1.5:3", "--values",
       "issues.territory.status_quo=frozen_line,pre_2022", "--values",
       "phases.talks.max_rounds=4,8.0", "--shard", "2/3", "--resume", "-r", "50"}));
  CHECK(sweep.run.scenario == "s.toml");
  CHECK(sweep.run.replicates == 50);
  REQUIRE(sweep.design.has_value());
  CHECK(sweep.design->kind == DesignKind::kGrid);
  REQUIRE(sweep.design->axes.size() == 3);
  const SweepAxis& grid = sweep.design->axes[0];
  CHECK(grid.path == "actors.us.capability");
  CHECK(grid.start == 0.5);
  CHECK(grid.stop == 1.5);
  CHECK(grid.count == 3);
  // Option names are quoted for the TOML reader; numbers are written in shortest form.
  CHECK(sweep.design->axes[1].values ==
        std::vector<std::string>{"\"frozen_line\"", "\"pre_2022\""});
  CHECK(sweep.design->axes[2].values == std::vector<std::string>{"4", "8"});
  REQUIRE(sweep.shard.has_value());
  CHECK(sweep.shard->index == 2);
  CHECK(sweep.shard->count == 3);
  CHECK(sweep.resume);

  const auto sobol = std::get<SweepCommand>(parse_command_line(
      {"sweep", "s.toml", "--sobol", "128", "--range", "actors.us.capability=0.25:2"}));
  CHECK(sobol.design->kind == DesignKind::kSobol);
  CHECK(sobol.design->samples == 128);
  CHECK(sobol.design->axes[0].low == 0.25);
  CHECK(sobol.design->axes[0].high == 2.0);
  // No flags: the design comes from the scenario or --design.
  CHECK_FALSE(std::get<SweepCommand>(parse_command_line({"sweep", "s.toml"})).design.has_value());
  CHECK_THROWS_WITH(parse_command_line({"sweep", "s.toml", "--lhs", "0", "--range", "a=0:1"}),
                    "parley sweep: --lhs must be ≥ 1, found 0");
}

TEST_CASE("merge and verify parse their arguments", "[cli]") {
  const auto merge =
      std::get<MergeCommand>(parse_command_line({"merge", "--out", "m", "s1", "s2"}));
  CHECK(merge.out == "m");
  CHECK(merge.shards == std::vector<std::string>{"s1", "s2"});
  CHECK_THROWS_WITH(parse_command_line({"merge", "s1"}),
                    "parley merge: missing --out DIR (see `parley merge --help`)");
  const auto verify = std::get<VerifyCommand>(parse_command_line({"verify", "runs/a", "-j", "1"}));
  CHECK(verify.run_folder == "runs/a");
  CHECK(verify.threads == 1);
  CHECK_FALSE(verify.scenario.has_value());
}

TEST_CASE("every command that loads a scenario takes --allow-outside-data", "[cli]") {
  CHECK_FALSE(std::get<RunCommand>(parse_command_line({"run", "s.toml"})).allow_outside_data);
  CHECK(std::get<RunCommand>(parse_command_line({"run", "s.toml", "--allow-outside-data"}))
            .allow_outside_data);
  CHECK(std::get<SweepCommand>(parse_command_line({"sweep", "s.toml", "--allow-outside-data"}))
            .run.allow_outside_data);
  CHECK(std::get<TraceCommand>(parse_command_line({"trace", "s.toml", "--allow-outside-data"}))
            .allow_outside_data);
  const auto validate =
      std::get<ValidateCommand>(parse_command_line({"validate", "--allow-outside-data", "s.toml"}));
  CHECK(validate.scenario == "s.toml");
  CHECK(validate.allow_outside_data);
  CHECK_FALSE(
      std::get<ValidateCommand>(parse_command_line({"validate", "s.toml"})).allow_outside_data);
  CHECK(std::get<VerifyCommand>(parse_command_line({"verify", "runs/a", "--allow-outside-data"}))
            .allow_outside_data);
  for (const char* name : {"run", "sweep", "trace", "validate", "verify"}) {
    INFO(name);
    CHECK_THAT(std::get<PrintCommand>(parse_command_line({name, "--help"})).text,
               Catch::Contains("--allow-outside-data"));
  }
}

}  // namespace parley::cli
