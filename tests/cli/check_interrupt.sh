#!/usr/bin/env bash
# SIGINT during a run: exit code 130, a message, and no output folder (final or
# partial) left behind.
set -u
parley=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
"$parley" run "$scenario" --replicates 400000 --out "$work/out" --quiet 2>"$work/stderr" &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
code=$?
[ "$code" -eq 130 ] || { echo "exit code $code, expected 130"; cat "$work/stderr"; exit 1; }
grep -q "interrupted: no output folder was written" "$work/stderr" || { echo "no message"; cat "$work/stderr"; exit 1; }
left=$(find "$work" -mindepth 1 ! -name stderr)
[ -z "$left" ] || { echo "left behind: $left"; exit 1; }
echo "interrupted cleanly"
