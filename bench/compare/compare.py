#!/usr/bin/env python3
"""Side-by-side wall-clock comparison: native x86-64 vs qemu-riscv64 vs rvjit, on real programs, bench/programs and bench/parallel.

Three tables: real programs nobody here wrote (built by build-real.sh from Debian's and Go's sources; rvjit runs
each twice in a row, its first and second run), the bench/programs kernels and the multi-threaded
bench/parallel programs (CPU-bound work on 1 and 2 threads, futex round trips and wake-ups, with the
2-thread speed-up and the per-round times derived from them, and a Go HTTP server with 50 clients).
Runs every program under each runner, interleaved (for rep: for program: native, qemu, rvjit) so that load
from other users of the machine spreads over all runners alike, takes the median wall-clock time per cell,
checks every output against native's and prints a table of times and ratios with geometric means.
A runner that fails on a program (non-zero exit, timeout, output differing from native) shows "fail" there;
a runner whose command is not available at all (e.g. rvjit not built yet) shows "n.a.".

Python 3 standard library only. See --help for options.
"""

import argparse
import atexit
import datetime
import math
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
PROGRAMS_DIR = os.path.join(REPO, "bench", "programs")
BUILD_DIR = os.path.join(HERE, "build")
DEFAULT_RESULTS = os.path.join(REPO, "bench", "RESULTS.md")
# build.sh publishes rvjit here as install.sh installs it (scripts/publish.sh); its apphost is what users run.
# Fall back to the plain build output when it has not.
PUBLISHED_RVJIT = os.path.join(BUILD_DIR, "rvjit", "rvjit")
PLAIN_RVJIT = os.path.join(REPO, "src", "Cli", "bin", "Release", "net10.0", "rvjit.dll")


def default_rvjit():
    """The rvjit command prefix, looked up after build.sh ran."""
    if os.access(PUBLISHED_RVJIT, os.X_OK):
        return PUBLISHED_RVJIT + " run"
    return "dotnet " + PLAIN_RVJIT + " run"
DEFAULT_QEMU = "qemu-riscv64"

FAIL = "fail"
NOT_AVAILABLE = "n.a."


PARALLEL_DIR = os.path.join(REPO, "bench", "parallel")
REAL_DIR = os.path.join(BUILD_DIR, "real")
REAL_DATA = os.path.join(REAL_DIR, "data")


class RealProgram:
    """A program nobody here wrote, built by build-real.sh: which binary, its arguments ({data} is the inputs'
    directory), the working directory (under {data}) and how its output is made comparable."""

    def __init__(self, name, binary, args, what, cwd=None, normalize=None):
        self.name, self.binary, self.args, self.what, self.cwd = name, binary, args, what, cwd
        self.normalize = normalize or (lambda out: out)


def without_speedtest_timings(out):
    """speedtest1 prints how long each step took; everything else in its output must match."""
    return re.sub(rb" *[0-9]+\.[0-9]+s$", b"", out, flags=re.M)


REAL_PROGRAMS = [
    RealProgram("gofmt", "gofmt", ["{data}/server.go"],
                "Go's gofmt (cmd/gofmt built from Debian's golang-go) formatting net/http/server.go (114 kB)"),
    RealProgram("go-strconv-test", "strconv.test", ["-test.short"],
                "the test binary of Go's strconv package (`go test -c strconv`), `-test.short`", cwd="strconv"),
    RealProgram("sqlite-speedtest1", "speedtest1", ["--size", "20"],
                "SQLite's own speedtest1 (Debian's sqlite3 3.40.1 source), `--size 20`",
                normalize=without_speedtest_timings),
    RealProgram("lua-sort", "lua", ["{data}/sort.lua"],
                "Lua 5.1 (Debian's lua5.1 source) running test/sort.lua from its own tarball; under a second"),
    RealProgram("duk-mandel", "duk", ["{data}/mandel.js"],
                "Duktape 2.7 (Debian's duktape source), a JavaScript engine, running the mandel.js of its tarball; "
                "under a second"),
    RealProgram("zstd-19-T2", "zstd", ["-19", "-T2", "-c", "{data}/datagen-8M"],
                "zstd (Debian's libzstd 1.5.4 source) `-19 -T2` on 8 MB of its datagen output: two compressing "
                "threads; over ten seconds"),
    RealProgram("lzip-6", "lzip", ["-6", "-c", "{data}/datagen-4M"],
                "lzip 1.23 (Debian's source, C++) `-6` on 4 MB of zstd's datagen output"),
]
REAL_BY_NAME = {p.name: p for p in REAL_PROGRAMS}


def real_program_built(name):
    binary = REAL_BY_NAME[name].binary
    return all(os.path.isfile(os.path.join(REAL_DIR, build, binary)) for build in ("native", "riscv64"))


# rvjit keeps translations in a cache across runs (README: the translation cache). Each real program's first
# rvjit run starts from an empty cache of its own and the second run uses what the first left; bench/programs
# runs without the cache (--no-cache). After a run that saved translations, rvjit precompiles them in a
# detached background process: every run here waits for those to finish first, so none is timed beside one
# (the second run then sees the first run's work as a user running the program again later would).
CACHE_ROOT = tempfile.mkdtemp(prefix="rvjit-bench-cache-")
atexit.register(shutil.rmtree, CACHE_ROOT, True)


def wait_for_cache_work(limit=600):
    """Waits (up to limit seconds) until no `rvjit cache-native` background process is left.

    The step runs in an autogroup of its own at nice 19 (README: the translation cache), so on a busy host it would
    take minutes; nothing is timed while this waits, so each step's group is given the default nice back first."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        found = subprocess.run(["pgrep", "-f", "cache-native"], stdout=subprocess.PIPE, text=True)
        if found.returncode != 0:
            return
        for pid in found.stdout.split():
            try:
                with open(f"/proc/{pid}/autogroup", "w") as group:
                    group.write("0")
            except OSError:
                pass  # gone already, or a host without autogroups
        time.sleep(0.2)


def rvjit_cache_options(runner, name):
    """--cache DIR for a real program's rvjit runs (a fresh DIR for the first run), else nothing."""
    if runner.key not in ("rvjit", "rvjit2"):
        return []
    directory = os.path.join(CACHE_ROOT, name)
    if runner.key == "rvjit":
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
    return ["--cache", directory]


def real_job(runner, name):
    """The command, working directory and output normaliser of a real program under a runner."""
    program = REAL_BY_NAME[name]
    wait_for_cache_work()
    cmd = list(runner.prefix) + rvjit_cache_options(runner, name) + [os.path.join(REAL_DIR, runner.build, program.binary)]
    cmd += [a.replace("{data}", REAL_DATA) for a in program.args]
    cwd = os.path.join(REAL_DATA, program.cwd) if program.cwd else None
    return cmd, cwd, program.normalize


class ParallelCase:
    """One row of the parallel table: a bench/parallel program and its arguments at a work scale."""

    def __init__(self, name, binary, arguments, what):
        self.name, self.binary, self.what = name, binary, what
        self.arguments = arguments  # scale (float) -> argument list


# Futex round trips (or wake-ups) per run at scale 1: about half a second natively.
PARALLEL_ROUNDS = 50000


# Requests per client of the Go HTTP server at scale 1 (1000 requests in all, about 0.8 G guest instructions).
GO_HTTP_REQUESTS = 20


def parallel_rounds(scale):
    return max(1, round(PARALLEL_ROUNDS * scale))


PARALLEL_CASES = [
    ParallelCase("pcompute-1T", "pcompute", lambda scale: ["1", f"{scale:g}"],
                 "bench/parallel/pcompute.c: fixed CPU-bound work (independent 4 KiB blocks mixed in place) on one "
                 "thread"),
    ParallelCase("pcompute-2T", "pcompute", lambda scale: ["2", f"{scale:g}"],
                 "the same work split over two threads (own cache-line-aligned data each, one shared atomic "
                 "checksum: the output equals the 1-thread run's)"),
    ParallelCase("thread-start", "pingpong", lambda scale: ["pingpong", "0"],
                 "bench/parallel/pingpong.c with 0 rounds: process start-up plus one thread created and joined; "
                 "subtracted from the two rows below for the per-round times"),
    ParallelCase("futex-pingpong", "pingpong", lambda scale: ["pingpong", str(parallel_rounds(scale))],
                 "two threads bounce a token on one futex word (FUTEX_WAIT until it is one's turn, flip, "
                 "FUTEX_WAKE): context switches between two guest threads"),
    ParallelCase("futex-wake", "pingpong", lambda scale: ["wake", str(parallel_rounds(scale))],
                 "one thread sleeps in FUTEX_WAIT, the other wakes it and polls (spin, then sched_yield) for its "
                 "acknowledgement: the latency of a futex wake reaching a sleeping thread"),
    ParallelCase("go-http-server", "gohttp", lambda scale: ["50", str(max(1, round(GO_HTTP_REQUESTS * scale))), "4"],
                 "bench/parallel/gohttp (Go, Debian's golang-go): a net/http server on 127.0.0.1 and 50 goroutine "
                 f"clients, {GO_HTTP_REQUESTS} JSON requests each, every request hashing 4 KiB with sha256: "
                 "the netpoller (epoll), futexes, loopback sockets, the garbage collector and SIGURG preemption; "
                 "prints a checksum of the responses"),
]
PARALLEL_BY_NAME = {c.name: c for c in PARALLEL_CASES}


def parallel_case_built(name):
    binary = PARALLEL_BY_NAME[name].binary
    return all(os.path.isfile(os.path.join(BUILD_DIR, build, binary)) for build in ("native", "riscv64"))


def rvjit_supports_smp(prefix):
    """Whether `rvjit run --help` lists --smp (rvjit runs guest threads on several host threads)."""
    try:
        proc = subprocess.run(list(prefix) + ["--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return b"--smp" in proc.stdout


def parallel_job_maker(scale, rvjit_options):
    """job(runner, case name) for measure(): the bench/parallel program at the scale; rvjit_options (e.g.
    --smp N) go to rvjit only."""
    def job(runner, name):
        case = PARALLEL_BY_NAME[name]
        options = list(rvjit_options) + ["--no-cache"] if runner.key.startswith("rvjit") else []
        cmd = list(runner.prefix) + options + [os.path.join(BUILD_DIR, runner.build, case.binary)]
        return cmd + case.arguments(scale), None, lambda out: out
    return job


def parallel_derived_rows(cells, scale):
    """The figures issue 16 asks for, from the parallel table's medians: the 2-thread speed-up of pcompute
    per runner (1-thread time / 2-thread time) and the time of one futex round trip and of one wake-up
    (run minus the 0-round run, divided by the rounds), with rvjit/qemu."""
    keys = ("native", "qemu", "rvjit")
    median = {name: {key: cells[name][key].median() for key in keys} for name in cells}

    def speedup(key):
        one, two = median["pcompute-1T"][key], median["pcompute-2T"][key]
        return one / two if one and two else None

    def per_round_us(name, key):
        run, start = median[name][key], median["thread-start"][key]
        return (run - start) / parallel_rounds(scale) * 1e6 if run and start else None

    def row(label, values, fmt, with_ratio):
        texts = [fmt.format(values[k]) if values[k] is not None else FAIL for k in keys]
        ratio = ""
        if with_ratio:
            ratio = (f"{values['rvjit'] / values['qemu']:.2f}" if values["rvjit"] and values["qemu"] and
                     values["qemu"] > 0 else FAIL)
        return [label] + texts + [ratio]

    return [row("pcompute speed-up, 1T s / 2T s (target >= 1.8)", {k: speedup(k) for k in keys}, "{:.2f}", False),
            row("futex ping-pong round trip, us", {k: per_round_us("futex-pingpong", k) for k in keys},
                "{:.2f}", True),
            row("futex wake of a sleeping thread, us", {k: per_round_us("futex-wake", k) for k in keys},
                "{:.2f}", True)]


PARALLEL_DERIVED_HEADERS = ["derived", "native", "qemu", "rvjit", "rvjit/qemu"]


class Runner:
    """One way of running a program: a command prefix plus which build (native or riscv64) it executes."""

    def __init__(self, key, prefix, build):
        self.key = key
        self.prefix = prefix
        self.build = build
        self.unavailable_reason = find_unavailable_reason(prefix)

    def command(self, program, size):
        cache = ["--no-cache"] if self.key.startswith("rvjit") else []
        cmd = list(self.prefix) + cache + [os.path.join(BUILD_DIR, self.build, program)]
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


def run_once(cmd, timeout, cwd=None):
    """Runs cmd, returning (seconds, exit code or None on timeout, stdout, stderr)."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None, b"", b""
    except OSError as e:
        return time.perf_counter() - start, -1, b"", str(e).encode()
    return time.perf_counter() - start, proc.returncode, proc.stdout, proc.stderr


def first_line(data):
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:160] if text else ""


def measure(programs, runners, reps, size, timeout, job=None):
    """Interleaved repetitions; returns {program: {runner key: Cell}}.

    job(runner, program) gives (command, working directory, output normaliser); by default a bench/programs
    program run with the size argument, in the current directory, its output compared as it is."""
    if job is None:
        def job(runner, program):
            return runner.command(program, size), None, lambda out: out
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
                cmd, cwd, normalize = job(runner, program)
                seconds, code, out, err = run_once(cmd, timeout, cwd)
                out = normalize(out)
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
            print(f"rep {rep}/{reps} {program:<17} " + "  ".join(progress), file=sys.stderr, flush=True)
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


# The system set: Linux booting on QEMU's virt board, to init's marker and a power-off, under qemu-system-riscv64 and
# `rvjit system`, with the same firmware, kernel, initramfs and command line (the images are the tests' own:
# tests/linux/build-linux.sh builds Linux 6.1, tests/linux/fetch-debian-kernel.sh fetches Debian's 6.12).
SYSTEM_MARKER = b"rvjit-linux: init up"
SYSTEM_QEMU = ["qemu-system-riscv64", "-M", "virt"]
SYSTEM_FW_JUMP = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf"


class SystemCase:
    def __init__(self, name, script, machine, smp, what):
        self.name, self.script, self.machine, self.smp, self.what = name, script, machine, smp, what

    def arguments(self, image_dir):
        return self.machine + ["-smp", str(self.smp), "-nographic", "-kernel", os.path.join(image_dir, "Image"),
                               "-initrd", os.path.join(image_dir, "initramfs.cpio.gz"),
                               "-append", 'console=ttyS0 rvjit_run="poweroff -f"']


SYSTEM_CASES = [
    SystemCase(f"{kernel}-smp{smp}", script, machine, smp, f"{what}, {smp} hart{'s' if smp > 1 else ''}")
    for kernel, script, machine, what in [
        ("linux-6.1", "tests/linux/build-linux.sh", ["-bios", SYSTEM_FW_JUMP],
         "Linux 6.1 (tinyconfig + tests/linux/virt.config) and a busybox initramfs behind OpenSBI's fw_jump"),
        ("debian-6.12", "tests/linux/fetch-debian-kernel.sh", ["-bios", "default", "-m", "512"],
         "Debian trixie's generic kernel loading its virtio and ext4 modules (signature checks) behind fw_dynamic")]
    for smp in (1, 2)]
SYSTEM_BY_NAME = {c.name: c for c in SYSTEM_CASES}


def system_images(script, built={}):
    """The directory of a script's Image and initramfs (built or fetched once; None if that failed)."""
    if script not in built:
        proc = subprocess.run(["bash", os.path.join(REPO, script)], stdout=subprocess.PIPE)
        built[script] = proc.stdout.decode().strip().splitlines()[-1] if proc.returncode == 0 and proc.stdout.strip() else None
    return built[script]


def measure_system(names, runners, reps, timeout):
    """Interleaved boots (for rep: for case: qemu, rvjit); a boot counts if it exits 0 having printed the marker."""
    cells = {n: {r.key: Cell() for r in runners} for n in names}
    for rep in range(1, reps + 1):
        for name in names:
            case, progress = SYSTEM_BY_NAME[name], []
            images = system_images(case.script)
            for runner in runners:
                cell = cells[name][runner.key]
                if runner.unavailable_reason is not None or images is None:
                    cell.skipped = True
                    continue
                if cell.failure is not None:
                    progress.append(f"{runner.key} {FAIL}")
                    continue
                cache = []
                if runner.key.startswith("rvjit"):
                    # As the real programs: a first boot from an empty cache of the case's own, a second boot from
                    # what the first kept, each after the background precompile steps have finished.
                    wait_for_cache_work()
                    cache = rvjit_cache_options(runner, "system-" + name)
                seconds, code, out, err = run_once(runner.prefix + cache + case.arguments(images), timeout)
                if code is None:
                    cell.failure = f"timeout after {timeout:g} s"
                elif code != 0:
                    cell.failure = f"exit code {code}" + (f": {first_line(err)}" if err.strip() else "")
                elif SYSTEM_MARKER not in out:
                    cell.failure = "no init marker on the console"
                if cell.failure is None:
                    cell.times.append(seconds)
                    progress.append(f"{runner.key} {seconds:.3f}s")
                else:
                    progress.append(f"{runner.key} {FAIL}")
            print(f"rep {rep}/{reps} {name:<17} " + "  ".join(progress), file=sys.stderr, flush=True)
    return cells


RATIOS = [("qemu", "native"), ("rvjit", "native"), ("rvjit", "qemu")]
HEADERS = ["program", "native s", "qemu s", "rvjit s", "qemu/native", "rvjit/native", "rvjit/qemu"]


# The real programs' table: rvjit's first run and its second run right after (a warm translation cache once
# translations persist across runs; until then a second run is just a second run).
REAL_KEYS = ("native", "qemu", "rvjit", "rvjit2")
REAL_RATIOS = [("qemu", "native"), ("rvjit", "qemu"), ("rvjit2", "qemu"), ("rvjit", "native")]
REAL_HEADERS = ["program", "native s", "qemu s", "rvjit 1st s", "rvjit 2nd s", "qemu/native", "rvjit 1st/qemu",
                "rvjit 2nd/qemu", "rvjit 1st/native"]


def build_rows(programs, runners, cells, keys=("native", "qemu", "rvjit"), ratios=None, with_geomean=True):
    """Table rows (lists of strings), with a final geometric-mean row unless with_geomean is false."""
    ratios = RATIOS if ratios is None else ratios
    by_key = {r.key: r for r in runners}
    rows = []
    ratio_values = {pair: [] for pair in ratios}
    for program in programs:
        row = [program]
        medians = {}
        for key in keys:
            cell = cells[program][key]
            medians[key] = cell.median()
            row.append(cell_text(cell, by_key[key], medians[key], "{:.3f}"))
        for num, den in ratios:
            value = medians[num] / medians[den] if medians[num] and medians[den] else None
            ratio_values[(num, den)].append(value)
            # A missing ratio is explained by whichever side is missing, the non-native one first.
            blame = num if medians[num] is None else den
            row.append(cell_text(cells[program][blame], by_key[blame], value, "{:.2f}"))
        rows.append(row)
    if not with_geomean:
        return rows
    geo = ["geomean"] + [""] * len(keys)
    for pair in ratios:
        present = [v for v in ratio_values[pair] if v is not None]
        g = geomean(present)
        if g is None:
            text = NOT_AVAILABLE if any(by_key[k].unavailable_reason for k in pair) else FAIL
        else:
            text = f"{g:.2f}" + (f" ({len(present)}/{len(programs)})" if len(present) < len(programs) else "")
        geo.append(text)
    rows.append(geo)
    return rows


def format_text_table(rows, headers=HEADERS):
    widths = [max(len(str(r[i])) for r in [headers] + rows) for i in range(len(headers))]
    lines = []
    for i, row in enumerate([headers] + rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_markdown_table(rows, headers=HEADERS):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join([":---"] + ["---:"] * (len(headers) - 1)) + "|"]
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


class ProgramSet:
    """One table of the comparison: its programs, how they were run and what came out."""

    def __init__(self, title, intro, programs, keys, ratios, headers, describe, with_geomean=True):
        self.title, self.intro, self.programs = title, intro, programs
        self.keys, self.ratios, self.headers, self.describe = keys, ratios, headers, describe
        self.with_geomean = with_geomean  # false where the rows measure different things (the parallel set)
        self.cells, self.rows = None, None
        self.derived = None  # optional (headers, rows) of figures computed from the medians, shown after the table
        self.runners = None  # the set's own runners when they are not the user-mode ones (the system set)

    def failure_notes(self, by_key):
        notes = []
        for key in self.keys:
            runner = by_key[key]
            if runner.unavailable_reason is not None:
                continue
            failed = [p for p in self.programs if not self.cells[p][key].ok]
            if failed:
                notes.append(f"{self.title}: {key} failed on {len(failed)} of {len(self.programs)} programs: "
                             + "; ".join(f"{p}: {self.cells[p][key].failure or 'not run'}" for p in failed))
        return notes


def write_markdown(path, args, runners, sets, started):
    by_key = {r.key: r for r in runners}
    lines = ["# rvjit vs qemu-riscv64 vs native", "",
             f"Generated by `bench/compare/compare.py {shlex.join(args_without_notes(sys.argv[1:]))}` "
             f"on {started:%Y-%m-%d %H:%M} (local time).", ""]
    notes = list(args.note)
    rvjit = by_key["rvjit"]
    if rvjit.unavailable_reason is not None:
        notes.append(f"rvjit could not run the programs ({rvjit.unavailable_reason}); its columns are n.a.")
    for program_set in sets:
        notes += program_set.failure_notes(by_key)
    if notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    for program_set in sets:
        lines += [f"## {program_set.title}", "", program_set.intro,
                  f"Median wall-clock seconds of {args.reps} interleaved repetitions; ratios are slowdowns "
                  "(higher is slower)"
                  + ("; the geomean row is over the programs where the ratio exists (count shown when not all)."
                     if program_set.with_geomean else "."), "",
                  format_markdown_table(program_set.rows, program_set.headers), ""]
        if program_set.derived is not None:
            lines += [format_markdown_table(program_set.derived[1], program_set.derived[0]), ""]
        lines += ["| program | what it runs |", "|:---|:---|"]
        lines += [f"| {p} | {program_set.describe(p)} |" for p in program_set.programs]
        lines.append("")
    lines += ["## Method", "",
              "- Each program in `bench/programs/` is built by `bench/compare/build.sh` as a static riscv64 Linux "
              "binary (`riscv64-linux-gnu-gcc -O2 -static -march=rv64gc`) and a native x86-64 binary (`gcc -O2`); "
              "`bench/parallel/` likewise, with `-pthread`; `bench/parallel/gohttp/main.go` with Debian's golang-go "
              "(`GOARCH=riscv64 CGO_ENABLED=0 go build`, and natively).",
              "- The real programs are built by `bench/compare/build-real.sh` from Debian's source packages "
              "(`apt-get source`: sqlite3, lua5.1, duktape, libzstd, lzip) and Go's own sources (Debian's golang-go), "
              "cross-compiled statically for riscv64 and natively from the same sources.",
              f"- Runners: native binary; `{shlex.join(by_key['qemu'].prefix)} PROG`; "
              f"`{shlex.join(rvjit.prefix).replace(REPO + os.sep, '')} PROG` (rvjit times include .NET start-up and JIT warm-up).",
              "- Order: for each repetition, for each program: native, qemu, rvjit (and for the real programs "
              "rvjit a second time, right after the first). Wall-clock time of the whole process "
              "(`time.perf_counter` around `subprocess.run`).",
              "- Every run's standard output must equal native's (for speedtest1, with its own timings removed), "
              "otherwise the cell shows `fail`.",
              "- The machine is shared; the load average at start is given below, and individual runs are listed at "
              "the end to show the spread.", ""]
    lines += ["## Machine and tools", ""] + [f"- {m}" for m in machine_description() + tool_versions(by_key["qemu"].prefix)]
    for program_set in sets:
        lines += ["", f"## Individual runs (seconds): {program_set.title}", "",
                  "| program | " + " | ".join(program_set.keys) + " |", "|:---|" + ":---|" * len(program_set.keys)]
        for p in program_set.programs:
            parts = []
            for key in program_set.keys:
                cell = program_set.cells[p][key]
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
    parser.add_argument("--set", choices=("all", "real", "programs", "parallel", "system"), default="all",
                        help="which table(s) to measure: the real programs, bench/programs, bench/parallel, "
                        "or all three (default); system: Linux boots on the virt board against qemu-system-riscv64 "
                        "(not part of all)")
    parser.add_argument("--size", help="work scale passed to every bench/programs program as argv[1] "
                        "and to the bench/parallel runs (pcompute's work, pingpong's rounds, the Go server's requests) "
                        "(default: the program's own, 1.0)")
    parser.add_argument("--smp", type=int, metavar="N", help="run rvjit with --smp N (N host threads running "
                        "guest threads) in the parallel set; passed only if `rvjit run --help` lists --smp "
                        "(default: nothing passed, rvjit's own default)")
    parser.add_argument("--rvjit", help="rvjit command prefix; the program path is appended (default: the "
                        "publish build.sh makes as install.sh does: build/rvjit/rvjit run; else the plain Release build: "
                        "dotnet .../rvjit.dll run)")
    parser.add_argument("--qemu", default=DEFAULT_QEMU, help="qemu-riscv64 command prefix (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a single run counts as failed")
    parser.add_argument("--markdown", nargs="?", const=DEFAULT_RESULTS, metavar="PATH",
                        help="also write the results as Markdown (default path: bench/RESULTS.md)")
    parser.add_argument("--note", action="append", default=[], help="extra note line for the Markdown report")
    parser.add_argument("--no-build", action="store_true", help="do not run build.sh first")
    args = parser.parse_args(argv)
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    if args.smp is not None and args.smp < 1:
        parser.error("--smp must be at least 1")
    if args.size is not None:
        try:
            if not float(args.size) > 0:
                raise ValueError
        except ValueError:
            parser.error("--size must be a positive number")
    return args


def measure_parallel(names, runners, args):
    """The parallel set: its cases under native, qemu and rvjit (with --smp N when asked for and rvjit has
    it), plus the derived speed-up and per-round table when every case it needs was run."""
    scale = 1.0 if args.size is None else float(args.size)
    rvjit = runners[2]
    smp_supported = rvjit.unavailable_reason is None and rvjit_supports_smp(rvjit.prefix)
    rvjit_options = []
    if not smp_supported:
        how = "`rvjit run --help` does not list --smp: rvjit runs all guest threads on one host thread"
        if args.smp is not None:
            print(f"--smp {args.smp} not passed: {how}", file=sys.stderr)
    elif args.smp is not None:
        rvjit_options = ["--smp", str(args.smp)]
        how = f"rvjit ran with `--smp {args.smp}`"
    else:
        how = "rvjit ran with its default --smp (one host thread per host core)"
    missing = [n for n in names if not parallel_case_built(n)]
    for name in missing:
        print(f"{name}: not built (see build.sh's messages); skipped", file=sys.stderr)
    names = [n for n in names if n not in missing]
    complete = all(c.name in names for c in PARALLEL_CASES if c.name != "go-http-server")
    program_set = ProgramSet(
        "Parallel", "Multi-threaded programs written here (`bench/parallel/*.c`, `bench/parallel/gohttp`)"
        + ("" if args.size is None else f", at size scale {args.size}")
        + f"; {how}. Native and qemu-riscv64 run guest threads on host threads."
        + (" The second table derives from the medians: pcompute's 2-thread speed-up per runner and the time of "
           f"one futex round trip and of one wake-up ({parallel_rounds(scale)} rounds per run, the 0-round "
           "thread-start run subtracted)." if complete else ""),
        names, ("native", "qemu", "rvjit"), RATIOS, HEADERS, lambda p: PARALLEL_BY_NAME[p].what,
        with_geomean=False)
    program_set.cells = measure(names, runners[:3], args.reps, None, args.timeout,
                                job=parallel_job_maker(scale, rvjit_options))
    if complete:
        program_set.derived = (PARALLEL_DERIVED_HEADERS, parallel_derived_rows(program_set.cells, scale))
    return program_set


def main(argv):
    args = parse_args(argv)
    started = datetime.datetime.now()
    small = discover_programs() if args.set in ("all", "programs") else []
    real = [p.name for p in REAL_PROGRAMS] if args.set in ("all", "real") else []
    parallel = [c.name for c in PARALLEL_CASES] if args.set in ("all", "parallel") else []
    system = [c.name for c in SYSTEM_CASES] if args.set == "system" else []
    if args.only:
        wanted = [p.strip() for p in args.only.split(",") if p.strip()]
        unknown = [p for p in wanted if p not in small and p not in real and p not in parallel and p not in system]
        if unknown:
            print(f"unknown program(s): {', '.join(unknown)}; known: {', '.join(small + real + parallel + system)}",
                  file=sys.stderr)
            return 2
        small = [p for p in small if p in wanted]
        real = [p for p in real if p in wanted]
        parallel = [p for p in parallel if p in wanted]
        system = [p for p in system if p in wanted]
    if not args.no_build:
        subprocess.run([os.path.join(HERE, "build.sh")], check=True)
    rvjit_prefix = shlex.split(args.rvjit or default_rvjit())
    runners = [Runner("native", [], "native"),
               Runner("qemu", shlex.split(args.qemu), "riscv64"),
               Runner("rvjit", rvjit_prefix, "riscv64"),
               Runner("rvjit2", rvjit_prefix, "riscv64")]
    for r in runners[:3]:
        if r.unavailable_reason:
            print(f"{r.key}: {r.unavailable_reason}; its cells will show {NOT_AVAILABLE}", file=sys.stderr)

    sets = []
    if real:
        missing = [p for p in real if not real_program_built(p)]
        for p in missing:
            print(f"{p}: not built (see build-real.sh's messages); skipped", file=sys.stderr)
        real = [p for p in real if p not in missing]
    if real:
        program_set = ProgramSet(
            "Real programs", "Programs nobody here wrote (see the table below the results). `rvjit 1st` starts "
            "with an empty translation cache of its own; `rvjit 2nd` is rvjit run again after it, with the "
            "translations the first run kept (precompiled by the background step the first run started, which "
            "is not timed: every run waits until no such step is left).",
            real, REAL_KEYS, REAL_RATIOS, REAL_HEADERS, lambda p: REAL_BY_NAME[p].what)
        program_set.cells = measure(real, runners, args.reps, None, args.timeout, job=real_job)
        sets.append(program_set)
    if small:
        program_set = ProgramSet(
            "bench/programs", "Small benchmark kernels written here (`bench/programs/*.c`)"
            + ("" if args.size is None else f", at size scale {args.size}") + ".",
            small, ("native", "qemu", "rvjit"), RATIOS, HEADERS, describe_program)
        program_set.cells = measure(small, runners[:3], args.reps, args.size, args.timeout)
        sets.append(program_set)
    if parallel:
        sets.append(measure_parallel(parallel, runners, args))
    if system:
        system_prefix = rvjit_prefix[:-1] + ["system"] if rvjit_prefix[-1:] == ["run"] else rvjit_prefix + ["system"]
        system_runners = [Runner("qemu", SYSTEM_QEMU, "system"), Runner("rvjit", system_prefix, "system"),
                          Runner("rvjit2", system_prefix, "system")]
        program_set = ProgramSet(
            "System mode", "Linux booting on QEMU's `virt` board to init's marker and `poweroff -f`: "
            "`qemu-system-riscv64 -M virt` against `rvjit system`, the same images and command line (whole process, "
            "wall-clock; rvjit's virtual clock, QEMU's host clock). `rvjit 1st` boots with an empty translation cache "
            "of its own, `rvjit 2nd` right after it with what the first boot kept (as the real programs).",
            system, ("qemu", "rvjit", "rvjit2"), [("rvjit", "qemu"), ("rvjit2", "qemu")],
            ["case", "qemu-system s", "rvjit 1st s", "rvjit 2nd s", "rvjit 1st/qemu", "rvjit 2nd/qemu"],
            lambda p: SYSTEM_BY_NAME[p].what)
        program_set.runners = system_runners
        program_set.cells = measure_system(system, system_runners, args.reps, args.timeout)
        sets.append(program_set)
    for program_set in sets:
        program_set.rows = build_rows(program_set.programs, program_set.runners or runners, program_set.cells, program_set.keys,
                                      program_set.ratios, program_set.with_geomean)
        print(f"\n{program_set.title}\n" + format_text_table(program_set.rows, program_set.headers))
        if program_set.derived is not None:
            print("\n" + format_text_table(program_set.derived[1], program_set.derived[0]))
        for p in program_set.programs:
            for key in program_set.keys:
                if program_set.cells[p][key].failure:
                    print(f"{p}: {key} {FAIL}: {program_set.cells[p][key].failure}", file=sys.stderr)
    if args.markdown:
        write_markdown(args.markdown, args, runners, sets, started)
        print(f"wrote {args.markdown}", file=sys.stderr)
    # Native or qemu failing means a benchmark or toolchain problem; rvjit failures are expected while it grows.
    broken = any(not s.cells[p][key].ok for s in sets for p in s.programs for key in ("native", "qemu")
                 if key in s.keys and (s.runners or runners)[0 if key == "native" else s.keys.index(key)].unavailable_reason is None)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
