#!/usr/bin/env bash
# `parley compare` (issue 19) on real runs of the flagship:
#   - against itself with another seed: nothing moves, exit 0;
#   - against a variant with a stronger aid cut-off threat (Ukraine's walk-away value
#     at 0.6, where about half the replicates agree): the agreement shift is reported
#     with the right sign and an interval that contains the difference of the two
#     runs' rates in summary.csv, exit 5 — paired (one seed) and independent (two);
#   - tolerances, --metric, --format markdown|json, --out;
#   - refusals: a sweep against a single run (exit 2, naming the parameters), a
#     folder that is not a run (exit 2), a malformed outcomes.csv (exit 3, file:line:column).
# Usage: check_compare.sh PARLEY SCENARIO SWEEP_FOLDER WORK
set -u
parley=$1 scenario=$2 sweep=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

run() {  # run NAME SEED [--set …]
  local name=$1 seed=$2
  shift 2
  "$parley" run "$scenario" --replicates 400 --seed "$seed" --quiet --out "$work/$name" "$@" \
    2>"$work/stderr" || fail "run $name: exit $?: $(cat "$work/stderr")"
}
run flagship_a 11
run flagship_b 12
half=(--set actors.ukraine.reservation_utility=0.6)
strong=("${half[@]}" --set actors.us.threats.aid_cutoff.reservation_drop=0.25
        --set actors.us.threats.aid_cutoff.credibility=0.9)
run half 11 "${half[@]}"
run strong_paired 11 "${strong[@]}"
run strong_independent 12 "${strong[@]}"

# The flagship against itself with another seed.
"$parley" compare "$work/flagship_a" "$work/flagship_b" >"$work/same.txt" 2>"$work/stderr"
code=$?
[ "$code" -eq 0 ] || fail "flagship vs another seed: exit $code, expected 0: $(cat "$work/same.txt" "$work/stderr")"
grep -q "nothing differs beyond Monte Carlo noise at alpha = 0.01" "$work/same.txt" ||
  fail "no verdict line: $(cat "$work/same.txt")"
grep -q "independent samples: the seeds differ (A 11, B 12)" "$work/same.txt" ||
  fail "the pairing is not stated: $(head -4 "$work/same.txt")"

# A stronger threat: agreement rises.
rate() { grep '^0,agreement,' "$1/summary.csv" | cut -d, -f4; }
for variant in strong_paired strong_independent; do
  "$parley" compare "$work/half" "$work/$variant" --format json >"$work/$variant.json" \
    2>"$work/stderr"
  code=$?
  [ "$code" -eq 5 ] || fail "$variant: exit $code, expected 5: $(cat "$work/stderr")"
  /usr/bin/python3 - "$work/$variant.json" "$(rate "$work/half")" "$(rate "$work/$variant")" \
    "$variant" <<'PY' || fail "$variant: the agreement row is wrong"
import json, sys
report = json.load(open(sys.argv[1]))
rate_a, rate_b, variant = float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
row = next(r for r in report["rows"] if r["metric"] == "agreement")
print(f"{variant}: agreement {rate_a:.4f} -> {rate_b:.4f}; B - A = {row['difference']:.4f} "
      f"[{row['low']:.4f}, {row['high']:.4f}], {row['test']}, adjusted p = {row['adjusted_p']:.3g}")
ok = True
def check(condition, what):
    global ok
    if not condition:
        print("FAIL:", what)
        ok = False
check(report["paired"] == (variant == "strong_paired"), "pairing")
check(row["test"] == ("McNemar" if variant == "strong_paired" else "z"), "test")
check(rate_b > rate_a + 0.2, "the stronger threat should raise agreement by 20 points or more")
check(abs(row["difference"] - (rate_b - rate_a)) < 1e-5, "difference = B - A of summary.csv")
check(row["difference"] > 0, "sign")
check(row["low"] <= rate_b - rate_a <= row["high"], "interval contains the difference")
check(row["low"] > 0, "interval excludes 0")
check(row["moved"] and row["significant"], "moved")
check(report["adjustment"] == "holm" and report["moved"] >= 1, "adjustment / moved count")
moved = [r for r in report["rows"] if r["moved"]]
sizes = [r["effect_size"] if r["effect_size"] is not None else float("inf") for r in report["rows"]]
check(sizes == sorted(sizes, reverse=True), "rows sorted by effect size")
sys.exit(0 if ok else 1)
PY
done

# A tolerance wider than the shift: nothing moves beyond it.
"$parley" compare "$work/half" "$work/strong_paired" --metric agreement \
  --tolerance agreement=60pt >"$work/tolerant.txt" 2>"$work/stderr"
code=$?
[ "$code" -eq 0 ] || fail "--tolerance agreement=60pt: exit $code, expected 0: $(cat "$work/tolerant.txt" "$work/stderr")"
grep -q "nothing differs beyond the tolerances" "$work/tolerant.txt" || fail "tolerance verdict"
grep -q "^1 test, p-values adjusted" "$work/tolerant.txt" || fail "--metric agreement should leave 1 test"

# Markdown for a pull request, and --out.
"$parley" compare "$work/half" "$work/strong_paired" --format markdown --out "$work/report.md" \
  >"$work/report.stdout" 2>"$work/stderr"
[ $? -eq 5 ] || fail "markdown: expected exit 5"
cmp -s "$work/report.md" "$work/report.stdout" || fail "--out differs from standard output"
grep -q '^| point | metric | A | B | B − A \[95% CI\] |' "$work/report.md" || fail "no Markdown table"
grep -q '^| 0 | `agreement` | ' "$work/report.md" || fail "no agreement row in Markdown"

# Sweeps: compared point by point; two seeds of one design pass.
for seed in 1 2; do
  "$parley" sweep "$scenario" --grid actors.us.salience.minerals_share=0:1:3 --replicates 100 \
    --seed "$seed" --quiet --out "$work/sweep$seed" 2>"$work/stderr" ||
    fail "sweep seed $seed: exit $?: $(cat "$work/stderr")"
done
"$parley" compare "$work/sweep1" "$work/sweep2" >"$work/sweeps.txt" 2>"$work/stderr"
code=$?
[ "$code" -eq 0 ] || fail "two seeds of a sweep: exit $code, expected 0: $(cat "$work/sweeps.txt" "$work/stderr")"
grep -q "^3 points; independent samples" "$work/sweeps.txt" || fail "sweep: $(head -4 "$work/sweeps.txt")"
"$parley" compare "$work/sweep1" "$work/sweep2" --all --metric agreement >"$work/sweeps.txt"
grep -q "^  2 (actors.us.salience.minerals_share=1) *agreement" "$work/sweeps.txt" ||
  fail "the point's swept value is not shown: $(cat "$work/sweeps.txt")"

# Refusals.
"$parley" compare "$work/sweep1" "$sweep" >/dev/null 2>"$work/stderr"
code=$?
[ "$code" -eq 2 ] || fail "sweeps of other values: exit $code, expected 2"
grep -q "point 1 sets actors.us.salience.minerals_share = 0.5 in A" "$work/stderr" ||
  fail "sweeps of other values: $(cat "$work/stderr")"
"$parley" compare "$work/flagship_a" "$sweep" >/dev/null 2>"$work/stderr"
code=$?
[ "$code" -eq 2 ] || fail "run vs sweep: exit $code, expected 2"
grep -q "sweep different parameters" "$work/stderr" || fail "run vs sweep: $(cat "$work/stderr")"
grep -q "actors.us.salience.minerals_share" "$work/stderr" || fail "the swept parameter is not named"
"$parley" compare "$work/flagship_a" "$work/nowhere" >/dev/null 2>"$work/stderr"
[ $? -eq 2 ] || fail "a missing folder: expected exit 2"
mkdir "$work/bad" && cp "$work/flagship_a/manifest.json" "$work/flagship_a/summary.csv" "$work/bad/"
sed '3s/^0,\([0-9]*\),1,/0,\1,yes,/' "$work/flagship_a/outcomes.csv" >"$work/bad/outcomes.csv"
"$parley" compare "$work/flagship_a" "$work/bad" >/dev/null 2>"$work/stderr"
code=$?
[ "$code" -eq 3 ] || fail "malformed outcomes.csv: exit $code, expected 3: $(cat "$work/stderr")"
grep -q "bad/outcomes.csv:3:[0-9]*: expected agreed = 1 or 0, found \"yes\"" "$work/stderr" ||
  fail "malformed outcomes.csv: $(cat "$work/stderr")"
"$parley" compare "$work/flagship_a" >/dev/null 2>&1
[ $? -eq 2 ] || fail "one folder: expected exit 2"
"$parley" compare --help | grep -q "Exit 0 when nothing moved, 5 when" || fail "--help"
echo "compare: ok"
