#!/usr/bin/env bash
# Installs the Debian 12 packages parley needs to build, test and benchmark.
# Only what is missing is installed; safe to run again. Needs root (or sudo).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git
  libeigen3-dev            # utility vectors and matrices
  libboost-dev             # Boost.Random distributions, Boost.Math (header code)
  libboost-program-options-dev
  libfmt-dev
  libtomlplusplus-dev      # scenario files
  nlohmann-json3-dev       # manifest.json
  libpugixml-dev           # GENIUS XML import (parley import genius)
  libssl-dev               # SHA-256 of the scenario bytes (OpenSSL EVP)
  catch2                   # tests (Catch2 2.13)
  libbenchmark-dev         # bench/ (Google Benchmark)
  clang-format             # formatting check (clang-format 14)
  python3-matplotlib       # figures (tools/plot_*.py, tools/report.py)
  python3-dev              # the Python module (python/): headers for /usr/bin/python3
  pybind11-dev             # the Python module's bindings
  python3-numpy            # the Python module: numeric columns as arrays
  python3-pandas           # the Python module: results as DataFrames
  python3-pytest           # the Python module's tests (ctest -L python)
  python3-tqdm             # the Python module: progress bar for sweeps (optional)
  python3-pip python3-venv # `pip install --no-build-isolation .` into a virtualenv
  chromium                 # headless check that the HTML report renders (ctest -L tools)
  libopenmpi-dev           # MPI scale-out (parley::engine_mpi; optional at build time)
  openmpi-bin              # mpirun for the MPI tests
  time                     # /usr/bin/time: peak memory in bench/sweep_scaling.sh
  clang-14                 # libFuzzer targets under fuzz/ (tools/fuzz.sh, preset fuzz)
  libclang-rt-14-dev       # libFuzzer + ASan/UBSan runtimes for clang-14
  emscripten node-acorn    # the WebAssembly build of the classroom page (tools/build_web.sh)
)
# Node.js and npm for the page's browser test (web/test: puppeteer-core from the
# npm registry), from Debian unless a `node` is already installed.
if ! command -v node >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
