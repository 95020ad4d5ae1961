#include "cli/cli_options.hpp"

#include <charconv>
#include <sstream>

#include <fmt/format.h>
#include <boost/program_options.hpp>

#include "build_info.hpp"
#include "core/errors.hpp"

namespace parley::cli {
namespace po = boost::program_options;

namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 invalid scenario,\n"
    "            4 output error (folder exists, disk full), 130 interrupted.\n";

std::string describe(const po::options_description& options, std::string_view usage,
                     std::string_view about) {
  std::ostringstream text;
  text << "Usage: " << usage << "\n\n" << about << "\n\n" << options << "\n" << kExitCodes;
  return text.str();
}

po::variables_map parse(const std::vector<std::string>& args,
                        const po::options_description& options,
                        const po::positional_options_description& positional,
                        std::string_view command) {
  po::variables_map values;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), values);
    po::notify(values);
  } catch (const po::error& bad) {
    throw UsageError(
        fmt::format("parley {}: {} (see `parley {} --help`)", command, bad.what(), command));
  }
  return values;
}

// Boost's lexical_cast would wrap "-1" to 2^64 − 1: read digits only.
std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw UsageError(
        fmt::format("parley run: --seed must be an integer from 0 to 2^64−1, found \"{}\"", text));
  }
  return seed;
}

Command parse_run(const std::vector<std::string>& args) {
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")(
      "replicates,r", po::value<std::int64_t>(),
      "replicates to run (default: the scenario's [run] replicates)")(
      "seed,s", po::value<std::string>(),
      "master seed, 0 … 2^64−1 (default: the scenario's [run] seed)")(
      "threads,j", po::value<int>()->default_value(0), "worker threads; 0 = all hardware threads")(
      "out,o", po::value<std::string>(),
      "output folder; must not exist (default: results/<scenario>-seed<S>, with -2, -3, … if "
      "taken)")("quiet,q", "print neither progress nor the summary table")(
      "no-analysis", "skip the Pareto / Nash analysis of each agreement (about 10x faster)")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "PATH=VALUE: override a scenario parameter (repeatable), e.g. "
      "actors.us.salience.minerals_share=0.8 or phases.peace_talks.max_rounds=30; paths as in "
      "manifest.json; VALUE may be a distribution such as '{ dist = \"normal\", mean = 0.6, sd = "
      "0.1 }'");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>(), "scenario file");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto values = parse(args, all, positional, "run");
  const std::string usage =
      "parley run SCENARIO [--replicates N] [--seed S] [--threads N] [--out DIR] [--set "
      "PATH=VALUE]…";
  if (values.count("help")) {
    return PrintCommand{
        describe(options, usage,
                 "Runs the scenario's replicates and writes manifest.json, outcomes.csv and\n"
                 "summary.csv into a new output folder, then prints a summary table.\n"
                 "Same scenario, seed and replicates give byte-identical outcomes.csv and\n"
                 "summary.csv for any --threads.")};
  }
  if (!values.count("scenario"))
    throw UsageError("parley run: missing the scenario file (see `parley run --help`)");
  RunCommand run;
  run.scenario = values["scenario"].as<std::string>();
  if (values.count("replicates")) {
    run.replicates = values["replicates"].as<std::int64_t>();
    if (*run.replicates < 1) {
      throw UsageError(
          fmt::format("parley run: --replicates must be ≥ 1, found {}", *run.replicates));
    }
  }
  if (values.count("seed")) run.seed = parse_seed(values["seed"].as<std::string>());
  run.threads = values["threads"].as<int>();
  if (run.threads < 0)
    throw UsageError(fmt::format("parley run: --threads must be ≥ 0, found {}", run.threads));
  if (values.count("out")) run.out = values["out"].as<std::string>();
  run.quiet = values.count("quiet") > 0;
  run.analysis = values.count("no-analysis") == 0;
  if (values.count("set")) run.overrides = values["set"].as<std::vector<std::string>>();
  return run;
}

// Options of a command that takes one positional argument besides --help.
struct OnePositional {
  po::options_description options{"Options"};
  po::variables_map values;
};

OnePositional parse_one_positional(const std::vector<std::string>& args, const char* name,
                                   const po::value_semantic* semantic, std::string_view command) {
  OnePositional parsed;
  parsed.options.add_options()("help,h", "show this help");
  po::options_description hidden;
  hidden.add_options()(name, semantic, name);
  po::options_description all;
  all.add(parsed.options).add(hidden);
  po::positional_options_description positional;
  positional.add(name, 1);
  parsed.values = parse(args, all, positional, command);
  return parsed;
}

Command parse_validate(const std::vector<std::string>& args) {
  const auto parsed = parse_one_positional(args, "scenario", po::value<std::string>(), "validate");
  if (parsed.values.count("help")) {
    return PrintCommand{
        describe(parsed.options, "parley validate SCENARIO",
                 "Parses and checks a scenario file without running it. Errors name\n"
                 "file:line:column, what was expected and what was found (exit code 3).")};
  }
  if (!parsed.values.count("scenario")) {
    throw UsageError("parley validate: missing the scenario file (see `parley validate --help`)");
  }
  return ValidateCommand{parsed.values["scenario"].as<std::string>()};
}

Command parse_list(const std::vector<std::string>& args) {
  const auto parsed =
      parse_one_positional(args, "what", po::value<std::string>()->default_value("all"), "list");
  if (parsed.values.count("help")) {
    return PrintCommand{
        describe(parsed.options, "parley list [protocols|strategies|distributions|all]",
                 "Lists the protocols, strategies (with their parameters and defaults) and\n"
                 "distributions a scenario can use.")};
  }
  ListCommand list{parsed.values["what"].as<std::string>()};
  if (list.what != "all" && list.what != "protocols" && list.what != "strategies" &&
      list.what != "distributions") {
    throw UsageError(fmt::format(
        "parley list: expected protocols, strategies, distributions or all, found \"{}\"",
        list.what));
  }
  return list;
}

}  // namespace

std::string general_help() {
  return fmt::format(
      "parley {} — scenario simulation of negotiation outcomes\n\n"
      "Usage: parley COMMAND [options]\n\n"
      "Commands:\n"
      "  run SCENARIO       run the scenario's replicates and write an output folder\n"
      "  validate SCENARIO  check a scenario file and report the first error\n"
      "  list [WHAT]        list protocols, strategies and distributions\n\n"
      "`parley COMMAND --help` describes each command. `parley --version` prints the "
      "version.\n\n{}",
      build_info::kEngineVersion, kExitCodes);
}

Command parse_command_line(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    return PrintCommand{general_help()};
  }
  if (args[0] == "--version") {
    return PrintCommand{
        fmt::format("parley {} (git {})\n", build_info::kEngineVersion, build_info::kGitCommit)};
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "run") return parse_run(rest);
  if (args[0] == "validate") return parse_validate(rest);
  if (args[0] == "list") return parse_list(rest);
  throw UsageError(fmt::format(
      "parley: unknown command \"{}\"; expected run, validate or list (see `parley --help`)",
      args[0]));
}

}  // namespace parley::cli
