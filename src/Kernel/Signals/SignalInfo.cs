// siginfo_t as the kernel builds it for delivery and waitid, and the si_code values rvjit uses.
using System.Runtime.InteropServices;
using Sig = RvJit.Kernel.Signals.Signal;

namespace RvJit.Kernel.Signals;

/// <summary>si_code values.</summary>
public static class SignalCodes
{
    /// <summary>SI_USER (kill), SI_KERNEL, SI_QUEUE (sigqueue), SI_TKILL (tgkill).</summary>
    public const int User = 0, Kernel = 0x80, Queue = -1, Tkill = -6;
    public const int SegvMapError = 1, SegvAccessError = 2;
    public const int IllegalOpcode = 1;
    public const int BusAlignment = 1;
    public const int TrapBreakpoint = 1;
    public const int ChildExited = 1, ChildKilled = 2, ChildDumped = 3;
}

/// <summary>
/// The facts carried with one pending signal. <paramref name="Supplied"/> is a siginfo_t the sender wrote
/// itself (rt_sigqueueinfo): Linux delivers it as given, only si_signo set by the kernel.
/// </summary>
public record struct SignalInfo(int Signal, int Code, int SenderPid = 0, uint SenderUid = 0, ulong Address = 0, int Status = 0, byte[]? Supplied = null)
{
    public const int Size = 128;

    /// <summary>The 128-byte siginfo_t: signo, errno, code, then the union (pid/uid/status, or the fault address).</summary>
    public readonly byte[] ToBytes()
    {
        var b = new byte[Size];
        var s = b.AsSpan();
        if (Supplied is not null)
        {
            Supplied.CopyTo(b, 0);
            MemoryMarshal.Write(s, Signal);
            return b;
        }
        MemoryMarshal.Write(s, Signal);
        MemoryMarshal.Write(s[8..], Code);
        if (Signal is (int)Sig.SIGSEGV or (int)Sig.SIGBUS or (int)Sig.SIGILL or
            (int)Sig.SIGFPE or (int)Sig.SIGTRAP)
        {
            MemoryMarshal.Write(s[16..], Address);
        }
        else
        {
            MemoryMarshal.Write(s[16..], SenderPid);
            MemoryMarshal.Write(s[20..], SenderUid);
            MemoryMarshal.Write(s[24..], Status);
        }
        return b;
    }
}
