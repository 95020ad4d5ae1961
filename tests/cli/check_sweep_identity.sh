#!/usr/bin/env bash
# The issue's check: a grid sweep of ukraine_2025 over one parameter gives the
# same outcomes.csv, summary.csv and manifest (without `execution`) with
# --threads 1, --threads 2, `mpirun -np 2`, `mpirun -np 3` and two shards merged.
# Usage: check_sweep_identity.sh PARLEY SCENARIO WORK [MPIEXEC]
set -u
parley=$1 scenario=$2 work=$3 mpiexec=${4:-}
rm -rf "$work" && mkdir -p "$work"
design=(--grid actors.us.salience.minerals_share=0:1:6 --replicates 150 --seed 11 --quiet)
fail() { echo "FAIL: $*"; exit 1; }
run() { "$@" || fail "exit code $? from: $*"; }

run "$parley" sweep "$scenario" "${design[@]}" --threads 1 --out "$work/threads1"
run "$parley" sweep "$scenario" "${design[@]}" --threads 2 --out "$work/threads2"
run "$parley" sweep "$scenario" "${design[@]}" --shard 2/2 --out "$work/shard2"
run "$parley" sweep "$scenario" "${design[@]}" --shard 1/2 --out "$work/shard1"
run "$parley" merge --out "$work/merged" "$work/shard2" "$work/shard1"
variants=(threads2 merged)
if [ -n "$mpiexec" ]; then
  for ranks in 2 3; do
    run "$mpiexec" -n "$ranks" --oversubscribe "$parley" sweep "$scenario" "${design[@]}" \
      --threads 1 --out "$work/mpi$ranks"
    variants+=("mpi$ranks")
  done
else
  echo "note: parley was built without MPI; the mpirun variants are skipped"
fi

# The manifest without its `execution` block (threads, ranks, timings, command line).
inputs() { python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); m.pop("execution"); print(json.dumps(m, indent=1))' "$1"; }
[ "$(wc -l < "$work/threads1/outcomes.csv")" -eq $((6 * 150 + 1)) ] || fail "expected 901 outcome rows"
for variant in "${variants[@]}"; do
  for file in outcomes.csv summary.csv; do
    cmp "$work/threads1/$file" "$work/$variant/$file" || fail "$variant/$file differs from threads1"
  done
  [ "$(inputs "$work/threads1/manifest.json")" = "$(inputs "$work/$variant/manifest.json")" ] ||
    fail "$variant/manifest.json differs (outside execution)"
  echo "identical: threads1 = $variant"
done
# Each shard holds half of the points, and the design column is there.
head -1 "$work/threads1/summary.csv" | grep -q '^point,actors.us.salience.minerals_share,metric,' ||
  fail "summary.csv lacks the design column"
