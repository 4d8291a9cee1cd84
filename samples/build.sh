#!/usr/bin/env bash
# Builds the sample programs into samples/build/ (installing the cross compiler if it is missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/../scripts/install-deps.sh"
out="$here/build"
mkdir -p "$out"
riscv64-unknown-elf-gcc -O2 -march=rv64gc_zicsr_zifencei -mabi=lp64d -mcmodel=medany \
    -nostdlib -nostartfiles -ffreestanding -static -T "$here/link.ld" \
    -o "$out/hello.elf" "$here/hello/start.S" "$here/hello/hello.c"
riscv64-linux-gnu-gcc -O2 -static -o "$out/primes" "$here/linux/primes.c"
