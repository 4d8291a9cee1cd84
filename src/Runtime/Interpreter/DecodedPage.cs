using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Interpreter;

/// <summary>
/// The decoded code of one 4 KiB physical page, as runs: a run is the straight-line sequence of
/// instructions from one entry point (a parcel someone jumped to) up to and including the first
/// unconditional jump or system instruction, the page end, or <see cref="MaxRunLength"/> instructions.
/// Conditional branches do not end a run (a not-taken branch steps to the next slot). Runs are laid out
/// one instruction per slot, so executing straight-line code is stepping through consecutive slots. An
/// instruction reachable from two entry points is decoded into both runs.
/// </summary>
internal sealed unsafe class DecodedPage
{
    public const int PageSize = 4096;
    public const int ParcelCount = PageSize / 2;
    /// <summary>Bounds a run's length, and so the copies made when code is entered in the middle of a run.</summary>
    public const int MaxRunLength = 64;

    public readonly ulong PhysicalBase;
    private readonly DecodeStatistics statistics;
    private readonly byte* host;                       // the page's bytes in host memory
    // parcel -> slot index of the run entered there; 0 = none yet; below zero = none yet, but an entry countdown set
    // (a mark, see SetCountdown) that the run takes when it is decoded (PendingMark).
    private readonly int[] runs = new int[ParcelCount];
    private CachedInstruction[] slots = new CachedInstruction[64];
    private int used = 1;                               // slot 0 stays empty so that index 0 can mean "none"
    private readonly short initialCountdown;            // an entry's countdown when its run is first decoded
    private readonly PhysicalMemory ram;
    private ulong markedChunks;                         // the chunks this page has told RAM it decoded (MarkCodeBytes)

    public DecodedPage(PhysicalMemory ram, ulong physicalBase, byte* host, DecodeStatistics statistics, short initialCountdown)
    {
        this.ram = ram;
        PhysicalBase = physicalBase;
        this.host = host;
        this.statistics = statistics;
        this.initialCountdown = initialCountdown;
    }

    /// <summary>The parcels whose runs have been entered at least once (their countdown has moved) or marked.</summary>
    public IEnumerable<int> EnteredParcels()
    {
        for (int parcel = 0; parcel < ParcelCount; parcel++)
            if (Entered(parcel)) yield return parcel;
    }

    /// <summary>Sets bit <c>parcel</c> of <paramref name="bits"/> (<see cref="ParcelCount"/> bits) for every parcel whose run
    /// has been entered or marked (<see cref="Entered"/>).</summary>
    public void AddEnteredBits(Span<byte> bits)
    {
        for (int parcel = 0; parcel < ParcelCount; parcel++)
            if (Entered(parcel)) bits[parcel >> 3] |= (byte)(1 << (parcel & 7));
    }

    /// <summary>Adds the entries whose runs were entered at least <paramref name="minRuns"/> times while counting toward
    /// the threshold (not hot, not marked) to <paramref name="into"/>, as (runs &lt;&lt; 48) | physical address.</summary>
    public void AddCountedEntries(int minRuns, List<ulong> into)
    {
        for (int parcel = 0; parcel < ParcelCount; parcel++)
        {
            int index = runs[parcel];
            if (index == 0) continue;
            int countdown = index > 0 ? slots[index].Countdown : PendingCountdown(index);
            if (countdown > 0 && countdown <= initialCountdown - minRuns)
                into.Add(((ulong)(initialCountdown - countdown) << 48) | (PhysicalBase + (ulong)(2 * parcel)));
        }
    }

    /// <summary>Whether the run at <paramref name="parcel"/> has been entered (or marked); false if it was never decoded.</summary>
    public bool Entered(int parcel)
    {
        int index = runs[parcel & (ParcelCount - 1)];
        return index != 0 && (index > 0 ? slots[index].Countdown : PendingCountdown(index)) != initialCountdown;
    }

    /// <summary>The countdown of the run at <paramref name="parcel"/> (a mark's when not decoded yet); the initial one when the
    /// run was never decoded or marked.</summary>
    public short CountdownAt(int parcel)
    {
        int index = runs[parcel & (ParcelCount - 1)];
        return index == 0 ? initialCountdown : index > 0 ? slots[index].Countdown : PendingCountdown(index);
    }

    /// <summary>Sets the countdown of the entry at <paramref name="parcel"/> (a translating engine's mark). A run not decoded
    /// yet is not decoded for it: the countdown waits in <see cref="runs"/> until the interpreter first reaches the entry.
    /// Engines mark every block of a region they queue or install and every entry offered from the persistent cache, most of
    /// which the interpreter never reaches as an entry (a block reached by falling through is inside another run): decoding
    /// each was gofmt's second run 8% of its time in the engine (perf: MarkEntry's decoding and the slot arrays it grew).</summary>
    public void SetCountdown(int parcel, short countdown)
    {
        parcel &= ParcelCount - 1;
        int index = runs[parcel];
        if (index > 0) slots[index].Countdown = countdown;
        else runs[parcel] = PendingMark(countdown);
    }

    /// <summary>A countdown kept in <see cref="runs"/> for a run not decoded yet: negative, the countdown in the low 16 bits.</summary>
    private static int PendingMark(short countdown) => int.MinValue | (ushort)countdown;
    private static short PendingCountdown(int index) => (short)(index & 0xFFFF);

    /// <summary>The first slot of the run entered at <paramref name="parcel"/> (0..2047), decoding it on first use.
    /// Any reference to an earlier slot may then point into a superseded array: use it no further.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref CachedInstruction RunAt(int parcel) => ref Slot(RunIndex(parcel));

    /// <summary>Slot index of the run entered at <paramref name="parcel"/>, decoding it on first use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int RunIndex(int parcel)
    {
        int index = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(runs), parcel & (ParcelCount - 1));
        return index > 0 ? index : DecodeRun(parcel & (ParcelCount - 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref CachedInstruction Slot(int index) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), index);

    /// <summary>The array <see cref="Slot"/> indexes now (replaced by a larger one when decoding fills it).</summary>
    public CachedInstruction[] SlotArray => slots;

    /// <summary>Resolves an in-page jump's target (<see cref="CachedInstruction.TargetOffset"/>) to its run and remembers
    /// it in the jump's slot when the index fits there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int ResolveTarget(ref CachedInstruction jump)
    {
        int index = RunIndex(jump.TargetOffset >> 1);
        // If decoding grew the array, this lands in the old copy: harmless, resolved again next time.
        if (index <= ushort.MaxValue) jump.Target = (ushort)index;
        return index;
    }

    /// <summary>The encoding at <paramref name="offset"/> as it was decoded (an illegal-instruction trap's mtval; not kept in
    /// the slots). 16 bits for a compressed instruction.</summary>
    public uint RawAt(int offset)
    {
        uint low = *(ushort*)(host + offset);
        return (low & 3) == 3 && offset <= PageSize - 4 ? *(uint*)(host + offset) : low;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int DecodeRun(int parcel)
    {
        int start = used;
        int offset = parcel * 2;
        int retired = 0;
        while (true)
        {
            if (offset >= PageSize) { Append(CachedInstruction.ContinueAt(offset, retired)); break; }
            MarkDecoded(offset);
            uint low = *(ushort*)(host + offset);
            bool wide = (low & 3) == 3;
            if (wide && offset == PageSize - 2) { Append(CachedInstruction.CrossPageAt(offset, retired)); break; }
            Instruction ins = Interpreter.ForInterpreter(Decoder.Decode(wide ? *(uint*)(host + offset) : low));
            Append(CachedInstruction.Of(ins, offset, ++retired));
            if (EndsRun(ins.Op)) break;
            offset += ins.Length;
            if (retired == MaxRunLength) { Append(CachedInstruction.ContinueAt(offset, retired)); break; }
        }
        FusedPairs.Fuse(slots.AsSpan(start, used - start));
        int pending = runs[parcel];
        runs[parcel] = start;
        slots[start].Countdown = pending < 0 ? PendingCountdown(pending) : initialCountdown;
        statistics.Runs++;
        statistics.Slots += used - start;
        return start;
    }

    /// <summary>Instructions after which execution never steps to the next slot: jumps, traps, and the
    /// system instructions after which the interpreter re-reads translation and privilege state.</summary>
    internal static bool EndsRun(Op op) => op is Op.Jal or Op.Jalr or Op.Illegal or Op.Ecall or Op.Ebreak
        or Op.Csrrw or Op.Csrrs or Op.Csrrc or Op.Csrrwi or Op.Csrrsi or Op.Csrrci
        or Op.Mret or Op.Sret or Op.Wfi or Op.SfenceVma or Op.FenceI;

    /// <summary>Before the instruction at <paramref name="offset"/> is read: a store to its bytes must drop this page
    /// (<see cref="PhysicalMemory.MarkCodeBytes"/>); stores beside the decoded code leave it be.</summary>
    private void MarkDecoded(int offset)
    {
        int last = Math.Min(offset + 3, PageSize - 1);
        ulong bits = (ulong.MaxValue << (offset / PhysicalMemory.CodeChunkSize)) & (ulong.MaxValue >> (63 - last / PhysicalMemory.CodeChunkSize));
        if ((markedChunks & bits) == bits) return;
        ram.MarkCodeBytes(PhysicalBase + (ulong)offset, last - offset + 1);
        markedChunks |= bits;
    }

    private void Append(in CachedInstruction slot)
    {
        if (used == slots.Length) Array.Resize(ref slots, slots.Length * 2);
        slots[used++] = slot;
    }
}
