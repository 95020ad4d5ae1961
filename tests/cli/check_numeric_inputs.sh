#!/usr/bin/env bash
# Distributions at the edges of their parameters through `parley run --set`: a beta
# with tiny shapes (issue 11: it wrote -nan means into summary.csv, and the analysis
# then failed) runs to finite outputs with exit 0, analysis on and off; a parameter
# beyond the 1e12 limit is a usage error (exit 2) naming the reason, with no folder.
# Usage: check_numeric_inputs.sh PARLEY SCENARIO WORK
set -u
parley=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
tiny_beta='actors.russia.reservation_utility={ dist = "beta", alpha = 0.001, beta = 0.001 }'

# No field of a CSV file may be nan or inf (any sign, any case).
finite_csv() {
  [ -s "$1" ] || fail "$1 is missing or empty"
  ! grep -Eiq '(^|,)[-+]?(nan|inf)' "$1" || fail "$1 holds non-finite numbers: $(grep -Ei '(^|,)[-+]?(nan|inf)' "$1" | head -3)"
}

"$parley" run "$scenario" -r 40 --no-analysis --out "$work/plain" --set "$tiny_beta" \
  >"$work/stdout" 2>"$work/stderr" || fail "exit $? with --no-analysis: $(cat "$work/stderr")"
finite_csv "$work/plain/summary.csv"
finite_csv "$work/plain/outcomes.csv"

"$parley" run "$scenario" -r 40 --out "$work/analysed" --set "$tiny_beta" \
  >"$work/stdout" 2>"$work/stderr" || fail "exit $? with the analysis on: $(cat "$work/stderr")"
for file in "$work"/analysed/*.csv; do finite_csv "$file"; done

"$parley" run "$scenario" -r 4 --out "$work/wide" \
  --set 'actors.russia.reservation_utility={ dist = "normal", mean = 0.5, sd = 1e300 }' \
  >"$work/stdout" 2>"$work/stderr"
code=$?
[ "$code" -eq 2 ] || fail "sd = 1e300: exit $code, expected 2: $(cat "$work/stderr")"
grep -q "sd must be ≤ 1e+12 so that draws stay finite, found 1e+300" "$work/stderr" ||
  fail "sd = 1e300: no reason given: $(cat "$work/stderr")"
[ ! -e "$work/wide" ] || fail "a refused parameter left an output folder"
echo "numeric inputs: tiny beta shapes run to finite outputs; huge parameters refused"
