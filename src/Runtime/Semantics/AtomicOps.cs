using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Semantics;

/// <summary>
/// The A extension, written once for both engines. Harts run on several host threads over one guest RAM, so
/// every AMO is one atomic read-modify-write on the host (x86-64 lock-prefixed instructions through
/// <see cref="Interlocked"/>; a compare-exchange loop where no single instruction does the operation), and SC
/// is a compare-and-swap against the value LR read. The MMU checks natural alignment (address-misaligned
/// otherwise) and store permission, and notes stores to code pages.
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
        switch (op)
        {
            case Op.LrW: case Op.LrD:
                ulong loaded = word ? (ulong)(long)Volatile.Read(ref *(int*)host) : Volatile.Read(ref *(ulong*)host);
                hart.Reservation = pa;
                hart.ReservationValue = loaded;
                rd = loaded;
                return true;
            case Op.ScW: case Op.ScD:
                rd = StoreConditional(hart, host, pa, word, rs2) ? 0UL : 1UL;
                return true;
            default:
                rd = word ? (ulong)(long)AmoWord(op, (int*)host, (int)rs2) : AmoDouble(op, (long*)host, (long)rs2);
                return true;
        }
    }

    /// <summary>
    /// SC succeeds iff the reservation names this address and memory still holds the value LR read, swapped for
    /// rs2 in one compare-and-swap (QEMU's choice). A reservation that other harts' stores break would need every
    /// store, including the TLB fast path of generated code, to check the reservations of all harts; comparing the
    /// value instead catches any change in between, and only an A-B-A change goes unnoticed, which the lock-free
    /// algorithms LR/SC are used for tolerate (it is the same guarantee a CAS gives them).
    /// </summary>
    private static bool StoreConditional(Hart.Hart hart, byte* host, ulong pa, bool word, ulong rs2)
    {
        bool reserved = hart.Reservation == pa;
        hart.Reservation = ulong.MaxValue; // any SC clears the reservation
        if (!reserved) return false;
        ulong expected = hart.ReservationValue;
        return word
            ? Interlocked.CompareExchange(ref *(int*)host, (int)rs2, (int)expected) == (int)expected
            : Interlocked.CompareExchange(ref *(long*)host, (long)rs2, (long)expected) == (long)expected;
    }

    /// <summary>A 32-bit AMO on the host word; returns the old value.</summary>
    private static int AmoWord(Op op, int* host, int operand)
    {
        ref int target = ref *host;
        switch (op)
        {
            case Op.AmoswapW: return Interlocked.Exchange(ref target, operand);
            case Op.AmoaddW: return Interlocked.Add(ref target, operand) - operand;
            case Op.AmoandW: return Interlocked.And(ref target, operand);
            case Op.AmoorW: return Interlocked.Or(ref target, operand);
        }
        int old = Volatile.Read(ref target);
        while (true)
        {
            int seen = Interlocked.CompareExchange(ref target, (int)Apply(op, (ulong)(long)old, (ulong)(long)operand), old);
            if (seen == old) return old;
            old = seen;
        }
    }

    /// <summary>A 64-bit AMO on the host doubleword; returns the old value.</summary>
    private static ulong AmoDouble(Op op, long* host, long operand)
    {
        ref long target = ref *host;
        switch (op)
        {
            case Op.AmoswapD: return (ulong)Interlocked.Exchange(ref target, operand);
            case Op.AmoaddD: return (ulong)(Interlocked.Add(ref target, operand) - operand);
            case Op.AmoandD: return (ulong)Interlocked.And(ref target, operand);
            case Op.AmoorD: return (ulong)Interlocked.Or(ref target, operand);
        }
        long old = Volatile.Read(ref target);
        while (true)
        {
            long seen = Interlocked.CompareExchange(ref target, (long)Apply(op, (ulong)old, (ulong)operand), old);
            if (seen == old) return (ulong)old;
            old = seen;
        }
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
