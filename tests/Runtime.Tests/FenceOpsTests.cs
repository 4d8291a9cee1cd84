// Which FENCE encodings need a host full fence (x86-64 TSO breaks only store->load order).
using RvJit.Runtime.Semantics;

namespace RvJit.Runtime.Tests;

public sealed class FenceOpsTests
{
    [Theory]
    [InlineData(0b0000_0011_0011, true)]  // fence rw,rw (smp_mb)
    [InlineData(0b0000_1111_1111, true)]  // fence iorw,iorw (mb)
    [InlineData(0b0000_0001_0010, true)]  // fence w,r
    [InlineData(0b0000_0101_1010, true)]  // fence ow,ir
    [InlineData(0b1000_0011_0011, false)] // fence.tso: R->RW and W->W only
    [InlineData(0b0000_0010_0011, false)] // fence r,rw (acquire)
    [InlineData(0b0000_0011_0001, false)] // fence rw,w (release)
    [InlineData(0b0000_0001_0001, false)] // fence w,w
    [InlineData(0b0000_0000_0000, false)] // empty sets
    public void Only_fences_ordering_writes_before_reads_need_the_host_fence(int imm, bool needed) =>
        Assert.Equal(needed, FenceOps.NeedsHostFence(imm));
}
