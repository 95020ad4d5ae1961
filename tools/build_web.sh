#!/usr/bin/env bash
# Builds the classroom page into build/web: the engine as WebAssembly (CMake
# preset `wasm`, Debian's emscripten) and the static files of web/, with the
# shipped scenarios bundled (scenarios.js) so that the page works offline, from
# any static file server or from file://.
#
#   bash tools/build_web.sh            # then: python3 -m http.server -d build/web
#
# Installs what is missing first (tools/setup.sh: emscripten, node-acorn).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh >/dev/null
# em++'s JavaScript optimiser needs Debian's acorn when `node` is not Debian's own.
export NODE_PATH=/usr/share/nodejs
cmake --preset wasm >/dev/null
cmake --build --preset wasm

out=build/web
partial=build/.web.partial
rm -rf "$partial"
mkdir -p "$partial"
cp web/index.html web/style.css web/app.js web/worker.js "$partial"/
cp build/wasm/web/parley_engine.js "$partial"/
python3 - "$partial/scenarios.js" scenarios <<'PY'
import json, os, sys
out, folder = sys.argv[1], sys.argv[2]
entries = [{"file": name, "text": open(os.path.join(folder, name), encoding="utf-8").read()}
           for name in sorted(os.listdir(folder)) if name.endswith(".toml")]
# The data files scenarios name (actors tables), by their path from the scenarios' folder.
files = []
for base, _, names in sorted(os.walk(os.path.join(folder, "data"))):
    for name in sorted(names):
        full = os.path.join(base, name)
        files.append({"path": os.path.relpath(full, folder), "text": open(full, encoding="utf-8").read()})
with open(out, "w", encoding="utf-8") as js:
    js.write("// The shipped scenarios (scenarios/*.toml) and their data files, bundled by\n"
             "// tools/build_web.sh.\n")
    js.write("self.PARLEY_SCENARIOS = " + json.dumps(entries, ensure_ascii=False, indent=1) + ";\n")
    js.write("self.PARLEY_FILES = " + json.dumps(files, ensure_ascii=False, indent=1) + ";\n")
PY
rm -rf "$out"
mv "$partial" "$out"
bytes=$(stat -c %s "$out/parley_engine.js")
echo "build_web: wrote $out (parley_engine.js: $((bytes / 1024)) KiB, WebAssembly inside)"
