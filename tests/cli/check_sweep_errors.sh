#!/usr/bin/env bash
# Bad sweep, merge and verify requests: the exit code and the message, and no
# output folder left behind; verify catches a changed output file.
# Usage: check_sweep_errors.sh PARLEY SCENARIO_DIR WORK
set -u
parley=$1 scenarios=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
ukraine="$scenarios/ukraine_2025.toml"
failures=0

# expect CODE "MESSAGE FRAGMENT" ARGS…
expect() {
  local code=$1 fragment=$2
  shift 2
  "$parley" "$@" >"$work/stdout" 2>"$work/stderr"
  local got=$?
  if [ "$got" -ne "$code" ] || ! grep -qF -- "$fragment" "$work/stderr" "$work/stdout"; then
    echo "FAIL: parley $*"
    echo "  exit $got (expected $code); stderr: $(head -3 "$work/stderr")"
    echo "  expected to contain: $fragment"
    failures=$((failures + 1))
  fi
}

expect 2 "has no [sweep] table" sweep "$scenarios/triangle.toml" --out "$work/x"
expect 2 "expected PATH=START:STOP:COUNT, found 2 part(s)" \
  sweep "$ukraine" --grid actors.us.reservation_utility=0:1 --out "$work/x"
expect 2 "expected COUNT to be an integer ≥ 1, found \"0\"" \
  sweep "$ukraine" --grid actors.us.reservation_utility=0:1:0 --out "$work/x"
expect 2 "--grid swept parameter actors.us.reservation_utility: expected \`actors.us.reservation_utility\` to be in [0, 1], found 2" \
  sweep "$ukraine" --grid actors.us.reservation_utility=0:2:3 --out "$work/x"
expect 2 "unknown parameter path; closest: actors.us.reservation_utility" \
  sweep "$ukraine" --values actors.us.reservaton_utility=0.1,0.2 --out "$work/x"
expect 2 "--range is for sampled designs" \
  sweep "$ukraine" --range actors.us.reservation_utility=0.1:0.3 --out "$work/x"
expect 2 "does not combine with --grid or --values" \
  sweep "$ukraine" --lhs 8 --range actors.us.reservation_utility=0.1:0.3 \
  --grid actors.us.capability=1:2:2 --out "$work/x"
expect 2 "expected LO < HI" sweep "$ukraine" --sobol 8 --range actors.us.reservation_utility=0.5:0.1 \
  --out "$work/x"
expect 2 "give --lhs N or --sobol N, not both" sweep "$ukraine" --lhs 4 --sobol 4 \
  --range actors.us.reservation_utility=0.1:0.3 --out "$work/x"
expect 2 "expected K/N with 1 ≤ K ≤ N" sweep "$ukraine" --shard 3/2 --out "$work/x"
expect 2 "is swept twice" sweep "$ukraine" --grid actors.us.capability=1:2:2 \
  --values actors.us.capability=1,2 --out "$work/x"
expect 3 "cannot open the design file" sweep "$ukraine" --design "$work/missing.toml" --out "$work/x"
[ ! -e "$work/x" ] || { echo "FAIL: an output folder was left behind"; failures=$((failures + 1)); }

# Merge refuses shards of different sweeps, incomplete sets, and non-shards.
small=(--grid actors.us.reservation_utility=0.2:0.4:3 --replicates 20 --no-analysis --quiet)
"$parley" sweep "$ukraine" "${small[@]}" --shard 1/2 --out "$work/a1"
"$parley" sweep "$ukraine" "${small[@]}" --shard 2/2 --out "$work/a2"
"$parley" sweep "$ukraine" "${small[@]}" --shard 2/2 --seed 9 --out "$work/b2"
"$parley" sweep "$ukraine" "${small[@]}" --out "$work/whole"
expect 2 "come from different sweeps (manifests differ at line" merge --out "$work/m" "$work/a1" "$work/b2"
expect 2 "merge needs all 2 shards" merge --out "$work/m" "$work/a1"
expect 2 "shard 1/2 is given twice" merge --out "$work/m" "$work/a1" "$work/a1"
expect 2 "is not a shard" merge --out "$work/m" "$work/whole" "$work/a1"
[ ! -e "$work/m" ] || { echo "FAIL: merge left an output folder"; failures=$((failures + 1)); }

# Merge checks each shard's files against the rows, bytes and SHA-256 its
# manifest records: a file cut short or with lines appended is refused, and
# nothing is written.
cp -r "$work/a1" "$work/a1_cut"
head -n 20 "$work/a1/outcomes.csv" >"$work/a1_cut/outcomes.csv"
expect 4 "a1_cut/outcomes.csv is not the file its manifest records" \
  merge --out "$work/m" "$work/a1_cut" "$work/a2"
cp -r "$work/a2" "$work/a2_extended"
tail -n 3 "$work/a2/summary.csv" >>"$work/a2_extended/summary.csv"
expect 4 "a2_extended/summary.csv is not the file its manifest records" \
  merge --out "$work/m" "$work/a1" "$work/a2_extended"
[ ! -e "$work/m" ] || { echo "FAIL: merge of a corrupted shard left an output folder"; failures=$((failures + 1)); }
expect 0 "merged 2 shards" merge --out "$work/m" "$work/a1" "$work/a2"
cmp -s "$work/m/outcomes.csv" "$work/whole/outcomes.csv" \
  || { echo "FAIL: merged outcomes.csv differs from the whole sweep"; failures=$((failures + 1)); }

# Verify: identical as written; compared byte for byte, so a file whose final
# newline was removed is caught, and a changed outcome with its line.
expect 0 "reproduced byte for byte" verify "$work/whole"
cp -r "$work/whole" "$work/no_newline"
truncate -s -1 "$work/no_newline/summary.csv"
expect 1 "summary.csv                DIFFERS — differs at byte" verify "$work/no_newline"
expect 1 "(end of file)" verify "$work/no_newline"
sed -i '3s/,1,/,0,/' "$work/whole/outcomes.csv"
expect 1 "outcomes.csv               DIFFERS — differs at byte" verify "$work/whole"
expect 1 "(line 3)" verify "$work/whole"

[ "$failures" -eq 0 ] || exit 1
echo "all sweep, merge and verify errors as expected"
