#!/usr/bin/env bash
# `parley forecast CASES.csv`: forecasts.csv for the good cases, case_errors.csv
# for the bad one (the others still run), --model, file-level errors, and numbers
# the models cannot compute with (a capability above 1e12, a scale beyond ±1e12).
# Usage: check_forecast.sh PARLEY WORK
set -u
parley=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

# Case a: compromise = (2·0.5·20 + 1·1·80) / (1 + 1) = 50 (weights capability × salience).
# Case b: unweighted by salience 100 on a 0–100 file → 1; positions 10, 30, 90 (note column ignored).
# Case c: one actor — skipped with its line.
cat > "$work/cases.csv" <<'CSV'
case,actor,position,salience,capability,status_quo,voting_rule,note
a,x,20,50,2,,QMV,"first, with a comma"
a,y,80,100,1,,QMV,
b,p,10,100,1,50,unanimity,
b,q,30,100,1,50,unanimity,
b,r,90,100,1,50,unanimity,
c,solo,40,60,1,,,
CSV
"$parley" forecast "$work/cases.csv" --out "$work/all" >"$work/stdout" 2>"$work/stderr" ||
  fail "exit $? for a table with one bad case"
grep -q 'case "c" skipped' "$work/stderr" || fail "no message for case c: $(cat "$work/stderr")"
[ "$(head -1 "$work/all/forecasts.csv")" = "case,model,forecast" ] || fail "forecasts.csv header"
[ "$(wc -l < "$work/all/forecasts.csv")" -eq 17 ] || fail "expected 2 cases × 8 models + header"
grep -qx 'a,compromise,50.000000' "$work/all/forecasts.csv" || fail "case a compromise ≠ 50"
grep -qx 'b,compromise,43.333333' "$work/all/forecasts.csv" || fail "case b compromise ≠ 130/3"
grep -qx 'b,median,30.000000' "$work/all/forecasts.csv" || fail "case b median ≠ 30"
grep -q '^c,7,' "$work/all/case_errors.csv" || fail "case_errors.csv lacks case c at line 7"
grep -q '"format": "parley-forecast/1"' "$work/all/manifest.json" || fail "manifest format"

"$parley" forecast "$work/cases.csv" --model median --model compromise --out "$work/two" >/dev/null 2>&1 ||
  fail "--model"
[ "$(sed -n 2,3p "$work/two/forecasts.csv" | cut -d, -f2 | tr '\n' ' ')" = "median compromise " ] ||
  fail "models not in the given order"

"$parley" forecast "$work/cases.csv" --model oracle --out "$work/x" 2>"$work/err"
[ $? -eq 2 ] && grep -q "compromise, median, nash, procedural, expected_utility" "$work/err" ||
  fail "unknown model: $(cat "$work/err")"
[ ! -e "$work/x" ] || fail "an unknown model left a folder"
printf 'case,actor,position\na,x,1\n' > "$work/bad.csv"
"$parley" forecast "$work/bad.csv" --out "$work/x" 2>"$work/err"
[ $? -eq 3 ] && grep -q "bad.csv:1:" "$work/err" || fail "bad header: $(cat "$work/err")"

# Issue 11: a capability of 1e308 wrote NaN forecasts; now its case is skipped with its
# line and the others run. A capability of 1e12 (the limit) is kept.
cat > "$work/huge.csv" <<'CSV'
case,actor,position,salience,capability
huge,x,20,0.5,1e308
huge,y,80,0.5,1
edge,x,20,0.5,1e12
edge,y,80,0.5,0
CSV
"$parley" forecast "$work/huge.csv" --out "$work/huge" >/dev/null 2>"$work/err" ||
  fail "exit $? for a table with a huge capability: $(cat "$work/err")"
grep -qF "huge.csv:2: case \"huge\" skipped: capability 1e+308 is above 1e+12" "$work/err" ||
  fail "no message for the huge capability: $(cat "$work/err")"
grep -q '^huge,2,' "$work/huge/case_errors.csv" || fail "case_errors.csv lacks case huge at line 2"
[ "$(wc -l < "$work/huge/forecasts.csv")" -eq 9 ] || fail "expected case edge × 8 models + header"
! grep -Eiq 'nan|inf' "$work/huge/forecasts.csv" || fail "non-finite forecasts: $(cat "$work/huge/forecasts.csv")"

# A scale of ±1e308 gave a Nash forecast of −1e308; now it is a usage error.
"$parley" forecast "$work/cases.csv" --scale -1e308:1e308 --out "$work/wide" 2>"$work/err"
[ $? -eq 2 ] && grep -q -- "--scale" "$work/err" && grep -qF "[-1e12, 1e12]" "$work/err" ||
  fail "scale ±1e308: $(cat "$work/err")"
[ ! -e "$work/wide" ] || fail "a refused scale left a folder"
"$parley" forecast "$work/cases.csv" --scale -1e12:1e12 --out "$work/limit" >/dev/null 2>&1 ||
  fail "the scale ±1e12 (the limit) is refused"
# Multi-issue proposals: the issue column, the exchange model's hand-derived case
# (tests/unit/protocol/exchange_model_test.cpp: 50/3 and 250/3), and the agents'
# play of an EU proposal under its procedure, the same for any thread count.
cat > "$work/proposal.csv" <<'CSV'
case,issue,actor,position,salience,capability,status_quo,voting_rule,procedure,date
x,a,A,0,0.9,1,,,,
x,a,B,100,0.1,1,,,,
x,a,C,50,0.5,1,,,,
x,b,A,0,0.1,1,,,,
x,b,B,100,0.9,1,,,,
x,b,C,50,0.5,1,,,,
eu,i1,com,100,0.5,1,0,QMV,COD,26-01-00
eu,i1,ep,80,0.5,1,0,QMV,COD,26-01-00
eu,i1,de,20,0.9,1,0,QMV,COD,26-01-00
eu,i1,fr,60,0.4,1,0,QMV,COD,26-01-00
eu,i1,uk,0,0.8,1,0,QMV,COD,26-01-00
eu,i1,it,70,0.3,1,0,QMV,COD,26-01-00
eu,i1,es,90,0.6,1,0,QMV,COD,26-01-00
eu,i1,nl,40,0.5,1,0,QMV,COD,26-01-00
eu,i2,com,0,0.5,1,50,QMV,COD,2000-01-26
eu,i2,de,100,0.1,1,50,QMV,COD,2000-01-26
eu,i2,fr,30,0.6,1,50,QMV,COD,2000-01-26
eu,i2,uk,80,0.2,1,50,QMV,COD,2000-01-26
CSV
for j in 1 2; do
  "$parley" forecast "$work/proposal.csv" --threads $j --replicates 40 --seed 5 \
    --out "$work/proposal_$j" >/dev/null 2>"$work/err" || fail "multi-issue table: $(cat "$work/err")"
done
[ "$(head -1 "$work/proposal_1/forecasts.csv")" = "case,issue,model,forecast" ] ||
  fail "multi-issue header: $(head -1 "$work/proposal_1/forecasts.csv")"
grep -qx 'x,a,exchange,16.666667' "$work/proposal_1/forecasts.csv" || fail "exchange on a ≠ 50/3"
grep -qx 'x,b,exchange,83.333333' "$work/proposal_1/forecasts.csv" || fail "exchange on b ≠ 250/3"
grep -q '^eu,i1,agents,' "$work/proposal_1/forecasts.csv" || fail "no agents' forecast"
cmp -s "$work/proposal_1/forecasts.csv" "$work/proposal_2/forecasts.csv" ||
  fail "the agents' play differs between 1 and 2 threads"
grep -q '"point_forecast": "median"' "$work/proposal_1/manifest.json" || fail "manifest: agents"
grep -q '"members"' "$work/proposal_1/manifest.json" || fail "manifest: ensemble members"
"$parley" forecast "$work/proposal.csv" --strategy equilibrium --out "$work/x" 2>"$work/err"
[ $? -eq 2 ] && grep -qF -- '--strategy: expected one of time_dependent' "$work/err" ||
  fail "--strategy equilibrium: $(cat "$work/err")"
# A proposal whose rows disagree on the procedure is skipped with the issue named.
printf 'case,issue,actor,position,salience,capability,procedure\np,a,x,1,1,1,COD\np,a,y,2,1,1,CNS\n' \
  > "$work/mixed.csv"
"$parley" forecast "$work/mixed.csv" --out "$work/mixed" >/dev/null 2>"$work/err"
grep -qF 'case "p" issue "a" skipped: procedure "cns" differs' "$work/err" ||
  fail "mixed procedures: $(cat "$work/err")"
echo "forecast: outputs, per-case errors, file errors, out-of-range numbers and multi-issue proposals as expected"
