#!/usr/bin/env bash
# Differential test: random RV64GC programs run on rvjit and on qemu-system-riscv64 must leave the same state.
# usage: tests/riscv-tests/run-differential.sh [--seeds N] [--start S] [--engine interp|jit] [--misaligned]
#   --seeds N      how many seeds (default 300)
#   --start S      first seed (default 1); a failure names its seed, rerun it alone with --start S --seeds 1
#   --engine E     rvjit engine: interp or jit (default: both)
#   --misaligned   also generate misaligned loads/stores (an implementation choice; off by default)
# Programs and images are cached under ${TMPDIR:-/tmp}/rvjit-diff/seed-S-HASH/ (prog.S, prog.elf).
set -euo pipefail
cd "$(dirname "$0")"

seeds=300 start=1 engine= misaligned=0
while [ $# -gt 0 ]; do
    case "$1" in
        --seeds) seeds=${2:?--seeds needs a number}; shift 2 ;;
        --start) start=${2:?--start needs a number}; shift 2 ;;
        --engine) engine=${2:?--engine needs interp or jit}; shift 2 ;;
        --misaligned) misaligned=1; shift ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-differential.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
case "$engine" in interp|jit|"") ;; *) echo "run-differential.sh: --engine must be interp or jit" >&2; exit 2 ;; esac
[[ "$seeds" =~ ^[0-9]+$ && "$start" =~ ^[0-9]+$ ]] || { echo "run-differential.sh: --seeds and --start take numbers" >&2; exit 2; }

export RVJIT_DIFF_SEEDS="$seeds" RVJIT_DIFF_SEED_START="$start" RVJIT_DIFF_ENGINE="$engine"
export RVJIT_DIFF_MISALIGNED="$misaligned" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "differential: seeds $start..$((start + seeds - 1)), engine ${engine:-interp and jit}, misaligned $misaligned"
exec dotnet test RvJit.RiscvTests.csproj -c Release -nologo \
    --filter "FullyQualifiedName~RvJit.RiscvTests.Differential.RvJitVsQemuTests" \
    --logger "console;verbosity=normal"
