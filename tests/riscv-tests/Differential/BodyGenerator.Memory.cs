// Memory items: integer and FP loads/stores of every width, AMOs, and LR/SC, all inside the scratch area.
namespace RvJit.RiscvTests.Differential;

internal sealed partial class BodyGenerator
{
    private static readonly (string Op, int Size)[] Loads =
        [("lb", 1), ("lbu", 1), ("lh", 2), ("lhu", 2), ("lw", 4), ("lwu", 4), ("ld", 8)];

    private static readonly (string Op, int Size)[] Stores = [("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)];

    private static readonly string[] AmoOps =
        ["amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin", "amomax", "amominu", "amomaxu"];

    private static readonly string[] OrderingSuffixes = ["", "", ".aq", ".rl", ".aqrl"];

    /// <summary>An address `offset(base)` inside the scratch area for an access of <paramref name="size"/> bytes.</summary>
    /// <param name="size">Access width in bytes.</param>
    /// <param name="allowMisaligned">Whether this access may be misaligned (only if the options allow it).</param>
    /// <returns>The operand text and the access's first byte as an offset into the scratch area.</returns>
    private (string Operand, int ScratchOffset) ScratchAddress(int size, bool allowMisaligned)
    {
        bool misaligned = allowMisaligned && options.MisalignedAccesses && size > 1 && rng.Percent(15);
        bool fromStart = rng.Percent(35);
        int baseReg = fromStart ? ScratchStartRegister : ScratchMiddleRegister;
        int baseOffset = fromStart ? 0 : 2048;
        int lowest = fromStart ? 0 : -2048;
        // The largest offset: a 12-bit immediate, and the access must end inside the scratch area.
        int maxStart = Math.Min(2047, DumpLayout.ScratchBytes - baseOffset - size);
        if (rng.Percent(35))
        {
            // Small non-negative offsets, so the assembler can pick c.ld/c.sw (s0) or c.ldsp/c.swsp (sp).
            lowest = 0;
            maxStart = Math.Min(maxStart, (fromStart ? 63 : 31) * size);
        }
        int offset = lowest + rng.Below((maxStart - lowest) / size + 1) * size;
        if (misaligned)
        {
            offset += rng.Between(1, size - 1);
            if (offset > maxStart) offset -= size;
        }
        return ($"{offset}({X(baseReg)})", baseOffset + offset);
    }

    /// <summary>The memory checksum lines a store of <paramref name="size"/> bytes at scratch offset changes.</summary>
    private static string[] StoreWrites(int scratchOffset, int size)
    {
        string first = DumpLayout.ChecksumName(scratchOffset), last = DumpLayout.ChecksumName(scratchOffset + size - 1);
        return first == last ? [first] : [first, last];
    }

    private BodyOp[] Load()
    {
        var (op, size) = rng.Pick(Loads);
        var (address, _) = ScratchAddress(size, allowMisaligned: true);
        int rd = rng.Percent(30) ? DestXCompressed() : DestX();
        return [Op($"{op} {X(rd)}, {address}", WritesX(rd))];
    }

    private BodyOp[] Store()
    {
        var (op, size) = rng.Pick(Stores);
        var (address, offset) = ScratchAddress(size, allowMisaligned: true);
        int rs = SourceX();
        return [Op($"{op} {X(rs)}, {address}", StoreWrites(offset, size))];
    }

    private BodyOp[] FloatLoadStore()
    {
        var (size, suffix) = rng.Pick([(8, 'd'), (4, 'w'), (2, 'h')]);
        var (address, offset) = ScratchAddress(size, allowMisaligned: true);
        if (rng.Percent(50))
        {
            int fd = rng.Percent(30) ? rng.Between(8, 15) : DestF();
            return [Op($"fl{suffix} {F(fd)}, {address}", [F(fd)])];
        }
        int fs = SourceF();
        return [Op($"fs{suffix} {F(fs)}, {address}", StoreWrites(offset, size))];
    }

    /// <summary>`addi t, s0, offset`: an aligned scratch address in a register, for the A extension (no offsets).</summary>
    private (BodyOp Op, int AddressReg, int ScratchOffset) AtomicAddress(int size)
    {
        int t = DestXNonZero();
        int offset = -2048 + rng.Below(DumpLayout.ScratchBytes / size) * size;
        return (Op($"addi {X(t)}, {X(ScratchMiddleRegister)}, {offset}", WritesX(t)), t, offset + 2048);
    }

    private BodyOp[] AtomicMemoryOp()
    {
        bool isDouble = rng.Percent(50);
        int size = isDouble ? 8 : 4;
        var (address, t, offset) = AtomicAddress(size);
        int rs2 = SourceX();
        int rd = DestX();
        string op = $"{rng.Pick(AmoOps)}.{(isDouble ? 'd' : 'w')}{rng.Pick(OrderingSuffixes)}";
        return [address, Op($"{op} {X(rd)}, {X(rs2)}, ({X(t)})", [.. WritesX(rd), .. StoreWrites(offset, size)])];
    }

    /// <summary>
    /// lr, at most one ALU instruction, then sc to the same address and width: the sc must succeed (rd = 0).
    /// No memory access sits between them, so no implementation-defined reservation rule comes into play.
    /// </summary>
    private BodyOp[] LoadReservedStoreConditional()
    {
        bool isDouble = rng.Percent(50);
        int size = isDouble ? 8 : 4;
        char w = isDouble ? 'd' : 'w';
        var (address, t, offset) = AtomicAddress(size);
        var ops = new List<BodyOp> { address };
        int loaded = DestXOtherThan(t);
        ops.Add(Op($"lr.{w}{rng.Pick(OrderingSuffixes)} {X(loaded)}, ({X(t)})", WritesX(loaded)));
        if (rng.Percent(50))
        {
            int rs1 = SourceX(), rs2 = SourceX();
            int rd = DestXOtherThan(t);
            ops.Add(Op($"{rng.Pick(RegisterOps)} {X(rd)}, {X(rs1)}, {X(rs2)}", WritesX(rd)));
        }
        int value = SourceX();
        int status = DestX();
        ops.Add(Op($"sc.{w}{rng.Pick(OrderingSuffixes)} {X(status)}, {X(value)}, ({X(t)})", [.. WritesX(status), .. StoreWrites(offset, size)]));
        return [.. ops];
    }

    /// <summary>An sc outside any lr/sc pair: every lr in the body is followed by its sc, and an sc always
    /// invalidates the reservation, so no reservation is held here and the sc must fail without storing.</summary>
    private BodyOp[] LoneStoreConditional()
    {
        bool isDouble = rng.Percent(50);
        int size = isDouble ? 8 : 4;
        var (address, t, offset) = AtomicAddress(size);
        int value = SourceX();
        int status = DestX();
        return [address, Op($"sc.{(isDouble ? 'd' : 'w')} {X(status)}, {X(value)}, ({X(t)})", [.. WritesX(status), .. StoreWrites(offset, size)])];
    }

    private int DestXOtherThan(int avoid)
    {
        int r;
        do r = DestX(); while (r == avoid);
        return r;
    }
}
