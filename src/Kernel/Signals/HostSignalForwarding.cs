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
/// asm-generic ones, the same for the guest and the host.
/// </summary>
internal sealed class HostSignalForwarding : IDisposable
{
    private readonly List<PosixSignalRegistration> registrations = [];

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
        (PosixSignal Host, Signal Guest)[] forwarded =
        [
            (PosixSignal.SIGINT, Signal.SIGINT), (PosixSignal.SIGTERM, Signal.SIGTERM), (PosixSignal.SIGQUIT, Signal.SIGQUIT),
            (PosixSignal.SIGHUP, Signal.SIGHUP), (PosixSignal.SIGWINCH, Signal.SIGWINCH),
            Raw(Signal.SIGUSR1), Raw(Signal.SIGUSR2), Raw(Signal.SIGALRM), Raw(Signal.SIGVTALRM), Raw(Signal.SIGPROF),
            Raw(Signal.SIGXCPU), Raw(Signal.SIGIO), Raw(Signal.SIGPWR), Raw(Signal.SIGSTKFLT),
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
    private static (PosixSignal Host, Signal Guest) Raw(Signal s) => ((PosixSignal)(int)s, s);

    public void Dispose()
    {
        foreach (var r in registrations) r.Dispose();
    }
}
