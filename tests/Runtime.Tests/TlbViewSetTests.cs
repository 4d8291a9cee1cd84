// The TLB views across privilege and mstatus changes: clearing SUM drops only the user pages reached under it,
// each privilege keeps its own views on a system machine (a trap and its return walk nothing again), and no
// privilege ever hits an entry another privilege may use but it may not.
using RvJit.Runtime.Hart;
using static RvJit.Runtime.Tests.Sv39Tests;

namespace RvJit.Runtime.Tests;

public class TlbViewSetTests
{
    private const ulong V = 1, R = 2, W = 4, X = 8, U = 16, G = 32, A = 64, D = 128;
    private const ulong UserVa = 0x9000, KernelVa = 0xA000, GlobalVa = 0xB000;
    private const ulong UserData = HartHarness.RamBase + 0x40_0000, KernelData = UserData + 0x1000;

    private static (HartHarness, PageTables) SetupBoth(bool viewsPerPrivilege)
    {
        var h = new HartHarness(viewsPerPrivilege: viewsPerPrivilege);
        var pt = new PageTables(h);
        h.Write(CsrNumber.Satp, pt.Satp);
        h.Store64(UserData, 0x1111);
        h.Store64(KernelData, 0x2222);
        pt.Map(UserVa, UserData, 0, V | R | W | U | A | D);
        pt.Map(KernelVa, KernelData, 0, V | R | W | A | D);
        h.WriteAsMachine(CsrNumber.Medeleg, 1UL << (int)ExceptionCause.EcallFromUser);
        h.Privilege = Privilege.Supervisor;
        return (h, pt);
    }

    private static ulong Load(HartHarness h, ulong va)
    {
        Assert.True(h.Hart.Mmu.Load(va, 8, out ulong value, out Trap trap), $"load 0x{va:x} at {h.Privilege}: {trap}");
        return value;
    }

    private static void AssertLoadFaults(HartHarness h, ulong va, ExceptionCause cause)
    {
        Assert.False(h.Hart.Mmu.Load(va, 8, out _, out Trap trap), $"load 0x{va:x} at {h.Privilege} should fault");
        Assert.Equal(new Trap(cause, va), trap);
    }

    // sret to U-mode and an ecall back to S-mode: the hart's own privilege switches.
    private static void ToUser(HartHarness h)
    {
        h.Write(CsrNumber.Sstatus, h.Read(CsrNumber.Sstatus) & ~CsrFile.MstatusSpp);
        Assert.True(h.Hart.Sret());
        Assert.Equal(Privilege.User, h.Privilege);
    }

    private static void ToSupervisor(HartHarness h)
    {
        Assert.True(h.Hart.RaiseException(new Trap(ExceptionCause.EcallFromUser, 0), 0));
        Assert.Equal(Privilege.Supervisor, h.Privilege);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ClearingSumDropsTheUserPagesReachedUnderIt(bool viewsPerPrivilege)
    {
        var (h, _) = SetupBoth(viewsPerPrivilege);
        using var owner = h;
        AssertLoadFaults(h, UserVa, ExceptionCause.LoadPageFault);
        Assert.Equal(0x2222UL, Load(h, KernelVa));
        long flushes = h.Hart.Mmu.Flushes;
        h.Write(CsrNumber.Sstatus, h.Read(CsrNumber.Sstatus) | CsrFile.MstatusSum);
        Assert.Equal(0x1111UL, Load(h, UserVa));
        Assert.True(h.Hart.Mmu.Store(UserVa, 8, 0x3333, out _));
        long walks = h.Hart.Mmu.Walks;
        Assert.Equal(0x3333UL, Load(h, UserVa)); // cached under SUM
        Assert.Equal(0x2222UL, Load(h, KernelVa));
        Assert.Equal(walks, h.Hart.Mmu.Walks);

        h.Write(CsrNumber.Sstatus, h.Read(CsrNumber.Sstatus) & ~CsrFile.MstatusSum);
        AssertLoadFaults(h, UserVa, ExceptionCause.LoadPageFault);
        Assert.False(h.Hart.Mmu.Store(UserVa, 8, 0, out Trap trap));
        Assert.Equal(ExceptionCause.StorePageFault, trap.Cause);
        walks = h.Hart.Mmu.Walks;
        Assert.Equal(0x2222UL, Load(h, KernelVa)); // the supervisor page stayed cached
        Assert.Equal(walks, h.Hart.Mmu.Walks);
        Assert.Equal(flushes, h.Hart.Mmu.Flushes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NoPrivilegeHitsAnotherPrivilegesPage(bool viewsPerPrivilege)
    {
        var (h, _) = SetupBoth(viewsPerPrivilege);
        using var owner = h;
        h.Write(CsrNumber.Sstatus, h.Read(CsrNumber.Sstatus) | CsrFile.MstatusSum);
        Assert.Equal(0x1111UL, Load(h, UserVa));
        Assert.Equal(0x2222UL, Load(h, KernelVa));
        Assert.False(h.Hart.Mmu.TranslateFetch(KernelVa, out _, out _)); // no X: faults, caches nothing
        ToUser(h);
        AssertLoadFaults(h, KernelVa, ExceptionCause.LoadPageFault);
        Assert.Equal(0x1111UL, Load(h, UserVa));
        ToSupervisor(h);
        h.Write(CsrNumber.Sstatus, h.Read(CsrNumber.Sstatus) & ~CsrFile.MstatusSum);
        AssertLoadFaults(h, UserVa, ExceptionCause.LoadPageFault); // the user view's entry is not the supervisor's
        Assert.Equal(0x2222UL, Load(h, KernelVa));
    }

    [Fact]
    public void EachPrivilegeKeepsItsViewsAcrossTrapsAndReturns()
    {
        var (h, _) = SetupBoth(viewsPerPrivilege: true);
        using var owner = h;
        Assert.Equal(0x2222UL, Load(h, KernelVa));
        ToUser(h);
        Assert.Equal(0x1111UL, Load(h, UserVa));
        long walks = h.Hart.Mmu.Walks, epoch = h.Hart.Mmu.FetchEpoch;
        for (int i = 0; i < 3; i++)
        {
            ToSupervisor(h);
            Assert.Equal(0x2222UL, Load(h, KernelVa));
            ToUser(h);
            Assert.Equal(0x1111UL, Load(h, UserVa));
        }
        Assert.Equal(walks, h.Hart.Mmu.Walks);
        Assert.Equal(epoch, h.Hart.Mmu.FetchEpoch);

        Assert.False(h.Hart.SfenceVma(0, 0, allVa: true)); // illegal in U-mode
        ToSupervisor(h);
        Assert.True(h.Hart.SfenceVma(0, 0, allVa: true));
        ToUser(h);
        Assert.Equal(0x1111UL, Load(h, UserVa)); // a fence empties every privilege's views
        Assert.Equal(walks + 1, h.Hart.Mmu.Walks);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MprvLoadsTranslateOnlyWhileSet(bool viewsPerPrivilege)
    {
        var (h, _) = SetupBoth(viewsPerPrivilege);
        using var owner = h;
        h.Privilege = Privilege.Machine;
        ulong mstatus = h.Read(CsrNumber.Mstatus) & ~CsrFile.MstatusMpp;
        h.Write(CsrNumber.Mstatus, mstatus | CsrFile.MstatusMprv | (1UL << 11)); // MPP = S
        Assert.Equal(0x2222UL, Load(h, KernelVa));
        AssertLoadFaults(h, UserVa, ExceptionCause.LoadPageFault); // S without SUM
        h.Write(CsrNumber.Mstatus, mstatus | CsrFile.MstatusMprv); // MPP = U
        Assert.Equal(0x1111UL, Load(h, UserVa));
        AssertLoadFaults(h, KernelVa, ExceptionCause.LoadPageFault);
        h.Write(CsrNumber.Mstatus, mstatus); // bare: the virtual addresses are physical ones outside RAM
        AssertLoadFaults(h, UserVa, ExceptionCause.LoadAccessFault);
        Assert.Equal(0x2222UL, Load(h, KernelData));
    }

    [Fact]
    public void SatpWriteKeepsOnlyTheSupervisorsGlobalMappings()
    {
        var (h, pt) = SetupBoth(viewsPerPrivilege: true);
        using var owner = h;
        pt.Map(GlobalVa, KernelData, 0, V | R | X | G | A);
        Assert.Equal(0x2222UL, Load(h, KernelVa));
        Assert.Equal(0x2222UL, Load(h, GlobalVa));
        Assert.True(h.Hart.Mmu.TranslateFetch(GlobalVa, out _, out _));
        ToUser(h);
        Assert.Equal(0x1111UL, Load(h, UserVa));
        ToSupervisor(h);
        long sEpoch = h.Hart.Mmu.FetchEpochFor(Privilege.Supervisor), uEpoch = h.Hart.Mmu.FetchEpochFor(Privilege.User);

        // Another address space (ASID 1) where every mapping moved; the global one too, which software must not do:
        // it shows that the global entry was kept and the others were not.
        pt.Map(KernelVa, UserData, 0, V | R | W | A | D);
        pt.Map(GlobalVa, UserData, 0, V | R | X | G | A);
        pt.Map(UserVa, KernelData, 0, V | R | W | U | A | D);
        h.Write(CsrNumber.Satp, pt.Satp | (1UL << 44));
        long walks = h.Hart.Mmu.Walks;
        Assert.Equal(0x2222UL, Load(h, GlobalVa));
        Assert.Equal(walks, h.Hart.Mmu.Walks);
        Assert.Equal(0x1111UL, Load(h, KernelVa));
        Assert.Equal(walks + 1, h.Hart.Mmu.Walks);
        Assert.Equal(sEpoch, h.Hart.Mmu.FetchEpochFor(Privilege.Supervisor)); // only data entries were dropped
        Assert.NotEqual(uEpoch, h.Hart.Mmu.FetchEpochFor(Privilege.User));
        ToUser(h);
        Assert.Equal(0x2222UL, Load(h, UserVa));
        Assert.Equal(walks + 2, h.Hart.Mmu.Walks);
    }
}
