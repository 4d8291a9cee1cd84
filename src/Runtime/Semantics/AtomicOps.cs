using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Semantics;

/// <summary>
/// The A extension's read-modify-write functions: given the old memory value (sign-extended for .w) and
/// rs2, the value an AMO stores. Both engines perform the load, call this, and store the result.
/// </summary>
public static class AtomicOps
{
    public static ulong Apply(Op op, ulong old, ulong operand) => op switch
    {
        Op.AmoswapW or Op.AmoswapD => operand,
        Op.AmoaddW or Op.AmoaddD => old + operand,
        Op.AmoxorW or Op.AmoxorD => old ^ operand,
        Op.AmoandW or Op.AmoandD => old & operand,
        Op.AmoorW or Op.AmoorD => old | operand,
        Op.AmominW => (int)old < (int)operand ? old : operand,
        Op.AmomaxW => (int)old > (int)operand ? old : operand,
        Op.AmominuW => (uint)old < (uint)operand ? old : operand,
        Op.AmomaxuW => (uint)old > (uint)operand ? old : operand,
        Op.AmominD => (long)old < (long)operand ? old : operand,
        Op.AmomaxD => (long)old > (long)operand ? old : operand,
        Op.AmominuD => old < operand ? old : operand,
        Op.AmomaxuD => old > operand ? old : operand,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an AMO"),
    };
}
