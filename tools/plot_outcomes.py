#!/usr/bin/python3
"""Outcome distribution per issue from a parley run (or one point of a sweep).

Usage: tools/plot_outcomes.py RUN_DIR [--point P] [--scenario FILE] [--out PATH]

One panel per issue: the distribution of the agreed outcomes (a histogram in
the issue's units, or one bar per option for a discrete issue) as shares of
the deals, the status quo as a dashed line, and below it a strip with each
actor's ideal point (a triangle per actor). The title gives the agreement
probability with its Wilson 95% interval, the replicates and the seed.

RUN_DIR is a folder written by `parley run` or `parley sweep` (for a sweep the
figure shows one point: --point P, default 0; swept ideal points and status
quos take that point's values). Reads manifest.json, summary.csv and
outcomes.csv. Issue labels, units, ranges and option names come from the
scenario file named in the manifest when it is found and its SHA-256 matches
(or from --scenario FILE); otherwise the issue ids and the data are used.

Writes PATH.png and PATH.svg (default RUN_DIR/outcomes[-pointP]) and prints
both paths. Needs matplotlib from the distribution (apt-get install
python3-matplotlib; tools/setup.sh installs it); run it with /usr/bin/python3.
"""
import argparse
import csv
import hashlib
import json
import math
import os
import re
import sys
import textwrap

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("plot_outcomes.py needs matplotlib: apt-get install python3-matplotlib "
             "(run it with /usr/bin/python3)")

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HIST_COLOUR = "#9db4c0"


def output_base(out, default):
    """PATH without a .png/.svg extension: the figure is written as PATH.png and PATH.svg."""
    base = out or default
    root, ext = os.path.splitext(base)
    return root if ext.lower() in (".png", ".svg") else base


def save(fig, base, dpi=110):
    """Writes base.png and base.svg (reproducible: no date, fixed ids) and prints the paths."""
    directory = os.path.dirname(base)
    if directory:
        os.makedirs(directory, exist_ok=True)
    matplotlib.rcParams["svg.hashsalt"] = "parley"
    paths = [base + ".png", base + ".svg"]
    fig.savefig(paths[0], dpi=dpi)
    fig.savefig(paths[1], metadata={"Date": None})
    plt.close(fig)
    for p in paths:
        print(p)
    return paths


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def find_scenario(manifest, run_dir, explicit=None):
    """The scenario file's parsed TOML, or None (not found, other bytes, or no tomllib)."""
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        return None
    if explicit:
        candidates = [explicit]
    else:
        path = manifest.get("scenario", {}).get("path", "")
        candidates = [path, os.path.join(REPO_ROOT, path), os.path.join(run_dir, path)]
    for candidate in candidates:
        if not candidate or not os.path.isfile(candidate):
            continue
        with open(candidate, "rb") as f:
            data = f.read()
        try:
            scenario = tomllib.loads(data.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            return None
        if not explicit and scenario_sha256(candidate, data, scenario) != manifest["scenario"].get("sha256"):
            print(f"note: {candidate} has changed since the run (SHA-256 differs); "
                  "using issue ids and the data instead of its labels", file=sys.stderr)
            return None
        return scenario
    return None


def scenario_sha256(path, data, scenario):
    """The manifest's hash of a scenario: of its bytes, or with an [actors_table] of its bytes
    followed by the table's SHA-256 in hex (a changed table is a changed scenario)."""
    table = scenario.get("actors_table", {}).get("file")
    if not table:
        return hashlib.sha256(data).hexdigest()
    try:
        with open(os.path.join(os.path.dirname(path), table), "rb") as f:
            table_hex = hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None
    return hashlib.sha256(data + table_hex.encode("ascii")).hexdigest()


def distribution_range(text):
    """(low, high) of a manifest distribution such as '{ dist = "uniform", min = 0.3, max = 0.5 }':
    min–max when bounded, mean ± 1.96 sd for a normal; None otherwise."""
    fields = dict(re.findall(r"(\w+)\s*=\s*(-?[0-9.eE+-]+)", text))
    try:
        if "mean" in fields and "sd" in fields:  # normal, possibly truncated to [min, max]
            m, sd = float(fields["mean"]), float(fields["sd"])
            lo, hi = m - 1.96 * sd, m + 1.96 * sd
            if "min" in fields:
                lo = max(lo, float(fields["min"]))
            if "max" in fields:
                hi = min(hi, float(fields["max"]))
            return lo, hi
        if "min" in fields and "max" in fields:
            return float(fields["min"]), float(fields["max"])
    except ValueError:
        pass
    return None


class Run:
    """One run, or one point of a sweep: what the figure and the report need."""

    def __init__(self, run_dir, point=None, scenario_file=None):
        self.dir = run_dir
        with open(os.path.join(run_dir, "manifest.json"), encoding="utf-8") as f:
            self.manifest = json.load(f)
        self.swept = [p["path"] for p in self.manifest.get("design", {}).get("parameters", [])]
        self.is_sweep = bool(self.swept)
        points = self.manifest.get("design", {}).get("points", 1)
        if point is None:
            point = 0
        if not 0 <= point < points:
            sys.exit(f"--point {point}: {run_dir} has {points} point(s), 0 to {points - 1}")
        self.point = point
        self.summary_rows = [r for r in read_csv(os.path.join(run_dir, "summary.csv"))
                             if int(r["point"]) == point]
        if not self.summary_rows:
            sys.exit(f"{run_dir}/summary.csv has no rows for point {point}")
        self.summary = {r["metric"]: r for r in self.summary_rows}
        self.point_values = {p: self.summary_rows[0][p] for p in self.swept}
        self.values = {}
        self.ranges = {}  # uncertain parameters: (low, high) of their distribution
        for p in self.manifest.get("parameters", []):
            self.values[p["path"]] = p.get("value", p.get("mean"))
            if "distribution" in p:
                spread = distribution_range(p["distribution"])
                if spread:
                    self.ranges[p["path"]] = spread
        for path, value in self.point_values.items():
            try:
                self.values[path] = float(value)
            except ValueError:
                pass
        self.scenario = find_scenario(self.manifest, run_dir, scenario_file)
        self._outcomes = None
        self._columns = None

    def _load_outcomes(self):
        path = os.path.join(self.dir, "outcomes.csv")
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            self._columns = reader.fieldnames
            self._outcomes = [r for r in reader if int(r["point"]) == self.point]

    @property
    def outcomes(self):
        if self._outcomes is None:
            self._load_outcomes()
        return self._outcomes

    @property
    def columns(self):
        if self._columns is None:
            self._load_outcomes()
        return self._columns

    @property
    def name(self):
        return self.manifest["scenario"]["name"]

    @property
    def issues(self):
        """Issue ids in the outcomes' column order (the scenario's order)."""
        metrics = [m[len("outcome."):] for m in self.summary if m.startswith("outcome.")]
        return metrics

    @property
    def actors(self):
        return [m[len("utility."):] for m in self.summary if m.startswith("utility.")]

    def issue_info(self, issue):
        """label, unit, (min, max) or None, options or None for one issue."""
        info = {"label": issue, "unit": "", "range": None, "options": None}
        for entry in (self.scenario or {}).get("issues", []):
            if entry.get("id") == issue:
                info["label"] = entry.get("label", issue)
                info["unit"] = entry.get("unit", "")
                if "range" in entry:
                    info["range"] = tuple(float(v) for v in entry["range"])
                if "options" in entry:
                    info["options"] = list(entry["options"])
                    info["range"] = (0.0, float(len(entry["options"]) - 1))
        return info

    def actor_name(self, actor):
        for entry in (self.scenario or {}).get("actors", []):
            if entry.get("id") == actor:
                return entry.get("name", actor)
        return actor

    def point_label(self):
        if not self.is_sweep:
            return ""
        return "point {}: {}".format(self.point, ", ".join(
            f"{p} = {v}" for p, v in self.point_values.items()))


def percent(x):
    return f"{100 * float(x):.1f}%"


def agreement_text(summary):
    a = summary.get("agreement")
    if a is None:
        return "agreement n/a"
    return (f"agreement {percent(a['mean'])} (95% CI {100 * float(a['wilson_low']):.1f}–"
            f"{100 * float(a['wilson_high']):.1f}%)")


def draw_issue(ax, strip, run, issue, agreed, colours):
    info = run.issue_info(issue)
    samples = [r[issue] for r in agreed]
    options = info["options"]
    numeric = options is None
    if numeric:
        try:
            data = [float(s) for s in samples]
        except ValueError:  # a discrete issue whose scenario file was not found
            numeric = False
    share = 1.0 / len(samples) if samples else 0.0
    known_order = False
    if numeric:
        lo, hi = info["range"] or (min(data + [run.values.get(f"issues.{issue}.status_quo", 0.0)]),
                                   max(data + [run.values.get(f"issues.{issue}.status_quo", 0.0)]))
        if hi <= lo:
            hi = lo + 1.0
        if data:
            ax.hist(data, bins=40, range=(lo, hi), weights=[share] * len(data),
                    color=HIST_COLOUR, edgecolor="white", linewidth=0.3, label="deals")
        pad = 0.03 * (hi - lo)
        ax.set_xlim(lo - pad, hi + pad)
    else:
        known_order = options is not None
        if not known_order:  # status quo and ideal points are option indices: not placeable
            options = sorted(set(samples), key=samples.index)
            ax.text(0.02, 0.95, "option order unknown (scenario file not found):\n"
                    "status quo and ideal points not shown", transform=ax.transAxes,
                    fontsize=7, va="top", color="0.4")
        counts = [samples.count(o) * share for o in options]
        ax.bar(range(len(options)), counts, color=HIST_COLOUR, width=0.6, label="deals")
        strip.set_xticks(range(len(options)))
        strip.set_xticklabels(options, rotation=15 if len(options) > 3 else 0, fontsize=8)
        ax.set_xlim(-0.6, len(options) - 0.4)
    if not samples:
        ax.text(0.5, 0.5, "no deal in any replicate", transform=ax.transAxes,
                ha="center", va="center", fontsize=9, color="0.4")
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_ylabel("share of deals", fontsize=8)
    ax.tick_params(labelbottom=False, labelsize=8)
    ax.set_title(info["label"], fontsize=9)
    actors = run.actors
    placeable = numeric or known_order  # a discrete issue's values are option indices
    sq = run.values.get(f"issues.{issue}.status_quo")
    if sq is not None and placeable:
        for target in (ax, strip):
            target.axvline(float(sq), color="black", linestyle="--", linewidth=1)
    for a, actor in enumerate(actors):
        if not placeable:
            break
        ideal = run.values.get(f"actors.{actor}.ideal.{issue}")
        spread = run.ranges.get(f"actors.{actor}.ideal.{issue}")
        if spread and not run.point_values.get(f"actors.{actor}.ideal.{issue}"):
            strip.plot(spread, [a, a], color=colours[a % len(colours)], linewidth=1.5, alpha=0.6)
        if ideal is not None:
            strip.plot([float(ideal)], [a], marker="v", markersize=6, linestyle="none",
                       color=colours[a % len(colours)])
    strip.set_ylim(len(actors) - 0.4, -0.6)
    strip.set_yticks(range(len(actors)))
    strip.set_yticklabels(actors, fontsize=7)
    strip.tick_params(axis="x", labelsize=8)
    strip.grid(axis="y", alpha=0.25)
    strip.set_xlabel(textwrap.fill(info["unit"] or issue, 60), fontsize=8)


def build_figure(run):
    """The outcome-distribution figure of a Run."""
    issues = run.issues
    actors = run.actors
    agreed = [r for r in run.outcomes if r["agreed"] == "1"]
    columns = min(3, len(issues)) or 1
    lines = math.ceil(len(issues) / columns)
    strip_height = 0.16 * len(actors) + 0.35
    fig = plt.figure(figsize=(max(8.0, 4.6 * columns), (2.6 + strip_height + 0.75) * lines + 0.9))
    outer = fig.add_gridspec(lines, columns, hspace=0.32, wspace=0.28)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, issue in enumerate(issues):
        row, col = divmod(k, columns)
        inner = outer[row, col].subgridspec(2, 1, height_ratios=[2.6, strip_height], hspace=0.06)
        ax = fig.add_subplot(inner[0])
        strip = fig.add_subplot(inner[1], sharex=ax)
        draw_issue(ax, strip, run, issue, agreed, colours)
    handles = [
        matplotlib.patches.Patch(color=HIST_COLOUR, label="agreed outcomes"),
        matplotlib.lines.Line2D([], [], color="black", linestyle="--", label="status quo"),
        matplotlib.lines.Line2D([], [], color="0.3", marker="v", linestyle="none",
                                label="ideal point of each actor"),
    ]
    if any(".ideal." in path for path in run.ranges):
        handles.append(matplotlib.lines.Line2D([], [], color="0.3", alpha=0.6, linewidth=1.5,
                                               label="range of an uncertain ideal point"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=8, frameon=False)
    n = len(run.outcomes)
    title = (f"{run.name}: {agreement_text(run.summary)}\n"
             f"{run.manifest['replicates']} replicates, seed {run.manifest['seed']}; "
             f"distribution of the {len(agreed)} deals")
    if n and len(agreed) < n:
        title += f" (no deal in {percent(1 - len(agreed) / n)}: the status quo stays)"
    if run.is_sweep:
        title += "\n" + run.point_label()
    fig.suptitle(title, fontsize=10)
    height = fig.get_figheight()
    fig.subplots_adjust(left=1.1 / fig.get_figwidth(), right=1 - 0.25 / fig.get_figwidth(), top=1 - (0.45 + 0.2 * (title.count("\n") + 1)) / height,
                        bottom=0.95 / height)
    return fig


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Writes PATH.png and PATH.svg and prints both paths.")
    parser.add_argument("run_dir", help="a folder written by `parley run` or `parley sweep`")
    parser.add_argument("--point", type=int, help="the sweep point to show (default 0)")
    parser.add_argument("--scenario", help="scenario file for labels, units and options "
                        "(default: the manifest's, if its SHA-256 matches)")
    parser.add_argument("--out", metavar="PATH",
                        help="output path without extension (default RUN_DIR/outcomes[-pointP])")
    args = parser.parse_args(argv)

    run = Run(args.run_dir, args.point, args.scenario)
    if not run.issues:
        sys.exit(f"{args.run_dir}/summary.csv has no outcome.<issue> metrics")
    fig = build_figure(run)
    default = os.path.join(args.run_dir,
                           "outcomes" + (f"-point{run.point}" if run.is_sweep else ""))
    save(fig, output_base(args.out, default))


if __name__ == "__main__":
    main()
