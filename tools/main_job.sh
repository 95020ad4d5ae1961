#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what is missing, build the
# release preset, run the flagship scenario and print its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
./build/release/parley run scenarios/ukraine_2025.toml --replicates 20000 --seed 7 "$@"
