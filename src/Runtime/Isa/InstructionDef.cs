namespace RvJit.Runtime.Isa;

/// <summary>
/// One row of the ISA table: an instruction's mnemonic, its encoding as a bit pattern (match/mask), its
/// operand shape and its extension. <see cref="InstructionTable"/> holds every row; the decoder, the
/// disassembler, the interpreter's dispatch and the translator's emitter lookup are all driven by it.
/// </summary>
public sealed class InstructionDef
{
    public Op Op { get; }
    public string Mnemonic { get; }
    /// <summary>The bits that must be set, under <see cref="Mask"/>.</summary>
    public uint Match { get; }
    /// <summary>Which bits of the encoding are fixed.</summary>
    public uint Mask { get; }
    public Operands Operands { get; }
    public Extension Extension { get; }
    /// <summary>A second extension that also defines this instruction (Zbkb shares andn, rol, rev8... with Zbb;
    /// Zfh contains Zfhmin), or null.</summary>
    public Extension? AlsoIn { get; }
    /// <summary>The pattern as written in the table (msb first, '.' = operand bit), kept for documentation and tests.</summary>
    public string Pattern { get; }
    /// <summary>Bytes a memory access moves (loads, stores, lr/sc and AMOs), 0 for other instructions: the low two
    /// bits of funct3 are log2 of the width in every memory encoding (lb 000, lh 001, lw 010, ld 011, lbu 100, ...;
    /// flw and amo*.w 010, fld and amo*.d 011).</summary>
    public int AccessBytes { get; }

    public InstructionDef(Op op, string mnemonic, string pattern, Operands operands, Extension extension,
        Extension? alsoIn = null)
    {
        AlsoIn = alsoIn;
        Op = op;
        Mnemonic = mnemonic;
        Pattern = pattern;
        Operands = operands;
        Extension = extension;
        (Match, Mask) = ParsePattern(pattern, 32);
        bool memory = operands is Operands.Load or Operands.Store or Operands.FLoad or Operands.FStore or Operands.Amo or Operands.Lr
                      && op != Op.Jalr; // jalr shares the load's operand shape
        AccessBytes = memory ? 1 << (int)((Match >> 12) & 3) : 0;
    }

    public bool Matches(uint raw) => (raw & Mask) == Match;

    /// <summary>Whether an ISA with these extensions has this instruction.</summary>
    public bool IsIn(ExtensionSet set) => set.Contains(Extension) || (AlsoIn is { } also && set.Contains(also));

    /// <summary>Turns "0000000 ..... ..... 000 ..... 0110011" into (match, mask); spaces are ignored.</summary>
    internal static (uint Match, uint Mask) ParsePattern(string pattern, int width)
    {
        uint match = 0, mask = 0;
        int bits = 0;
        foreach (char c in pattern)
        {
            if (c == ' ') continue;
            match <<= 1;
            mask <<= 1;
            switch (c)
            {
                case '0': mask |= 1; break;
                case '1': mask |= 1; match |= 1; break;
                case '.': break;
                default: throw BadPattern(pattern, width);
            }
            bits++;
        }
        if (bits != width) throw BadPattern(pattern, width);
        return (match, mask);
    }

    /// <summary>In a method of its own: ReadyToRun code loads the types of what a method creates as the method starts.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ArgumentException BadPattern(string pattern, int width) =>
        new($"pattern \"{pattern}\" is not {width} bits of '0', '1' and '.' (spaces ignored)");

    public override string ToString() => Mnemonic;
}
