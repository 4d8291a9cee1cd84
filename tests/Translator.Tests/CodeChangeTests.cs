using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// Translations are keyed by physical address and must never run stale: self-modifying code (store +
/// fence.i), a code page remapped to other physical memory, and one physical page mapped at two virtual
/// addresses (position-dependent code must see the address it runs at). Each case runs under both
/// engines and checks the value the guest computes.
/// </summary>
public sealed unsafe class CodeChangeTests
{
    private const int A0 = 10, A1 = 11, Ra = 1, T2 = 7, S0 = 8;


    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("jit-quick")]
    [InlineData("jit-promote")]
    public void Stores_beside_the_code_in_its_page_leave_the_code_in_place(string engine)
    {
        // A bare-metal program's .data right after its .text: a hot loop counts into a word of its own page, 2 KiB
        // past its code. Only stores to bytes that were decoded or translated may drop them: when every store into
        // the page dropped the page's code, the loop was decoded again each iteration and never compiled (0.2 MIPS).
        var code = new List<uint>
        {
            Encoder.Encode(Op.Auipc, rd: T2),                       // t2 = base
            Encoder.Encode(Op.Addi, rd: A1, imm: 2000),            // a1 = iterations
        };
        int loop = 4 * code.Count;
        code.Add(Encoder.Encode(Op.Lw, rd: A0, rs1: T2, imm: 0x7F0));
        code.Add(Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 3));
        code.Add(Encoder.Encode(Op.Sw, rs1: T2, rs2: A0, imm: 0x7F0));
        code.Add(Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1));
        code.Add(Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: loop - 4 * code.Count));
        code.Add(Encoder.Encode(Op.Ecall));

        using var m = new UserModeMachine(engine);
        m.WriteCode(UserModeMachine.CodeBase, code);
        int codeDropped = 0;
        m.Ram.CodePageWritten += _ => codeDropped++;
        var trap = m.RunToTrap();
        Assert.Equal(ExceptionCause.EcallFromUser, trap?.Cause);
        Assert.Equal(6000UL, m.Hart.GetX(A0));
        Assert.Equal(0, codeDropped);
        if (m.Engine is JitEngine jit) Assert.True(jit.CompiledBlockRuns > 0, "the loop ran compiled");
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("jit-quick")]
    public void A_store_into_code_not_yet_run_in_a_page_whose_other_code_ran_is_seen(string engine)
    {
        // The page's first half has run (decoded, translated); the code far beyond it is written, then run for the
        // first time: it must run as written. Then it is rewritten after it ran: the new bytes must run.
        uint addOne = Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1);
        uint addHundred = Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 100);
        // The slot at 0x600 holds ebreak until it is first written.
        var code = PatchAndCall([addHundred, addOne], slot: 0x600, slotBefore: Encoder.Encode(Op.Ebreak));

        using var m = new UserModeMachine(engine);
        m.WriteCode(UserModeMachine.CodeBase, code);
        var trap = m.RunToTrap();
        Assert.Equal(ExceptionCause.EcallFromUser, trap?.Cause);
        Assert.Equal(101UL, m.Hart.GetX(A0));
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("jit-quick")]
    [InlineData("jit-promote")]
    public void Self_modifying_code_runs_the_new_instructions(string engine)
    {
        uint addOne = Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1);
        uint addHundred = Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 100);
        // Three rounds: patch the slot at 0x80, fence.i, call it. The slot's block is compiled in round one.
        var code = PatchAndCall([addOne, addHundred, addOne], slot: 0x80, slotBefore: Encoder.Encode(Op.Addi));

        using var m = new UserModeMachine(engine);
        m.WriteCode(UserModeMachine.CodeBase, code);
        var trap = m.RunToTrap();
        Assert.Equal(ExceptionCause.EcallFromUser, trap?.Cause);
        Assert.Equal(102UL, m.Hart.GetX(A0));
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("jit-quick")]
    [InlineData("jit-promote")]
    public void Remapped_code_page_runs_the_new_frame(string engine)
    {
        using var m = new UserModeMachine(engine);
        ulong frameA = UserModeMachine.RamBase + 0x40000, frameB = UserModeMachine.RamBase + 0x41000;
        m.WriteCode(frameA, [Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1), Encoder.Encode(Op.Ecall)]);
        m.WriteCode(frameB, [Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 2), Encoder.Encode(Op.Ecall)]);
        var tables = new Sv39TestTables(m);
        tables.Enable();
        const ulong code = 0x10000;

        tables.Map(code, frameA);
        for (int i = 0; i < 3; i++) // runs A three times, so the JIT has compiled it
        {
            m.Hart.Pc = code;
            Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
        }
        Assert.Equal(3UL, m.Hart.GetX(A0));

        tables.Map(code, frameB);
        m.Hart.Pc = code;
        Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
        Assert.Equal(5UL, m.Hart.GetX(A0));
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    [InlineData("jit-quick")]
    [InlineData("jit-promote")]
    public void Physical_page_mapped_twice_sees_each_virtual_address(string engine)
    {
        using var m = new UserModeMachine(engine);
        ulong frame = UserModeMachine.RamBase + 0x40000;
        m.WriteCode(frame, [Encoder.Encode(Op.Auipc, rd: A1), Encoder.Encode(Op.Ecall)]);
        var tables = new Sv39TestTables(m);
        tables.Enable();
        tables.Map(0x10000, frame);
        tables.Map(0x30000, frame);

        foreach (ulong va in new ulong[] { 0x10000, 0x30000, 0x10000, 0x30000 })
        {
            m.Hart.Pc = va;
            Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap()?.Cause);
            Assert.Equal(va, m.Hart.GetX(A1));
            Assert.Equal(va + 4, m.Hart.Pc);
        }
    }

    /// <summary>A program that, for each of <paramref name="patches"/>, stores it into the slot at offset
    /// <paramref name="slot"/> of its page, runs fence.i and calls the slot (which returns), then makes an ecall; a0
    /// starts at 0. The slot holds <paramref name="slotBefore"/> until it is first written.</summary>
    private static List<uint> PatchAndCall(uint[] patches, int slot, uint slotBefore)
    {
        var code = new List<uint>
        {
            Encoder.Encode(Op.Auipc, rd: T2), // 0x00: t2 = base
            Encoder.Encode(Op.Addi, rd: A0),  // 0x04: a0 = 0
        };
        foreach (uint patch in patches)
        {
            code.AddRange(GuestCode.Li32(S0, patch));
            code.Add(Encoder.Encode(Op.Sw, rs1: T2, rs2: S0, imm: slot));
            code.Add(Encoder.Encode(Op.FenceI));
            int here = 4 * code.Count;
            code.Add(Encoder.Encode(Op.Jal, rd: Ra, imm: slot - here));
        }
        code.Add(Encoder.Encode(Op.Ecall));
        while (code.Count < slot / 4) code.Add(Encoder.Encode(Op.Addi)); // nops
        code.Add(slotBefore);                                            // the slot
        code.Add(Encoder.Encode(Op.Jalr, rs1: Ra));                      // return
        return code;
    }
}
