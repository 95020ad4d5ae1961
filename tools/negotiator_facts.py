#!/usr/bin/env python3
"""Checks of the negotiators' behaviour a bargaining theorist would make.

Runs a parley binary on the shipped scenarios and prints, as Markdown tables:

  * deadline parity: the agreement rate of the flagship (ukraine_2025) for
    phases.peace_talks.max_rounds 17…23 and of Belarus (belarus_potash) for
    phases.prisoner_deal.max_rounds 9…15; a headline that swings with the
    parity of the deadline comes from a mechanic, not from the scenario;
  * impatience: Belarus with both negotiators' discount factor δ in
    {1, 0.99, 0.95, 0.9}; lower δ should never lower the agreement rate nor
    delay agreement (Rubinstein 1982; Binmore, Rubinstein & Wolinsky 1986);
  * offers read from traces (JSON lines) of the first N replicates of the
    flagship and of Belarus: the share of offers that draw a red-line refusal
    from a responder or a ratifier (red lines are public), the share refused
    so by an actor whose acceptance the offer needed (every participant under
    unanimity, veto players, ratifiers: those whose red lines a proposer keeps
    before any other's), and the share that repeat an earlier offer of the
    same proposer in the same phase.

Usage: tools/negotiator_facts.py [--parley build/release/parley] [--seed 7]
           [--replicates 2000] [--traces 200] [--check]
With --check it exits 1 when a figure misses the bound issue 13 sets (spread of
the agreement rate over deadlines ≤ 6 points; agreement never more than 2
points lower, nor the mean agreement round higher, as δ falls; ≤ 5% red-line
refusals, ≤ 3% repeats).
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import tomllib

FLAGSHIP = "scenarios/ukraine_2025.toml"
BELARUS = "scenarios/belarus_potash.toml"


def run_summary(parley, scenario, seed, replicates, settings):
    """Agreement rate (in %) and mean agreement round of one run."""
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "out")
        command = [parley, "run", scenario, "--seed", str(seed), "-r", str(replicates),
                   "--no-analysis", "--out", out]
        for setting in settings:
            command += ["--set", setting]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        agreement = None
        mean_round = None
        with open(os.path.join(out, "summary.csv"), newline="") as handle:
            for row in csv.DictReader(handle):
                if row["metric"] == "agreement" and agreement is None:
                    agreement = 100.0 * float(row["mean"])
                elif row["metric"] == "round" and mean_round is None:
                    mean_round = float(row["mean"]) if row["n"] != "0" else None
        return agreement, mean_round


def deadline_table(parley, scenario, phase, rounds, seed, replicates):
    rows = []
    for deadline in rounds:
        agreement, mean_round = run_summary(parley, scenario, seed, replicates,
                                            [f"phases.{phase}.max_rounds={deadline}"])
        rows.append((deadline, agreement, mean_round))
    return rows


def required_actors(scenario):
    """Per phase id: the actors whose acceptance every deal needs."""
    with open(scenario, "rb") as handle:
        document = tomllib.load(handle)
    required = {}
    for phase in document.get("phases", []):
        rule = phase.get("decision_rule", "unanimity")
        if rule == "unanimity" or (isinstance(rule, dict) and rule.get("rule") == "unanimity"):
            needed = set(phase.get("participants", []))
        else:
            needed = set(rule.get("veto", [])) if isinstance(rule, dict) else set()
        required[phase["id"]] = needed | set(phase.get("ratification", []))
    return required


def trace_offers(parley, scenario, seed, traces):
    """(offers, refused for a red line, refused so by a required actor, exact
    repeats, near repeats, refusals by proposer and refuser).

    An exact repeat matches an earlier offer of the same proposer in the phase
    on every issue to 1e-9 (relative); a near repeat to 0.1% of each issue's
    range (what the proposers themselves count as the same offer)."""
    required = required_actors(scenario)
    offers = 0
    refused = 0
    refused_required = 0
    repeats = 0
    near_repeats = 0
    by_pair = {}
    for replicate in range(traces):
        text = subprocess.run(
            [parley, "trace", scenario, "--seed", str(seed), "--replicate", str(replicate),
             "--format", "jsonl"], check=True, capture_output=True, text=True).stdout
        seen = {}  # (phase, proposer) -> offers made so far
        current = None  # the offer being answered
        spans = []
        for line in text.splitlines():
            event = json.loads(line)
            kind = event.get("event")
            if kind == "session":
                spans = [max(issue["max"] - issue["min"], 1e-300) for issue in event["issues"]]
            if kind == "offer" and event.get("actor") is not None:
                offers += 1
                key = (event["phase"], event["actor"])
                offer = event["offer"]
                earlier = seen.setdefault(key, [])
                if any(all(abs(a - b) <= 1e-9 * max(1.0, abs(a)) for a, b in zip(offer, old))
                       for old in earlier):
                    repeats += 1
                if any(all(abs(a - b) <= 1e-3 * span for a, b, span in zip(offer, old, spans))
                       for old in earlier):
                    near_repeats += 1
                earlier.append(offer)
                current = {"refused": False, "refused_required": False, "phase": event["phase"],
                           "actor": event["actor"]}
            elif kind in ("response", "ratification") and current is not None:
                if event.get("reason") != "red_line":
                    continue
                if not current["refused"]:
                    current["refused"] = True
                    refused += 1
                    pair = (current["actor"], event["actor"])
                    by_pair[pair] = by_pair.get(pair, 0) + 1
                if (event["actor"] in required.get(current["phase"], set())
                        and not current["refused_required"]):
                    current["refused_required"] = True
                    refused_required += 1
    return offers, refused, refused_required, repeats, near_repeats, by_pair


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parley", default="build/release/parley")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--replicates", type=int, default=2000)
    parser.add_argument("--traces", type=int, default=200)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    failures = []

    for title, scenario, phase, rounds in (
            ("Flagship", FLAGSHIP, "peace_talks", range(17, 24)),
            ("Belarus", BELARUS, "prisoner_deal", range(9, 16))):
        rows = deadline_table(args.parley, scenario, phase, rounds, args.seed, args.replicates)
        print(f"\n{title}: agreement by `phases.{phase}.max_rounds` (seed {args.seed}, "
              f"{args.replicates} replicates)\n")
        print("| max_rounds | agreement % | mean agreement round |")
        print("|---:|---:|---:|")
        for deadline, agreement, mean_round in rows:
            shown = "–" if mean_round is None else f"{mean_round:.2f}"
            print(f"| {deadline} | {agreement:.1f} | {shown} |")
        rates = [agreement for _, agreement, _ in rows]
        spread = max(rates) - min(rates)
        print(f"\nspread: {spread:.1f} points")
        if spread > 6.0:
            failures.append(f"{title}: agreement spread over deadlines {spread:.1f} > 6 points")

    print(f"\nBelarus with both negotiators' δ set (seed {args.seed}, "
          f"{args.replicates} replicates)\n")
    print("| δ | agreement % | mean agreement round |")
    print("|---:|---:|---:|")
    previous = None
    for delta in (1.0, 0.99, 0.95, 0.9):
        agreement, mean_round = run_summary(
            args.parley, BELARUS, args.seed, args.replicates,
            [f"actors.us.discount_per_round={delta}", f"actors.belarus.discount_per_round={delta}"])
        shown = "–" if mean_round is None else f"{mean_round:.2f}"
        print(f"| {delta} | {agreement:.1f} | {shown} |")
        if previous is not None:
            if agreement < previous[0] - 2.0:
                failures.append(f"δ={delta}: agreement {agreement:.1f}% fell more than 2 points")
            if mean_round is None or (previous[1] is not None and mean_round > previous[1] + 1e-9):
                failures.append(f"δ={delta}: mean agreement round rose")
        previous = (agreement, mean_round)

    for title, scenario in (("Flagship", FLAGSHIP), ("Belarus", BELARUS)):
        offers, refused, refused_required, repeats, near, by_pair = trace_offers(
            args.parley, scenario, args.seed, args.traces)
        refused_share = 100.0 * refused / max(offers, 1)
        required_share = 100.0 * refused_required / max(offers, 1)
        repeat_share = 100.0 * repeats / max(offers, 1)
        near_share = 100.0 * near / max(offers, 1)
        pairs = ", ".join(f"{proposer} → {refuser} {count}" for (proposer, refuser), count in
                          sorted(by_pair.items(), key=lambda item: -item[1]))
        print(f"\n{title} offers over {args.traces} traces (seed {args.seed}): {offers} offers, "
              f"{refused_share:.1f}% draw a red-line refusal ({required_share:.1f}% from an actor "
              f"whose acceptance the offer needed), {repeat_share:.1f}% repeat an earlier offer of "
              f"the same proposer in the phase exactly, {near_share:.1f}% to within 0.1% of each "
              "issue's range" + (f"; red-line refusals by proposer → refuser: {pairs}" if pairs
                                 else ""))
        if refused_share > 5.0:
            failures.append(f"{title}: red-line refusals {refused_share:.1f}% > 5%")
        if near_share > 3.0:
            failures.append(f"{title}: repeated offers {near_share:.1f}% > 3%")

    if failures:
        print("\nmissed:\n" + "\n".join("  " + f for f in failures))
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    sys.exit(main())
