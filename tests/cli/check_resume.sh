#!/usr/bin/env bash
# Resume: a sweep stopped part-way — by SIGINT (Ctrl-C), SIGTERM (kill, a batch
# scheduler's time limit) or SIGKILL (a killed node) — keeps its finished points; `--resume` finishes it, and the outputs are
# byte-identical to an uninterrupted run.
# Usage: check_resume.sh PARLEY SCENARIO WORK
set -u
parley=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
design=(--seed 5 --grid actors.us.reservation_utility=0.2:0.6:40 --replicates 120 --threads 2 --quiet)
fail() { echo "FAIL: $*"; exit 1; }

"$parley" sweep "$scenario" "${design[@]}" --out "$work/whole" || fail "uninterrupted run failed"

# Waits until at least 3 points are spooled, then sends the signal.
interrupt() {
  local signal=$1 out=$2
  "$parley" sweep "$scenario" "${design[@]}" --out "$out" 2>"$out.stderr" &
  local pid=$! index
  index="$(dirname "$out")/.$(basename "$out").partial/spool.index"
  for _ in $(seq 1 600); do
    if [ -f "$index" ] && [ "$(wc -l < "$index")" -ge 3 ]; then break; fi
    sleep 0.01
  done
  kill "-$signal" "$pid"
  wait "$pid"
  echo $?
}

for signal in INT TERM KILL; do
  out="$work/stopped_$signal"
  code=$(interrupt "$signal" "$out")
  partial="$work/.stopped_$signal.partial"
  if [ "$signal" != KILL ]; then
    [ "$code" -eq 130 ] || fail "SIG$signal: exit code $code, expected 130"
    grep -q "continue with the same command plus --resume" "$out.stderr" || fail "SIG$signal: no hint"
  fi
  [ -d "$partial" ] || fail "$signal: no partial folder kept"
  [ ! -e "$out" ] || fail "$signal: final folder exists after the interruption"
  done_points=$(wc -l < "$partial/spool.index")
  [ "$done_points" -lt 40 ] || fail "$signal: the run finished before the signal; make it longer"
  # Without --resume, the partial folder is refused rather than overwritten.
  "$parley" sweep "$scenario" "${design[@]}" --out "$out" 2>"$out.refused"
  [ $? -eq 4 ] || fail "$signal: a second run without --resume must be refused with exit 4"
  # With other inputs, resume is refused.
  "$parley" sweep "$scenario" "${design[@]}" --set actors.us.capability=1.1 --out "$out" --resume 2>"$out.other"
  [ $? -eq 4 ] && grep -q "other inputs" "$out.other" || fail "$signal: resume with other overrides must be refused"
  "$parley" sweep "$scenario" "${design[@]}" --out "$out" --resume || fail "$signal: resume failed"
  for file in outcomes.csv summary.csv; do
    cmp "$work/whole/$file" "$out/$file" || fail "$signal: resumed $file differs"
  done
  [ ! -e "$partial" ] || fail "$signal: partial folder left after the resumed run"
  grep -q '"resumed": true' "$out/manifest.json" || fail "$signal: manifest does not say resumed"
  echo "$signal after $done_points of 40 points: resumed run is byte-identical"
done
