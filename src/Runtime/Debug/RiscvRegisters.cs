// GDB's RISC-V register numbers and the target description that names them.
namespace RvJit.Runtime.Debug;

/// <summary>GDB's register numbering for RV64 (as QEMU's target description gives it).</summary>
public static class RiscvRegisters
{
    public const int Pc = 32;
    public const int FirstFloat = 33;
    public const int Fflags = 66, Frm = 67, Fcsr = 68;
    /// <summary>What a 'g' packet carries: x0..x31 and pc (GDB reads the others one by one).</summary>
    public const int GeneralCount = 33;

    /// <summary>Size in bytes of register <paramref name="number"/>, 0 if it does not exist.</summary>
    public static int Size(int number) => number switch
    {
        >= 0 and <= Pc => 8,
        >= FirstFloat and < FirstFloat + 32 => 8,
        Fflags or Frm or Fcsr => 4,
        _ => 0,
    };

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

    private static string BuildTargetXml()
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
        x.Append($"<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"{Fcsr}\"/>\n</feature>\n</target>\n");
        return x.ToString();
    }
}
