#!/usr/bin/env python3
"""Compares Nova's modernize rules with clang-tidy's checks of the same name, on the same files.

Runs nova-review with use-nullptr, use-override, use-using and use-equals-default, and
clang-tidy with the modernize- check of each name, on every TU of one
compile database (clang-tidy also on the project headers those TUs include), then matches
findings by (check, file, line). Prints, per rule: what each found, what both found, Nova's
recall of clang-tidy's findings, and each disagreement with its source line, for explaining.

Usage: bench/tidy_agreement.py --dir PROJECT -p BUILD_DIR [--nova-review BIN] [--clang-tidy BIN]
       [-j N] [--show N]
The project is read, never written: Nova's cache goes to a temporary directory.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAIRS = {
    "modernize-use-nullptr": "use-nullptr",
    "modernize-use-override": "use-override",
    "modernize-use-using": "use-using",
    "modernize-use-equals-default": "use-equals-default",
}
WARNING = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): warning: (?P<msg>.*) "
                     r"\[(?P<check>modernize-use-(?:nullptr|override|using|equals-default))(?:,[^\]]*)?\]$")


def tidy_one(tidy, build_dir, root, path):
    cmd = [tidy, "-p", build_dir, "--quiet", "--checks=-*," + ",".join(PAIRS),
           "--header-filter=^" + re.escape(root) + "/", path]
    run = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    found = set()
    for line in run.stdout.splitlines():
        m = WARNING.match(line)
        if not m:
            continue
        file = os.path.realpath(m["file"])
        if not file.startswith(root + os.sep):
            continue
        found.add((PAIRS[m["check"]], os.path.relpath(file, root), int(m["line"])))
    return found, run.returncode


def clang_tidy_findings(tidy, build_dir, root, jobs):
    with open(os.path.join(build_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    files = sorted({os.path.realpath(os.path.join(e["directory"], e["file"])) for e in entries})
    files = [f for f in files if f.startswith(root + os.sep)]
    found, failures = set(), 0
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for result, code in pool.map(lambda p: tidy_one(tidy, build_dir, root, p), files):
            found |= result
            failures += code != 0
    return found, len(files), failures


def nova_findings(nova, build_dir, root, jobs):
    with tempfile.TemporaryDirectory(prefix="nova-tidy-agreement-") as tmp:
        out = os.path.join(tmp, "report.json")
        cmd = [nova, root, "-p", build_dir, "--rules", ",".join(PAIRS.values()), "--format",
               "json", "-o", out, "-q", "-j", str(jobs), "--cache-dir", os.path.join(tmp, "cache")]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode not in (0, 1) or not os.path.exists(out):
            sys.exit("nova-review failed (exit %d):\n%s" % (run.returncode, run.stdout + run.stderr))
        with open(out) as f:
            report = json.load(f)
    found = {(x["rule"], x["file"], x["line"]) for x in report["findings"]}
    return found, report


def source_line(root, rel, line):
    try:
        with open(os.path.join(root, rel), errors="replace") as f:
            for number, text in enumerate(f, 1):
                if number == line:
                    return text.strip()
    except OSError:
        pass
    return "?"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dir", required=True, help="project root")
    p.add_argument("-p", "--build-dir", required=True, help="holds compile_commands.json")
    p.add_argument("--nova-review", default=os.path.join(HERE, "build", "apps", "nova-review"))
    p.add_argument("--clang-tidy", default=shutil.which("clang-tidy-22") or shutil.which("clang-tidy-16") or shutil.which("clang-tidy"))
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count())
    p.add_argument("--show", type=int, default=20, help="disagreements listed per rule")
    a = p.parse_args()
    if not a.clang_tidy:
        sys.exit("no clang-tidy found (apt-get install clang-tidy)")
    root = os.path.realpath(a.dir)
    build_dir = os.path.realpath(a.build_dir)

    tidy, tus, tidy_failures = clang_tidy_findings(a.clang_tidy, build_dir, root, a.jobs)
    nova, report = nova_findings(a.nova_review, build_dir, root, a.jobs)
    version = subprocess.run([a.clang_tidy, "--version"], capture_output=True, text=True).stdout
    version = next((l.split("version")[-1].strip() for l in version.splitlines()
                    if "LLVM version" in l), "?")
    print("input: %s, %d TUs; clang-tidy %s (%d runs exited non-zero: they still report); "
          "nova-review %d TUs, %d not fully analyzed" %
          (root, tus, version, tidy_failures, report["summary"]["translation_units"],
           len(report.get("problems", []))))
    print()
    print("| rule | clang-tidy | nova | both | recall of clang-tidy | nova only | clang-tidy only |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for rule in PAIRS.values():
        t = {k for k in tidy if k[0] == rule}
        n = {k for k in nova if k[0] == rule}
        recall = "%.0f%%" % (100.0 * len(t & n) / len(t)) if t else "-"
        print("| %s | %d | %d | %d | %s | %d | %d |" %
              (rule, len(t), len(n), len(t & n), recall, len(n - t), len(t - n)))
    for rule in PAIRS.values():
        t = {k for k in tidy if k[0] == rule}
        n = {k for k in nova if k[0] == rule}
        for title, keys in (("nova only", n - t), ("clang-tidy only", t - n)):
            if not keys:
                continue
            print("\n%s, %s (%d):" % (rule, title, len(keys)))
            for _, rel, line in sorted(keys)[:a.show]:
                print("  %s:%d: %s" % (rel, line, source_line(root, rel, line)))


if __name__ == "__main__":
    main()
