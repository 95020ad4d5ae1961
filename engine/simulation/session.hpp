// Session: the mutable state of one replicate of a scenario.
//
// A session draws the replicate's uncertain parameters and perception noise from
// its own random streams (core/random.hpp), then runs the scenario's phases in
// order with their protocol and the actors' strategies, and returns a
// SessionRecord. One Session object is reused for many replicates by one thread:
// its arrays are sized once per scenario, so a replicate allocates nothing but
// its record, and a round allocates nothing.
//
// Phase semantics (scenarios/README.md): a ratified agreement becomes the status
// quo of the next phase and every actor's fallback becomes its utility of it (an
// interim agreement instead adds its gain to every actor's value of no deal,
// Phase::interim); a veto or deadline moves on to the next phase or ends the
// talks, as the phase says; with foresight (set_lookahead) an actor refuses an
// early deal worth less than its expected value of the later phases.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/random.hpp"
#include "record/move.hpp"
#include "record/session_record.hpp"
#include "scenario/scenario.hpp"
#include "strategy/equilibrium.hpp"
#include "strategy/opponent_model.hpp"
#include "strategy/seat.hpp"
#include "strategy/strategy.hpp"
#include "utility/utility.hpp"

namespace parley {

class Session {
 public:
  explicit Session(const Scenario& scenario);
  // A session keeps a reference to its scenario: it must outlive the session.
  explicit Session(Scenario&&) = delete;

  // Runs replicate `replicate` of sweep point `point` under `master_seed`.
  SessionRecord run(std::uint64_t master_seed, std::uint64_t point, std::uint64_t replicate);

  // The parameters drawn for the last replicate run (for tests and traces);
  // shocks may have changed them during the run.
  const ModelParameters& parameters() const { return parameters_; }
  // The parameters as drawn at the start of the last run with a log set
  // (traces), before any shock changed them; runs without a log leave it alone.
  const ModelParameters& drawn_parameters() const { return drawn_; }

  // What `actor` believed of everyone's ideal points at the end of the last run
  // (the truth when the scenario has no perception noise).
  const Eigen::MatrixXd& beliefs(int actor) const {
    return beliefs_.empty() ? parameters_.ideal : beliefs_[static_cast<std::size_t>(actor)];
  }

  // Whether to analyse each replicate (analysis/bargaining_solutions.hpp): whether a
  // zone of agreement exists at the start of the first bargaining phase, and of the
  // last agreement its Pareto slack among the participants and its distance to the
  // Nash bargaining point (SessionRecord). On by default; it costs about as much as
  // the bargaining itself.
  void set_analysis(bool on) { analysis_ = on; }

  // Foresight across phases (on by default). In a phase that settles and whose
  // failure leads on to a later phase, an actor — at the table or ratifying —
  // accepts a deal only if it is worth at least its expected value of the later
  // phases, discounted for the wait: at round t of a phase with deadline T,
  // δ^(T − t) · C, where C is the mean over kLookaheadPilots pilot sessions of
  // the later phases (from the original status quo, without this phase's deal,
  // on streams of their own, without foresight themselves) of δ^R · u, with R
  // the rounds they take and u the actor's utility at their end. The estimate
  // is cached per seed and sweep point, so it is the same for every replicate
  // and thread (Putnam's two-level logic for ratifiers: they anticipate the
  // next table too).
  void set_lookahead(bool on) { lookahead_ = on; }
  static constexpr int kLookaheadPilots = 64;
  // The cached estimate C (phases × actors; NaN where it does not apply), after a run.
  const Eigen::MatrixXd& continuation_values() const { return continuation_; }

  // Records the moves of the following runs into `log` (nullptr: no log).
  // The log is bounded. Once a run has recorded `max_moves` moves, the rounds
  // that follow in a phase are not recorded, except the phase's last round (the
  // offer that passed and its votes, or the deadline), the threats and the
  // shocks that strike at most once: one kNotRecorded move where the gap
  // begins says which rounds are missing and how many of their moves
  // (record/move.hpp). Phase starts and ends, a forecasting phase and the
  // threats carried out are always recorded. So a log holds at most about
  // `max_moves` + phases × (a round's moves + 3) + threats + shocks moves.
  void set_log(std::vector<Move>* log, std::int64_t max_moves = kMaxLogMoves) {
    log_ = log;
    max_log_moves_ = max_moves;
  }

  // A person takes `actor`'s seat in the following runs (the classroom's "play as
  // an actor", simulation/play.hpp): its proposals and answers come from `script`
  // (strategy/seat.hpp), which must outlive the session.
  void take_seat(int actor, SeatScript* script);

  // Stops the following runs, by throwing RunCancelled (core/errors.hpp) at the
  // start of the next bargaining round, once `cancel` or `abandon` is set
  // (nullptr: not checked). A flag that stays false changes nothing: no draw,
  // no result. The session may then be reused for another run.
  void set_cancel(const std::atomic<bool>* cancel, const std::atomic<bool>* abandon = nullptr) {
    cancel_ = cancel;
    abandon_ = abandon;
  }

 private:
  // What one phase of talks came to.
  struct PhaseOutcome {
    PhaseResult result = PhaseResult::kDeadline;
    int round = 0;   // round of the passing offer (agreed or vetoed), else the last round played
    int offers = 0;  // proposals made
  };

  // Runs phase `phase_index` on the current state (simulation/bargaining_rounds.cpp).
  //
  // Round t = 1 … T of a phase: the phase's protocol names the proposer
  // (protocol/protocol.hpp); the proposer's strategy makes an offer (or passes);
  // every other participant accepts or rejects it (strategy/strategy.hpp:
  // fallback, target, red lines). The offer passes under the phase's decision
  // rule (protocol/decision_rule.hpp), the proposer counting as accepting. A
  // passed offer goes to the phase's ratifiers (absent actors); one rejection is
  // a veto. After a round without agreement the talks break down with the
  // phase's breakdown probability; a phase without a passing offer by round T
  // ends at its deadline. Delay discounts a deal and the value of no deal alike
  // (δ^(t−1) on both); impatience enters through each actor's concession clock
  // and the cost of waiting for its own next offer (strategy/strategy.hpp,
  // Observation::time_used). A forecasting protocol decides in one step instead.
  //
  // On kAgreed and kVetoed the passing offer is left in offer_; vetoers, threats
  // and shocks are marked in `record`; refused_ holds who refused the phase's last
  // proposal put to a vote. With the analysis on, the first bargaining phase
  // records whether a zone of agreement exists at its start (analyse_zone). Shocks draw from
  // `shock_rng`, everything else from `rng`. Throws RunCancelled at the start of a round once a
  // stop was asked for (set_cancel).
  PhaseOutcome run_phase(int phase_index, Rng& rng, Rng& shock_rng, SessionRecord& record);

  // End-game awareness (Observation::last_turn, rounds_to_next_turn): each
  // participant's last proposing round in the phase, and its wait from
  // `round` to its next proposing turn, from the protocol's proposal law.
  void plan_last_turns(const Phase& phase, const Protocol& protocol);
  void plan_next_turns(const Phase& phase, const Protocol& protocol, int round);
  void draw_parameters(Rng& rng);
  void draw_beliefs(Rng& rng);
  // Observers move their belief of `proposer`'s ideal toward its offer.
  void update_beliefs(int proposer, const Phase& phase, int round);
  Observation observe(int actor, const Phase& phase, int round) const;
  int nearest_deal(const Eigen::VectorXd& outcome, double* distance) const;
  // Throws RunCancelled when a stop was asked for (set_cancel).
  void check_cancel() const {
    if ((cancel_ != nullptr && cancel_->load(std::memory_order_relaxed)) ||
        (abandon_ != nullptr && abandon_->load(std::memory_order_relaxed))) {
      throw_cancelled();
    }
  }
  [[noreturn]] static void throw_cancelled();
  void log(Move move) {
    if (log_ != nullptr) record(std::move(move));
  }
  // With a log: appends `move`, or holds it while the round is not recorded
  // (out of line: runs without a log keep the round loop small).
  void record(Move&& move);
  // With a log: round `round` of phase `phase` begins; decides whether it is
  // recorded and drops the previous round if it was not.
  void log_round_start(int phase, int round);
  // With a log: the phase ends in round `round` (before its kPhaseEnd): its
  // last round is recorded after all, and the gap's move says what is missing.
  void log_phase_end(int round);
  // Moves the held round into the gap: threats and shocks that strike at most
  // once are recorded, the other moves counted.
  void drop_held_round();
  // Shocks of phase `phase` that strike at the start of `round` (one draw each).
  void apply_shocks(int phase, int round, Rng& rng, SessionRecord& record);
  // The value of the parameter that `effect` changes, as it stands now (logs).
  double shocked_value(const ShockEffect& effect) const;
  void refresh_preferences();
  // Fallback without a settlement: the reservation utility plus the interim
  // agreements' gains (at an interim table: the utility of its status quo),
  // less the credible part of the threats against the actor.
  void refresh_fallback(int actor);
  // Utilities of the standing agreement (status_quo_) with its side payments.
  void standing_utilities(Eigen::Ref<Eigen::VectorXd> out) const;
  // `ultimatum`: it comes with the threatener's last offer of the phase (Move::detail).
  // `detail`: the kThreat move's detail (1 ultimatum, kBackingMove, else −1).
  void make_threat(int instrument, int detail, int phase, int round, SessionRecord& record);
  // What side payment k of `amount` costs its payer: its cost pro rata of its budget.
  double payment_cost(std::size_t k, double amount) const;
  // The actors whose acceptance `phase` requires: every participant under unanimity
  // or a rule without veto players, else the veto players; and the ratifiers.
  void required_actors(const Phase& phase, std::vector<int>& out) const;
  // Per actor in `actors`: the utility offset of the standing side payments and of
  // side payment `payment` (an instrument index, −1 for none): value to the
  // receiver, minus the cost to the payer (as standing_utilities, unclamped).
  Eigen::VectorXd payment_offsets(std::span<const int> actors, int payment) const;
  // Whether a zone of agreement exists at the start of phase `phase_index` among
  // its required actors (record.zone_of_agreement; a kAgreementZone move with a log).
  void analyse_zone(int phase_index, SessionRecord& record);
  void analyse_agreement(const Phase& phase, SessionRecord& record);

  const Scenario& scenario_;
  Eigen::VectorXd spans_;
  ModelParameters parameters_;
  UtilityModel utility_;
  std::vector<Preferences> preferences_;  // N

  // Perception: what each actor believes of the others (only with perception noise).
  std::vector<Eigen::MatrixXd> beliefs_;          // N of N×D ideal points
  std::vector<Eigen::ArrayXXd> believed_weight_;  // N of N×D normalised saliences

  // Private preferences: the frequency model of each proposer (same for every observer).
  OpponentModels opponent_models_;
  std::vector<char> pareto_bids_;  // per phase: offers by strategy/pareto_bidder.hpp

  std::vector<const Protocol*> protocols_;             // per phase (protocol/protocol.hpp)
  std::vector<std::unique_ptr<Strategy>> strategies_;  // N
  OfferWorkspace workspace_;
  Eigen::VectorXd status_quo_;               // of the current phase
  Eigen::VectorXd fallback_;                 // N
  Eigen::VectorXd best_utility_;             // N: of the current phase
  Eigen::VectorXd offer_;                    // D: the offer on the table
  Eigen::VectorXd amendment_;                // D: open rule: an amendment to it
  Eigen::MatrixXd offer_utility_;            // N×N: (i, j) = u_i of j's last offer in this phase
  Eigen::VectorXd concession_;               // N: concession received in the last round
  std::vector<int> proposer_order_;          // participant slots in proposing order (this phase)
  std::vector<int> last_turn_;               // N: last proposing round in this phase
  std::vector<Eigen::MatrixXd> own_offers_;  // N of D×kRememberedOffers: this phase's offers
  std::vector<int> own_offer_count_;         // N: offers made this phase (all, not just kept)
  Eigen::VectorXd turn_wait_;                // N: rounds from this one to the next own turn
  EquilibriumPlan plan_;                     // this phase's, when it is a division game
  std::vector<char> accepted_;               // N: accepted this round's offer
  std::vector<char> refused_;                // N: refused this phase's last offer put to a vote
  std::vector<int> analysed_;                // scratch: the actors of a bargaining problem
  bool agreed_ = false;                      // a settlement stands
  bool interim_table_ = false;               // the current phase agrees only an interim step
  bool phase_has_backers_ = false;  // an actor not at the current table holds an instrument
  Eigen::VectorXd interim_gain_;    // N: what the interim agreements so far added
  Eigen::VectorXd interim_before_;  // N: scratch
  // N: the reservation utilities as the scenario states them (the means of
  // drawn ones), moved by the shocks that struck: what others can tell.
  Eigen::VectorXd public_reservation_;
  Eigen::VectorXd interim_after_;           // N: scratch
  std::vector<char> instrument_available_;  // K: not used yet this session
  std::vector<char> threat_active_;         // K: threat made
  std::vector<char> payment_in_deal_;       // K: side payment part of the standing agreement
  Eigen::VectorXd paid_amount_;             // K: side payments' amounts in the standing agreement
  int offer_payment_ = -1;                  // side payment attached to the offer on the table
  double offer_payment_amount_ = 0.0;       // its amount (its worth to its target)
  std::vector<char> shock_done_;            // S
  std::vector<Move>* log_ = nullptr;
  Move shock_move_;        // only with a log: the kShock move of the shock being applied
  ModelParameters drawn_;  // only with a log: parameters_ before any shock
  // The log's bound (set_log): moves recorded in this run; whether the current
  // round is recorded; if not, its moves so far (kept if it is the phase's last
  // round) and where the phase's kNotRecorded move is in the log.
  std::int64_t max_log_moves_ = kMaxLogMoves;
  std::int64_t logged_moves_ = 0;
  bool round_recorded_ = true;
  std::vector<Move> held_round_;
  std::size_t gap_at_ = 0;
  const std::atomic<bool>* cancel_ = nullptr;
  const std::atomic<bool>* abandon_ = nullptr;
  bool analysis_ = true;
  // Foresight (set_lookahead): the cached continuation values C, the seed and
  // point they were estimated for, the floor they give this round (N; 0 where
  // none), and the phase pilot sessions start at.
  bool lookahead_ = true;
  Eigen::MatrixXd continuation_;
  bool continuation_known_ = false;
  std::uint64_t continuation_seed_ = 0;
  std::uint64_t continuation_point_ = 0;
  Eigen::VectorXd lookahead_floor_;
  std::size_t first_phase_ = 0;
  void estimate_continuations(std::uint64_t master_seed, std::uint64_t point);
  // The foresight floor of every actor in round `round` of `phase` (lookahead_floor_).
  void update_lookahead_floor(const Phase& phase, int phase_index, int round);
  // An actor's value of no deal as it decides: its fallback, or the foresight floor.
  double deciding_fallback(int actor) const {
    return std::max(fallback_(actor), lookahead_floor_(actor));
  }
};

}  // namespace parley
