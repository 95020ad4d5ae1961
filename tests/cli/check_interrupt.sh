#!/usr/bin/env bash
# SIGINT (Ctrl-C) or SIGTERM (kill, a batch scheduler) during a run: exit code
# 130, a message, and no output folder (final or partial) left behind.
set -u
parley=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
for signal in INT TERM; do
  "$parley" run "$scenario" --replicates 400000 --out "$work/out" --quiet 2>"$work/stderr" &
  pid=$!
  sleep 1
  kill "-$signal" "$pid"
  wait "$pid"
  code=$?
  [ "$code" -eq 130 ] || { echo "SIG$signal: exit code $code, expected 130"; cat "$work/stderr"; exit 1; }
  grep -q "interrupted: no output folder was written" "$work/stderr" || { echo "SIG$signal: no message"; cat "$work/stderr"; exit 1; }
  left=$(find "$work" -mindepth 1 ! -name stderr)
  [ -z "$left" ] || { echo "SIG$signal: left behind: $left"; exit 1; }
  echo "SIG$signal: interrupted cleanly"
done
