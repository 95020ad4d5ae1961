#!/usr/bin/env bash
# Results are never lost to an output path, a second process or a killed one
# (issue 11, items 3–7, 10, 15, 18):
#  3. `--out DIR/` and `--out DIR/.` mean DIR; an empty --out, ".", ".." and
#     "/" are refused before anything runs (exit 2, nothing written);
#  4. `--out` naming a dangling symbolic link is refused before computing
#     (run and sweep, exit 4), and the link and its target are untouched;
#  5. two runs started at once with the default output folder both finish:
#     one takes NAME, the other NAME-2 (the name is reserved atomically);
#  6. a second sweep into a folder a running sweep holds is refused at once
#     with "in use by process PID", and the running sweep finishes intact;
#  7. a run killed with SIGKILL leaves .NAME.partial-PID; the next run into
#     that parent removes it (and says so) but never a folder holding results;
# 10. `parley verify` re-runs in a fresh mkdtemp folder under $TMPDIR, never
#     in a predictable name (a planted link is not followed), and removes it on
#     every exit; a folder left by a killed verify goes with the next verify;
# 11. `--resume` trusts no link and no changed byte in the partial folder.
# 15. `parley trace --out` refuses to overwrite the scenario file (any name of it);
# 18. `parley forecast` stops on Ctrl-C with exit 130 and leaves no folder.
# Usage: check_output_paths.sh PARLEY SCENARIO_DIR WORK
set -u
parley=$1 scenarios=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
belarus="$scenarios/belarus_potash.toml"
ukraine="$scenarios/ukraine_2025.toml"
fail() { echo "FAIL: $*"; [ -f "$work/stderr" ] && cat "$work/stderr"; exit 1; }
cd "$work" || exit 1

# 3. Paths that name the same folder, and paths that name none.
"$parley" run "$belarus" -r 20 --out "slash/" --quiet 2>stderr || fail "--out slash/ failed"
[ -f slash/outcomes.csv ] || fail "--out slash/ did not write slash/"
"$parley" run "$belarus" -r 20 --out "dot/." --quiet 2>stderr || fail "--out dot/. failed"
[ -f dot/outcomes.csv ] || fail "--out dot/. did not write dot/"
"$parley" sweep "$belarus" --grid actors.us.reservation_utility=0.1:0.3:2 -r 10 --out "sweep_slash/" \
  --quiet 2>stderr || fail "sweep --out sweep_slash/ failed"
[ -f sweep_slash/outcomes.csv ] || fail "sweep --out sweep_slash/ did not write sweep_slash/"
for bad in "" "." ".." "/" "x/.."; do
  "$parley" run "$belarus" -r 20 --out "$bad" --quiet 2>stderr
  code=$?
  [ "$code" -eq 2 ] || fail "--out '$bad': exit $code, expected 2"
  grep -q -- "--out" stderr || fail "--out '$bad': no message"
done
left=$(find . -name '.*partial*')
[ -z "$left" ] || fail "partial folders left: $left"
echo "3. trailing slash and dot normalised; empty, ., .., / refused"

# 4. A dangling link as --out: refused up front, the link stays a link.
ln -s "$work/nowhere" dangling
for command in run sweep; do
  design=()
  [ "$command" = sweep ] && design=(--grid actors.us.reservation_utility=0.1:0.3:2)
  start=$(date +%s%N)
  "$parley" "$command" "$belarus" "${design[@]}" -r 20 --out dangling --quiet 2>stderr
  code=$?
  [ "$code" -eq 4 ] || fail "$command --out dangling: exit $code, expected 4"
  grep -q "is a symbolic link to $work/nowhere, which does not exist" stderr \
    || fail "$command --out dangling: no message"
  [ -L dangling ] && [ ! -e nowhere ] || fail "$command changed the link or made its target"
  [ -z "$(find . -maxdepth 1 -name '.dangling*')" ] || fail "$command left a partial folder"
done
echo "4. a dangling link as --out is refused before anything runs"

# 5. Two runs at once into the default folder: one takes -2.
mkdir race && cd race || exit 1
"$parley" run "$ukraine" -r 3000 --seed 7 --set actors.us.capability=1.1 --quiet 2>stderr_a &
a=$!
"$parley" run "$ukraine" -r 3000 --seed 7 --set actors.us.capability=1.2 --quiet 2>stderr_b &
b=$!
wait "$a" || fail "first default-folder run failed: $(cat stderr_a)"
wait "$b" || fail "second default-folder run failed: $(cat stderr_b)"
[ -f results/ukraine_2025-seed7/manifest.json ] && [ -f results/ukraine_2025-seed7-2/manifest.json ] \
  || fail "expected results/ukraine_2025-seed7 and -2: $(ls -a results)"
cd .. || exit 1
echo "5. two runs at once: $(ls race/results | tr '\n' ' ')"

# 6. A second sweep into a folder a running sweep holds.
grid=(--grid actors.us.reservation_utility=0.1:0.5:30 -r 2000 --threads 1)
"$parley" sweep "$ukraine" "${grid[@]}" --out busy --quiet 2>stderr_first &
first=$!
for _ in $(seq 1 100); do [ -f .busy.partial/.lock ] && break; sleep 0.1; done
"$parley" sweep "$ukraine" "${grid[@]}" --out busy --quiet 2>stderr
code=$?
[ "$code" -eq 4 ] || fail "second sweep into a busy folder: exit $code, expected 4"
grep -q "\.busy\.partial is in use by process $first" stderr || fail "no 'in use by process $first'"
"$parley" sweep "$ukraine" "${grid[@]}" --out busy --resume --quiet 2>stderr
[ $? -eq 4 ] && grep -q "in use by process $first" stderr || fail "--resume into a busy folder"
for _ in $(seq 1 300); do [ -s .busy.partial/spool.index ] && break; sleep 0.1; done
kill -INT "$first"
wait "$first"
code=$?
[ "$code" -eq 130 ] || fail "the first sweep: exit $code, expected 130 ($(cat stderr_first))"
grep -q "delete" stderr_first stderr && fail "a message advises deleting a folder of results"
"$parley" sweep "$ukraine" "${grid[@]}" --out busy --quiet 2>stderr
[ $? -eq 4 ] && grep -q "holds an interrupted sweep into busy: continue it with --resume" stderr \
  || fail "an interrupted sweep's folder without --resume"
echo "6. $(head -1 stderr)"

# 7. A run killed with SIGKILL: the next run into the parent clears its leftovers.
mkdir killed && cd killed || exit 1
"$parley" run "$ukraine" -r 400000 --out victim --quiet 2>/dev/null &
victim=$!
for _ in $(seq 1 100); do [ -d ".victim.partial-$victim" ] && break; sleep 0.1; done
sleep 0.5
kill -KILL "$victim"
wait "$victim" 2>/dev/null
[ -d ".victim.partial-$victim" ] || fail "SIGKILL left no partial folder to clean (test setup)"
mkdir .kept.partial-999999 && echo '{}' >.kept.partial-999999/manifest.json  # finished results
"$parley" run "$belarus" -r 20 --out next --quiet 2>stderr || fail "the next run failed"
[ ! -e ".victim.partial-$victim" ] || fail "the stale partial folder is still there"
[ ! -e victim ] || fail "the killed run's reserved folder is still there"
grep -q "removed ./.victim.partial-$victim, left by an interrupted run (process $victim has ended)" stderr \
  || fail "no notice of the removal"
[ -f .kept.partial-999999/manifest.json ] || fail "a partial folder holding results was removed"
grep -q "holds the finished results of an earlier run" stderr || fail "finished results not pointed out"
cd .. || exit 1
echo "7. $(head -1 killed/stderr)"

# 10. verify's scratch folder: private, under $TMPDIR, gone afterwards.
mkdir tmp victim_dir && echo keep >victim_dir/file
ln -s "$work/victim_dir" "tmp/parley-verify-$$"  # a planted link with a guessable name
"$parley" run "$ukraine" -r 4000 --out to_verify --quiet 2>stderr || fail "run for verify"
TMPDIR="$work/tmp" "$parley" verify to_verify >stdout 2>stderr || fail "verify failed: $(cat stdout)"
[ "$(cat victim_dir/file)" = keep ] || fail "verify wrote through a planted link"
[ -z "$(find tmp -mindepth 1 -maxdepth 1 ! -name "parley-verify-$$")" ] || fail "verify left: $(ls tmp)"
TMPDIR="$work/tmp" "$parley" verify to_verify >stdout 2>stderr &
verifier=$!
for _ in $(seq 1 100); do [ -n "$(find tmp -mindepth 1 -maxdepth 1 -type d)" ] && break; sleep 0.05; done
kill -KILL "$verifier"
wait "$verifier" 2>/dev/null
leftover=$(find tmp -mindepth 1 -maxdepth 1 -type d)
[ -n "$leftover" ] || fail "a killed verify left nothing (test setup)"
[ "$(stat -c %a "$leftover")" = 700 ] || fail "verify's scratch folder is not private"
TMPDIR="$work/tmp" "$parley" verify to_verify >stdout 2>stderr || fail "verify after a kill"
[ ! -e "$leftover" ] || fail "the killed verify's folder was not removed"
grep -q "removed .*/$(basename "$leftover")," stderr || fail "no notice of the removed scratch folder"
[ -L "tmp/parley-verify-$$" ] && [ "$(cat victim_dir/file)" = keep ] || fail "the planted link was touched"
echo "10. verify scratch private and cleaned; $(head -1 stderr)"

# 11. --resume: a spool file replaced by a link is refused (its target is
#     untouched); without the link, or with a spooled byte changed, the
#     affected points run again and the result is the uninterrupted bytes.
small=(--grid actors.us.reservation_utility=0.1:0.5:6 -r 1500 --threads 1 --quiet)
"$parley" sweep "$ukraine" "${small[@]}" --out whole11 2>stderr || fail "the reference sweep"
interrupted_sweep() {  # $1: --out; stops it after two finished points
  "$parley" sweep "$ukraine" "${small[@]}" --out "$1" 2>stderr &
  local pid=$!
  for _ in $(seq 1 600); do
    [ "$(wc -l <".$1.partial/spool.index" 2>/dev/null || echo 0)" -ge 2 ] && break
    sleep 0.05
  done
  kill -INT "$pid"
  wait "$pid"
  [ $? -eq 130 ] || fail "the sweep into $1 was not interrupted"
}
interrupted_sweep linked
echo "do not touch" >victim.txt
rm .linked.partial/spool.summary
ln -s "$work/victim.txt" .linked.partial/spool.summary
"$parley" sweep "$ukraine" "${small[@]}" --out linked --resume 2>stderr
code=$?
[ "$code" -eq 4 ] || fail "resume through a linked spool file: exit $code, expected 4"
grep -q "spool.summary is a symbolic link; parley does not follow links" stderr || fail "no link message"
[ "$(cat victim.txt)" = "do not touch" ] || fail "the link's target was written"
rm .linked.partial/spool.summary
"$parley" sweep "$ukraine" "${small[@]}" --out linked --resume 2>stderr || fail "resume without the link"
cmp -s linked/outcomes.csv whole11/outcomes.csv && cmp -s linked/summary.csv whole11/summary.csv \
  || fail "resumed without the link: not the uninterrupted bytes"
interrupted_sweep changed
printf 'X' | dd of=.changed.partial/spool.outcomes bs=1 seek=10 conv=notrunc status=none
"$parley" sweep "$ukraine" "${small[@]}" --out changed --resume 2>stderr || fail "resume with a changed byte"
grep -q "do not match their checksum" stderr || fail "no notice of the changed point"
cmp -s changed/outcomes.csv whole11/outcomes.csv && cmp -s changed/summary.csv whole11/summary.csv \
  || fail "resumed after a changed byte: not the uninterrupted bytes"
[ -z "$(ls -A changed | grep -v -e outcomes.csv -e summary.csv -e manifest.json)" ] \
  || fail "scratch files left in the results: $(ls -A changed)"
echo "11. $(head -1 stderr)"

# 15. trace --out never overwrites the scenario.
cp "$belarus" scenario.toml
ln scenario.toml hard_link.toml
before=$(sha256sum scenario.toml)
for target in scenario.toml ./scenario.toml hard_link.toml; do
  "$parley" trace scenario.toml --out "$target" 2>stderr
  code=$?
  [ "$code" -eq 2 ] || fail "trace --out $target: exit $code, expected 2"
  grep -q "is the input file scenario.toml" stderr || fail "trace --out $target: no message"
done
[ "$before" = "$(sha256sum scenario.toml)" ] || fail "the scenario file changed"
refusal=$(head -1 stderr)
"$parley" trace scenario.toml --out trace.txt 2>stderr || fail "trace --out trace.txt"
echo "15. $refusal"

# 18. forecast: Ctrl-C exits 130 and leaves no folder.
awk 'BEGIN { print "case,actor,position,salience,capability";
  for (c = 0; c < 40000; c++) for (a = 0; a < 6; a++)
    printf "c%d,a%d,%d,0.%d,%d\n", c, a, (c * 7 + a * 13) % 101, 1 + a, 1 + (c + a) % 5 }' >cases.csv
"$parley" forecast cases.csv --out forecast_out >stdout 2>stderr &
forecaster=$!
sleep 1
kill -INT "$forecaster"
wait "$forecaster"
code=$?
[ "$code" -eq 130 ] || fail "forecast after SIGINT: exit $code, expected 130"
grep -q "interrupted: no output folder was written" stderr || fail "forecast: no message"
[ -z "$(find . -maxdepth 1 -name '*forecast_out*')" ] || fail "forecast left a folder"
echo "18. forecast interrupted: $(tail -1 stderr)"
