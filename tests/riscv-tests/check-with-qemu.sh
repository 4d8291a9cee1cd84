#!/usr/bin/env bash
# Runs every built ISA test (files named rv64*-p-*) under qemu-system-riscv64's spike machine, the oracle
# the tests are validated against. QEMU's HTIF exits with status tohost >> 1: 0 = pass, else the failing
# case number. A test that does not finish within the timeout fails.
# Usage: check-with-qemu.sh [BUILDDIR] [NAME-FILTER]   e.g. check-with-qemu.sh build rv64ui
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here/build}
filter=${2:-}
qemu=${QEMU:-qemu-system-riscv64}
limit=${TEST_TIMEOUT:-10}

passed=0
failed=0
for t in "$dir"/rv64*-p-*; do
    [ -f "$t" ] || continue
    name=$(basename "$t")
    case "$name" in *"$filter"*) ;; *) continue ;; esac
    timeout "$limit" "$qemu" -machine spike -nographic -bios none -kernel "$t" </dev/null >/dev/null 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "pass $name"
        passed=$((passed + 1))
    elif [ "$rc" -eq 124 ]; then
        echo "FAIL $name (timeout after ${limit}s)"
        failed=$((failed + 1))
    else
        echo "FAIL $name (case $rc)"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
