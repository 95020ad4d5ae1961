#!/usr/bin/python3
"""Agreement probability (or any binary metric) against a swept parameter.

Usage: tools/plot_sweep.py SWEEP_DIR [--metric agreement] [--parameter PATH]
                           [--out FILE.png] [--svg]

Reads summary.csv and manifest.json of a `parley sweep` folder. For a
one-parameter grid, plots the metric's mean at each point with its Wilson 95%
band (binary metrics) or its 5–95% quantile band (other metrics). With several
swept parameters, plots against --parameter (default: the first) with one line
per combination of the others. Needs matplotlib from the distribution
(apt-get install python3-matplotlib; tools/setup.sh installs it).
"""
import argparse
import csv
import json
import os
import sys
from collections import defaultdict

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("plot_sweep.py needs matplotlib: apt-get install python3-matplotlib "
             "(run it with /usr/bin/python3)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sweep_dir")
    parser.add_argument("--metric", default="agreement")
    parser.add_argument("--parameter", help="swept parameter for the x axis (default: the first)")
    parser.add_argument("--out", help="output file (default: SWEEP_DIR/<metric>.png)")
    parser.add_argument("--svg", action="store_true", help="write SVG instead of PNG")
    args = parser.parse_args()

    with open(os.path.join(args.sweep_dir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    swept = [p["path"] for p in manifest["design"]["parameters"]]
    if not swept:
        sys.exit(f"{args.sweep_dir} is a single run, not a sweep (no swept parameters)")
    x_name = args.parameter or swept[0]
    if x_name not in swept:
        sys.exit(f"--parameter {x_name}: not swept; the swept parameters are {', '.join(swept)}")
    others = [p for p in swept if p != x_name]

    lines = defaultdict(list)  # values of the other parameters → [(x, mean, low, high)]
    binary = True
    with open(os.path.join(args.sweep_dir, "summary.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["metric"] != args.metric or row["n"] == "0":
                continue
            binary = row["wilson_low"] != ""
            low, high = ((row["wilson_low"], row["wilson_high"]) if binary
                         else (row["q05"], row["q95"]))
            key = tuple(row[p] for p in others)
            lines[key].append((float(row[x_name]), float(row["mean"]), float(low), float(high)))
    if not lines:
        sys.exit(f"no rows for metric {args.metric} in {args.sweep_dir}/summary.csv")

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for key, points in sorted(lines.items()):
        points.sort()
        xs, means, lows, highs = zip(*points)
        label = ", ".join(f"{p.split('.')[-1]} = {v}" for p, v in zip(others, key)) or None
        line, = ax.plot(xs, means, marker="o", markersize=3, label=label)
        ax.fill_between(xs, lows, highs, color=line.get_color(), alpha=0.2, linewidth=0)
    band = "Wilson 95% interval" if binary else "5–95% quantiles"
    ax.set_xlabel(x_name)
    ax.set_ylabel(f"{args.metric} ({'probability' if binary else 'mean'})")
    if binary:
        ax.set_ylim(0, 1)
    ax.set_title(f"{manifest['scenario']['name']}: {args.metric} vs {x_name.split('.')[-1]}\n"
                 f"{manifest['replicates']} replicates per point, seed {manifest['seed']}; "
                 f"band: {band}", fontsize=10)
    if others:
        ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    out = args.out or os.path.join(args.sweep_dir,
                                   f"{args.metric}.{'svg' if args.svg else 'png'}")
    fig.savefig(out, dpi=130)
    print(out)


if __name__ == "__main__":
    main()
