#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what is missing, build the
# release preset, run the flagship scenario and print its summary, then run the
# flagship's [sweep] (the US weight on minerals from 0 to 1) and plot agreement
# against it. Extra arguments go to `parley run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
./build/release/parley run scenarios/ukraine_2025.toml --replicates 20000 --seed 7 "$@"
echo
sweep=$(./build/release/parley sweep scenarios/ukraine_2025.toml --seed 7 | tee /dev/stderr |
  sed -n 's|^Wrote \(.*\)/{.*|\1|p')
/usr/bin/python3 tools/plot_sweep.py "$sweep"
