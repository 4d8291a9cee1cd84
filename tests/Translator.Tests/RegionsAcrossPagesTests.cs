using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// A region that takes code of other pages (<see cref="GuestRegion.OtherPages"/>): a loop calling a small function in
/// another virtual page runs the call, the callee and its return inside the caller's translation, only while the fetch
/// view maps the callee's virtual page to the frame its code came from, and a store to the callee's frame drops it.
/// </summary>
public sealed unsafe class RegionsAcrossPagesTests
{
    private const int Ra = 1, T0 = 5, A1 = 11, A2 = 12, A3 = 13;
    private const ulong CallerVa = 0x10000, FunctionVa = 0x23000;
    private const ulong CallerFrame = UserModeMachine.RamBase + 0x40000;
    private const ulong FunctionFrame = UserModeMachine.RamBase + 0x41000, OtherFunctionFrame = UserModeMachine.RamBase + 0x42000;

    /// <summary>A loop of a1 iterations calling the function at <see cref="FunctionVa"/>, then ecall.</summary>
    private static readonly uint[] Caller = GuestCode.CallInLoop((long)(FunctionVa - CallerVa));

    /// <summary>f: a2 += n; a3 += 1 when a1 is odd; return. Three blocks: the callee's branch and its return are
    /// blocks of their own.</summary>
    private static uint[] Function(int n) =>
    [
        Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: n), // 0x00
        Encoder.Encode(Op.Andi, rd: T0, rs1: A1, imm: 1), // 0x04
        Encoder.Encode(Op.Beq, rs1: T0, rs2: 0, imm: 8),  // 0x08
        Encoder.Encode(Op.Addi, rd: A3, rs1: A3, imm: 1), // 0x0c
        Encoder.Encode(Op.Jalr, rd: 0, rs1: Ra, imm: 0),  // 0x10
    ];

    /// <summary>The caller and the function mapped; the hot threshold lets the interpreter run the callee before the
    /// caller's loop turns hot (a region takes code of another page only where it has run).</summary>
    private static UserModeMachine Mapped(string engine, out Sv39TestTables tables)
    {
        var m = new UserModeMachine(engine, hotThreshold: 16);
        m.WriteCode(CallerFrame, Caller);
        m.WriteCode(FunctionFrame, Function(3));
        m.WriteCode(OtherFunctionFrame, Function(5));
        tables = new Sv39TestTables(m);
        tables.Enable();
        tables.Map(CallerVa, CallerFrame);
        tables.Map(FunctionVa, FunctionFrame);
        return m;
    }

    private static void RunLoop(UserModeMachine m, int iterations, Random? slices = null)
    {
        m.Hart.SetX(A1, (ulong)iterations);
        m.Hart.Pc = CallerVa;
        Assert.Equal(ExceptionCause.EcallFromUser, m.RunToTrap(slices: slices)?.Cause);
    }

    private static CompiledBlock CallersRegion(UserModeMachine m)
    {
        var region = ((JitEngine)m.Engine).Cache.Lookup(CallerFrame);
        Assert.NotNull(region);
        return region!;
    }

    [Fact]
    public void A_call_into_another_page_runs_inside_the_callers_translation()
    {
        using var m = Mapped("jit", out _);
        RunLoop(m, 1000);
        Assert.Equal(3000UL, m.Hart.GetX(A2));
        Assert.Equal(500UL, m.Hart.GetX(A3));
        var region = CallersRegion(m);
        Assert.Contains(FunctionFrame, region.BlockStarts);            // the callee's entry
        Assert.Contains(FunctionFrame + 0x10, region.BlockStarts);     // and its return
        Assert.Equal([(FunctionFrame, 0L)], region.OtherFrames());
        Assert.DoesNotContain(FunctionFrame, region.Entries);          // never entered there
        Assert.Null(((JitEngine)m.Engine).Cache.Lookup(FunctionFrame)); // the callee has no translation of its own
    }

    /// <summary>The callee's virtual page mapped to another frame: the caller's region leaves at the call (its check of the
    /// fetch view fails) and the new code runs, in both engines alike, also when runs stop anywhere.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_remapped_callee_page_runs_the_new_code(bool randomSlices)
    {
        string Run(string engine, out CompiledBlock? before, out CompiledBlock? after)
        {
            using var m = Mapped(engine, out var tables);
            RunLoop(m, 1000);
            before = engine == "jit" ? CallersRegion(m) : null;
            tables.Map(FunctionVa, OtherFunctionFrame);
            RunLoop(m, 100, randomSlices ? new Random(5) : null);
            Assert.Equal(3000UL + 500, m.Hart.GetX(A2));
            after = engine == "jit" ? CallersRegion(m) : null;
            return m.DescribeState();
        }
        string interp = Run("interp", out _, out _);
        Assert.Equal(interp, Run("jit", out var before, out var after));
        // The caller's region was not dropped (no store to its pages): it ran on, leaving at the call.
        Assert.Same(before, after);
        Assert.True(after!.Valid);
    }

    /// <summary>A store to the callee's frame drops the caller's region (listed under both pages), and the code stored
    /// there since is what runs.</summary>
    [Fact]
    public void A_store_into_the_callees_page_drops_the_callers_region()
    {
        using var m = Mapped("jit", out _);
        RunLoop(m, 1000);
        var region = CallersRegion(m);
        Assert.Contains(FunctionFrame, region.BlockStarts);
        m.WriteCode(FunctionFrame, Function(7));
        Assert.False(region.Valid);
        Assert.NotSame(region, ((JitEngine)m.Engine).Cache.Lookup(CallerFrame));
        RunLoop(m, 100);
        Assert.Equal(3000UL + 700, m.Hart.GetX(A2));
    }

    /// <summary>Turned off, the region stays in its entry's page and the run is the same.</summary>
    [Fact]
    public void Regions_kept_in_one_page_run_alike()
    {
        string Run(bool span)
        {
            using var m = Mapped("jit", out _);
            ((JitEngine)m.Engine).Shared.RegionsSpanPages = span;
            RunLoop(m, 1000);
            Assert.Equal(span, CallersRegion(m).BlockStarts.Contains(FunctionFrame));
            return m.DescribeState();
        }
        Assert.Equal(Run(false), Run(true));
    }
}
