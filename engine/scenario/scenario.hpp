// Scenario: the immutable definition of a negotiation, parsed once and shared.
//
// A scenario holds the issues, the actors, named deals, the phases of the talks
// and the base model parameters with the distributions of the uncertain ones.
// It is passed as `const Scenario&`; everything that changes during a replicate
// lives in a `Session` (simulation/session.hpp). Definition apart from run:
// OpenSpiel's Game/State split.
//
// Phases run in order. Each phase has its participants (who is at the table),
// protocol, deadline, the issues on the table, a decision rule and the absent
// actors who must ratify what it agrees. What a phase agrees becomes the status
// quo of the next, and from then on each actor's fallback is its utility of that
// agreement (see docs in scenarios/README.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "core/issue.hpp"
#include "core/model_parameters.hpp"
#include "scenario/actor.hpp"
#include "scenario/sweep_spec.hpp"

namespace parley {

// A named package of issue values (`minerals_for_guarantees`).
struct Deal {
  std::string id;
  std::string label;
  Eigen::VectorXd values;  // D
};

// The Council of the EU's voting rule at a date, as thresholds on the members who
// vote (protocol/eu_council.hpp fills it from the treaties; a test of 0 is off):
// yes votes ≥ vote_share of the members' weighted votes, more than half of the
// members (member_majority), yes members ≥ member_share of them, their population ≥
// population_share of the members'; or, with blocking_minority b > 0, fewer than b
// members vote no (Lisbon: a blocking minority needs four members).
struct CouncilRule {
  bool unanimity = false;
  double vote_share = 0.0;
  bool member_majority = false;
  double member_share = 0.0;
  double population_share = 0.0;
  int blocking_minority = 0;
};

// kCouncil: who sits in the Council with what weight, and the agenda setter.
struct CouncilSeats {
  CouncilRule rule;
  std::vector<char> member;    // N: 1 for a Council member (votes there)
  Eigen::VectorXd votes;       // N: weighted votes (0 for non-members and under Lisbon)
  Eigen::VectorXd population;  // N: millions (0 for non-members or when not known)
  // The Commission: its acceptance is needed unless every member accepts (Art.
  // 293(1) TFEU); −1 for none.
  int agenda_setter = -1;
};

// When does a proposal pass among the participants?
struct DecisionRule {
  // kCouncil (`rule = "eu_council"` in a file): the Council's rule (`council`) over
  // the participants who are members, with the agenda setter's and the veto
  // players' consent (protocol/eu_council.hpp; simulation/legislative_play.hpp).
  enum class Kind { kUnanimity, kMajority, kQuota, kCouncil };
  Kind kind = Kind::kUnanimity;
  double quota = 1.0;     // kQuota: share of participants' capability that must accept
  std::vector<int> veto;  // actors whose acceptance is always required
  CouncilSeats council;   // kCouncil only
};

// random_proposer: is a proposal voted on at once (closed rule) or may later
// recognised members amend it first (open rule)? See protocol/random_proposer.hpp.
enum class AmendmentRule { kClosed, kOpen };

// Order in which alternating_offers participants propose (round-robin).
enum class ProposerOrder { kListed, kCapability, kSequence };

// What happens when a phase ends without a ratified agreement.
enum class PhaseEnd { kNextPhase, kBreakdown };

struct Phase {
  std::string id;
  std::string label;
  std::vector<int> participants;  // actor indices at the table, in proposing order
  // The protocol's name (protocol/protocol.hpp: protocols()): "alternating_offers",
  // "random_proposer", or a forecasting model ("compromise", "expected_utility", …).
  std::string protocol = "alternating_offers";
  ProposerOrder proposer_order = ProposerOrder::kListed;  // alternating_offers
  std::vector<int> proposer_sequence;                     // kSequence: participant slots, repeated
  std::vector<double> recognition;  // random_proposer: weight per participant (sums to 1)
  AmendmentRule amendment_rule = AmendmentRule::kClosed;  // random_proposer
  double breakdown_probability = 0.0;  // chance the talks break down after a rejected round
  bool equilibrium = false;            // every participant plays `equilibrium` (division game)
  int max_rounds = 1;                  // deadline of the phase
  std::vector<int> issues;             // issue indices on the table (all by default)
  DecisionRule decision_rule;
  std::vector<int> ratifiers;  // absent actors whose ratification is required
  PhaseEnd on_veto = PhaseEnd::kNextPhase;
  PhaseEnd on_deadline = PhaseEnd::kNextPhase;
  // `agreement = "interim"`: what this phase agrees is a step on the way (the
  // restoring of diplomatic missions, a prisoner exchange), not a settlement.
  // At its table no deal means the status quo: each actor's fallback is its
  // utility of the status quo. An interim agreement becomes the status quo of
  // the next phase and adds its gain, u(agreement) − u(status quo), to each
  // actor's value of no deal (its reservation utility), which stays in force;
  // the session's agreement (SessionRecord::agreed) is a settlement. By default
  // (`"settlement"`) an agreement settles: every actor's fallback becomes its
  // utility of the agreement.
  bool interim = false;
};

// A transactional instrument one actor holds over another (strategy
// `transactional` decides when to use them, strategy/transactional.hpp;
// simulation/session.cpp applies them).
//  - threat ("accept this or I do Y"): made with an offer; from then on the
//    target's fallback is lower by credibility × drop for the rest of the
//    phase. If the talks end without agreement it is carried out with
//    probability `credibility`: the target loses `drop` of utility and the
//    threatener pays `cost`; otherwise the threatener backs down and pays its
//    `audience_cost` (Fearon 1994). Each threat is made at most once.
//  - side payment (aid, a sanctions-relief tranche): attached to an offer in
//    the amount the payer believes closes the target's gap to acceptance, up
//    to `value` (the budget); the target gains the amount and the payer pays
//    `cost` × amount / value, only if the deal stands; each side payment is
//    paid at most once.
struct Instrument {
  enum class Kind { kThreat, kSidePayment };
  static constexpr int kDrop = 0, kCredibility = 1, kThreatCost = 2,
                       kAudienceCost = 3;             // threat columns
  static constexpr int kValue = 0, kPaymentCost = 1;  // side payment columns
  static constexpr int kColumns = 4;                  // of ModelParameters::instrument
  std::string id;
  Kind kind = Kind::kThreat;
  int actor = 0;   // who holds it
  int target = 0;  // on whom it works
};

// A random event that may happen in any round of the listed phases.
struct ShockEffect {
  enum class Target { kReservation, kSalience, kCapability };
  int actor = 0;
  Target target = Target::kReservation;
  int issue = 0;  // kSalience only
  // The size of the change is ModelParameters::shock_change(index of this effect).
};

struct Shock {
  std::string id;
  std::string label;
  std::vector<int> phases;   // phase indices where it can happen (all by default)
  bool once = true;          // at most once per session
  std::vector<int> effects;  // indices into Scenario::shock_effects
};

// What an actor knows of the others' preferences (`[uncertainty] knowledge`).
//  - kPublic: their ideal points, saliences and option values, seen through
//    perception noise (`perception_sd`) and updated from their offers;
//  - kPrivate: only its own utility; it learns the others' from the offers they
//    make, with a frequency model (strategy/opponent_model.hpp).
enum class Knowledge { kPublic, kPrivate };

struct RunSettings {
  std::uint64_t seed = 1;
  std::int64_t replicates = 1000;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_name;              // file path as given
  std::string source_sha256;            // of the file's bytes
  std::vector<std::string> data_files;  // other files it was read from ([actors_table])
  std::vector<Issue> issues;
  std::vector<Actor> actors;
  std::vector<Deal> deals;
  std::vector<Phase> phases;
  std::vector<Instrument> instruments;      // row k of ModelParameters::instrument
  std::vector<Shock> shocks;                // row s of ModelParameters::shock_probability
  std::vector<ShockEffect> shock_effects;   // row e of ModelParameters::shock_change
  std::vector<OptionValuation> valuations;  // per (actor, discrete issue) that has them
  Knowledge knowledge = Knowledge::kPublic;
  RunSettings run;
  ModelParameters base;                       // fixed values; means of uncertain ones
  std::vector<ScenarioParameter> parameters;  // every numeric parameter, in file order
  std::vector<std::string> overrides;         // `--set` assignments applied, in order
  std::optional<SweepSpec> sweep;             // the `[sweep]` table, if any
  // Counterfactual runs (simulation/counterfactual.hpp): 1 for an instrument that is
  // never available, or a shock whose per-round draw is made but that never strikes.
  // Empty (the default): everything as declared.
  std::vector<char> instrument_off;  // K, or empty
  std::vector<char> shock_off;       // S, or empty

  int actor_count() const { return static_cast<int>(actors.size()); }
  int issue_count() const { return static_cast<int>(issues.size()); }
  Eigen::VectorXd spans() const;
  int actor_index(std::string_view id) const;  // −1 when unknown
  int issue_index(std::string_view id) const;  // −1 when unknown
  bool has_uncertainty() const;
  // The scenario file and its data files: what no output may overwrite.
  std::vector<std::string> input_files() const;
};

}  // namespace parley
