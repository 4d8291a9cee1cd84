namespace RvJit.Translator.Tests;

/// <summary>
/// Sv39 tables for U-mode tests: root at RAM + 0x20000, one level-1 and one level-0 table, so virtual pages
/// below 2 MiB map wherever the test says.
/// </summary>
/// <param name="m">The machine.</param>
/// <param name="root">Where the three tables go (a second set switched to by satp lies elsewhere).</param>
internal sealed class Sv39TestTables(UserModeMachine m, ulong root = UserModeMachine.RamBase + 0x20000)
{

    /// <summary>User, valid, accessed, dirty, and read/write/execute.</summary>
    public const ulong UserRwx = 0xDF;
    /// <summary>User, valid, accessed, read only.</summary>
    public const ulong UserRead = 0x53;

    public void Enable()
    {
        WritePte(root + 0, ((root + 0x1000) >> 12 << 10) | 1);
        WritePte(root + 0x1000, ((root + 0x2000) >> 12 << 10) | 1);
        m.Hart.Csrs.Satp = (8UL << 60) | (root >> 12);
        m.Hart.Mmu.Flush();
    }

    /// <summary>Maps the 4 KiB virtual page <paramref name="va"/> (below 2 MiB) to <paramref name="pa"/>.</summary>
    public void Map(ulong va, ulong pa, ulong permissions = UserRwx)
    {
        WritePte(root + 0x2000 + (va >> 12) * 8, (pa >> 12 << 10) | permissions);
        m.Hart.Mmu.Flush(); // what the kernel's sfence.vma does
    }

    private void WritePte(ulong pa, ulong pte) => BitConverter.GetBytes(pte).CopyTo(m.Ram.Span(pa, 8));
}
