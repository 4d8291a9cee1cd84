// The core-local interruptor (CLINT, SiFive layout as on QEMU's spike and virt machines; ACLINT's MSWI and
// MTIMER at the same offsets): msip and mtimecmp per hart, the shared mtime, and the 10 MHz wall-clock time source.
using System.Diagnostics;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// CLINT for harts 0..N-1: msip at +4*hart (4 bytes; bit 0 drives that hart's mip.MSIP), mtimecmp at
/// +0x4000 + 8*hart (8 bytes) and mtime at +0xBFF8 (8 bytes, one for all harts: a write moves every hart's).
/// The timer state lives in the hart (<see cref="Hart.Hart.Mtimecmp"/>,
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

    private readonly Hart.Hart[] harts;

    public Clint(Hart.Hart hart, ulong @base = DefaultBase) : this([hart], @base) { }

    public Clint(IReadOnlyList<Hart.Hart> harts, ulong @base = DefaultBase)
    {
        this.harts = [.. harts];
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
        if (MsipHart(offset, size) is { } msipHart)
        {
            value = (Volatile.Read(ref msipHart.Mip) & CsrFile.Msip) != 0 ? 1UL : 0;
            return true;
        }
        if (!TimerRegister(offset, size, out Hart.Hart? hart, out int shift)) return false;
        ulong whole = hart is not null ? hart.Mtimecmp : harts[0].Mtime;
        value = size == 8 ? whole : (uint)(whole >> shift);
        return true;
    }

    public bool Write(ulong offset, int size, ulong value)
    {
        if (MsipHart(offset, size) is { } msipHart)
        {
            if ((value & 1) != 0) Interlocked.Or(ref msipHart.Mip, CsrFile.Msip);
            else Interlocked.And(ref msipHart.Mip, ~CsrFile.Msip);
            msipHart.Wake();
            return true;
        }
        if (!TimerRegister(offset, size, out Hart.Hart? hart, out int shift)) return false;
        ulong old = hart is not null ? hart.Mtimecmp : harts[0].Mtime;
        ulong mask = size == 8 ? ulong.MaxValue : 0xFFFF_FFFFUL << shift;
        ulong updated = (old & ~mask) | ((value << shift) & mask);
        // A sleeping hart recomputes its deadline when woken.
        if (hart is not null)
        {
            hart.Mtimecmp = updated;
            hart.UpdateTimerInterrupt();
            hart.Wake();
            return true;
        }
        foreach (var h in harts)
        {
            h.MtimeOffset = updated - h.Time();
            h.UpdateTimerInterrupt();
            h.Wake();
        }
        return true;
    }

    // The hart whose msip word an access names (4-byte aligned accesses only).
    private Hart.Hart? MsipHart(ulong offset, int size) =>
        size == 4 && (offset & 3) == 0 && offset - MsipOffset < (ulong)harts.Length * 4 ? harts[(int)((offset - MsipOffset) / 4)] : null;

    // Which 8-byte timer register an access falls in (a hart's mtimecmp, or null for mtime), and the bit
    // position of a 4-byte half.
    private bool TimerRegister(ulong offset, int size, out Hart.Hart? hart, out int shift)
    {
        ulong register = offset & ~7UL;
        shift = (int)(offset & 4) * 8;
        hart = null;
        if (register - MtimecmpOffset < (ulong)harts.Length * 8) hart = harts[(int)((register - MtimecmpOffset) / 8)];
        else if (register != MtimeOffset) return false;
        return size == 8 ? (offset & 7) == 0 : size == 4 && (offset & 3) == 0;
    }
}
