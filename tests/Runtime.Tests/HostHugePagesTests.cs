// Guest RAM and the TLB views ask the host for transparent huge pages (hosts in THP "madvise" mode give them only
// when asked): lzip's 32 MiB match tree spent ~12% of its CPU on host TLB misses with 4 KiB pages.
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Tests;

public sealed unsafe class HostHugePagesTests
{
    /// <summary>The VmFlags line of the host mapping that holds <paramref name="address"/> (/proc/self/smaps).</summary>
    private static string VmFlagsOf(ulong address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), System.Globalization.NumberStyles.HexNumber, null, out ulong start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), System.Globalization.NumberStyles.HexNumber, null, out ulong end))
                inside = address >= start && address < end;
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal)) return line;
        }
        return "";
    }

    [Fact]
    public void Guest_ram_is_advised_huge_pages()
    {
        if (!OperatingSystem.IsLinux()) return; // madvise is Linux's
        using var ram = new PhysicalMemory(HartHarness.RamBase, 64UL << 20);
        ulong inside = (((ulong)ram.Host + (2UL << 20) - 1) & ~((2UL << 20) - 1)) + 4096;
        Assert.Contains(" hg", VmFlagsOf(inside));
    }

    [Fact]
    public void Tlb_views_in_low_memory_are_advised_huge_pages_and_2_MiB_aligned()
    {
        using var h = new HartHarness();
        if (!h.Hart.Mmu.TlbInLowMemory) return; // only the MAP_32BIT block is placed by rvjit itself
        ulong block = (ulong)h.Hart.Mmu.LoadTlb;
        Assert.Equal(0UL, block & ((2UL << 20) - 1));
        Assert.Contains(" hg", VmFlagsOf(block));
    }
}
