namespace RvJit.Runtime.Semantics;

/// <summary>
/// What a FENCE needs from the host when harts run on several host threads. x86-64 (TSO) already keeps
/// load->load, load->store and store->store order, and every AMO and SC is a locked instruction (a full fence), so
/// the only RVWMO ordering the host can break is a plain store followed by a plain load: a FENCE whose predecessor
/// set has writes and whose successor set has reads (fence rw,rw, fence w,r; Linux's smp_mb) needs a full host
/// fence; every other FENCE is free. Both engines use this one rule.
/// </summary>
public static class FenceOps
{
    // The immediate is fm[11:8] pred[7:4] succ[3:0]; in pred and succ, bit 3 = I, 2 = O, 1 = R, 0 = W.
    private const long PredWrites = 0b0101 << 4; // O or W
    private const long SuccReads = 0b1010;       // I or R
    private const long Tso = 0b1000_0011_0011;   // fence.tso: orders R->RW and W->W, not W->R

    /// <summary>True when the FENCE with immediate <paramref name="imm"/> must order earlier stores before later
    /// loads, which on the host takes <see cref="Interlocked.MemoryBarrier"/>.</summary>
    public static bool NeedsHostFence(long imm) =>
        (imm & 0xFFF) != Tso && (imm & PredWrites) != 0 && (imm & SuccReads) != 0;
}
