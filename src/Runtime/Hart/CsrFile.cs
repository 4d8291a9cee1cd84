namespace RvJit.Runtime.Hart;

/// <summary>
/// The control and status registers of one hart (M and S level, counters, FP CSRs through the hart's
/// <see cref="CpuState"/>), with the access rules: privilege from csr[9:8], read-only from csr[11:10],
/// WARL field legalisation, and side effects (TLB flushes when translation inputs change).
/// </summary>
public sealed partial class CsrFile
{
    public const ulong MstatusSie = 1UL << 1, MstatusMie = 1UL << 3, MstatusSpie = 1UL << 5, MstatusMpie = 1UL << 7;
    public const ulong MstatusSpp = 1UL << 8, MstatusMpp = 3UL << 11, MstatusFs = 3UL << 13;
    public const ulong MstatusMprv = 1UL << 17, MstatusSum = 1UL << 18, MstatusMxr = 1UL << 19;
    public const ulong MstatusSd = 1UL << 63;

    private readonly Hart hart;

    /// <summary>mstatus as stored (sstatus is a view of it).</summary>
    public ulong Mstatus;
    /// <summary>satp (MODE:ASID:PPN).</summary>
    public ulong Satp;

    public CsrFile(Hart hart) => this.hart = hart;

    public bool FpEnabled => (Mstatus & MstatusFs) != 0;

    public void MarkFpDirty() => Mstatus |= MstatusFs | MstatusSd;

    /// <summary>Reads a CSR at the hart's current privilege; false = illegal instruction.</summary>
    public bool TryRead(uint csr, out ulong value) => throw new NotImplementedException();

    /// <summary>Writes a CSR at the hart's current privilege; false = illegal instruction (including writes to read-only CSRs).</summary>
    public bool TryWrite(uint csr, ulong value) => throw new NotImplementedException();
}
