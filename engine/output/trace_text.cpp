// The trace in words (output/trace.hpp: write_trace_text): the Narrator reads
// the session's move log in order and tells it for a reader who has not seen
// the code — the header (actors, issues), each phase, each round's proposal
// and answers with their reasons, threats, side payments, shocks with the
// values they leave, ratification votes, why an offer did not pass, the end of
// each phase and the outcome. It tells what the session recorded (record/move.hpp)
// and recomputes none of it.
#include "output/trace.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "protocol/protocol.hpp"
#include "strategy/strategy.hpp"

namespace parley {
namespace {

constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kGreen = "\033[32m";
constexpr std::string_view kRed = "\033[31m";
constexpr std::string_view kYellow = "\033[33m";
constexpr std::string_view kReset = "\033[0m";

// "sanctions_relief" → "sanctions relief".
std::string words(std::string_view id) {
  std::string text(id);
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

// "A", "A and B", "A, B and C".
std::string join_words(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k > 0) text += k + 1 == items.size() ? " and " : ", ";
    text += items[k];
  }
  return text;
}

// The unit without its parenthesised explanation ("strength (0 none, …)" → "strength").
std::string short_unit(const std::string& unit) { return unit.substr(0, unit.find(" (")); }

// Rounding residue (1e-17 for 0) would print as such: snap it to the number it stands for.
double tidy(const Issue& issue, double value) {
  const double tolerance = 1e-9 * std::max(1.0, std::abs(issue.span()));
  for (double exact : {0.0, issue.min, issue.max, std::round(value)}) {
    if (std::abs(value - exact) < tolerance) return exact + 0.0;  // + 0.0: no "-0"
  }
  return value;
}

// A number on `issue`'s scale: three significant digits of its range, without
// trailing zeros (0.04, 12.3, 7.46), so that rounding residue never shows as 4.4e-05.
std::string on_scale(const Issue& issue, double value) {
  const double span = std::max(std::abs(issue.span()), 1e-12);
  const int decimals = std::clamp(2 - static_cast<int>(std::floor(std::log10(span))), 0, 12);
  std::string text = fmt::format("{:.{}f}", tidy(issue, value), decimals);
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

// A value in the issue's terms (as Issue::describe: an option name, or the number
// and its unit), with the full unit or the short one.
std::string in_units(const Issue& issue, double value, bool full_unit) {
  if (issue.is_discrete()) return issue.describe(value);
  const std::string unit = full_unit ? issue.unit : short_unit(issue.unit);
  return unit.empty() ? on_scale(issue, value) : on_scale(issue, value) + " " + unit;
}

std::string two_decimals(double value) {
  std::string text = fmt::format("{:.2f}", value);
  return text == "-0.00" ? "0.00" : text;
}

// A gain: "+0.12", "−0.04" (a minus sign, not a hyphen), "+0.00".
std::string signed_gain(double gain) {
  std::string text = fmt::format("{:+.2f}", gain);
  if (text == "-0.00") return "+0.00";
  return text[0] == '-' ? "−" + text.substr(1) : text;
}

// `a` and `b` with the fewest decimals (2, 3, 4 or 6) that tell them apart, so
// that "0.45 below 0.45" never appears.
std::pair<std::string, std::string> apart(double a, double b) {
  for (int decimals : {2, 3, 4}) {
    std::string x = fmt::format("{:.{}f}", a, decimals);
    std::string y = fmt::format("{:.{}f}", b, decimals);
    if (x != y) return {x, y};
  }
  return {fmt::format("{:.6f}", a), fmt::format("{:.6f}", b)};
}

class Narrator {
 public:
  Narrator(std::ostream& out, const Scenario& scenario, const ReplicateTrace& trace,
           const TraceStyle& style)
      : out_(out),
        scenario_(scenario),
        trace_(trace),
        style_(style),
        threat_active_(scenario.instruments.size(), 0) {}

  void write() {
    header();
    const std::vector<Move>& moves = trace_.moves;
    std::size_t i = 0;
    while (i < moves.size()) {
      const Move& move = moves[i];
      switch (move.kind) {
        case MoveKind::kPhaseStart:
          phase_start(move);
          ++i;
          break;
        case MoveKind::kPhaseEnd:
          phase_end(move);
          ++i;
          break;
        case MoveKind::kThreatCarriedOut:
        case MoveKind::kThreatBackedDown:
          ++i;  // told with the outcome
          break;
        case MoveKind::kAgreementZone:
          zone_ = &move;  // told in "Why no deal"
          ++i;
          break;
        case MoveKind::kNotRecorded:
          not_recorded(i);
          ++i;
          break;
        default:
          i = tell_round(i);
      }
    }
    outcome();
  }

 private:
  std::string paint(std::string_view code, const std::string& text) const {
    return style_.color ? fmt::format("{}{}{}", code, text, kReset) : text;
  }
  const std::string& name(int actor) const {
    const Actor& a = scenario_.actors[static_cast<std::size_t>(actor)];
    return a.name.empty() ? a.id : a.name;
  }
  std::vector<std::string> names(const std::vector<int>& actors) const {
    std::vector<std::string> list;
    for (int a : actors) list.push_back(name(a));
    return list;
  }
  const Phase& phase_of(const Move& move) const {
    return scenario_.phases[static_cast<std::size_t>(move.phase)];
  }
  const Instrument& instrument(int k) const {
    return scenario_.instruments[static_cast<std::size_t>(k)];
  }
  double instrument_param(int k, int column) const { return trace_.drawn.instrument(k, column); }

  void header() {
    out_ << paint(kBold, scenario_.name)
         << fmt::format(" — seed {}, replicate {}, move by move\n", trace_.seed, trace_.replicate);
    std::size_t width = 0;
    for (int a = 0; a < scenario_.actor_count(); ++a) width = std::max(width, name(a).size());
    out_ << "\nActors, with their reservation utility (the value of no deal, as drawn in this "
            "replicate):\n";
    for (int a = 0; a < scenario_.actor_count(); ++a) {
      const Actor& actor = scenario_.actors[static_cast<std::size_t>(a)];
      std::string line =
          fmt::format("  {:<{}}  {}", name(a), width, two_decimals(trace_.drawn.reservation(a)));
      std::vector<std::string> lines;
      for (const RedLine& red_line : actor.red_lines)
        lines.push_back("\"" + red_line.text() + "\"");
      if (!lines.empty()) {
        line +=
            fmt::format("   red line{}: {}", lines.size() > 1 ? "s" : "", fmt::join(lines, "; "));
      }
      out_ << line << "\n";
    }
    out_ << "Issues, with the status quo:\n";
    for (int d = 0; d < scenario_.issue_count(); ++d) {
      const Issue& issue = scenario_.issues[static_cast<std::size_t>(d)];
      std::string line = fmt::format("  {}", words(issue.id));
      if (!issue.label.empty()) line += " — " + issue.label;
      line += ": status quo " + in_units(issue, trace_.drawn.status_quo(d), true);
      if (issue.is_discrete()) {
        line += fmt::format("; options {}", fmt::join(issue.options, ", "));
      } else {
        line +=
            fmt::format("; range {} to {}", on_scale(issue, issue.min), on_scale(issue, issue.max));
        if (!issue.ends[0].empty() && !issue.ends[1].empty()) {
          line += fmt::format(" ({}: {}; {}: {})", on_scale(issue, issue.min), issue.ends[0],
                              on_scale(issue, issue.max), issue.ends[1]);
        }
      }
      out_ << line << "\n";
    }
    out_ << "\nUtilities run from 0 to 1 (1: the actor's ideal outcome). At the table an actor\n"
            "accepts an offer worth at least its value of no deal (delay discounts both alike)\n"
            "and its target: what its own next offer would give it, less the cost of waiting\n"
            "for it; an offer that breaks one of its red lines it refuses. An actor who must\n"
            "ratify checks the value of no deal and the red lines.\n";
  }

  void phase_start(const Move& move) {
    const Phase& phase = phase_of(move);
    vetoers_.clear();
    std::string about = join_words(names(phase.participants)) + " at the table";
    if (!phase.ratifiers.empty()) {
      about += fmt::format("; {} must ratify", join_words(names(phase.ratifiers)));
    }
    out_ << "\n"
         << paint(kBold, fmt::format("Phase {} — {} ({})", move.phase + 1,
                                     phase.label.empty() ? words(phase.id) : phase.label, about))
         << "\n";
    std::vector<std::string> on_table;
    for (int d : phase.issues)
      on_table.push_back(words(scenario_.issues[static_cast<std::size_t>(d)].id));
    std::string rules;
    const Protocol& protocol = protocol_of(phase);
    rules = protocol.describe(phase);
    if (!protocol.decides_in_one_step()) {
      rules +=
          fmt::format(", at most {} round{}", phase.max_rounds, phase.max_rounds == 1 ? "" : "s");
      const DecisionRule& rule = phase.decision_rule;
      switch (rule.kind) {
        case DecisionRule::Kind::kUnanimity:
          rules += " · every participant must accept";
          break;
        case DecisionRule::Kind::kMajority:
          rules += " · a majority of the participants must accept";
          break;
        case DecisionRule::Kind::kQuota:
          rules +=
              fmt::format(" · those who accept must hold {:.0f}% of the participants' capability",
                          100.0 * rule.quota);
          break;
        case DecisionRule::Kind::kCouncil:
          rules += rule.council.rule.unanimity
                       ? " · every Council member must accept"
                       : " · a qualified majority of the Council must accept";
          if (rule.council.agenda_setter >= 0)
            rules += fmt::format(", and {} unless the Council is unanimous",
                                 name(rule.council.agenda_setter));
          break;
      }
      if (!rule.veto.empty()) rules += fmt::format(", {} included", join_words(names(rule.veto)));
      if (phase.breakdown_probability > 0.0) {
        rules += fmt::format(" · {:.0f}% chance the talks break down after a round without a deal",
                             100.0 * phase.breakdown_probability);
      }
    }
    out_ << fmt::format("  On the table: {} · {}\n", join_words(on_table), rules);
    if (agreement_stands_) {
      out_ << fmt::format("  Starting point: the agreement of phase {}, now the status quo.\n",
                          agreed_phase_ + 1);
    } else if (interim_phase_ >= 0) {
      out_ << fmt::format(
          "  Starting point: the interim agreement of phase {}, now the status quo; what it "
          "gained each actor is added to its value of no deal.\n",
          interim_phase_ + 1);
    }
  }

  // The moves of one round (from `first`, up to the phase's end); returns the next index.
  std::size_t tell_round(std::size_t first) {
    const std::vector<Move>& moves = trace_.moves;
    const Move& start = moves[first];
    const Phase& phase = phase_of(start);
    const bool open_rule = protocol_of(phase).amendments_open(phase);
    std::size_t end = first;
    while (end < moves.size() && moves[end].phase == start.phase &&
           moves[end].round == start.round && moves[end].kind != MoveKind::kPhaseStart &&
           moves[end].kind != MoveKind::kPhaseEnd &&
           moves[end].kind != MoveKind::kThreatCarriedOut &&
           moves[end].kind != MoveKind::kThreatBackedDown &&
           moves[end].kind != MoveKind::kNotRecorded) {
      ++end;
    }
    const auto begin_it = moves.begin() + static_cast<std::ptrdiff_t>(first);
    const auto end_it = moves.begin() + static_cast<std::ptrdiff_t>(end);
    auto is_answer = [](const Move& m) {
      return m.kind == MoveKind::kAccept || m.kind == MoveKind::kReject;
    };
    auto is_vote = [](const Move& m) {
      return m.kind == MoveKind::kRatify || m.kind == MoveKind::kVeto;
    };
    const auto first_answer = std::find_if(begin_it, end_it, is_answer);
    const bool answered = first_answer != end_it;
    // The proposal (or pass) goes on the round's line when nothing but the
    // model's rounds happened before it.
    std::size_t lead = end;
    for (std::size_t k = first; k < end; ++k) {
      if (moves[k].kind == MoveKind::kOffer || moves[k].kind == MoveKind::kPass) {
        lead = k;
        break;
      }
      if (moves[k].kind != MoveKind::kModelRound) break;
    }
    std::string head = fmt::format("Round {}", start.round);
    if (lead < end) {
      head += " · " + proposal(moves[lead]);
      if (open_rule && moves[lead].kind == MoveKind::kOffer && !answered) {
        head += " (on the floor; no vote yet)";
      }
    } else if (open_rule && answered && first_answer->target >= 0 &&
               std::none_of(begin_it, end_it, [](const Move& m) {
                 return m.kind == MoveKind::kOffer || m.kind == MoveKind::kPass;
               })) {
      head += fmt::format(" · {} calls the vote on the proposal on the floor",
                          name(first_answer->target));
    }
    out_ << paint(kBold, head) << "\n";
    std::vector<int> voters;  // the ratifiers, as they vote
    for (auto it = begin_it; it != end_it; ++it) {
      if (is_vote(*it)) voters.push_back(it->actor);
    }
    int model_rounds = 0;
    bool votes_told = false;
    for (std::size_t k = first; k < end; ++k) {
      if (k == lead) continue;
      if (moves[k].kind == MoveKind::kModelRound) {
        model_rounds = std::max(model_rounds, moves[k].detail);
      }
      if (is_vote(moves[k]) && !votes_told) {
        votes_told = true;
        if (model_rounds > 0 && phase.protocol == "expected_utility") {
          out_ << model_note(model_rounds);
          model_rounds = 0;
        }
        out_ << fmt::format("  {}; {} must ratify it.\n",
                            answered ? "Passed at the table" : "The forecast is the decision",
                            join_words(names(voters)));
      }
      out_ << "  " << event(moves[k]) << "\n";
    }
    if (model_rounds > 0 && phase.protocol == "expected_utility") {
      out_ << model_note(model_rounds);
    }
    // Why an offer that some accepted did not pass, with more than two at the table.
    const bool agreed_now = end < moves.size() && moves[end].kind == MoveKind::kPhaseEnd &&
                            moves[end].round == start.round &&
                            static_cast<PhaseResult>(moves[end].index) == PhaseResult::kAgreed;
    if (answered && !votes_told && !agreed_now && phase.participants.size() > 2) {
      out_ << "  " << why_not_passed(phase, begin_it, end_it) << "\n";
    }
    return end;
  }

  static std::string model_note(int model_rounds) {
    return fmt::format(
        "  (the forecast is the weighted mean position averaged over model rounds 1–{})\n",
        model_rounds);
  }

  // The decision rule's verdict on a round's answers that did not pass: who
  // holds a veto and rejects, else the tally the session recorded on the
  // round's last answer (Move::tally).
  std::string why_not_passed(const Phase& phase, std::vector<Move>::const_iterator begin,
                             std::vector<Move>::const_iterator end) const {
    std::vector<char> accepted(scenario_.actors.size(), 0);
    VoteTally tally;
    for (auto it = begin; it != end; ++it) {
      if (it->kind != MoveKind::kAccept && it->kind != MoveKind::kReject) continue;
      if (it->target >= 0) accepted[static_cast<std::size_t>(it->target)] = 1;  // the mover
      if (it->kind == MoveKind::kAccept) accepted[static_cast<std::size_t>(it->actor)] = 1;
      tally = it->tally;  // the last answer's is the round's
    }
    const DecisionRule& rule = phase.decision_rule;
    std::vector<int> blocking;
    for (int v : rule.veto) {
      if (!accepted[static_cast<std::size_t>(v)]) blocking.push_back(v);
    }
    if (!blocking.empty()) {
      return fmt::format("Not agreed: {} {} it, and {} a veto.", join_words(names(blocking)),
                         blocking.size() == 1 ? "rejects" : "reject",
                         blocking.size() == 1 ? "holds" : "each holds");
    }
    std::vector<int> rejecting;
    for (int j : phase.participants) {
      if (!accepted[static_cast<std::size_t>(j)]) rejecting.push_back(j);
    }
    switch (rule.kind) {
      case DecisionRule::Kind::kUnanimity:
        break;
      case DecisionRule::Kind::kMajority:
        return fmt::format("Not agreed: {} of {} accept; a majority is needed.", tally.accepting,
                           phase.participants.size());
      case DecisionRule::Kind::kQuota:
        if (!values_told_) {  // told as a bound since shocks went untold (not_recorded)
          return fmt::format(
              "Not agreed: those who accept hold less than {:.0f}% of the participants' "
              "capability.",
              100.0 * rule.quota);
        }
        return fmt::format(
            "Not agreed: those who accept hold {:.0f}% of the participants' capability; {:.0f}% "
            "is needed.",
            tally.capability > 0.0 ? 100.0 * tally.accepting_capability / tally.capability : 0.0,
            100.0 * rule.quota);
      case DecisionRule::Kind::kCouncil:
        return fmt::format("Not agreed: {} {} it, and the Council's rule is not met.",
                           join_words(names(rejecting)),
                           rejecting.size() == 1 ? "rejects" : "reject");
    }
    return fmt::format("Not agreed: {} {} it.", join_words(names(rejecting)),
                       rejecting.size() == 1 ? "rejects" : "reject");
  }

  std::string proposal(const Move& move) {
    if (move.kind == MoveKind::kPass) {
      if (move.index == static_cast<int>(OfferReason::kNothingNew))
        return fmt::format("{} passes: no new offer is worth its target", name(move.actor));
      if (move.index == static_cast<int>(OfferReason::kRedLines))
        return fmt::format(
            "{} passes: no new offer worth its fallback keeps the red lines of those it needs",
            name(move.actor));
      return fmt::format("{} passes (makes no offer)", name(move.actor));
    }
    payment_on_table_ = -1;
    const Phase& phase = phase_of(move);
    std::vector<std::string> values;
    for (int d : phase.issues) {
      const Issue& issue = scenario_.issues[static_cast<std::size_t>(d)];
      values.push_back(words(issue.id) + " " + in_units(issue, move.outcome(d), false));
    }
    const std::string terms = fmt::format("{}", fmt::join(values, "; "));
    if (move.actor < 0) return fmt::format("The {} model forecasts: {}", phase.protocol, terms);
    const char* why = "";
    if (move.index == static_cast<int>(OfferReason::kLoweredTarget))
      why = " (below its target: no offer worth its target keeps every public red line)";
    if (move.index == static_cast<int>(OfferReason::kRequiredOnly))
      why =
          " (keeping only the red lines of those whose acceptance it needs: no offer keeps "
          "everyone's)";
    return fmt::format("{} proposes{}{}: {}{}", name(move.actor),
                       move.detail == 1 ? " an amendment" : "", why, terms, logroll(move, phase));
  }

  // The trade an offer makes (Raiffa 1982: logrolling): the contested issues on
  // which the proposer gives at least a quarter of the range from its ideal,
  // against those on which it keeps within a tenth of it. Contested: some
  // other participant's ideal is at least a quarter of the range away. Empty
  // when it gives on none or keeps none.
  std::string logroll(const Move& move, const Phase& phase) const {
    constexpr double kGives = 0.25, kKeeps = 0.1;
    const Eigen::MatrixXd& ideal = trace_.drawn.ideal;
    const auto proposer = static_cast<Eigen::Index>(move.actor);
    std::vector<std::string> gives, keeps;
    for (int d : phase.issues) {
      const Issue& issue = scenario_.issues[static_cast<std::size_t>(d)];
      const double span = issue.span();
      if (!(span > 0.0)) continue;
      const double own = ideal(proposer, d);
      bool contested = false;
      for (int j : phase.participants) {
        if (j != move.actor && std::abs(ideal(j, d) - own) >= kGives * span) contested = true;
      }
      if (!contested) continue;
      const double given = std::abs(move.outcome(d) - own) / span;
      if (given >= kGives) gives.push_back(words(issue.id));
      if (given <= kKeeps) keeps.push_back(words(issue.id));
    }
    if (gives.empty() || keeps.empty()) return {};
    return fmt::format(" — {} gives on {} for {}", name(move.actor), join_words(gives),
                       join_words(keeps));
  }

  std::string event(const Move& move) {
    switch (move.kind) {
      case MoveKind::kOffer:
      case MoveKind::kPass:
        return proposal(move);
      case MoveKind::kShock:
        return paint(kYellow, shock(move));
      case MoveKind::kThreat: {
        threat_active_[static_cast<std::size_t>(move.index)] = 1;
        const double audience = instrument_param(move.index, Instrument::kAudienceCost);
        return paint(
            kYellow,
            fmt::format(
                "{} {} {}: accept this offer or {} (credibility {}; it would cost {} {} "
                "if carried out{})",
                name(move.actor),
                move.detail == 1              ? "gives a final offer to"
                : move.detail == kBackingMove ? "backs the offer from outside the table and "
                                                "threatens"
                                              : "threatens",
                name(move.target), words(instrument(move.index).id),
                two_decimals(instrument_param(move.index, Instrument::kCredibility)),
                name(move.target), two_decimals(instrument_param(move.index, Instrument::kDrop)),
                audience > 0.0 ? fmt::format("; backing down would cost {} {}", name(move.actor),
                                             two_decimals(audience))
                               : std::string()));
      }
      case MoveKind::kSidePayment:
        payment_on_table_ = move.index;
        return fmt::format(
            "{} {} for {}: {}, worth {} to {} if the deal stands (of a "
            "budget of {}; sized to what {} is believed to lack)",
            name(move.actor),
            move.detail == kBackingMove
                ? "backs the offer from outside the table with a side payment"
                : "attaches a side payment",
            name(move.target), words(instrument(move.index).id), two_decimals(move.value),
            name(move.target), two_decimals(instrument_param(move.index, Instrument::kValue)),
            name(move.target));
      case MoveKind::kAccept:
      case MoveKind::kRatify:
        return paint(kGreen, answer(move));
      case MoveKind::kReject:
      case MoveKind::kVeto:
        if (move.kind == MoveKind::kVeto) vetoers_.push_back(move.actor);
        return paint(kRed, answer(move));
      case MoveKind::kModelRound: {
        const Issue& issue = scenario_.issues[static_cast<std::size_t>(move.index)];
        std::vector<std::string> positions;
        for (int j : phase_of(move).participants) {
          positions.push_back(fmt::format("{} {}", name(j), on_scale(issue, move.by_actor(j))));
        }
        return fmt::format("Model round {}{} on {}: median {}, mean {} · {}", move.detail,
                           move.detail == 0 ? " (starting positions)" : "", words(issue.id),
                           on_scale(issue, move.value), on_scale(issue, move.mean),
                           fmt::join(positions, ", "));
      }
      case MoveKind::kPhaseStart:
      case MoveKind::kPhaseEnd:
      case MoveKind::kThreatCarriedOut:
      case MoveKind::kThreatBackedDown:
      case MoveKind::kAgreementZone:
      case MoveKind::kNotRecorded:
        break;
    }
    return {};
  }

  // An answer at the table or a ratification vote, with its reason.
  std::string answer(const Move& move) const {
    const bool ratifier = move.kind == MoveKind::kRatify || move.kind == MoveKind::kVeto;
    const std::string& who = name(move.actor);
    std::string with;
    if (payment_on_table_ >= 0 && instrument(payment_on_table_).target == move.actor) {
      with = " with the " + words(instrument(payment_on_table_).id);
    }
    const auto verdict = static_cast<Verdict>(move.index);
    if (verdict == Verdict::kAccept) {
      return fmt::format("{} {} (utility {}{})", who, ratifier ? "ratifies" : "accepts",
                         two_decimals(move.value), with);
    }
    const char* verb = ratifier ? "vetoes" : "rejects";
    switch (verdict) {
      case Verdict::kRedLine: {
        const Actor& actor = scenario_.actors[static_cast<std::size_t>(move.actor)];
        if (move.detail < 0 || static_cast<std::size_t>(move.detail) >= actor.red_lines.size()) {
          return fmt::format("{} {}: the {} breaks one of its red lines", who, verb,
                             ratifier ? "deal" : "offer");
        }
        return fmt::format("{} {}: the {} breaks its red line \"{}\" (utility {}{})", who, verb,
                           ratifier ? "deal" : "offer",
                           actor.red_lines[static_cast<std::size_t>(move.detail)].text(),
                           two_decimals(move.value), with);
      }
      case Verdict::kBelowTarget: {
        const auto [utility, target] = apart(move.value, move.threshold);
        return fmt::format("{} {} (utility {}{} below its target {})", who, verb, utility,
                           with.empty() ? with : with + ",", target);
      }
      case Verdict::kBelowFallback: {
        std::string fallback = "its reservation utility";
        std::string note;
        const Phase& here = phase_of(move);
        if (move.detail == kBelowLookahead) {
          fallback = "its expected value of the later phases";
          note = " (foresight: it would rather wait for the next table)";
        } else if (agreement_stands_) {
          fallback = "its utility of the standing agreement";
        } else if (here.interim) {
          fallback = "its utility of the status quo";
        } else if (interim_phase_ >= 0) {
          fallback = "its value of no deal";
          note = threatened(move.actor)
                     ? " (its reservation utility plus the interim agreement's gain, less the "
                       "threat against it)"
                     : " (its reservation utility plus the interim agreement's gain)";
        } else if (threatened(move.actor)) {
          fallback = "its value of no deal";
          note = " (its reservation utility less the threat against it)";
        }
        const auto [utility, floor] = apart(move.value, move.threshold);
        return fmt::format("{} {} (utility {}{} below {} {}{})", who, verb, utility,
                           with.empty() ? with : with + ",", fallback, floor, note);
      }
      case Verdict::kAccept:
        break;
    }
    return {};
  }

  // Why `move` (a kReject or kVeto) refused, without who: "utility 0.41 below its
  // target 0.48", "the offer breaks its red line "…"".
  std::string refusal(const Move& move) const {
    const bool ratifier = move.kind == MoveKind::kVeto;
    switch (static_cast<Verdict>(move.index)) {
      case Verdict::kRedLine: {
        const Actor& actor = scenario_.actors[static_cast<std::size_t>(move.actor)];
        if (move.detail < 0 || static_cast<std::size_t>(move.detail) >= actor.red_lines.size())
          return fmt::format("the {} breaks one of its red lines", ratifier ? "deal" : "offer");
        return fmt::format("the {} breaks its red line \"{}\"", ratifier ? "deal" : "offer",
                           actor.red_lines[static_cast<std::size_t>(move.detail)].text());
      }
      case Verdict::kBelowTarget: {
        const auto [utility, target] = apart(move.value, move.threshold);
        return fmt::format("utility {} below its target {}", utility, target);
      }
      case Verdict::kBelowFallback: {
        const auto [utility, floor] = apart(move.value, move.threshold);
        return fmt::format("utility {} below its {} {}", utility,
                           threatened(move.actor) ? "value of no deal" : "reservation utility",
                           floor);
      }
      case Verdict::kAccept:
        break;
    }
    return "it refused";
  }

  // A failed replicate: whether a zone of agreement existed at the start of the
  // first bargaining phase (the session's kAgreementZone move, with the analysis
  // on), who refused the last proposal put to a vote and why (their answers in
  // the log), and what ended the talks.
  void why_no_deal() {
    const SessionRecord& record = trace_.record;
    out_ << "\n" << paint(kBold, "Why no deal:") << "\n";
    if (zone_ != nullptr) {
      const Phase& phase = phase_of(*zone_);
      std::vector<int> required;
      for (int a = 0; a < scenario_.actor_count(); ++a) {
        if (a < zone_->fallback.size() && !std::isnan(zone_->fallback(a))) required.push_back(a);
      }
      const std::string who = join_words(names(required));
      const std::string where = fmt::format("At the start of phase {} ({})", zone_->phase + 1,
                                            phase.label.empty() ? words(phase.id) : phase.label);
      std::vector<std::string> gives;
      std::vector<std::string> fallbacks;
      for (int a : required) {
        if (zone_->index == 1)
          gives.push_back(fmt::format("{} {}", name(a), two_decimals(zone_->by_actor(a))));
        fallbacks.push_back(fmt::format("{} {}", name(a), two_decimals(zone_->fallback(a))));
      }
      if (zone_->index == 1) {
        out_ << fmt::format(
            "  {} a deal existed: an outcome that kept the red lines of {}, whose acceptance "
            "was required, and that each of them preferred to no deal. The symmetric Nash "
            "point among them would give {} (fallbacks: {}).\n",
            where, who, join_words(gives), join_words(fallbacks));
      } else {
        out_ << fmt::format(
            "  {} no deal existed: no outcome kept the red lines of {}, whose acceptance was "
            "required, and gave each of them more than its fallback ({}).\n",
            where, who, join_words(fallbacks));
      }
    }
    // The last phase played, and the last vote in it.
    int last = -1;
    for (std::size_t p = record.phase_results.size(); p-- > 0;) {
      if (record.phase_results[p] != PhaseResult::kNotReached) {
        last = static_cast<int>(p);
        break;
      }
    }
    if (last < 0) return;
    const std::vector<Move>& moves = trace_.moves;
    const Move* vote = nullptr;
    int end_round = 0;
    for (const Move& move : moves) {
      if (move.phase != last) continue;
      if (move.kind == MoveKind::kPhaseEnd) end_round = move.round;
      if (move.kind == MoveKind::kAccept || move.kind == MoveKind::kReject ||
          move.kind == MoveKind::kRatify || move.kind == MoveKind::kVeto) {
        vote = &move;
      }
    }
    // Who made (or moved) that proposal: the `target` of an answer at the table in
    // the vote's round; −1 for a forecast, which only the ratifiers answer.
    int proposer = -1;
    for (const Move& move : moves) {
      if (vote != nullptr && move.phase == last && move.round == vote->round &&
          (move.kind == MoveKind::kAccept || move.kind == MoveKind::kReject)) {
        proposer = move.target;
      }
    }
    std::vector<std::string> refusals;
    for (std::size_t a = 0; a < record.blocked.size(); ++a) {
      if (!record.blocked[a]) continue;
      // Its answer in the round of the last vote (the log keeps a phase's last round).
      const Move* answer = nullptr;
      for (const Move& move : moves) {
        if (vote != nullptr && move.phase == last && move.round == vote->round &&
            move.actor == static_cast<int>(a) &&
            (move.kind == MoveKind::kReject || move.kind == MoveKind::kVeto)) {
          answer = &move;
        }
      }
      const std::string& who = name(static_cast<int>(a));
      refusals.push_back(answer == nullptr ? who : fmt::format("{} ({})", who, refusal(*answer)));
    }
    if (refusals.empty()) {
      out_ << fmt::format("  No proposal was put to a vote in phase {}.\n", last + 1);
    } else {
      std::string proposal = "The last proposal put to a vote";
      if (vote != nullptr) {
        proposal += proposer >= 0
                        ? fmt::format(", {}'s in round {} of phase {},", name(proposer),
                                      vote->round, last + 1)
                        : fmt::format(", in round {} of phase {},", vote->round, last + 1);
      }
      out_ << fmt::format("  {} was refused by {}.\n", proposal, join_words(refusals));
    }
    const std::string_view reason = record.breakdown_reason();
    std::string ended;
    if (reason == "veto") {
      ended = fmt::format("A veto ended the talks (phase {}, round {}).", last + 1, end_round);
    } else if (reason == "broke_down") {
      ended = fmt::format("The talks broke down after round {} of phase {}.", end_round, last + 1);
    } else {
      ended = fmt::format("The deadline ended the talks (phase {}, after round {}).", last + 1,
                          end_round);
    }
    out_ << "  " << ended << "\n";
  }

  bool threatened(int actor) const {
    for (std::size_t k = 0; k < scenario_.instruments.size(); ++k) {
      if (threat_active_[k] && scenario_.instruments[k].target == actor) return true;
    }
    return false;
  }

  // The shock, the change of each of its effects (as drawn) and the value the
  // session recorded after it (Move::outcome).
  std::string shock(const Move& move) {
    const Shock& struck = scenario_.shocks[static_cast<std::size_t>(move.index)];
    std::vector<std::string> effects;
    for (std::size_t k = 0; k < struck.effects.size(); ++k) {
      const int e = struck.effects[k];
      const ShockEffect& effect = scenario_.shock_effects[static_cast<std::size_t>(e)];
      const double change = trace_.drawn.shock_change(e);
      std::string what;
      switch (effect.target) {
        case ShockEffect::Target::kReservation:
          what = "reservation utility";
          break;
        case ShockEffect::Target::kSalience:
          what =
              "salience of " + words(scenario_.issues[static_cast<std::size_t>(effect.issue)].id);
          break;
        case ShockEffect::Target::kCapability:
          what = "capability";
          break;
      }
      const auto at = static_cast<Eigen::Index>(k);
      effects.push_back(
          values_told_ && at < move.outcome.size()
              ? fmt::format("{} of {} {} (now {})", what, name(effect.actor), signed_gain(change),
                            two_decimals(move.outcome(at)))
              : fmt::format("{} of {} {}", what, name(effect.actor), signed_gain(change)));
    }
    return fmt::format("Shock: {} ({}) — {}",
                       struck.label.empty() ? words(struck.id) : struck.label, struck.id,
                       fmt::join(effects, "; "));
  }

  // The rounds the log's limit left out (Session::set_log), told where they begin.
  void not_recorded(std::size_t at) {
    const std::vector<Move>& moves = trace_.moves;
    const Move& gap = moves[at];
    std::size_t kept = 0;  // threats and one-time shocks of those rounds, told next
    for (std::size_t k = at + 1;
         k < moves.size() && moves[k].phase == gap.phase && moves[k].round <= gap.detail &&
         (moves[k].kind == MoveKind::kThreat || moves[k].kind == MoveKind::kShock);
         ++k) {
      ++kept;
    }
    const int rounds = gap.detail - gap.round + 1;
    const char* them = rounds == 1 ? "it" : "them";
    std::string text =
        fmt::format("{} not recorded: the trace keeps about {} moves, and {} had {} more",
                    rounds == 1 ? fmt::format("Round {} is", gap.round)
                                : fmt::format("Rounds {}–{} are", gap.round, gap.detail),
                    trace_.max_moves, rounds == 1 ? "it" : "these rounds", gap.count);
    if (gap.index > 0) {
      text += fmt::format(", among them {} strike{} of repeating shocks", gap.index,
                          gap.index == 1 ? "" : "s");
    }
    text += fmt::format(". No proposal passed in {}.", them);
    if (kept > 0) text += fmt::format(" The threats and one-time shocks in {} follow.", them);
    if (gap.index > 0) {
      text += " From here on a shock's effects are told without the values they lead to.";
      values_told_ = false;
    }
    out_ << paint(kBold, text) << "\n";
  }

  void phase_end(const Move& move) {
    const Phase& phase = phase_of(move);
    const auto result = static_cast<PhaseResult>(move.index);
    const int ordinal = move.phase + 1;
    const bool last = static_cast<std::size_t>(ordinal) == scenario_.phases.size();
    auto next = [&](PhaseEnd end) {
      if (last || end == PhaseEnd::kBreakdown) return std::string("The talks are over.");
      return fmt::format("The talks move on to phase {}{}", ordinal + 1,
                         agreement_stands_ ? "; the earlier agreement still stands."
                                           : "; the status quo is unchanged.");
    };
    std::string text;
    switch (result) {
      case PhaseResult::kAgreed:
        text = fmt::format("Phase {} ends: agreed in round {}{}. ", ordinal, move.round,
                           phase.ratifiers.empty()
                               ? std::string()
                               : ", ratified by " + join_words(names(phase.ratifiers)));
        if (phase.interim && !agreement_stands_) {
          text += last ? "An interim step: the talks end without a settlement."
                       : fmt::format(
                             "An interim step: it becomes the status quo of phase {}, and what "
                             "it gains each actor is added to its value of no deal.",
                             ordinal + 1);
          interim_phase_ = move.phase;
          break;
        }
        text += last ? "The deal stands."
                     : fmt::format(
                           "The deal becomes the status quo of phase {} and every "
                           "actor's fallback.",
                           ordinal + 1);
        agreement_stands_ = true;
        agreed_phase_ = move.phase;
        break;
      case PhaseResult::kVetoed:
        text = fmt::format("Phase {} ends: the deal of round {} is vetoed by {}. {}", ordinal,
                           move.round, join_words(names(vetoers_)), next(phase.on_veto));
        break;
      case PhaseResult::kDeadline:
        text =
            fmt::format("Phase {} ends at its deadline: no proposal passed in {} round{}. {}",
                        ordinal, move.round, move.round == 1 ? "" : "s", next(phase.on_deadline));
        break;
      case PhaseResult::kBrokeDown:
        text = fmt::format(
            "Phase {} ends: the talks break down after round {} (a {:.0f}% chance after each "
            "round without a deal). The talks are over.",
            ordinal, move.round, 100.0 * phase.breakdown_probability);
        break;
      case PhaseResult::kNotReached:
        break;
    }
    out_ << paint(kBold, text) << "\n";
  }

  void outcome() {
    const SessionRecord& record = trace_.record;
    out_ << "\n";
    if (record.agreed) {
      const Phase& phase = scenario_.phases[static_cast<std::size_t>(record.phase)];
      out_ << paint(kBold,
                    fmt::format("Outcome: agreement in phase {} ({}), round {}.", record.phase + 1,
                                phase.label.empty() ? words(phase.id) : phase.label, record.round))
           << "\n";
    } else {
      const std::string_view reason = record.breakdown_reason();
      out_ << paint(kBold, fmt::format("Outcome: no agreement ({}); the status quo stands.",
                                       reason == "veto"         ? "the last deal was vetoed"
                                       : reason == "broke_down" ? "the talks broke down"
                                                                : "the talks ran out of time"))
           << "\n";
    }
    std::size_t width = 0;
    for (const Issue& issue : scenario_.issues) width = std::max(width, words(issue.id).size());
    for (int d = 0; d < scenario_.issue_count(); ++d) {
      const Issue& issue = scenario_.issues[static_cast<std::size_t>(d)];
      out_ << fmt::format("  {:<{}}  {}\n", words(issue.id), width,
                          in_units(issue, record.outcome(d), false));
    }
    if (record.agreed && record.nearest_deal >= 0) {
      const Deal& deal = scenario_.deals[static_cast<std::size_t>(record.nearest_deal)];
      out_ << fmt::format(
          "  Nearest named deal: {} ({}), at a distance of {:.2f} of the issues' ranges\n",
          deal.label.empty() ? words(deal.id) : deal.label, deal.id, record.deal_distance);
    }
    for (std::size_t k = 0; k < scenario_.instruments.size(); ++k) {
      if (!record.side_payment_paid[k]) continue;
      const Instrument& payment = scenario_.instruments[k];
      double amount = 0.0;  // as attached to the offer that became the deal: the latest
      for (const Move& move : trace_.moves)
        if (move.kind == MoveKind::kSidePayment && move.index == static_cast<int>(k))
          amount = move.value;
      out_ << fmt::format("  Side payment in the deal: {} from {} to {} (worth {} to {})\n",
                          words(payment.id), name(payment.actor), name(payment.target),
                          two_decimals(amount), name(payment.target));
    }
    out_ << (record.agreed ? "Utilities, and the gain over each reservation utility:\n"
                           : "Utilities (the reservation utility, less any threat carried out), "
                             "and the gain over it:\n");
    width = 0;
    for (int a = 0; a < scenario_.actor_count(); ++a) width = std::max(width, name(a).size());
    for (int a = 0; a < scenario_.actor_count(); ++a) {
      out_ << fmt::format("  {:<{}}  {}  {} (reservation {})\n", name(a), width,
                          two_decimals(record.utility(a)),
                          signed_gain(record.utility(a) - record.reservation(a)),
                          two_decimals(record.reservation(a)));
    }
    std::vector<std::string> carried;
    for (const Move& move : trace_.moves) {
      if (move.kind == MoveKind::kThreatBackedDown) {
        carried.push_back(paint(
            kYellow,
            fmt::format("{} backs down from its threat against {}: {} (its audience cost: {})",
                        name(move.actor), name(move.target), words(instrument(move.index).id),
                        two_decimals(instrument_param(move.index, Instrument::kAudienceCost)))));
        continue;
      }
      if (move.kind != MoveKind::kThreatCarriedOut) continue;
      carried.push_back(paint(
          kYellow,
          fmt::format("{} carries out its threat against {}: {} ({} loses {}; it costs {} {})",
                      name(move.actor), name(move.target), words(instrument(move.index).id),
                      name(move.target),
                      two_decimals(instrument_param(move.index, Instrument::kDrop)),
                      name(move.actor),
                      two_decimals(instrument_param(move.index, Instrument::kThreatCost)))));
    }
    bool any_threat = false;
    for (char made : record.threat_made) any_threat = any_threat || made;
    const bool threats_possible =
        std::any_of(scenario_.instruments.begin(), scenario_.instruments.end(),
                    [](const Instrument& k) { return k.kind == Instrument::Kind::kThreat; });
    if (carried.empty()) {
      if (threats_possible) {
        out_ << (!any_threat     ? "Threats carried out: none (none was made).\n"
                 : record.agreed ? "Threats carried out: none (a deal was reached).\n"
                                 : "Threats carried out: none.\n");
      }
    } else {
      out_ << "Threats carried out or backed down from:\n";
      for (const std::string& line : carried) out_ << "  " << line << "\n";
    }
    if (!record.agreed) why_no_deal();
  }

  std::ostream& out_;
  const Scenario& scenario_;
  const ReplicateTrace& trace_;
  TraceStyle style_;
  // What the moves told so far leave standing: active threats, a standing
  // agreement, the side payment attached to the offer on the table, this
  // phase's vetoers.
  std::vector<char> threat_active_;
  // False once a gap held strikes of repeating shocks (not_recorded says so):
  // from there on a shock is told without the values it leaves, and a quota's
  // tally as a bound, as the trace has always told them.
  bool values_told_ = true;
  bool agreement_stands_ = false;
  int interim_phase_ = -1;  // the latest interim agreement's phase, −1 for none
  int agreed_phase_ = -1;
  int payment_on_table_ = -1;
  std::vector<int> vetoers_;
  const Move* zone_ = nullptr;  // the session's kAgreementZone move, if any
};

}  // namespace

void write_trace_text(std::ostream& out, const Scenario& scenario, const ReplicateTrace& trace,
                      const TraceStyle& style) {
  Narrator(out, scenario, trace, style).write();
}

}  // namespace parley
