// The core-local interruptor (CLINT, SiFive layout as on QEMU's spike and virt machines) for one hart:
// msip, mtimecmp and mtime registers, and the 10 MHz wall-clock time source.
using System.Diagnostics;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// CLINT for hart 0: msip at +0 (4 bytes; bit 0 drives mip.MSIP), mtimecmp at +0x4000 (8 bytes) and mtime
/// at +0xBFF8 (8 bytes). The timer state lives in the hart (<see cref="Hart.Hart.Mtimecmp"/>,
/// <see cref="Hart.Hart.MtimeOffset"/>) so that <see cref="Hart.Hart.CheckInterrupts"/> can poll it
/// cheaply; this device is the memory-mapped view of it. Like QEMU's ACLINT, the timer registers take
/// 4- and 8-byte aligned accesses and msip 4-byte ones; any other access is an access fault.
/// </summary>
public sealed class Clint : IMmioDevice
{
    public const ulong DefaultBase = 0x0200_0000;
    public const ulong MsipOffset = 0x0000, MtimecmpOffset = 0x4000, MtimeOffset = 0xBFF8;

    /// <summary>Ticks per second of <see cref="WallClockTime"/> (QEMU's CLINT timebase).</summary>
    public const ulong TimebaseFrequency = 10_000_000;

    private readonly Hart.Hart hart;

    public Clint(Hart.Hart hart, ulong @base = DefaultBase)
    {
        this.hart = hart;
        Base = @base;
    }

    public string Name => "clint";
    public ulong Base { get; }
    public ulong Size => 0x10000;

    /// <summary>A time source for <see cref="Hart.Hart.Time"/>: ticks at <see cref="TimebaseFrequency"/>
    /// from the moment it is created.</summary>
    public static Func<ulong> WallClockTime()
    {
        var clock = Stopwatch.StartNew();
        ulong frequency = (ulong)Stopwatch.Frequency;
        return () =>
        {
            ulong ticks = (ulong)clock.ElapsedTicks;
            // Split to keep ticks * 10 MHz from overflowing.
            return ticks / frequency * TimebaseFrequency + ticks % frequency * TimebaseFrequency / frequency;
        };
    }

    public bool Read(ulong offset, int size, out ulong value)
    {
        value = 0;
        if (offset == MsipOffset && size == 4)
        {
            value = (Volatile.Read(ref hart.Mip) & CsrFile.Msip) != 0 ? 1UL : 0;
            return true;
        }
        if (!TimerRegister(offset, size, out ulong register, out int shift)) return false;
        ulong whole = register == MtimecmpOffset ? hart.Mtimecmp : hart.Mtime;
        value = size == 8 ? whole : (uint)(whole >> shift);
        return true;
    }

    public bool Write(ulong offset, int size, ulong value)
    {
        if (offset == MsipOffset && size == 4)
        {
            if ((value & 1) != 0) Interlocked.Or(ref hart.Mip, CsrFile.Msip);
            else Interlocked.And(ref hart.Mip, ~CsrFile.Msip);
            hart.Wake();
            return true;
        }
        if (!TimerRegister(offset, size, out ulong register, out int shift)) return false;
        ulong old = register == MtimecmpOffset ? hart.Mtimecmp : hart.Mtime;
        ulong mask = size == 8 ? ulong.MaxValue : 0xFFFF_FFFFUL << shift;
        ulong updated = (old & ~mask) | ((value << shift) & mask);
        if (register == MtimecmpOffset) hart.Mtimecmp = updated;
        else hart.MtimeOffset = updated - hart.Time();
        hart.UpdateTimerInterrupt();
        hart.Wake(); // a sleeping hart recomputes its deadline
        return true;
    }

    // Which 8-byte timer register an access falls in, and the bit position of a 4-byte half.
    private static bool TimerRegister(ulong offset, int size, out ulong register, out int shift)
    {
        register = offset & ~7UL;
        shift = (int)(offset & 4) * 8;
        if (register != MtimecmpOffset && register != MtimeOffset) return false;
        return size == 8 ? (offset & 7) == 0 : size == 4 && (offset & 3) == 0;
    }
}
