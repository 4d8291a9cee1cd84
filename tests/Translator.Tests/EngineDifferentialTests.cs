namespace RvJit.Translator.Tests;

/// <summary>
/// The translator must agree with the interpreter instruction for instruction: the same seeded random
/// program runs under both engines (the JIT compiling every block at its first execution); at every trap
/// (faults mid-block, the final ecall) registers, fflags, pc, instret and the trap must be identical, and
/// so must the data memory at the end. A faulting instruction is skipped by the "kernel" (pc += 4).
/// </summary>
public sealed class EngineDifferentialTests
{
    public static IEnumerable<object[]> Seeds() => Seeds(200);
    public static IEnumerable<object[]> Seeds(int count) => Enumerable.Range(1, count).Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Jit_matches_interpreter_on_random_program(int seed) => Compare(seed, "jit");

    /// <summary>Every region in the quick tier (minopts), never promoted.</summary>
    [Theory]
    [MemberData(nameof(Seeds), 60)]
    public void Quick_tier_matches_interpreter(int seed) => Compare(seed, "jit-quick");

    /// <summary>Quick regions promoted after three entries or loop iterations: promotion exits everywhere, and
    /// optimised regions replacing quick ones mid-run.</summary>
    [Theory]
    [MemberData(nameof(Seeds), 60)]
    public void Promoted_regions_match_interpreter(int seed) => Compare(seed, "jit-promote");

    /// <summary>Optimised at once (no quick tier).</summary>
    [Theory]
    [MemberData(nameof(Seeds), 60)]
    public void Optimised_tier_matches_interpreter(int seed) => Compare(seed, "jit-optimised");

    /// <summary>The same with the TLB's address in a local instead of a constant (hosts without low memory).</summary>
    [Theory]
    [MemberData(nameof(Seeds), 30)]
    public void Jit_with_the_tlb_in_a_local_matches_interpreter(int seed) => Compare(seed, "jit-tlb-local");

    private static void Compare(int seed, string engine)
    {
        var program = RandomProgram.Generate(seed, 300);
        using var interp = new UserModeMachine("interp");
        using var jit = new UserModeMachine(engine);
        foreach (var m in new[] { interp, jit })
        {
            m.WriteCode(UserModeMachine.CodeBase, program);
            RandomProgram.Seed(m, seed);
        }

        var slices = seed % 2 == 0 ? new Random(seed) : null; // even seeds: the JIT runs in small random slices
        for (int step = 0; step < 100; step++)
        {
            var a = interp.RunToTrap();
            var b = jit.RunToTrap(slices: slices);
            Assert.True(a is not null, $"seed {seed}: interpreter did not reach a trap");
            Assert.Equal(a, b);
            Assert.Equal(interp.DescribeState(), jit.DescribeState());
            if (a!.Value.Cause == Runtime.Hart.ExceptionCause.EcallFromUser) break;
            interp.Hart.Pc += 4;
            jit.Hart.Pc += 4;
        }
        Assert.Equal(interp.DataChecksum(), jit.DataChecksum());
    }
}
