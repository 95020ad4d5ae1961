#!/usr/bin/env bash
# `parley run --counterfactual` (issue 14, item 3): the same bytes for 1 and 2
# threads; the declared arm's outcomes.csv and summary.csv are a plain run's;
# counterfactual.csv counts the replicates the aid decides (the scenario's
# comment derives a share of 0.2); manifest.json records the switches and
# `parley verify` reproduces the folder; an unknown id or a malformed switch is
# a usage error (exit 2) naming what exists, and writes nothing.
# Usage: check_counterfactual.sh PARLEY SCENARIO WORK
set -u
parley=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

for threads in 1 2; do
  "$parley" run "$scenario" --replicates 400 --threads "$threads" --out "$work/t$threads" \
    --counterfactual instrument=aid:off --counterfactual shock=rumour:off \
    >"$work/stdout$threads" 2>"$work/stderr" ||
    fail "exit $? with --threads $threads: $(cat "$work/stderr")"
done
for file in outcomes.csv summary.csv counterfactual.csv; do
  cmp -s "$work/t1/$file" "$work/t2/$file" || fail "$file differs between 1 and 2 threads"
done
"$parley" run "$scenario" --replicates 400 --out "$work/plain" --quiet 2>"$work/stderr" ||
  fail "exit $? for the plain run: $(cat "$work/stderr")"
for file in outcomes.csv summary.csv; do
  cmp -s "$work/t1/$file" "$work/plain/$file" || fail "$file differs from a plain run's"
done

head -1 "$work/t1/counterfactual.csv" |
  grep -qx 'counterfactual,metric,replicates,count,share,share_low,share_high,mean,mean_low,mean_high' ||
  fail "counterfactual.csv header: $(head -1 "$work/t1/counterfactual.csv")"
decisive=$(grep '^instrument=aid:off,decisive,' "$work/t1/counterfactual.csv" | cut -d, -f5)
[ -n "$decisive" ] || fail "no decisive row for the aid"
awk -v s="$decisive" 'BEGIN { exit !(s > 0.12 && s < 0.28) }' ||
  fail "the aid is decisive in a share $decisive, expected about 0.2"
grep -q '^shock=rumour:off,decisive,400,0,0.000000,' "$work/t1/counterfactual.csv" ||
  fail "switching off a shock that changes nothing changed something"
grep -q '^counterfactual instrument=aid:off' "$work/stdout1" || fail "no counterfactual section"
grep -q '^  decisive ' "$work/stdout1" || fail "no decisive line in the summary"
grep -q 'counterfactual.csv}' "$work/stdout1" || fail "the summary does not list counterfactual.csv"
grep -q '"counterfactual": \[' "$work/t1/manifest.json" || fail "manifest.json does not record it"
grep -q '"counterfactual.csv": {' "$work/t1/manifest.json" || fail "manifest.json does not list the file"

"$parley" verify "$work/t1" >"$work/verify" 2>&1 || fail "verify failed: $(cat "$work/verify")"
grep -q 'counterfactual.csv *identical' "$work/verify" || fail "verify did not compare counterfactual.csv"
cp -r "$work/t1" "$work/tampered"
sed -i 's/^instrument=aid:off,decisive,400,[0-9]*,/instrument=aid:off,decisive,400,1,/' \
  "$work/tampered/counterfactual.csv"
"$parley" verify "$work/tampered" >"$work/verify" 2>&1 && fail "verify accepted a changed counterfactual.csv"
grep -q 'counterfactual.csv *DIFFERS' "$work/verify" || fail "verify did not say which file differs"

"$parley" run "$scenario" --replicates 10 --out "$work/unknown" --counterfactual instrument=aidd:off \
  >/dev/null 2>"$work/stderr"
status=$?
[ "$status" -eq 2 ] || fail "unknown instrument: exit $status, expected 2"
grep -q 'no instrument "aidd"; its instruments (threats and side payments): aid, loan' "$work/stderr" ||
  fail "unknown instrument message: $(cat "$work/stderr")"
[ -e "$work/unknown" ] && fail "an unknown instrument left an output folder"
"$parley" run "$scenario" --replicates 10 --out "$work/unknown" --counterfactual shock=quake:off \
  >/dev/null 2>"$work/stderr"
[ $? -eq 2 ] || fail "unknown shock: not exit 2"
grep -q 'no shock "quake"; its shocks: rumour, leak' "$work/stderr" ||
  fail "unknown shock message: $(cat "$work/stderr")"
"$parley" run "$scenario" --replicates 10 --out "$work/unknown" --counterfactual instrument=aid \
  >/dev/null 2>"$work/stderr"
[ $? -eq 2 ] || fail "malformed switch: not exit 2"
grep -q 'expected instrument=ID:off or shock=ID:off' "$work/stderr" ||
  fail "malformed switch message: $(cat "$work/stderr")"
ls -a "$work" | grep -q 'partial' && fail "a partial folder was left behind"

"$parley" run --help | grep -q -- '--counterfactual' || fail "run --help does not document it"
echo "ok"
