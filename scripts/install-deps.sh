#!/usr/bin/env bash
# Installs what rvjit's samples and tests need from Debian's packages, skipping what is already there:
# cross compilers (bare-metal and Linux), binutils (objdump is the disassembler's oracle) and QEMU (the
# correctness oracle for system mode and user mode), gdb-multiarch (drives the gdb stub's tests), OpenSBI
# and U-Boot (the virt board's firmware tests), e2fsprogs (disk images), dtc (checks the generated device trees),
# perf (--perf-map's test) and Go (golang-go: builds the Go guest programs of the kernel's tests and benchmarks).
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have riscv64-unknown-elf-gcc   || need+=(gcc-riscv64-unknown-elf)
have riscv64-linux-gnu-gcc     || need+=(gcc-riscv64-linux-gnu libc6-dev-riscv64-cross)
have riscv64-linux-gnu-g++     || need+=(g++-riscv64-linux-gnu)
have riscv64-linux-gnu-objdump || need+=(binutils-riscv64-linux-gnu)
have qemu-system-riscv64       || need+=(qemu-system-misc)
have qemu-riscv64              || need+=(qemu-user)
have qemu-img                  || need+=(qemu-utils) # the qcow2 tests (fetch-debian-kernel.sh installs it too)
have gdb-multiarch             || need+=(gdb-multiarch)
have dtc                       || need+=(device-tree-compiler)
have perf                      || need+=(linux-perf)
have go                        || need+=(golang-go)
[ -f /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf ] || need+=(opensbi)
[ -f /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf ] || need+=(u-boot-qemu)
{ have mke2fs || [ -x /usr/sbin/mke2fs ]; } || need+=(e2fsprogs)

if [ ${#need[@]} -gt 0 ]; then
    echo "install-deps: installing ${need[*]}" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# crossgen2 (NuGet's Microsoft.NETCore.App.Crossgen2 pack): the persistent translation cache precompiles its
# bundles with it, and its tests expect native bundles. The ReadyToRun publish fetches it; on a machine that has
# never published, a restore of an empty ReadyToRun project fetches the pack the SDK would use.
nuget="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
if [ ! -d "$nuget/microsoft.netcore.app.crossgen2.linux-x64" ]; then
    echo "install-deps: fetching the crossgen2 pack" >&2
    tmp="$(mktemp -d)"
    cat > "$tmp/fetch-crossgen2.csproj" <<'PROJ'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
    <PublishReadyToRun>true</PublishReadyToRun>
  </PropertyGroup>
</Project>
PROJ
    dotnet restore "$tmp/fetch-crossgen2.csproj" -nologo -v quiet >&2 || echo "install-deps: crossgen2 pack not fetched" >&2
    rm -rf "$tmp"
fi
