namespace RvJit.Translator.Tests;

/// <summary>
/// The memory layout of the TLB-probe tests: code at <see cref="Code"/>, then at <see cref="Data"/> two data pages whose
/// frames are not adjacent (the second lies below the first, so reading past the first frame would read the wrong
/// memory) and a read-only page.
/// </summary>
internal static class SplitDataPages
{
    public const ulong Code = 0x10000, Data = 0x40000;
    public static readonly ulong CodeFrame = UserModeMachine.RamBase + 0x40000;
    public static readonly ulong FrameLow = UserModeMachine.RamBase + 0x60000, FrameHigh = UserModeMachine.RamBase + 0x50000;
    public static readonly ulong FrameReadOnly = UserModeMachine.RamBase + 0x70000;

    /// <summary>A machine with <paramref name="code"/> mapped at <see cref="Code"/> (a page for each 4 KiB of it), the
    /// three data frames filled with random bytes from <paramref name="seed"/> and mapped at <see cref="Data"/>, pc at the code.</summary>
    public static UserModeMachine Prepare(string engine, uint[] code, int seed)
    {
        var m = new UserModeMachine(engine);
        m.WriteCode(CodeFrame, code);
        var rng = new Random(seed);
        foreach (ulong frame in new[] { FrameLow, FrameHigh, FrameReadOnly })
            rng.NextBytes(m.Ram.Span(frame, 4096));
        var tables = new Sv39TestTables(m);
        tables.Enable();
        for (ulong page = 0; page < (ulong)code.Length * 4; page += 0x1000)
            tables.Map(Code + page, CodeFrame + page);
        tables.Map(Data, FrameLow);
        tables.Map(Data + 0x1000, FrameHigh);
        tables.Map(Data + 0x2000, FrameReadOnly, Sv39TestTables.UserRead);
        m.Hart.Pc = Code;
        return m;
    }

    /// <summary>Runs to the first trap: the trap, the registers and the three data frames' checksums.</summary>
    public static string RunToTrap(UserModeMachine m)
    {
        var trap = m.RunToTrap();
        Xunit.Assert.NotNull(trap);
        return $"{trap!.Value.Cause} {trap.Value.Tval:x}\n{m.DescribeState()}" +
               $"{m.Checksum(FrameLow)} {m.Checksum(FrameHigh)} {m.Checksum(FrameReadOnly)}";
    }
}
