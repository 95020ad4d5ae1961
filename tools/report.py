#!/usr/bin/python3
"""A self-contained HTML report of a parley run or sweep.

Usage: tools/report.py RUN_DIR [--trace TRACE.jsonl]... [--point P] [--png] [--out report.html]

One HTML file with no external resources (it opens offline and can be mailed):
the scenario, seed, replicates, engine and command line (manifest.json); the
summary tables from summary.csv — agreement with its Wilson 95% interval, where
deals are reached and who vetoes, each issue's quantiles, each actor's utility
against its reservation utility, threats, side payments and shocks, the nearest
named deals; and the figures embedded inline (SVG data URIs, or PNG with --png).

For a sweep: the design, agreement per point, sensitivity.csv when present
(Sobol designs), the sweep figures (agreement and every actor's utility against
the first swept parameter), then point P (default 0) in detail. With --trace
(repeatable): each trace's trajectory and, for forecasting phases, its
forecast figure.

Writes --out (default RUN_DIR/report.html) and prints its path. Needs
matplotlib from the distribution (apt-get install python3-matplotlib;
tools/setup.sh installs it); run it with /usr/bin/python3.
"""
import argparse
import base64
import csv
import html
import io
import os
import sys

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("report.py needs matplotlib: apt-get install python3-matplotlib "
             "(run it with /usr/bin/python3)")

import plot_forecast
import plot_outcomes
import plot_sweep
import plot_trace

MAX_POINT_ROWS = 60  # rows of the agreement-per-point table (a Sobol design has thousands)

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       margin: 2em auto; max-width: 72em; padding: 0 1.5em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
h3 { font-size: 1.05em; margin-top: 1.4em; }
.lead { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.9em; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e3e3e3; text-align: right; }
th { background: #f4f6f8; border-bottom: 1px solid #bbb; }
td:first-child, th:first-child { text-align: left; }
td.text, th.text { text-align: left; }
table.meta td { text-align: left; border: none; padding: 0.1em 0.8em 0.1em 0; }
table.meta td:first-child { color: #666; }
code { font-size: 0.92em; background: #f4f4f4; padding: 0 0.2em; }
figure { margin: 1em 0 2em; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.88em; color: #555; }
.headline { font-size: 1.3em; margin: 0.8em 0; }
footer { margin-top: 3em; font-size: 0.8em; color: #777; }
"""

# After load: how many embedded figures decoded ("k/n"), for tests in a headless browser.
RENDER_CHECK = """window.addEventListener("load", function () {
  var imgs = Array.prototype.slice.call(document.images);
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  document.documentElement.setAttribute("data-figures-rendered", ok + "/" + imgs.length);
});"""


def esc(x):
    return html.escape(str(x), quote=True)


def num(x):
    """A number as the CLI prints it: 3 significant digits, no exponent for ordinary sizes."""
    if x is None or x == "":
        return "–"
    v = float(x)
    if v != 0 and (abs(v) >= 1e5 or abs(v) < 1e-3):
        return f"{v:.3g}"
    text = f"{v:.3g}" if abs(v) < 1000 else f"{v:.0f}"
    return text


def pct(x):
    return "–" if x in (None, "") else f"{100 * float(x):.1f}%"


def ci(row):
    if not row or row.get("wilson_low", "") == "":
        return "–"
    return f"{100 * float(row['wilson_low']):.1f}–{100 * float(row['wilson_high']):.1f}%"


def table(header, rows):
    """An HTML table; a column with words in it is left-aligned, numbers right-aligned."""
    text_column = [k == 0 or any(any(c.isalpha() for c in str(row[k])) for row in rows
                                 if k < len(row)) for k in range(len(header))]

    def cls(k):
        return ' class="text"' if k < len(text_column) and text_column[k] else ""

    out = ["<table>", "<tr>" + "".join(f"<th{cls(k)}>{esc(h)}</th>"
                                       for k, h in enumerate(header)) + "</tr>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td{cls(k)}>{esc(cell)}</td>"
                                    for k, cell in enumerate(row)) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def figure_uri(fig, png):
    buffer = io.BytesIO()
    matplotlib.rcParams["svg.hashsalt"] = "parley"
    if png:
        fig.savefig(buffer, format="png", dpi=110)
        mime = "image/png"
    else:
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        mime = "image/svg+xml"
    plt.close(fig)
    return f"data:{mime};base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def figure(fig, png, alt, caption):
    return (f'<figure><img src="{figure_uri(fig, png)}" alt="{esc(alt)}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def metrics_with(summary, prefix):
    return [(m[len(prefix):], row) for m, row in summary.items() if m.startswith(prefix)]


def run_sections(run, png):
    """The tables and the outcome figure of one run (or one sweep point)."""
    s = run.summary
    parts = []
    a = s.get("agreement")
    if a:
        parts.append(f'<p class="headline">Agreement: <strong>{pct(a["mean"])}</strong> '
                     f'(95% CI {ci(a)}) over {esc(a["n"])} replicates</p>')
    rows = []
    for label, prefix in (("agreed in", "agreed_in."), ("vetoed by", "veto.")):
        for name, row in metrics_with(s, prefix):
            rows.append([f"{label} {name}", pct(row["mean"]), ci(row)])
    # The analysis (empty without it): was a deal there to be found, and was it missed?
    for label, metric in (("a zone of agreement at the start", "zone_of_agreement"),
                          ("no deal although a deal existed", "no_deal_with_zone")):
        row = s.get(metric)
        if row and row.get("n", "0") != "0":
            rows.append([label, pct(row["mean"]), ci(row)])
    if a:
        rows.insert(0, ["agreement", pct(a["mean"]), ci(a)])
        parts.append("<h3>Agreement</h3>" + table(["", "probability", "95% CI (Wilson)"], rows))

    rows = []
    for issue in run.issues:
        info = run.issue_info(issue)
        out = s.get(f"outcome.{issue}", {})
        deal = s.get(f"deal_outcome.{issue}", {})
        sq = run.values.get(f"issues.{issue}.status_quo")
        options = info["options"]

        def show(v):
            if v in (None, ""):
                return "–"
            if options and float(v).is_integer() and 0 <= int(float(v)) < len(options):
                return options[int(float(v))]
            return num(v)

        rows.append([info["label"] if info["label"] != issue else issue,
                     info["unit"] if info["unit"] else ("option" if options else ""),
                     show(sq), show(out.get("q50")),
                     f"{show(out.get('q05'))} – {show(out.get('q95'))}" if out else "–",
                     show(deal.get("q50")) if deal.get("n", "0") != "0" else "–",
                     f"{show(deal.get('q05'))} – {show(deal.get('q95'))}"
                     if deal.get("n", "0") != "0" else "–"])
    if rows:
        parts.append("<h3>Issues</h3>" + table(
            ["issue", "unit", "status quo", "median", "90% range (5%–95%)", "median if deal",
             "90% range if deal"], rows))
        if any(run.issue_info(i)["options"] for i in run.issues):
            parts.append('<p class="lead">Discrete issues are summarised by option index and '
                         "shown by the option's name.</p>")

    rows = []
    for actor in run.actors:
        u = s.get(f"utility.{actor}", {})
        b = s.get(f"beats_reservation.{actor}", {})
        g = s.get(f"gain.{actor}", {})
        res = run.values.get(f"actors.{actor}.reservation_utility")
        res_text = num(res)
        if f"actors.{actor}.reservation_utility" in run.ranges:
            res_text += " (mean; uncertain)"
        name = run.actor_name(actor)
        rows.append([actor if name == actor else f"{name} ({actor})", num(u.get("mean")),
                     f"{num(u.get('q05'))} – {num(u.get('q95'))}", res_text,
                     pct(b.get("mean")), ci(b), num(g.get("mean"))])
    if rows:
        parts.append("<h3>Actors</h3>" + table(
            ["actor", "mean utility", "90% range", "reservation utility",
             "beats reservation", "95% CI", "mean gain"], rows))

    rows = []
    for name, made in metrics_with(s, "threat_made."):
        rows.append([f"threat {name} made", pct(made["mean"]), ci(made)])
        carried = s.get(f"threat_carried_out.{name}")
        if carried:
            rows.append([f"threat {name} carried out", pct(carried["mean"]), ci(carried)])
    for name, row in metrics_with(s, "side_payment."):
        rows.append([f"side payment {name} paid in the deal", pct(row["mean"]), ci(row)])
    for name, row in metrics_with(s, "shock."):
        rows.append([f"shock {name} struck", pct(row["mean"]), ci(row)])
    if rows:
        parts.append("<h3>Threats, side payments and shocks</h3>" + table(
            ["", "share of replicates", "95% CI (Wilson)"], rows))

    rows = [[name, pct(row["mean"]), ci(row)] for name, row in metrics_with(s, "nearest_deal.")
            if row.get("n", "0") != "0"]
    extra = []
    r = s.get("round")
    if r and r.get("n", "0") != "0":
        extra.append(f"deals reached in round {num(r['q50'])} (median; mean {num(r['mean'])})")
    p = s.get("pareto_efficient")  # pareto_slack ≤ 0.01 (kParetoSlackTolerance)
    slack = s.get("pareto_slack")
    if p and p.get("n", "0") != "0":
        extra.append(f"within 0.01 of the Pareto frontier among their participants: "
                     f"{pct(p['mean'])} ({ci(p)})")
    if slack and slack.get("n", "0") != "0":
        extra.append(f"mean Pareto slack {num(slack['mean'])} (the gain every participant "
                     "could have had at once)")
    nd = s.get("nash_distance")
    if nd and nd.get("n", "0") != "0":
        extra.append(f"mean distance to the Nash point {num(nd['mean'])}")
    if rows or extra:
        parts.append("<h3>Deals</h3>")
        if rows:
            parts.append(table(["nearest named deal", "share of deals", "95% CI"], rows))
        if extra:
            parts.append("<ul>" + "".join(f"<li>{esc(e)}</li>" for e in extra) + "</ul>")

    if not os.path.exists(os.path.join(run.dir, "outcomes.csv")) or not run.outcomes:
        parts.append('<p class="lead">No outcome figure: outcomes.csv has no rows for this '
                     "point.</p>")
    elif run.issues:
        fig = plot_outcomes.build_figure(run)
        parts.append("<h3>Outcome distribution</h3>" + figure(
            fig, png, "outcome distribution per issue",
            "Deals reached on each issue (share of the deals), the status quo (dashed) and "
            "each actor's ideal point (triangles; a line spans an uncertain ideal point)."))
    return "\n".join(parts)


def sweep_sections(sweep_dir, manifest, png):
    parts = []
    design = manifest.get("design", {})
    swept = [p["path"] for p in design.get("parameters", [])]
    rows = []
    for p in design.get("parameters", []):
        if "grid" in p:
            g = p["grid"]
            text = f"grid from {g['start']:g} to {g['stop']:g}, {g['count']} values"
        elif "values" in p:
            text = "values " + ", ".join(str(v) for v in p["values"])
        elif "range" in p:
            text = f"range {p['range'][0]:g} to {p['range'][1]:g}"
        else:
            text = ", ".join(f"{k} {v}" for k, v in p.items() if k != "path")
        rows.append([p["path"], text])
    parts.append("<h2>Sweep design</h2>")
    samples = f" (N = {design['samples']})" if "samples" in design else ""
    parts.append(f"<p>{esc(design.get('kind', '?'))} design{esc(samples)}, "
                 f"{esc(design.get('points', '?'))} points × {esc(manifest.get('replicates'))} "
                 "replicates.</p>")
    parts.append(table(["swept parameter", "values"], rows))

    with open(os.path.join(sweep_dir, "summary.csv"), encoding="utf-8", newline="") as f:
        summary = list(csv.DictReader(f))
    by_point = {}
    for row in summary:
        by_point.setdefault(int(row["point"]), {})[row["metric"]] = row
    phases = [m for m in (by_point.get(0) or {}) if m.startswith("agreed_in.")]
    rows = []
    shown = sorted(by_point)[:MAX_POINT_ROWS]
    for point in shown:
        metrics = by_point[point]
        a = metrics.get("agreement", {})
        any_row = next(iter(metrics.values()))
        rows.append([str(point)] + [any_row.get(p, "") for p in swept]
                    + [pct(a.get("mean")), ci(a)]
                    + [pct(metrics.get(m, {}).get("mean")) for m in phases])
    parts.append("<h2>Agreement per point</h2>" + table(
        ["point"] + swept + ["agreement", "95% CI"] + phases, rows))
    if len(by_point) > len(shown):
        parts.append(f'<p class="lead">The first {len(shown)} of {len(by_point)} points; '
                     "summary.csv has them all.</p>")

    sensitivity = os.path.join(sweep_dir, "sensitivity.csv")
    if os.path.exists(sensitivity):
        with open(sensitivity, encoding="utf-8", newline="") as f:
            sens = list(csv.DictReader(f))

        def interval(row, key):
            lo, hi = row.get(f"{key}_low", ""), row.get(f"{key}_high", "")
            return "–" if lo == "" else f"({num(lo)}, {num(hi)})"

        rows = [[r["metric"], r["parameter"], num(r["first_order"]), interval(r, "first_order"),
                 num(r["total_order"]), interval(r, "total_order")] for r in sens]
        parts.append("<h2>Sensitivity (Sobol indices)</h2>" + table(
            ["metric", "parameter", "first order S", "95% CI", "total order S_T", "95% CI"],
            rows))

    sweep = plot_sweep.Sweep(sweep_dir)
    if swept:
        parts.append("<h2>Sweep figures</h2>")
        parts.append(figure(plot_sweep.build_figure(sweep, ["agreement"], swept[0]), png,
                            "agreement against the swept parameter",
                            f"Agreement against {swept[0]} with its Wilson 95% band."))
        actors = [f"utility.{a}" for a in sweep.actors]
        if actors:
            parts.append(figure(
                plot_sweep.build_figure(sweep, actors, swept[0], "utility of each actor"), png,
                "utility of each actor against the swept parameter",
                f"Each actor's mean utility against {swept[0]}, with its 5–95% band; dashed: "
                "its reservation utility."))
    return "\n".join(parts)


def trace_sections(path, png):
    trace = plot_trace.Trace(path)
    parts = [f"<h2>Trace: {esc(os.path.basename(path))}</h2>",
             f"<p>{esc(trace.describe())}.</p>"]
    rows = [[e.get("phase", ""), str(e.get("round", "")), e.get("result", "")]
            for e in trace.of("phase_end")]
    if rows:
        parts.append(table(["phase", "last round", "result"], rows))
    out = trace.outcome or {}
    if out.get("utilities"):
        reservation, gains = out.get("reservation") or {}, out.get("gains") or {}
        parts.append(table(["actor", "utility of the outcome", "reservation utility (end)",
                            "gain"],
                           [[a, num(u), num(reservation.get(a)), num(gains.get(a))]
                            for a, u in out["utilities"].items()]))
    counts = {}
    for e in trace.events:
        counts[e["event"]] = counts.get(e["event"], 0) + 1
    parts.append("<p>Events: " + esc(", ".join(f"{k} {v}" for k, v in counts.items())) + ".</p>")
    if trace.issues and (trace.of("offer") or trace.of("model_round")):
        parts.append(figure(plot_trace.build_figure(trace), png, "trajectory of the trace",
                            "Offers by round on each issue (top) and each actor's utility of "
                            "the offer on the table against its reservation utility (bottom)."))
    found = plot_forecast.panels(trace)
    if found:
        parts.append(figure(plot_forecast.build_figure(trace, found), png,
                            "positions and forecast by model round",
                            "Each actor's position by model round and the model's forecast "
                            "(vote median and weighted mean)."))
    return "\n".join(parts)


def build_report(run_dir, traces, point, png, scenario_file=None):
    run = plot_outcomes.Run(run_dir, point, scenario_file)
    m = run.manifest
    name = run.name
    meta = [
        ("scenario", f"{m['scenario'].get('path', '')}"),
        ("scenario SHA-256", m["scenario"].get("sha256", "")),
        ("seed", m.get("seed")),
        ("replicates", m.get("replicates") if not run.is_sweep
         else f"{m.get('replicates')} per point, {m['design'].get('points')} points"),
        ("design", m.get("design", {}).get("kind", "")),
        ("engine", f"parley {m.get('engine', {}).get('version', '?')} "
                   f"(commit {m.get('engine', {}).get('git_commit', '?')})"),
        ("command", m.get("execution", {}).get("command_line", "")),
        ("threads", m.get("execution", {}).get("threads", "")),
        ("wall time", f"{float(m.get('execution', {}).get('wall_seconds', 0)):.2f} s"),
    ]
    if m.get("overrides"):
        meta.append(("overrides", "; ".join(str(o) for o in m["overrides"])))
    description = (run.scenario or {}).get("scenario", {}).get("description", "")
    body = [f"<h1>{esc(name)}</h1>",
            f'<p class="lead">parley report of {"a sweep" if run.is_sweep else "a run"}: '
            f"<code>{esc(os.path.basename(os.path.normpath(run_dir)))}</code></p>"]
    if description:
        body.append(f"<p>{esc(' '.join(description.split()))}</p>")
    body.append('<table class="meta">' + "".join(
        f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in meta) + "</table>")
    if run.is_sweep:
        body.append(sweep_sections(run_dir, m, png))
        body.append(f"<h2>Point {run.point} in detail</h2><p>{esc(run.point_label())}</p>")
    else:
        body.append("<h2>Summary</h2>")
    body.append(run_sections(run, png))
    for path in traces:
        body.append(trace_sections(path, png))
    body.append("<footer>Made by <code>tools/report.py</code> from manifest.json, summary.csv"
                + (", sensitivity.csv" if os.path.exists(os.path.join(run_dir, "sensitivity.csv"))
                   else "")
                + " and outcomes.csv. Probabilities carry Wilson 95% intervals; ranges are "
                  "type-7 quantiles.</footer>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{esc(name)} — parley report</title>\n<style>{CSS}</style>\n"
            f"<script>{RENDER_CHECK}</script>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Writes one HTML file and prints its path.")
    parser.add_argument("run_dir", help="a folder written by `parley run` or `parley sweep`")
    parser.add_argument("--trace", action="append", default=[], metavar="TRACE.jsonl",
                        help="a trace from `parley trace --format jsonl` (repeatable)")
    parser.add_argument("--point", type=int, help="for a sweep: the point shown in detail (default 0)")
    parser.add_argument("--scenario", help="scenario file for labels, units and options "
                        "(default: the manifest's, if its SHA-256 matches)")
    parser.add_argument("--png", action="store_true", help="embed PNG instead of SVG figures")
    parser.add_argument("--out", help="output file (default RUN_DIR/report.html)")
    args = parser.parse_args(argv)
    text = build_report(args.run_dir, args.trace, args.point, args.png, args.scenario)
    out = args.out or os.path.join(args.run_dir, "report.html")
    if os.path.dirname(out):
        os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print(out)


if __name__ == "__main__":
    main()
