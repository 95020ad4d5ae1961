#!/usr/bin/python3
"""The ANAC 2012 benchmark: parley's negotiators on the GENIUS domains, next to NegMAS.

Runs parley on the 14 ANAC 2012 GENIUS domains (three variants A, B, C each, which
differ in the reservation values r and discount factors d) of the shared
validation folder and writes, per strategy pair, the figures NegMAS's reference run
reports (negmas_reference.md in that folder defines them; this script follows it):

  agreement_rate       agreements / negotiations
  mean_dist_pareto     Euclidean distance from the agreement's undiscounted utility
                       pair (u1, u2) to the nearest point of the Pareto frontier of
                       ALL outcomes of the domain (agreements only)
  mean_dist_nash       the same to the Nash point, argmax (u1−r1)(u2−r2) over the
                       outcomes with ui ≥ ri (frontiers.csv's point; this script
                       recomputes it and reports any difference above 1e-6)
  mean_welfare         u1 + u2; a disagreement scores r1 + r2
  mean_welfare_disc    u1·d1^(step/100) + u2·d2^(step/100); a disagreement scores
                       r1·d1 + r2·d2 (NegMAS's reference, negmas_runs.csv, does so)
  mean_welfare_agreed  u1 + u2 over agreements only
  mean_agreement_step  the GENIUS/NegMAS step of the agreement (agreements only)
  negotiations_per_s   negotiations / wall time of the `parley run` processes,
                       WHOLE-PROCESS time (start-up, scenario parsing, output
                       writing included); the printed table adds the engine's own
                       rate (manifest.json's execution.wall_seconds)

Utilities are computed here, from the XML, not read from parley (an independent
check): the GENIUS additive form u = Σ_i w_i · eval_i(item) / max_item eval_i, the
weights matched to issues by their `index` attribute (normalised to sum 1 if they
do not, with a note), items matched by value; the outcome space has each issue's
items once (FlightBooking lists one date twice: 36 outcomes, as in NegMAS).
parley's own utility_<actor> columns are compared with these and the largest
difference is printed.

Time convention. A parley round is one offer by one side; a GENIUS/NegMAS step is
one offer or response by each side. The scenario is imported with
`--rounds N` (default 100, NegMAS's n_steps), which gives the phase
max_rounds = 2N, and parley round t is step ceil(t/2): rounds 2k−1 and 2k form
step k. The discount uses GENIUS's normalised time step/N.

Protocol, as NegMAS's reference: for a pair of the same strategy two negotiations
per variant and seed (either profile opens); for two different strategies four
(both profile assignments × both openers). The opener is parley's party_1: the
scenario is imported with the opener's profile first and the results mapped back
to prof1/prof2.

Usage:
  tools/anac_benchmark.py --out DIR [--pairs 'time_dependent:0.2,time_dependent:0.2;…']
        [--replicates R] [--seeds 1,2,3] [--domains Barter,RentalHouse] [--jobs N]
        [--parley PATH] [--data DIR] [--require-data] [--rounds 100] [--threads 1]
        [--keep DIR]

A strategy is KIND[:VALUE][:KEY=VALUE…]: a bare VALUE is the exponent
(time_dependent: e < 1 Boulware, 1 linear, > 1 Conceder; transactional: its
floor), e.g. time_dependent:0.2, tit_for_tat:initial_concession=0.1, transactional.
A pair is two strategies separated by a comma (prof1's assignment first); pairs
are separated by ';' (or give --pairs several times). Default: Boulware×2
(e = 0.2), Linear×2 (e = 1), Conceder×2 (e = 2).

Writes DIR/anac_parley.csv (one row per pair, the columns of negmas_reference.csv
with set "D", then a few extra columns), DIR/anac_parley_by_domain.csv (set
"D:<domain>") and DIR/anac_parley_runs.csv (one row per negotiation, as
negmas_runs.csv), and prints a Markdown table of parley's pairs next to NegMAS's
with the targets (agreement ≥ 0.97, dist_pareto ≤ 0.02, dist_nash ≤ 0.08,
discounted welfare ≥ 1.41) marked met or not by the best parley pair. With
--domains the NegMAS figures are re-aggregated over the same domains from
negmas_runs.csv. The reference data are read from --data, never copied.

Exit status: 0 ok (also when the data folder is missing, unless --require-data);
1 when parley is missing, a parley command fails (its stderr is printed) or the
data cannot be read; 2 for a usage error. Uses numpy when importable (the outcome
spaces reach 390,625 outcomes), else the standard library alone (slower, same
numbers).
"""

import argparse
import concurrent.futures
import csv
import glob
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import xml.etree.ElementTree as ET

try:
    import numpy as np
except ImportError:  # the standard library suffices; numpy only speeds up
    np = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "validation", "genius_anac2012"))
DEFAULT_PAIRS = ("time_dependent:0.2,time_dependent:0.2;"
                 "time_dependent:1,time_dependent:1;"
                 "time_dependent:2,time_dependent:2")
VARIANTS = ("A", "B", "C")
SET = "D"
NASH_TOLERANCE = 1e-6
ENGINE_TOLERANCE = 2e-6  # outcomes.csv writes six decimals
DECIMALS = 12  # utilities equal to 12 decimals are one point of the frontier

# Targets of the issue: (column, comparison, bound).
TARGETS = (("agreement_rate", ">=", 0.97),
           ("mean_dist_pareto", "<=", 0.02),
           ("mean_dist_nash", "<=", 0.08),
           ("mean_welfare_disc", ">=", 1.41))

REFERENCE_COLUMNS = ["set", "pair", "runs", "agreement_rate", "mean_dist_pareto",
                     "mean_dist_nash", "mean_welfare", "mean_welfare_disc",
                     "mean_welfare_agreed", "mean_agreement_step", "negotiations_per_s",
                     "median_ms_per_negotiation", "total_wall_s"]
EXTRA_COLUMNS = ["agreements", "negotiations_per_s_engine", "mean_agreement_round",
                 "replicates", "seeds", "processes", "engine_utility_max_abs_diff"]
RUN_COLUMNS = ["set", "domain", "variant", "outcomes", "pair", "neg_prof1", "neg_prof2",
               "opener", "seed", "replicate", "agreed", "agreement_round",
               "agreement_step", "r1", "r2", "d1", "d2", "u1", "u2", "u1_disc",
               "u2_disc", "dist_pareto", "dist_nash", "welfare", "welfare_disc",
               "agreement", "engine_u1", "engine_u2", "wall_s", "engine_wall_s"]


class BenchmarkError(Exception):
    """A failure the script reports and exits 1 on."""


# --------------------------------------------------------------------------
# GENIUS XML: domains, profiles, utilities.

def _float(text, what):
    try:
        return float(text)
    except (TypeError, ValueError):
        raise BenchmarkError(f"{what}: not a number: {text!r}") from None


def parse_domain_xml(text):
    """The issues of a GENIUS domain, in file order:
    [(index, name, [distinct item values], [item values as listed])].

    The outcome space has each value once (in first-seen order): FlightBooking's
    domain lists one date twice (parley's importer keeps the repeat as an option
    of its own, which maps back to the same value). Only discrete issues exist in
    the ANAC 2012 set."""
    root = ET.fromstring(text)
    issues = []
    for issue in root.iter("issue"):
        kind = issue.get("etype") or issue.get("type") or "discrete"
        if kind != "discrete":
            raise BenchmarkError(f"issue {issue.get('name')!r}: {kind} issues are not supported")
        listed = [item.get("value") for item in issue.iter("item")]
        values = list(dict.fromkeys(listed))
        issues.append((issue.get("index"), issue.get("name"), values, listed))
    if not issues:
        raise BenchmarkError("domain without issues")
    return issues


def parse_profile_xml(text):
    """A GENIUS additive profile: {'issues': [(index, name, {value: eval}, [(item index, value, eval)])],
    'weights': {index: w}, 'r': reservation, 'd': discount}."""
    root = ET.fromstring(text)
    weights = {}
    for weight in root.iter("weight"):
        weights[weight.get("index")] = _float(weight.get("value"), "weight")
    issues = []
    for issue in root.iter("issue"):
        by_value = {}
        items = []
        for item in issue.iter("item"):
            evaluation = _float(item.get("evaluation"), f"evaluation in issue {issue.get('name')!r}")
            by_value.setdefault(item.get("value"), evaluation)
            items.append((item.get("index"), item.get("value"), evaluation))
        issues.append((issue.get("index"), issue.get("name"), by_value, items))
    reservation = root.find(".//reservation")
    discount = root.find(".//discount_factor")
    r = _float(reservation.get("value"), "reservation") if reservation is not None else 0.0
    d = _float(discount.get("value"), "discount_factor") if discount is not None else 1.0
    return {"issues": issues, "weights": weights, "r": r, "d": d}


def utility_tables(domain_issues, profile, label="profile"):
    """Per domain issue, the weighted normalised value of each item:
    w_i · eval_i(item) / max eval_i. Returns (tables, notes)."""
    notes = []
    by_index = {issue[0]: issue for issue in profile["issues"]}
    by_name = {issue[1]: issue for issue in profile["issues"]}
    issue_weights = []
    matched = []
    for position, (index, name, values, _) in enumerate(domain_issues):
        issue = by_index.get(index)
        if issue is None or (issue[1] != name and name in by_name):
            issue = by_name.get(name)
        if issue is None and position < len(profile["issues"]):
            issue = profile["issues"][position]
        if issue is None:
            raise BenchmarkError(f"{label}: no evaluation of issue {name!r}")
        weight = profile["weights"].get(issue[0])
        if weight is None:
            raise BenchmarkError(f"{label}: no weight for issue {name!r} (index {issue[0]})")
        issue_weights.append(weight)
        matched.append(issue)
    total = sum(issue_weights)
    if total <= 0:
        raise BenchmarkError(f"{label}: the issue weights sum to {total}")
    if abs(total - 1.0) > 1e-9:
        notes.append(f"{label}: weights sum to {total:.9g}, normalised to 1")
        issue_weights = [w / total for w in issue_weights]
    tables = []
    for (index, name, values, _), issue, weight in zip(domain_issues, matched, issue_weights):
        _, _, by_value, items = issue
        by_item_index = {item_index: evaluation for item_index, _, evaluation in items}
        evaluations = []
        for position, value in enumerate(values):
            if value in by_value:
                evaluations.append(by_value[value])
            elif str(position + 1) in by_item_index:
                evaluations.append(by_item_index[str(position + 1)])
                notes.append(f"{label}: item {value!r} of {name!r} matched by position")
            else:
                raise BenchmarkError(f"{label}: no evaluation of {value!r} in issue {name!r}")
        top = max(evaluations)
        if top <= 0:
            raise BenchmarkError(f"{label}: issue {name!r} has no positive evaluation")
        tables.append([weight * e / top for e in evaluations])
    return tables, notes


class Variant:
    """One domain variant: the issues, both profiles' utility tables, r, d, the
    outcome space's Pareto frontier and Nash point."""

    def __init__(self, domain_text, prof1_text, prof2_text, domain="?", variant="?"):
        self.domain = domain
        self.variant = variant
        self.issues = parse_domain_xml(domain_text)
        self.profiles = (parse_profile_xml(prof1_text), parse_profile_xml(prof2_text))
        tables1, notes1 = utility_tables(self.issues, self.profiles[0], f"{domain}-{variant}-prof1")
        tables2, notes2 = utility_tables(self.issues, self.profiles[1], f"{domain}-{variant}-prof2")
        self.tables = (tables1, tables2)
        self.notes = notes1 + notes2
        self.r = (self.profiles[0]["r"], self.profiles[1]["r"])
        self.d = (self.profiles[0]["d"], self.profiles[1]["d"])
        self.outcomes = math.prod(len(issue[2]) for issue in self.issues)
        self._analysed = False

    @classmethod
    def from_files(cls, domain_path, prof1_path, prof2_path, domain="?", variant="?"):
        texts = []
        for path in (domain_path, prof1_path, prof2_path):
            with open(path, encoding="utf-8", errors="replace") as handle:
                texts.append(handle.read())
        return cls(*texts, domain=domain, variant=variant)

    def utility(self, side, item_positions):
        """Undiscounted utility of prof1 (side 0) or prof2 (side 1) for an outcome
        given as one item position per issue."""
        return sum(table[k] for table, k in zip(self.tables[side], item_positions))

    def analyse(self):
        if not self._analysed:
            u1 = enumerate_utilities(self.tables[0])
            u2 = enumerate_utilities(self.tables[1])
            self.frontier = pareto_frontier(u1, u2)
            self.nash = nash_point(u1, u2, self.r[0], self.r[1])
            self.max_welfare = max_welfare(u1, u2)
            self._analysed = True
        return self


def enumerate_utilities(tables):
    """Utilities of every outcome (the product of the issues' items), as a numpy
    array when numpy is present, else a list; the last issue varies fastest."""
    if np is not None:
        u = np.zeros(1)
        for table in tables:
            u = (u[:, None] + np.asarray(table, dtype=float)[None, :]).ravel()
        return u
    u = [0.0]
    for table in tables:
        u = [a + b for a in u for b in table]
    return u


def pareto_frontier(u1, u2):
    """The Pareto-optimal utility pairs among all outcomes (no other outcome is at
    least as good for both and better for one), each pair once, by u1 descending.
    Utilities are compared rounded to DECIMALS places: sums of weights such as
    0.36 + 0.32 differ in the last bits by summation order, and such twins are one
    point (as frontiers.csv counts them), given with the exact utilities of one."""
    if np is not None and isinstance(u1, np.ndarray):
        r1, r2 = np.round(u1, DECIMALS), np.round(u2, DECIMALS)
        order = np.lexsort((-r2, -r1))  # u1 descending, ties by u2 descending
        b = r2[order]
        best_before = np.concatenate(([-np.inf], np.maximum.accumulate(b)[:-1]))
        keep = order[b > best_before]
        return list(zip(u1[keep].tolist(), u2[keep].tolist()))
    frontier = []
    best = -math.inf
    rounded = ((round(a, DECIMALS), round(b, DECIMALS), a, b) for a, b in zip(u1, u2))
    for _, b, a_exact, b_exact in sorted(rounded, key=lambda p: (-p[0], -p[1])):
        if b > best:
            frontier.append((a_exact, b_exact))
            best = b
    return frontier


def nash_point(u1, u2, r1, r2):
    """argmax (u1−r1)(u2−r2) over the outcomes with u1 ≥ r1 and u2 ≥ r2 (the first
    such outcome in enumeration order on ties); None if no outcome qualifies."""
    if np is not None and isinstance(u1, np.ndarray):
        ok = (u1 >= r1) & (u2 >= r2)
        if not ok.any():
            return None
        product = np.where(ok, (u1 - r1) * (u2 - r2), -np.inf)
        k = int(np.argmax(product))
        return (float(u1[k]), float(u2[k]))
    best, point = -math.inf, None
    for a, b in zip(u1, u2):
        if a >= r1 and b >= r2:
            value = (a - r1) * (b - r2)
            if value > best:
                best, point = value, (a, b)
    return point


def max_welfare(u1, u2):
    if np is not None and isinstance(u1, np.ndarray):
        return float(np.max(u1 + u2))
    return max(a + b for a, b in zip(u1, u2))


def distance_to_frontier(point, frontier):
    """Euclidean distance from (u1, u2) to the nearest frontier point."""
    return min(math.hypot(point[0] - a, point[1] - b) for a, b in frontier)


def distance(p, q):
    return math.hypot(p[0] - q[0], p[1] - q[1])


def step_of_round(parley_round):
    """The GENIUS/NegMAS step of parley round t (one offer by one side): ceil(t/2)."""
    return (int(parley_round) + 1) // 2


def discounted(u, d, step, n_steps=100):
    """GENIUS discounting at normalised time step/n_steps: u·d^(step/n_steps)."""
    return u * d ** (step / n_steps)


def negotiation_metrics(variant, agreed, u=None, step=None, n_steps=100, nash=None):
    """The per-negotiation figures of negmas_runs.csv for one negotiation of a
    variant: u = (u1, u2) undiscounted (prof1, prof2) and step when agreed.
    A disagreement scores (r1, r2), discounted (r1·d1, r2·d2)."""
    r1, r2 = variant.r
    d1, d2 = variant.d
    if agreed:
        u1, u2 = u
        u1_disc, u2_disc = discounted(u1, d1, step, n_steps), discounted(u2, d2, step, n_steps)
        variant.analyse()
        nash = nash if nash is not None else variant.nash
        dist_pareto = distance_to_frontier((u1, u2), variant.frontier)
        dist_nash = distance((u1, u2), nash) if nash is not None else None
    else:
        u1, u2 = r1, r2
        u1_disc, u2_disc = r1 * d1, r2 * d2
        dist_pareto = dist_nash = None
    return {"agreed": 1 if agreed else 0, "agreement_step": step if agreed else None,
            "u1": u1, "u2": u2, "u1_disc": u1_disc, "u2_disc": u2_disc,
            "dist_pareto": dist_pareto, "dist_nash": dist_nash,
            "welfare": u1 + u2, "welfare_disc": u1_disc + u2_disc}


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def aggregate(runs, processes=()):
    """negmas_reference.csv's columns (and the extras) over per-negotiation rows.
    `processes`: (replicates, process wall s, engine wall s) per parley process."""
    agreed = [run for run in runs if run["agreed"]]
    n = len(runs)
    total_wall = sum(p[1] for p in processes)
    engine_wall = sum(p[2] for p in processes if p[2] is not None)
    negotiations = sum(p[0] for p in processes)
    per_negotiation_ms = [1000.0 * p[1] / p[0] for p in processes if p[0]]
    diffs = [abs(run[key] - run[ref]) for run in agreed
             for key, ref in (("engine_u1", "u1"), ("engine_u2", "u2"))
             if run.get(key) is not None]
    return {
        "runs": n,
        "agreement_rate": len(agreed) / n if n else None,
        "mean_dist_pareto": _mean([run["dist_pareto"] for run in agreed]),
        "mean_dist_nash": _mean([run["dist_nash"] for run in agreed]),
        "mean_welfare": _mean([run["welfare"] for run in runs]),
        "mean_welfare_disc": _mean([run["welfare_disc"] for run in runs]),
        "mean_welfare_agreed": _mean([run["welfare"] for run in agreed]),
        "mean_agreement_step": _mean([run["agreement_step"] for run in agreed]),
        "negotiations_per_s": negotiations / total_wall if total_wall > 0 else None,
        "median_ms_per_negotiation": statistics.median(per_negotiation_ms) if per_negotiation_ms else None,
        "total_wall_s": total_wall,
        "agreements": len(agreed),
        "negotiations_per_s_engine": negotiations / engine_wall if engine_wall > 0 else None,
        "mean_agreement_round": _mean([run.get("agreement_round") for run in agreed]),
        "processes": len(processes),
        "engine_utility_max_abs_diff": max(diffs) if diffs else None,
    }


# --------------------------------------------------------------------------
# Strategies and pairs.

STRATEGY_KINDS = ("time_dependent", "tit_for_tat", "transactional", "equilibrium")


def parse_strategy(spec):
    """KIND[:VALUE][:KEY=VALUE…] → {'kind': KIND, …}; a bare VALUE is the exponent."""
    parts = [part.strip() for part in spec.strip().split(":")]
    kind = parts[0]
    if kind not in STRATEGY_KINDS:
        raise ValueError(f"unknown strategy kind {kind!r} in {spec!r} (known: {', '.join(STRATEGY_KINDS)})")
    strategy = {"kind": kind}
    for part in parts[1:]:
        if not part:
            continue
        key, _, value = part.rpartition("=")
        key = key.strip() or "exponent"
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", key):
            raise ValueError(f"bad parameter name {key!r} in {spec!r}")
        try:
            strategy[key] = float(value)
        except ValueError:
            raise ValueError(f"parameter {key!r} in {spec!r} is not a number: {value!r}") from None
    return strategy


def strategy_label(strategy):
    kind = strategy["kind"]
    params = {k: v for k, v in strategy.items() if k != "kind"}
    if kind == "time_dependent":
        e = params.pop("exponent", 1.0)
        name = "Boulware" if e < 1 else "Linear" if e == 1 else "Conceder"
        label = f"{name}(e={e:g}" + "".join(f",{k}={v:g}" for k, v in params.items()) + ")"
        return label.replace("Linear(e=1)", "Linear")
    name = {"tit_for_tat": "TitForTat", "transactional": "Transactional",
            "equilibrium": "Equilibrium"}[kind]
    if params:
        name += "(" + ",".join(f"{k}={v:g}" for k, v in params.items()) + ")"
    return name


def parse_pairs(specs):
    """'A,B;C,D' (several --pairs allowed) → [(label, strategy A, strategy B)]."""
    pairs = []
    for spec in specs:
        for text in re.split(r"[;\n]", spec):
            if not text.strip():
                continue
            sides = [side for side in text.split(",")]
            if len(sides) != 2:
                raise ValueError(f"a pair is two strategies separated by a comma: {text!r}")
            a, b = parse_strategy(sides[0]), parse_strategy(sides[1])
            la, lb = strategy_label(a), strategy_label(b)
            label = f"parley:{la}x2" if a == b else f"parley:{la}-vs-{lb}"
            if any(label == existing[0] for existing in pairs):
                continue
            pairs.append((label, a, b))
    if not pairs:
        raise ValueError("no strategy pair given")
    return pairs


def assignments(strategy_a, strategy_b):
    """The negotiations of one pair on one variant, as NegMAS's reference ran them:
    [(strategy of prof1, strategy of prof2, opener)], opener 'prof1' or 'prof2'."""
    orders = [(strategy_a, strategy_b)]
    if strategy_a != strategy_b:
        orders.append((strategy_b, strategy_a))
    return [(s1, s2, opener) for s1, s2 in orders for opener in ("prof1", "prof2")]


# --------------------------------------------------------------------------
# A small TOML writer (the standard library reads TOML but does not write it).

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(key):
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise BenchmarkError(f"cannot write {type(value).__name__} as TOML")


def _is_table_array(value):
    return isinstance(value, list) and value and all(isinstance(v, dict) for v in value)


def dump_toml(document):
    """TOML text of a parsed document: scalars and arrays first, sub-tables as
    [a.b] sections, arrays of tables as [[a]] (nested tables inside them inline)."""
    lines = []

    def table(prefix, data):
        for key, value in data.items():
            if not isinstance(value, dict) and not _is_table_array(value):
                lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
        for key, value in data.items():
            name = f"{prefix}.{_toml_key(key)}" if prefix else _toml_key(key)
            if isinstance(value, dict):
                lines.append("")
                lines.append(f"[{name}]")
                table(name, value)
            elif _is_table_array(value):
                for element in value:
                    lines.append("")
                    lines.append(f"[[{name}]]")
                    for k, v in element.items():
                        lines.append(f"{_toml_key(k)} = {_toml_value(v)}")

    table("", document)
    return "\n".join(lines) + "\n"


def rewrite_strategies(text, document, strategies):
    """The scenario's text with each actor's strategy replaced ({actor id:
    strategy}): the `strategy = …` line of each [[actors]] block is rewritten, and
    the result must parse to the scenario with the new strategies; if it does not
    (no such line, a multi-line table), the whole file is written anew by dump_toml."""
    wanted = with_strategies(document, strategies)
    ids = [actor.get("id") for actor in document.get("actors", [])]
    out, actor, in_actor_table, done = [], -1, False, set()
    for line in text.splitlines(keepends=True):
        header = re.match(r"\s*\[", line)
        if header:
            if re.match(r"\s*\[\[\s*actors\s*\]\]", line):
                actor += 1
                in_actor_table = True
                out.append(line)
                continue
            in_actor_table = False
        if (in_actor_table and actor < len(ids) and ids[actor] in strategies
                and re.match(r"\s*strategy\s*=", line)):
            out.append(f"strategy = {_toml_value(strategies[ids[actor]])}\n")
            done.add(ids[actor])
            continue
        out.append(line)
    new_text = "".join(out)
    if done != set(strategies) or not _parses_to(new_text, wanted):
        new_text = dump_toml(wanted)
        if not _parses_to(new_text, wanted):
            raise BenchmarkError("internal: cannot write the scenario with the new strategies")
    return new_text


def _parses_to(text, document):
    try:
        return tomllib.loads(text) == document
    except tomllib.TOMLDecodeError:
        return False


def with_strategies(document, strategies):
    """A copy of the scenario with each actor's strategy replaced: {actor id: strategy}."""
    document = json.loads(json.dumps(document))  # deep copy (the TOML has no dates)
    seen = set()
    for actor in document.get("actors", []):
        if actor.get("id") in strategies:
            actor["strategy"] = dict(strategies[actor["id"]])
            seen.add(actor["id"])
    missing = set(strategies) - seen
    if missing:
        raise BenchmarkError(f"the imported scenario has no actor {', '.join(sorted(missing))}")
    return document


# --------------------------------------------------------------------------
# Driving parley.

def find_parley(explicit):
    if explicit:
        return explicit
    candidates = [os.path.join(ROOT, "build", "release", "parley"),
                  os.path.join(ROOT, "build", "release", "tools", "parley")]
    candidates += sorted(glob.glob(os.path.join(ROOT, "build", "*", "parley")))
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return candidates[0]


def run_command(command, what):
    """Runs a parley command; on failure raises with its stderr. Returns (stdout, wall s)."""
    start = time.perf_counter()
    try:
        process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as error:
        raise BenchmarkError(f"{what}: cannot start {command[0]}: {error}") from None
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise BenchmarkError(f"{what} failed (exit {process.returncode}):\n  {' '.join(command)}\n"
                             f"{process.stderr.strip()[-4000:]}")
    return process.stdout, wall


def check_import_command(parley):
    if not os.path.isfile(parley):
        raise BenchmarkError(f"parley binary not found at {parley} (build the release preset "
                             "or pass --parley PATH)")
    process = subprocess.run([parley, "import", "genius", "--help"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    if process.returncode != 0:
        raise BenchmarkError(f"{parley} has no `import genius` command yet:\n"
                             f"{(process.stderr or process.stdout).strip()[-2000:]}")


class ImportedScenario:
    """A GENIUS variant imported with one profile order: the parsed TOML and, per
    TOML issue, the item position of each option (to read outcomes.csv)."""

    def __init__(self, path, variant, first):
        self.variant = variant
        self.first = first  # 'prof1' or 'prof2': which profile is party_1
        with open(path, "rb") as handle:
            self.text = handle.read().decode("utf-8")
        self.document = tomllib.loads(self.text)
        issues = self.document.get("issues", [])
        if len(issues) != len(variant.issues):
            raise BenchmarkError(f"{path}: {len(issues)} issues, the domain has {len(variant.issues)}")
        self.columns = []
        for toml_issue, (_, name, values, listed) in zip(issues, variant.issues):
            options = toml_issue.get("options")
            if options is None:
                raise BenchmarkError(f"{path}: issue {toml_issue.get('id')!r} is not discrete")
            # Option k is the k-th item: of the items as listed (parley keeps a
            # repeated value as an option of its own) or of the distinct values.
            if len(options) == len(listed):
                option_values = listed
            elif len(options) == len(values):
                option_values = values
            else:
                raise BenchmarkError(f"{path}: issue {toml_issue.get('id')!r} has {len(options)} "
                                     f"options; {name!r} has {len(listed)} items")
            self.columns.append((toml_issue["id"],
                                 {option: values.index(value)
                                  for option, value in zip(options, option_values)}, values))
        actors = [actor.get("id") for actor in self.document.get("actors", [])]
        if "party_1" not in actors or "party_2" not in actors:
            raise BenchmarkError(f"{path}: expected actors party_1 and party_2, found {actors}")

    def outcome(self, row):
        """(item positions, 'value|value|…') of an outcomes.csv row."""
        positions, names = [], []
        for column, index, values in self.columns:
            option = row.get(column)
            if option not in index:
                raise BenchmarkError(f"outcomes.csv: {column} = {option!r} is not an option")
            positions.append(index[option])
            names.append(values[index[option]])
        return positions, "|".join(names)


def import_variant(parley, data_dir, domain, variant_letter, variant, first, folder, rounds):
    base = os.path.join(data_dir, domain, f"{domain}-{variant_letter}")
    profiles = [f"{base}-prof1.xml", f"{base}-prof2.xml"]
    if first == "prof2":
        profiles.reverse()
    out = os.path.join(folder, f"{domain}-{variant_letter}-{first}.toml")
    run_command([parley, "import", "genius", f"{base}-domain.xml", *profiles, "--out", out,
                 "--rounds", str(rounds)], f"parley import genius {domain}-{variant_letter}")
    return ImportedScenario(out, variant, first)


def run_negotiations(task):
    """One `parley run`: returns (per-negotiation rows, (replicates, wall, engine wall))."""
    (parley, scenario, toml_path, out_dir, pair, s1, s2, seed, replicates, threads,
     rounds, nash) = task
    variant = scenario.variant
    _, wall = run_command([parley, "run", toml_path, "--out", out_dir, "--replicates",
                           str(replicates), "--seed", str(seed), "--threads", str(threads),
                           "--no-analysis", "--quiet"],
                          f"parley run {variant.domain}-{variant.variant} ({pair}, seed {seed})")
    engine_wall = None
    try:
        with open(os.path.join(out_dir, "manifest.json")) as handle:
            engine_wall = float(json.load(handle)["execution"]["wall_seconds"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    prof1_party = "party_1" if scenario.first == "prof1" else "party_2"
    prof2_party = "party_2" if scenario.first == "prof1" else "party_1"
    rows = []
    with open(os.path.join(out_dir, "outcomes.csv"), newline="") as handle:
        for row in csv.DictReader(handle):
            agreed = row["agreed"].strip() == "1"
            u = step = parley_round = None
            agreement = ""
            engine = (None, None)
            if agreed:
                positions, agreement = scenario.outcome(row)
                u = (variant.utility(0, positions), variant.utility(1, positions))
                parley_round = int(row["round"])
                step = step_of_round(parley_round)
                try:
                    engine = (float(row[f"utility_{prof1_party}"]), float(row[f"utility_{prof2_party}"]))
                except (KeyError, ValueError):
                    pass
            metrics = negotiation_metrics(variant, agreed, u, step, rounds, nash)
            metrics.update({
                "set": SET, "domain": variant.domain, "variant": variant.variant,
                "outcomes": variant.outcomes, "pair": pair, "neg_prof1": strategy_label(s1),
                "neg_prof2": strategy_label(s2), "opener": scenario.first, "seed": seed,
                "replicate": row.get("replicate"), "agreement_round": parley_round,
                "r1": variant.r[0], "r2": variant.r[1], "d1": variant.d[0], "d2": variant.d[1],
                "agreement": agreement, "engine_u1": engine[0], "engine_u2": engine[1],
                "wall_s": wall / max(replicates, 1),
                "engine_wall_s": engine_wall / max(replicates, 1) if engine_wall is not None else None,
            })
            rows.append(metrics)
    if len(rows) != replicates:
        raise BenchmarkError(f"{out_dir}/outcomes.csv: {len(rows)} rows, expected {replicates}")
    return rows, (replicates, wall, engine_wall)


# --------------------------------------------------------------------------
# Reference data.

def discover(data_dir, domains_filter):
    found = []
    for domain in sorted(os.listdir(data_dir)):
        if not os.path.isdir(os.path.join(data_dir, domain)):
            continue
        if domains_filter and domain.lower() not in domains_filter:
            continue
        for letter in VARIANTS:
            base = os.path.join(data_dir, domain, f"{domain}-{letter}")
            if all(os.path.isfile(f"{base}-{part}.xml") for part in ("domain", "prof1", "prof2")):
                found.append((domain, letter))
    return found


def read_csv(path):
    if not os.path.isfile(path):
        return None
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def check_frontiers(variants, frontier_rows):
    """Compares each variant's own enumeration with frontiers.csv. Returns
    ({(domain, variant): Nash point from frontiers.csv}, [messages])."""
    nash_points, messages = {}, []
    rows = {(row["domain"], row["variant"]): row for row in (frontier_rows or [])}
    for key, variant in variants.items():
        variant.analyse()
        row = rows.get(key)
        if row is None:
            messages.append(f"{key[0]}-{key[1]}: not in frontiers.csv; own Nash point used")
            continue
        if int(row["outcomes"]) != variant.outcomes:
            messages.append(f"{key[0]}-{key[1]}: {variant.outcomes} outcomes, "
                            f"frontiers.csv {row['outcomes']}")
        for name, mine, theirs in (("r1", variant.r[0], row["r1"]), ("r2", variant.r[1], row["r2"]),
                                   ("d1", variant.d[0], row["d1"]), ("d2", variant.d[1], row["d2"]),
                                   ("max_welfare", variant.max_welfare, row["max_welfare"])):
            if abs(mine - float(theirs)) > NASH_TOLERANCE:
                messages.append(f"{key[0]}-{key[1]}: {name} {mine:.9g}, frontiers.csv {theirs}")
        if row.get("pareto_points") and int(row["pareto_points"]) != len(variant.frontier):
            messages.append(f"{key[0]}-{key[1]}: {len(variant.frontier)} Pareto points, "
                            f"frontiers.csv {row['pareto_points']}")
        if row.get("nash_u1"):
            theirs = (float(row["nash_u1"]), float(row["nash_u2"]))
            nash_points[key] = theirs
            if variant.nash is None or max(abs(a - b) for a, b in zip(variant.nash, theirs)) > NASH_TOLERANCE:
                messages.append(f"{key[0]}-{key[1]}: Nash point {variant.nash}, frontiers.csv {theirs} "
                                f"(frontiers.csv's used)")
    return nash_points, messages


def negmas_figures(data_dir, domains, all_domains):
    """NegMAS's rows per pair: negmas_reference.csv for the whole set, else
    re-aggregated from negmas_runs.csv over the chosen domains."""
    if all_domains:
        rows = read_csv(os.path.join(data_dir, "negmas_reference.csv"))
        return rows or [], "negmas_reference.csv (all 14 domains)"
    runs = read_csv(os.path.join(data_dir, "negmas_runs.csv"))
    if not runs:
        return [], "no NegMAS figures (negmas_runs.csv missing)"
    chosen = {d.lower() for d in domains}
    by_pair = {}
    for run in runs:
        if run["domain"].lower() in chosen:
            by_pair.setdefault(run["pair"], []).append(run)
    result = []
    for pair, runs_of_pair in by_pair.items():
        converted = []
        for run in runs_of_pair:
            agreed = run["agreed"] == "1"
            number = lambda key: float(run[key]) if run.get(key) not in (None, "") else None
            converted.append({"agreed": agreed, "dist_pareto": number("dist_pareto"),
                              "dist_nash": number("dist_nash"), "welfare": number("welfare"),
                              "welfare_disc": number("welfare_disc"),
                              "agreement_step": number("agreement_step")})
        processes = [(1, float(run["wall_s"]), None) for run in runs_of_pair]
        figures = aggregate(converted, processes)
        figures.update({"set": SET, "pair": pair})
        result.append(figures)
    return result, f"negmas_runs.csv re-aggregated over {', '.join(sorted(domains))}"


# --------------------------------------------------------------------------
# Output.

def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(path, columns, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(column)) for column in columns])


def _fmt(value, digits=3):
    if value in (None, ""):
        return "—"
    value = float(value)
    if digits == "rate":
        return f"{value:.1f}" if value < 1000 else f"{value:,.0f}"
    return f"{value:.{digits}f}"


def _meets(value, comparison, bound):
    if value in (None, ""):
        return False
    value = float(value)
    return value >= bound if comparison == ">=" else value <= bound


def markdown(parley_rows, negmas_rows, negmas_source):
    lines = ["| source | pair | runs | agreement | dist Pareto | dist Nash | welfare (disc.) "
             "| step | negotiations/s | engine negotiations/s |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for source, rows in (("NegMAS", negmas_rows), ("parley", parley_rows)):
        for row in rows:
            lines.append(f"| {source} | {row['pair']} | {row['runs']} | {_fmt(row['agreement_rate'])} "
                         f"| {_fmt(row['mean_dist_pareto'])} | {_fmt(row['mean_dist_nash'])} "
                         f"| {_fmt(row['mean_welfare_disc'])} | {_fmt(row['mean_agreement_step'], 1)} "
                         f"| {_fmt(row['negotiations_per_s'], 'rate')} "
                         f"| {_fmt(row.get('negotiations_per_s_engine'), 'rate')} |")
    lines += ["", f"NegMAS: {negmas_source}. parley's negotiations/s: whole `parley run` "
              "processes (start-up included); engine: manifest.json's wall time.", "",
              "| target | bound | best parley | pair | met |", "| --- | --- | ---: | --- | --- |"]
    for column, comparison, bound in TARGETS:
        sign = "≥" if comparison == ">=" else "≤"
        candidates = [row for row in parley_rows if row.get(column) not in (None, "")]
        if not candidates:
            lines.append(f"| {column} | {sign} {bound} | — | — | no |")
            continue
        pick = max if comparison == ">=" else min
        best = pick(candidates, key=lambda row: float(row[column]))
        met = "**yes**" if _meets(best[column], comparison, bound) else "no"
        lines.append(f"| {column} | {sign} {bound} "
                     f"| {_fmt(best[column])} | {best['pair']} | {met} |")
    all_four = [row["pair"] for row in parley_rows
                if all(_meets(row.get(c), cmp, b) for c, cmp, b in TARGETS)]
    lines += ["", "Pairs meeting all four targets: " + (", ".join(all_four) if all_four else "none") + "."]
    return "\n".join(lines)


# --------------------------------------------------------------------------

def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="anac_benchmark.py",
        description="Runs parley's negotiators on the ANAC 2012 GENIUS domains and compares "
                    "them with NegMAS's reference figures (see the module docstring for the "
                    "metrics and the time convention).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="A strategy is KIND[:VALUE][:KEY=VALUE...] (a bare VALUE is the exponent); a pair "
               "is two strategies separated by ',' (prof1's first), pairs by ';'.\n"
               f"Default pairs: {DEFAULT_PAIRS}\n"
               "Targets: agreement >= 0.97, dist_pareto <= 0.02, dist_nash <= 0.08, "
               "discounted welfare >= 1.41.\n"
               "Exit: 0 ok (or data missing without --require-data), 1 failure, 2 usage error.")
    parser.add_argument("--out", help="folder for anac_parley.csv, anac_parley_by_domain.csv and "
                        "anac_parley_runs.csv (created if missing; without it only the table is printed)")
    parser.add_argument("--pairs", action="append", help="strategy pairs, e.g. "
                        "'time_dependent:0.2,time_dependent:2' (repeatable; ';' separates pairs)")
    parser.add_argument("--parley", help="parley binary (default: build/release/parley)")
    parser.add_argument("--data", default=DEFAULT_DATA,
                        help="the genius_anac2012 folder (default: %(default)s)")
    parser.add_argument("--require-data", action="store_true",
                        help="exit 1 (not 0) when the data folder is missing")
    parser.add_argument("--replicates", type=int, default=1,
                        help="replicates per parley run (default 1; runs without noise are deterministic)")
    parser.add_argument("--seeds", default="1", help="comma-separated master seeds (default 1)")
    parser.add_argument("--domains", help="comma-separated domain names (default: all 14)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="parley processes at a time (default 1; more skews the timing)")
    parser.add_argument("--threads", type=int, default=1,
                        help="worker threads of each parley run (default 1, as NegMAS's one core)")
    parser.add_argument("--rounds", type=int, default=100,
                        help="GENIUS steps per negotiation: import --rounds, max_rounds = 2×this "
                             "(default 100, NegMAS's n_steps)")
    parser.add_argument("--keep", help="keep the imported scenarios and parley's outputs in this "
                        "new or empty folder (default: a temporary folder, deleted)")
    args = parser.parse_args(argv)
    try:
        args.pair_list = parse_pairs(args.pairs or [DEFAULT_PAIRS])
        args.seed_list = [int(s) for s in args.seeds.split(",") if s.strip()]
    except ValueError as error:
        parser.error(str(error))
    if not args.seed_list:
        parser.error("--seeds: no seed given")
    for name in ("replicates", "jobs", "threads", "rounds"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    args.domain_filter = ({d.strip().lower() for d in args.domains.split(",") if d.strip()}
                          if args.domains else None)
    return args


def main(argv=None):
    args = parse_arguments(argv)
    data = args.data
    if not os.path.isdir(data):
        print(f"ANAC 2012 data not found at {data}; the benchmark needs the shared validation folder",
              file=sys.stderr)
        return 1 if args.require_data else 0
    try:
        return benchmark(args)
    except BenchmarkError as error:
        print(f"anac_benchmark: {error}", file=sys.stderr)
        return 1


def benchmark(args):
    data = args.data
    chosen = discover(data, args.domain_filter)
    if not chosen:
        raise BenchmarkError(f"no domain found in {data}" +
                             (f" matching {args.domains}" if args.domains else ""))
    domains = sorted({domain for domain, _ in chosen})
    if args.domain_filter and len(domains) < len(args.domain_filter):
        missing = args.domain_filter - {d.lower() for d in domains}
        raise BenchmarkError(f"unknown domain(s): {', '.join(sorted(missing))}")
    all_domains = len(domains) == len(discover(data, None)) // len(VARIANTS)

    started = time.perf_counter()
    variants = {}
    for domain, letter in chosen:
        base = os.path.join(data, domain, f"{domain}-{letter}")
        try:
            variants[(domain, letter)] = Variant.from_files(
                f"{base}-domain.xml", f"{base}-prof1.xml", f"{base}-prof2.xml", domain, letter)
        except (OSError, ET.ParseError) as error:
            raise BenchmarkError(f"{base}: {error}") from None
    nash_points, messages = check_frontiers(variants, read_csv(os.path.join(data, "frontiers.csv")))
    notes = sorted({note for variant in variants.values() for note in variant.notes})
    print(f"Outcome spaces of {len(variants)} variants enumerated in "
          f"{time.perf_counter() - started:.1f} s ({'numpy' if np is not None else 'standard library'}).",
          file=sys.stderr)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    for message in messages:
        print(f"check: {message}", file=sys.stderr)
    if not messages:
        print("check: outcome counts, r, d, max welfare, Pareto point counts and Nash points agree "
              f"with frontiers.csv (to {NASH_TOLERANCE:g}).", file=sys.stderr)

    parley = find_parley(args.parley)
    check_import_command(parley)

    with tempfile.TemporaryDirectory(prefix="anac_benchmark_") as temporary:
        work = args.keep or temporary
        if args.keep and os.path.isdir(work) and os.listdir(work):
            raise BenchmarkError(f"--keep {work}: the folder is not empty (parley writes new "
                                 "output folders in it)")
        os.makedirs(work, exist_ok=True)
        imported = {}
        for (domain, letter), variant in variants.items():
            for first in ("prof1", "prof2"):
                imported[(domain, letter, first)] = import_variant(
                    parley, data, domain, letter, variant, first, work, args.rounds)

        tasks = []
        for pair_number, (pair, strategy_a, strategy_b) in enumerate(args.pair_list, 1):
            for (domain, letter), variant in variants.items():
                for s1, s2, opener in assignments(strategy_a, strategy_b):
                    scenario = imported[(domain, letter, opener)]
                    by_party = ({"party_1": s1, "party_2": s2} if opener == "prof1"
                                else {"party_1": s2, "party_2": s1})
                    text = rewrite_strategies(scenario.text, scenario.document, by_party)
                    stem = (f"{domain}-{letter}-pair{pair_number}-{strategy_label(s1)}-"
                            f"{strategy_label(s2)}-{opener}_opens")
                    stem = re.sub(r"[^A-Za-z0-9.=_-]+", "_", stem)
                    toml_path = os.path.join(work, stem + ".toml")
                    with open(toml_path, "w") as handle:
                        handle.write(text)
                    for seed in args.seed_list:
                        tasks.append((parley, scenario, toml_path,
                                      os.path.join(work, f"{stem}-seed{seed}"), pair, s1, s2,
                                      seed, args.replicates, args.threads, args.rounds,
                                      nash_points.get((domain, letter))))

        print(f"Running {len(tasks)} parley processes ({len(args.pair_list)} pairs, "
              f"{len(variants)} variants, {len(args.seed_list)} seed(s), "
              f"{args.replicates} replicate(s) each, {args.jobs} at a time)…", file=sys.stderr)
        results = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(run_negotiations, task) for task in tasks]
            try:
                for done, future in enumerate(futures, 1):
                    results.append(future.result())
                    if done % 50 == 0 or done == len(futures):
                        print(f"  {done}/{len(futures)}", file=sys.stderr)
            except BenchmarkError:
                for future in futures:
                    future.cancel()
                raise

    pair_rows, domain_rows, run_rows = [], [], []
    for pair, _, _ in args.pair_list:
        of_pair = [(task, result) for task, result in zip(tasks, results) if task[4] == pair]
        runs = [row for _, (rows, _) in of_pair for row in rows]
        figures = aggregate(runs, [process for _, (_, process) in of_pair])
        figures.update({"set": SET, "pair": pair, "replicates": args.replicates,
                        "seeds": " ".join(str(s) for s in args.seed_list)})
        pair_rows.append(figures)
        run_rows += runs
        for domain in domains:
            in_domain = [(t, r) for t, r in of_pair if t[1].variant.domain == domain]
            figures = aggregate([row for _, (rows, _) in in_domain for row in rows],
                                [process for _, (_, process) in in_domain])
            figures.update({"set": f"{SET}:{domain}", "pair": pair, "replicates": args.replicates,
                            "seeds": " ".join(str(s) for s in args.seed_list)})
            domain_rows.append(figures)

    negmas_rows, negmas_source = negmas_figures(data, domains, all_domains)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        columns = REFERENCE_COLUMNS + EXTRA_COLUMNS
        write_csv(os.path.join(args.out, "anac_parley.csv"), columns, pair_rows)
        write_csv(os.path.join(args.out, "anac_parley_by_domain.csv"), columns, domain_rows)
        write_csv(os.path.join(args.out, "anac_parley_runs.csv"), RUN_COLUMNS, run_rows)
    print(f"ANAC 2012 GENIUS domains: {', '.join(domains)} ({len(variants)} variants); "
          f"time: parley round t = step ceil(t/2) of {args.rounds}\n")
    print(markdown(pair_rows, negmas_rows, negmas_source))
    diffs = [row["engine_utility_max_abs_diff"] for row in pair_rows
             if row.get("engine_utility_max_abs_diff") is not None]
    if diffs:
        print(f"\nparley's utility_<actor> columns vs. this script's XML utilities (agreements): "
              f"largest difference {max(diffs):.2g}" +
              (" — parley's utilities are not the GENIUS ones (importer or discounting?)."
               if max(diffs) > ENGINE_TOLERANCE else " (outcomes.csv holds 6 decimals)."))
    if messages:
        print(f"\n{len(messages)} check(s) against frontiers.csv failed (see stderr).")
    if args.out:
        print(f"\nWrote {os.path.join(args.out, 'anac_parley.csv')}, anac_parley_by_domain.csv and "
              "anac_parley_runs.csv.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
