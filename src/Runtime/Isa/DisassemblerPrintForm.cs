// One way of printing an instruction: a mnemonic, an operand template and the field values it applies to.
using System.Globalization;

namespace RvJit.Runtime.Isa;

/// <summary>What an operand of a print template shows.</summary>
internal enum OperandKind : byte
{
    /// <summary>Integer register from rd / rs1 / rs2.</summary>
    Rd, Rs1, Rs2,
    /// <summary>Floating-point register from rd / rs1 / rs2 / rs3.</summary>
    Fd, Fs1, Fs2, Fs3,
    /// <summary>The immediate in decimal.</summary>
    Imm,
    /// <summary>"imm(rs1)": a load/store or jalr address.</summary>
    Offset,
    /// <summary>"(rs1)": an atomic's address.</summary>
    Indirect,
    /// <summary>lui/auipc immediate: bits 31:12 in hex.</summary>
    Upper,
    /// <summary>Shift amount (or bit index) in hex.</summary>
    Shamt,
    /// <summary>Branch or jump target: pc + imm, as an address.</summary>
    Target,
    /// <summary>CSR number (the immediate) by name, else hex.</summary>
    Csr,
    /// <summary>The 5-bit CSR immediate (rs1 field) in decimal.</summary>
    Zimm,
    /// <summary>Rounding mode; left out, with its comma, when it is dynamic.</summary>
    RoundingMode,
    /// <summary>Fence predecessor / successor sets.</summary>
    Pred, Succ,
    /// <summary>Printed as written.</summary>
    Literal,
}

/// <summary>An instruction field a print form's condition tests.</summary>
internal enum FormField : byte { Rd, Rs1, Rs2, Rm, Imm, Fm, Raw }

/// <summary>One operand of a template.</summary>
internal readonly record struct TemplateOperand(OperandKind Kind, string Text);

/// <summary>"field = value" or "field = other field".</summary>
internal readonly record struct FieldTest(FormField Field, long Value, FormField? Other)
{
    public bool Holds(in Instruction ins) =>
        Other is { } other ? Read(ins, Field) == Read(ins, other) : Read(ins, Field) == Value;

    public static long Read(in Instruction ins, FormField field) => field switch
    {
        FormField.Rd => ins.Rd,
        FormField.Rs1 => ins.Rs1,
        FormField.Rs2 => ins.Rs2,
        FormField.Rm => ins.Rm,
        FormField.Imm => ins.Imm,
        FormField.Fm => (ins.Imm >> 8) & 0xF,
        _ => ins.Raw,
    };
}

/// <summary>
/// A print form: written as data like ("li", "rd,imm", "rs1=0"). The mnemonic null means objdump has no name
/// for the encodings the condition selects, so they are printed as a raw word.
/// </summary>
internal sealed class PrintForm
{
    public string? Mnemonic { get; }
    public TemplateOperand[] Operands { get; }
    public FieldTest[] When { get; }

    private PrintForm(string? mnemonic, TemplateOperand[] operands, FieldTest[] when)
    {
        Mnemonic = mnemonic;
        Operands = operands;
        When = when;
    }

    public bool Matches(in Instruction ins)
    {
        foreach (var test in When)
            if (!test.Holds(ins)) return false;
        return true;
    }

    /// <summary>Parses a form. <paramref name="operands"/> is comma-separated operand names (see
    /// <see cref="OperandKind"/>: rd, fs1, imm, imm(rs1), (rs1), uimm, shamt, target, csr, zimm, rm, pred, succ;
    /// anything else is literal text). <paramref name="when"/> is space-separated tests such as "rd=0",
    /// "imm=-1", "csr=0x003", "rs1=rs2", "raw=0x0ff0000f".</summary>
    public static PrintForm Parse(string? mnemonic, string operands, string when = "")
    {
        var ops = operands.Length == 0
            ? []
            : operands.Split(',').Select(ParseOperand).ToArray();
        var tests = when.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseTest).ToArray();
        return new PrintForm(mnemonic, ops, tests);
    }

    private static TemplateOperand ParseOperand(string text) => new(text switch
    {
        "rd" => OperandKind.Rd,
        "rs1" => OperandKind.Rs1,
        "rs2" => OperandKind.Rs2,
        "fd" => OperandKind.Fd,
        "fs1" => OperandKind.Fs1,
        "fs2" => OperandKind.Fs2,
        "fs3" => OperandKind.Fs3,
        "imm" => OperandKind.Imm,
        "imm(rs1)" => OperandKind.Offset,
        "(rs1)" => OperandKind.Indirect,
        "uimm" => OperandKind.Upper,
        "shamt" => OperandKind.Shamt,
        "target" => OperandKind.Target,
        "csr" => OperandKind.Csr,
        "zimm" => OperandKind.Zimm,
        "rm" => OperandKind.RoundingMode,
        "pred" => OperandKind.Pred,
        "succ" => OperandKind.Succ,
        _ => OperandKind.Literal,
    }, text);

    private static FieldTest ParseTest(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new FormatException($"print form test \"{text}\" is not field=value");
        FormField field = ParseField(text[..eq]) ?? throw new FormatException($"unknown field in \"{text}\"");
        string value = text[(eq + 1)..];
        if (ParseField(value) is { } other) return new FieldTest(field, 0, other);
        long number = value.StartsWith("0x")
            ? long.Parse(value[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.Parse(value, CultureInfo.InvariantCulture);
        return new FieldTest(field, number, null);
    }

    private static FormField? ParseField(string name) => name switch
    {
        "rd" => FormField.Rd,
        "rs1" => FormField.Rs1,
        "rs2" => FormField.Rs2,
        "rm" => FormField.Rm,
        "imm" or "csr" => FormField.Imm,
        "fm" => FormField.Fm,
        "raw" => FormField.Raw,
        _ => null,
    };

    public override string ToString() =>
        $"{Mnemonic ?? "<unknown>"} {string.Join(",", Operands.Select(o => o.Text))}";
}
