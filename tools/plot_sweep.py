#!/usr/bin/python3
"""Metrics of a parley sweep against a swept parameter, with their bands.

Usage: tools/plot_sweep.py SWEEP_DIR [--metric NAME]... [--actors] [--parameter PATH]
                           [--out PATH]

Reads summary.csv and manifest.json of a `parley sweep` folder and plots each
metric's mean at every point against the swept parameter, with its Wilson 95%
band (binary metrics: agreement, agreed_in.<phase>, veto.<actor>, ...) or its
5–95% quantile band (other metrics). --metric is repeatable (default:
agreement); --actors adds utility.<actor> for every actor, one line each. With
several swept parameters, the x axis is --parameter (default: the first) and
there is one line per metric and combination of the others. Random designs
(Latin hypercube, Sobol) are drawn as points with their bands as error bars.

Examples:
  tools/plot_sweep.py results/ukraine_2025-sweep-seed7
  tools/plot_sweep.py DIR --metric agreement --metric agreed_in.exploratory --metric nearest_deal.minerals_for_guarantees
  tools/plot_sweep.py DIR --actors

Writes PATH.png and PATH.svg (default SWEEP_DIR/<metrics>) and prints both
paths. Needs matplotlib from the distribution (apt-get install
python3-matplotlib; tools/setup.sh installs it); run it with /usr/bin/python3.
"""
import argparse
import csv
import difflib
import json
import os
import sys
import textwrap
from collections import defaultdict

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("plot_sweep.py needs matplotlib: apt-get install python3-matplotlib "
             "(run it with /usr/bin/python3)")

from plot_outcomes import output_base, save

class Sweep:
    """A sweep folder: its manifest and summary rows."""

    def __init__(self, sweep_dir):
        self.dir = sweep_dir
        with open(os.path.join(sweep_dir, "manifest.json"), encoding="utf-8") as f:
            self.manifest = json.load(f)
        self.design = self.manifest.get("design", {})
        self.swept = [p["path"] for p in self.design.get("parameters", [])]
        with open(os.path.join(sweep_dir, "summary.csv"), encoding="utf-8", newline="") as f:
            self.rows = list(csv.DictReader(f))
        self.metrics = list(dict.fromkeys(r["metric"] for r in self.rows))

    @property
    def name(self):
        return self.manifest["scenario"]["name"]

    @property
    def actors(self):
        return [m[len("utility."):] for m in self.metrics if m.startswith("utility.")]

    @property
    def is_grid(self):
        return self.design.get("kind", "grid") not in ("lhs", "sobol")


def series(sweep, metric, x_name):
    """{values of the other swept parameters: [(x, mean, low, high)]} and whether it is binary."""
    others = [p for p in sweep.swept if p != x_name]
    lines = defaultdict(list)
    binary = False
    for row in sweep.rows:
        if row["metric"] != metric or row["n"] == "0" or row["mean"] == "":
            continue
        binary = row["wilson_low"] != ""
        low, high = ((row["wilson_low"], row["wilson_high"]) if binary
                     else (row["q05"], row["q95"]))
        key = tuple(row[p] for p in others)
        lines[key].append((float(row[x_name]), float(row["mean"]), float(low), float(high)))
    for points in lines.values():
        points.sort()
    return lines, binary, others


def short(path):
    return path.split(".")[-1]


def reservation(sweep, actor):
    """The actor's reservation utility (its mean if uncertain), unless swept."""
    path = f"actors.{actor}.reservation_utility"
    if path in sweep.swept:
        return None
    for p in sweep.manifest.get("parameters", []):
        if p["path"] == path:
            return p.get("value", p.get("mean"))
    return None


def build_figure(sweep, metrics, x_name, title_metrics=None):
    fig, ax = plt.subplots(figsize=(7.6, 4.8))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    kinds = set()
    k = 0
    labelled = 0
    all_series = [series(sweep, metric, x_name) for metric in metrics]
    n_lines = sum(len(lines) for lines, _, _ in all_series)
    alpha = 0.2 if n_lines <= 2 else 0.1
    with_reservation = False
    for metric, (lines, binary, others) in zip(metrics, all_series):
        kinds.add("binary" if binary else "other")
        for key, points in sorted(lines.items()):
            colour = colours[k % len(colours)]
            k += 1
            xs, means, lows, highs = zip(*points)
            label = metric
            if title_metrics and metric.startswith("utility."):
                label = metric[len("utility."):]
            if others:
                label += " (" + ", ".join(f"{short(p)} = {v}" for p, v in zip(others, key)) + ")"
            labelled += 1
            if sweep.is_grid:
                ax.plot(xs, means, marker="o", markersize=3, color=colour, label=label)
                ax.fill_between(xs, lows, highs, color=colour, alpha=alpha, linewidth=0)
            else:
                ax.errorbar(xs, means, yerr=[[m - lo for m, lo in zip(means, lows)],
                                             [hi - m for m, hi in zip(means, highs)]],
                            fmt="o", markersize=3, color=colour, ecolor=colour, alpha=0.7,
                            elinewidth=0.8, label=label)
            if metric.startswith("utility.") and len(lines) == 1:
                value = reservation(sweep, metric[len("utility."):])
                if value is not None:
                    ax.axhline(value, color=colour, linestyle="--", linewidth=0.9)
                    with_reservation = True
    bands = []
    if "binary" in kinds:
        bands.append("Wilson 95% interval" + (" (probabilities)" if len(kinds) > 1 else ""))
    if "other" in kinds:
        bands.append("5–95% quantiles" + (" (other metrics)" if len(kinds) > 1 else ""))
    ax.set_xlabel(x_name)
    if kinds == {"binary"}:
        ax.set_ylabel("probability")
        ax.set_ylim(-0.02, 1.02)  # a line at 0 or 1 (e.g. agreement in every run) stays visible
    elif all(m.startswith("utility.") for m in metrics):
        ax.set_ylabel("utility (mean)")
    else:
        ax.set_ylabel("mean")
    what = title_metrics or ", ".join(metrics)
    note = f"{'band' if sweep.is_grid else 'bars'}: {'; '.join(bands)}"
    if with_reservation:
        note += "; dashed: reservation utility"
    head = textwrap.fill(f"{sweep.name}: {what} vs {short(x_name)}", width=90)
    ax.set_title(f"{head}\n"
                 f"{sweep.manifest['replicates']} replicates per point, seed "
                 f"{sweep.manifest['seed']}\n{note}", fontsize=9.5)
    if labelled > 1:
        ax.legend(fontsize=8, loc="best")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Writes PATH.png and PATH.svg and prints both paths.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep_dir", help="a folder written by `parley sweep`")
    parser.add_argument("--metric", action="append", metavar="NAME",
                        help="a metric of summary.csv (repeatable; default: agreement)")
    parser.add_argument("--actors", action="store_true",
                        help="plot utility.<actor> for every actor (one line per actor)")
    parser.add_argument("--parameter", help="swept parameter for the x axis (default: the first)")
    parser.add_argument("--out", metavar="PATH",
                        help="output path without extension (default SWEEP_DIR/<metrics>)")
    args = parser.parse_args(argv)

    sweep = Sweep(args.sweep_dir)
    if not sweep.swept:
        sys.exit(f"{args.sweep_dir} is a single run, not a sweep (no swept parameters); "
                 "use tools/plot_outcomes.py")
    x_name = args.parameter or sweep.swept[0]
    if x_name not in sweep.swept:
        sys.exit(f"--parameter {x_name}: not swept; the swept parameters are "
                 f"{', '.join(sweep.swept)}")
    metrics = list(args.metric or ([] if args.actors else ["agreement"]))
    if args.actors:
        metrics += [f"utility.{a}" for a in sweep.actors]
    for metric in metrics:
        if metric not in sweep.metrics:
            close = difflib.get_close_matches(metric, sweep.metrics, n=3)
            sys.exit(f"--metric {metric}: not in {args.sweep_dir}/summary.csv"
                     + (f"; did you mean {', '.join(close)}?" if close else ""))
    title_metrics = None
    if args.actors and not args.metric:
        title_metrics = "utility of each actor"
    fig = build_figure(sweep, metrics, x_name, title_metrics)
    if args.actors and not args.metric:
        stem = "utility"
    elif len(metrics) <= 3:
        stem = "+".join(metrics)
    else:
        stem = "metrics"
    save(fig, output_base(args.out, os.path.join(args.sweep_dir, stem)), dpi=130)


if __name__ == "__main__":
    main()
