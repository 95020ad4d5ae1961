#!/usr/bin/python3
"""The trajectory of one negotiation, from a `parley trace --format jsonl` file.

Usage: tools/plot_trace.py TRACE.jsonl [--out PATH]

Top: one panel per issue on the table, the offers by round in the issue's
units (each offer coloured by its proposer, joined by a grey line; the status
quo dashed; the deal as a star; a forecasting phase's vote median per round as
a black line). The x axis runs through the phases in order, with their
boundaries marked and labelled; shocks are dotted vertical lines.
Bottom: each actor's utility of the offer on the table, against its
reservation utility (a dashed line in the same colour, stepping at the first
shock when the shocks move it); ratification votes are marked (a cross for a
veto), rejections because of a red line by an x, threats and side payments by
a label at the top. A forecasting phase's model rounds (m0, m1, …) come before
its decision.

The issues on the table are the union of the phases' "issues" lists when the
trace's phase_start events carry them, and every issue otherwise.

Writes PATH.png and PATH.svg (default: the trace's path without .jsonl, plus
"-trajectory") and prints both paths. Needs matplotlib from the distribution
(apt-get install python3-matplotlib; tools/setup.sh installs it); run it with
/usr/bin/python3.
"""
import argparse
import json
import os
import sys
import textwrap

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("plot_trace.py needs matplotlib: apt-get install python3-matplotlib "
             "(run it with /usr/bin/python3)")

from plot_outcomes import output_base, save


class Trace:
    """A parsed trace: the session header, the events in order, the phases and the outcome."""

    def __init__(self, path):
        self.path = path
        self.events = []
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    event = json.loads(line)
                except json.JSONDecodeError as error:
                    sys.exit(f"{path}:{number}:{error.colno}: not a JSON object: {error.msg}")
                if not isinstance(event, dict) or "event" not in event:
                    sys.exit(f"{path}:{number}: expected an object with an \"event\" field")
                self.events.append(event)
        if not self.events or self.events[0]["event"] != "session":
            sys.exit(f"{path}: the first event must be \"session\" (is this a parley trace?)")
        self.session = self.events[0]
        self.issues = self.session.get("issues", [])
        self.actors = self.session.get("actors", [])
        self.actor_ids = [a["id"] for a in self.actors]
        self.phases = [e for e in self.events if e["event"] == "phase_start"]
        outcomes = [e for e in self.events if e["event"] == "outcome"]
        self.outcome = outcomes[-1] if outcomes else None
        self._place_rounds()

    def _place_rounds(self):
        """x position of each event: the phases one after another, round r of a phase at
        offset + r, boundaries half-way between the last round of one and the first of the
        next. In a forecasting phase the model's rounds (model_round events) take one slot
        each, before the phase's own rounds (its decision)."""
        last_round = {}
        model_rounds = {}
        order = [p["phase"] for p in self.phases]
        for e in self.events:
            phase = e.get("phase")
            if phase is None or "round" not in e:
                continue
            if phase not in order:
                order.append(phase)
            if e["event"] == "model_round":
                model_rounds.setdefault(phase, set()).add(int(e["round"]))
            else:
                last_round[phase] = max(last_round.get(phase, 0), int(e["round"]))
        self.phase_order = order
        self.model_rounds = {p: sorted(r) for p, r in model_rounds.items()}
        self.length = {}
        self.offset = {}
        x = 0
        for phase in order:
            self.offset[phase] = x
            self.length[phase] = max(len(self.model_rounds.get(phase, []))
                                     + last_round.get(phase, 0), 1)
            x += self.length[phase]
        self.end = x + 0.5
        self.last_round = last_round

    def x(self, event):
        phase = event.get("phase")
        if phase is None or phase not in self.offset:
            return self.end
        r = int(event.get("round", 0))
        if event["event"] == "shock" and r > 0:  # strikes at the start of its round
            return self.offset[phase] + r - 0.35
        model = self.model_rounds.get(phase)
        if event["event"] == "model_round" and model:
            return self.offset[phase] + model.index(r) + 1
        if r <= 0:
            return self.offset[phase] + 0.5
        return self.offset[phase] + len(model or []) + r

    def phase_span(self, phase):
        start = self.offset[phase] + 0.5
        return start, start + self.length[phase]

    def phase_info(self, phase):
        for p in self.phases:
            if p["phase"] == phase:
                return p
        return {"phase": phase}

    def on_table(self):
        """Indices of the issues on the table (see the module docstring)."""
        listed = [p["issues"] for p in self.phases if isinstance(p.get("issues"), list)]
        if not listed:
            return list(range(len(self.issues)))
        ids = {i for issues in listed for i in issues}
        return [k for k, issue in enumerate(self.issues) if issue["id"] in ids]

    def of(self, kind):
        return [e for e in self.events if e["event"] == kind]

    def describe(self):
        s = self.session
        head = f"{s.get('scenario', '?')} — seed {s.get('seed', '?')}, replicate {s.get('replicate', 0)}"
        if self.outcome is None:
            return head + "; no outcome event"
        if self.outcome.get("agreed"):
            return head + (f"; deal in {self.outcome.get('phase')}, round {self.outcome.get('round')}")
        ends = [e for e in self.of("phase_end")]
        why = ends[-1].get("result") if ends else "no agreement"
        return head + f"; no deal ({why})"


def actor_colours(actor_ids):
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    if len(actor_ids) > len(cycle):
        cmap = plt.get_cmap("tab20")
        cycle = [cmap(k % 20) for k in range(len(actor_ids))]
    return {a: cycle[k % len(cycle)] for k, a in enumerate(actor_ids)}


def setup_issue_axis(ax, issue, label_width=28):
    options = issue.get("options") or []
    lo, hi = float(issue.get("min", 0.0)), float(issue.get("max", 1.0))
    if options:
        lo, hi = 0.0, float(len(options) - 1)
        ax.set_yticks(range(len(options)))
        ax.set_yticklabels(options, fontsize=7)
    pad = 0.08 * (hi - lo if hi > lo else 1.0)
    ax.set_ylim(lo - pad, hi + pad)
    unit = issue.get("unit") or ("option" if options else "")
    ax.set_ylabel(textwrap.fill(unit, label_width), fontsize=7.5)
    ax.tick_params(labelsize=7.5)


def mark_phases(trace, axes, top_ax):
    transform = blended_transform_factory(top_ax.transData, top_ax.transAxes)
    for k, phase in enumerate(trace.phase_order):
        start, stop = trace.phase_span(phase)
        info = trace.phase_info(phase)
        for ax in axes:
            if k > 0:
                ax.axvline(start, color="0.25", linewidth=1.0)
            if k % 2 == 1:
                ax.axvspan(start, stop, color="0.5", alpha=0.06, linewidth=0)
        name = info.get("label") or phase
        protocol = info.get("protocol")
        text = textwrap.shorten(name, width=max(12, int(9 * (stop - start))), placeholder="…")
        if protocol:
            text += f"\n({protocol})"
        top_ax.annotate(text, xy=((start + stop) / 2, 1.0), xycoords=transform, xytext=(0, 13),
                        textcoords="offset points", ha="center", va="bottom", fontsize=7.5,
                        color="0.2")
    for shock in trace.of("shock"):
        x = trace.x(shock)
        for ax in axes:
            ax.axvline(x, color="0.35", linestyle=":", linewidth=1.0)
        axes[-1].text(x, 0.02, f" shock: {shock.get('label') or shock.get('shock')}", rotation=90, fontsize=6.5,
                      color="0.3", va="bottom", ha="left",
                      transform=blended_transform_factory(axes[-1].transData,
                                                          axes[-1].transAxes))


def round_ticks(trace, ax):
    ticks, labels = [], []
    step = 1 if trace.end <= 30 else 5
    for phase in trace.phase_order:
        model = trace.model_rounds.get(phase, [])
        rounds = [f"m{r}" for r in model] + [
            str(r) for r in range(1, trace.length[phase] - len(model) + 1)]
        for k, label in enumerate(rounds):
            number = int(label.lstrip("m"))
            if k == 0 or number % step == 0 or k == len(rounds) - 1 or k == len(model):
                ticks.append(trace.offset[phase] + k + 1)
                labels.append(label)
    ax.set_xticks(ticks)
    ax.set_xticklabels(labels, fontsize=7.5)


def annotate_moves(trace, ax, width):
    """Threats, side payments and threats carried out as labels along the top of the axes,
    stacked in rows so that they do not overlap."""
    top = blended_transform_factory(ax.transData, ax.transAxes)
    rounds_per_inch = trace.end / (0.88 * width)
    row_end = []  # x where each row's last label ends
    for e in trace.events:
        if e["event"] == "threat":
            text = f"threat {e.get('actor')}→{e.get('target')} ({e.get('instrument')})"
        elif e["event"] == "side_payment":
            text = f"{e.get('instrument')} {e.get('actor')}→{e.get('target')}"
        elif e["event"] == "threat_carried_out":
            text = f"carried out: {e.get('instrument')}"
        else:
            continue
        x = trace.x(e)
        span = (len(text) * 0.055 + 0.15) * rounds_per_inch
        align = "left"
        start = x
        if x + span > trace.end:  # near the right edge: the label ends at x
            align, start = "right", x - span
        row = next((k for k, end in enumerate(row_end) if end < start), len(row_end))
        if row == len(row_end):
            row_end.append(-1e9)
        row_end[row] = start + span
        ax.text(x, 0.97 - 0.075 * row, text, transform=top, fontsize=6.5, ha=align, va="top",
                color="0.15", bbox=dict(boxstyle="round,pad=0.15", facecolor="white",
                                        edgecolor="0.7", linewidth=0.5, alpha=0.85))


def build_figure(trace):
    issues = [trace.issues[k] for k in trace.on_table()]
    colours = actor_colours(trace.actor_ids)
    offers = trace.of("offer")
    model_rounds = trace.of("model_round")
    n = len(issues)
    width = min(16.0, max(9.0, 0.32 * trace.end + 5))
    fig = plt.figure(figsize=(width, 1.45 * n + 3.4 + 1.3))
    grid = fig.add_gridspec(n + 1, 1, height_ratios=[1.0] * n + [2.2], hspace=0.12)
    axes = [fig.add_subplot(grid[k]) for k in range(n + 1)]
    for ax in axes[1:]:
        ax.sharex(axes[0])
    index = {issue["id"]: k for k, issue in enumerate(trace.issues)}
    status_quo = trace.session.get("status_quo", [])
    for ax, issue in zip(axes, issues):
        k = index[issue["id"]]
        setup_issue_axis(ax, issue)
        ax.set_title(issue.get("label", issue["id"]), fontsize=8, loc="left", pad=2)
        if k < len(status_quo):
            ax.axhline(float(status_quo[k]), color="0.3", linestyle="--", linewidth=0.9)
        xs = [trace.x(o) for o in offers]
        ys = [float(o["offer"][k]) for o in offers]
        # join offers within a phase only
        for phase in trace.phase_order:
            pts = [(x, y) for o, x, y in zip(offers, xs, ys) if o.get("phase") == phase]
            if len(pts) > 1:
                ax.plot(*zip(*pts), color="0.6", linewidth=0.9, zorder=1)
        for o, x, y in zip(offers, xs, ys):
            actor = o.get("actor")
            if actor is None:
                ax.plot([x], [y], marker="D", color="black", markersize=5, zorder=3)
            else:
                ax.plot([x], [y], marker="o", color=colours.get(actor, "0.4"), markersize=5,
                        markeredgecolor="white", markeredgewidth=0.5, zorder=3)
        medians = [(trace.x(m), float(m["median"])) for m in model_rounds
                   if m.get("issue") == issue["id"] and m.get("median") is not None]
        if medians:
            ax.plot(*zip(*medians), color="black", linewidth=1.2, marker=".", markersize=4,
                    zorder=2)
        if trace.outcome and trace.outcome.get("agreed") and trace.outcome.get("outcome"):
            ax.plot([trace.x(trace.outcome)], [float(trace.outcome["outcome"][k])], marker="*",
                    color="gold", markeredgecolor="black", markersize=11, zorder=4)
        ax.grid(axis="y", alpha=0.25)
        ax.tick_params(labelbottom=False)

    # bottom: utility of the offer on the table
    uax = axes[-1]
    # The reservation utility drawn for this replicate (session, before any shock); a shock
    # may move it, and the outcome gives its value at the end (after the shocks): the dashed
    # line steps there at the first shock.
    reservation = {a["id"]: a.get("reservation_utility") for a in trace.actors}
    at_end = (trace.outcome or {}).get("reservation") or {}
    shocks = trace.of("shock")
    for actor in trace.actor_ids:
        colour = colours[actor]
        for phase in trace.phase_order:
            pts = [(trace.x(o), float(o["utilities"][actor])) for o in offers
                   if o.get("phase") == phase and actor in (o.get("utilities") or {})]
            if pts:
                uax.plot(*zip(*pts), color=colour, marker="o", markersize=3.5, linewidth=1.3)
        before = reservation.get(actor)
        after = at_end.get(actor, before)
        if before is None:
            continue
        style = dict(colors=[colour], linestyles="--", linewidth=1.0, alpha=0.9)
        if shocks and after is not None and abs(float(after) - float(before)) > 1e-9:
            x_shock = trace.x(shocks[0])
            uax.hlines(float(before), 0.0, x_shock, **style)
            uax.vlines(x_shock, float(before), float(after), colors=[colour], linestyles=":",
                       linewidth=1.0)
            uax.hlines(float(after), x_shock, trace.end + 1, **style)
        else:
            uax.axhline(float(before), color=colour, linestyle="--", linewidth=1.0, alpha=0.9)
    for vote in trace.of("ratification"):
        if vote.get("utility") is None:
            continue
        uax.plot([trace.x(vote)], [float(vote["utility"])],
                 marker="P" if vote.get("accepted") else "X", markersize=9,
                 color=colours.get(vote.get("actor"), "0.4"), markeredgecolor="black",
                 markeredgewidth=0.6, zorder=4)
    for response in trace.of("response"):
        if response.get("reason") == "red_line" and response.get("utility") is not None:
            uax.plot([trace.x(response)], [float(response["utility"])], marker="x",
                     markersize=8, color=colours.get(response.get("actor"), "0.4"),
                     markeredgewidth=2, zorder=4)
    annotate_moves(trace, uax, width)
    uax.set_ylim(0, 1.05)
    uax.set_ylabel("utility of the offer\non the table", fontsize=8)
    uax.set_xlabel("round (numbered within each phase; m0, m1, …: a forecasting model's rounds)"
                   if trace.model_rounds else "round (numbered within each phase)", fontsize=8)
    uax.grid(axis="y", alpha=0.25)
    uax.set_xlim(0.4, trace.end + 0.3)
    round_ticks(trace, uax)
    mark_phases(trace, axes, axes[0])

    handles = [Line2D([], [], color=colours[a], marker="o", markersize=4, label=a)
               for a in trace.actor_ids]
    handles += [
        Line2D([], [], color="0.3", linestyle="--", label="status quo / reservation utility"),
        Line2D([], [], color="gold", marker="*", markeredgecolor="black", markersize=10,
               linestyle="none", label="deal"),
    ]
    if trace.of("ratification"):
        handles.append(Line2D([], [], color="0.5", marker="X", markeredgecolor="black",
                              linestyle="none", markersize=8, label="veto (+ ratified)"))
    if any(r.get("reason") == "red_line" for r in trace.of("response")):
        handles.append(Line2D([], [], color="0.4", marker="x", markeredgewidth=2,
                              linestyle="none", markersize=7, label="rejected: red line"))
    if model_rounds:
        handles.append(Line2D([], [], color="black", marker=".", label="model's vote median"))
    if any(o.get("actor") is None for o in offers):
        handles.append(Line2D([], [], color="black", marker="D", linestyle="none",
                              markersize=5, label="model's decision"))
    fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 7), fontsize=7.5,
               frameon=False)
    if not any(o.get("utilities") for o in offers):
        uax.text(0.5, 0.5, "the trace gives no utilities of the offers", transform=uax.transAxes,
                 ha="center", va="center", fontsize=9, color="0.4")
    fig.suptitle(textwrap.fill(f"Trajectory: {trace.describe()}", int(width * 11)), fontsize=10)
    height = fig.get_figheight()
    longest = max([len(o) for issue in issues for o in issue.get("options") or []] + [4])
    left = (0.75 + 0.055 * longest) / fig.get_figwidth()
    fig.subplots_adjust(left=max(0.08, left), right=0.98, top=1 - 1.2 / height,
                        bottom=1.0 / height)
    return fig


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Writes PATH.png and PATH.svg and prints both paths.")
    parser.add_argument("trace", help="a trace written by `parley trace --format jsonl`")
    parser.add_argument("--out", metavar="PATH",
                        help="output path without extension (default TRACE-trajectory)")
    args = parser.parse_args(argv)
    trace = Trace(args.trace)
    if not trace.issues:
        sys.exit(f"{args.trace}: the session event lists no issues")
    fig = build_figure(trace)
    stem = os.path.splitext(args.trace)[0]
    save(fig, output_base(args.out, stem + "-trajectory"))


if __name__ == "__main__":
    main()
