#!/usr/bin/env bash
# Installs rvjit as users run it: src/Cli published by scripts/publish.sh (self-contained, rvjit and the .NET
# libraries precompiled together by crossgen2 for this machine, so start-up does not wait for the JIT) into
# $PREFIX/lib/rvjit (~37 MB), with `rvjit` in $PREFIX/bin (a symbolic link to the apphost there).
#   scripts/install.sh                  # PREFIX=/usr/local
#   PREFIX=$HOME/.local scripts/install.sh
# Needs the .NET SDK (dotnet) to build; the runtime pack and crossgen2 come from the NuGet feed, and the
# installed rvjit carries its own runtime. Compiled for this machine's instruction sets: on another machine
# it still runs correctly, but starts slower (the runtime JIT-compiles what it cannot use).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="${PREFIX:-/usr/local}"
lib="$PREFIX/lib/rvjit"
bin="$PREFIX/bin"

command -v dotnet >/dev/null 2>&1 || { echo "install.sh: dotnet not found (install the .NET SDK)" >&2; exit 1; }

# The publish runs as the caller (the repository's build outputs stay theirs); only the copy into a PREFIX
# they cannot write goes through sudo.
SUDO=""
mkdir -p "$PREFIX" 2>/dev/null || true
if [ ! -w "$PREFIX" ] && [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

echo "install.sh: publishing rvjit (self-contained, composite ReadyToRun; takes a few minutes) into $lib" >&2
"$repo/scripts/publish.sh" "$stage/lib"

# crossgen2 (from the package the ReadyToRun publish restored) beside rvjit: after a run, rvjit precompiles the
# translations it keeps in its cache with it (see the README's translation cache).
crossgen="$(ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/microsoft.netcore.app.crossgen2.linux-x64/*/tools 2>/dev/null | sort -V | tail -1 || true)"
if [ -n "$crossgen" ] && [ -x "$crossgen/crossgen2" ]; then
    cp -r "$crossgen" "$stage/lib/crossgen2"
else
    echo "install.sh: crossgen2 not found: cached translations will be compiled by the JIT when loaded" >&2
fi

$SUDO mkdir -p "$PREFIX/lib" "$bin"
$SUDO rm -rf "$lib"
$SUDO cp -r "$stage/lib" "$lib"
# The command is a symbolic link to the apphost the publish wrote, which finds its libraries through its own real
# path: no `dotnet` process, and no shell started before it (a shell launcher cost every run an exec and /bin/sh).
$SUDO rm -f "$bin/rvjit"
$SUDO ln -s "$lib/rvjit" "$bin/rvjit"
echo "install.sh: installed $bin/rvjit" >&2
