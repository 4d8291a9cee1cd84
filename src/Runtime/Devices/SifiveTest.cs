// SiFive's test device ("sifive,test0", syscon for poweroff and reboot), at 0x10_0000 on QEMU's virt machine.
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>What the guest asked of the test device.</summary>
public enum SystemRequest { None, PowerOffPass, PowerOffFail, Reset }

/// <summary>
/// A 32-bit write to offset 0 whose low half is 0x5555 powers off with status 0, 0x3333 powers off with the
/// status in the high half (0x3333 | code &lt;&lt; 16), 0x7777 resets the machine; other values are ignored.
/// Reads give 0. 16-bit writes count too (OpenSBI's poweroff is one).
/// </summary>
public sealed class SifiveTest : IMmioDevice
{
    public const ulong DefaultBase = 0x10_0000;
    public const uint Fail = 0x3333, Pass = 0x5555, Reset = 0x7777;

    public SifiveTest(ulong @base = DefaultBase) => Base = @base;

    public string Name => "test";
    public ulong Base { get; }
    public ulong Size => 0x1000;

    /// <summary>The first request made (later ones are ignored: the machine stops at the first).</summary>
    public SystemRequest Request { get; private set; }

    /// <summary>The status of a failing poweroff (the write's high half).</summary>
    public int ExitCode { get; private set; }

    /// <summary>Called once when a request is made (the machine stops its harts).</summary>
    public Action? Requested { get; set; }

    public bool Read(ulong offset, int size, out ulong value)
    {
        value = 0;
        return true;
    }

    public bool Write(ulong offset, int size, ulong value)
    {
        // OpenSBI writes the pass value with a 16-bit store; the status needs a 32-bit one.
        if (offset != 0 || size < 2 || Request != SystemRequest.None) return true;
        SystemRequest request = (value & 0xFFFF) switch
        {
            Pass => SystemRequest.PowerOffPass,
            Fail => SystemRequest.PowerOffFail,
            Reset => SystemRequest.Reset,
            _ => SystemRequest.None,
        };
        if (request == SystemRequest.None) return true;
        ExitCode = request == SystemRequest.PowerOffFail ? (int)((value >> 16) & 0xFFFF) : 0;
        Request = request;
        Requested?.Invoke();
        return true;
    }
}
