// Compiled code linked across pages never outlives the mapping it was linked under.
namespace RvJit.Kernel.Tests;

/// <summary>
/// farlinks.c calls code in the next page from a hot loop (the JIT links the two regions directly, a far link)
/// and then changes only the callee's mapping: mprotect without exec, munmap, and a new mapping with other code
/// at the same address (MAP_FIXED). No step stores to code, so only the mapping change can tell the JIT that
/// the link is stale. qemu-riscv64's output is the expected one.
/// </summary>
public class FarLinkTests
{
    private static readonly Lazy<GuestResult> Qemu = new(() => GuestRunner.RunQemu(GuestPrograms.Get("farlinks", Linkage.Static), []));

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Rule_links_across_pages_are_dropped_when_the_callee_mapping_changes(string engine)
    {
        var actual = GuestRunner.RunRvjit(GuestPrograms.Get("farlinks", Linkage.Static), [], engine);
        var expected = Qemu.Value;
        // Each change on its own: the old callee's code would print 1000.
        foreach (string line in new[] { "callee not executable: SIGSEGV", "other callee: 2000", "callee unmapped: SIGSEGV" })
        {
            Assert.Contains(line, expected.Stdout);
            Assert.Contains(line, actual.Stdout);
        }
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
    }
}
