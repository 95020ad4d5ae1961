#include "strategy/equilibrium.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "core/eigen_resize.hpp"
#include "core/errors.hpp"

namespace parley {
namespace {

// A value no share can buy: continuation values above 1 make a partner
// unaffordable; this caps r/δ^t where it would overflow.
constexpr double kUnaffordable = 1e12;
constexpr double kTieTolerance = 1e-14;

bool uncertain(const Scenario& scenario, ParameterRef::Field field, int actor) {
  for (const ScenarioParameter& p : scenario.parameters) {
    if (p.ref.field == field && p.ref.row == actor && !p.value.is_fixed()) return true;
  }
  return false;
}

// Breakdown value r/δ^t in round-(t+1) units, capped.
double breakdown_value(double reservation, double discount, int rounds) {
  if (reservation <= 0.0) return 0.0;
  if (discount <= 0.0) return kUnaffordable;
  const double value = reservation * std::pow(discount, -static_cast<double>(rounds));
  return std::min(value, kUnaffordable);
}

}  // namespace

std::optional<std::string> division_game_problem(const Scenario& scenario, const Phase& phase) {
  const ModelParameters& p = scenario.base;
  if (phase.amendment_rule == AmendmentRule::kOpen) {
    return std::string(
        "equilibrium play is implemented for the closed rule only (amendment_rule = \"closed\")");
  }
  if (phase.decision_rule.kind == DecisionRule::Kind::kCouncil) {
    return std::string(
        "equilibrium play is implemented for unanimity, majority and quota rules, not for the "
        "Council's (rule = \"eu_council\")");
  }
  for (int j : phase.participants) {
    const std::string& id = scenario.actors[static_cast<std::size_t>(j)].id;
    for (auto field : {ParameterRef::Field::kIdeal, ParameterRef::Field::kSalience,
                       ParameterRef::Field::kRisk}) {
      if (uncertain(scenario, field, j)) {
        return fmt::format(
            "`{}` has an uncertain ideal point, salience or risk exponent; they must be fixed", id);
      }
    }
    if (p.risk(j) != 1.0)
      return fmt::format("`{}` has risk exponent {}, expected 1", id, p.risk(j));
  }
  auto cares_only_about = [&](int actor, int issue) {
    for (int d = 0; d < scenario.issue_count(); ++d) {
      if (d != issue && p.salience(actor, d) != 0.0) return false;
    }
    return p.salience(actor, issue) > 0.0;
  };
  if (phase.participants.size() == 2 && phase.issues.size() == 1) {
    const int d = phase.issues[0];
    const Issue& issue = scenario.issues[static_cast<std::size_t>(d)];
    const int a = phase.participants[0];
    const int b = phase.participants[1];
    const bool opposite = (p.ideal(a, d) == issue.min && p.ideal(b, d) == issue.max) ||
                          (p.ideal(a, d) == issue.max && p.ideal(b, d) == issue.min);
    if (!opposite) {
      return fmt::format("a bilateral split needs the two ideal points at opposite ends of `{}`",
                         issue.id);
    }
    for (int j : {a, b}) {
      if (!cares_only_about(j, d)) {
        return fmt::format("`{}` has salience on issues other than `{}`",
                           scenario.actors[static_cast<std::size_t>(j)].id, issue.id);
      }
    }
    return std::nullopt;
  }
  if (phase.issues.size() != phase.participants.size()) {
    return fmt::format(
        "expected a bilateral split (2 participants, 1 issue) or an n-way split (one issue per "
        "participant), found {} participants and {} issues on the table",
        phase.participants.size(), phase.issues.size());
  }
  std::vector<char> taken(static_cast<std::size_t>(scenario.issue_count()), 0);
  for (int j : phase.participants) {
    const std::string& id = scenario.actors[static_cast<std::size_t>(j)].id;
    int own = -1;
    for (int d : phase.issues) {
      if (p.salience(j, d) > 0.0) own = own < 0 ? d : -2;
    }
    if (own < 0 || !cares_only_about(j, own)) {
      return fmt::format(
          "in an n-way split `{}` must care about exactly one issue on the table and no other", id);
    }
    if (taken[static_cast<std::size_t>(own)]) {
      return fmt::format("two participants care about `{}`; each needs an issue of its own",
                         scenario.issues[static_cast<std::size_t>(own)].id);
    }
    taken[static_cast<std::size_t>(own)] = 1;
    if (p.ideal(j, own) != scenario.issues[static_cast<std::size_t>(own)].max) {
      return fmt::format("`{}`'s ideal on its issue `{}` must be the range maximum", id,
                         scenario.issues[static_cast<std::size_t>(own)].id);
    }
  }
  return std::nullopt;
}

int EquilibriumPlan::slot_of(int actor) const {
  for (std::size_t k = 0; k < phase_->participants.size(); ++k)
    if (phase_->participants[k] == actor) return static_cast<int>(k);
  return -1;
}

void EquilibriumPlan::solve(const Scenario& scenario, const Phase& phase, const Protocol& protocol,
                            const ModelParameters& parameters, const Eigen::VectorXd& fallback,
                            std::span<const int> proposer_order) {
  scenario_ = &scenario;
  phase_ = &phase;
  const auto count = phase.participants.size();
  const int players = static_cast<int>(count);
  const int rounds = phase.max_rounds;
  bilateral_ = count == 2 && phase.issues.size() == 1;
  issue_of_.assign(count, 0);
  sign_.assign(count, 1.0);
  // Sizes change from phase to phase: through empty objects, which an
  // allocation failure leaves valid (core/eigen_resize.hpp).
  resize_through_empty(capability_, players);
  for (std::size_t k = 0; k < count; ++k) {
    const int actor = phase.participants[k];
    capability_(static_cast<Eigen::Index>(k)) = parameters.capability(actor);
    if (bilateral_) {
      const int d = phase.issues[0];
      issue_of_[k] = d;
      sign_[k] = parameters.ideal(actor, d) == scenario.issues[static_cast<std::size_t>(d)].max
                     ? 1.0
                     : -1.0;
    } else {
      for (int d : phase.issues)
        if (parameters.salience(actor, d) > 0.0) issue_of_[k] = d;
    }
  }
  proposer_order_.assign(proposer_order.begin(), proposer_order.end());
  order_.resize(count);
  partner_.assign(count, 0);
  inclusion_.assign(count, 0.0);
  resize_through_empty(continuation_, rounds, players);

  // Backward induction: v holds v_j(t+1) in round-(t+1) units.
  Eigen::VectorXd v(players);
  Eigen::VectorXd next(players);
  for (int k = 0; k < players; ++k) {
    const int actor = phase.participants[static_cast<std::size_t>(k)];
    v(k) = breakdown_value(fallback(actor), parameters.discount(actor), rounds);
  }
  const double q = phase.breakdown_probability;
  for (int round = rounds; round >= 1; --round) {
    for (int k = 0; k < players; ++k) {
      const int actor = phase.participants[static_cast<std::size_t>(k)];
      const double breakdown = breakdown_value(fallback(actor), parameters.discount(actor), round);
      const double after = round == rounds ? breakdown : (1.0 - q) * v(k) + q * breakdown;
      continuation_(round - 1, k) = std::min(parameters.discount(actor) * after, kUnaffordable);
    }
    next.setZero();
    for (int p = 0; p < players; ++p) {
      const double weight = protocol.proposal_probability(phase, proposer_order_, round, p);
      if (weight == 0.0) continue;
      cheapest_coalition(round, p, nullptr);
      double cost = 0.0;
      for (int k = 0; k < players; ++k)
        cost += inclusion_[static_cast<std::size_t>(k)] * continuation_(round - 1, k);
      const double keep = 1.0 - cost;
      if (keep >= continuation_(round - 1, p)) {
        next(p) += weight * keep;
        for (int k = 0; k < players; ++k) {
          next(k) += weight * inclusion_[static_cast<std::size_t>(k)] * continuation_(round - 1, k);
        }
      } else {
        next += weight * continuation_.row(round - 1).transpose();  // the proposer passes
      }
    }
    v = next;
  }
}

double EquilibriumPlan::continuation(int round, int slot) const {
  return continuation_(round - 1, slot);
}

void EquilibriumPlan::cheapest_coalition(int round, int proposer, Rng* rng) const {
  const auto count = phase_->participants.size();
  const int players = static_cast<int>(count);
  std::fill(partner_.begin(), partner_.end(), 0);
  std::fill(inclusion_.begin(), inclusion_.end(), 0.0);
  // Veto players are always bought.
  int forced = 0;
  for (int veto : phase_->decision_rule.veto) {
    const int slot = slot_of(veto);
    if (slot >= 0 && slot != proposer) {
      partner_[static_cast<std::size_t>(slot)] = 1;
      inclusion_[static_cast<std::size_t>(slot)] = 1.0;
      ++forced;
    }
  }
  int candidates = 0;
  for (int k = 0; k < players; ++k) {
    if (k != proposer && !partner_[static_cast<std::size_t>(k)])
      order_[static_cast<std::size_t>(candidates++)] = k;
  }
  const auto cost = [&](int k) { return continuation_(round - 1, k); };
  const DecisionRule& rule = phase_->decision_rule;
  if (rule.kind == DecisionRule::Kind::kQuota) {
    // Greedy by cost per unit of capability (exact for equal capabilities).
    std::stable_sort(order_.begin(), order_.begin() + candidates, [&](int a, int b) {
      return cost(a) * capability_(b) < cost(b) * capability_(a);
    });
    double held = capability_(proposer);
    for (int k = 0; k < players; ++k)
      held += partner_[static_cast<std::size_t>(k)] ? capability_(k) : 0.0;
    const double needed = rule.quota * capability_.sum() - 1e-12;
    for (int c = 0; c < candidates && held < needed; ++c) {
      const int k = order_[static_cast<std::size_t>(c)];
      partner_[static_cast<std::size_t>(k)] = 1;
      inclusion_[static_cast<std::size_t>(k)] = 1.0;
      held += capability_(k);
    }
    return;
  }
  const int needed_total = rule.kind == DecisionRule::Kind::kUnanimity ? players - 1 : players / 2;
  const int needed = std::max(0, needed_total - forced);
  if (needed == 0) return;
  std::stable_sort(order_.begin(), order_.begin() + candidates,
                   [&](int a, int b) { return cost(a) < cost(b); });
  // Partners strictly cheaper than the needed-th cost are in; the tied group at
  // that cost shares the remaining places uniformly.
  const double boundary = cost(order_[static_cast<std::size_t>(needed - 1)]);
  int cheaper = 0;
  int tied = 0;
  for (int c = 0; c < candidates; ++c) {
    const double value = cost(order_[static_cast<std::size_t>(c)]);
    if (value < boundary - kTieTolerance) {
      ++cheaper;
    } else if (value <= boundary + kTieTolerance) {
      ++tied;
    }
  }
  const int places = needed - cheaper;
  for (int c = 0; c < cheaper; ++c) {
    const auto k = static_cast<std::size_t>(order_[static_cast<std::size_t>(c)]);
    partner_[k] = 1;
    inclusion_[k] = 1.0;
  }
  if (rng == nullptr) {
    for (int c = cheaper; c < cheaper + tied; ++c) {
      inclusion_[static_cast<std::size_t>(order_[static_cast<std::size_t>(c)])] =
          static_cast<double>(places) / static_cast<double>(tied);
    }
    return;
  }
  // Draw `places` of the tied uniformly (partial Fisher–Yates on the order).
  for (int c = 0; c < places; ++c) {
    const int pick =
        cheaper + c + static_cast<int>(rng->uniform01() * static_cast<double>(tied - c));
    std::swap(order_[static_cast<std::size_t>(cheaper + c)],
              order_[static_cast<std::size_t>(pick)]);
    const auto k = static_cast<std::size_t>(order_[static_cast<std::size_t>(cheaper + c)]);
    partner_[k] = 1;
    inclusion_[k] = 1.0;
  }
}

bool EquilibriumPlan::offer(int round, int proposer, Rng& rng, const Eigen::VectorXd& status_quo,
                            Eigen::Ref<Eigen::VectorXd> out) const {
  const int players = static_cast<int>(phase_->participants.size());
  cheapest_coalition(round, proposer, &rng);
  double cost = 0.0;
  for (int k = 0; k < players; ++k)
    cost += partner_[static_cast<std::size_t>(k)] ? continuation(round, k) : 0.0;
  const double keep = 1.0 - cost;
  if (keep < continuation(round, proposer)) return false;
  out = status_quo;
  auto place = [&](int slot, double share) {
    const int d = issue_of_[static_cast<std::size_t>(slot)];
    const Issue& issue = scenario_->issues[static_cast<std::size_t>(d)];
    const double clamped = std::clamp(share, 0.0, 1.0);
    out(d) = sign_[static_cast<std::size_t>(slot)] > 0 ? issue.min + clamped * issue.span()
                                                       : issue.max - clamped * issue.span();
  };
  if (bilateral_) {
    place(proposer, keep);
    return true;
  }
  for (int k = 0; k < players; ++k) {
    place(k, k == proposer
                 ? keep
                 : (partner_[static_cast<std::size_t>(k)] ? continuation(round, k) : 0.0));
  }
  return true;
}

double EquilibriumPlan::share(int slot, const Eigen::Ref<const Eigen::VectorXd>& outcome) const {
  const int d = issue_of_[static_cast<std::size_t>(slot)];
  const Issue& issue = scenario_->issues[static_cast<std::size_t>(d)];
  const double from_min = (outcome(d) - issue.min) / issue.span();
  return sign_[static_cast<std::size_t>(slot)] > 0 ? from_min : 1.0 - from_min;
}

void Equilibrium::begin_phase(const Observation& seen) { begin_round(seen); }

Response Equilibrium::respond(const Observation& seen,
                              const Eigen::Ref<const Eigen::VectorXd>& offer) const {
  Response response;
  response.utility = seen.own->utility(offer);
  const Actor& self = seen.actors[static_cast<std::size_t>(seen.self)];
  if (!self.accepts_red_lines(offer, &response.red_line)) {
    response.verdict = Verdict::kRedLine;
  } else if (response.utility < target_ - 1e-12) {
    response.verdict = Verdict::kBelowTarget;
    response.threshold = target_;
  }
  return response;
}

void Equilibrium::begin_round(const Observation& seen) {
  PARLEY_CHECK(seen.equilibrium != nullptr, "equilibrium strategy without an equilibrium plan");
  target_ = seen.equilibrium->continuation(seen.round, seen.equilibrium->slot_of(seen.self));
}

bool Equilibrium::propose(const Observation& seen, Rng& rng, OfferWorkspace& /*workspace*/,
                          Eigen::Ref<Eigen::VectorXd> offer) {
  const EquilibriumPlan& plan = *seen.equilibrium;
  return plan.offer(seen.round, plan.slot_of(seen.self), rng, *seen.status_quo, offer);
}

}  // namespace parley
