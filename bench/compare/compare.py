#!/usr/bin/env python3
"""Side-by-side wall-clock comparison of the bench/programs benchmarks: native x86-64 vs qemu-riscv64 vs rvjit.

Runs every program under each runner, interleaved (for rep: for program: native, qemu, rvjit) so that load
from other users of the machine spreads over all runners alike, takes the median wall-clock time per cell,
checks every output against native's and prints a table of times and ratios with geometric means.
A runner that fails on a program (non-zero exit, timeout, output differing from native) shows "fail" there;
a runner whose command is not available at all (e.g. rvjit not built yet) shows "n.a.".

Python 3 standard library only. See --help for options.
"""

import argparse
import datetime
import math
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
PROGRAMS_DIR = os.path.join(REPO, "bench", "programs")
BUILD_DIR = os.path.join(HERE, "build")
DEFAULT_RESULTS = os.path.join(REPO, "bench", "RESULTS.md")
# build.sh publishes rvjit with ReadyToRun here; fall back to the plain build output when it has not.
PUBLISHED_RVJIT = os.path.join(BUILD_DIR, "rvjit", "rvjit.dll")
PLAIN_RVJIT = os.path.join(REPO, "src", "Cli", "bin", "Release", "net10.0", "rvjit.dll")


def default_rvjit():
    """The rvjit command prefix, looked up after build.sh ran."""
    return "dotnet " + (PUBLISHED_RVJIT if os.path.isfile(PUBLISHED_RVJIT) else PLAIN_RVJIT) + " run"
DEFAULT_QEMU = "qemu-riscv64"

FAIL = "fail"
NOT_AVAILABLE = "n.a."


class Runner:
    """One way of running a program: a command prefix plus which build (native or riscv64) it executes."""

    def __init__(self, key, prefix, build):
        self.key = key
        self.prefix = prefix
        self.build = build
        self.unavailable_reason = find_unavailable_reason(prefix)

    def command(self, program, size):
        cmd = list(self.prefix) + [os.path.join(BUILD_DIR, self.build, program)]
        if size is not None:
            cmd.append(size)
        return cmd


class Cell:
    """What one runner did on one program over all repetitions."""

    def __init__(self):
        self.times = []
        self.failure = None  # short reason once the runner has failed on this program
        self.skipped = False  # never ran (runner unavailable or native reference missing)
        self.reference = None  # native only: the output every other runner must reproduce

    @property
    def ok(self):
        return self.failure is None and not self.skipped and bool(self.times)

    def median(self):
        return statistics.median(self.times) if self.ok else None


def find_unavailable_reason(prefix):
    """Why a command prefix cannot run at all (missing executable or missing .dll), or None."""
    if not prefix:
        return None
    if shutil.which(prefix[0]) is None and not os.path.isfile(prefix[0]):
        return "command not found: " + prefix[0]
    for token in prefix[1:]:
        if token.endswith(".dll") and not os.path.isfile(token):
            return "not built: " + token
    return None


def discover_programs():
    return sorted(name[:-2] for name in os.listdir(PROGRAMS_DIR) if name.endswith(".c"))


def describe_program(program):
    """The program's header comment (the text after "name:"), on one line, without comment markers."""
    with open(os.path.join(PROGRAMS_DIR, program + ".c"), encoding="utf-8") as f:
        head = f.read(2000)
    match = re.search(r"/\*\s*\w+:\s*(.*?)\*/", head, re.S)
    if not match:
        return ""
    return " ".join(line.strip().lstrip("*").strip() for line in match.group(1).splitlines()).strip()


def run_once(cmd, timeout):
    """Runs cmd, returning (seconds, exit code or None on timeout, stdout, stderr)."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None, b"", b""
    except OSError as e:
        return time.perf_counter() - start, -1, b"", str(e).encode()
    return time.perf_counter() - start, proc.returncode, proc.stdout, proc.stderr


def first_line(data):
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:160] if text else ""


def measure(programs, runners, reps, size, timeout):
    """Interleaved repetitions; returns {program: {runner key: Cell}}."""
    cells = {p: {r.key: Cell() for r in runners} for p in programs}
    for rep in range(1, reps + 1):
        for program in programs:
            reference = None
            progress = []
            for runner in runners:
                cell = cells[program][runner.key]
                if runner.unavailable_reason is not None:
                    cell.skipped = True
                    continue
                if cell.failure is not None:
                    progress.append(f"{runner.key} {FAIL}")
                    continue
                if runner.key != "native" and reference is None:
                    cell.skipped = True  # no native output to compare against
                    continue
                seconds, code, out, err = run_once(runner.command(program, size), timeout)
                if code is None:
                    cell.failure = f"timeout after {timeout:g} s"
                elif code != 0:
                    cell.failure = f"exit code {code}" + (f": {first_line(err)}" if err.strip() else "")
                elif runner.key == "native":
                    if cells[program]["native"].times and out != cells[program]["native"].reference:
                        cell.failure = "output differs between repetitions"
                    else:
                        cell.reference = out
                        reference = out
                elif out != reference:
                    cell.failure = f"output differs from native: {first_line(out)!r}"
                if cell.failure is None:
                    cell.times.append(seconds)
                    progress.append(f"{runner.key} {seconds:.3f}s")
                else:
                    progress.append(f"{runner.key} {FAIL}")
            print(f"rep {rep}/{reps} {program:<10} " + "  ".join(progress), file=sys.stderr, flush=True)
    return cells


def geomean(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def cell_text(cell, runner, value, fmt):
    """Formats a time or ratio cell: the value, or why there is none."""
    if value is not None:
        return fmt.format(value)
    if runner is not None and runner.unavailable_reason is not None:
        return NOT_AVAILABLE
    if cell is not None and cell.skipped:
        return NOT_AVAILABLE
    return FAIL


RATIOS = [("qemu", "native"), ("rvjit", "native"), ("rvjit", "qemu")]
HEADERS = ["program", "native s", "qemu s", "rvjit s", "qemu/native", "rvjit/native", "rvjit/qemu"]


def build_rows(programs, runners, cells):
    """Table rows (lists of strings) including the final geometric-mean row."""
    by_key = {r.key: r for r in runners}
    rows = []
    ratio_values = {pair: [] for pair in RATIOS}
    for program in programs:
        row = [program]
        medians = {}
        for key in ("native", "qemu", "rvjit"):
            cell = cells[program][key]
            medians[key] = cell.median()
            row.append(cell_text(cell, by_key[key], medians[key], "{:.3f}"))
        for num, den in RATIOS:
            value = medians[num] / medians[den] if medians[num] and medians[den] else None
            ratio_values[(num, den)].append(value)
            # A missing ratio is explained by whichever side is missing, the non-native one first.
            blame = num if medians[num] is None else den
            row.append(cell_text(cells[program][blame], by_key[blame], value, "{:.2f}"))
        rows.append(row)
    geo = ["geomean", "", "", ""]
    for pair in RATIOS:
        present = [v for v in ratio_values[pair] if v is not None]
        g = geomean(present)
        if g is None:
            text = NOT_AVAILABLE if any(by_key[k].unavailable_reason for k in pair) else FAIL
        else:
            text = f"{g:.2f}" + (f" ({len(present)}/{len(programs)})" if len(present) < len(programs) else "")
        geo.append(text)
    rows.append(geo)
    return rows


def format_text_table(rows):
    widths = [max(len(str(r[i])) for r in [HEADERS] + rows) for i in range(len(HEADERS))]
    lines = []
    for i, row in enumerate([HEADERS] + rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_markdown_table(rows):
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "|".join([":---"] + ["---:"] * (len(HEADERS) - 1)) + "|"]
    for row in rows:
        first = f"**{row[0]}**" if row[0] == "geomean" else row[0]
        lines.append("| " + " | ".join([first] + row[1:]) + " |")
    return "\n".join(lines)


def command_output(cmd):
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30).stdout
        return first_line(out) or "(no output)"
    except (OSError, subprocess.TimeoutExpired):
        return "(not available)"


def machine_description():
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = "unknown"
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    memory = f"{int(line.split()[1]) / (1024 * 1024):.1f} GiB"
                    break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return [f"CPU: {model}", f"Cores (nproc): {os.cpu_count()}", f"Memory: {memory}",
            f"Kernel: {os.uname().release}", f"Load average at start (1/5/15 min): {load}"]


def tool_versions(qemu_prefix):
    commit = command_output(["git", "-C", REPO, "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL).stdout.strip()
    return [f"native compiler: {command_output(['gcc', '--version'])}",
            f"riscv64 compiler: {command_output(['riscv64-linux-gnu-gcc', '--version'])}",
            f"qemu: {command_output(list(qemu_prefix) + ['--version'])}",
            f"dotnet SDK: {command_output(['dotnet', '--version'])}",
            f"rvjit: repository commit {commit}{' (with uncommitted changes)' if dirty else ''}",
            f"python: {sys.version.split()[0]}"]


def args_without_notes(argv):
    """Command-line arguments minus --note texts (those appear in the Notes section instead)."""
    shown, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--note":
            skip = True
        elif not a.startswith("--note="):
            shown.append(a)
    return shown


def write_markdown(path, args, programs, runners, cells, rows, started):
    by_key = {r.key: r for r in runners}
    lines = ["# rvjit vs qemu-riscv64 vs native", "",
             f"Generated by `bench/compare/compare.py {shlex.join(args_without_notes(sys.argv[1:]))}` "
             f"on {started:%Y-%m-%d %H:%M} (local time).", ""]
    notes = list(args.note)
    rvjit = by_key["rvjit"]
    if rvjit.unavailable_reason is not None:
        notes.append(f"rvjit could not run the programs ({rvjit.unavailable_reason}); its columns are n.a.")
    else:
        failed = [p for p in programs if not cells[p]["rvjit"].ok]
        if failed:
            notes.append(f"rvjit failed on {len(failed)} of {len(programs)} programs: "
                         + "; ".join(f"{p}: {cells[p]['rvjit'].failure or 'not run'}" for p in failed))
    for key in ("native", "qemu"):
        for p in programs:
            if not cells[p][key].ok:
                notes.append(f"{key} failed on {p}: {cells[p][key].failure or 'not run'}")
    if notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    lines += ["## Results", "",
              f"Median wall-clock seconds of {args.reps} interleaved repetitions"
              f"{'' if args.size is None else f' at size scale {args.size}'}; ratios are slowdowns "
              "(higher is slower); the geomean row is over the programs where the ratio exists "
              "(count shown when not all).", "",
              format_markdown_table(rows), ""]
    lines += ["## Method", "",
              "- Each program in `bench/programs/` is built by `bench/compare/build.sh` as a static riscv64 Linux "
              "binary (`riscv64-linux-gnu-gcc -O2 -static -march=rv64gc`) and a native x86-64 binary (`gcc -O2`).",
              f"- Runners: native binary; `{shlex.join(by_key['qemu'].prefix)} PROG`; "
              f"`{shlex.join(rvjit.prefix).replace(REPO + os.sep, '')} PROG` (rvjit times include .NET start-up and JIT warm-up).",
              "- Order: for each repetition, for each program: native, qemu, rvjit. Wall-clock time of the whole "
              "process (`time.perf_counter` around `subprocess.run`).",
              "- Every run's standard output must equal native's, otherwise the cell shows `fail`.",
              "- The machine is shared; the load average at start is given below, and individual runs are listed at "
              "the end to show the spread.", "",
              "## Programs", "", "| program | what it measures |", "|:---|:---|"]
    lines += [f"| {p} | {describe_program(p)} |" for p in programs]
    lines += ["", "## Machine and tools", ""] + [f"- {m}" for m in machine_description() + tool_versions(by_key["qemu"].prefix)]
    lines += ["", "## Individual runs (seconds)", "", "| program | native | qemu | rvjit |", "|:---|:---|:---|:---|"]
    for p in programs:
        parts = []
        for key in ("native", "qemu", "rvjit"):
            cell = cells[p][key]
            text = " ".join(f"{t:.3f}" for t in cell.times)
            if not cell.ok:
                text = cell_text(cell, by_key[key], None, "")
            parts.append(text)
        lines.append(f"| {p} | " + " | ".join(parts) + " |")
    text = "\n".join(lines).replace(REPO + os.sep, "")  # repository-relative paths read the same in every checkout
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="repetitions per program and runner (default 3)")
    parser.add_argument("--only", help="comma-separated program names to run (default: all)")
    parser.add_argument("--size", help="work scale passed to every program as argv[1] (default: the program's own, 1.0)")
    parser.add_argument("--rvjit", help="rvjit command prefix; the program path is appended (default: the "
                        "ReadyToRun build.sh publishes, else the plain Release build: dotnet .../rvjit.dll run)")
    parser.add_argument("--qemu", default=DEFAULT_QEMU, help="qemu-riscv64 command prefix (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a single run counts as failed")
    parser.add_argument("--markdown", nargs="?", const=DEFAULT_RESULTS, metavar="PATH",
                        help="also write the results as Markdown (default path: bench/RESULTS.md)")
    parser.add_argument("--note", action="append", default=[], help="extra note line for the Markdown report")
    parser.add_argument("--no-build", action="store_true", help="do not run build.sh first")
    args = parser.parse_args(argv)
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    if args.size is not None:
        try:
            if not float(args.size) > 0:
                raise ValueError
        except ValueError:
            parser.error("--size must be a positive number")
    return args


def main(argv):
    args = parse_args(argv)
    started = datetime.datetime.now()
    programs = discover_programs()
    if args.only:
        wanted = [p.strip() for p in args.only.split(",") if p.strip()]
        unknown = [p for p in wanted if p not in programs]
        if unknown:
            print(f"unknown program(s): {', '.join(unknown)}; known: {', '.join(programs)}", file=sys.stderr)
            return 2
        programs = wanted
    if not args.no_build:
        subprocess.run([os.path.join(HERE, "build.sh")], check=True)
    runners = [Runner("native", [], "native"),
               Runner("qemu", shlex.split(args.qemu), "riscv64"),
               Runner("rvjit", shlex.split(args.rvjit or default_rvjit()), "riscv64")]
    for r in runners:
        if r.unavailable_reason:
            print(f"{r.key}: {r.unavailable_reason}; its cells will show {NOT_AVAILABLE}", file=sys.stderr)

    cells = measure(programs, runners, args.reps, args.size, args.timeout)
    rows = build_rows(programs, runners, cells)
    print(format_text_table(rows))
    for p in programs:
        for r in runners:
            if cells[p][r.key].failure:
                print(f"{p}: {r.key} {FAIL}: {cells[p][r.key].failure}", file=sys.stderr)
    if args.markdown:
        write_markdown(args.markdown, args, programs, runners, cells, rows, started)
        print(f"wrote {args.markdown}", file=sys.stderr)
    # Native or qemu failing means a benchmark or toolchain problem; rvjit failures are expected while it grows.
    broken = any(not cells[p][r.key].ok for p in programs for r in runners[:2] if r.unavailable_reason is None)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
