#!/usr/bin/env bash
# Untrusted input through the real binary: a --set VALUE is one value (a refused
# one writes nothing, so no manifest records extra text); case ids and scenario
# names reach the terminal with control bytes escaped; an [actors_table] file
# outside the scenario's folder is refused unless every command that loads the
# scenario is given --allow-outside-data.
# Usage: check_input_hardening.sh PARLEY SCENARIO_DIR WORK
set -u
parley=$1 scenarios=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
esc=$(printf '\033')
bel=$(printf '\007')
has_raw_control() { grep -q "[$esc$bel]" "$1"; }

# --set: a second line, a comment, a control byte — usage errors, nothing written.
i=0
for value in "1
evil = 2" "1 # note" "1${esc}[2J"; do
  i=$((i + 1))
  "$parley" run "$scenarios/ukraine_2025.toml" --replicates 10 --out "$work/set$i" \
    --set "actors.us.capability=$value" >/dev/null 2>"$work/err"
  code=$?
  [ $code -eq 2 ] || fail "--set VALUE #$i: exit $code, expected 2; stderr: $(cat "$work/err")"
  grep -q 'a VALUE is one number, one option name in quotes or one inline table' "$work/err" ||
    fail "--set VALUE #$i: message: $(cat "$work/err")"
  ! has_raw_control "$work/err" || fail "--set VALUE #$i: raw control bytes on stderr"
  [ ! -e "$work/set$i" ] || fail "--set VALUE #$i: a refused override left $work/set$i behind"
done
"$parley" trace "$scenarios/ukraine_2025.toml" --set "actors.us.capability=1
evil = 2" >/dev/null 2>"$work/err"
[ $? -eq 2 ] || fail "trace --set with a line break: $(cat "$work/err")"

# parley forecast: a skipped case's id and message are escaped on stderr.
printf 'case,actor,position,salience,capability\ngood,x,20,50,2\ngood,y,80,100,1\nbad\033[2J,solo\a,40,60,1\n' \
  > "$work/cases.csv"
"$parley" forecast "$work/cases.csv" --out "$work/forecast" >/dev/null 2>"$work/err" ||
  fail "forecast: exit $?: $(cat "$work/err")"
grep -qF 'case "bad\x1b[2J" skipped: 1 actor: a case needs at least 2' "$work/err" ||
  fail "forecast: the skipped case is not escaped: $(cat -v "$work/err")"
! has_raw_control "$work/err" || fail "forecast: raw control bytes on stderr: $(cat -v "$work/err")"

# A table outside the scenario's folder.
mkdir -p "$work/outside/scenario"
printf 'case,actor,position,salience,capability\nc,Germany,4,0.8,0.16\nc,France,10,0.6,0.16\n' \
  > "$work/outside/table.csv"
cat > "$work/outside/scenario/s.toml" <<'TOML'
[scenario]
name = "outside\u001b]0;title\u0007"

[run]
replicates = 4

[[issues]]
id = "year"
label = "Year"
range = [4.0, 10.0]
status_quo = 10.0

[actors_table]
file = "../table.csv"

[[phases]]
id = "council"
participants = ["germany", "france"]
protocol = "median"
TOML
s=$work/outside/scenario/s.toml
"$parley" validate "$s" >/dev/null 2>"$work/err"
[ $? -eq 3 ] && grep -q 's.toml:14:8: expected `file` to be inside the scenario.s folder, found "../table.csv"' "$work/err" &&
  grep -q 'pass --allow-outside-data to allow it' "$work/err" ||
  fail "validate: a table outside the folder was not refused: $(cat "$work/err")"
"$parley" validate "$s" --allow-outside-data >"$work/out" 2>"$work/err" ||
  fail "validate --allow-outside-data: exit $?: $(cat "$work/err")"
# The scenario's name reaches the terminal escaped.
grep -qF '"outside\x1b]0;title\x07": 1 issues, 2 actors' "$work/out" ||
  fail "validate: the name is not escaped: $(cat -v "$work/out")"
! has_raw_control "$work/out" || fail "validate: raw control bytes on stdout"
"$parley" run "$s" --out "$work/outside/refused" -q -j 1 2>"$work/err"
[ $? -eq 3 ] && [ ! -e "$work/outside/refused" ] ||
  fail "run without --allow-outside-data: $(cat "$work/err")"
"$parley" run "$s" --allow-outside-data --out "$work/outside/run" -j 1 >"$work/out" 2>"$work/err" ||
  fail "run --allow-outside-data: exit $?: $(cat "$work/err")"
! has_raw_control "$work/out" || fail "run: raw control bytes in the summary"
"$parley" verify "$work/outside/run" -j 1 >/dev/null 2>"$work/err"
[ $? -eq 3 ] || fail "verify without --allow-outside-data: $(cat "$work/err")"
"$parley" verify "$work/outside/run" -j 1 --allow-outside-data >/dev/null 2>"$work/err" ||
  fail "verify --allow-outside-data: exit $?: $(cat "$work/err")"
"$parley" trace "$s" --allow-outside-data --no-color >/dev/null 2>"$work/err" ||
  fail "trace --allow-outside-data: exit $?: $(cat "$work/err")"
"$parley" sweep "$s" --allow-outside-data --values actors.germany.capability=0.1,0.2 \
  --replicates 2 -j 1 -q --out "$work/outside/sweep" 2>"$work/err" ||
  fail "sweep --allow-outside-data: exit $?: $(cat "$work/err")"
"$parley" sweep "$s" --values actors.germany.capability=0.1,0.2 --replicates 2 -j 1 -q \
  --out "$work/outside/sweep2" 2>/dev/null
[ $? -eq 3 ] && [ ! -e "$work/outside/sweep2" ] || fail "sweep without --allow-outside-data"
echo "input hardening: --set values, escaped output and --allow-outside-data as expected"
