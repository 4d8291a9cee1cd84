// The platform-level interrupt controller (SiFive PLIC, as on QEMU's virt machine): per-source priorities,
// the pending bits, and per-context enables, thresholds and claim/complete. Context 2*h is hart h's M-mode
// (it drives mip.MEIP), 2*h+1 its S-mode (mip.SEIP).
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// PLIC with <see cref="Sources"/> sources (source 0 does not exist) and two contexts per hart. Register
/// map (4-byte accesses): priority[i] at 4*i, pending bits at 0x1000, enable bits of context c at
/// 0x2000 + 0x80*c, threshold of context c at 0x20_0000 + 0x1000*c and claim/complete at +4. Lines are
/// level-triggered: a source is pending while its line is high and it is not being served; a claim takes
/// the highest-priority enabled pending source above the context's threshold (lowest number on ties) and
/// clears its pending bit; completing it lets a line that is still high pend again.
/// </summary>
public sealed class Plic : IMmioDevice, IInterruptSink
{
    public const ulong DefaultBase = 0x0c00_0000;
    /// <summary>QEMU virt: 96 interrupt sources (riscv,ndev 0x60), priorities 0..7.</summary>
    public const int DefaultSources = 96;
    public const uint MaxPriority = 7;
    public const ulong PendingOffset = 0x1000, EnableOffset = 0x2000, EnableStride = 0x80;
    public const ulong ContextOffset = 0x20_0000, ContextStride = 0x1000;

    private readonly Hart.Hart[] harts;
    private readonly uint[] priority;
    private readonly uint[] pending, claimed, level;
    private readonly uint[][] enable; // per context
    private readonly uint[] threshold;
    private readonly Lock gate = new();

    public Plic(IReadOnlyList<Hart.Hart> harts, ulong @base = DefaultBase, int sources = DefaultSources)
    {
        this.harts = [.. harts];
        Base = @base;
        Sources = sources;
        int words = (sources + 31) / 32;
        priority = new uint[sources];
        pending = new uint[words];
        claimed = new uint[words];
        level = new uint[words];
        enable = new uint[Contexts][];
        for (int c = 0; c < Contexts; c++) enable[c] = new uint[words];
        threshold = new uint[Contexts];
    }

    public string Name => "plic";
    public ulong Base { get; }
    /// <summary>QEMU virt's PLIC window.</summary>
    public ulong Size => 0x60_0000;
    public int Sources { get; }
    public int Contexts => harts.Length * 2;

    public void SetLevel(int irq, bool high)
    {
        if (irq <= 0 || irq >= Sources) return;
        lock (gate)
        {
            // Devices report their line after every register access; an unchanged line changes nothing
            // (a high line is pending or being served; the completion re-pends it).
            if (Get(level, irq) == high) return;
            Set(level, irq, high);
            if (!high) Set(pending, irq, false);
            else if (!Get(claimed, irq)) Set(pending, irq, true);
            Update();
        }
    }

    public bool Read(ulong offset, int size, out ulong value)
    {
        value = 0;
        if (size != 4 || (offset & 3) != 0) return false;
        lock (gate)
        {
            if (offset < (ulong)Sources * 4) { value = priority[offset / 4]; return true; }
            if (offset - PendingOffset < (ulong)pending.Length * 4) { value = pending[(offset - PendingOffset) / 4]; return true; }
            if (EnableWord(offset) is var (ctx, word) && ctx >= 0) { value = enable[ctx][word]; return true; }
            if (ContextRegister(offset) is var (c, reg) && c >= 0)
            {
                value = reg == 0 ? threshold[c] : reg == 4 ? Claim(c) : 0;
                return true;
            }
            return true; // reserved space reads as zero, as in QEMU
        }
    }

    public bool Write(ulong offset, int size, ulong value)
    {
        if (size != 4 || (offset & 3) != 0) return false;
        uint v = (uint)value;
        lock (gate)
        {
            if (offset < (ulong)Sources * 4)
            {
                if (offset != 0) priority[offset / 4] = Math.Min(v, MaxPriority);
            }
            else if (EnableWord(offset) is var (ctx, word) && ctx >= 0)
                enable[ctx][word] = word == 0 ? v & ~1u : v & ValidMask(word);
            else if (ContextRegister(offset) is var (c, reg) && c >= 0)
            {
                if (reg == 0) threshold[c] = Math.Min(v, MaxPriority);
                else if (reg == 4) Complete(c, v);
            }
            // pending bits are read-only; other writes are ignored
            Update();
        }
        return true;
    }

    private uint ValidMask(int word)
    {
        int bits = Sources - word * 32;
        return bits >= 32 ? uint.MaxValue : (1u << bits) - 1;
    }

    private (int Context, int Word) EnableWord(ulong offset)
    {
        if (offset < EnableOffset || offset >= ContextOffset) return (-1, 0);
        ulong rel = offset - EnableOffset;
        int ctx = (int)(rel / EnableStride), word = (int)(rel % EnableStride / 4);
        return ctx < Contexts && word < pending.Length ? (ctx, word) : (-1, 0);
    }

    private (int Context, ulong Register) ContextRegister(ulong offset)
    {
        if (offset < ContextOffset) return (-1, 0);
        ulong rel = offset - ContextOffset;
        int ctx = (int)(rel / ContextStride);
        return ctx < Contexts ? (ctx, rel % ContextStride) : (-1, 0);
    }

    // The source a claim by context c would take: 0 if none.
    private int Best(int c)
    {
        int best = 0;
        uint bestPriority = threshold[c];
        for (int w = 0; w < pending.Length; w++)
        {
            uint candidates = pending[w] & enable[c][w] & ~claimed[w];
            while (candidates != 0)
            {
                int bit = System.Numerics.BitOperations.TrailingZeroCount(candidates);
                candidates &= candidates - 1;
                int irq = w * 32 + bit;
                if (priority[irq] > bestPriority) { best = irq; bestPriority = priority[irq]; }
            }
        }
        return best;
    }

    private uint Claim(int c)
    {
        int irq = Best(c);
        if (irq != 0)
        {
            Set(pending, irq, false);
            Set(claimed, irq, true);
            Update();
        }
        return (uint)irq;
    }

    // QEMU ignores a completion of a source the context has not enabled.
    private void Complete(int c, uint irq)
    {
        if (irq == 0 || irq >= Sources || !Get(enable[c], (int)irq)) return;
        Set(claimed, (int)irq, false);
        if (Get(level, (int)irq)) Set(pending, (int)irq, true);
    }

    // Drives every context's external interrupt pin from what it could claim now.
    private void Update()
    {
        // Through the hart's external-interrupt inputs: SEIP is the line OR the software-writable bit, and an
        // M-mode write of mip (OpenSBI injecting SSIP) recomputes it from both, so a line set in mip directly
        // was lost at the next such write (typed input never reached Linux on two harts).
        for (int c = 0; c < Contexts; c++)
            harts[c / 2].SetExternalInterrupt(c % 2 == 0 ? Privilege.Machine : Privilege.Supervisor, Best(c) != 0);
    }

    private static bool Get(uint[] bits, int i) => (bits[i / 32] & (1u << (i % 32))) != 0;

    private static void Set(uint[] bits, int i, bool on)
    {
        if (on) bits[i / 32] |= 1u << (i % 32);
        else bits[i / 32] &= ~(1u << (i % 32));
    }
}
