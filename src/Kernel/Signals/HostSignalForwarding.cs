// Signals sent to the rvjit process (Ctrl-C, kill, terminal resize) passed on to the guest, like qemu-user.
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Signals;

/// <summary>
/// While alive, catches the host signals a terminal or a supervisor sends to rvjit and queues them for the
/// guest's foreground process group instead of letting them end rvjit. The guest decides: its handlers
/// run, or its default action ends it (and rvjit exits with 128 + signal).
///
/// Forwarded, like qemu-user, are the catchable signals whose default would end rvjit and that only
/// come from outside (kill, a terminal, a timer set by a supervisor), plus SIGWINCH. Not forwarded: the
/// ones the .NET runtime owns (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, the real-time signals
/// it uses to suspend threads), SIGPIPE and SIGXFSZ (raised by rvjit's own host writes on the guest's
/// behalf; the write call gives the guest thread its SIGPIPE), SIGCHLD (rvjit's host children), and the
/// stop and continue signals (they stop rvjit itself, as they would a native program). Numbers are the
/// asm-generic ones, the same for the guest and the host. Made when a guest first gives one of them a handler
/// or SIG_IGN, or blocks it (<see cref="LinuxKernel.WantHostSignals"/>): until then the host's default is the
/// guest's.
/// </summary>
internal sealed class HostSignalForwarding : IDisposable
{
    private readonly List<PosixSignalRegistration> registrations = [];

    private static readonly Signal[] Forwarded =
    [
        Signal.SIGINT, Signal.SIGTERM, Signal.SIGQUIT, Signal.SIGHUP, Signal.SIGWINCH, Signal.SIGUSR1, Signal.SIGUSR2,
        Signal.SIGALRM, Signal.SIGVTALRM, Signal.SIGPROF, Signal.SIGXCPU, Signal.SIGIO, Signal.SIGPWR, Signal.SIGSTKFLT,
    ];

    /// <summary>The forwarded signals as a guest signal set (bit n - 1 for signal n).</summary>
    public static ulong ForwardedSet
    {
        get
        {
            ulong set = 0;
            foreach (var guest in Forwarded) set |= Signals.Bit((int)guest);
            return set;
        }
    }

    /// <summary>The host signal for a forwarded one: .NET's names where it has them, else the number (the same on
    /// the host as for the guest).</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static PosixSignal HostSignal(Signal s) => s switch
    {
        Signal.SIGINT => PosixSignal.SIGINT,
        Signal.SIGTERM => PosixSignal.SIGTERM,
        Signal.SIGQUIT => PosixSignal.SIGQUIT,
        Signal.SIGHUP => PosixSignal.SIGHUP,
        Signal.SIGWINCH => PosixSignal.SIGWINCH,
        _ => (PosixSignal)(int)s,
    };

    /// <summary>SIGURG: ignored by default and sent to rvjit by no one else, so rvjit can send it to itself as
    /// a marker (<see cref="Fence"/>).</summary>
    private const int FenceSignal = 23;
    private readonly ConcurrentQueue<TaskCompletionSource> fences = new();
    private bool fenceRegistered;

    public HostSignalForwarding(LinuxKernel kernel)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            registrations.Add(PosixSignalRegistration.Create((PosixSignal)FenceSignal, context =>
            {
                context.Cancel = true;
                while (fences.TryDequeue(out var fence)) fence.TrySetResult();
            }));
            fenceRegistered = true;
        }
        catch (PlatformNotSupportedException) { }
        catch (ArgumentOutOfRangeException) { }
        foreach (var guest in Forwarded)
        {
            try
            {
                registrations.Add(PosixSignalRegistration.Create(HostSignal(guest), context =>
                {
                    context.Cancel = true;
                    kernel.ForwardHostSignal((int)guest);
                }));
            }
            catch (PlatformNotSupportedException) { }
            catch (ArgumentOutOfRangeException) { }
        }
    }

    /// <summary>
    /// Completes once every host signal that reached rvjit before the call has been handed to the guest's
    /// kernel: rvjit signals itself with a marker, which the host delivers after any lower-numbered signal
    /// already pending and .NET's signal thread dispatches in order. A host program that signals rvjit and
    /// then exits (popen's `kill -USR1 $PPID`) has its signal seen before its exit, as on Linux, however late
    /// a loaded machine runs .NET's signal thread.
    /// </summary>
    public Task Fence()
    {
        if (!fenceRegistered) return Task.CompletedTask;
        var fence = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fences.Enqueue(fence);
        if (LibC.Kill(Environment.ProcessId, FenceSignal) != 0) fence.TrySetResult();
        return fence.Task;
    }

    // .NET names a few signals; the others are registered by their raw host number.

    public void Dispose()
    {
        foreach (var r in registrations) r.Dispose();
    }
}
