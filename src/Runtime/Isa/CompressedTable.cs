namespace RvJit.Runtime.Isa;

/// <summary>How a compressed form's fields map onto its 32-bit expansion.</summary>
public enum CForm : byte
{
    /// <summary>c.addi4spn: addi rd', sp, nzuimm (nzuimm = 0 reserved).</summary>
    Addi4Spn,
    /// <summary>c.lw / c.ld / c.fld: rd', uimm(rs1').</summary>
    LoadW, LoadD,
    /// <summary>c.sw / c.sd / c.fsd: rs2', uimm(rs1').</summary>
    StoreW, StoreD,
    /// <summary>c.addi: addi rd, rd, imm (rd = 0 is c.nop / a hint).</summary>
    Addi,
    /// <summary>c.addiw: addiw rd, rd, imm (rd = 0 reserved).</summary>
    Addiw,
    /// <summary>c.li: addi rd, x0, imm.</summary>
    Li,
    /// <summary>c.addi16sp: addi sp, sp, nzimm (nzimm = 0 reserved).</summary>
    Addi16Sp,
    /// <summary>c.lui: lui rd, nzimm (nzimm = 0 reserved).</summary>
    Lui,
    /// <summary>c.srli / c.srai / c.andi: op rd', rd', imm.</summary>
    ShiftRight, Andi,
    /// <summary>c.sub ... c.addw: op rd', rd', rs2'.</summary>
    Arith,
    /// <summary>c.j: jal x0, offset.</summary>
    J,
    /// <summary>c.beqz / c.bnez: op rs1', x0, offset.</summary>
    BranchZ,
    /// <summary>c.slli: slli rd, rd, shamt.</summary>
    Slli,
    /// <summary>c.lwsp / c.ldsp / c.fldsp: rd, uimm(sp); integer forms reserve rd = 0.</summary>
    LwSp, LdSp, FldSp,
    /// <summary>c.jr: jalr x0, 0(rs1) (rs1 = 0 reserved).</summary>
    Jr,
    /// <summary>c.mv: add rd, x0, rs2.</summary>
    Mv,
    /// <summary>c.ebreak.</summary>
    Ebreak,
    /// <summary>c.jalr: jalr ra, 0(rs1).</summary>
    Jalr,
    /// <summary>c.add: add rd, rd, rs2.</summary>
    Add,
    /// <summary>c.swsp / c.sdsp / c.fsdsp: rs2, uimm(sp).</summary>
    SwSp, SdSp,
}

/// <summary>One RV64C form: its 16-bit pattern, the base operation it expands to and how.</summary>
public sealed class CompressedDef
{
    public string Mnemonic { get; }
    public ushort Match { get; }
    public ushort Mask { get; }
    public Op Expansion { get; }
    public CForm Form { get; }
    public Extension Extension { get; }

    public CompressedDef(string mnemonic, string pattern, Op expansion, CForm form, Extension extension)
    {
        Mnemonic = mnemonic;
        (uint match, uint mask) = InstructionDef.ParsePattern(pattern, 16);
        Match = (ushort)match;
        Mask = (ushort)mask;
        Expansion = expansion;
        Form = form;
        Extension = extension;
    }

    public bool Matches(uint parcel) => (parcel & Mask) == Match;
    public override string ToString() => Mnemonic;
}

/// <summary>
/// Every RV64C form as data (the spec's RVC opcode map, quadrants 0-2). Rows are tried in order: where
/// two patterns overlap (c.jr before c.mv, c.addi16sp before c.lui, c.ebreak before c.jalr before c.add),
/// the more specific row comes first; a test checks that this is the only kind of overlap.
/// </summary>
public static class CompressedTable
{
    public static IReadOnlyList<CompressedDef> Rows { get; } =
    [
        //                 funct3 fields ............ op
        // Quadrant 0
        new("c.addi4spn", "000 ........ ... 00", Op.Addi, CForm.Addi4Spn, Extension.C),
        new("c.fld",      "001 ... ... .. ... 00", Op.Fld, CForm.LoadD, Extension.D),
        new("c.lw",       "010 ... ... .. ... 00", Op.Lw, CForm.LoadW, Extension.C),
        new("c.ld",       "011 ... ... .. ... 00", Op.Ld, CForm.LoadD, Extension.C),
        new("c.fsd",      "101 ... ... .. ... 00", Op.Fsd, CForm.StoreD, Extension.D),
        new("c.sw",       "110 ... ... .. ... 00", Op.Sw, CForm.StoreW, Extension.C),
        new("c.sd",       "111 ... ... .. ... 00", Op.Sd, CForm.StoreD, Extension.C),
        // Quadrant 1
        new("c.addi",     "000 . ..... ..... 01", Op.Addi, CForm.Addi, Extension.C),
        new("c.addiw",    "001 . ..... ..... 01", Op.Addiw, CForm.Addiw, Extension.C),
        new("c.li",       "010 . ..... ..... 01", Op.Addi, CForm.Li, Extension.C),
        new("c.addi16sp", "011 . 00010 ..... 01", Op.Addi, CForm.Addi16Sp, Extension.C),
        new("c.lui",      "011 . ..... ..... 01", Op.Lui, CForm.Lui, Extension.C),
        new("c.srli",     "100 . 00 ... ..... 01", Op.Srli, CForm.ShiftRight, Extension.C),
        new("c.srai",     "100 . 01 ... ..... 01", Op.Srai, CForm.ShiftRight, Extension.C),
        new("c.andi",     "100 . 10 ... ..... 01", Op.Andi, CForm.Andi, Extension.C),
        new("c.sub",      "100 0 11 ... 00 ... 01", Op.Sub, CForm.Arith, Extension.C),
        new("c.xor",      "100 0 11 ... 01 ... 01", Op.Xor, CForm.Arith, Extension.C),
        new("c.or",       "100 0 11 ... 10 ... 01", Op.Or, CForm.Arith, Extension.C),
        new("c.and",      "100 0 11 ... 11 ... 01", Op.And, CForm.Arith, Extension.C),
        new("c.subw",     "100 1 11 ... 00 ... 01", Op.Subw, CForm.Arith, Extension.C),
        new("c.addw",     "100 1 11 ... 01 ... 01", Op.Addw, CForm.Arith, Extension.C),
        new("c.j",        "101 ........... 01", Op.Jal, CForm.J, Extension.C),
        new("c.beqz",     "110 ... ... ..... 01", Op.Beq, CForm.BranchZ, Extension.C),
        new("c.bnez",     "111 ... ... ..... 01", Op.Bne, CForm.BranchZ, Extension.C),
        // Quadrant 2
        new("c.slli",     "000 . ..... ..... 10", Op.Slli, CForm.Slli, Extension.C),
        new("c.fldsp",    "001 . ..... ..... 10", Op.Fld, CForm.FldSp, Extension.D),
        new("c.lwsp",     "010 . ..... ..... 10", Op.Lw, CForm.LwSp, Extension.C),
        new("c.ldsp",     "011 . ..... ..... 10", Op.Ld, CForm.LdSp, Extension.C),
        new("c.jr",       "100 0 ..... 00000 10", Op.Jalr, CForm.Jr, Extension.C),
        new("c.mv",       "100 0 ..... ..... 10", Op.Add, CForm.Mv, Extension.C),
        new("c.ebreak",   "100 1 00000 00000 10", Op.Ebreak, CForm.Ebreak, Extension.C),
        new("c.jalr",     "100 1 ..... 00000 10", Op.Jalr, CForm.Jalr, Extension.C),
        new("c.add",      "100 1 ..... ..... 10", Op.Add, CForm.Add, Extension.C),
        new("c.fsdsp",    "101 ...... ..... 10", Op.Fsd, CForm.SdSp, Extension.D),
        new("c.swsp",     "110 ...... ..... 10", Op.Sw, CForm.SwSp, Extension.C),
        new("c.sdsp",     "111 ...... ..... 10", Op.Sd, CForm.SdSp, Extension.C),
    ];
}
