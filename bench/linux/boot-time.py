#!/usr/bin/env python3
"""Times Linux 6.1 (tests/linux/build-linux.sh's Image and initramfs) booting on the virt board under rvjit and
under qemu-system-riscv64 -machine virt, with the same firmware, kernel, initramfs and command line: wall time
to init's marker line and to power-off (`poweroff -f` from the kernel command line), best of --runs; then a
CPU-bound workload inside the booted Linux (--workload, run by init before the power-off; default: 16 MiB
through a pipe into sha256sum, two processes switching address spaces), timed from the marker to power-off.

usage: boot-time.py [--runs N] [--smp 1,2] [--engines jit,interp] [--accel single,multi] [--rvjit COMMAND]
                    [--workload CMD | --workload ''] [--debian]

--debian: Debian trixie's generic kernel (tests/linux/fetch-debian-kernel.sh) as QEMU users boot it: -bios default
(OpenSBI fw_dynamic), -m 512M, its initramfs loading the virtio and ext4 modules before the marker.

--rvjit: the rvjit command (default: the ReadyToRun publish bench/compare/build.sh makes, as users install it, when
present; else `dotnet src/Cli/bin/Release/net10.0/rvjit.dll`, whose start-up JIT-compiles rvjit itself).
--accel: rvjit's -accel tcg,thread=... for more than one hart (single: the harts take turns on one host thread;
multi: a host thread per hart); QEMU runs with its default (multi-threaded TCG for riscv64).
"""
import argparse, os, shlex, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FW = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf"
MARKER = b"rvjit-linux: init up"


def default_rvjit():
    published = os.path.join(ROOT, "bench/compare/build/rvjit/rvjit")
    if os.access(published, os.X_OK):
        return published
    return "dotnet " + os.path.join(ROOT, "src/Cli/bin/Release/net10.0/rvjit.dll")


def images(debian):
    script = "tests/linux/fetch-debian-kernel.sh" if debian else "tests/linux/build-linux.sh"
    out = subprocess.run(["bash", os.path.join(ROOT, script)], check=True, stdout=subprocess.PIPE).stdout
    d = out.decode().strip()
    return os.path.join(d, "Image"), os.path.join(d, "initramfs.cpio.gz")


def run(cmd):
    """Wall seconds to the marker and to exit; the exit status."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    seen, marker_at = b"", None
    while True:
        chunk = p.stdout.read1(4096)
        if not chunk:
            break
        seen += chunk
        if marker_at is None and MARKER in seen:
            marker_at = time.monotonic() - t0
    code = p.wait()
    return marker_at, time.monotonic() - t0, code


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--smp", default="1,2")
    ap.add_argument("--engines", default="jit,interp")
    ap.add_argument("--accel", default="multi")
    ap.add_argument("--rvjit", default=default_rvjit())
    ap.add_argument("--workload", default="dd if=/dev/zero bs=64k count=256 2>/dev/null | sha256sum")
    ap.add_argument("--debian", action="store_true")
    a = ap.parse_args()
    kernel, initrd = images(a.debian)
    firmware = ["-bios", "default", "-m", "512"] if a.debian else ["-bios", FW]

    def common(script):
        return firmware + ["-kernel", kernel, "-initrd", initrd, "-append", f"console=ttyS0 rvjit_run=\"{script}\"", "-nographic"]

    print(f"{'machine':28} {'smp':>3} {'to marker s':>12} {'to poweroff s':>14} {'workload s':>11}")
    for smp in a.smp.split(","):
        configs = [("qemu-system-riscv64 7.2", ["qemu-system-riscv64", "-M", "virt", "-smp", smp])]
        threads = a.accel.split(",") if smp != "1" else [None]
        configs += [(f"rvjit {e}" + (f" thread={t}" if t else ""),
                     shlex.split(a.rvjit) + ["system", "--engine", e, "-smp", smp] + (["-accel", f"tcg,thread={t}"] if t else []))
                    for e in a.engines.split(",") for t in threads]
        for name, cmd in configs:
            results = [run(cmd + common("poweroff -f")) for _ in range(a.runs)]
            loads = [run(cmd + common(f"{a.workload}; poweroff -f")) for _ in range(a.runs)] if a.workload else []
            bad = [r for r in results + loads if r[0] is None or r[2] != 0]
            if bad:
                print(f"{name:28} {smp:>3} failed: {bad[0]}")
                continue
            work = f"{min(r[1] - r[0] for r in loads):11.2f}" if loads else f"{'-':>11}"
            print(f"{name:28} {smp:>3} {min(r[0] for r in results):12.2f} {min(r[1] for r in results):14.2f} {work}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
