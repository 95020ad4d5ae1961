#!/usr/bin/env bash
# Sweep throughput and memory, end to end through the CLI (README, Performance):
# - points × replicates per second of a grid sweep of ukraine_2025 (no analysis)
#   on 1 and 2 threads and on 2 MPI ranks of 1 thread each;
# - peak resident memory (RSS) of sweeps of 10^3 and 10^4 points, which must not
#   grow with the number of points (outcomes stream to disk).
# With FULL=1 it also runs the 10^4 points × 10^3 replicates of issues 6 and 18
# on 2 threads and on 2 MPI ranks (about 3 minutes each and 2.4 GB of
# outcomes.csv on 2 cores), against one `parley run` of 10^6 replicates (the
# single-point rate).
# Usage: bash bench/sweep_scaling.sh [PARLEY]   (default build/release/parley)
# Needs /usr/bin/time (package `time`, installed by tools/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
parley=${1:-build/release/parley}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_pml=ob1 \
  OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none

sweep() {  # sweep POINTS REPLICATES OUT [launcher…] -- [parley options…]
  local points=$1 replicates=$2 out=$3
  shift 3
  local launcher=()
  while [ "$1" != "--" ]; do launcher+=("$1"); shift; done
  shift
  /usr/bin/time -f "%e %M" -o "$work/time" "${launcher[@]}" "$parley" sweep \
    scenarios/ukraine_2025.toml --grid "actors.us.salience.minerals_share=0:1:$points" \
    --replicates "$replicates" --no-analysis --quiet --out "$out" "$@"
  awk -v label="${label:-}" -v p="$points" -v r="$replicates" '{
    printf "%-26s %6d points × %5d replicates  %7.2f s  %7.0f point·replicates/s  peak RSS %6.1f MB\n",
      label, p, r, $1, p * r / $1, $2 / 1024 }' "$work/time"
}

label="1 thread" sweep 200 500 "$work/t1" -- --threads 1
label="2 threads" sweep 200 500 "$work/t2" -- --threads 2
if command -v mpirun >/dev/null; then
  label="2 MPI ranks × 1 thread" sweep 200 500 "$work/mpi2" mpirun -np 2 -- --threads 1
fi
cmp "$work/t1/outcomes.csv" "$work/t2/outcomes.csv"
label="memory, 10^3 points" sweep 1000 100 "$work/m3" -- --threads 2
label="memory, 10^4 points" sweep 10000 100 "$work/m4" -- --threads 2
ls -l "$work/m4/outcomes.csv" | awk '{printf "10^4-point outcomes.csv: %.0f MB\n", $5 / 1e6}'
if [ "${FULL:-0}" = 1 ]; then
  rm -rf "$work"/t1 "$work"/t2 "$work"/mpi2 "$work"/m3 "$work"/m4
  # The single-point rate the sweeps are measured against: one `parley run` of
  # 10^6 replicates on 2 threads, the whole process (its records stay in memory).
  /usr/bin/time -f "%e %M" -o "$work/time" "$parley" run scenarios/ukraine_2025.toml \
    --replicates 1000000 --no-analysis --quiet --threads 2 --out "$work/single"
  awk '{ printf "%-26s %6d point  × %7d replicates  %7.2f s  %7.0f replicates/s          peak RSS %6.1f MB\n",
      "single point (parley run)", 1, 1000000, $1, 1000000 / $1, $2 / 1024 }' "$work/time"
  rm -rf "$work/single"
  label="10^4 × 10^3, 2 threads" sweep 10000 1000 "$work/full" -- --threads 2
  ls -l "$work/full/outcomes.csv" | awk '{printf "outcomes.csv: %.2f GB\n", $5 / 1e9}'
  rm -rf "$work/full"
  if command -v mpirun >/dev/null; then
    label="10^4 × 10^3, 2 MPI ranks" sweep 10000 1000 "$work/full_mpi" mpirun -np 2 -- --threads 1
    rm -rf "$work/full_mpi"
  fi
fi
