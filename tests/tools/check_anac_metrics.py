#!/usr/bin/python3
"""Checks the metrics of tools/anac_benchmark.py on a hand-made GENIUS domain.

Usage: tests/tools/check_anac_metrics.py WORK_DIR

The domain (below, as XML text) has two issues: `a` with items x, y, z (z listed
twice, as FlightBooking lists a date twice: counted once) and `b` with p, q.
prof1: weights 0.6 / 0.4 (matched by issue index, the objective's own weight
ignored), evaluations a: 3 2 1, b: 2 1, r = 0.2, d = 0.5; prof2: weights 2 / 2
(normalised to 0.5 / 0.5), evaluations a: 1 2 4, b: 1 4, r = 0.6, d = 0.9.
By hand, (u1, u2) of the six outcomes:

    (x,p) 1.0 0.25   (x,q) 0.8 0.625   (y,p) 0.8 0.375
    (y,q) 0.6 0.75   (z,p) 0.6 0.625   (z,q) 0.4 1.0

Pareto frontier (1.0, 0.25), (0.8, 0.625), (0.6, 0.75), (0.4, 1.0); Nash point
argmax (u1 − 0.2)(u2 − 0.6) over u1 ≥ 0.2, u2 ≥ 0.6: (z,q) = (0.4, 1.0) with 0.08
(with r = 0 it would be (x,q)). An agreement on (y,p) in parley round 7 (step 4):
distance to the frontier √0.055625 (to (1.0, 0.25), not to (0.8, 0.625) at 0.25),
to Nash √0.550625, welfare 1.175, discounted 0.8·0.5^0.04 + 0.375·0.9^0.04; a
disagreement: welfare 0.8, discounted 0.2·0.5 + 0.6·0.9 = 0.64.

Runs the metric functions with numpy (when importable) and with the standard
library alone, the TOML writer, the pair specs, and the script as a process:
--help, a missing data folder (exit 0, or 1 with --require-data), and a whole
run on the hand-made domain with a stand-in parley (a small Python script that
imports and "runs" it) to check the role swap: with the prof2 profile opening,
prof2 is party_1 and the results are mapped back. Registered in
tests/CMakeLists.txt (label `tools`).
"""
import csv
import importlib.util
import math
import os
import shutil
import subprocess
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPT = os.path.join(ROOT, "tools", "anac_benchmark.py")

DOMAIN = """<?xml version="1.0"?>
<negotiation_template number_of_sessions="1">
  <utility_space number_of_issues="2">
    <objective index="1" etype="objective" type="objective" name="Toy">
      <issue index="2" etype="discrete" type="discrete" name="a">
        <item index="1" value="x"/>
        <item index="2" value="y"/>
        <item index="3" value="z"/>
        <item index="3" value="z"/>
      </issue>
      <issue index="3" etype="discrete" type="discrete" name="b">
        <item index="1" value="p"/>
        <item index="2" value="q"/>
      </issue>
    </objective>
  </utility_space>
</negotiation_template>
"""

PROF1 = """<?xml version="1.0"?>
<utility_space>
  <objective index="1" etype="objective" type="objective" name="Toy">
    <issue index="2" etype="discrete" type="discrete" name="a">
      <item index="1" value="x" evaluation="3"/>
      <item index="2" value="y" evaluation="2"/>
      <item index="3" value="z" evaluation="1"/>
    </issue>
    <issue index="3" etype="discrete" type="discrete" name="b">
      <item index="1" value="p" evaluation="2"/>
      <item index="2" value="q" evaluation="1"/>
    </issue>
    <weight index="2" value="0.6"/>
    <weight index="3" value="0.4"/>
    <weight index="1" value="1.0"/>
  </objective>
  <discount_factor value="0.5"/>
  <reservation value="0.2"/>
</utility_space>
"""

PROF2 = """<?xml version="1.0"?>
<utility_space>
  <objective index="1" etype="objective" type="objective" name="Toy">
    <weight index="2" value="2"/>
    <weight index="3" value="2"/>
    <issue index="2" etype="discrete" type="discrete" name="a">
      <item index="1" value="x" evaluation="1"/>
      <item index="2" value="y" evaluation="2"/>
      <item index="3" value="z" evaluation="4"/>
    </issue>
    <issue index="3" etype="discrete" type="discrete" name="b">
      <item index="1" value="p" evaluation="1"/>
      <item index="2" value="q" evaluation="4"/>
    </issue>
  </objective>
  <discount_factor value="0.9"/>
  <reservation value="0.6"/>
</utility_space>
"""

# A stand-in for `parley import genius` and `parley run`: imports the issues in
# XML order (options renamed, as parley sanitises them; the repeated z kept as an
# option o_z_2 of its own, as parley does) and "agrees" on the last option of the
# first issue (o_z_2) and the first of the other in round 3 with utilities
# 0.111 / 0.222 for party_1 / party_2, so that the role swap shows in the
# engine_u columns.
FAKE_PARLEY = r'''#!/usr/bin/python3
import argparse, csv, json, os, sys, tomllib
import xml.etree.ElementTree as ET
args = sys.argv[1:]
if args[:2] == ["import", "genius"]:
    if "--help" in args:
        sys.exit(0)
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs=3)
    parser.add_argument("--out")
    parser.add_argument("--rounds", type=int, default=100)
    o = parser.parse_args(args[2:])
    lines = ['name = "toy"', 'description = "' + os.path.basename(o.files[1]) + '"']
    for n, issue in enumerate(ET.parse(o.files[0]).getroot().iter("issue")):
        options = []
        for item in issue.iter("item"):
            name = "o_" + item.get("value")
            options.append(name if name not in options else name + "_2")
        lines += ["", "[[issues]]", f'id = "issue_{n}"',
                  "options = [" + ", ".join(f'"{x}"' for x in options) + "]",
                  f'status_quo = "{options[0]}"']
    for k in (1, 2):
        lines += ["", "[[actors]]", f'id = "party_{k}"',
                  'strategy = { kind = "time_dependent", exponent = 1.0 }',
                  "[actors.salience]", "issue_0 = 0.5"]
    lines += ["", "[[phases]]", 'id = "negotiation"', 'participants = ["party_1", "party_2"]',
              'protocol = "alternating_offers"', f"max_rounds = {2 * o.rounds}"]
    with open(o.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    sys.exit(0)
if args[:1] == ["run"]:
    parser = argparse.ArgumentParser()
    parser.add_argument("toml")
    parser.add_argument("--out")
    parser.add_argument("--replicates", type=int)
    for flag in ("--seed", "--threads"):
        parser.add_argument(flag)
    for flag in ("--no-analysis", "--quiet"):
        parser.add_argument(flag, action="store_true")
    o = parser.parse_args(args[1:])
    with open(o.toml, "rb") as f:
        doc = tomllib.load(f)
    assert [a["strategy"]["kind"] for a in doc["actors"]] == ["time_dependent"] * 2
    os.makedirs(o.out)
    with open(os.path.join(o.out, "outcomes.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["point", "replicate", "agreed", "phase", "round"]
                   + [i["id"] for i in doc["issues"]] + ["utility_party_1", "utility_party_2"])
        for r in range(o.replicates):
            w.writerow([0, r, 1, "negotiation", 3] + [doc["issues"][0]["options"][-1]]
                       + [i["options"][0] for i in doc["issues"][1:]]
                       + ["0.111000", "0.222000"])
    with open(os.path.join(o.out, "manifest.json"), "w") as f:
        json.dump({"execution": {"wall_seconds": 0.001}}, f)
    sys.exit(0)
sys.exit(2)
'''

failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}")


def close(a, b, what, tolerance=1e-12):
    if a is None or b is None or abs(a - b) > tolerance:
        fail(f"{what}: {a} != {b}")


def load_module():
    sys.dont_write_bytecode = True  # no __pycache__ in tools/
    spec = importlib.util.spec_from_file_location("anac_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_metrics(ab, label):
    variant = ab.Variant(DOMAIN, PROF1, PROF2, "Toy", "A")
    if variant.outcomes != 6:
        fail(f"{label}: {variant.outcomes} outcomes, expected 6 (the repeated item once)")
    if not any("weights sum to 4" in note for note in variant.notes):
        fail(f"{label}: no note on prof2's weights summing to 4: {variant.notes}")
    expected = {("x", "p"): (1.0, 0.25), ("x", "q"): (0.8, 0.625), ("y", "p"): (0.8, 0.375),
                ("y", "q"): (0.6, 0.75), ("z", "p"): (0.6, 0.625), ("z", "q"): (0.4, 1.0)}
    values = [issue[2] for issue in variant.issues]
    for (a, b), (u1, u2) in expected.items():
        positions = [values[0].index(a), values[1].index(b)]
        close(variant.utility(0, positions), u1, f"{label}: u1{(a, b)}")
        close(variant.utility(1, positions), u2, f"{label}: u2{(a, b)}")
    variant.analyse()
    frontier = [(1.0, 0.25), (0.8, 0.625), (0.6, 0.75), (0.4, 1.0)]
    if len(variant.frontier) != 4 or any(abs(p[0] - q[0]) + abs(p[1] - q[1]) > 1e-12
                                         for p, q in zip(variant.frontier, frontier)):
        fail(f"{label}: Pareto frontier {variant.frontier}, expected {frontier}")
    # Twins (exact, and equal but for rounding: (0.3, 1.1 − 0.6) and (0.1 + 0.2, 0.5))
    # are one frontier point.
    u1, u2 = [0.3, 0.1 + 0.2, 0.5, 0.5, 0.2], [1.1 - 0.6, 0.5, 0.1, 0.1, 0.4]
    if ab.np is not None:
        u1, u2 = ab.np.array(u1), ab.np.array(u2)
    twins = ab.pareto_frontier(u1, u2)
    if len(twins) != 2 or abs(twins[0][0] - 0.5) > 1e-12 or abs(twins[1][1] - 0.5) > 1e-12:
        fail(f"{label}: frontier with twins {twins}, expected [(0.5, 0.1), (0.3, 0.5)]")
    close(variant.nash[0], 0.4, f"{label}: Nash u1")
    close(variant.nash[1], 1.0, f"{label}: Nash u2")
    unconstrained = ab.nash_point(ab.enumerate_utilities(variant.tables[0]),
                                  ab.enumerate_utilities(variant.tables[1]), 0.0, 0.0)
    close(unconstrained[0], 0.8, f"{label}: Nash u1 with r = 0")
    close(unconstrained[1], 0.625, f"{label}: Nash u2 with r = 0")
    close(variant.max_welfare, 1.425, f"{label}: max welfare")
    # Agreement on (y, p) in parley round 7, i.e. step 4.
    step = ab.step_of_round(7)
    if step != 4:
        fail(f"{label}: step_of_round(7) = {step}")
    agreed = ab.negotiation_metrics(variant, True, (0.8, 0.375), step, 100)
    close(agreed["dist_pareto"], math.sqrt(0.055625), f"{label}: distance to the frontier")
    close(agreed["dist_nash"], math.sqrt(0.550625), f"{label}: distance to Nash")
    close(agreed["welfare"], 1.175, f"{label}: welfare")
    close(agreed["welfare_disc"], 0.8 * 0.5 ** 0.04 + 0.375 * 0.9 ** 0.04, f"{label}: discounted welfare")
    nash_given = ab.negotiation_metrics(variant, True, (0.8, 0.375), step, 100, nash=(0.8, 0.625))
    close(nash_given["dist_nash"], 0.25, f"{label}: distance to a given Nash point")
    failed = ab.negotiation_metrics(variant, False)
    close(failed["welfare"], 0.8, f"{label}: disagreement welfare")
    close(failed["welfare_disc"], 0.64, f"{label}: disagreement discounted welfare")
    if failed["dist_pareto"] is not None or failed["agreement_step"] is not None:
        fail(f"{label}: a disagreement has a distance or a step: {failed}")
    figures = ab.aggregate([dict(agreed, agreement_round=7), failed], [(2, 0.5, 0.1)])
    close(figures["agreement_rate"], 0.5, f"{label}: agreement rate")
    close(figures["mean_dist_pareto"], math.sqrt(0.055625), f"{label}: mean distance (agreements only)")
    close(figures["mean_welfare"], (1.175 + 0.8) / 2, f"{label}: mean welfare")
    close(figures["mean_welfare_agreed"], 1.175, f"{label}: mean welfare of agreements")
    close(figures["mean_agreement_step"], 4.0, f"{label}: mean agreement step")
    close(figures["negotiations_per_s"], 4.0, f"{label}: negotiations per second")
    close(figures["negotiations_per_s_engine"], 20.0, f"{label}: engine negotiations per second")


def check_helpers(ab):
    for t, step in ((1, 1), (2, 1), (3, 2), (199, 100), (200, 100)):
        if ab.step_of_round(t) != step:
            fail(f"step_of_round({t}) = {ab.step_of_round(t)}, expected {step}")
    pairs = ab.parse_pairs(["time_dependent:0.2,time_dependent:0.2;time_dependent:0.2,time_dependent:2",
                            "tit_for_tat:initial_concession=0.1,transactional"])
    labels = [p[0] for p in pairs]
    if labels != ["parley:Boulware(e=0.2)x2", "parley:Boulware(e=0.2)-vs-Conceder(e=2)",
                  "parley:TitForTat(initial_concession=0.1)-vs-Transactional"]:
        fail(f"pair labels {labels}")
    if (len(ab.assignments(pairs[0][1], pairs[0][2])) != 2
            or len(ab.assignments(pairs[1][1], pairs[1][2])) != 4):
        fail("a same-strategy pair runs twice per variant, a mixed one four times")
    document = {"name": "x y", "n": 3, "f": 0.1, "flag": True, "list": ["a", "b"],
                "run": {"seed": 1, "nested": {"k": 2.5}},
                "issues": [{"id": "i", "options": ["o_1", "o_2"]}],
                "actors": [{"id": "party_1", "salience": {"i": 1.0}, "strategy": {"kind": "tit_for_tat"}},
                           {"id": "party_2", "red_lines": ["i != 'o_1'"], "quote": "a \"b\"\n"}]}
    changed = ab.with_strategies(document, {"party_2": {"kind": "time_dependent", "exponent": 0.2}})
    if tomllib.loads(ab.dump_toml(changed)) != changed:
        fail(f"the TOML writer does not round-trip:\n{ab.dump_toml(changed)}")
    if changed["actors"][1]["strategy"] != {"kind": "time_dependent", "exponent": 0.2} or \
            "strategy" in document["actors"][1]:
        fail("with_strategies: wrong strategy or the input changed")
    # The importer's layout: the strategy line, then [actors.*] sub-tables.
    text = ("# comment\n[[actors]]\nid = \"party_1\"\nstrategy = { kind = \"time_dependent\" }\n"
            "[actors.salience]\nstrategy = 0.5\n[actors.valuations.strategy]\nx = 1\n\n"
            "[[actors]]\nid = \"party_2\"\nstrategy = { kind = \"time_dependent\", exponent = 1 }\n"
            "[actors.salience]\nstrategy = 0.5\n\n[[phases]]\nid = \"negotiation\"\n")
    wanted = {"party_1": {"kind": "tit_for_tat"}, "party_2": {"kind": "time_dependent", "exponent": 2.0}}
    parsed = tomllib.loads(text)
    rewritten = ab.rewrite_strategies(text, parsed, wanted)
    if (not rewritten.startswith("# comment")
            or tomllib.loads(rewritten) != ab.with_strategies(parsed, wanted)):
        fail(f"rewrite_strategies (line edit):\n{rewritten}")
    bare = text.replace('strategy = { kind = "time_dependent" }\n', "")
    rewritten = ab.rewrite_strategies(bare, tomllib.loads(bare), wanted)
    if tomllib.loads(rewritten) != ab.with_strategies(tomllib.loads(bare), wanted):
        fail(f"rewrite_strategies (no strategy line: rewritten whole):\n{rewritten}")


def check_process(work):
    data = os.path.join(work, "data")
    toy = os.path.join(data, "Toy")
    os.makedirs(toy, exist_ok=True)
    for name, text in (("domain", DOMAIN), ("prof1", PROF1), ("prof2", PROF2)):
        with open(os.path.join(toy, f"Toy-A-{name}.xml"), "w") as handle:
            handle.write(text)
    fake = os.path.join(work, "fake_parley")
    with open(fake, "w") as handle:
        handle.write(FAKE_PARLEY)
    os.chmod(fake, 0o755)
    environment = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")

    def run(*args):
        return subprocess.run([sys.executable, SCRIPT, *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=environment)

    help_run = run("--help")
    if help_run.returncode != 0 or "--replicates" not in help_run.stdout:
        fail(f"--help: exit {help_run.returncode}")
    missing = os.path.join(work, "no_such_folder")
    for flags, code in (((), 0), (("--require-data",), 1)):
        process = run("--data", missing, *flags)
        if process.returncode != code or "ANAC 2012 data not found" not in process.stderr:
            fail(f"missing data {flags}: exit {process.returncode}, stderr {process.stderr!r}")
    out = os.path.join(work, "out")
    process = run("--data", data, "--parley", fake, "--out", out, "--replicates", "2",
                  "--pairs", "time_dependent:0.2,time_dependent:2", "--seeds", "1,2")
    if process.returncode != 0:
        fail(f"run on the hand-made domain: exit {process.returncode}\n{process.stderr}")
        return
    with open(os.path.join(out, "anac_parley_runs.csv"), newline="") as handle:
        runs = list(csv.DictReader(handle))
    if len(runs) != 1 * 4 * 2 * 2:  # 1 variant × 4 assignments × 2 seeds × 2 replicates
        fail(f"{len(runs)} negotiations, expected 16")
    for row in runs:
        # The stand-in agrees on (z, p) in round 3 = step 2: u = (0.6, 0.625).
        close(float(row["u1"]), 0.6, "u1 of (z, p)")
        close(float(row["u2"]), 0.625, "u2 of (z, p)")
        if row["agreement"] != "z|p" or row["agreement_step"] != "2":
            fail(f"agreement {row['agreement']!r} at step {row['agreement_step']}")
        engine = (0.111, 0.222) if row["opener"] == "prof1" else (0.222, 0.111)
        close(float(row["engine_u1"]), engine[0], f"engine_u1 with {row['opener']} opening", 1e-9)
        close(float(row["engine_u2"]), engine[1], f"engine_u2 with {row['opener']} opening", 1e-9)
    with open(os.path.join(out, "anac_parley.csv"), newline="") as handle:
        rows = list(csv.DictReader(handle))
    if len(rows) != 1 or rows[0]["set"] != "D" or rows[0]["runs"] != "16":
        fail(f"anac_parley.csv: {rows}")
    if "| target |" not in process.stdout:
        fail("no target table printed")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    work = sys.argv[1]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    ab = load_module()
    if ab.np is not None:
        check_metrics(ab, "numpy")
    ab.np = None
    check_metrics(ab, "standard library")
    check_helpers(ab)
    check_process(work)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("anac metrics: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
