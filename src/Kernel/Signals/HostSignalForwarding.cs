// Signals sent to the rvjit process (Ctrl-C, kill, terminal resize) passed on to the guest, like qemu-user.
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Signals;

/// <summary>
/// While alive, catches the host signals a terminal or a supervisor sends to rvjit and queues them for the
/// guest's foreground process group instead of letting them end rvjit. The guest decides: its handlers
/// run, or its default action ends it (and rvjit exits with 128 + signal).
/// </summary>
internal sealed class HostSignalForwarding : IDisposable
{
    private readonly List<PosixSignalRegistration> registrations = [];

    public HostSignalForwarding(LinuxKernel kernel)
    {
        if (!OperatingSystem.IsLinux()) return;
        (PosixSignal Host, Signal Guest)[] forwarded =
        [
            (PosixSignal.SIGINT, Signal.SIGINT), (PosixSignal.SIGTERM, Signal.SIGTERM), (PosixSignal.SIGQUIT, Signal.SIGQUIT),
            (PosixSignal.SIGHUP, Signal.SIGHUP), (PosixSignal.SIGWINCH, Signal.SIGWINCH),
            ((PosixSignal)(int)Signal.SIGUSR1, Signal.SIGUSR1), ((PosixSignal)(int)Signal.SIGUSR2, Signal.SIGUSR2),
        ];
        foreach (var (host, guest) in forwarded)
        {
            try
            {
                registrations.Add(PosixSignalRegistration.Create(host, context =>
                {
                    context.Cancel = true;
                    kernel.ForwardHostSignal((int)guest);
                }));
            }
            catch (PlatformNotSupportedException) { }
            catch (ArgumentOutOfRangeException) { }
        }
    }

    public void Dispose()
    {
        foreach (var r in registrations) r.Dispose();
    }
}
