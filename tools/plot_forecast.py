#!/usr/bin/python3
"""Positions and forecast by round in the forecasting phases of a parley trace.

Usage: tools/plot_forecast.py TRACE.jsonl [--out PATH]

For every expected_utility phase (and any other phase that writes model_round
events) and every issue it decides, one panel: each actor's position by round
(one line per actor, from the trace's model_round events; lines are nudged
sideways a little so that actors at the same position stay visible), the
model's forecast lines (the vote median and the capability-and-salience
weighted mean per round, in black), the status quo (dotted) and the phase's
decision (a star on the right, with its value).

Writes PATH.png and PATH.svg (default: the trace's path without .jsonl, plus
"-forecast") and prints both paths. Needs matplotlib from the distribution
(apt-get install python3-matplotlib; tools/setup.sh installs it); run it with
/usr/bin/python3.
"""
import argparse
import math
import os
import sys
import textwrap

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("plot_forecast.py needs matplotlib: apt-get install python3-matplotlib "
             "(run it with /usr/bin/python3)")

from plot_outcomes import output_base, save
from plot_trace import Trace, actor_colours, setup_issue_axis

MARKERS = "osD^v<>ph*"


def panels(trace):
    """[(phase, issue id, [model_round events])] in the trace's order."""
    found = {}
    for e in trace.of("model_round"):
        found.setdefault((e.get("phase"), e.get("issue")), []).append(e)
    for p in trace.phases:
        if p.get("protocol") == "expected_utility" and not any(k[0] == p["phase"] for k in found):
            print(f"note: phase {p['phase']} is expected_utility but the trace has no "
                  "model_round events for it", file=sys.stderr)
    return [(phase, issue, events) for (phase, issue), events in found.items()]


def decision(trace, phase, issue_index):
    """The phase's decision on the issue: its null-actor offer, else the agreed outcome."""
    for o in reversed(trace.of("offer")):
        if o.get("phase") == phase and o.get("actor") is None:
            return float(o["offer"][issue_index])
    out = trace.outcome
    if out and out.get("agreed") and out.get("phase") == phase and out.get("outcome"):
        return float(out["outcome"][issue_index])
    return None


def build_figure(trace, found):
    names = {a["id"]: a.get("name", a["id"]) for a in trace.actors}
    actors = list(trace.actor_ids)
    for _, _, events in found:
        for e in events:
            for a in e.get("positions", {}):
                if a not in actors:
                    actors.append(a)
    colours = actor_colours(actors)
    index = {issue["id"]: k for k, issue in enumerate(trace.issues)}
    columns = 1 if len(found) == 1 else 2
    lines = math.ceil(len(found) / columns)
    fig, axes = plt.subplots(lines, columns, figsize=(8.8 * columns / (1 if columns == 1 else 1.25),
                                                      4.3 * lines + 0.6), squeeze=False)
    status_quo = trace.session.get("status_quo", [])
    for n, (phase, issue_id, events) in enumerate(found):
        ax = axes[n // columns][n % columns]
        issue = trace.issues[index[issue_id]] if issue_id in index else {"id": issue_id}
        setup_issue_axis(ax, issue, label_width=40)
        events = sorted(events, key=lambda e: int(e["round"]))
        rounds = [int(e["round"]) for e in events]
        span = max(1, len(actors) - 1)
        for k, actor in enumerate(actors):
            pts = [(int(e["round"]), float(e["positions"][actor])) for e in events
                   if actor in e.get("positions", {})]
            if not pts:
                continue
            dodge = 0.24 * (k / span - 0.5)
            xs = [r + dodge for r, _ in pts]
            ax.plot(xs, [p for _, p in pts], color=colours[actor], linewidth=1.0, alpha=0.85,
                    marker=MARKERS[k % len(MARKERS)], markersize=3.5, label=names.get(actor, actor))
        med = [(int(e["round"]), float(e["median"])) for e in events if e.get("median") is not None]
        mean = [(int(e["round"]), float(e["mean"])) for e in events if e.get("mean") is not None]
        if med:
            ax.plot(*zip(*med), color="black", linewidth=2.4, label="forecast: vote median")
        if mean:
            ax.plot(*zip(*mean), color="black", linewidth=2.0, linestyle="--",
                    label="forecast: weighted mean")
        k = index.get(issue_id)
        if k is not None and k < len(status_quo):
            ax.axhline(float(status_quo[k]), color="0.4", linestyle=":", linewidth=1.2,
                       label="status quo")
        final = decision(trace, phase, k) if k is not None else None
        if final is not None:
            x_end = max(rounds) + 0.6
            ax.plot([x_end], [final], marker="*", markersize=15, color="gold",
                    markeredgecolor="black", linestyle="none", label="decision")
            ax.annotate(f"{final:.3g}", (x_end, final), xytext=(8, 0), textcoords="offset points",
                        va="center", fontsize=8)
            ax.set_xlim(min(rounds) - 0.4, max(rounds) + 1.3)
        ax.set_xticks(sorted(set(rounds)))
        ax.set_xlabel("model round", fontsize=8)
        phase_info = trace.phase_info(phase)
        ax.set_title(textwrap.fill(f"{phase_info.get('label') or phase} "
                                   f"({phase_info.get('protocol', 'model')}): "
                                   f"{issue.get('label', issue_id)}", 80), fontsize=9)
        ax.grid(alpha=0.25)
    for n in range(len(found), lines * columns):
        axes[n // columns][n % columns].axis("off")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="center right", fontsize=7.5, frameon=False)
    s = trace.session
    title = textwrap.fill(f"Forecast: {s.get('scenario', '?')} — seed {s.get('seed', '?')}, "
                          f"replicate {s.get('replicate', 0)}", 100)
    fig.suptitle(title, fontsize=10)
    width, height = fig.get_figwidth(), fig.get_figheight()
    title_lines = title.count("\n") + 1 + max(ax.get_title().count("\n") + 1
                                              for row in axes for ax in row)
    fig.subplots_adjust(left=0.75 / width, right=1 - 1.9 / width,
                        top=1 - (0.3 + 0.19 * title_lines) / height,
                        bottom=0.55 / height, hspace=0.4, wspace=0.25)
    return fig


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Writes PATH.png and PATH.svg and prints both paths.")
    parser.add_argument("trace", help="a trace written by `parley trace --format jsonl`")
    parser.add_argument("--out", metavar="PATH",
                        help="output path without extension (default TRACE-forecast)")
    args = parser.parse_args(argv)
    trace = Trace(args.trace)
    found = panels(trace)
    if not found:
        sys.exit(f"{args.trace}: no model_round events (no expected_utility phase); "
                 "use tools/plot_trace.py for bargaining phases")
    fig = build_figure(trace, found)
    stem = os.path.splitext(args.trace)[0]
    save(fig, output_base(args.out, stem + "-forecast"))


if __name__ == "__main__":
    main()
