// siginfo_t as the kernel builds it for delivery and waitid, and the si_code values rvjit uses.
using System.Runtime.InteropServices;
using Sig = RvJit.Kernel.Signals.Signal;

namespace RvJit.Kernel.Signals;

/// <summary>si_code values.</summary>
public static class SignalCodes
{
    public const int User = 0, Kernel = 0x80, Tkill = -6;
    public const int SegvMapError = 1, SegvAccessError = 2;
    public const int IllegalOpcode = 1;
    public const int BusAlignment = 1;
    public const int TrapBreakpoint = 1;
    public const int ChildExited = 1, ChildKilled = 2, ChildDumped = 3;
}

/// <summary>The facts carried with one pending signal.</summary>
public record struct SignalInfo(int Signal, int Code, int SenderPid = 0, uint SenderUid = 0, ulong Address = 0, int Status = 0)
{
    /// <summary>The 128-byte siginfo_t: signo, errno, code, then the union (pid/uid/status, or the fault address).</summary>
    public readonly byte[] ToBytes()
    {
        var b = new byte[128];
        var s = b.AsSpan();
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
