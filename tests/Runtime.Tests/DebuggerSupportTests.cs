// What the gdb stubs build on in the Runtime: the interpreter's single step, the MMU's watchpoints (watched pages
// kept out of the TLB views, accesses to watched ranges trapping before they are made) and Hart.DebugTraps.
using RvJit.Runtime.Debug;
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Tests;

public sealed unsafe class DebuggerSupportTests
{
    private const ulong Code = HartHarness.RamBase;
    private const ulong Data = HartHarness.RamBase + 0x4000;

    private static void Write32(HartHarness h, ulong pa, uint value) => *(uint*)h.Ram.HostPointer(pa) = value;

    [Fact]
    public void Step_runs_exactly_one_instruction_where_Run_with_a_budget_of_one_runs_to_the_taken_branch()
    {
        using var h = new HartHarness();
        Write32(h, Code, 0x00150513);     // addi a0, a0, 1
        Write32(h, Code + 4, 0x00150513); // addi a0, a0, 1
        Write32(h, Code + 8, 0xfe000ce3); // beq zero, zero, Code
        var interpreter = new Interpreter.Interpreter(h.Hart);
        h.Hart.Pc = Code;

        Assert.Equal(Interpreter.EngineExit.Budget, interpreter.Step(h.Hart));
        Assert.Equal(Code + 4, h.Hart.Pc);
        Assert.Equal(1UL, h.Hart.GetX(10));
        Assert.Equal(1, h.Hart.Instret);
        interpreter.Step(h.Hart);
        interpreter.Step(h.Hart);
        Assert.Equal(Code, h.Hart.Pc); // the branch, taken
        Assert.Equal(2UL, h.Hart.GetX(10));
        Assert.Equal(3, h.Hart.Instret);

        interpreter.Run(h.Hart, 1);
        Assert.Equal(Code, h.Hart.Pc);
        Assert.Equal(4UL, h.Hart.GetX(10)); // three instructions: the budget is checked at taken branches
    }

    [Fact]
    public void A_step_that_traps_ends_at_the_trap_vector()
    {
        using var h = new HartHarness();
        Write32(h, Code, 0x00000073); // ecall
        h.Hart.Csrs.Mtvec = Code + 0x100;
        h.Hart.Pc = Code;
        new Interpreter.Interpreter(h.Hart).Step(h.Hart);
        Assert.Equal(Code + 0x100, h.Hart.Pc);
        Assert.Equal((ulong)ExceptionCause.EcallFromMachine, h.Hart.Csrs.Mcause);
    }

    [Fact]
    public void Breakpoints_go_to_the_host_only_while_a_debugger_is_attached()
    {
        using var h = new HartHarness();
        h.Hart.Csrs.Mtvec = Code + 0x100;
        var trap = new Trap(ExceptionCause.Breakpoint, Code);
        h.Hart.DebugTraps = true;
        Assert.False(h.Hart.RaiseException(trap, Code));
        Assert.Equal(trap, h.Hart.HostTrap);
        h.Hart.DeliverException(trap, Code); // the guest's own ebreak, handed back
        Assert.Equal(Code + 0x100, h.Hart.Pc);
        h.Hart.DebugTraps = false;
        Assert.True(h.Hart.RaiseException(trap, Code));
    }

    [Fact]
    public void A_watched_access_traps_before_it_is_made_and_its_page_stays_out_of_the_TLB()
    {
        using var h = new HartHarness();
        var mmu = h.Hart.Mmu;
        var watches = new WatchList();
        watches.Add(WatchKind.Write, Data + 8, 8);
        mmu.UseWatches(watches);

        Assert.False(mmu.Store(Data + 12, 4, 7, out Trap trap));
        Assert.Equal(new Trap(ExceptionCause.DebugWatch, Data + 12), trap);
        Assert.Equal(new WatchHit(WatchKind.Write, Data + 8), mmu.LastWatchHit);
        Assert.Equal(0UL, h.Load64(Data + 8)); // not written
        Assert.Equal("watch:80004008;", mmu.LastWatchHit.StopField);

        // A read of a write watchpoint, and a store next to it, go through, but leave no TLB entry for the page.
        Assert.True(mmu.Load(Data + 8, 8, out _, out _));
        Assert.True(mmu.Store(Data, 8, 1, out _));
        Assert.NotEqual(Data, Mmu.EntryFor(mmu.LoadTlb, Data)->Tag);
        Assert.NotEqual(Data, Mmu.EntryFor(mmu.StoreTlb, Data)->Tag);
        // Another page fills the views as always.
        Assert.True(mmu.Load(Data + 0x1000, 8, out _, out _));
        Assert.Equal(Data + 0x1000, Mmu.EntryFor(mmu.LoadTlb, Data + 0x1000)->Tag);

        // The debugger re-runs the access with the watchpoints off.
        mmu.SuppressWatches = true;
        Assert.True(mmu.Store(Data + 12, 4, 7, out _));
        mmu.SuppressWatches = false;
        Assert.Equal(7UL << 32, h.Load64(Data + 8));

        // Read and access watchpoints: loads (and atomics) trap.
        watches.Add(WatchKind.Read, Data + 0x800, 4);
        mmu.UseWatches(watches);
        Assert.False(mmu.Load(Data + 0x802, 2, out _, out trap));
        Assert.Equal(new WatchHit(WatchKind.Read, Data + 0x800), mmu.LastWatchHit);
        Assert.False(mmu.TranslateAtomic(Data + 0x800, 4, isLoadReserved: true, out _, out _, out trap));
        Assert.Equal(ExceptionCause.DebugWatch, trap.Cause);
        Assert.True(mmu.Store(Data + 0x800, 4, 1, out _));
    }

    [Fact]
    public void Inserting_a_watchpoint_empties_entries_filled_before()
    {
        using var h = new HartHarness();
        var mmu = h.Hart.Mmu;
        var watches = new WatchList();
        mmu.UseWatches(watches);
        Assert.True(mmu.Store(Data, 8, 1, out _));
        Assert.Equal(Data, Mmu.EntryFor(mmu.StoreTlb, Data)->Tag);
        watches.Add(WatchKind.Access, Data, 8);
        mmu.UseWatches(watches); // the same list, changed: what the engines see next
        Assert.NotEqual(Data, Mmu.EntryFor(mmu.StoreTlb, Data)->Tag);
        Assert.False(mmu.Store(Data, 8, 2, out _));
    }
}
