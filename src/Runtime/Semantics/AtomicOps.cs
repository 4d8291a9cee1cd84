using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Semantics;

/// <summary>
/// The A extension, written once for both engines: LR/SC with the hart's reservation (by physical address
/// and the value LR read; any SC clears it) and every AMO as load, <see cref="Apply"/>, store. The MMU checks natural alignment
/// (address-misaligned otherwise) and store permission, and notes stores to code pages.
/// </summary>
public static unsafe class AtomicOps
{
    /// <summary>Executes an LR, SC or AMO at <paramref name="va"/>; <paramref name="rd"/> gets the value for rd. False = trap.</summary>
    public static bool Execute(Hart.Hart hart, Op op, ulong va, ulong rs2, out ulong rd, out Trap trap)
    {
        bool word = op is Op.LrW or Op.ScW or (>= Op.AmoswapW and <= Op.AmomaxuW);
        int size = word ? 4 : 8;
        bool isLr = op is Op.LrW or Op.LrD;
        rd = 0;
        if (!hart.Mmu.TranslateAtomic(va, size, isLr, out byte* host, out ulong pa, out trap)) return false;
        ulong old = word ? (ulong)(long)*(int*)host : *(ulong*)host;
        switch (op)
        {
            case Op.LrW: case Op.LrD:
                hart.Reservation = pa;
                hart.ReservationValue = old;
                rd = old;
                return true;
            case Op.ScW: case Op.ScD:
                bool ok = hart.Reservation == pa && old == hart.ReservationValue;
                hart.Reservation = ulong.MaxValue;
                if (ok) Write(host, word, rs2);
                rd = ok ? 0UL : 1UL;
                return true;
            default:
                Write(host, word, Apply(op, old, rs2));
                rd = old;
                return true;
        }
    }

    private static void Write(byte* host, bool word, ulong value)
    {
        if (word) *(uint*)host = (uint)value; else *(ulong*)host = value;
    }

    /// <summary>The value an AMO stores, from the old memory value (sign-extended for .w) and rs2.</summary>
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
