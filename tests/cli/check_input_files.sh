#!/usr/bin/env bash
# Input files that are not regular files, or too big, are refused at once by
# their kind, with exit 3 and nothing written (issue 11, item 17): a FIFO
# (which would block open() out of reach of Ctrl-C), a character device
# (/dev/zero would be read until memory runs out), a directory, and a file
# over the 256 MiB cap — as a scenario, a case table, a design file and an
# [actors_table] file.
# Usage: check_input_files.sh PARLEY SCENARIO_DIR WORK
set -u
parley=$1 scenarios=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cd "$work" || exit 1
fail() { echo "FAIL: $*"; [ -f stderr ] && cat stderr; exit 1; }

# expect_refused "FRAGMENT" ARGS…: exit 3 within 10 s, the fragment in stderr, no output folder.
expect_refused() {
  local fragment=$1
  shift
  timeout -s KILL 10 "$parley" "$@" >stdout 2>stderr
  local code=$?
  [ "$code" -ne 137 ] || fail "parley $* blocked (killed after 10 s)"
  [ "$code" -eq 3 ] || fail "parley $*: exit $code, expected 3"
  grep -qF -- "$fragment" stderr || fail "parley $*: expected '$fragment'"
  [ -z "$(find . -maxdepth 1 \( -name 'out' -o -name '.out.partial*' -o -name results \))" ] \
    || fail "parley $* left an output folder"
}

mkfifo pipe.toml pipe.csv
truncate -s 300M huge.toml
cp "$scenarios/ukraine_2025.toml" scenario.toml
for command in validate run trace; do
  expect_refused "pipe.toml: expected a scenario file, found a FIFO (named pipe)" $command pipe.toml
  expect_refused "/dev/zero: expected a scenario file, found a character device" $command /dev/zero
  expect_refused "expected a scenario file, found a directory" $command .
  expect_refused "huge.toml: the scenario file is larger than the limit of 256 MiB for input files (found 300 MiB)" \
    $command huge.toml
done
expect_refused "pipe.csv: expected a case table (CSV file), found a FIFO (named pipe)" \
  forecast pipe.csv --out out
expect_refused "expected a case table (CSV file), found a character device" forecast /dev/zero --out out
expect_refused "pipe.toml: expected a design file, found a FIFO (named pipe)" \
  sweep scenario.toml --design pipe.toml --out out

# An [actors_table] whose file is a FIFO next to the scenario.
cat >table_scenario.toml <<'EOF'
[scenario]
name = "actors from a FIFO"
[[issues]]
id = "level"
range = [0, 100]
status_quo = 50
[actors_table]
file = "pipe.csv"
[[phases]]
id = "talks"
participants = "all"
max_rounds = 5
EOF
expect_refused "pipe.csv: expected a case table (CSV file), found a FIFO (named pipe)" validate table_scenario.toml
echo "FIFOs, devices, directories and oversized files refused at once"
