#!/usr/bin/env bash
# The whole test suite: installs missing tools (Debian packages), builds the solution, runs every test
# project. The last line is the total: `N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh || { echo "test.sh: could not install dependencies"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Jit.sln -c Release -nologo -v quiet || { echo "test.sh: build failed"; exit 1; }

log=$(mktemp)
status=0
for proj in tests/Runtime.Tests/RvJit.Runtime.Tests.csproj tests/Translator.Tests/RvJit.Translator.Tests.csproj tests/riscv-tests/RvJit.RiscvTests.csproj tests/Virt.Tests/RvJit.Virt.Tests.csproj tests/Kernel.Tests/RvJit.Kernel.Tests.csproj; do
    echo "== $proj"
    dotnet test "$proj" -c Release --no-build -nologo 2>&1 | tee -a "$log" || status=1
done

# Sum the per-project summaries ("Passed!  - Failed: 0, Passed: 120, Skipped: 0, Total: 120") into one line.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
