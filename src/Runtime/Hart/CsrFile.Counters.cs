// The counters: cycle/mcycle and instret/minstret (both derived from Hart.Instret: rvjit counts one cycle
// per retired instruction), time (Hart.Mtime), the hpm counters, mcountinhibit, and the
// mcounteren/scounteren gates on lower-privilege reads.
namespace RvJit.Runtime.Hart;

public sealed partial class CsrFile
{
    private const int CounterCycle = 0, CounterTime = 1, CounterInstret = 2;

    /// <summary>mcountinhibit: CY (bit 0), IR (bit 2) and HPM3..31; bit 1 (TM) does not exist.</summary>
    public ulong Mcountinhibit;

    // counter value = Hart.Instret + offset while counting; the frozen value while inhibited.
    private ulong cycleOffset, instretOffset, cycleFrozen, instretFrozen;

    /// <summary>A lower-privilege read of counter <paramref name="index"/> (0 = cycle, 1 = time, 2 = instret,
    /// 3..31 = hpmcounter) needs its bit in mcounteren, and from U-mode also in scounteren.</summary>
    private bool CounterAccessible(int index)
    {
        Privilege p = hart.Privilege;
        if (p == Privilege.Machine) return true;
        if (((Mcounteren >> index) & 1) == 0) return false;
        return p == Privilege.Supervisor || ((Scounteren >> index) & 1) != 0;
    }

    /// <summary>Zihpm as on QEMU 7.2's default cpu (pmu-num = 16): mhpmcounter3..18 exist and hold what is
    /// written (no event makes them count), mhpmcounter19..31 and their hpmcounter shadows are illegal, and
    /// mhpmevent3..31 are plain storage. Firmware counts the counters by probing them (OpenSBI reports
    /// "MHPM Count: 16" on QEMU and here alike).</summary>
    public const int HpmCounterCount = 16;

    private readonly ulong[] hpmCounters = new ulong[HpmCounterCount];
    private readonly ulong[] hpmEvents = new ulong[29];

    /// <summary>Whether counter <paramref name="index"/> (0..31, as in the CSR numbers' low bits) exists.</summary>
    private static bool CounterExists(int index) => index < 3 + HpmCounterCount;

    private ulong ReadCounter(int index) => index switch
    {
        CounterCycle => (Mcountinhibit & 1) != 0 ? cycleFrozen : (ulong)hart.Instret + cycleOffset,
        CounterTime => hart.Mtime,
        CounterInstret => (Mcountinhibit & 4) != 0 ? instretFrozen : (ulong)hart.Instret + instretOffset,
        _ => hpmCounters[index - 3],
    };

    private bool TryReadHpmCounter(uint csr, out ulong value)
    {
        int index = (int)(csr - CsrNumber.Mhpmcounter3) + 3;
        value = CounterExists(index) ? hpmCounters[index - 3] : 0;
        return CounterExists(index);
    }

    private bool TryWriteHpmCounter(uint csr, ulong value)
    {
        int index = (int)(csr - CsrNumber.Mhpmcounter3) + 3;
        if (!CounterExists(index)) return false;
        hpmCounters[index - 3] = value;
        return true;
    }

    /// <summary>
    /// mcycle/minstret writes. <see cref="Hart.Instret"/> counts the instructions retired before the CSR
    /// instruction; the CSR instruction then retires and bumps it, but the spec says an explicit write wins
    /// over that increment, so the next instruction must read exactly <paramref name="value"/>.
    /// </summary>
    private void WriteCounter(int index, ulong value)
    {
        ulong offset = value - (ulong)hart.Instret - 1;
        if (index == CounterCycle)
        {
            if ((Mcountinhibit & 1) != 0) cycleFrozen = value;
            else cycleOffset = offset;
        }
        else
        {
            if ((Mcountinhibit & 4) != 0) instretFrozen = value;
            else instretOffset = offset;
        }
    }

    /// <summary>mcountinhibit: stopping a counter freezes its value; restarting continues from it.</summary>
    private void WriteCountInhibit(ulong value)
    {
        value &= 0xFFFF_FFFD;
        ulong started = Mcountinhibit & ~value, stopped = value & ~Mcountinhibit;
        ulong retiredAfterThis = (ulong)hart.Instret + 1;
        if ((stopped & 1) != 0) cycleFrozen = retiredAfterThis + cycleOffset;
        if ((stopped & 4) != 0) instretFrozen = retiredAfterThis + instretOffset;
        if ((started & 1) != 0) cycleOffset = cycleFrozen - retiredAfterThis;
        if ((started & 4) != 0) instretOffset = instretFrozen - retiredAfterThis;
        Mcountinhibit = value;
    }
}
