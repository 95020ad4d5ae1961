#!/usr/bin/python3
"""Outcome distribution per issue from a parley run folder.

Usage: tools/plot_outcomes.py RUN_DIR [--out FILE.png] [--svg]

One panel per issue: a histogram of the agreed outcomes (deals only), the
status quo as a dashed line and each actor's ideal point as a coloured marker;
the title gives the agreement probability with its Wilson 95% interval.
Reads outcomes.csv, summary.csv and manifest.json; needs matplotlib from the
distribution (apt-get install python3-matplotlib; tools/setup.sh installs it).
"""
import argparse
import csv
import json
import math
import os
import sys

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("plot_outcomes.py needs matplotlib: apt-get install python3-matplotlib "
             "(run it with /usr/bin/python3)")


def load(run_dir):
    with open(os.path.join(run_dir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    with open(os.path.join(run_dir, "outcomes.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(run_dir, "summary.csv"), encoding="utf-8") as f:
        summary = {row["metric"]: row for row in csv.DictReader(f)}
    return manifest, rows, summary


def parameter_values(manifest):
    values = {}
    for p in manifest["parameters"]:
        values[p["path"]] = p.get("value", p.get("mean"))
    return values


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run_dir")
    parser.add_argument("--out", help="output PNG (default RUN_DIR/outcomes.png)")
    parser.add_argument("--svg", action="store_true", help="also write an SVG beside the PNG")
    args = parser.parse_args()

    manifest, rows, summary = load(args.run_dir)
    values = parameter_values(manifest)
    issues = [name for name in rows[0].keys()
              if f"issues.{name}.status_quo" in values]
    actors = [name[len("utility_"):] for name in rows[0].keys() if name.startswith("utility_")]
    agreed = [r for r in rows if r["agreed"] == "1"]

    columns = min(3, len(issues))
    lines = math.ceil(len(issues) / columns)
    fig, axes = plt.subplots(lines, columns, figsize=(4.4 * columns, 3.2 * lines), squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, issue in enumerate(issues):
        ax = axes[k // columns][k % columns]
        samples = [r[issue] for r in agreed]
        numeric = True
        try:
            data = [float(s) for s in samples]
        except ValueError:
            numeric = False
        if numeric:
            ax.hist(data, bins=30, color="#9db4c0", edgecolor="white")
        else:
            names = sorted(set(samples), key=samples.index)
            ax.bar(names, [samples.count(n) for n in names], color="#9db4c0")
        sq = values[f"issues.{issue}.status_quo"]
        if numeric:
            ax.axvline(sq, color="black", linestyle="--", linewidth=1, label="status quo")
            top = ax.get_ylim()[1]
            for a, actor in enumerate(actors):
                ideal = values.get(f"actors.{actor}.ideal.{issue}")
                if ideal is not None:
                    ax.plot([ideal], [top * (0.95 - 0.06 * a)], marker="v", linestyle="none",
                            color=colours[a % len(colours)], label=actor)
        ax.set_title(issue, fontsize=10)
        ax.set_ylabel("deals")
    for k in range(len(issues), lines * columns):
        axes[k // columns][k % columns].axis("off")
    handles, labels = axes[0][0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="lower right", fontsize=8, ncol=2)
    agreement = summary["agreement"]
    fig.suptitle(
        f"{manifest['scenario']['name']}: agreement {100 * float(agreement['mean']):.1f}% "
        f"(95% CI {100 * float(agreement['wilson_low']):.1f}–{100 * float(agreement['wilson_high']):.1f}%), "
        f"{manifest['replicates']} replicates, seed {manifest['seed']}",
        fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    out = args.out or os.path.join(args.run_dir, "outcomes.png")
    fig.savefig(out, dpi=110)
    if args.svg:
        fig.savefig(os.path.splitext(out)[0] + ".svg")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
