// The agents' play of a legislative proposal (see legislative_play.hpp).
#include "simulation/legislative_play.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "parsing/scenario_parser.hpp"
#include "parsing/toml_text.hpp"
#include "protocol/eu_council.hpp"
#include "simulation/replicate_runner.hpp"

namespace parley {
namespace {

// One actor of the proposal, over its issues.
struct ProposalActor {
  std::string id;
  double capability = 0.0;  // mean over the issues it has a position on
  int issues_held = 0;
  std::vector<std::optional<ForecastActor>> on_issue;  // per issue
};

bool is_commission(std::string_view id) { return id == "com" || id == "commission"; }
bool is_parliament(std::string_view id) { return id == "ep" || id == "parliament"; }

std::vector<ProposalActor> proposal_actors(std::span<const ForecastCase> issues) {
  std::vector<ProposalActor> actors;
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t d = 0; d < issues.size(); ++d) {
    for (const ForecastActor& a : issues[d].actors) {
      const auto [it, inserted] = index.emplace(a.id, actors.size());
      if (inserted) {
        ProposalActor actor;
        actor.id = a.id;
        actor.on_issue.assign(issues.size(), std::nullopt);
        actors.push_back(std::move(actor));
      }
      ProposalActor& actor = actors[it->second];
      actor.on_issue[d] = a;
      actor.capability += a.capability;
      ++actor.issues_held;
    }
  }
  for (ProposalActor& actor : actors) actor.capability /= actor.issues_held;
  return actors;
}

void check_one_proposal(std::span<const ForecastCase> issues) {
  if (issues.empty()) throw UsageError("a proposal needs at least one issue");
  for (const ForecastCase& c : issues) {
    check_forecast_case(c);
    if (c.id != issues.front().id || c.procedure != issues.front().procedure)
      throw UsageError(fmt::format("case \"{}\": its issues disagree on the case or procedure",
                                   issues.front().id));
    if (c.date.empty() != issues.front().date.empty() ||
        (!c.date.empty() && parse_civil_date(c.date) != parse_civil_date(issues.front().date)))
      throw UsageError(
          fmt::format("case \"{}\": its issues disagree on the date", issues.front().id));
  }
}

// The strictest voting rule among the issues (the whole proposal is one vote).
VotingRule proposal_voting_rule(std::span<const ForecastCase> issues) {
  VotingRule rule = VotingRule::kMajority;
  for (const ForecastCase& c : issues) {
    const VotingRule issue_rule =
        c.voting_rule.empty() ? VotingRule::kMajority : *parse_voting_rule(c.voting_rule);
    if (static_cast<int>(issue_rule) > static_cast<int>(rule)) rule = issue_rule;
  }
  return rule;
}

}  // namespace

Scenario legislative_scenario(std::span<const ForecastCase> issues,
                              const AgentPlayOptions& options) {
  check_one_proposal(issues);

  if (options.replicates < 1) throw UsageError("the agents' play needs replicates >= 1");
  if (options.table_rounds < 1 || options.table_rounds > 10000)
    throw UsageError("the agents' play needs 1 to 10000 rounds of the table");
  const ForecastCase& first = issues.front();
  const std::vector<ProposalActor> actors = proposal_actors(issues);
  if (actors.size() < 2)
    throw UsageError(
        fmt::format("case \"{}\": the agents' play needs at least 2 actors", first.id));
  const Procedure procedure = *parse_procedure(first.procedure);
  const VotingRule voting = proposal_voting_rule(issues);
  const std::optional<CivilDate> date =
      first.date.empty() ? std::nullopt : std::optional<CivilDate>(parse_civil_date(first.date));
  const bool legislature = date.has_value() && procedure != Procedure::kNone;
  const CouncilTable& council = builtin_council_table();

  std::string text =
      fmt::format("[scenario]\nname = {}\n\n[uncertainty]\nperception_sd = {}\n\n",
                  toml_string("proposal " + first.id), toml_number(options.perception_sd));
  for (std::size_t d = 0; d < issues.size(); ++d) {
    const ForecastCase& c = issues[d];
    text += fmt::format("[[issues]]\nid = \"i{}\"\nlabel = {}\nrange = [{}, {}]\n", d,
                        toml_string(c.issue.empty() ? c.id : c.issue), toml_number(c.scale_min),
                        toml_number(c.scale_max));
    if (c.status_quo)
      text += fmt::format("status_quo = {}\n\n", toml_number(*c.status_quo));
    else
      text += fmt::format("status_quo = {{ dist = \"uniform\", min = {}, max = {} }}\n\n",
                          toml_number(c.scale_min), toml_number(c.scale_max));
  }
  // Participants: the Commission, the Parliament under co-decision, the rest; who
  // votes in the Council is settled below.
  std::vector<std::size_t> participants;
  for (std::size_t k = 0; k < actors.size(); ++k) {
    if (legislature && is_parliament(actors[k].id) && procedure != Procedure::kCodecision) continue;
    participants.push_back(k);
  }
  for (std::size_t k = 0; k < actors.size(); ++k) {
    const ProposalActor& actor = actors[k];
    text += fmt::format(
        "[[actors]]\nid = \"a{}\"\nname = {}\ncapability = {}\nstrategy = {{ kind = {} }}\n", k,
        toml_string(actor.id), toml_number(actor.capability), toml_string(options.strategy));
    std::string ideal = "ideal = { ";
    std::string salience = "salience = { ";
    for (std::size_t d = 0; d < issues.size(); ++d) {
      const ForecastCase& c = issues[d];
      const double span = c.scale_max - c.scale_min;
      const std::string sep = d == 0 ? "" : ", ";
      if (const auto& held = actor.on_issue[d]) {
        ideal +=
            options.position_sd > 0.0
                ? fmt::format("{}i{} = {{ dist = \"normal\", mean = {}, sd = {} }}", sep, d,
                              toml_number(held->position), toml_number(options.position_sd * span))
                : fmt::format("{}i{} = {}", sep, d, toml_number(held->position));
        const double mean = std::clamp(held->salience, 0.01, 1.0);
        salience += options.salience_sd > 0.0
                        ? fmt::format(
                              "{}i{} = {{ dist = \"truncated_normal\", mean = {}, sd = {}, min = "
                              "0.01, max = 1.0 }}",
                              sep, d, toml_number(mean), toml_number(options.salience_sd))
                        : fmt::format("{}i{} = {}", sep, d, toml_number(mean));
      } else {
        ideal += fmt::format("{}i{} = {}", sep, d, toml_number(c.scale_min + 0.5 * span));
        salience += fmt::format("{}i{} = 0.0", sep, d);
      }
    }
    text += ideal + " }\n" + salience + " }\n\n";
  }

  // Proposers: every participant in turn, the Commission first, then the Parliament,
  // then the others by capability.
  std::vector<std::size_t> proposers;
  std::optional<std::size_t> commission;
  for (std::size_t k : participants)
    if (legislature && is_commission(actors[k].id)) commission = k;
  std::vector<std::size_t> others;
  for (std::size_t k : participants)
    if (!commission || k != *commission) others.push_back(k);
  std::stable_sort(others.begin(), others.end(), [&](std::size_t a, std::size_t b) {
    if (is_parliament(actors[a].id) != is_parliament(actors[b].id))
      return is_parliament(actors[a].id);
    return actors[a].capability > actors[b].capability;
  });
  if (commission) {
    proposers.push_back(*commission);
    for (std::size_t k : others) proposers.push_back(k);
  } else {
    proposers = others;
  }
  const auto id_list = [](const std::vector<std::size_t>& list) {
    std::string out;
    for (std::size_t k : list) out += fmt::format("{}\"a{}\"", out.empty() ? "" : ", ", k);
    return out;
  };
  text += fmt::format(
      "[[phases]]\nid = \"legislate\"\nparticipants = [{}]\nprotocol = "
      "\"alternating_offers\"\nproposer_order = [{}]\nmax_rounds = {}\n{}",
      id_list(participants), id_list(proposers),
      options.table_rounds * static_cast<int>(proposers.size()),
      options.fallback == AgentPlayOptions::Fallback::kStatusQuo ? "agreement = \"interim\"\n"
                                                                 : "");
  if (!legislature) {
    text += voting == VotingRule::kUnanimity ? "decision_rule = \"unanimity\"\n"
            : voting == VotingRule::kQualifiedMajority
                ? fmt::format("decision_rule = {{ rule = \"quota\", quota = {} }}\n",
                              toml_number(kQualifiedMajorityQuota))
                : "decision_rule = \"majority\"\n";
  }

  Scenario scenario = parse_scenario(text, fmt::format("(agents' play of case {})", first.id));
  if (legislature) {
    // The Council's rule at the date, the Parliament's consent under co-decision and
    // the Commission's unless the Council is unanimous.
    DecisionRule& rule = scenario.phases.front().decision_rule;
    rule.kind = DecisionRule::Kind::kCouncil;
    std::vector<std::string> ids;
    for (const ProposalActor& actor : actors) ids.push_back(actor.id);
    std::vector<int> voters;
    for (std::size_t k : participants) voters.push_back(static_cast<int>(k));
    try {
      rule.council =
          council_seats(council, *date,
                        voting == VotingRule::kUnanimity ? CouncilVoting::kUnanimity
                                                         : CouncilVoting::kQualifiedMajority,
                        ids, voters, commission ? static_cast<int>(*commission) : -1);
    } catch (const UsageError& bad) {
      throw UsageError(fmt::format("case \"{}\": {}", first.id, bad.what()));
    }
    if (procedure == Procedure::kCodecision)
      for (std::size_t k : participants)
        if (is_parliament(actors[k].id)) rule.veto.push_back(static_cast<int>(k));
  }
  return scenario;
}

AgentPlayResult play_proposal(std::span<const ForecastCase> issues,
                              const AgentPlayOptions& options) {
  const Scenario scenario = legislative_scenario(issues, options);
  RunRequest request;
  request.replicates = options.replicates;
  request.seed = options.seed;
  request.threads = options.threads;
  request.analysis = false;
  const std::vector<SessionRecord> records = run_replicates(scenario, request);

  AgentPlayResult result;
  std::size_t deals = 0;
  for (const SessionRecord& record : records)
    deals += record.phase_results.front() == PhaseResult::kAgreed ? 1U : 0U;
  const std::size_t replicates = records.size();
  std::vector<double> values;
  values.reserve(replicates);
  for (std::size_t d = 0; d < issues.size(); ++d) {
    values.clear();
    double sum = 0.0;
    for (std::size_t r = 0; r < records.size(); ++r) {
      values.push_back(records[r].outcome(static_cast<Eigen::Index>(d)));
      sum += values.back();
    }
    std::sort(values.begin(), values.end());
    const std::size_t mid = replicates / 2;
    result.median.push_back(replicates % 2 == 1 ? values[mid]
                                                : 0.5 * (values[mid - 1] + values[mid]));
    result.mean.push_back(sum / static_cast<double>(replicates));
  }
  result.agreement_rate = static_cast<double>(deals) / static_cast<double>(records.size());
  return result;
}

}  // namespace parley
