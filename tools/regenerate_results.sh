#!/usr/bin/env bash
# Regenerates the reference runs under results/reference/ with the release
# build: the shipped scenarios run once each, and two sweeps of the flagship
# (the scenario's own [sweep] grid, and a small Sobol design). CI re-runs each
# from its manifest with `parley verify` and requires identical bytes, so any
# change to the engine's numbers shows up as a failed verify until these are
# regenerated (read `git diff --stat results/` and explain every change).
# Run from anywhere; paths in the manifests are relative to the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
parley=${PARLEY:-build/release/parley}
[ -x "$parley" ] || { echo "build first: cmake --preset release && cmake --build build/release" >&2; exit 2; }
out=results/reference
rm -rf "$out" && mkdir -p "$out"
for scenario in ukraine_2025 belarus_potash triangle bdm_example linked_tables; do
  "$parley" run "scenarios/$scenario.toml" --replicates 1000 --out "$out/$scenario" --quiet
done
"$parley" sweep scenarios/ukraine_2025.toml --replicates 100 --out "$out/ukraine_2025_minerals_grid" --quiet
"$parley" sweep scenarios/ukraine_2025.toml --sobol 16 \
  --range actors.ukraine.reservation_utility=0.2:0.5 --range actors.us.salience.minerals_share=0:1 \
  --replicates 25 --no-analysis --out "$out/ukraine_2025_sobol" --quiet
# Paired counterfactual runs (--counterfactual): what the sanctions threat and the aid
# tranche change, replicate by replicate.
"$parley" run scenarios/ukraine_2025.toml --replicates 1000 --out "$out/ukraine_2025_counterfactual" \
  --counterfactual instrument=more_sanctions:off --counterfactual instrument=aid_tranche:off --quiet
# A sweep over structure: the US strategy kind and the peace table's decision rule.
"$parley" sweep scenarios/ukraine_2025.toml --replicates 100 --no-analysis \
  --values actors.us.strategy.kind=transactional,time_dependent \
  --values phases.peace_talks.decision_rule=unanimity,majority \
  --out "$out/ukraine_2025_structure" --quiet
du -sh "$out"/*
