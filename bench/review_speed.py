#!/usr/bin/env python3
"""Times nova-review against named baselines on the same compile database, in one run.

Works on a temporary copy of the project (the compile database rewritten to point at it), so
touching files for the incremental rows never changes the tree being measured. When the project
is a git repository the copy is a clone of it at the same commit with the working files laid
over it, so history-reading rules (stale-todo's blame) see the whole history. Rows:
  - clang -fsyntax-only over every TU, same parallelism (the floor: parsing alone)
  - clang-tidy with the checks equivalent to Nova's rules, same parallelism
  - nova-review cold (empty cache) and warm (nothing changed), with the default rules and with
    the default rules but stale-todo (its own cache), then after touching one .cpp, and after
    touching the most widely included project header
Prints a Markdown table: wall seconds, peak RSS, the ratio to clang -fsyntax-only and, for each
warm row, its ratio to the cold run with the same rules.

Usage: bench/review_speed.py [--nova BUILD/apps/nova-review] [--dir DIR] [-p BUILD_DIR] [-j N]
Defaults: Nova's own source and build/ (run scripts/build.sh first), one job per core.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tu_commands(db_path):
    with open(db_path) as f:
        entries = json.load(f)
    seen, out = set(), []
    for e in entries:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if path not in seen:
            seen.add(path)
            out.append((e["directory"], path, e.get("arguments") or shlex.split(e["command"])))
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
        if a in ("-c", "-MD", "-MMD") or os.path.normpath(a) == path:
            continue
        args.append(a)
    return [clang, "-fsyntax-only", "-Wno-unknown-warning-option", "-w"] + args + [path]


def run_parallel(argvs, cwd, jobs):
    """Wall seconds and failed count of running every argv, `jobs` at a time."""
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        codes = list(pool.map(lambda a: subprocess.run(
            a, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode, argvs))
    return time.monotonic() - start, sum(c != 0 for c in codes)


def git_head(src):
    """The commit checked out in `src`, or None when it is not a git repository."""
    out = subprocess.run(["git", "-C", src, "rev-parse", "--verify", "-q", "HEAD"],
                         capture_output=True, text=True)
    top = subprocess.run(["git", "-C", src, "rev-parse", "--show-toplevel"],
                         capture_output=True, text=True)
    if out.returncode != 0 or os.path.normpath(top.stdout.strip()) != os.path.normpath(src):
        return None
    return out.stdout.strip()


def copy_project(src, build_dir, dst):
    """Copies the sources (no build output, .git or .nova) and a rewritten compile database.

    A git repository is cloned first (its whole history, at its HEAD) and the working files are
    laid over the clone, so blame sees what it would see in `src`."""
    skip = {".git", ".nova", "node_modules"}
    head = git_head(src)
    if head:
        subprocess.run(["git", "clone", "-q", "--no-checkout", src, dst], check=True)
        subprocess.run(["git", "-C", dst, "checkout", "-q", "--detach", head], check=True)
    shutil.copytree(src, dst, dirs_exist_ok=True, ignore=lambda d, names: [
        n for n in names if n in skip or (d == src and n.startswith("build"))])
    with open(os.path.join(build_dir, "compile_commands.json")) as f:
        text = f.read()
    src_re = re.escape(os.path.normpath(src))
    text = re.sub(src_re + r"(?=[/\"\s])", dst.replace("\\", "\\\\"), text)
    for entry in json.loads(text):  # compilers (clang-tidy among them) need each directory to exist
        os.makedirs(entry["directory"], exist_ok=True)
    os.makedirs(os.path.join(dst, ".bench-db"), exist_ok=True)
    with open(os.path.join(dst, ".bench-db", "compile_commands.json"), "w") as f:
        f.write(text)
    return os.path.join(dst, ".bench-db")


def most_included_header(root, tus):
    counts = collections.Counter()
    include = re.compile(r'#\s*include\s+"([^"]+)"')
    for _, path, _ in tus:
        try:
            with open(path, errors="replace") as f:
                for m in include.finditer(f.read()):
                    counts[m.group(1)] += 1
        except OSError:
            pass
    for name, _ in counts.most_common():
        candidate = os.path.join(root, name)
        if os.path.isfile(candidate):
            return candidate
    return None


def measure(kind, a):
    """One tool in a fresh interpreter, so ru_maxrss of its children is that tool's own."""
    cmd = [sys.executable, __file__, "--measure", kind, "--nova", a.nova, "--dir", a.dir,
           "-p", a.build_dir, "-j", str(a.jobs), "--clang", a.clang]
    if a.clang_tidy:
        cmd += ["--clang-tidy", a.clang_tidy]
    if a.cache_dir:
        cmd += ["--cache-dir", a.cache_dir]
    if a.rules:
        cmd += ["--rules", a.rules]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def default_rules_but(nova, left_out):
    """The rules on by default (nova-review --list-rules), less `left_out`, comma-separated."""
    out = subprocess.run([nova, "--list-rules"], capture_output=True, text=True, check=True)
    ids = [line.split()[0] for line in out.stdout.splitlines()
           if line.strip() and "(off by default" not in line]
    return ",".join(i for i in ids if i != left_out)


def measure_here(a):
    tus = tu_commands(os.path.join(a.build_dir, "compile_commands.json"))
    if a.measure == "syntax-only":
        wall, failed = run_parallel([syntax_only_argv(a.clang, argv, p) for _, p, argv in tus],
                                    a.dir, a.jobs)
    elif a.measure == "tidy":
        checks = "-*,modernize-use-nullptr,readability-function-size"
        config = "-config={CheckOptions: [{key: readability-function-size.LineThreshold, value: 60}]}"
        wall, failed = run_parallel([[a.clang_tidy, "-p", a.build_dir, "--quiet", "-checks=" + checks,
                                      config, p] for _, p, _ in tus], a.dir, a.jobs)
    else:
        argv = [a.nova, a.dir, "-p", a.build_dir, "-j", str(a.jobs), "--quiet", "--format", "json",
                "-o", os.devnull, "--cache-dir", a.cache_dir]
        if a.rules:
            argv += ["--rules", a.rules]
        wall, failed = run_parallel([argv], a.dir, 1)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    print(json.dumps({"wall": wall, "peak": peak, "failed": failed}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nova", default=os.path.join(HERE, "build/apps/nova-review"))
    p.add_argument("--dir", default=HERE)
    p.add_argument("-p", "--build-dir", default=os.path.join(HERE, "build"))
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count())
    p.add_argument("--clang", default=shutil.which("clang-22") or shutil.which("clang-16") or shutil.which("clang") or "clang")
    p.add_argument("--clang-tidy", default=shutil.which("clang-tidy-22") or shutil.which("clang-tidy-16") or shutil.which("clang-tidy"))
    p.add_argument("--cache-dir")
    p.add_argument("--rules", help=argparse.SUPPRESS)
    p.add_argument("--measure", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.measure:
        return measure_here(a)

    a.dir, a.build_dir, a.nova = map(os.path.abspath, (a.dir, a.build_dir, a.nova))
    load_at_start = os.getloadavg()[0]
    work = tempfile.mkdtemp(prefix="nova-bench-")
    try:
        copy = os.path.join(work, "src")
        a.build_dir = copy_project(a.dir, a.build_dir, copy)
        a.dir = copy
        a.cache_dir = os.path.join(work, "cache")
        tus = tu_commands(os.path.join(a.build_dir, "compile_commands.json"))
        one_cpp = max((p for _, p, _ in tus if p.endswith((".cpp", ".cc", ".cxx"))),
                      key=os.path.getsize)
        header = most_included_header(copy, tus)

        rows = [("clang -fsyntax-only (" + os.path.basename(a.clang) + ")", measure("syntax-only", a))]
        if a.clang_tidy:
            rows.append(("clang-tidy, modernize-use-nullptr + readability-function-size",
                         measure("tidy", a)))
        rows.append(("nova-review cold (empty cache)", measure("nova", a)))
        rows.append(("nova-review warm (nothing changed)", measure("nova", a)))
        cold_of = {len(rows) - 1: rows[-2][1]["wall"]}
        full_cache = a.cache_dir
        a.rules = default_rules_but(a.nova, "stale-todo")
        a.cache_dir = os.path.join(work, "cache-without-stale-todo")
        rows.append(("nova-review cold, default rules but stale-todo", measure("nova", a)))
        rows.append(("nova-review warm, default rules but stale-todo", measure("nova", a)))
        cold_of[len(rows) - 1] = rows[-2][1]["wall"]
        a.rules, a.cache_dir = None, full_cache
        with open(one_cpp, "a") as f:
            f.write("\n// touched by bench\n")
        rows.append(("nova-review after touching " + os.path.relpath(one_cpp, copy), measure("nova", a)))
        if header:
            with open(header, "a") as f:
                f.write("\n// touched by bench\n")
            rows.append(("nova-review after touching " + os.path.relpath(header, copy),
                         measure("nova", a)))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base = rows[0][1]["wall"]
    print(f"input: {os.path.basename(os.path.normpath(HERE if a.dir is None else a.dir))} copy, "
          f"{len(tus)} translation units, -j {a.jobs}, {os.cpu_count()} cores; load average "
          f"{load_at_start:.1f} at start, {os.getloadavg()[0]:.1f} at end")
    print()
    print("| run | wall s | x syntax-only | x cold | peak RSS MiB | failed runs |")
    print("|---|---:|---:|---:|---:|---:|")
    for k, (label, m) in enumerate(rows):
        x_cold = f"{m['wall'] / cold_of[k]:.3f}" if k in cold_of else ""
        print(f"| {label} | {m['wall']:.2f} | {m['wall'] / base:.2f} | {x_cold} | "
              f"{m['peak']:.0f} | {m['failed']} |")
    print()
    print("peak RSS: the largest single process of that row (for nova-review, the whole process "
          "with all its workers).")


if __name__ == "__main__":
    main()
