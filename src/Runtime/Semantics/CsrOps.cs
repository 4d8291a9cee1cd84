using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Semantics;

/// <summary>
/// The Zicsr read-modify-write rule, once: csrrw/csrrs/csrrc and their immediate forms read the old value
/// (csrrw with rd = x0 does not read), then write the new one unless the instruction does not write
/// (csrrs/csrrc with a zero source). Access rules (privilege, read-only CSRs, FS) are the CSR file's.
/// The interpreter runs every CSR instruction through here; the translator calls it for the FP CSRs.
/// </summary>
public static class CsrOps
{
    /// <summary>Executes a CSR instruction; false = illegal instruction (nothing was changed).</summary>
    /// <param name="csrs">The hart's CSR file.</param>
    /// <param name="op">One of the six Zicsr instructions.</param>
    /// <param name="csr">The CSR number.</param>
    /// <param name="operand">The source: x[rs1], or the 5-bit immediate of the -i forms.</param>
    /// <param name="rd">The destination register number (x0 suppresses csrrw's read).</param>
    /// <param name="rs1">The rs1 field (zero suppresses csrrs/csrrc's write).</param>
    /// <param name="old">The CSR's value before the instruction (0 when not read).</param>
    public static bool Execute(CsrFile csrs, Op op, uint csr, ulong operand, int rd, int rs1, out ulong old)
    {
        bool isWrite = op is Op.Csrrw or Op.Csrrwi;
        bool reads = !isWrite || rd != 0;
        bool writes = isWrite || rs1 != 0;
        old = 0;
        if (reads && !csrs.TryRead(csr, out old)) return false;
        if (!writes) return true;
        // mip.SEIP reads as the external line OR-ed in, but only its software-writable bit is modified.
        ulong basis = csr == CsrNumber.Mip ? csrs.MipForModify : old;
        ulong value = op switch
        {
            Op.Csrrw or Op.Csrrwi => operand,
            Op.Csrrs or Op.Csrrsi => basis | operand,
            _ => basis & ~operand,
        };
        return csrs.TryWrite(csr, value);
    }

    /// <summary>Whether the CSR is one of the user floating-point CSRs (fflags, frm, fcsr): reading and writing
    /// them changes nothing but FP state, so translated code may run them in place.</summary>
    public static bool IsFloatingPointCsr(uint csr) => csr is CsrNumber.Fflags or CsrNumber.Frm or CsrNumber.Fcsr;

    /// <summary>Whether the CSR is sstatus or one of the supervisor's trap registers (sscratch, sepc, scause, stval), which
    /// translated code may also run in place: a kernel saves, clears and restores sstatus.SIE around every spinlock
    /// (Linux's boot: ~135,000 times), and each of these ended a translated block for the interpreter. The trap
    /// registers change nothing else; a write to sstatus can (SUM, MXR, FS, or SIE with an interrupt pending),
    /// see <see cref="MayRunOn"/>.</summary>
    public static bool IsSupervisorStateCsr(uint csr) =>
        csr is CsrNumber.Sstatus or CsrNumber.Sscratch or CsrNumber.Sepc or CsrNumber.Scause or CsrNumber.Stval;

    /// <summary>After a CSR instruction on an <see cref="IsSupervisorStateCsr"/> CSR, with mstatus <paramref name="before"/> it
    /// <paramref name="before"/>: whether code after it may run on as it is (nothing changed, or only SIE was cleared, or
    /// it was set with no interrupt pending), or must go back to whoever checks interrupts and translation state.</summary>
    public static bool MayRunOn(Hart.Hart hart, ulong before)
    {
        ulong changed = before ^ hart.Csrs.Mstatus;
        if (changed == 0) return true;
        if (changed != CsrFile.MstatusSie) return false;
        return (hart.Csrs.Mstatus & CsrFile.MstatusSie) == 0 || !hart.InterruptPending;
    }
}
