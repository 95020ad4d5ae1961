#!/usr/bin/env python3
"""What the Python module costs over the CLI, and what a DataFrame costs.

    PYTHONPATH=build/release/python python3 bench/python_overhead.py \
        [--build build/release] [--replicates 20000] [--rows 1000000] [--repeats 3]

1. `parley run scenarios/ukraine_2025.toml -r N --seed 7 --threads 2` as a process
   (wall time, start to exit, writing its folder) against `parley.run(…)` followed
   by `Result.save()` in this process (the same work: run, summarise, write the same
   files), alternating, best of --repeats each.
2. `Result.outcomes` for --rows replicates (analysis off to get there faster): the
   time to build the DataFrame from the engine's records, and its size.

Prints a Markdown table for the README (Performance, "From Python"). Not a test:
no timing is asserted anywhere.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(ROOT / "build" / "release"))
    parser.add_argument("--replicates", type=int, default=20_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    sys.path.insert(0, str(Path(arguments.build) / "python"))
    import parley

    cli = Path(arguments.build) / "parley"
    scenario_path = ROOT / "scenarios" / "ukraine_2025.toml"
    work = Path(tempfile.mkdtemp(prefix="parley-bench-"))
    try:
        cli_times, python_times = [], []
        for k in range(arguments.repeats):
            start = time.perf_counter()
            subprocess.run([str(cli), "run", str(scenario_path), "-r", str(arguments.replicates),
                            "--seed", "7", "--threads", "2", "--quiet", "--out",
                            str(work / f"cli{k}")], check=True)
            cli_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            scenario = parley.load(scenario_path)
            result = parley.run(scenario, replicates=arguments.replicates, seed=7, threads=2,
                                progress=False)
            result.save(work / f"python{k}")
            python_times.append(time.perf_counter() - start)
            same = all((work / f"cli{k}" / n).read_bytes() == (work / f"python{k}" / n).read_bytes()
                       for n in ("outcomes.csv", "summary.csv"))
            if not same:
                sys.exit("the CLI and the module wrote different files")
        best_cli, best_python = min(cli_times), min(python_times)

        scenario = parley.load(scenario_path)
        result = parley.run(scenario, replicates=arguments.rows, seed=7, threads=2,
                            analysis=False, progress=False)
        start = time.perf_counter()
        outcomes = result.outcomes
        frame_seconds = time.perf_counter() - start
        frame_bytes = outcomes.memory_usage(deep=True).sum()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("| measurement | time |")
    print("| --- | --- |")
    print(f"| `parley run` flagship, {arguments.replicates:,} replicates, 2 threads (process) "
          f"| {best_cli:.2f} s |")
    print(f"| `parley.run` + `Result.save()`, the same (in Python) | {best_python:.2f} s "
          f"({100 * (best_python / best_cli - 1):+.1f}%) |")
    print(f"| `Result.outcomes` for {len(outcomes):,} rows × {outcomes.shape[1]} columns "
          f"| {frame_seconds:.2f} s ({frame_bytes / 1e6:.0f} MB) |")
    print(f"\n(best of {arguments.repeats}; {os.cpu_count()} hardware threads)")


if __name__ == "__main__":
    main()
