// The per-process table of signal dispositions (rt_sigaction's struct sigaction, kernel layout).
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Signals;

/// <summary>The guest's struct sigaction as the riscv64 kernel sees it (handler, flags, restorer unused, mask).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SignalAction
{
    public const ulong Default = 0, Ignore = 1;
    public const ulong SaSiginfo = 4, SaOnStack = 0x0800_0000, SaRestart = 0x1000_0000, SaNodefer = 0x4000_0000,
        SaResetHand = 0x8000_0000, SaRestorer = 0x0400_0000;

    public ulong Handler;
    public ulong Flags;
    public ulong Mask;
}

/// <summary>Dispositions of all signals of a process (shared by its threads, copied by fork, reset by exec).</summary>
public sealed class SignalActions
{
    private readonly SignalAction[] actions = new SignalAction[Signals.Count + 1];

    public ref SignalAction this[int signal] => ref actions[signal];

    /// <param name="resetHandlers">clone3's CLONE_CLEAR_SIGHAND: caught signals go back to their default, as at execve.</param>
    public SignalActions Clone(bool resetHandlers = false)
    {
        var c = new SignalActions();
        actions.CopyTo(c.actions, 0);
        if (resetHandlers) c.ResetForExec();
        return c;
    }

    /// <summary>execve: caught signals go back to their default; ignored ones stay ignored.</summary>
    public void ResetForExec()
    {
        for (int i = 1; i <= Signals.Count; i++)
            if (actions[i].Handler != SignalAction.Ignore) actions[i] = default;
    }

    /// <summary>True when delivering <paramref name="signal"/> does nothing at all.</summary>
    public bool IsIgnored(int signal)
    {
        ulong h = actions[signal].Handler;
        return h == SignalAction.Ignore || (h == SignalAction.Default && Signals.DefaultActionOf(signal) is DefaultAction.Ignore or DefaultAction.Continue or DefaultAction.Stop);
    }
}
