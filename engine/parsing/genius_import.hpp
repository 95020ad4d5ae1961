// GENIUS import: a bilateral negotiation domain and two utility profiles in
// GENIUS's XML format, written as a parley scenario file (TOML) for
// `parley import genius`.
//
// GENIUS (Lin, Kraus, Baarslag, Tykhonov, Hindriks & Jonker 2014, "Genius: an
// integrated environment for supporting the design of generic automated
// negotiators", Computational Intelligence 30(1)) describes a domain as issues
// with discrete items, and each party's preferences as a linear additive
// utility u(ω) = Σ_i w_i · eval_i(ω_i) / max eval_i, with a reservation value r
// (what no deal is worth) and a discount factor d (a deal at normalised time
// t ∈ [0, 1] is worth u·d^t). The ANAC competitions and NegMAS use the same files.
//
// | GENIUS                                  | parley                                          |
// | --------------------------------------- | ----------------------------------------------- |
// | <issue> (discrete only), its name       | [[issues]] id (sanitised), label (the name)     |
// | <item value=…> of the domain            | options (sanitised ids; a repeated value is     |
// |                                         | kept as its own option, id suffix _2, _3, …)    |
// | <weight index=k value=w>                | actors.salience of the issue with index k, as   |
// |                                         | given (parley normalises saliences)             |
// | <item evaluation=…> of a profile        | actors.valuations.<issue>.<option>, raw (parley |
// |                                         | divides by the issue's largest evaluation)      |
// | <reservation value=r> (default 0)       | reservation_utility = r                         |
// | <discount_factor value=d> (default 1)   | discount_per_round = d^(1/(2·rounds))           |
// | a session of `rounds` rounds            | one alternating_offers phase, max_rounds =      |
// |                                         | 2·rounds, unanimity                             |
//
// Time. GENIUS and NegMAS count a round as one offer or response by each side;
// parley's alternating_offers round is one offer by one side, so a session of
// `rounds` rounds is 2·rounds parley rounds, and a deal in parley round t is
// worth u·δ^(t−1) with δ = d^(1/(2·rounds)), i.e. u·d^((t−1)/(2·rounds)) ≈
// GENIUS's u·d^t. The engine discounts the reservation value the same way.
// Each actor knows only its own utility ([uncertainty] knowledge = "private").
// The status quo of every issue is its first option: it enters no utility, since
// no deal is worth the reservation value.
//
// Options (GeniusImportOptions):
// | option   | default                         | allowed                                   |
// | -------- | ------------------------------- | ----------------------------------------- |
// | rounds   | 100 (GENIUS's and NegMAS's)     | 1 … 50,000,000 (max_rounds ≤ 100,000,000) |
// | strategy | time_dependent                  | a strategy of the catalogue that does not |
// |          |                                 | play whole phases (not equilibrium)       |
// | exponent | the strategy's own default (1)  | the strategy's `exponent` domain; only    |
// |          |                                 | for strategies with that parameter        |
// | name     | "GENIUS D: P1 vs P2" (stems)    | non-empty UTF-8                           |
//
// Ids: lower case; every run of characters other than a–z and 0–9 becomes one
// `_`, none at either end; an issue id that would not start with a letter or is
// a word of the red-line language (and, or, not, true, false) gets the prefix
// `i_`, an option id that would not start with a letter `o_`; ids made equal
// get suffixes _2, _3, … in document order. Option values that differ from
// their ids are listed in a comment above the issue's options.
//
// Errors. Bad input throws ScenarioError at file:line:column of the element (a
// malformed file: where the XML parser stopped), saying what was expected and
// what was found: an issue that is not discrete, a profile item whose value is
// not in the domain, a domain value the profile does not evaluate, a missing or
// non-numeric evaluation, weight, discount factor or reservation value, all
// weights zero. A weight whose index names no issue of the domain has no term in
// the utility: it is ignored (ANAC 2012's Fitness profiles have one), reported in
// `notes` and in the scenario's header comment.
// Bad options throw UsageError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley {

struct GeniusImportOptions {
  std::int64_t rounds = 100;                // GENIUS rounds: max_rounds = 2·rounds
  std::string strategy = "time_dependent";  // strategy kind of both actors
  std::optional<double> exponent;           // default: the strategy's default
  std::optional<std::string> name;          // [scenario] name
};

// One input file: its path as given (messages; its stem names the scenario and
// the actor) and its bytes.
struct GeniusFile {
  std::string path;
  std::string text;
};

// A converted scenario.
struct GeniusScenario {
  std::string toml;                // the scenario file's text
  int issues = 0;                  // issue count
  double outcomes = 0;             // product of the option counts
  std::vector<std::string> notes;  // inputs that were ignored, one sentence each
};

// Throws UsageError when an option is outside the table above.
void check_genius_import_options(const GeniusImportOptions& options);

// The scenario for `domain` and the two profiles (party_1, party_2).
GeniusScenario genius_scenario(const GeniusFile& domain, const GeniusFile& profile_1,
                               const GeniusFile& profile_2, const GeniusImportOptions& options);

// Reads the three files (core/input_file.hpp) and converts them.
GeniusScenario import_genius(const std::string& domain_path, const std::string& profile_1_path,
                             const std::string& profile_2_path, const GeniusImportOptions& options);

}  // namespace parley
