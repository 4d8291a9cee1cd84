#!/usr/bin/env bash
# Builds every bench/programs/*.c, bench/parallel/*.c and bench/parallel/*/main.go (Go) twice: a static riscv64 Linux binary (what
# qemu-riscv64 and rvjit run) and a native x86-64 binary (the baseline), into
# bench/compare/build/{riscv64,native}/NAME; then the real programs (build-real.sh) and rvjit itself.
# Rebuilds a program only when its source or the shared header is newer than the binary.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
src="$repo/bench/programs"
parallel_src="$repo/bench/parallel"
out="$here/build"

RV_CC="${RV_CC:-riscv64-linux-gnu-gcc}"
NATIVE_CC="${NATIVE_CC:-gcc}"
RV_FLAGS=(-O2 -static -march=rv64gc)
NATIVE_FLAGS=(-O2)
COMMON_FLAGS=(-Wall -Wextra)  # no -std=c11: ISO modes turn off fp-contract, hiding fused multiply-add

if ! command -v "$RV_CC" >/dev/null 2>&1 || ! command -v qemu-riscv64 >/dev/null 2>&1; then
    if [ -x "$repo/scripts/install-deps.sh" ]; then
        "$repo/scripts/install-deps.sh"
    else
        echo "build.sh: $RV_CC or qemu-riscv64 missing and scripts/install-deps.sh not found" >&2
        exit 1
    fi
fi
command -v "$NATIVE_CC" >/dev/null 2>&1 || { echo "build.sh: $NATIVE_CC not found" >&2; exit 1; }

mkdir -p "$out/riscv64" "$out/native"
header="$src/bench_common.h"

# compile CC OUTPUT SOURCE FLAGS... : skips up-to-date outputs.
compile() {
    local cc="$1" output="$2" source="$3"
    shift 3
    if [ -x "$output" ] && [ "$output" -nt "$source" ] && [ "$output" -nt "$header" ]; then
        return 0
    fi
    echo "  $cc $(basename "$source") -> ${output#"$repo"/}"
    "$cc" "${COMMON_FLAGS[@]}" "$@" -o "$output" "$source" -lm
}

for source in "$src"/*.c; do
    name="$(basename "$source" .c)"
    compile "$RV_CC" "$out/riscv64/$name" "$source" "${RV_FLAGS[@]}"
    compile "$NATIVE_CC" "$out/native/$name" "$source" "${NATIVE_FLAGS[@]}"
done

# The multi-threaded programs (compare.py --set parallel).
for source in "$parallel_src"/*.c; do
    name="$(basename "$source" .c)"
    compile "$RV_CC" "$out/riscv64/$name" "$source" "${RV_FLAGS[@]}" -pthread
    compile "$NATIVE_CC" "$out/native/$name" "$source" "${NATIVE_FLAGS[@]}" -pthread
done

# The multi-threaded Go programs (bench/parallel/NAME/main.go, Debian's golang-go): static riscv64 and native
# binaries named NAME. Skipped with a message when there is no go toolchain.
for dir in "$parallel_src"/*/; do
    [ -f "$dir/main.go" ] || continue
    name="$(basename "$dir")"
    if ! command -v go >/dev/null 2>&1; then
        echo "build.sh: skipping $name: no go toolchain (apt-get install golang-go)" >&2
        continue
    fi
    for arch in riscv64 native; do
        output="$out/$arch/$name"
        if [ -x "$output" ] && [ "$output" -nt "$dir/main.go" ]; then continue; fi
        echo "  go build $(basename "$dir")/main.go -> ${output#"$repo"/}"
        goarch="$([ "$arch" = riscv64 ] && echo riscv64 || go env GOHOSTARCH)"
        (cd "$dir" && GOARCH="$goarch" CGO_ENABLED=0 go build -o "$output" main.go) \
            || echo "build.sh: go build failed for $name ($arch)" >&2
    done
done

# The real programs (Debian's and Go's sources); skipped with RVJIT_NO_REAL=1.
if [ "${RVJIT_NO_REAL:-0}" != 1 ]; then
    "$here/build-real.sh"
fi

# rvjit itself, published exactly as scripts/install.sh installs it (scripts/publish.sh: self-contained, one
# composite ReadyToRun image for this machine), so the comparison times what users run. Skipped with
# RVJIT_NO_PUBLISH=1.
if [ "${RVJIT_NO_PUBLISH:-0}" != 1 ]; then
    echo "  publishing rvjit (scripts/publish.sh) -> bench/compare/build/rvjit/"
    rm -rf "$out/rvjit"
    "$repo/scripts/publish.sh" "$out/rvjit"
fi
