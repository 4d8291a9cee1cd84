// GDB's RISC-V register numbers and the target description that names them.
using RvJit.Runtime.Hart;

namespace RvJit.Runtime.Debug;

/// <summary>GDB's register numbering for RV64 (as QEMU's target description gives it).</summary>
public static class RiscvRegisters
{
    public const int Pc = 32;
    public const int FirstFloat = 33;
    public const int Fflags = 66, Frm = 67, Fcsr = 68;
    /// <summary>CSR number c is register FirstCsr + c (gdb's own numbering; fflags..fcsr are the first three).</summary>
    public const int FirstCsr = 65;
    public const int LastCsr = FirstCsr + 0xFFF;
    /// <summary>The privilege level (0 U, 1 S, 3 M): the `priv` register of QEMU's org.gnu.gdb.riscv.virtual feature.</summary>
    public const int Priv = LastCsr + 1;
    /// <summary>What a 'g' packet carries: x0..x31 and pc (GDB reads the others one by one).</summary>
    public const int GeneralCount = 33;

    /// <summary>Size in bytes of register <paramref name="number"/>, 0 if it does not exist.</summary>
    public static int Size(int number) => number switch
    {
        >= 0 and <= Pc => 8,
        >= FirstFloat and < FirstFloat + 32 => 8,
        Fflags or Frm or Fcsr => 4,
        >= FirstCsr and <= Priv => 8,
        _ => 0,
    };

    /// <summary>Reads one of the registers every stub has in a hart's state (x, pc, f, fflags, frm, fcsr); false for
    /// any other number (the caller's own: CSRs, priv).</summary>
    public static unsafe bool TryRead(CpuState* c, int number, out ulong value)
    {
        switch (number)
        {
            case >= 0 and < 32: value = c->X[number]; return true;
            case Pc: value = c->Pc; return true;
            case >= FirstFloat and < FirstFloat + 32: value = c->F[number - FirstFloat]; return true;
            case Fflags: value = c->Fflags; return true;
            case Frm: value = c->Frm; return true;
            case Fcsr: value = (c->Frm << 5) | c->Fflags; return true;
            default: value = 0; return false;
        }
    }

    /// <summary>Writes one of the registers <see cref="TryRead"/> reads (x0 stays zero); false for any other number.</summary>
    public static unsafe bool TryWrite(CpuState* c, int number, ulong value)
    {
        switch (number)
        {
            case 0: return true;
            case > 0 and < 32: c->X[number] = value; return true;
            case Pc: c->Pc = value; return true;
            case >= FirstFloat and < FirstFloat + 32: c->F[number - FirstFloat] = value; return true;
            case Fflags: c->Fflags = (uint)value & 0x1f; return true;
            case Frm: c->Frm = (uint)value & 7; return true;
            case Fcsr: c->Fflags = (uint)value & 0x1f; c->Frm = (uint)(value >> 5) & 7; return true;
            default: return false;
        }
    }

    private static readonly string[] IntegerNames =
    [
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    ];

    private static readonly string[] FloatNames =
    [
        "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
        "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
    ];

    /// <summary>The target description GDB reads with qXfer:features:read:target.xml.</summary>
    public static string TargetXml { get; } = BuildTargetXml();

    /// <summary>The CSRs the system target describes, by name (QEMU's names).</summary>
    public static IReadOnlyList<(string Name, uint Number)> Csrs { get; } = ListCsrs();

    /// <summary>The system-mode description: also the CSRs a hart implements (org.gnu.gdb.riscv.csr) and the
    /// privilege level (`priv`, org.gnu.gdb.riscv.virtual), as QEMU's system stub describes them.</summary>
    public static string SystemTargetXml { get; } = BuildTargetXml(system: true);

    private static List<(string, uint)> ListCsrs()
    {
        var list = new List<(string, uint)>
        {
            ("cycle", 0xC00), ("time", 0xC01), ("instret", 0xC02),
            ("sstatus", 0x100), ("sie", 0x104), ("stvec", 0x105), ("scounteren", 0x106), ("senvcfg", 0x10A),
            ("sscratch", 0x140), ("sepc", 0x141), ("scause", 0x142), ("stval", 0x143), ("sip", 0x144), ("stimecmp", 0x14D),
            ("satp", 0x180),
            ("mvendorid", 0xF11), ("marchid", 0xF12), ("mimpid", 0xF13), ("mhartid", 0xF14), ("mconfigptr", 0xF15),
            ("mstatus", 0x300), ("misa", 0x301), ("medeleg", 0x302), ("mideleg", 0x303), ("mie", 0x304), ("mtvec", 0x305),
            ("mcounteren", 0x306), ("menvcfg", 0x30A), ("mcountinhibit", 0x320),
            ("mscratch", 0x340), ("mepc", 0x341), ("mcause", 0x342), ("mtval", 0x343), ("mip", 0x344),
        };
        for (uint i = 0; i < 16; i += 2) list.Add(($"pmpcfg{i}", 0x3A0 + i));
        for (uint i = 0; i < 16; i++) list.Add(($"pmpaddr{i}", 0x3B0 + i));
        list.Add(("mcycle", 0xB00));
        list.Add(("minstret", 0xB02));
        list.AddRange([("tselect", 0x7A0), ("tdata1", 0x7A1), ("tdata2", 0x7A2), ("tdata3", 0x7A3)]);
        return list;
    }

    private static string BuildTargetXml(bool system = false)
    {
        var x = new System.Text.StringBuilder();
        x.Append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        x.Append("<architecture>riscv:rv64</architecture>\n<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
        for (int i = 0; i < 32; i++)
            x.Append($"<reg name=\"{IntegerNames[i]}\" bitsize=\"64\" type=\"{(i is 1 ? "code_ptr" : i is 2 or 8 ? "data_ptr" : "int")}\" regnum=\"{i}\"/>\n");
        x.Append($"<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"{Pc}\"/>\n</feature>\n");
        x.Append("<feature name=\"org.gnu.gdb.riscv.fpu\">\n");
        x.Append("<union id=\"riscv_double\"><field name=\"float\" type=\"ieee_single\"/><field name=\"double\" type=\"ieee_double\"/></union>\n");
        for (int i = 0; i < 32; i++)
            x.Append($"<reg name=\"{FloatNames[i]}\" bitsize=\"64\" type=\"riscv_double\" regnum=\"{FirstFloat + i}\"/>\n");
        x.Append($"<reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"{Fflags}\"/>\n");
        x.Append($"<reg name=\"frm\" bitsize=\"32\" type=\"int\" regnum=\"{Frm}\"/>\n");
        x.Append($"<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"{Fcsr}\"/>\n</feature>\n");
        if (system)
        {
            x.Append("<feature name=\"org.gnu.gdb.riscv.virtual\">\n");
            x.Append($"<reg name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"{Priv}\"/>\n</feature>\n");
            x.Append("<feature name=\"org.gnu.gdb.riscv.csr\">\n");
            foreach (var (name, number) in Csrs)
                x.Append($"<reg name=\"{name}\" bitsize=\"64\" type=\"int\" regnum=\"{FirstCsr + (int)number}\" group=\"csr\"/>\n");
            x.Append("</feature>\n");
        }
        x.Append("</target>\n");
        return x.ToString();
    }
}
