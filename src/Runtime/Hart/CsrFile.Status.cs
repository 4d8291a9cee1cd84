// mstatus and its sstatus view (WARL legalisation, SD, TLB flushes) and the FP CSRs fflags/frm/fcsr with
// the mstatus.FS state they depend on.
using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Hart;

public sealed partial class CsrFile
{
    /// <summary>FS = Dirty.</summary>
    private const ulong FsDirty = MstatusFs;

    /// <summary>Fields software may change through mstatus (no H, no big-endian, no V, no custom XS).</summary>
    private const ulong MstatusWriteMask = MstatusSie | MstatusMie | MstatusSpie | MstatusMpie | MstatusSpp
        | MstatusMpp | MstatusFs | MstatusMprv | MstatusSum | MstatusMxr | MstatusTvm | MstatusTw | MstatusTsr;

    /// <summary>sstatus shows SIE SPIE UBE SPP VS FS XS SUM MXR UXL SD of mstatus.</summary>
    private const ulong SstatusReadMask = MstatusSie | MstatusSpie | (1UL << 6) | MstatusSpp | (3UL << 9)
        | MstatusFs | (3UL << 15) | MstatusSum | MstatusMxr | MstatusUxl | MstatusSd;

    /// <summary>Of those, S-mode can change SIE SPIE SPP FS SUM MXR (UBE, VS, XS are read-only zero here).</summary>
    private const ulong SstatusWriteMask = MstatusSie | MstatusSpie | MstatusSpp | MstatusFs | MstatusSum | MstatusMxr;

    /// <summary>Fields whose change alters the permissions of cached translations (MPP only while MPRV is set; SUM
    /// only when cleared: it grants, and the entries it granted are dropped alone).</summary>
    private const ulong TranslationFields = MstatusMxr;

    /// <summary>True when FP instructions and CSRs are usable (mstatus.FS != Off).</summary>
    public bool FpEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Mstatus & MstatusFs) != 0;
    }

    /// <summary>Records that FP state changed: FS = Dirty and SD = 1. Call after any FP register or fflags write.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void MarkFpDirty() => Mstatus |= MstatusFs | MstatusSd;

    /// <summary>
    /// Stores a new mstatus after legalising its WARL fields: MPP = 2 (reserved) becomes U, UXL/SXL are fixed
    /// at 2 (64-bit), SD summarises FS. Flushes the TLB views when MPRV, MXR or (under MPRV) MPP change, and drops the user pages
    /// reached under SUM when SUM is cleared.
    /// </summary>
    internal void WriteMstatus(ulong value)
    {
        if ((value & MstatusMpp) == (2UL << 11)) value &= ~MstatusMpp;
        value = (value & ~(MstatusUxl | MstatusSxl | MstatusSd)) | (2UL << 32) | (2UL << 34);
        if ((value & MstatusFs) == FsDirty) value |= MstatusSd;
        ulong old = Mstatus;
        Mstatus = value;
        ulong changed = old ^ value;
        if ((changed & TranslationFields) != 0) hart.Mmu.FlushForPrivilege();
        else if ((changed & MstatusMprv) != 0 || ((changed & MstatusMpp) != 0 && (value & MstatusMprv) != 0)) hart.Mmu.DataPrivilegeChanged();
        else if ((changed & old & MstatusSum) != 0) hart.Mmu.DropUserPagesSeenUnderSum();
    }

    private unsafe bool TryReadFp(uint csr, out ulong value)
    {
        value = 0;
        if (!FpEnabled) return false;
        CpuState* s = hart.State;
        value = csr switch
        {
            CsrNumber.Fflags => s->Fflags & 0x1F,
            CsrNumber.Frm => s->Frm & 7,
            _ => ((ulong)(s->Frm & 7) << 5) | (s->Fflags & 0x1F),
        };
        return true;
    }

    private unsafe bool TryWriteFp(uint csr, ulong value)
    {
        if (!FpEnabled) return false;
        CpuState* s = hart.State;
        switch (csr)
        {
            case CsrNumber.Fflags: s->Fflags = (uint)value & 0x1F; break;
            case CsrNumber.Frm: s->Frm = (uint)value & 7; break;
            default: s->Fflags = (uint)value & 0x1F; s->Frm = (uint)(value >> 5) & 7; break;
        }
        MarkFpDirty();
        return true;
    }
}
