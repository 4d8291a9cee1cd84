// A fused pair (FusedPairs) must be exactly its two instructions: each pair runs fused (Run decodes the run and fuses
// it) and stepped (a single step decodes one instruction and never fuses), on the same registers and memory, and the
// two harts must agree on every register, the pc, the retired count, the trap CSRs and the data.
using RvJit.Runtime.Hart;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Tests;

public unsafe class InterpreterFusedPairTests
{
    private const ulong Code = HartHarness.RamBase, Handler = HartHarness.RamBase + 0x2000, Data = HartHarness.RamBase + 0x4000;

    public static TheoryData<int, int> Cases()
    {
        var cases = new TheoryData<int, int>();
        for (int fused = 0; fused < FusedPairs.Count; fused++)
            for (int variant = 0; variant < Variants; variant++) cases.Add(fused, variant);
        return cases;
    }

    // 0: the second reads what the first wrote, in range; 1: independent operands; 2: the first's base is 0 (a load or
    // store traps at the first); 3: the second's base is 0 (a load or store traps at the second, after the first ran).
    private const int Variants = 4;

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_fused_pair_runs_as_its_two_instructions_stepped(int index, int variant)
    {
        var (first, second) = Parts((Op)((int)FusedPairs.First + index));
        Assert.NotEqual(Op.Illegal, FusedPairs.Of(first, second));
        uint[] program =
        [
            Encode(first, rd: 10, rs1: variant == 2 ? 0 : 11, rs2: 12),
            Encode(second, rd: 14, rs1: variant switch { 0 => 10, 3 => 0, _ => 11 }, rs2: 13),
            Encoder.Encode(Op.Jal, imm: 0),
            Encoder.Encode(Op.Jal, imm: 0),
        ];
        using var fusedHart = Prepared(program);
        using var steppedHart = Prepared(program);

        new Interpreter.Interpreter(fusedHart.Hart).Run(fusedHart.Hart, 2);
        var stepper = new Interpreter.Interpreter(steppedHart.Hart);
        // A trap retires nothing: step until both the count and the pc have caught up.
        for (int steps = 0; steps < 8 && (steppedHart.Hart.Instret < fusedHart.Hart.Instret || steppedHart.Hart.Pc != fusedHart.Hart.Pc); steps++)
            stepper.Step(steppedHart.Hart);

        Assert.Equal(steppedHart.Hart.Instret, fusedHart.Hart.Instret);
        Assert.Equal(steppedHart.Hart.Pc, fusedHart.Hart.Pc);
        for (int r = 1; r < 32; r++) Assert.True(steppedHart.Hart.GetX(r) == fusedHart.Hart.GetX(r), $"x{r} of {first}, {second}");
        foreach (uint csr in new[] { CsrNumber.Mcause, CsrNumber.Mepc, CsrNumber.Mtval })
            Assert.Equal(steppedHart.Read(csr), fusedHart.Read(csr));
        for (ulong a = Data - 64; a < Data + 64; a += 8) Assert.Equal(steppedHart.Load64(a), fusedHart.Load64(a));
        if (variant == 1) Assert.Equal(0UL, fusedHart.Read(CsrNumber.Mcause)); // in range: nothing trapped
    }

    [Fact]
    public void Only_the_first_of_a_pair_is_fused_and_run_ends_stay_plain()
    {
        var run = new CachedInstruction[4];
        for (int i = 0; i < 3; i++) run[i].Op = Op.Ld;
        run[3] = CachedInstruction.ContinueAt(12, 3);

        FusedPairs.Fuse(run);

        Assert.Equal([FusedPairs.LdLd, Op.Ld, Op.Ld, CachedInstruction.Continue], run.Select(s => s.Op).ToArray());
    }

    /// <summary>The two ops a fused op runs, from <see cref="FusedPairs.Of"/>.</summary>
    private static (Op First, Op Second) Parts(Op fused)
    {
        foreach (Op a in Enum.GetValues<Op>())
            foreach (Op b in Enum.GetValues<Op>())
                if (FusedPairs.Of(a, b) == fused) return (a, b);
        throw new ArgumentException($"{fused} is not a fused op", nameof(fused));
    }

    private static uint Encode(Op op, int rd, int rs1, int rs2) => op switch
    {
        Op.Beq or Op.Bne or Op.Bltu or Op.Bgeu or Op.Blt or Op.Bge => Encoder.Encode(op, rs1: rs1, rs2: rs2, imm: 8),
        Op.Jal => Encoder.Encode(op, rd: rd, imm: 8),
        Op.Auipc or Op.Lui => Encoder.Encode(op, rd: rd, imm: 0x3000),
        Op.Slli or Op.Srli => Encoder.Encode(op, rd: rd, rs1: rs1, imm: 3),
        _ => Encoder.Encode(op, rd: rd, rs1: rs1, rs2: rs2, imm: 8),
    };

    private static HartHarness Prepared(uint[] program)
    {
        var h = new HartHarness();
        h.Write(CsrNumber.Mtvec, Handler);
        Write(h, Handler, Encoder.Encode(Op.Jal, imm: 0));
        Write(h, Code, program);
        for (ulong a = Data - 64; a < Data + 64; a += 8) h.Store64(a, a * 0x9E3779B97F4A7C15);
        h.Hart.SetX(11, Data);
        h.Hart.SetX(12, 8);
        h.Hart.SetX(13, 0x1234_5678_9ABC_DEF0);
        h.Hart.Pc = Code;
        return h;
    }

    private static void Write(HartHarness h, ulong pa, params uint[] words)
    {
        for (int i = 0; i < words.Length; i++) BitConverter.GetBytes(words[i]).CopyTo(h.Ram.Span(pa + (ulong)(4 * i), 4));
        h.Ram.NoteStore(pa, (ulong)(4 * words.Length));
    }
}
