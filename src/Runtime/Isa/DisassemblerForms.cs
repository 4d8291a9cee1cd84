// The disassembler's alias layer as data: how each table row (and each compressed form) is printed.
namespace RvJit.Runtime.Isa;

/// <summary>
/// Print forms, tried in order; the first whose condition holds is printed. A row with no entry here is
/// printed as its table mnemonic with the default template of its <see cref="Operands"/> shape. The lists
/// reproduce GNU objdump 2.40 with its default options (aliases on), including its quirks: immediate forms
/// print under the register form's name (addi as "add", slli as "sll"), CSR immediates under the register
/// form's name (csrrwi as "csrrw"), and some encodings the spec accepts are printed as raw words.
/// </summary>
internal static class PrintForms
{
    private static readonly Dictionary<Op, PrintForm[]> aliases32 = Build32();
    private static readonly Dictionary<string, PrintForm[]> compressed = BuildCompressed();
    private static readonly PrintForm[][] byOp = BuildByOp();

    /// <summary>The forms of a 32-bit instruction, most specific first; the last one always matches.</summary>
    public static IReadOnlyList<PrintForm> For(Op op) => byOp[(int)op];

    /// <summary>Forms that replace the expansion's forms for a compressed row, or null to print the expansion.</summary>
    public static IReadOnlyList<PrintForm>? ForCompressed(string compressedMnemonic) =>
        compressed.GetValueOrDefault(compressedMnemonic);

    /// <summary>Reserved compressed encodings (illegal to rvjit) that objdump still names, by compressed row.</summary>
    public static IReadOnlyList<(string Row, PrintForm Form)> ReservedCompressed { get; } =
    [
        ("c.addi4spn", PrintForm.Parse("unimp", "", "raw=0")),
        ("c.addi16sp", PrintForm.Parse("add", "sp,sp,0")),
    ];

    /// <summary>32-bit encodings outside rvjit's ISA table that objdump names (older privileged specs, debug).</summary>
    public static IReadOnlyList<(uint Match, uint Mask, PrintForm Form)> ObjdumpOnly32 { get; } =
    [
        (0x00200073, 0xFFFFFFFF, PrintForm.Parse("uret", "")),
        (0x7b200073, 0xFFFFFFFF, PrintForm.Parse("dret", "")),
        (0x20200073, 0xFFFFFFFF, PrintForm.Parse("hret", "")),
        (0x10400073, 0xFFFFFFFF, PrintForm.Parse("sfence.vm", "")),
        (0x10400073, 0xFFF07FFF, PrintForm.Parse("sfence.vm", "rs1")),
    ];

    /// <summary>The template a row prints with when it has no alias list.</summary>
    public static string DefaultTemplate(Operands operands) => operands switch
    {
        Operands.None => "",
        Operands.R => "rd,rs1,rs2",
        Operands.R1 => "rd,rs1",
        Operands.I => "rd,rs1,imm",
        Operands.Shift64 or Operands.Shift32 => "rd,rs1,shamt",
        Operands.Load => "rd,imm(rs1)",
        Operands.Store => "rs2,imm(rs1)",
        Operands.Branch => "rs1,rs2,target",
        Operands.Upper => "rd,uimm",
        Operands.Jump => "rd,target",
        Operands.Fence => "pred,succ",
        Operands.Csr => "rd,csr,rs1",
        Operands.CsrImm => "rd,csr,zimm",
        Operands.SfenceVma => "rs1,rs2",
        Operands.Amo => "rd,rs2,(rs1)",
        Operands.Lr => "rd,(rs1)",
        Operands.FLoad => "fd,imm(rs1)",
        Operands.FStore => "fs2,imm(rs1)",
        Operands.FR => "fd,fs1,fs2,rm",
        Operands.FRNoRm => "fd,fs1,fs2",
        Operands.FR1 => "fd,fs1,rm",
        Operands.FR4 => "fd,fs1,fs2,fs3,rm",
        Operands.FCmp => "rd,fs1,fs2",
        Operands.FToX => "rd,fs1,rm",
        Operands.FToXNoRm => "rd,fs1",
        Operands.XToF => "fd,rs1,rm",
        Operands.XToFNoRm => "fd,rs1",
        Operands.Cbo => "(rs1)",
        _ => throw new ArgumentOutOfRangeException(nameof(operands), operands, "no disassembly template"),
    };

    private static PrintForm F(string? mnemonic, string operands, string when = "") => PrintForm.Parse(mnemonic, operands, when);

    private static Dictionary<Op, PrintForm[]> Build32() => new()
    {
        // Jumps: objdump drops rd when it is zero or ra, and a zero offset.
        [Op.Jal] = [F("j", "target", "rd=0"), F("jal", "target", "rd=1"), F("jal", "rd,target")],
        [Op.Jalr] =
        [
            F("ret", "", "rd=0 rs1=1 imm=0"), F("jr", "rs1", "rd=0 imm=0"), F("jr", "imm(rs1)", "rd=0"),
            F("jalr", "rs1", "rd=1 imm=0"), F("jalr", "imm(rs1)", "rd=1"), F("jalr", "rd,rs1", "imm=0"),
            F("jalr", "rd,imm(rs1)"),
        ],
        // Branches against zero.
        [Op.Beq] = [F("beqz", "rs1,target", "rs2=0"), F("beq", "rs1,rs2,target")],
        [Op.Bne] = [F("bnez", "rs1,target", "rs2=0"), F("bne", "rs1,rs2,target")],
        [Op.Blt] = [F("bltz", "rs1,target", "rs2=0"), F("bgtz", "rs2,target", "rs1=0"), F("blt", "rs1,rs2,target")],
        [Op.Bge] = [F("blez", "rs2,target", "rs1=0"), F("bgez", "rs1,target", "rs2=0"), F("bge", "rs1,rs2,target")],
        // Integer immediates; binutils 2.40 names them after the register forms.
        [Op.Addi] = [F("nop", "", "rd=0 rs1=0 imm=0"), F("li", "rd,imm", "rs1=0"), F("mv", "rd,rs1", "imm=0"), F("add", "rd,rs1,imm")],
        [Op.Sltiu] = [F("seqz", "rd,rs1", "imm=1"), F("sltiu", "rd,rs1,imm")],
        [Op.Xori] = [F("not", "rd,rs1", "imm=-1"), F("xor", "rd,rs1,imm")],
        [Op.Ori] = [F("or", "rd,rs1,imm")],
        [Op.Andi] = [F("zext.b", "rd,rs1", "imm=255"), F("and", "rd,rs1,imm")],
        [Op.Slli] = [F("sll", "rd,rs1,shamt")],
        [Op.Srli] = [F("srl", "rd,rs1,shamt")],
        [Op.Srai] = [F("sra", "rd,rs1,shamt")],
        [Op.Addiw] = [F("sext.w", "rd,rs1", "imm=0"), F("addw", "rd,rs1,imm")],
        [Op.Slliw] = [F("sllw", "rd,rs1,shamt")],
        [Op.Srliw] = [F("srlw", "rd,rs1,shamt")],
        [Op.Sraiw] = [F("sraw", "rd,rs1,shamt")],
        // Register forms with a zero operand.
        [Op.Sub] = [F("neg", "rd,rs2", "rs1=0"), F("sub", "rd,rs1,rs2")],
        [Op.Subw] = [F("negw", "rd,rs2", "rs1=0"), F("subw", "rd,rs1,rs2")],
        [Op.Slt] = [F("sltz", "rd,rs1", "rs2=0"), F("sgtz", "rd,rs2", "rs1=0"), F("slt", "rd,rs1,rs2")],
        [Op.Sltu] = [F("snez", "rd,rs2", "rs1=0"), F("sltu", "rd,rs1,rs2")],
        // objdump only accepts fences with fm, rs1 and rd zero (and the exact fence.tso encoding).
        [Op.Fence] =
        [
            F("fence", "", "raw=0x0ff0000f"), F("fence.tso", "", "raw=0x8330000f"),
            F("fence", "pred,succ", "fm=0 rs1=0 rd=0"), F(null, ""),
        ],
        [Op.FenceI] = [F("fence.i", "", "raw=0x0000100f"), F(null, "")],
        // CSR accesses: named pseudo-instructions for the FP CSRs and counters, short forms for rd or rs1 = x0.
        [Op.Csrrw] =
        [
            F("unimp", "", "raw=0xc0001073"),
            F("fscsr", "rs1", "rd=0 csr=3"), F("fsrm", "rs1", "rd=0 csr=2"), F("fsflags", "rs1", "rd=0 csr=1"),
            F("csrw", "csr,rs1", "rd=0"),
            F("fscsr", "rd,rs1", "csr=3"), F("fsrm", "rd,rs1", "csr=2"), F("fsflags", "rd,rs1", "csr=1"),
            F("csrrw", "rd,csr,rs1"),
        ],
        [Op.Csrrs] =
        [
            F("frflags", "rd", "rs1=0 csr=1"), F("frrm", "rd", "rs1=0 csr=2"), F("frcsr", "rd", "rs1=0 csr=3"),
            F("rdcycle", "rd", "rs1=0 csr=0xc00"), F("rdtime", "rd", "rs1=0 csr=0xc01"),
            F("rdinstret", "rd", "rs1=0 csr=0xc02"),
            F("csrr", "rd,csr", "rs1=0"), F("csrs", "csr,rs1", "rd=0"), F("csrrs", "rd,csr,rs1"),
        ],
        [Op.Csrrc] = [F("csrc", "csr,rs1", "rd=0"), F("csrrc", "rd,csr,rs1")],
        [Op.Csrrwi] =
        [
            // Unlike fsrm/fsflags, the immediate forms keep rd even when it is x0.
            F("fsrmi", "rd,zimm", "csr=2"), F("fsflagsi", "rd,zimm", "csr=1"), F("csrw", "csr,zimm", "rd=0"),
            F("csrrw", "rd,csr,zimm"),
        ],
        [Op.Csrrsi] = [F("csrs", "csr,zimm", "rd=0"), F("csrrs", "rd,csr,zimm")],
        [Op.Csrrci] = [F("csrc", "csr,zimm", "rd=0"), F("csrrc", "rd,csr,zimm")],
        [Op.SfenceVma] = [F("sfence.vma", "", "rs1=0 rs2=0"), F("sfence.vma", "rs1", "rs2=0"), F("sfence.vma", "rs1,rs2")],
        // Sign injection with both sources equal is a move, negation or absolute value.
        [Op.FsgnjS] = [F("fmv.s", "fd,fs1", "rs1=rs2"), F("fsgnj.s", "fd,fs1,fs2")],
        [Op.FsgnjnS] = [F("fneg.s", "fd,fs1", "rs1=rs2"), F("fsgnjn.s", "fd,fs1,fs2")],
        [Op.FsgnjxS] = [F("fabs.s", "fd,fs1", "rs1=rs2"), F("fsgnjx.s", "fd,fs1,fs2")],
        [Op.FsgnjD] = [F("fmv.d", "fd,fs1", "rs1=rs2"), F("fsgnj.d", "fd,fs1,fs2")],
        [Op.FsgnjnD] = [F("fneg.d", "fd,fs1", "rs1=rs2"), F("fsgnjn.d", "fd,fs1,fs2")],
        [Op.FsgnjxD] = [F("fabs.d", "fd,fs1", "rs1=rs2"), F("fsgnjx.d", "fd,fs1,fs2")],
        [Op.FsgnjH] = [F("fmv.h", "fd,fs1", "rs1=rs2"), F("fsgnj.h", "fd,fs1,fs2")],
        [Op.FsgnjnH] = [F("fneg.h", "fd,fs1", "rs1=rs2"), F("fsgnjn.h", "fd,fs1,fs2")],
        [Op.FsgnjxH] = [F("fabs.h", "fd,fs1", "rs1=rs2"), F("fsgnjx.h", "fd,fs1,fs2")],
        // Exact conversions: binutils 2.40 only accepts them with rm = 000 and prints no rounding mode.
        [Op.FcvtDS] = [F("fcvt.d.s", "fd,fs1", "rm=0"), F(null, "")],
        [Op.FcvtDW] = [F("fcvt.d.w", "fd,rs1", "rm=0"), F(null, "")],
        [Op.FcvtDWu] = [F("fcvt.d.wu", "fd,rs1", "rm=0"), F(null, "")],
        [Op.FcvtSH] = [F("fcvt.s.h", "fd,fs1", "rm=0"), F(null, "")],
        [Op.FcvtDH] = [F("fcvt.d.h", "fd,fs1", "rm=0"), F(null, "")],
        // Bit manipulation.
        [Op.AddUw] = [F("zext.w", "rd,rs1", "rs2=0"), F("add.uw", "rd,rs1,rs2")],
        [Op.Rori] = [F("ror", "rd,rs1,shamt")],
        [Op.Roriw] = [F("rorw", "rd,rs1,shamt")],
        [Op.Bclri] = [F("bclr", "rd,rs1,shamt")],
        [Op.Bexti] = [F("bext", "rd,rs1,shamt")],
        [Op.Binvi] = [F("binv", "rd,rs1,shamt")],
        [Op.Bseti] = [F("bset", "rd,rs1,shamt")],
    };

    /// <summary>Compressed rows whose printing differs from their expansion's (hints, rd = x0, zero amounts).</summary>
    private static Dictionary<string, PrintForm[]> BuildCompressed() => new()
    {
        ["c.addi"] = [F("nop", "", "rd=0 imm=0"), F("c.nop", "imm", "rd=0"), F("add", "rd,rs1,imm")],
        ["c.li"] = [F("c.li", "rd,imm", "rd=0"), F("li", "rd,imm")],
        ["c.lui"] = [F("c.lui", "rd,uimm", "rd=0"), F("lui", "rd,uimm")],
        ["c.srli"] = [F("c.srli64", "rd", "imm=0"), F("srl", "rd,rs1,shamt")],
        ["c.srai"] = [F("c.srai64", "rd", "imm=0"), F("sra", "rd,rs1,shamt")],
        ["c.slli"] = [F("c.slli64", "rd", "imm=0"), F("c.slli", "rd,shamt", "rd=0"), F("sll", "rd,rs1,shamt")],
        ["c.mv"] = [F("c.mv", "rd,rs2", "rd=0"), F("mv", "rd,rs2")],
        ["c.add"] = [F("c.add", "rd,rs2", "rd=0"), F("add", "rd,rs1,rs2")],
    };

    private static PrintForm[][] BuildByOp()
    {
        var forms = new PrintForm[Enum.GetValues<Op>().Length][];
        forms[(int)Op.Illegal] = [];
        foreach (var row in InstructionTable.Rows)
            forms[(int)row.Op] = aliases32.TryGetValue(row.Op, out var list)
                ? list
                : [F(row.Mnemonic, DefaultTemplate(row.Operands))];
        return forms;
    }
}
