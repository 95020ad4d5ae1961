#!/usr/bin/env bash
# Regenerates the golden outputs under tests/golden/NAME/ from tests/golden/NAME.toml
# with the release build. Read `git diff tests/golden` before committing: every
# changed number must be explained by the change you made.
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
git --no-pager diff --stat -- tests/golden || true
