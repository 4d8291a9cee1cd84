using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RvJit.Translator;

/// <summary>
/// The translations by the physical address of their entries, as a direct-mapped table that every hart's dispatcher
/// reads without the shared lock: a jump-cache miss at a pc that has a translation finds it here instead of going
/// through the interpreter (which stops at once at the entry's mark) and a lookup under the lock.
///
/// Why: the jump cache is per hart, keyed by virtual pc and emptied whenever translation changes. On SQLite's
/// speedtest1 about 100 k interpreter calls ran no instruction, pairs of translated pcs that shared a jump-cache
/// slot evicting each other; under Linux every sfence.vma and satp write empties it; and an entry another hart
/// installed carries no mark in this hart's interpreter, which ran it up to a waiting mark's stride more.
///
/// Written under the shared lock (<see cref="SharedTranslations.Sync"/>) when a translation is installed or found by
/// a lookup. A slot holds one immutable (address, translation) pair, so a reader racing a writer sees either whole
/// pair. It is never cleared: a translation that is invalidated or replaced turns <see cref="CompiledBlock.Valid"/>
/// false first, and readers check that.
/// </summary>
internal sealed class EntryTable
{
    public const int Bits = 15;

    private sealed class Slot(ulong pa, CompiledBlock block)
    {
        public readonly ulong Pa = pa;
        public readonly CompiledBlock Block = block;
    }

    private readonly Slot?[] slots = new Slot?[1 << Bits];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOf(ulong pa) => (int)(((pa >> 1) * JumpCache.HashMultiplier) >> (64 - Bits));

    /// <summary>The valid translation entered at <paramref name="pa"/>, or null when none is known here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CompiledBlock? Get(ulong pa)
    {
        var slot = Volatile.Read(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), IndexOf(pa)));
        return slot is not null && slot.Pa == pa && slot.Block.Valid ? slot.Block : null;
    }

    /// <summary>Records that <paramref name="block"/> serves <paramref name="pa"/> (under the shared lock).</summary>
    public void Put(ulong pa, CompiledBlock block)
    {
        ref var slot = ref slots[IndexOf(pa)];
        if (slot is not null && slot.Pa == pa && ReferenceEquals(slot.Block, block)) return;
        Volatile.Write(ref slot, new Slot(pa, block));
    }
}
