using RvJit.Runtime.Isa;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Interpreter;

/// <summary>
/// Decoded instructions of one 4 KiB physical page, one slot per 2-byte parcel, filled lazily. Slots 2048
/// and 2049 are sentinels that stop straight-line execution at the end of the page (2049 is where a 32-bit
/// instruction that starts in the page's last parcel lands).
/// </summary>
internal sealed class DecodedPage(ulong physicalBase)
{
    public const int SlotCount = 2048;
    public const byte LengthPageEnd = 0xFF;
    public const byte LengthCrossesPage = 0xFE;

    public readonly ulong PhysicalBase = physicalBase;
    public readonly Instruction[] Slots = CreateSlots();

    private static Instruction[] CreateSlots()
    {
        var slots = new Instruction[SlotCount + 2];
        slots[SlotCount] = slots[SlotCount + 1] = new Instruction(Op.Illegal, 0, 0, 0, 0, 0, 0, 0, LengthPageEnd);
        return slots;
    }
}

/// <summary>
/// The interpreter's decode cache: decoded pages by physical page number. A page's first decode marks it as
/// code in <see cref="PhysicalMemory"/>, so any later store to it (self-modifying code, the kernel loading a
/// program) takes the MMU's slow path, which drops the page here and bumps <see cref="Epoch"/>.
/// </summary>
internal sealed class DecodeCache
{
    private readonly PhysicalMemory ram;
    private readonly DecodedPage?[] pages;

    /// <summary>Incremented whenever a page is dropped: an engine holding a page re-fetches when it changes.</summary>
    public long Epoch;

    public DecodeCache(PhysicalMemory ram)
    {
        this.ram = ram;
        pages = new DecodedPage?[ram.Size >> PhysicalMemory.PageShift];
        ram.CodePageWritten += Invalidate;
    }

    /// <summary>The decoded page for a physical address in RAM; the caller flushes the store TLB when <paramref name="created"/>.</summary>
    public DecodedPage Get(ulong pa, out bool created)
    {
        ulong index = (pa - ram.Base) >> PhysicalMemory.PageShift;
        var page = pages[index];
        created = page is null;
        if (page is null)
        {
            page = new DecodedPage(pa & ~(PhysicalMemory.PageSize - 1));
            pages[index] = page;
            ram.MarkCode(pa);
        }
        return page;
    }

    public void Invalidate(ulong pagePa)
    {
        pages[(pagePa - ram.Base) >> PhysicalMemory.PageShift] = null;
        Epoch++;
    }

    /// <summary>fence.i: drops everything (pages are re-marked when executed again).</summary>
    public void Clear()
    {
        Array.Clear(pages);
        Epoch++;
    }
}
