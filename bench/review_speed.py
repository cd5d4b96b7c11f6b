#!/usr/bin/env python3
"""Times nova-review against named baselines on the same compile database, in one run.

Baselines: `clang -fsyntax-only` over every translation unit (the floor: parsing alone) and
`clang-tidy` with the two checks Nova's rules mirror (modernize-use-nullptr,
readability-function-size). Prints a Markdown table: wall seconds and peak RSS of each.

Usage: bench/review_speed.py [--nova BUILD/apps/nova-review] [--dir DIR] [-p BUILD_DIR]
Defaults: Nova's own source and build/ (run scripts/build.sh first).
"""
import argparse
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_timed(argv_list, cwd):
    """Runs each argv in turn; returns (wall seconds, peak RSS MiB of the largest child, failures)."""
    start = time.monotonic()
    failures = 0
    for argv in argv_list:
        result = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        failures += result.returncode != 0  # a failed run would make its time meaningless
    wall = time.monotonic() - start
    # ru_maxrss of RUSAGE_CHILDREN is the largest single child so far, in KiB: run each tool
    # in its own bench process so the numbers do not mix.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return wall, peak, failures


def tu_commands(db_path):
    with open(db_path) as f:
        entries = json.load(f)
    seen, out = set(), []
    for e in entries:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if path in seen:
            continue
        seen.add(path)
        argv = e.get("arguments") or shlex.split(e["command"])
        out.append((e["directory"], path, argv))
    return out


def syntax_only_argv(clang, argv, path):
    args, skip = [], False
    for a in argv[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD") or os.path.normpath(a) == path or a.endswith(path):
            continue
        args.append(a)
    return [clang, "-fsyntax-only", "-Wno-unknown-warning-option", "-w"] + args + [path]


def measure(kind, args):
    """Runs one tool in a fresh child interpreter so its peak RSS is its own."""
    out = subprocess.run([sys.executable, __file__, "--measure", kind] + args,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nova", default=os.path.join(HERE, "build/apps/nova-review"))
    p.add_argument("--dir", default=HERE)
    p.add_argument("-p", "--build-dir", default=os.path.join(HERE, "build"))
    p.add_argument("--clang", default=shutil.which("clang-16") or shutil.which("clang") or "clang")
    p.add_argument("--clang-tidy", default=shutil.which("clang-tidy-16") or shutil.which("clang-tidy"))
    p.add_argument("--measure", help=argparse.SUPPRESS)
    a = p.parse_args()
    db = os.path.join(a.build_dir, "compile_commands.json")
    tus = tu_commands(db)

    if a.measure:
        if a.measure == "nova":
            argvs = [[a.nova, a.dir, "-p", a.build_dir, "--format", "json", "-o", os.devnull]]
        elif a.measure == "syntax-only":
            argvs = [syntax_only_argv(a.clang, argv, path) for _, path, argv in tus]
        else:
            checks = "-*,modernize-use-nullptr,readability-function-size"
            argvs = [[a.clang_tidy, "-p", a.build_dir, "--quiet", "-checks=" + checks,
                      "-config={CheckOptions: [{key: readability-function-size.LineThreshold, value: 60}]}", path]
                     for _, path, _ in tus]
        wall, peak, failures = run_timed(argvs, a.dir)
        print(json.dumps({"wall": wall, "peak": peak, "failures": failures}))
        return

    rows = [("nova-review (rules: use-nullptr, function-size)", "nova"),
            ("baseline: " + os.path.basename(a.clang) + " -fsyntax-only, per TU", "syntax-only")]
    if a.clang_tidy:
        rows.append(("baseline: " + os.path.basename(a.clang_tidy) +
                     " (modernize-use-nullptr, readability-function-size)", "tidy"))
    forwarded = ["--nova", a.nova, "--dir", a.dir, "-p", a.build_dir, "--clang", a.clang]
    if a.clang_tidy:
        forwarded += ["--clang-tidy", a.clang_tidy]
    print(f"input: {a.dir} ({len(tus)} translation units, {db}), 1 core each, serial")
    print()
    print("| tool | wall s | peak RSS MiB | failed runs |")
    print("|---|---:|---:|---:|")
    for label, kind in rows:
        m = measure(kind, forwarded)
        print(f"| {label} | {m['wall']:.1f} | {m['peak']:.0f} | {m['failures']} |")


if __name__ == "__main__":
    main()
