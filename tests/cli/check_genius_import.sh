#!/usr/bin/env bash
# `parley import genius` on the hand-written GENIUS files of the unit tests
# (tests/unit/parsing/data/genius): good input writes the scenario file whole
# (exit 0, no temporary left behind; a second run replaces it); bad input exits
# 3 naming file:line:column and writes nothing (an older output stays as it
# was); usage errors exit 2; --help works. That parley accepts the written file
# is checked where the scenario parser is tested.
# Usage: check_genius_import.sh PARLEY DATA_DIR WORK
set -u
parley=$1 data=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

"$parley" import genius --help >"$work/help" 2>"$work/stderr" || fail "exit $? for --help"
grep -q "^Usage: parley import genius DOMAIN.xml PROFILE_1.xml PROFILE_2.xml --out FILE.toml" \
  "$work/help" || fail "no usage line in import genius --help"
grep -q "gives max_rounds = 2N" "$work/help" || fail "--help does not give the time convention"
"$parley" import --help | grep -q "^Usage: parley import genius" || fail "parley import --help"
"$parley" --help | grep -q "  import genius DOMAIN.xml" || fail "parley --help does not list import"

good=("$data/small_domain.xml" "$data/buyer.xml" "$data/seller.xml")
"$parley" import genius "${good[@]}" --out "$work/small.toml" >"$work/stdout" 2>"$work/stderr" ||
  fail "exit $? on good input: $(cat "$work/stderr")"
grep -q '^max_rounds = 200$' "$work/small.toml" || fail "no max_rounds = 200 in the scenario"
grep -q '^knowledge = "private"' "$work/small.toml" || fail "no private knowledge"
grep -qF "wrote $work/small.toml: 2 issues, 9 outcomes, 2 actors, max_rounds 200" "$work/stdout" ||
  fail "unexpected stdout: $(cat "$work/stdout")"
grep -qF 'note: "seller.xml": <weight index="3"> (value 1) names no issue of the domain: ignored' \
  "$work/stderr" || fail "no note on the ignored weight: $(cat "$work/stderr")"
ls -a "$work" | grep -q '\.tmp' && fail "a temporary file was left behind"

# The scenario it writes is one parley reads and runs: private preferences,
# option valuations, Pareto-seeking bids (scenarios/README.md).
"$parley" validate "$work/small.toml" >"$work/stdout" 2>"$work/stderr" ||
  fail "the imported scenario does not validate: $(cat "$work/stderr")"
"$parley" run "$work/small.toml" --replicates 2 --out "$work/small_run" >/dev/null 2>"$work/stderr" ||
  fail "the imported scenario does not run: $(cat "$work/stderr")"
head -1 "$work/small_run/outcomes.csv" | grep -q 'utility_party_1,utility_party_2' ||
  fail "no utilities of party_1 and party_2 in outcomes.csv"

# A second run with options replaces the file.
"$parley" import genius "${good[@]}" --out "$work/small.toml" --rounds 5 --strategy tit_for_tat \
  --name "Small" >/dev/null 2>"$work/stderr" || fail "exit $? with options: $(cat "$work/stderr")"
grep -q '^max_rounds = 10$' "$work/small.toml" || fail "--rounds 5 did not give max_rounds = 10"
grep -q '^strategy = { kind = "tit_for_tat" }$' "$work/small.toml" || fail "--strategy not written"
grep -q '^name = "Small"$' "$work/small.toml" || fail "--name not written"
cp "$work/small.toml" "$work/kept.toml"

# Bad input: exit 3, the location and the message, nothing written.
check_bad() {  # DOMAIN PROFILE_1 PROFILE_2 MESSAGE (after the data folder)
  rm -f "$work/bad.toml"
  "$parley" import genius "$data/$1" "$data/$2" "$data/$3" --out "$work/bad.toml" \
    >"$work/stdout" 2>"$work/stderr"
  local code=$?
  [ "$code" -eq 3 ] || fail "$*: exit $code, expected 3: $(cat "$work/stderr")"
  grep -qF "error: $data/$4" "$work/stderr" || fail "$*: stderr is $(cat "$work/stderr")"
  [ -e "$work/bad.toml" ] && fail "$*: a scenario was written"
  return 0
}
check_bad bad_etype_domain.xml buyer.xml seller.xml \
  "bad_etype_domain.xml:10:7: expected a discrete issue (only discrete issues can be imported)"
check_bad small_domain.xml buyer_unknown_item.xml seller.xml \
  "buyer_unknown_item.xml:9:7: expected one of the domain's values of issue"
check_bad small_domain.xml seller.xml buyer_missing_evaluation.xml \
  "buyer_missing_evaluation.xml:14:7: expected an evaluation (a number)"
check_bad small_domain.xml buyer.xml malformed.xml \
  "malformed.xml:5:5: expected a GENIUS profile file in well-formed XML"
check_bad small_domain.xml buyer.xml no_such_file.xml "no_such_file.xml: "
# An older output stays as it was when the input is bad.
"$parley" import genius "$data/small_domain.xml" "$data/buyer.xml" "$data/malformed.xml" \
  --out "$work/small.toml" >/dev/null 2>&1
[ $? -eq 3 ] || fail "malformed input over an existing output: not exit 3"
cmp -s "$work/small.toml" "$work/kept.toml" || fail "bad input changed an existing output"

# Usage errors: exit 2, nothing written.
check_usage() {  # MESSAGE ARGUMENTS…
  local message=$1
  shift
  "$parley" import "$@" >"$work/stdout" 2>"$work/stderr"
  local code=$?
  [ "$code" -eq 2 ] || fail "import $*: exit $code, expected 2: $(cat "$work/stderr")"
  grep -qF -- "$message" "$work/stderr" || fail "import $*: stderr is $(cat "$work/stderr")"
  return 0
}
check_usage "expected 3 files" genius "$data/small_domain.xml" "$data/buyer.xml" --out "$work/u.toml"
check_usage "missing --out FILE.toml" genius "${good[@]}"
check_usage "--rounds: expected GENIUS rounds from 1" genius "${good[@]}" --out "$work/u.toml" \
  --rounds 0
check_usage "--exponent: expected a strategy with an exponent parameter" genius "${good[@]}" \
  --out "$work/u.toml" --strategy tit_for_tat --exponent 2
check_usage "unknown format \"csv\"" csv a b c
check_usage "missing the format; expected genius"
[ -e "$work/u.toml" ] && fail "a usage error wrote a scenario"
# --out naming an input is refused and the input is left alone.
cp "$data/buyer.xml" "$work/buyer_copy.xml"
check_usage "parley never overwrites its inputs" genius "$data/small_domain.xml" \
  "$work/buyer_copy.xml" "$data/seller.xml" --out "$work/buyer_copy.xml"
cmp -s "$work/buyer_copy.xml" "$data/buyer.xml" || fail "--out overwrote an input"
echo "import genius: ok"
