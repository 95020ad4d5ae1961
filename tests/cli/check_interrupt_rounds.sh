#!/usr/bin/env bash
# Ctrl-C during one long phase: with max_rounds = 100000000 a replicate takes
# about 25 s (minutes under a sanitizer), and a unit of 64 replicates half an
# hour. `parley run`, `parley sweep` and `parley trace` check the cancel flag
# every round, so SIGINT or SIGTERM after a second must end them with exit
# code 130 and their message within a few seconds, leaving no output behind.
# Usage: check_interrupt_rounds.sh PARLEY ENDLESS_SCENARIO WORK
set -u
parley=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; cat "$work/stderr"; exit 1; }

# interrupt SIGNAL MESSAGE ARGS…: runs `parley ARGS…`, sends SIGNAL after 1 s,
# and requires exit 130 within 5 s of the signal, MESSAGE on stderr and nothing
# in $work but the captured streams.
interrupt() {
  local signal=$1 message=$2
  shift 2
  "$parley" "$@" >"$work/stdout" 2>"$work/stderr" &
  local pid=$!
  sleep 1
  kill -0 "$pid" 2>/dev/null || fail "$*: ended before the signal"
  kill "-$signal" "$pid"
  local sent=$SECONDS
  # Wait at most 5 s; past that the process is killed and the case fails.
  while kill -0 "$pid" 2>/dev/null && [ $((SECONDS - sent)) -lt 5 ]; do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"
    wait "$pid"
    fail "$* still running 5 s after SIG$signal"
  fi
  wait "$pid"
  local code=$?
  [ "$code" -eq 130 ] || fail "$* (SIG$signal): exit code $code, expected 130"
  grep -q "$message" "$work/stderr" || fail "$* (SIG$signal): no \"$message\""
  [ ! -s "$work/stdout" ] || fail "$* (SIG$signal): wrote to stdout"
  local left
  left=$(find "$work" -mindepth 1 ! -name stdout ! -name stderr)
  [ -z "$left" ] || fail "$* (SIG$signal): left behind: $left"
  echo "SIG$signal: $1 stopped in $((SECONDS - sent)) s or less"
}

interrupt INT "interrupted: no output folder was written" \
  run "$scenario" --out "$work/run" --quiet
interrupt TERM "interrupted: no output folder was written" \
  run "$scenario" --replicates 4 --threads 2 --out "$work/run" --quiet
interrupt INT "interrupted before any point finished: nothing was kept" \
  sweep "$scenario" --grid actors.buyer.reservation_utility=0.8:0.9:2 --threads 2 \
  --out "$work/sweep" --quiet
interrupt INT "interrupted: nothing was written" trace "$scenario" --out "$work/trace.txt"
interrupt TERM "interrupted: nothing was written" trace "$scenario" --format jsonl
