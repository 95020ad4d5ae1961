#!/usr/bin/env bash
# Resource limits (README: exit code 4):
#  1. a run that would need more memory than is available fails before it
#     starts, naming the numbers and --replicates, and writes nothing;
#  2. a sweep whose outputs would need more disk than is free fails before any
#     point runs, naming the numbers and --out, and leaves nothing behind;
#  3. a write past the file size limit (`ulimit -f`, standing in for a full
#     disk: SIGXFSZ is ignored, so write() fails with EFBIG) fails with exit 4,
#     leaves the previous outputs intact and no half file; a sweep keeps its
#     finished points, and --resume then gives the bytes of an uninterrupted run.
# Usage: check_resources.sh PARLEY SCENARIO WORK
set -u
parley=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; [ -f "$work/stderr" ] && cat "$work/stderr"; exit 1; }
nothing_left() {  # no final or partial folder named $1 in $work
  local left
  left=$(find "$work" -maxdepth 1 -name "*$1*")
  [ -z "$left" ] || fail "left behind: $left"
}

# 1. Memory: 10^10 replicates × a few hundred bytes is terabytes.
start=$(date +%s)
"$parley" run "$scenario" --replicates 10000000000 --out "$work/huge_run" --quiet 2>"$work/stderr"
code=$?
[ "$code" -eq 4 ] || fail "huge run: exit code $code, expected 4"
grep -q "^error: parley run would need about .* of memory — 10000000000 replicates" "$work/stderr" \
  || fail "huge run: no memory message"
grep -q -- "--replicates [0-9]* would fit" "$work/stderr" || fail "huge run: no way out"
[ $(( $(date +%s) - start )) -lt 30 ] || fail "huge run: the check came late"
nothing_left huge_run
echo "memory: $(head -1 "$work/stderr")"

# 2. Disk: 10^6 points × 10^5 replicates of ~200-byte rows is tens of terabytes.
"$parley" sweep "$scenario" --grid actors.us.reservation_utility=0.2:0.6:1000000 \
  --replicates 100000 --threads 1 --out "$work/huge_sweep" --quiet 2>"$work/stderr"
code=$?
[ "$code" -eq 4 ] || fail "huge sweep: exit code $code, expected 4"
grep -q "^error: the outputs would need up to .* of disk in .* free there" "$work/stderr" \
  || fail "huge sweep: no disk message"
grep -q -- "--out" "$work/stderr" || fail "huge sweep: no way out"
nothing_left huge_sweep
echo "disk: $(head -1 "$work/stderr")"

# 3a. A run hits the file size limit: exit 4; the previous run is untouched.
"$parley" run "$scenario" --replicates 200 --seed 3 --out "$work/previous" --quiet \
  || fail "the previous run failed"
before=$(cd "$work/previous" && sha256sum outcomes.csv summary.csv manifest.json)
(ulimit -f 64 && exec "$parley" run "$scenario" --replicates 20000 --seed 3 \
  --out "$work/limited_run" --quiet) 2>"$work/stderr"
code=$?
[ "$code" -eq 4 ] || fail "limited run: exit code $code, expected 4"
grep -q "failed (disk full or file size limit?)" "$work/stderr" || fail "limited run: no message"
nothing_left limited_run
after=$(cd "$work/previous" && sha256sum outcomes.csv summary.csv manifest.json)
[ "$before" = "$after" ] || fail "the previous run's files changed"
echo "file size limit, run: $(head -1 "$work/stderr")"

# 3b. `trace --out` over an existing file: the old file stays whole.
"$parley" trace "$scenario" --seed 1 --out "$work/trace.txt" || fail "trace failed"
trace_before=$(sha256sum <"$work/trace.txt")
(ulimit -f 1 && exec "$parley" trace "$scenario" --seed 2 --out "$work/trace.txt") 2>"$work/stderr"
code=$?
[ "$code" -eq 4 ] || fail "limited trace: exit code $code, expected 4"
[ "$(sha256sum <"$work/trace.txt")" = "$trace_before" ] || fail "the previous trace changed"
left=$(find "$work" -maxdepth 1 -name "trace.txt.tmp*")
[ -z "$left" ] || fail "half file left: $left"
echo "file size limit, trace: $(head -1 "$work/stderr")"

# 3c. A sweep hits the limit part-way: finished points are kept, no torn rows
# count as finished, and --resume (without the limit) gives identical bytes.
design=(--seed 5 --grid actors.us.reservation_utility=0.2:0.6:12 --replicates 60 --threads 2 --quiet)
"$parley" sweep "$scenario" "${design[@]}" --out "$work/whole" || fail "uninterrupted sweep failed"
(ulimit -f 48 && exec "$parley" sweep "$scenario" "${design[@]}" --out "$work/limited_sweep") \
  2>"$work/stderr"
code=$?
[ "$code" -eq 4 ] || fail "limited sweep: exit code $code, expected 4"
grep -q "failed (disk full or file size limit?)" "$work/stderr" || fail "limited sweep: no message"
[ ! -e "$work/limited_sweep" ] || fail "limited sweep: a final folder exists"
partial="$work/.limited_sweep.partial"
kept=0
[ -f "$partial/spool.index" ] && kept=$(wc -l <"$partial/spool.index")
[ "$kept" -lt 12 ] || fail "limited sweep: finished before the limit; lower it"
left=$(find "$work" -name "*.tmp*")
[ -z "$left" ] || fail "half file left: $left"
"$parley" sweep "$scenario" "${design[@]}" --out "$work/limited_sweep" --resume \
  || fail "resume after the limit failed"
for file in outcomes.csv summary.csv; do
  cmp "$work/whole/$file" "$work/limited_sweep/$file" || fail "resumed $file differs"
done
echo "file size limit, sweep: $kept of 12 points kept; resumed run is byte-identical"
