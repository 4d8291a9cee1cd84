using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// Loads and stores that miss the TLB in compiled code: a loop that touches a new page every iteration misses
/// every time. The results, registers, pc and instret must be the interpreter's, including when the miss ends in a
/// page fault, when the access crosses into the next page, and when a store changes the code that runs.
/// </summary>
public sealed unsafe class TlbMissTests
{
    private const int T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9, A0 = 10, A1 = 11, Ra = 1;
    private const ulong Code = 0x10000, Data = 0x80000;
    private const int Pages = 256;
    private static readonly ulong CodeFrame = UserModeMachine.RamBase + 0x40000;
    private static readonly ulong DataFrames = UserModeMachine.RamBase + 0x100000;

    /// <summary>Per iteration: a doubleword load at a0 + load, a doubleword store at a0 + store, a0 += t1 (one page).</summary>
    private static uint[] PageWalk(int load, int store) =>
    [
        Encoder.Encode(Op.Ld, rd: T0, rs1: A0, imm: load),  // loop:
        Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T0),
        Encoder.Encode(Op.Slli, rd: S0, rs1: S0, imm: 1),
        Encoder.Encode(Op.Sd, rs1: A0, rs2: S0, imm: store),
        Encoder.Encode(Op.Add, rd: A0, rs1: A0, rs2: T1),
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),
        Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -24),
        Encoder.Encode(Op.Ecall),
    ];

    /// <summary>The <see cref="Pages"/> data pages are mapped in reverse frame order (a page-crossing access that
    /// read past the first frame would read the wrong memory); <paramref name="special"/> changes one page's
    /// permissions (0: unmapped).</summary>
    private static UserModeMachine Prepare(string engine, uint[] code, int specialPage = -1, ulong special = 0)
    {
        var m = new UserModeMachine(engine);
        m.WriteCode(CodeFrame, code);
        new Random(5).NextBytes(m.Ram.Span(DataFrames, Pages * 4096));
        var tables = new Sv39TestTables(m);
        tables.Enable();
        tables.Map(Code, CodeFrame);
        for (int i = 0; i < Pages; i++)
        {
            if (i == specialPage && special == 0) continue;
            tables.Map(Data + (ulong)i * 4096, DataFrames + (ulong)(Pages - 1 - i) * 4096,
                i == specialPage ? special : Sv39TestTables.UserRwx);
        }
        m.Hart.Pc = Code;
        return m;
    }

    private static string Run(string engine, uint[] code, ulong start, int iterations, out JitEngine? jit, int specialPage = -1, ulong special = 0)
    {
        using var m = Prepare(engine, code, specialPage, special);
        m.Hart.SetX(A0, start);
        m.Hart.SetX(A1, (ulong)iterations);
        m.Hart.SetX(T1, 4096);
        var trap = m.RunToTrap();
        Assert.NotNull(trap);
        jit = m.Engine as JitEngine;
        ulong sum = 0;
        var span = m.Ram.Span(DataFrames, Pages * 4096);
        for (int i = 0; i < span.Length; i += 8) sum = (sum * 31) ^ BitConverter.ToUInt64(span.Slice(i, 8));
        return $"{trap!.Value.Cause} {trap.Value.Tval:x}\n{m.DescribeState()}{sum:x16}";
    }

    [Fact]
    public void Misses_in_compiled_code_give_the_interpreters_results()
    {
        string interp = Run("interp", PageWalk(8, 16), Data, Pages, out _);
        Assert.StartsWith(nameof(ExceptionCause.EcallFromUser), interp);
        foreach (string engine in new[] { "jit", "jit-quick", "jit-tlb-local" })
        {
            Assert.Equal(interp, Run(engine, PageWalk(8, 16), Data, Pages, out var jit));
            Assert.True(jit!.CompiledBlockRuns > 0, $"{engine}: the loop ran compiled");
        }
    }

    /// <summary>Per iteration: t0 = a0; a load of t0 + 4 into t0 itself (the page's first access, so each new page
    /// misses in compiled code); s0 = (s0 + t0) * 8; a store of s0 at a0 + 24; a0 += t1 (one page).</summary>
    private static uint[] LoadIntoBase(Op load, Op store) =>
    [
        Encoder.Encode(Op.Addi, rd: T0, rs1: A0, imm: 0),   // loop:
        Encoder.Encode(load, rd: T0, rs1: T0, imm: 4),
        Encoder.Encode(Op.Add, rd: S0, rs1: S0, rs2: T0),
        Encoder.Encode(Op.Slli, rd: S0, rs1: S0, imm: 3),
        Encoder.Encode(store, rs1: A0, rs2: S0, imm: 24),
        Encoder.Encode(Op.Add, rd: A0, rs1: A0, rs2: T1),
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),
        Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -28),
        Encoder.Encode(Op.Ecall),
    ];

    /// <summary>The quick tier's loads and stores are calls that write the destination only on a hit (a miss leaves for
    /// the interpreter, which must find the base register unchanged); the optimised tier inlines the probe.</summary>
    [Theory]
    [InlineData(Op.Lb, Op.Sb, -1, 0UL)]                           // every page mapped: each new page misses first
    [InlineData(Op.Lh, Op.Sh, -1, 0UL)]
    [InlineData(Op.Lw, Op.Sw, -1, 0UL)]
    [InlineData(Op.Ld, Op.Sd, -1, 0UL)]
    [InlineData(Op.Lbu, Op.Sd, -1, 0UL)]
    [InlineData(Op.Lhu, Op.Sw, 77, 0UL)]                          // an unmapped page: the load faults
    [InlineData(Op.Lwu, Op.Sh, 77, Sv39TestTables.UserRead)]      // a read-only page: the load passes, the store faults
    public void Loads_into_their_base_register_and_stores_of_every_width_give_the_interpreters_results(Op load, Op store, int specialPage, ulong permissions)
    {
        string interp = Run("interp", LoadIntoBase(load, store), Data, Pages, out _, specialPage, permissions);
        foreach (string engine in new[] { "jit-quick", "jit-optimised", "jit-promote" })
        {
            Assert.Equal(interp, Run(engine, LoadIntoBase(load, store), Data, Pages, out var jit, specialPage, permissions));
            Assert.True(jit!.CompiledBlockRuns > 0, $"{engine}: the loop ran compiled");
        }
    }

    [Theory]
    [InlineData(0UL)]                          // unmapped: the load faults
    [InlineData(Sv39TestTables.UserRead)]      // read only: the load passes, the store faults
    public void A_miss_that_faults_traps_at_the_exact_instruction(ulong permissions)
    {
        string interp = Run("interp", PageWalk(8, 16), Data, Pages, out _, specialPage: 100, special: permissions);
        Assert.Contains("PageFault", interp.Split('\n')[0]);
        Assert.Contains("pc=", interp);
        foreach (string engine in new[] { "jit", "jit-quick", "jit-tlb-local" })
            Assert.Equal(interp, Run(engine, PageWalk(8, 16), Data, Pages, out _, specialPage: 100, special: permissions));
    }

    [Fact]
    public void Page_crossing_accesses_in_compiled_code_read_and_write_both_frames()
    {
        // The load reads the last 4 bytes of the previous page and the first 4 of this one; the store writes the last
        // 3 of this page and the first 5 of the next (whose frame lies below this one's).
        string interp = Run("interp", PageWalk(-4, 4093), Data + 4096, Pages - 2, out _);
        Assert.StartsWith(nameof(ExceptionCause.EcallFromUser), interp);
        foreach (string engine in new[] { "jit", "jit-quick", "jit-tlb-local" })
        {
            Assert.Equal(interp, Run(engine, PageWalk(-4, 4093), Data + 4096, Pages - 2, out var jit));
            Assert.True(jit!.CompiledBlockRuns > 0, $"{engine}: the loop ran compiled");
        }
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("jit-quick")]
    [InlineData("jit-promote")]
    [InlineData("jit-tlb-local")]
    public void A_compiled_store_to_its_own_code_page_runs_the_new_code(string engine)
    {
        // A hot loop in the slot's page stores one of two instructions into the slot, fence.i, calls it: the store
        // (from compiled code, to a page holding translations, the loop's own) must invalidate them.
        uint addOne = Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1);
        uint addHundred = Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 100);
        var code = new List<uint>
        {
            Encoder.Encode(Op.Auipc, rd: T2),           // t2 = base
            Encoder.Encode(Op.Addi, rd: A0),            // a0 = 0
        };
        code.AddRange(GuestCode.Li32(S0, addOne));
        code.AddRange(GuestCode.Li32(S1, addHundred));
        code.Add(Encoder.Encode(Op.Addi, rd: A1, imm: 50));
        int loop = 4 * code.Count;
        code.Add(Encoder.Encode(Op.Sw, rs1: T2, rs2: S0, imm: 0x100));
        code.Add(Encoder.Encode(Op.FenceI));
        code.Add(Encoder.Encode(Op.Jal, rd: Ra, imm: 0x100 - 4 * code.Count));
        code.Add(Encoder.Encode(Op.Add, rd: T0, rs1: S0));   // swap s0 and s1
        code.Add(Encoder.Encode(Op.Add, rd: S0, rs1: S1));
        code.Add(Encoder.Encode(Op.Add, rd: S1, rs1: T0));
        code.Add(Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1));
        code.Add(Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: loop - 4 * code.Count));
        code.Add(Encoder.Encode(Op.Ecall));
        while (code.Count < 0x100 / 4) code.Add(Encoder.Encode(Op.Addi)); // nops
        code.Add(Encoder.Encode(Op.Addi));                                // 0x100: the slot
        code.Add(Encoder.Encode(Op.Jalr, rs1: Ra));

        using var m = new UserModeMachine(engine);
        m.WriteCode(UserModeMachine.CodeBase, code);
        var trap = m.RunToTrap();
        Assert.Equal(ExceptionCause.EcallFromUser, trap?.Cause);
        Assert.Equal(25UL * 1 + 25UL * 100, m.Hart.GetX(A0));
        if (m.Engine is JitEngine jit) Assert.True(jit.SlowAccesses > 0, "the stores reached the slow path from compiled code");
    }
}
