#!/usr/bin/env bash
# Fuzzes the scenario parser, `--set` overrides and the run folders `parley
# compare` reads with libFuzzer for a bounded time: builds the `fuzz` preset
# (clang++-14, ASan + UBSan), seeds the corpora (the shipped, golden, reference and
# bad scenarios; fuzz/override_seeds/; fuzz/run_sample_seeds/) and runs each
# target for SECONDS (default 30). Exits 1 if any target finds a
# crash, a sanitizer report, an unexpected exception or a timeout; the input is
# kept under build/fuzz/findings/ (replay: build/fuzz/fuzz/TARGET FILE).
#
#   bash tools/fuzz.sh            # 30 s per target
#   bash tools/fuzz.sh 600        # 10 minutes per target
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
build=build/fuzz

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target scenario_parser_fuzz override_fuzz run_sample_fuzz

# Seeds are copied so that libFuzzer reads only inputs (not the .expected files
# or golden CSVs next to them); new interesting inputs go to corpus/TARGET and
# are kept between runs. tests/CMakeLists.txt replays the same seeds in every
# test build (fuzz.replay.*): keep the two lists in step.
rm -rf "$build/seeds"
mkdir -p "$build/seeds/scenario_parser_fuzz" "$build/seeds/override_fuzz" \
  "$build/seeds/run_sample_fuzz" "$build/corpus/scenario_parser_fuzz" \
  "$build/corpus/override_fuzz" "$build/corpus/run_sample_fuzz" "$build/findings"
for f in scenarios/*.toml tests/golden/*.toml tests/reference/*.toml tests/cli/bad_scenarios/*.toml; do
  cp "$f" "$build/seeds/scenario_parser_fuzz/$(echo "$f" | tr / _)"
done
cp fuzz/override_seeds/* "$build/seeds/override_fuzz/"
cp fuzz/run_sample_seeds/* "$build/seeds/run_sample_fuzz/"

export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for target in scenario_parser_fuzz override_fuzz run_sample_fuzz; do
  case "$target" in
    scenario_parser_fuzz) max_len=32768 dict=-dict=fuzz/toml.dict ;;
    override_fuzz) max_len=1024 dict=-dict=fuzz/toml.dict ;;
    run_sample_fuzz) max_len=65536 dict=-dict=fuzz/csv.dict ;;
  esac
  log="$build/findings/$target.log"
  echo "== fuzz $target for ${seconds} s (-max_len=$max_len, -timeout=10 s per input)"
  if "$build/fuzz/$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
    -rss_limit_mb=2048 "$dict" -print_final_stats=1 \
    -artifact_prefix="$build/findings/$target-" \
    "$build/corpus/$target" "$build/seeds/$target" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "   ok: $runs inputs, $((runs / (seconds > 0 ? seconds : 1))) exec/s; corpus $(ls "$build/corpus/$target" | wc -l) files"
  else
    status=1
    echo "   FINDING in $target (log: $log):"
    grep -E 'ERROR|runtime error|finding|Test unit written|terminate called|what\(\)' "$log" | head -20 | sed 's/^/   /'
  fi
done
exit "$status"
