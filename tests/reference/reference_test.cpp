// Reference results: each protocol with the `equilibrium` strategy reproduces
// the closed forms in tests/reference/data/ (copied from the project's
// validation set). Every case runs twice:
//
//  - through the CLI path (cli::execute writing a real output folder, read
//    back from outcomes.csv): tolerance 1e-6, because outcomes.csv holds six
//    decimals (rounding error ≤ 5e-7);
//  - through the engine (Session::run), compared at 1e-9: the closed forms are
//    exact, and the only other error is the finite deadline standing in for an
//    infinite horizon, bounded by (δ₁δ₂)^⌊T/2⌋ < 1e-40 for the deadlines used.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "parsing/scenario_parser.hpp"
#include "simulation/session.hpp"

namespace parley {
namespace {

namespace fs = std::filesystem;

const std::string kReferenceDir = PARLEY_SOURCE_DIR "/tests/reference";

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Rows of a CSV file as column → text (the validation files end lines with CRLF).
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& path) {
  std::string text = read_text(path);
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream names(line);
  for (std::string name; std::getline(names, name, ',');) header.push_back(name);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::map<std::string, std::string> row;
    std::stringstream cells(line);
    std::string cell;
    for (const std::string& name : header) {
      std::getline(cells, cell, ',');
      row[name] = cell;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

double number(const std::map<std::string, std::string>& row, const std::string& column) {
  return std::stod(row.at(column));
}

std::string replace_line(std::string text, const std::string& starts_with, const std::string& with,
                         int nth = 1) {
  std::size_t at = 0;
  for (int k = 0; k < nth; ++k) {
    at = text.find("\n" + starts_with, k == 0 ? 0 : at + 1);
    REQUIRE(at != std::string::npos);
  }
  const std::size_t end = text.find('\n', at + 1);
  return text.replace(at + 1, end - at - 1, with);
}

// Runs `scenario_text` through the CLI (parley run) and returns outcomes.csv's rows.
std::vector<std::map<std::string, std::string>> run_cli(const std::string& scenario_text,
                                                        const std::string& name) {
  const fs::path work =
      fs::temp_directory_path() / fmt::format("parley_reference_{}_{}", name, ::getpid());
  fs::remove_all(work);
  fs::create_directories(work);
  const fs::path scenario = work / "scenario.toml";
  std::ofstream(scenario) << scenario_text;
  cli::RunCommand command;
  command.scenario = scenario.string();
  command.out = (work / "run").string();
  command.quiet = true;
  command.threads = 1;
  std::ostringstream out;
  std::ostringstream err;
  const int code =
      cli::execute(command, cli::Environment{"reference_test", false, nullptr, {}, true}, out, err);
  INFO(err.str());
  REQUIRE(code == 0);
  auto rows = read_csv(work / "run" / "outcomes.csv");
  fs::remove_all(work);
  return rows;
}

std::string rubinstein(double delta_1, double delta_2, int deadline) {
  std::string text = read_text(kReferenceDir + "/rubinstein.toml");
  text =
      replace_line(text, "discount_per_round", fmt::format("discount_per_round = {}", delta_1), 1);
  text =
      replace_line(text, "discount_per_round", fmt::format("discount_per_round = {}", delta_2), 2);
  return replace_line(text, "max_rounds", fmt::format("max_rounds = {}", deadline));
}

// Player 1's share through the engine, and the round of agreement.
std::pair<double, int> rubinstein_engine(const std::string& text) {
  const Scenario scenario = parse_scenario(text, "rubinstein.toml");
  Session session(scenario);
  const SessionRecord record = session.run(1, 0, 0);
  REQUIRE(record.agreed);
  return {record.outcome(0), record.round};
}

// n legislators with their own share issues, random proposer, majority.
std::string baron_ferejohn(int n, double delta) {
  std::string text = "[scenario]\nname = \"Baron–Ferejohn\"\n[run]\nseed = 5\nreplicates = 40\n";
  for (int k = 1; k <= n; ++k) {
    text += fmt::format(
        "[[issues]]\nid = \"share_{}\"\nlabel = \"Legislator {}'s share\"\nrange = [0.0, 1.0]\n"
        "status_quo = 0.0\n",
        k, k);
  }
  std::string participants;
  for (int k = 1; k <= n; ++k) {
    text += fmt::format(
        "[[actors]]\nid = \"legislator_{}\"\nname = \"L{}\"\ndiscount_per_round = {}\n"
        "strategy = {{ kind = \"equilibrium\" }}\n",
        k, k, delta);
    std::string ideal = "ideal = { ";
    std::string salience = "salience = { ";
    for (int d = 1; d <= n; ++d) {
      ideal += fmt::format("{}share_{} = {}", d == 1 ? "" : ", ", d, d == k ? 1.0 : 0.0);
      salience += fmt::format("{}share_{} = {}", d == 1 ? "" : ", ", d, d == k ? 1.0 : 0.0);
    }
    text += ideal + " }\n" + salience + " }\n";
    participants += fmt::format("{}\"legislator_{}\"", k == 1 ? "" : ", ", k);
  }
  text += fmt::format(
      "[[phases]]\nid = \"legislature\"\nparticipants = [{}]\nprotocol = \"random_proposer\"\n"
      "max_rounds = 20\ndecision_rule = \"majority\"\n",
      participants);
  return text;
}

}  // namespace

TEST_CASE("alternating offers reproduce Rubinstein's infinite-horizon shares", "[reference]") {
  for (const auto& row : read_csv(kReferenceDir + "/data/rubinstein_infinite_horizon.csv")) {
    const double delta_1 = number(row, "delta1");
    const double delta_2 = number(row, "delta2");
    const double expected = number(row, "share_player1_proposer");
    INFO(fmt::format("δ1 = {}, δ2 = {}", delta_1, delta_2));
    const std::string text = rubinstein(delta_1, delta_2, 2000);
    const auto [share, round] = rubinstein_engine(text);
    CHECK(share == Approx(expected).epsilon(0).margin(1e-9));
    CHECK(round == 1);
    const auto rows = run_cli(text, "rubinstein");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("agreed") == "1");
    CHECK(rows[0].at("round") == "1");
    CHECK(number(rows[0], "share_1") == Approx(expected).epsilon(0).margin(1e-6));
    CHECK(number(rows[0], "utility_player_2") ==
          Approx(number(row, "share_player2")).epsilon(0).margin(1e-6));
  }
}

TEST_CASE("alternating offers with a deadline reproduce Ståhl's finite-horizon shares",
          "[reference]") {
  for (const auto& row : read_csv(kReferenceDir + "/data/stahl_finite_horizon.csv")) {
    const double delta = number(row, "delta");
    const int horizon = static_cast<int>(number(row, "horizon_T"));
    const double expected = number(row, "share_player1");
    INFO(fmt::format("δ = {}, T = {}", delta, horizon));
    const std::string text = rubinstein(delta, delta, horizon);
    const auto [share, round] = rubinstein_engine(text);
    CHECK(share == Approx(expected).epsilon(0).margin(1e-9));
    CHECK(round == 1);
    const auto rows = run_cli(text, "stahl");
    CHECK(number(rows[0], "share_1") == Approx(expected).epsilon(0).margin(1e-6));
  }
}

TEST_CASE("with short periods the Rubinstein share approaches r2/(r1+r2)", "[reference]") {
  // δᵢ = e^(−rᵢΔ). For each Δ the engine must give the exact discrete-time share
  // (1−δ₂)/(1−δ₁δ₂) (to 1e-9), and its distance to the continuous-time limit
  // must shrink in proportion to Δ (here: at least 5× per decade, below 1e-4 at
  // Δ = 1e-3). The deadline T keeps the truncation (δ₁δ₂)^(T/2) below 1e-12.
  for (const auto& row : read_csv(kReferenceDir + "/data/rubinstein_continuous_time_limit.csv")) {
    const double r1 = number(row, "r1");
    const double r2 = number(row, "r2");
    const double limit = number(row, "limit_share_player1");
    double previous_error = 1.0;
    for (double period : {0.1, 0.01, 0.001}) {
      INFO(fmt::format("r1 = {}, r2 = {}, Δ = {}", r1, r2, period));
      const double delta_1 = std::exp(-r1 * period);
      const double delta_2 = std::exp(-r2 * period);
      const int deadline = static_cast<int>(std::ceil(2.0 * 28.0 / ((r1 + r2) * period))) + 2;
      const auto [share, round] = rubinstein_engine(rubinstein(delta_1, delta_2, deadline));
      CHECK(round == 1);
      CHECK(share == Approx((1.0 - delta_2) / (1.0 - delta_1 * delta_2)).epsilon(0).margin(1e-9));
      const double error = std::abs(share - limit);
      CHECK(error < previous_error / 5.0);
      previous_error = error;
    }
    CHECK(previous_error < 1e-4);
  }
}

TEST_CASE("random proposer with majority rule reproduces Baron–Ferejohn's closed rule",
          "[reference]") {
  for (const auto& row : read_csv(kReferenceDir + "/data/baron_ferejohn_closed_rule.csv")) {
    const int n = static_cast<int>(number(row, "n"));
    const double delta = number(row, "delta");
    const double proposer_share = number(row, "proposer_share");
    const double partner_share = number(row, "each_coalition_partner");
    const int partners = static_cast<int>(number(row, "n_partners"));
    INFO(fmt::format("n = {}, δ = {}", n, delta));
    const std::string text = baron_ferejohn(n, delta);
    const auto rows = run_cli(text, "baron_ferejohn");
    REQUIRE(rows.size() == 40);
    REQUIRE(std::abs(proposer_share - partner_share) > 1e-3);  // the two kinds are distinguishable
    std::vector<int> proposed(static_cast<std::size_t>(n), 0);
    for (const auto& outcome : rows) {
      CHECK(outcome.at("agreed") == "1");
      CHECK(outcome.at("round") == "1");
      int keepers = 0;
      int bought = 0;
      int excluded = 0;
      for (int k = 1; k <= n; ++k) {
        const double share = number(outcome, fmt::format("share_{}", k));
        if (std::abs(share - proposer_share) <= 1e-6) {
          ++keepers;
          ++proposed[static_cast<std::size_t>(k - 1)];
        } else if (std::abs(share - partner_share) <= 1e-6) {
          ++bought;
        } else if (std::abs(share) <= 1e-6) {
          ++excluded;
        }
      }

      CHECK(keepers == 1);
      CHECK(bought == partners);
      CHECK(excluded == n - 1 - partners);
    }
    // Equal recognition: over 40 sessions more than one legislator proposes.
    CHECK(std::count_if(proposed.begin(), proposed.end(), [](int c) { return c > 0; }) > 1);
    // The engine at full precision, one session.
    const Scenario scenario = parse_scenario(text, "bf.toml");
    Session session(scenario);
    const SessionRecord record = session.run(5, 0, 0);
    CHECK(record.outcome.maxCoeff() == Approx(proposer_share).epsilon(0).margin(1e-9));
    CHECK(record.outcome.sum() == Approx(1.0).epsilon(0).margin(1e-9));
  }
}

TEST_CASE("when player 2 proposes first the Rubinstein shares swap", "[reference]") {
  // proposer_order = ["player_2", "player_1"]: player 2 keeps (1−δ₁)/(1−δ₁δ₂), so
  // player 1's share is 1 − (1−δ₁)/(1−δ₁δ₂) = δ₁(1−δ₂)/(1−δ₁δ₂).
  for (const auto& [delta_1, delta_2] :
       {std::pair{0.9, 0.9}, std::pair{0.9, 0.8}, std::pair{0.6, 0.9}}) {
    std::string text = rubinstein(delta_1, delta_2, 2000);
    text = replace_line(text, "max_rounds",
                        "max_rounds = 2000\nproposer_order = [\"player_2\", \"player_1\"]");
    const auto [share, round] = rubinstein_engine(text);
    CHECK(round == 1);
    CHECK(share ==
          Approx(delta_1 * (1.0 - delta_2) / (1.0 - delta_1 * delta_2)).epsilon(0).margin(1e-9));
  }
}

}  // namespace parley
