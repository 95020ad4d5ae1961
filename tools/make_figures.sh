#!/usr/bin/env bash
# Regenerates every figure in docs/img/ and the report docs/report_ukraine_2025.html
# from the shipped scenarios, with the release build (built first, as in
# tools/main_job.sh). Runs go to a temporary folder that is removed at the end.
#
# Usage: tools/make_figures.sh [--no-build]
#
#   docs/img/ukraine_2025_outcomes.{png,svg}        parley run scenarios/ukraine_2025.toml
#                                                   --replicates 20000 --seed 7 (README's top figure)
#   docs/img/ukraine_2025_minerals_sweep.{png,svg}  parley sweep scenarios/ukraine_2025.toml
#                                                   --seed 7 --replicates 2000 (the [sweep]):
#                                                   agreement, agreed_in.exploratory and
#                                                   nearest_deal.minerals_for_guarantees
#   docs/img/ukraine_2025_threat_credibility.{png,svg}  the same with --grid
#                                                   actors.us.threats.more_sanctions.credibility=0:1:11
#                                                   --no-analysis (docs/teaching.md): agreement,
#                                                   utility.us and utility.russia
#   docs/img/ukraine_2025_trace_seed1.{png,svg}     parley trace scenarios/ukraine_2025.toml --seed 1
#   docs/img/bdm_example_forecast.{png,svg}         parley trace scenarios/bdm_example.toml --seed 1
#   docs/report_ukraine_2025.html                   the run above, with the seed-1 trace
#
# The two trace figures need a binary with `parley trace`; without it they are
# skipped with a message (the rest is still made) and the script exits 3.
# Needs /usr/bin/python3 with matplotlib (tools/setup.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "make_figures: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

parley=build/release/parley
python=/usr/bin/python3
if [ "$build" = 1 ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release
fi
[ -x "$parley" ] || { echo "make_figures: no $parley; build it: cmake --preset release && cmake --build --preset release" >&2; exit 2; }
"$python" -c 'import matplotlib' 2>/dev/null ||
  { echo "make_figures: $python has no matplotlib: apt-get install python3-matplotlib (tools/setup.sh)" >&2; exit 2; }

export MPLBACKEND=Agg PYTHONDONTWRITEBYTECODE=1
work=$(mktemp -d "${TMPDIR:-/tmp}/parley-figures.XXXXXX")
trap 'rm -rf "$work"' EXIT
export MPLCONFIGDIR="$work/mplconfig"
mkdir -p docs/img

echo "== outcome distribution: ukraine_2025, 20000 replicates, seed 7"
"$parley" run scenarios/ukraine_2025.toml --replicates 20000 --seed 7 --quiet --out "$work/ukraine_2025-seed7"
"$python" tools/plot_outcomes.py "$work/ukraine_2025-seed7" --out docs/img/ukraine_2025_outcomes

echo "== the flagship's [sweep]: 2000 replicates per point, seed 7"
"$parley" sweep scenarios/ukraine_2025.toml --seed 7 --replicates 2000 --quiet --out "$work/ukraine_2025-sweep-seed7"
"$python" tools/plot_sweep.py "$work/ukraine_2025-sweep-seed7" --metric agreement \
  --metric agreed_in.exploratory --metric nearest_deal.minerals_for_guarantees \
  --out docs/img/ukraine_2025_minerals_sweep

echo "== the sanctions threat's credibility (docs/teaching.md): 2000 replicates per point, seed 7"
"$parley" sweep scenarios/ukraine_2025.toml --grid actors.us.threats.more_sanctions.credibility=0:1:11 \
  --replicates 2000 --seed 7 --no-analysis --quiet --out "$work/ukraine_2025-credibility-seed7"
"$python" tools/plot_sweep.py "$work/ukraine_2025-credibility-seed7" --metric agreement \
  --metric utility.us --metric utility.russia --out docs/img/ukraine_2025_threat_credibility

traces=()
skipped=0
if "$parley" --help 2>&1 | grep -q '^ *trace '; then
  echo "== trace of ukraine_2025, seed 1"
  "$parley" trace scenarios/ukraine_2025.toml --seed 1 --format jsonl --out "$work/ukraine_2025_seed1.jsonl"
  "$python" tools/plot_trace.py "$work/ukraine_2025_seed1.jsonl" --out docs/img/ukraine_2025_trace_seed1
  traces=(--trace "$work/ukraine_2025_seed1.jsonl")
  echo "== forecast of bdm_example, seed 1"
  "$parley" trace scenarios/bdm_example.toml --seed 1 --format jsonl --out "$work/bdm_example_seed1.jsonl"
  "$python" tools/plot_forecast.py "$work/bdm_example_seed1.jsonl" --out docs/img/bdm_example_forecast
else
  skipped=1
  echo "make_figures: SKIPPED the trace and forecast figures: $parley has no \`trace\` command" \
       "($("$parley" --version 2>&1 | head -n 1)); rebuild once \`parley trace\` exists" >&2
fi

echo "== report"
"$python" tools/report.py "$work/ukraine_2025-seed7" "${traces[@]}" --out docs/report_ukraine_2025.html

if [ "$skipped" = 1 ]; then exit 3; fi
