#!/usr/bin/env bash
# `parley trace`: the flagship scenario told in words (every phase, rounds, the
# outcome last; no ANSI escapes when piped), the same replicate as JSON lines
# written atomically to --out (every line valid JSON, session first, outcome
# last), and the model rounds of an expected_utility phase.
# Usage: check_trace.sh PARLEY SCENARIO_DIR WORK
set -u
parley=$1 scenarios=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
python=/usr/bin/python3
[ -x "$python" ] || python=python3

"$parley" trace "$scenarios/ukraine_2025.toml" --seed 1 >"$work/ukraine.txt" 2>"$work/stderr" ||
  fail "exit $? for the text trace: $(cat "$work/stderr")"
[ -s "$work/ukraine.txt" ] || fail "empty text trace"
for label in "Phase 1 — Exploratory US–Russia talks in Saudi Arabia" \
             "Phase 2 — Peace talks with everyone at the table"; do
  grep -qF "$label" "$work/ukraine.txt" || fail "no \"$label\""
done
grep -q "^Round 1" "$work/ukraine.txt" || fail "no \"Round 1\""
grep -q "^  Not agreed: Russia and Ukraine reject it, and each holds a veto.$" "$work/ukraine.txt" || fail "no reason why a proposal failed"
grep -q "An interim step: it becomes the status quo of phase 2" "$work/ukraine.txt" ||
  fail "no interim step"
# A ratification step: the transactional golden scenario (a ratifier, a side payment).
"$parley" trace "$scenarios/../tests/golden/transactional.toml" --seed 1 >"$work/ratify.txt" \
  2>"$work/stderr" || fail "exit $? for the ratification trace: $(cat "$work/stderr")"
grep -q "must ratify it.$" "$work/ratify.txt" || fail "no ratification step"
grep -q "^Outcome: " "$work/ukraine.txt" || fail "no outcome line"
# The outcome is the last section: nothing after it but its details (indented
# lines and the Utilities / Threats headings).
tail -n +"$(grep -n '^Outcome: ' "$work/ukraine.txt" | cut -d: -f1)" "$work/ukraine.txt" |
  grep -qE '^(Round|Phase)' && fail "rounds or phases after the outcome"
grep -q $'\033' "$work/ukraine.txt" && fail "ANSI escapes in piped output"
"$parley" trace "$scenarios/ukraine_2025.toml" --seed 1 --no-color | cmp -s - "$work/ukraine.txt" ||
  fail "--no-color differs from piped output"
# The default seed is the scenario's [run] seed.
"$parley" trace "$scenarios/ukraine_2025.toml" | head -1 | grep -q "seed 20250218, replicate 0" ||
  fail "default seed is not the scenario's [run] seed"

check_jsonl() {  # FILE LABEL: every line JSON, session first, outcome last
  "$python" -c '
import json, sys
events = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
assert events, "no events"
assert events[0]["event"] == "session", events[0]["event"]
assert events[-1]["event"] == "outcome", events[-1]["event"]
kinds = {e["event"] for e in events}
for needed in sys.argv[2:]:
    assert needed in kinds, "no " + needed + " event"
' "$@" || fail "$1: not the JSON lines expected"
}
"$parley" trace "$scenarios/ukraine_2025.toml" --seed 1 --format jsonl --out "$work/ukraine.jsonl" \
  >"$work/stdout" 2>"$work/stderr" || fail "exit $? for --format jsonl: $(cat "$work/stderr")"
[ -s "$work/stdout" ] && fail "--out still wrote to stdout"
check_jsonl "$work/ukraine.jsonl" phase_start offer response phase_end
ls -a "$work" | grep -q '\.tmp' && fail "a temporary file was left behind"
# Same replicate as the text: the same number of offers.
[ "$(grep -c '"event":"offer"' "$work/ukraine.jsonl")" -eq \
  "$(grep -cE '(^Round [0-9]+ · |^  )[A-Z][A-Za-z ]+ proposes' "$work/ukraine.txt")" ] ||
  fail "text and JSON lines tell different replicates"

"$parley" trace "$scenarios/bdm_example.toml" --format jsonl >"$work/bdm.jsonl" 2>"$work/stderr" ||
  fail "exit $? for bdm_example: $(cat "$work/stderr")"
check_jsonl "$work/bdm.jsonl" model_round offer phase_end
"$parley" trace "$scenarios/bdm_example.toml" | grep -q "^  Model round 10 on year: median" ||
  fail "no model rounds in the bdm_example text"

# Usage errors: exit 2, nothing written.
"$parley" trace "$scenarios/ukraine_2025.toml" --format xml --out "$work/x" 2>"$work/err"
[ $? -eq 2 ] && grep -q "text or jsonl" "$work/err" || fail "bad --format: $(cat "$work/err")"
[ ! -e "$work/x" ] || fail "a bad --format left a file"
echo "trace: text, JSON lines and model rounds as expected"
