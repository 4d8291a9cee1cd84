using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Memory;

namespace RvJit.Translator.Tests;

/// <summary>
/// What the dispatcher does at a pc that has a translation but is not in the hart's jump cache: it finds it in the
/// shared entry table, without a trip through the interpreter and a lookup under the lock; and translations another
/// hart installed are marked in this hart's interpreter.
/// </summary>
public sealed unsafe class ColdPathDispatchTests
{
    private const int Ra = 1, T0 = 5, A0 = 10;
    private const ulong Main = UserModeMachine.CodeBase;
    private const ulong ReturnPc = Main + 8;

    /// <summary>The first address at or past <paramref name="from"/> (4-aligned) whose jump-cache slot is <paramref name="pc"/>'s.</summary>
    private static ulong SameSlotAs(ulong pc, ulong from)
    {
        for (ulong a = from; ; a += 4)
            if (JumpCache.IndexOf(a) == JumpCache.IndexOf(pc)) return a;
    }

    /// <summary>t0 = n; loop: call f; t0--; bnez t0, loop; ecall. f: a0++; ret.</summary>
    private static void WriteCallLoop(UserModeMachine m, ulong function, int n)
    {
        m.WriteCode(Main,
        [
            Encoder.Encode(Op.Addi, rd: T0, imm: n),
            Encoder.Encode(Op.Jal, rd: Ra, imm: (long)(function - (Main + 4))),
            Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),
            Encoder.Encode(Op.Bne, rs1: T0, rs2: 0, imm: -8),
            Encoder.Encode(Op.Ecall),
        ]);
        m.WriteCode(function,
        [
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),
            Encoder.Encode(Op.Jalr, rs1: Ra),
        ]);
    }

    [Fact]
    public void Translated_pcs_that_share_a_jump_cache_slot_are_found_without_the_interpreter()
    {
        // f and the call's return address evict each other from the jump cache on every call: each miss used to be an
        // interpreter call that ran nothing (it stopped at the entry's mark) and a lookup under the lock.
        using var m = new UserModeMachine("interp", ramSize: 4UL << 20);
        ulong function = SameSlotAs(ReturnPc, Main + 0x1000);
        Assert.True(function < UserModeMachine.RamBase + (4UL << 20));
        const int n = 2000;
        WriteCallLoop(m, function, n);
        var jit = new JitEngine(m.Hart, hotThreshold: 4, backgroundCompile: false, promoteThreshold: 0);
        jit.Shared.RegionsSpanPages = false; // f and the loop each in a region of their own, passing through the jump cache
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 1_000_000));
        Assert.Equal((ulong)n, m.Hart.GetX(A0));
        Assert.Equal(Main + 16, m.Hart.Pc);
        Assert.True(jit.InterpreterRuns < 40, $"{jit.InterpreterRuns} interpreter runs");
        Assert.True(jit.EntryTableHits > n, $"{jit.EntryTableHits} entry-table hits");
    }

    [Fact]
    public void A_translation_is_found_again_after_a_TLB_flush_empties_the_jump_cache()
    {
        using var m = new UserModeMachine("interp");
        ulong function = Main + 0x1000;
        WriteCallLoop(m, function, 1000);
        var jit = new JitEngine(m.Hart, hotThreshold: 4, backgroundCompile: false, promoteThreshold: 0);
        Assert.Equal(EngineExit.Budget, jit.Run(m.Hart, 400)); // hot and compiled by now
        long runs = jit.InterpreterRuns;
        for (int i = 0; i < 50; i++)
        {
            m.Hart.Mmu.Flush(); // what sfence.vma and satp writes do: the jump cache goes with the TLB
            Assert.Equal(EngineExit.Budget, jit.Run(m.Hart, 20));
        }
        Assert.True(jit.InterpreterRuns - runs < 10, $"{jit.InterpreterRuns - runs} interpreter runs after the flushes");
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 1_000_000));
        Assert.Equal(1000UL, m.Hart.GetX(A0));
    }

    [Fact]
    public void An_invalidated_translation_is_not_found_in_the_entry_table()
    {
        using var m = new UserModeMachine("interp");
        ulong function = SameSlotAs(ReturnPc, Main + 0x1000);
        WriteCallLoop(m, function, 1000);
        var jit = new JitEngine(m.Hart, hotThreshold: 4, backgroundCompile: false, promoteThreshold: 0);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 1_000_000));
        Assert.Equal(1000UL, m.Hart.GetX(A0));
        // f now adds 2: the store invalidates its translation, which the table still names (no longer valid).
        m.WriteCode(function, [Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 2)]);
        m.Hart.Pc = Main;
        m.Hart.SetX(A0, 0);
        Assert.Equal(EngineExit.HostTrap, jit.Run(m.Hart, 1_000_000));
        Assert.Equal(2000UL, m.Hart.GetX(A0));
    }

    [Fact]
    public void An_entry_another_hart_installed_stops_this_harts_interpreter()
    {
        using var ram = new PhysicalMemory(UserModeMachine.RamBase, 4UL << 20);
        var shared = new SharedTranslations(ram, hotThreshold: 50, backgroundCompile: false, promoteThreshold: 0);
        var harts = new[] { UserHart(ram, 0), UserHart(ram, 1) };
        var engines = harts.Select(h => new JitEngine(h, shared)).ToArray();
        try
        {
            // A loop in a page that hart 1 has decoded (it ran the ecall at Cold) but whose loop it has not run.
            const ulong Cold = Main + 0x100;
            uint[] code =
            [
                Encoder.Encode(Op.Addi, rd: T0, imm: 1000),
                Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),
                Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),
                Encoder.Encode(Op.Bne, rs1: T0, rs2: 0, imm: -8),
                Encoder.Encode(Op.Ecall),
            ];
            Write(ram, Main, code);
            Write(ram, Cold, [Encoder.Encode(Op.Ecall)]);
            harts[1].Pc = Cold;
            Assert.Equal(EngineExit.HostTrap, engines[1].Run(harts[1], 1_000_000));
            Assert.Equal(EngineExit.HostTrap, engines[0].Run(harts[0], 1_000_000)); // hot after 50 passes: compiled
            Assert.Equal(1000UL, harts[0].GetX(A0));
            Assert.Equal(1, shared.BlocksCompiled);
            // Hart 1 enters the loop by falling into it: its interpreter stops at the loop head the first time the
            // branch takes it there (hart 0's install marked it), not after 50 passes, and the loop runs compiled.
            harts[1].Pc = Main;
            Assert.Equal(EngineExit.HostTrap, engines[1].Run(harts[1], 1_000_000));
            Assert.Equal(1000UL, harts[1].GetX(A0));
            Assert.True(engines[1].InterpretedInstructions < 12, $"hart 1 interpreted {engines[1].InterpretedInstructions} instructions");
        }
        finally
        {
            foreach (var h in harts) h.Dispose();
        }
    }

    private static void Write(PhysicalMemory ram, ulong pa, uint[] code)
    {
        for (int i = 0; i < code.Length; i++) BitConverter.GetBytes(code[i]).CopyTo(ram.Span(pa + (ulong)(4 * i), 4));
        ram.NoteStore(pa, (ulong)(4 * code.Length));
    }

    private static Hart UserHart(PhysicalMemory ram, ulong id)
    {
        var hart = new Hart(new Bus(ram), id) { TrapsToHost = true, Pc = Main };
        hart.Privilege = Privilege.User;
        return hart;
    }
}
