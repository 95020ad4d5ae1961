#!/usr/bin/env bash
# Regenerates the small runs under tests/tools/fixtures/ that the figure and
# report tests (tests/tools/check_figures.py, check_report.py) read.
#
# Usage: tests/tools/regenerate_fixtures.sh [PARLEY]   (default build/release/parley)
#
# The runs are trimmed to keep the fixtures small (< 200 KB together): the two
# sweeps keep only point 0's rows in outcomes.csv (the sweep figures and tables
# read summary.csv; the outcome figure of a sweep shows point 0). So `parley
# verify` does not reproduce them byte for byte, by design. The traces need a
# binary with `parley trace`; without it they are left as they are. The
# hand-written traces (*_handwritten.jsonl) are not regenerated: they pin the
# JSONL schema the plotting scripts read.
set -euo pipefail
cd "$(dirname "$0")/../.."
parley=${1:-build/release/parley}
fixtures=tests/tools/fixtures
[ -x "$parley" ] || { echo "regenerate_fixtures: no binary at $parley (build it first)" >&2; exit 2; }

fresh() { rm -rf "${fixtures:?}/${1:?}"; }
only_point0() {  # keeps the header and point 0's rows of outcomes.csv
  awk -F, 'NR == 1 || $1 == "0"' "$1/outcomes.csv" > "$1/outcomes.csv.tmp"
  mv "$1/outcomes.csv.tmp" "$1/outcomes.csv"
}

fresh run_belarus
"$parley" run scenarios/belarus_potash.toml --replicates 200 --seed 3 --no-analysis --threads 1 \
  --quiet --out "$fixtures/run_belarus"
fresh run_triangle  # a discrete issue (arms_control)
"$parley" run scenarios/triangle.toml --replicates 40 --seed 3 --no-analysis --threads 1 \
  --quiet --out "$fixtures/run_triangle"
fresh sweep_ukraine
"$parley" sweep scenarios/ukraine_2025.toml --grid actors.us.salience.minerals_share=0:1:4 \
  --replicates 40 --seed 7 --no-analysis --threads 1 --quiet --out "$fixtures/sweep_ukraine"
only_point0 "$fixtures/sweep_ukraine"
fresh sobol_belarus  # a Sobol design: sensitivity.csv and a random design
"$parley" sweep scenarios/belarus_potash.toml --sobol 2 \
  --range actors.belarus.reservation_utility=0.3:0.6 --replicates 20 --seed 3 --no-analysis \
  --threads 1 --quiet --out "$fixtures/sobol_belarus"
only_point0 "$fixtures/sobol_belarus"

if "$parley" --help 2>&1 | grep -q '^ *trace '; then
  rm -f "$fixtures/trace_ukraine_seed1.jsonl" "$fixtures/trace_bdm_seed1.jsonl"
  "$parley" trace scenarios/ukraine_2025.toml --seed 1 --format jsonl \
    --out "$fixtures/trace_ukraine_seed1.jsonl"
  "$parley" trace scenarios/bdm_example.toml --seed 1 --format jsonl \
    --out "$fixtures/trace_bdm_seed1.jsonl"
else
  echo "regenerate_fixtures: $parley has no trace command; traces left as they are" >&2
fi
du -ab "$fixtures" | sort -n | tail -n 12
