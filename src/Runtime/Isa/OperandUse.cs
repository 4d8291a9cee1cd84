namespace RvJit.Runtime.Isa;

/// <summary>Which register fields an operand shape reads and writes, and in which register file.</summary>
[Flags]
public enum RegisterUse : byte
{
    None = 0,
    IntRd = 1, IntRs1 = 2, IntRs2 = 4,
    FpRd = 8, FpRs1 = 16, FpRs2 = 32, FpRs3 = 64,
}

/// <summary>Derived from <see cref="Operands"/>, so engines never list register roles by hand.</summary>
public static class OperandUse
{
    public static RegisterUse Of(Operands operands) => operands switch
    {
        Operands.None => RegisterUse.None,
        Operands.R => RegisterUse.IntRd | RegisterUse.IntRs1 | RegisterUse.IntRs2,
        Operands.R1 or Operands.I or Operands.Shift64 or Operands.Shift32 or Operands.Load or Operands.Csr
            => RegisterUse.IntRd | RegisterUse.IntRs1,
        Operands.CsrImm or Operands.Upper or Operands.Jump => RegisterUse.IntRd,
        Operands.Store or Operands.Branch or Operands.SfenceVma => RegisterUse.IntRs1 | RegisterUse.IntRs2,
        Operands.Fence => RegisterUse.None,
        Operands.Amo => RegisterUse.IntRd | RegisterUse.IntRs1 | RegisterUse.IntRs2,
        Operands.Lr => RegisterUse.IntRd | RegisterUse.IntRs1,
        Operands.FLoad => RegisterUse.FpRd | RegisterUse.IntRs1,
        Operands.FStore => RegisterUse.IntRs1 | RegisterUse.FpRs2,
        Operands.FR or Operands.FRNoRm => RegisterUse.FpRd | RegisterUse.FpRs1 | RegisterUse.FpRs2,
        Operands.FR1 => RegisterUse.FpRd | RegisterUse.FpRs1,
        Operands.FR4 => RegisterUse.FpRd | RegisterUse.FpRs1 | RegisterUse.FpRs2 | RegisterUse.FpRs3,
        Operands.FCmp => RegisterUse.IntRd | RegisterUse.FpRs1 | RegisterUse.FpRs2,
        Operands.FToX or Operands.FToXNoRm => RegisterUse.IntRd | RegisterUse.FpRs1,
        Operands.XToF or Operands.XToFNoRm => RegisterUse.FpRd | RegisterUse.IntRs1,
        Operands.Cbo => RegisterUse.IntRs1,
        _ => throw new ArgumentOutOfRangeException(nameof(operands), operands, null),
    };

    public static RegisterUse Of(Op op) => op == Op.Illegal ? RegisterUse.None : Of(InstructionTable.Get(op).Operands);
}
