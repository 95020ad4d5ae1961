#!/usr/bin/env bash
# Ctrl-C of a sweep under mpirun (issue 11, item 21; README "Failure
# behaviour"): rank 0 prints "interrupted: N of M points are finished and kept",
# the finished points stay in the partial folder, every rank ends normally (no
# MPI_Abort: mpirun, already taking the job down, once crashed on one), and a
# --resume under mpirun gives the bytes of an uninterrupted run. mpirun's own
# exit code is not parley's 130: Open MPI 4.1 reports its interruption with 1;
# the test requires only that it is not 0 and that mpirun did not crash.
# Usage: check_mpi_interrupt.sh PARLEY SCENARIO WORK MPIEXEC
set -u
parley=$1 scenario=$2 work=$3 mpiexec=$4
rm -rf "$work" && mkdir -p "$work"
cd "$work" || exit 1
fail() { echo "FAIL: $*"; [ -f stderr ] && tail -5 stderr; exit 1; }
design=(--grid actors.us.reservation_utility=0.1:0.5:12 --replicates 1200 --seed 5 --threads 1 --quiet)

"$parley" sweep "$scenario" "${design[@]}" --out whole 2>stderr || fail "the uninterrupted sweep"
for signal in INT TERM; do
  rm -rf "$signal" ".$signal.partial"
  "$mpiexec" -n 2 --oversubscribe "$parley" sweep "$scenario" "${design[@]}" --out "$signal" \
    >stdout 2>stderr &
  pid=$!
  for _ in $(seq 1 600); do
    [ "$(wc -l <".$signal.partial/spool.index" 2>/dev/null || echo 0)" -ge 2 ] && break
    sleep 0.05
  done
  kill "-$signal" "$pid"
  wait "$pid"
  code=$?
  [ "$code" -ne 0 ] || fail "SIG$signal: mpirun exited 0"
  [ "$code" -lt 128 ] || fail "SIG$signal: mpirun died with signal $((code - 128))"
  grep -q "interrupted: [0-9]* of 12 points are finished and kept" stderr || fail "SIG$signal: no message"
  grep -q "MPI_ABORT" stderr && fail "SIG$signal: the ranks called MPI_Abort"
  "$mpiexec" -n 2 --oversubscribe "$parley" sweep "$scenario" "${design[@]}" --out "$signal" \
    --resume >stdout 2>stderr || fail "SIG$signal: --resume under mpirun"
  cmp -s "$signal/outcomes.csv" whole/outcomes.csv && cmp -s "$signal/summary.csv" whole/summary.csv \
    || fail "SIG$signal: the resumed sweep differs from the uninterrupted one"
  echo "SIG$signal under mpirun: exit $code, points kept, resumed to identical bytes"
done
