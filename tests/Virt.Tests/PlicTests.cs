// The PLIC: priorities, thresholds, claim/complete, level-triggered re-pending, and which hart's MEIP/SEIP
// each context drives.
using RvJit.Runtime.Devices;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;

namespace RvJit.Virt.Tests;

public sealed class PlicTests : IDisposable
{
    private readonly PhysicalMemory ram = new(0x8000_0000, 1 << 20);
    private readonly Hart[] harts;
    private readonly Plic plic;

    public PlicTests()
    {
        var bus = new Bus(ram);
        harts = [new Hart(bus, 0), new Hart(bus, 1)];
        plic = new Plic(harts);
    }

    public void Dispose()
    {
        foreach (var h in harts) h.Dispose();
        ram.Dispose();
    }

    private uint Read(ulong offset) { Assert.True(plic.Read(offset, 4, out ulong v)); return (uint)v; }
    private void Write(ulong offset, uint value) => Assert.True(plic.Write(offset, 4, value));
    private static ulong Enable(int context) => Plic.EnableOffset + Plic.EnableStride * (ulong)context;
    private static ulong Threshold(int context) => Plic.ContextOffset + Plic.ContextStride * (ulong)context;
    private static ulong Claim(int context) => Threshold(context) + 4;

    [Fact]
    public void ClaimTakesTheHighestPriorityAndCompleteLetsALevelPendAgain()
    {
        Write(4 * 10, 1);
        Write(4 * 11, 5);
        Write(Enable(0), (1u << 10) | (1u << 11));
        plic.SetLevel(10, true);
        plic.SetLevel(11, true);
        Assert.Equal((1u << 10) | (1u << 11), Read(Plic.PendingOffset));
        Assert.NotEqual(0UL, harts[0].Mip & CsrFile.Meip);
        Assert.Equal(0UL, harts[0].Mip & CsrFile.Seip);

        Assert.Equal(11u, Read(Claim(0)));
        Assert.Equal(10u, Read(Claim(0))); // 11 is being served
        Assert.Equal(0u, Read(Claim(0)));
        Assert.Equal(0UL, harts[0].Mip & CsrFile.Meip);

        plic.SetLevel(10, false);
        Write(Claim(0), 10);
        Write(Claim(0), 11); // line 11 still high: pending again
        Assert.Equal(1u << 11, Read(Plic.PendingOffset));
        Assert.NotEqual(0UL, harts[0].Mip & CsrFile.Meip);
        Assert.Equal(11u, Read(Claim(0)));
    }

    /// <summary>OpenSBI injects SSIP with csrs mip from M-mode: the write recomputes SEIP from the software bit
    /// and the external line, so the PLIC's line must be that line, not a bit set in mip behind its back.</summary>
    [Fact]
    public void AnMModeWriteOfMipKeepsTheSeipThePlicRaised()
    {
        Write(4 * 10, 1);
        Write(Enable(1), 1u << 10);
        plic.SetLevel(10, true);
        Assert.NotEqual(0UL, harts[0].Mip & CsrFile.Seip);
        Assert.True(harts[0].Csrs.TryWrite(0x344, CsrFile.Ssip)); // csrs mip, SSIP: the software SEIP bit is 0
        Assert.NotEqual(0UL, harts[0].Mip & CsrFile.Ssip);
        Assert.NotEqual(0UL, harts[0].Mip & CsrFile.Seip);
        Assert.Equal(10u, Read(Claim(1)));
        Assert.Equal(0UL, harts[0].Mip & CsrFile.Seip);
    }

    [Fact]
    public void ThresholdMasksPrioritiesAtOrBelowIt()
    {
        Write(4 * 3, 2);
        Write(Enable(1), 1u << 3);
        Write(Threshold(1), 2);
        plic.SetLevel(3, true);
        Assert.Equal(0UL, harts[0].Mip & CsrFile.Seip);
        Assert.Equal(0u, Read(Claim(1)));
        Write(Threshold(1), 1);
        Assert.NotEqual(0UL, harts[0].Mip & CsrFile.Seip);
        Assert.Equal(3u, Read(Claim(1)));
    }

    [Fact]
    public void ContextsTwoAndThreeAreHartOnesMachineAndSupervisor()
    {
        Write(4 * 1, 1);
        Write(Enable(3), 1u << 1);
        plic.SetLevel(1, true);
        Assert.Equal(CsrFile.Seip, harts[1].Mip);
        Assert.Equal(0UL, harts[0].Mip);
        Write(Enable(2), 1u << 1);
        Assert.Equal(CsrFile.Seip | CsrFile.Meip, harts[1].Mip);
        Assert.Equal(1u, Read(Claim(2))); // the M context claims it: the S context has nothing left
        Assert.Equal(0UL, harts[1].Mip);
    }

    [Fact]
    public void SourceZeroDoesNotExistAndPrioritiesAreCappedAtSeven()
    {
        Write(0, 5);
        Assert.Equal(0u, Read(0));
        Write(4 * 7, 100);
        Assert.Equal(Plic.MaxPriority, Read(4 * 7));
        Write(Enable(0), 0xFFFF_FFFF);
        Assert.Equal(0xFFFF_FFFEu, Read(Enable(0)));
        Assert.False(plic.Read(4, 1, out _)); // registers take 4-byte accesses only
    }

    [Fact]
    public void CompletingASourceTheContextHasNotEnabledIsIgnored()
    {
        Write(4 * 5, 1);
        Write(Enable(0), 1u << 5);
        plic.SetLevel(5, true);
        Assert.Equal(5u, Read(Claim(0)));
        Write(Claim(1), 5); // context 1 has not enabled source 5
        Assert.Equal(0u, Read(Plic.PendingOffset));
        Write(Claim(0), 5);
        Assert.Equal(1u << 5, Read(Plic.PendingOffset));
    }
}
