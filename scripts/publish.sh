#!/usr/bin/env bash
# Publishes rvjit as users run it into OUT (scripts/install.sh installs it, bench/compare/build.sh times it):
#   scripts/publish.sh OUT
# Self-contained, with rvjit and the .NET libraries precompiled together by crossgen2 into one composite
# ReadyToRun image for this machine's instruction sets, so start-up runs precompiled code instead of the JIT.
#
# Why each choice (static hello world, CPU seconds, 2-core machine; see README "Start-up"):
# - A framework-dependent ReadyToRun publish still JIT-compiled ~290 methods at every start: generic code of
#   the .NET libraries instantiated over rvjit's types (List<(ulong, ulong)>, Dictionary<ulong, int>, LINQ,
#   async builders) lies outside rvjit's version bubble, so crossgen2 may not precompile it. The composite
#   puts the libraries in the bubble: ~70 methods are left (runtime stubs, delegates, generic virtual calls).
# - --instruction-set:native: ReadyToRun code that inlined a check for an instruction set the target baseline
#   lacks (BitOperations' LZCNT path, Vector512) is rejected at run time on a machine that has it, so the
#   interpreter's main loop (Interpreter.Run) was JIT-compiled at start-up, then again by OSR. Compiled for the
#   machine that installs it, the code is used as is; on another machine the runtime falls back to the JIT.
# - LTTng's provider library (libcoreclrtraceptprovider.so) stays: removed, a static empty program used 1.02 of the CPU
#   (15 pairs, medians; liblttng-ust is seldom installed, and without it the runtime's probe is a few failed opens).
# - The .NET libraries are trimmed to what rvjit uses (TrimMode=partial: rvjit's own assemblies stay whole; every build
#   runs the trim analyzer over them, src/Directory.Build.props): the composite image goes from 55 MB to 11 MB, which the
#   runtime maps and fixes up at every start. Paired against the untrimmed install (farm-bench, medians, CPU): static
#   empty program 0.92 (21 pairs), Lua sort.lua 0.94 (15); peak memory 32 against 43 MiB.
# - The trimmer keeps the libraries' embedded descriptors (--strip-descriptors false). crossgen2 roots a trimmable
#   assembly's public surface plus what its ILLink.Descriptors.xml names; the trimmer strips that file by default, so the
#   methods only the runtime calls (AppContext.Setup, the cast, statics and generics helpers, GC.RunFinalizers, the exit
#   handlers) were left out of the image and JIT-compiled at every start: 37 methods in a static empty program, 2 with
#   the descriptors kept. Paired (farm-bench, 15 pairs, medians of the CPU ratio): rvjit --version 0.74, static empty
#   program 0.81, Lua sort.lua 0.84; an empty .NET program published the same way 0.69.
# The price is size: ~37 MB (the runtime is included) against ~2.5 MB, and a longer publish (minutes).
# Needs the .NET SDK; the runtime pack and crossgen2 come from the NuGet feed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: scripts/publish.sh OUT}"

# Intermediate files go to their own tree: a self-contained publish must never reuse the framework-dependent
# build's obj/ outputs (or the other way round), which gives a runtime that aborts at start.
artifacts="$(mktemp -d)"
trap 'rm -rf "$artifacts"' EXIT

dotnet publish "$repo/src/Cli" -c Release -r linux-x64 --self-contained true \
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:PublishTrimmed=true -p:TrimMode=partial \
    -p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:native "-p:_ExtraTrimmerArgs=--strip-descriptors false" \
    --artifacts-path "$artifacts" -o "$out" -nologo -v quiet
