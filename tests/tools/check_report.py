#!/usr/bin/python3
"""Builds HTML reports from the fixtures and loads them in headless Chromium.

Usage: tests/tools/check_report.py WORK_DIR

Runs tools/report.py on the belarus run with the fixture traces and on the
Sobol sweep (sensitivity.csv), then checks each file: self-contained (every
image a data: URI, no external script, style sheet or link), the expected
title and table text, and, in headless Chromium (`chromium --headless
--dump-dom`): exit 0, the title and tables in the rendered DOM, every embedded
figure decoded (the report's load handler writes data-figures-rendered="k/n"
on <html>) and no console message (uncaught errors or console.error) on
stderr. Exits 77 (ctest SKIP_RETURN_CODE) with a message when Chromium is not
installed; tools/setup.sh installs it. Registered in tests/CMakeLists.txt
(label `tools`).
"""
import glob
import html
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(HERE, "fixtures")
SKIP = 77

failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}")


def make_report(work, run_dir, out, *args):
    environment = dict(os.environ, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    environment.setdefault("MPLCONFIGDIR", os.path.join(work, "mplconfig"))
    command = [sys.executable, os.path.join(ROOT, "tools", "report.py"), run_dir, "--out", out,
               *args]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)
    if result.returncode != 0 or result.stdout.strip() != out:
        fail(f"report.py {os.path.basename(run_dir)}: exit {result.returncode}, printed "
             f"{result.stdout.strip()!r}\n{result.stderr}")
        return None
    with open(out, encoding="utf-8") as f:
        return f.read()


def check_static(name, text, expected):
    """Self-contained and holding the expected text; returns the number of figures."""
    images = re.findall(r'<img\s[^>]*src="([^"]*)"', text)
    for src in images:
        if not src.startswith("data:image/"):
            fail(f"{name}: an image is not embedded: {src[:60]}")
    if re.search(r'<(script|link|iframe)[^>]*\s(src|href)=', text, re.I) or "url(" in text:
        fail(f"{name}: references an external resource")
    plain = html.unescape(text)
    for snippet in expected:
        if snippet not in plain:
            fail(f"{name}: missing {snippet!r}")
    print(f"ok  {name}: {len(text) // 1024} KB, {len(images)} embedded figures")
    return len(images)


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def check_browser(browser, work, name, path, figures, expected):
    profile = os.path.join(work, "chromium-profile")
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}",
               "--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + path]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return fail(f"{name}: chromium did not finish in 60 s")
    if result.returncode != 0:
        return fail(f"{name}: chromium exit {result.returncode}\n{result.stderr[-2000:]}")
    dom = html.unescape(result.stdout)
    for snippet in expected:
        if snippet not in dom:
            fail(f"{name}: the rendered DOM lacks {snippet!r}")
    rendered = re.search(r'data-figures-rendered="(\d+)/(\d+)"', result.stdout)
    if not rendered:
        fail(f"{name}: the load handler did not run (no data-figures-rendered)")
    elif rendered.group(1) != rendered.group(2) or int(rendered.group(2)) != figures:
        fail(f"{name}: {rendered.group(1)} of {rendered.group(2)} figures decoded, "
             f"{figures} embedded")
    console = [line for line in result.stderr.splitlines()
               if "CONSOLE" in line or "Uncaught" in line]
    if console:
        fail(f"{name}: console messages:\n" + "\n".join(console))
    if not failures:
        print(f"ok  {name}: rendered by {os.path.basename(browser)}, "
              f"figures {rendered.group(0) if rendered else '?'}, no console messages")


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} WORK_DIR")
    work = os.path.abspath(sys.argv[1])
    os.makedirs(work, exist_ok=True)
    traces = sorted(glob.glob(os.path.join(FIX, "*.jsonl")))
    trace_args = [a for t in traces for a in ("--trace", t)]
    cases = [
        ("run", os.path.join(FIX, "run_belarus"), trace_args,
         ["Belarus: potash and bank sanctions for political prisoners — parley report",
          "(95% CI 98.1–100.0%)", "beats reservation", "Political prisoners released",
          "Trace: trace_handwritten.jsonl"]),
        ("sobol", os.path.join(FIX, "sobol_belarus"), ["--png"],
         ["Agreement per point", "Sensitivity (Sobol indices)",
          "actors.belarus.reservation_utility", "Point 0 in detail"]),
    ]
    built = []
    for name, run_dir, args, expected in cases:
        out = os.path.join(work, f"report_{name}.html")
        text = make_report(work, run_dir, out, *args)
        if text is not None:
            built.append((name, out, check_static(name, text, expected), expected))
    browser = find_chromium()
    if browser is None:
        print("SKIP: headless Chromium is not installed (apt-get install chromium; "
              "tools/setup.sh installs it): the reports were built and checked as files only")
        sys.exit(1 if failures else SKIP)
    for name, out, figures, expected in built:
        check_browser(browser, work, name, out, figures, expected)
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print("reports valid")


if __name__ == "__main__":
    main()
