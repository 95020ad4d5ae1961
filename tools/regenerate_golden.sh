#!/usr/bin/env bash
# Regenerates the golden outputs under tests/golden/NAME/ from tests/golden/NAME.toml
# and the pinned traces tests/golden/trace/SCENARIO.txt and .jsonl (`parley trace
# scenarios/SCENARIO.toml --seed 1`, text and JSON lines) with the release build
# (PARLEY=path/to/parley to use another). Read `git diff tests/golden` before
# committing: every changed number or line must be explained by the change you made.
set -euo pipefail
cd "$(dirname "$0")/.."
parley=${PARLEY:-build/release/parley}
[ -x "$parley" ] || { echo "build first: cmake --preset release && cmake --build build/release" >&2; exit 2; }
for scenario in tests/golden/*.toml; do
  name=$(basename "$scenario" .toml)
  tmp=$(mktemp -d)
  "$parley" run "$scenario" --threads 2 --out "$tmp/run" --quiet
  mkdir -p "tests/golden/$name"
  cp "$tmp/run/summary.csv" "$tmp/run/outcomes.csv" "tests/golden/$name/"
  rm -rf "$tmp"
  echo "regenerated tests/golden/$name/"
done
# Same commands as tests/golden/check_trace_golden.cmake.
mkdir -p tests/golden/trace
for scenario in scenarios/*.toml; do
  name=$(basename "$scenario" .toml)
  "$parley" trace "$scenario" --seed 1 --format text --out "tests/golden/trace/$name.txt" --no-color
  "$parley" trace "$scenario" --seed 1 --format jsonl --out "tests/golden/trace/$name.jsonl"
  echo "regenerated tests/golden/trace/$name.txt and $name.jsonl"
done
git --no-pager diff --stat -- tests/golden || true
git status --short -- tests/golden || true
