#!/usr/bin/env bash
# Builds rvjit's own ISA tests (isa/GROUP/NAME.S) into OUTDIR as GROUP-p-NAME, the upstream riscv-tests
# naming, each linked with the shared environment (env/rvj_start.S) at 0x80000000.
# Usage: build-tests.sh [OUTDIR]   (default: tests/riscv-tests/build). Exits 1 if any test fails to build.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/build}
cc=${RISCV_CC:-riscv64-unknown-elf-gcc}
mkdir -p "$out"
out=$(cd "$out" && pwd)

flags=(-march=rv64gc_zicsr_zifencei_zba_zbb_zbs_zbc_zbkb_zbkc_zbkx_zfh_zihintpause -mabi=lp64d -mcmodel=medany
       -nostdlib -nostartfiles -static -Wl,--no-warn-rwx-segments -I "$here/env" -I "$here/macros")

env_obj="$out/.rvj_start.o"
if ! "$cc" "${flags[@]}" -c -o "$env_obj" "$here/env/rvj_start.S"; then
    echo "FAILED: env/rvj_start.S" >&2
    exit 1
fi

built=0
failed=0
for dir in "$here"/isa/rv64*/; do
    group=$(basename "$dir")
    for src in "$dir"*.S; do
        [ -e "$src" ] || continue
        name=$(basename "$src" .S)
        target="$out/$group-p-$name"
        if "$cc" "${flags[@]}" -T "$here/env/link.ld" -o "$target" "$src" "$env_obj"; then
            built=$((built + 1))
        else
            echo "FAILED: $group/$name.S" >&2
            rm -f "$target"
            failed=$((failed + 1))
        fi
    done
done
rm -f "$env_obj"
echo "built $built tests into $out, $failed failed"
[ "$failed" -eq 0 ]
