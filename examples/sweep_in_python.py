#!/usr/bin/env python3
"""A two-factor sweep of the flagship scenario from Python, plotted from the DataFrame.

How does the chance of a deal in the US–Russia–Ukraine talks depend on what
Ukraine can live with (its walk-away utility) and on how credible the US
threat to cut aid to Ukraine is? A 4 × 3 grid, 400 replicates per point;
agreement with its 95% interval per point, one line per credibility.

    PYTHONPATH=build/release/python python3 examples/sweep_in_python.py [--out FIGURE.png]

Run by ctest (test python.example, label python).
"""

import argparse
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import parley  # noqa: E402

HERE = Path(__file__).resolve().parent
WALK_AWAY = "actors.ukraine.reservation_utility"
CREDIBILITY = "actors.us.threats.aid_cutoff.credibility"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="sweep_in_python.png", help="the figure (PNG)")
    parser.add_argument("--replicates", type=int, default=400, help="replicates per point")
    parser.add_argument("--threads", type=int, default=0, help="0: every hardware thread")
    arguments = parser.parse_args()

    scenario = parley.load(HERE.parent / "scenarios" / "ukraine_2025.toml")
    result = parley.sweep(
        scenario,
        grid={WALK_AWAY: (0.4, 0.7, 4), CREDIBILITY: (0.0, 1.0, 3)},
        replicates=arguments.replicates,
        seed=7,
        threads=arguments.threads,
    )
    agreement = result.agreement()
    print(agreement.to_string(index=False, float_format=lambda v: f"{v:.3f}"))

    figure, axes = plt.subplots(figsize=(6, 4))
    for credibility, rows in agreement.groupby(CREDIBILITY):
        below = (rows["mean"] - rows["wilson_low"]).clip(lower=0)
        above = (rows["wilson_high"] - rows["mean"]).clip(lower=0)
        axes.errorbar(
            rows[WALK_AWAY],
            100 * rows["mean"],
            yerr=[100 * below, 100 * above],
            marker="o",
            capsize=3,
            label=f"US aid-cutoff threat credibility {credibility:.1f}",
        )
    axes.set_xlabel("Ukraine's walk-away (reservation) utility")
    axes.set_ylabel("agreement (%, 95% interval)")
    axes.set_title(f"{scenario.name}: {result.points} points × {arguments.replicates} replicates")
    axes.legend()
    figure.tight_layout()
    out = os.path.abspath(arguments.out)
    figure.savefig(out, dpi=120)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
