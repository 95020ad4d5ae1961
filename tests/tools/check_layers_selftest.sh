#!/usr/bin/env bash
# The layering check (tools/check_layers.py) on a made-up tree: an upward include
# and a folder that is no layer must fail with file:line and the rule; a
# downward include must pass.
set -euo pipefail
checker="$1"
tree="$(mktemp -d)"
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/engine/core" "$tree/engine/simulation" "$tree/tools/cli"
printf '#pragma once\n#include "core/random.hpp"\n' >"$tree/engine/simulation/session.hpp"
printf '#pragma once\n#include <vector>\n' >"$tree/engine/core/random.hpp"
printf '#include "simulation/session.hpp"\n' >"$tree/tools/cli/main.cpp"
python3 "$checker" --root "$tree" >/dev/null || { echo "FAIL: a clean tree was refused"; exit 1; }

printf '#pragma once\n\n#include "simulation/session.hpp"\n' >"$tree/engine/core/random.hpp"
set +e
output="$(python3 "$checker" --root "$tree" 2>&1)"
status=$?
set -e
[ "$status" -eq 1 ] || { echo "FAIL: an upward include gave exit $status"; exit 1; }
grep -q 'engine/core/random.hpp:3: core may not include "simulation/session.hpp"' <<<"$output" ||
  { echo "FAIL: the message does not name file:line and the rule:"; echo "$output"; exit 1; }

printf '#pragma once\n' >"$tree/engine/core/random.hpp"
mkdir -p "$tree/engine/gadgets"
printf '#pragma once\n' >"$tree/engine/gadgets/x.hpp"
set +e
output="$(python3 "$checker" --root "$tree" 2>&1)"
status=$?
set -e
[ "$status" -eq 1 ] || { echo "FAIL: a folder outside the layers gave exit $status"; exit 1; }
grep -q 'engine/gadgets/x.hpp:1: the folder is not a layer' <<<"$output" ||
  { echo "FAIL: $output"; exit 1; }
echo "check_layers self-test: ok"
