#!/usr/bin/python3
"""Renders the figures of tools/plot_*.py from the fixtures and checks the files.

Usage: tests/tools/check_figures.py FIGURE WORK_DIR
       FIGURE: outcomes | sweep | trace | forecast

Each script runs as a process (as a user runs it) on the small runs checked in
under tests/tools/fixtures/ (tests/tools/regenerate_fixtures.sh makes them),
must exit 0 and print the paths of a PNG and an SVG, and each output must be a
valid, non-trivial image: a PNG signature, an IHDR chunk with a correct CRC and
width and height of at least 300 pixels, an IEND chunk, more than 10 KB; an SVG
that parses as XML with an <svg> root and holds path elements. Also checks
`--help` and the error message for a wrong input. Registered in
tests/CMakeLists.txt (label `tools`).
"""
import glob
import importlib.util
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOLS = os.path.join(ROOT, "tools")
FIX = os.path.join(HERE, "fixtures")

MIN_PNG_BYTES = 10 * 1024
MIN_PIXELS = 300
MIN_SVG_PATHS = 5

failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}")


def env(work):
    e = dict(os.environ)
    e["MPLBACKEND"] = "Agg"
    e["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ in tools/
    e.setdefault("MPLCONFIGDIR", os.path.join(work, "mplconfig"))
    os.makedirs(e["MPLCONFIGDIR"], exist_ok=True)
    return e


def run_script(work, script, *args, expect_ok=True):
    command = [sys.executable, os.path.join(TOOLS, script), *args]
    result = subprocess.run(command, capture_output=True, text=True, env=env(work), timeout=120)
    shown = " ".join(os.path.relpath(a, ROOT) if os.path.isabs(a) else a for a in command[1:])
    if expect_ok and result.returncode != 0:
        fail(f"{shown}: exit {result.returncode}\n{result.stderr}")
    elif not expect_ok and result.returncode == 0:
        fail(f"{shown}: expected a failure, got exit 0")
    return result


def check_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return fail(f"{path}: no PNG signature")
    length, kind = struct.unpack(">I4s", data[8:16])
    if kind != b"IHDR" or length != 13:
        return fail(f"{path}: the first chunk is not IHDR")
    width, height = struct.unpack(">II", data[16:24])
    (crc,) = struct.unpack(">I", data[29:33])
    if zlib.crc32(data[12:29]) & 0xFFFFFFFF != crc:
        return fail(f"{path}: IHDR CRC mismatch")
    if width < MIN_PIXELS or height < MIN_PIXELS:
        return fail(f"{path}: {width}×{height} pixels, expected at least {MIN_PIXELS} each")
    if not data.endswith(b"IEND\xaeB`\x82"):
        return fail(f"{path}: no IEND chunk at the end")
    if len(data) <= MIN_PNG_BYTES:
        return fail(f"{path}: {len(data)} bytes, expected more than {MIN_PNG_BYTES}")
    print(f"ok  {os.path.basename(path)}: PNG {width}×{height}, {len(data) // 1024} KB")


def check_svg(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return fail(f"{path}: not XML: {error}")
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        return fail(f"{path}: the root element is {root.tag}, not svg")
    paths = [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "path"]
    if len(paths) < MIN_SVG_PATHS:
        return fail(f"{path}: {len(paths)} path elements, expected at least {MIN_SVG_PATHS}")
    print(f"ok  {os.path.basename(path)}: SVG, {len(paths)} paths")


def check_outputs(result, base):
    """The script printed base.png and base.svg, and both are valid figures."""
    if result.returncode != 0:
        return
    printed = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    expected = [base + ".png", base + ".svg"]
    if printed != expected:
        return fail(f"printed {printed}, expected {expected}")
    for p in expected:
        if not os.path.isfile(p):
            return fail(f"{p}: not written")
    check_png(expected[0])
    check_svg(expected[1])


def check_help(work, script):
    result = run_script(work, script, "--help")
    if result.returncode == 0 and "usage:" not in result.stdout:
        fail(f"{script} --help: no usage line")


def traces(pattern):
    return sorted(glob.glob(os.path.join(FIX, pattern)))


def outcomes(work):
    check_help(work, "plot_outcomes.py")
    for name in ("run_belarus", "run_triangle"):
        base = os.path.join(work, name)
        check_outputs(run_script(work, "plot_outcomes.py", os.path.join(FIX, name), "--out", base),
                      base)
    base = os.path.join(work, "sweep_point0")
    # an extension in --out is dropped: both files are written
    check_outputs(run_script(work, "plot_outcomes.py", os.path.join(FIX, "sweep_ukraine"),
                             "--point", "0", "--out", base + ".png"), base)
    result = run_script(work, "plot_outcomes.py", os.path.join(FIX, "sweep_ukraine"),
                        "--point", "99", "--out", base, expect_ok=False)
    if "point" not in result.stderr:
        fail(f"--point 99: the message does not name the point: {result.stderr!r}")


def sweep(work):
    check_help(work, "plot_sweep.py")
    sweep_dir = os.path.join(FIX, "sweep_ukraine")
    cases = {
        "agreement": [],
        "several": ["--metric", "agreement", "--metric", "agreed_in.exploratory",
                    "--metric", "nearest_deal.minerals_for_guarantees"],
        "actors": ["--actors"],
    }
    for name, args in cases.items():
        base = os.path.join(work, f"sweep_{name}")
        check_outputs(run_script(work, "plot_sweep.py", sweep_dir, *args, "--out", base), base)
    base = os.path.join(work, "sobol_agreement")
    check_outputs(run_script(work, "plot_sweep.py", os.path.join(FIX, "sobol_belarus"),
                             "--out", base), base)
    result = run_script(work, "plot_sweep.py", sweep_dir, "--metric", "agrement", "--out",
                        os.path.join(work, "bad"), expect_ok=False)
    if "agreement" not in result.stderr:
        fail(f"--metric agrement: no suggestion in {result.stderr!r}")
    result = run_script(work, "plot_sweep.py", os.path.join(FIX, "run_belarus"), expect_ok=False)
    if "not a sweep" not in result.stderr:
        fail(f"a single run: unexpected message {result.stderr!r}")


def trace(work):
    check_help(work, "plot_trace.py")
    for path in traces("*.jsonl"):
        base = os.path.join(work, os.path.basename(path)[:-len(".jsonl")] + "-trajectory")
        check_outputs(run_script(work, "plot_trace.py", path, "--out", base), base)
    bad = os.path.join(work, "not_a_trace.jsonl")
    with open(bad, "w", encoding="utf-8") as f:
        f.write('{"event":"offer"}\n')
    result = run_script(work, "plot_trace.py", bad, expect_ok=False)
    if "session" not in result.stderr:
        fail(f"a trace without a session event: unexpected message {result.stderr!r}")


def forecast(work):
    check_help(work, "plot_forecast.py")
    found = traces("*bdm*.jsonl")
    if not found:
        fail("no bdm trace under tests/tools/fixtures/")
    for path in found:
        base = os.path.join(work, os.path.basename(path)[:-len(".jsonl")] + "-forecast")
        check_outputs(run_script(work, "plot_forecast.py", path, "--out", base), base)
    result = run_script(work, "plot_forecast.py", os.path.join(FIX, "trace_handwritten.jsonl"),
                        "--out", os.path.join(work, "none"), expect_ok=False)
    if "model_round" not in result.stderr:
        fail(f"a trace without model rounds: unexpected message {result.stderr!r}")


CHECKS = {"outcomes": outcomes, "sweep": sweep, "trace": trace, "forecast": forecast}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in CHECKS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(CHECKS)}}} WORK_DIR")
    if importlib.util.find_spec("matplotlib") is None:
        sys.exit(f"{sys.executable} has no matplotlib: apt-get install python3-matplotlib "
                 "(tools/setup.sh)")
    work = os.path.abspath(sys.argv[2])
    os.makedirs(work, exist_ok=True)
    CHECKS[sys.argv[1]](work)
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print("all figures valid")


if __name__ == "__main__":
    main()
