#!/usr/bin/env bash
# The test job on a fresh Debian 12 machine: install what is missing, build with
# warnings as errors (preset `ci`: release + -Werror), build the classroom page in
# WebAssembly (tools/build_web.sh, for the `web` tests) and run every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
bash tools/build_web.sh
ctest --preset ci -j 2
