// Compiled code that passes between pages never outlives the mapping it was made under.
namespace RvJit.Kernel.Tests;

/// <summary>
/// crosspage.c calls code in the next page from a hot loop (the JIT passes between the two pages' translations
/// without the dispatcher) and then changes only the callee's mapping: mprotect without exec, munmap, and a new
/// mapping with other code at the same address (MAP_FIXED). No step stores to code, so only the mapping change
/// can tell the JIT that what it knows about the callee's address is stale (the jump cache, or any direct link
/// between the pages' translations). qemu-riscv64's output is the expected one.
/// </summary>
public class CrossPageMappingTests
{
    private static readonly Lazy<GuestResult> Qemu = new(() => GuestRunner.RunQemu(GuestPrograms.Get("crosspage", Linkage.Static), []));

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Rule_a_cross_page_call_follows_the_callee_mapping_as_it_changes(string engine)
    {
        var actual = GuestRunner.RunRvjit(GuestPrograms.Get("crosspage", Linkage.Static), [], engine);
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
