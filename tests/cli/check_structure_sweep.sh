#!/usr/bin/env bash
# Issue 14, item 2: the structure is sweepable. A sweep of ukraine_2025 over the
# US strategy kind, the peace talks' decision rule and deadline: the points
# differ where their structure differs, --threads 1 and --threads 2 (and, with
# MPI, 1 and 2 ranks) give byte-identical outcomes.csv and summary.csv; a
# structural --set is recorded in the manifest and `parley verify` re-runs it;
# a bad structural value is refused with its message.
# Usage: check_structure_sweep.sh PARLEY SCENARIO WORK [MPIEXEC]
set -u
parley=$1 scenario=$2 work=$3 mpiexec=${4:-}
rm -rf "$work" && mkdir -p "$work"
design=(--values actors.us.strategy.kind=transactional,time_dependent
  --values phases.peace_talks.decision_rule=unanimity,majority
  --values phases.peace_talks.max_rounds=10,20 -r 50 --seed 5 --quiet)
fail() { echo "FAIL: $*"; exit 1; }
run() { "$@" || fail "exit code $? from: $*"; }

run "$parley" sweep "$scenario" "${design[@]}" --threads 1 --out "$work/threads1"
run "$parley" sweep "$scenario" "${design[@]}" --threads 2 --out "$work/threads2"
variants=(threads2)
if [ -n "$mpiexec" ]; then
  for ranks in 1 2; do
    run "$mpiexec" -n "$ranks" --oversubscribe "$parley" sweep "$scenario" "${design[@]}" \
      --threads 1 --out "$work/mpi$ranks"
    variants+=("mpi$ranks")
  done
else
  echo "note: parley was built without MPI; the mpirun variants are skipped"
fi
for variant in "${variants[@]}"; do
  for file in outcomes.csv summary.csv; do
    cmp "$work/threads1/$file" "$work/$variant/$file" || fail "$variant/$file differs from threads1"
  done
  echo "identical: threads1 = $variant"
done

outcomes=$work/threads1/outcomes.csv
head -1 "$outcomes" | grep -q '^point,actors.us.strategy.kind,phases.peace_talks.decision_rule,phases.peace_talks.max_rounds,replicate,' ||
  fail "outcomes.csv lacks the design columns"
[ "$(wc -l < "$outcomes")" -eq $((8 * 50 + 1)) ] || fail "expected 401 outcome rows"
# Point p's rows without the point and design columns.
rows() { awk -F, -v p="$1" 'NR > 1 && $1 == p { $1 = $2 = $3 = $4 = ""; print }' OFS=, "$outcomes"; }
# Points 0…7: kind varies slowest (0–3 transactional), then the rule, then max_rounds.
grep -q '^4,time_dependent,unanimity,10,' "$outcomes" || fail "point 4 is not time_dependent, unanimity, 10"
grep -q '^2,transactional,majority,10,' "$outcomes" || fail "point 2 is not transactional, majority, 10"
for pair in "0 4 strategy kind" "0 2 decision rule" "0 1 max_rounds" "4 6 decision rule"; do
  set -- $pair
  [ "$(rows "$1")" != "$(rows "$2")" ] || fail "points $1 and $2 (another $3) have the same outcomes"
done
echo "points differ where their structure differs"

# A structural --set is recorded and re-run by verify.
run "$parley" run "$scenario" -r 20 --seed 2 --quiet --out "$work/set" \
  --set 'phases.exploratory.ratifiers=["ukraine","eu"]' \
  --set 'actors.us.strategy.kind="time_dependent"' --set actors.us.strategy.exponent=0.8
python3 - "$work/set/manifest.json" <<'PY' || fail "the manifest does not record the structural --set"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["overrides"] == ['phases.exploratory.ratifiers=["ukraine","eu"]',
                          'actors.us.strategy.kind="time_dependent"',
                          'actors.us.strategy.exponent=0.8'], m["overrides"]
assert m["strategies"]["us"] == "time_dependent"
assert m["phases"][0]["ratifiers"] == ["ukraine", "eu"]
paths = [p["path"] for p in m["parameters"] if p["path"].startswith("actors.us.strategy.")]
assert paths == ["actors.us.strategy.exponent"], paths
PY
run "$parley" verify "$work/set" >/dev/null

# Bad values: exit 2, the path, what was expected and what was found.
expect() {
  local fragment=$1
  shift
  "$parley" "$@" >"$work/stdout" 2>"$work/stderr"
  local got=$?
  [ "$got" -eq 2 ] && grep -qF -- "$fragment" "$work/stderr" ||
    fail "parley $* (exit $got, expected 2): $(head -2 "$work/stderr"); expected: $fragment"
}
expect 'swept parameter phases.peace_talks.decision_rule: expected the decision rule to be "unanimity", "majority", "quota" or "eu_council", found "plurality"' \
  sweep "$scenario" -r 10 --values phases.peace_talks.decision_rule=unanimity,plurality --out "$work/x"
expect '--set actors.us.strategy.kind: expected a strategy name in quotes, one of:' \
  run "$scenario" -r 10 --set 'actors.us.strategy.kind="bogus"' --out "$work/x"
expect "--set phases.exploratory.participants: expected at least 2 participants in phase \`exploratory\`, found 1" \
  run "$scenario" -r 10 --set 'phases.exploratory.participants=["us"]' --out "$work/x"
expect "--set phases.exploratory.ratifiers: unknown actor \`nato\` in the ratifiers of \`exploratory\`; expected one of: us," \
  run "$scenario" -r 10 --set 'phases.exploratory.ratifiers=["nato"]' --out "$work/x"
[ ! -e "$work/x" ] || fail "a refused request left an output folder"
echo "ok"
