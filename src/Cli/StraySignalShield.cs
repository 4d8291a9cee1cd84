// `rvjit test`: signals that a test's host programs send to rvjit's own pid while no test holds it.
using System.Runtime.InteropServices;

namespace RvJit.Cli;

/// <summary>
/// While alive, the signals a guest's host program may send to rvjit's pid (its shell's $PPID) do nothing
/// instead of ending the runner: under `rvjit test` the in-process kernels share that pid, and only the test
/// that holds it (<see cref="TestRunner"/>'s host-pid run) receives them, through its kernel's own forwarding.
/// Left alone are SIGINT, SIGTERM, SIGHUP and SIGQUIT: a terminal's or a supervisor's word to stop the runner.
/// Numbers are the host's (x86-64 and asm-generic agree on these).
/// </summary>
internal sealed class StraySignalShield : IDisposable
{
    private static readonly int[] Absorbed = [10 /* USR1 */, 12 /* USR2 */, 14 /* ALRM */, 16 /* STKFLT */, 24 /* XCPU */,
        26 /* VTALRM */, 27 /* PROF */, 29 /* IO */, 30 /* PWR */];

    private readonly List<PosixSignalRegistration> registrations = [];

    public StraySignalShield()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (int signal in Absorbed)
        {
            try { registrations.Add(PosixSignalRegistration.Create((PosixSignal)signal, context => context.Cancel = true)); }
            catch (PlatformNotSupportedException) { }
            catch (ArgumentOutOfRangeException) { }
        }
    }

    public void Dispose()
    {
        foreach (var r in registrations) r.Dispose();
    }
}
