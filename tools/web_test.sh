#!/usr/bin/env bash
# The classroom page's tests in headless Chromium (ctest label `web`):
#   bash tools/web_test.sh engine PARLEY_BIN   # the WebAssembly engine against the native one
#   bash tools/web_test.sh page PARLEY_BIN     # the page: what-if, replay, play (screenshots)
# Needs build/web (bash tools/build_web.sh; tools/test.sh builds it) and Debian's
# chromium; installs the test's npm packages (web/test/package-lock.json) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
what=$1
parley=$2
site=build/web
work=build/web-test/$what
if [ ! -f "$site/parley_engine.js" ]; then
  echo "web_test: $site/parley_engine.js is missing: run bash tools/build_web.sh first" >&2
  exit 1
fi
if [ ! -d web/test/node_modules/puppeteer-core ]; then
  npm ci --prefix web/test --no-audit --no-fund >/dev/null
fi
rm -rf "$work"
mkdir -p "$work"
case "$what" in
  engine)
    # The native engine's outcomes.csv for every shipped scenario (2,000 replicates, seed 7).
    for scenario in scenarios/*.toml; do
      name=$(basename "$scenario" .toml)
      "$parley" run "$scenario" --replicates 2000 --seed 7 --threads 2 --quiet --out "$work/$name"
      cp "$work/$name/outcomes.csv" "$work/$name.outcomes.csv"
    done
    node web/test/engine_test.mjs --site "$site" --native "$work" --replicates 2000 --seed 7
    ;;
  page)
    # What the page must show for the flagship: agreement at the baseline and with
    # Ukraine's reservation utility at 0.6, 2,000 replicates, the file's seed.
    seed=$(python3 -c "import tomllib;print(tomllib.load(open('scenarios/ukraine_2025.toml','rb'))['run']['seed'])")
    "$parley" run scenarios/ukraine_2025.toml -r 2000 --seed "$seed" --threads 2 --quiet --out "$work/baseline"
    "$parley" run scenarios/ukraine_2025.toml -r 2000 --seed "$seed" --threads 2 --quiet \
      --set actors.ukraine.reservation_utility=0.6 --out "$work/changed"
    python3 - "$work" "$seed" <<'PY'
import csv, json, sys
work, seed = sys.argv[1], int(sys.argv[2])
def agreement(folder):
    for row in csv.DictReader(open(f"{work}/{folder}/summary.csv")):
        if row["metric"] == "agreement":
            return float(row["mean"])
json.dump({"baseline_agreement": agreement("baseline"), "changed_agreement": agreement("changed"),
           "path": "actors.ukraine.reservation_utility", "value": 0.6, "replicates": 2000,
           "seed": seed}, open(f"{work}/expected.json", "w"), indent=1)
PY
    node web/test/browser_test.mjs --site "$site" --expected "$work/expected.json" \
      --screenshots "$work/screenshots"
    ;;
  *)
    echo "web_test: expected engine or page, found $what" >&2
    exit 2
    ;;
esac
