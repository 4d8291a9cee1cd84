#!/usr/bin/env python3
"""Start-up of a static riscv64 hello world: qemu-riscv64 vs rvjit's plain build vs rvjit as installed (ReadyToRun).

Builds hello (riscv64-linux-gnu-gcc -static) into bench/compare/build/startup/, then runs every variant in turn
(A B C A B C ...) and prints the median wall and CPU (user + system) seconds of each. Extra variants are
NAME=ENV1=V1,ENV2=V2 on the command line: the installed rvjit with those environment variables (for example
`pgo-off=DOTNET_TieredPGO=0`). Python 3 standard library only.

  bench/compare/startup.py [--reps 20] [--installed PREFIX/bin/rvjit] [VARIANT ...]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(HERE, "build", "startup")
HELLO_C = '#include <stdio.h>\nint main(void) { puts("hello, world"); return 0; }\n'
PLAIN = os.path.join(REPO, "src", "Cli", "bin", "Release", "net10.0", "rvjit")


def build_hello():
    os.makedirs(OUT, exist_ok=True)
    source, binary = os.path.join(OUT, "hello.c"), os.path.join(OUT, "hello")
    if not os.path.isfile(binary):
        with open(source, "w", encoding="utf-8") as f:
            f.write(HELLO_C)
        subprocess.run(["riscv64-linux-gnu-gcc", "-O2", "-static", "-o", binary, source], check=True)
    return binary


def run(cmd, env):
    """Wall and CPU seconds of one run (CPU from the children's rusage difference)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0 or proc.stdout != b"hello, world\n":
        raise SystemExit(f"{cmd}: exit {proc.returncode}, output {proc.stdout[:80]!r} {proc.stderr[:200]!r}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--installed", default=None,
                        help="the rvjit that scripts/install.sh installed (default: /usr/local/bin/rvjit, else the "
                        "ReadyToRun publish build.sh leaves in bench/compare/build/rvjit)")
    parser.add_argument("--plain", default=PLAIN, help="the plain build's apphost (default: src/Cli/bin/Release)")
    parser.add_argument("variants", nargs="*", help="NAME=VAR=VALUE,VAR=VALUE: the installed rvjit with that environment")
    args = parser.parse_args(argv)
    if args.installed is None:
        args.installed = "/usr/local/bin/rvjit"
        if not os.path.isfile(args.installed):
            args.installed = os.path.join(HERE, "build", "rvjit", "rvjit")
    hello = build_hello()
    base = dict(os.environ)
    variants = [("qemu-riscv64", ["qemu-riscv64", hello], base)]
    if os.path.isfile(args.plain):
        variants.append(("rvjit plain build", [args.plain, "run", hello], base))
    if os.path.isfile(args.installed):
        variants.append(("rvjit installed", [args.installed, "run", hello], base))
        for spec in args.variants:
            name, _, settings = spec.partition("=")
            env = dict(base)
            for setting in settings.split(","):
                key, _, value = setting.partition("=")
                env[key] = value
            variants.append((f"installed + {name}", [args.installed, "run", hello], env))
    results = {name: [] for name, _, _ in variants}
    for _ in range(args.reps):
        for name, cmd, env in variants:
            results[name].append(run(cmd, env))
    width = max(len(name) for name in results)
    print(f"{'variant':<{width}}  wall s (median)  cpu s (median)  wall min..max   ({args.reps} interleaved runs)")
    for name, runs in results.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(f"{name:<{width}}  {statistics.median(walls):15.3f}  {statistics.median(cpus):14.3f}  "
              f"{min(walls):.3f}..{max(walls):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
