#!/usr/bin/env bash
# Out of memory (README: exit code 4). Wherever memory runs out — refused by the
# memory pre-check before the run, an allocation failing in a worker thread in
# the middle of it, a worker thread that cannot start — parley must print a
# clear message and exit 4, every time, and leave no output or partial folder
# and no half file. Issue 11, item 20: `parley run scenarios/ukraine_2025.toml
# -r 20000 -j 2` under `ulimit -v 60000` segfaulted one time in three (a double
# free while unwinding: core/eigen_resize.hpp) and otherwise printed
# "std::bad_alloc" with exit 1.
#
# Usage: check_out_of_memory.sh PARLEY SOURCE_DIR WORK [FAIL_ALLOCATION_LIBRARY]
# FAIL_ALLOCATION_LIBRARY is tests/cli/fail_allocation.c built as a shared
# library: preloaded, it makes the N-th allocation of a worker thread fail
# (PARLEY_FAIL_ALLOCATION=N) or the N-th thread not start (PARLEY_FAIL_THREAD=N).
#
# Under AddressSanitizer or ThreadSanitizer neither `ulimit -v` nor the library
# can work: the sanitizer maps terabytes of shadow memory at start-up (under any
# address-space limit that leaves room for it the program cannot even load its
# libraries), its operator new reports running out of memory as a fatal error
# instead of throwing, and its runtime must come first and replaces malloc.
# There the script runs what the sanitizer can run: an allocation of Eigen
# (which allocates with malloc) refused by the sanitizer's own allocator
# (allocator_may_return_null=1 and max_allocation_size_mb) in the worker
# threads, 20 times, so that ASan checks every free of the unwinding and TSan
# every hand-over between the threads; the pre-check's address-space
# arithmetic is covered by unit tests (resource_estimate_test.cpp).
set -u
parley=$1 source=$2 work=$3 library=${4:-}
ukraine=$source/scenarios/ukraine_2025.toml
rubinstein=$source/tests/reference/rubinstein.toml
endless=$source/tests/cli/scenarios/endless_talks.toml
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; [ -f "$work/stderr" ] && cat "$work/stderr"; exit 1; }
message() { grep -m1 "^error: " "$work/stderr"; }

# expect_exit_4 LABEL PATTERN COMMAND…: runs COMMAND (stderr to $work/stderr),
# requires exit code 4, a line of stderr that matches PATTERN (an extended
# regular expression; ASan may warn first) and nothing else in $work: no
# output, partial folder or temporary.
expect_exit_4() {
  local label=$1 pattern=$2
  shift 2
  "$@" 2>"$work/stderr" >/dev/null
  local code=$?
  [ "$code" -eq 4 ] || fail "$label: exit code $code, expected 4"
  grep -Eq "$pattern" "$work/stderr" || fail "$label: no message matching $pattern"
  local left
  left=$(find "$work" -mindepth 1 ! -name stderr)
  [ -z "$left" ] || fail "$label: left behind: $left"
}

out_of_memory='^error: out of memory: '
pre_check='^error: (parley run would need about .* of memory|[0-9]+ worker threads would need about .* of address space)'

# A worker's Eigen allocation of 1.6 GB: an equilibrium plan over 10^8 rounds
# (backward induction stores 2 continuation values a round), in every replicate.
huge_plan=(run "$rubinstein" --set phases.bargaining.max_rounds=100000000 --replicates 65 --threads 2
  --out "$work/plan" --quiet)

sanitizer=
case $(ldd "$parley" 2>/dev/null) in
  *libasan*) sanitizer=ASAN ;;
  *libtsan*) sanitizer=TSAN ;;
esac
if [ -n "$sanitizer" ]; then
  echo "${sanitizer} build: ulimit -v and the preloaded library are skipped (see the header)"
  options_name=${sanitizer}_OPTIONS
  refuse="${!options_name:-}:allocator_may_return_null=1:max_allocation_size_mb=256"
  for k in $(seq 1 20); do
    expect_exit_4 "refused allocation, try $k" "$out_of_memory" \
      env "$options_name=$refuse" "$parley" "${huge_plan[@]}"
  done
  echo "an allocation refused in the worker threads: exit 4, nothing left, 20 of 20 times"
  exit 0
fi

# limited KB COMMAND…: COMMAND under `ulimit -v KB`.
limited() {
  local kb=$1
  shift
  (ulimit -v "$kb" && exec "$@")
}

# 1. The case of the issue, 20 times: the pre-check counts the two worker
# threads' stacks and malloc arenas against the address-space limit and
# refuses the run before it starts.
for k in $(seq 1 20); do
  expect_exit_4 "issue case, try $k" "$out_of_memory|$pre_check" \
    limited 60000 "$parley" run "$ukraine" -r 20000 -j 2 --out "$work/issue" --quiet
done
echo "issue case (-r 20000 -j 2 under ulimit -v 60000), 20 of 20: $(message)"

# 2. Before the run, one thread: the replicates' records do not fit.
expect_exit_4 "records" "^error: parley run would need about .* of memory" \
  limited 30000 "$parley" run "$ukraine" -r 20000 -j 1 --out "$work/records" --quiet
echo "records: $(message)"

# 3. In the middle of the run, in the worker threads: past the pre-check, each
# replicate's equilibrium plan asks for 1.6 GB.
for k in $(seq 1 5); do
  expect_exit_4 "plan, try $k" "$out_of_memory" limited 400000 "$parley" "${huge_plan[@]}"
done
echo "allocation in the worker threads, 5 of 5: $(message)"

# 4. In the middle of a trace (no pre-check): its log of a million rounds,
# bounded to about 100000 moves (some 20 MB), does not fit; the previous file
# stays as it was.
echo "previous" >"$work/trace.txt"
limited 25000 "$parley" trace "$endless" --set phases.talks.max_rounds=1000000 \
  --out "$work/trace.txt" 2>"$work/stderr"
code=$?
[ "$code" -eq 4 ] || fail "trace: exit code $code, expected 4"
grep -Eq "$out_of_memory" "$work/stderr" || fail "trace: no out-of-memory message"
[ "$(cat "$work/trace.txt")" = "previous" ] || fail "trace: the previous file changed"
rm "$work/trace.txt"
left=$(find "$work" -mindepth 1 ! -name stderr)
[ -z "$left" ] || fail "trace: left behind: $left"
echo "trace: $(message)"

if [ -z "$library" ] || [ ! -f "$library" ]; then
  echo "no fail-allocation library given: allocation points and thread starts not checked"
  exit 0
fi

# 5. One allocation of a worker thread fails, at points spread over a run of
# 200 replicates with the analysis of each agreement (the allocations of the
# sessions, the records, the Nash and Pareto searches): each must unwind. The
# points: the first few, then 40 spread evenly over all the workers' allocations
# (counted in a first run).
run_200=(run "$ukraine" -r 200 -j 2 --quiet)
env LD_PRELOAD="$library" PARLEY_COUNT_ALLOCATIONS="$work/count" "$parley" "${run_200[@]}" \
  --out "$work/whole" 2>"$work/stderr" || fail "the counting run failed"
total=$(cat "$work/count")
rm -rf "$work/count" "$work/whole"
[ "$total" -gt 1000 ] || fail "only $total allocations counted: is the library preloaded?"
points="1 2 3 5 8 13 21 34 55 89"
for k in $(seq 1 40); do points="$points $((total * k / 41))"; done
for n in $points; do
  expect_exit_4 "allocation $n of $total" "$out_of_memory" env LD_PRELOAD="$library" \
    PARLEY_FAIL_ALLOCATION="$n" "$parley" "${run_200[@]}" --out "$work/alloc"
done
echo "one of the $total allocations of the worker threads fails, at 50 points: exit 4, nothing left"

# 6. A worker thread cannot be started: those started are stopped and joined.
for n in 1 2; do
  expect_exit_4 "thread $n" "^error: out of memory: cannot start worker thread $n of 2" \
    env LD_PRELOAD="$library" PARLEY_FAIL_THREAD="$n" \
    "$parley" run "$ukraine" -r 200 -j 2 --out "$work/thread" --quiet
done
echo "thread start fails: $(message)"
