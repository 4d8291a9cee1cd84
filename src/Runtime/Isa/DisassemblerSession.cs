// Formats instructions one after another the way objdump does, including the state it keeps between them.
using System.Globalization;
using System.Text;

namespace RvJit.Runtime.Isa;

/// <summary>
/// An objdump-compatible formatter for a stream of instructions. Besides the print forms it reproduces the
/// "# address &lt;symbol&gt;" comments objdump adds: a lui/auipc (or c.lui) remembers its register's value, and
/// the next load, store, addi, addiw or jalr based on that register consumes it; gp-, tp- and x0-relative
/// addresses are annotated without one. That memory is why one session must see the instructions in order.
/// </summary>
public sealed class DisassemblerSession
{
    private const int Registers = 32;
    private readonly ulong[] upperValue = new ulong[Registers];
    private readonly bool[] upperKnown = new bool[Registers];
    private ulong commentAddress;
    private bool commentPending;
    private readonly Func<ulong, string?>? symbolize;

    /// <param name="options">Extensions, privileged spec and gp; <see cref="DisassemblerOptions.Default"/> if null.</param>
    /// <param name="symbolize">Names an address for "addr &lt;name&gt;" (e.g. "main+0x20"), or returns null to print
    /// the bare address. Without it addresses print as "0x..." like objdump on a file without symbols.</param>
    public DisassemblerSession(DisassemblerOptions? options = null, Func<ulong, string?>? symbolize = null)
    {
        Options = options ?? DisassemblerOptions.Default;
        this.symbolize = symbolize;
    }

    /// <summary>The settings in force; the listing changes Extensions at mapping symbols that name an ISA.</summary>
    public DisassemblerOptions Options { get; set; }

    /// <summary>Forgets the register values remembered from lui/auipc.</summary>
    public void Reset()
    {
        Array.Clear(upperKnown);
        commentPending = false;
    }

    /// <summary>
    /// Length in bytes of the instruction starting with <paramref name="parcel"/>, by objdump's rule: 2 and 4
    /// as usual, 6, 8 and 10-22 for the reserved longer formats, and 2 for the (unsupported) longest ones.
    /// </summary>
    public static int InstructionLength(ushort parcel)
    {
        if ((parcel & 3) != 3) return 2;
        if ((parcel & 0x1f) != 0x1f) return 4;
        if ((parcel & 0x3f) == 0x1f) return 6;
        if ((parcel & 0x7f) == 0x3f) return 8;
        if ((parcel & 0x7f) == 0x7f && (parcel & 0x7000) != 0x7000) return 10 + ((parcel >> 11) & 0xe);
        return 2;
    }

    /// <summary>Formats the instruction at the start of <paramref name="code"/>, which must hold at least
    /// <see cref="InstructionLength"/> bytes. Returns the text and sets <paramref name="length"/>.</summary>
    public string Format(ReadOnlySpan<byte> code, ulong pc, out int length)
    {
        ushort parcel = (ushort)(code[0] | code[1] << 8);
        length = InstructionLength(parcel);
        if (code.Length < length) throw new ArgumentException($"instruction at 0x{pc:x} needs {length} bytes", nameof(code));
        switch (length)
        {
            case 2: return Format(Decoder.Decode(parcel), pc);
            case 4: return Format(Decoder.Decode(BitConverter.ToUInt32(code)), pc);
            case 8: return $".8byte\t0x{BitConverter.ToUInt64(code):x}";
            default:
                // Other lengths have no integer directive: objdump lists the bytes.
                return ".byte\t" + string.Join(", ", code[..length].ToArray().Select(b => $"0x{b:x2}"));
        }
    }

    /// <summary>Formats one decoded instruction at <paramref name="pc"/>: "mnemonic\toperands[ # comment]".</summary>
    public string Format(in Instruction ins, ulong pc)
    {
        var ext = Options.Extensions;
        if (ins.IsCompressed)
        {
            var row = Decoder.FindCompressed(ins.Raw);
            if (row is null || !ext.Contains(Extension.C) || !ext.Contains(row.Extension))
                return RawWord(ins);
            if (ins.IsIllegal)
            {
                foreach (var (name, form) in PrintForms.ReservedCompressed)
                    if (name == row.Mnemonic && form.Matches(ins)) return Render(form, ins, pc, row.Form, null);
                return RawWord(ins);
            }
            var forms = PrintForms.ForCompressed(row.Mnemonic) ?? PrintForms.For(ins.Op);
            return RenderFirst(forms, ins, pc, row.Form);
        }
        if (ins.IsIllegal)
        {
            foreach (var (match, mask, form) in PrintForms.ObjdumpOnly32)
                if ((ins.Raw & mask) == match && ext.Contains(Extension.Priv))
                    return Render(form, FieldsOf(ins.Raw), pc, null, null);
            return RawWord(ins);
        }
        if (!InstructionTable.Get(ins.Op).IsIn(ext))
        {
            // The decoder picked the most specific row; an arch without its extension may still have a more
            // general one (pause without Zihintpause is a fence, zext.h without Zbb is Zbkb's packw).
            Op op = ins.Op;
            uint raw = ins.Raw;
            var general = InstructionTable.Rows.FirstOrDefault(r => r.Op != op && r.Matches(raw) && r.IsIn(ext));
            if (general is null) return RawWord(ins);
            var decoded = Decoder.DecodeAs(general, ins.Raw);
            return RenderFirst(PrintForms.For(decoded.Op), decoded, pc, null);
        }
        if (ins.Op == Op.Ori && ext.Contains(Extension.Zicbop) && PrefetchHint(ins) is { } prefetch)
            return $"{prefetch}\t{ins.Imm & ~31L}({RegisterNames.Integer(ins.Rs1)})";
        return RenderFirst(PrintForms.For(ins.Op), ins, pc, null);
    }

    /// <summary>An address as objdump prints it: "1c6c8 &lt;foo+0x10&gt;" (or "0x1c6c8" without symbols).</summary>
    public string FormatAddress(ulong address)
    {
        if (symbolize is null) return $"0x{address:x}";
        string? name = symbolize(address);
        return name is null ? $"{address:x}" : $"{address:x} <{name}>";
    }

    private static string RawWord(in Instruction ins) =>
        ins.Length == 2 ? $".2byte\t0x{ins.Raw & 0xFFFF:x}" : $".4byte\t0x{ins.Raw:x}";

    /// <summary>Zicbop: ori with rd = x0 and imm[4:0] = 0, 1 or 3 is prefetch.i, .r or .w of imm(rs1) (binutils
    /// names them only when the arch has Zicbop).</summary>
    private static string? PrefetchHint(in Instruction ins) => ins.Rd != 0 ? null : (ins.Imm & 31) switch
    {
        0 => "prefetch.i",
        1 => "prefetch.r",
        3 => "prefetch.w",
        _ => null,
    };

    private static Instruction FieldsOf(uint raw) =>
        new(Op.Illegal, (byte)((raw >> 7) & 31), (byte)((raw >> 15) & 31), (byte)((raw >> 20) & 31), 0, 0, 0, raw, 4);

    private string RenderFirst(IReadOnlyList<PrintForm> forms, in Instruction ins, ulong pc, CForm? compressedForm)
    {
        foreach (var form in forms)
            if (form.Matches(ins))
                return form.Mnemonic is null ? RawWord(ins) : Render(form, ins, pc, compressedForm, ins.Op);
        return RawWord(ins);
    }

    private string Render(PrintForm form, in Instruction ins, ulong pc, CForm? compressedForm, Op? op)
    {
        var text = new StringBuilder(form.Mnemonic);
        if (op is { } o && o != Op.Illegal && InstructionTable.Get(o).Operands is Operands.Amo or Operands.Lr)
            text.Append((ins.Rm & 3) switch { 1 => ".rl", 2 => ".aq", 3 => ".aqrl", _ => "" });
        if (form.Operands.Length > 0)
        {
            text.Append('\t');
            bool first = true;
            foreach (var operand in form.Operands)
            {
                string? s = RenderOperand(operand, ins, pc, compressedForm, op ?? Op.Illegal);
                if (s is null) continue;
                if (!first) text.Append(',');
                text.Append(s);
                first = false;
            }
        }
        if (commentPending)
        {
            text.Append(" # ").Append(FormatAddress(commentAddress));
            commentPending = false;
        }
        return text.ToString();
    }

    private string? RenderOperand(TemplateOperand operand, in Instruction ins, ulong pc, CForm? cform, Op op)
    {
        bool compressed = cform is not null;
        switch (operand.Kind)
        {
            case OperandKind.Rd:
                if ((!compressed && op is Op.Lui or Op.Auipc) || cform == CForm.Lui)
                    RememberUpper(ins.Rd, op == Op.Auipc ? pc + (ulong)ins.Imm : (ulong)ins.Imm);
                return RegisterNames.Integer(ins.Rd);
            case OperandKind.Rs1:
                if (!compressed && op == Op.Jalr) Annotate(ins.Rs1, ins.Imm, false);
                return RegisterNames.Integer(ins.Rs1);
            case OperandKind.Rs2: return RegisterNames.Integer(ins.Rs2);
            case OperandKind.Fd: return RegisterNames.Float(ins.Rd);
            case OperandKind.Fs1: return RegisterNames.Float(ins.Rs1);
            case OperandKind.Fs2: return RegisterNames.Float(ins.Rs2);
            case OperandKind.Fs3: return RegisterNames.Float(ins.Rs3);
            case OperandKind.Imm:
                if (!compressed)
                {
                    if ((op == Op.Addi && ins.Rs1 != 0) || op == Op.Jalr) Annotate(ins.Rs1, ins.Imm, false);
                    if (op == Op.Addiw && ins.Rs1 != 0) Annotate(ins.Rs1, ins.Imm, true);
                }
                else if (ins.Rd != 0 && cform is CForm.Addi or CForm.Addiw)
                    Annotate(ins.Rd, ins.Imm, cform == CForm.Addiw);
                return ins.Imm.ToString(CultureInfo.InvariantCulture);
            case OperandKind.Offset:
                if (!compressed)
                {
                    Annotate(ins.Rs1, ins.Imm, false);
                    if (op == Op.Jalr) Annotate(ins.Rs1, ins.Imm, false);
                }
                return $"{ins.Imm}({RegisterNames.Integer(ins.Rs1)})";
            case OperandKind.Indirect: return $"({RegisterNames.Integer(ins.Rs1)})";
            case OperandKind.Upper: return $"0x{((ulong)ins.Imm >> 12) & 0xFFFFF:x}";
            case OperandKind.Shamt: return $"0x{ins.Imm:x}";
            case OperandKind.Target: return FormatAddress(pc + (ulong)ins.Imm);
            case OperandKind.Csr:
                return CsrNames.Get((uint)ins.Imm, Options.PrivSpec) ?? $"0x{ins.Imm:x}";
            case OperandKind.Zimm: return ins.Rs1.ToString(CultureInfo.InvariantCulture);
            case OperandKind.RoundingMode:
                return ins.Rm == RegisterNames.DynamicRoundingMode ? null : RegisterNames.RoundingMode(ins.Rm);
            case OperandKind.Pred: return RegisterNames.FenceSet((int)(ins.Imm >> 4));
            case OperandKind.Succ: return RegisterNames.FenceSet((int)ins.Imm);
            default: return operand.Text;
        }
    }

    private void RememberUpper(int reg, ulong value)
    {
        upperValue[reg] = value;
        upperKnown[reg] = true;
    }

    /// <summary>objdump's address annotation: a remembered lui/auipc value is used once; otherwise gp (when the
    /// file defines __global_pointer$), tp and x0 bases give an address; any other base gives none.</summary>
    private void Annotate(int baseReg, long offset, bool addiw)
    {
        ulong address;
        if (upperKnown[baseReg])
        {
            address = (baseReg != 0 ? upperValue[baseReg] : 0) + (ulong)offset;
            upperKnown[baseReg] = false;
        }
        else if (baseReg == 3 && Options.GlobalPointer is { } gp) address = gp + (ulong)offset;
        else if (baseReg is 4 or 0) address = (ulong)offset;
        else return;
        if (addiw) address = (ulong)(long)(int)address;
        commentAddress = address;
        commentPending = true;
    }
}
