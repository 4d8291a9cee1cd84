// The CSR file of one hart: stored CSR values, the access rules (privilege, read-only, existence) and the
// read/write dispatch by CSR number. Field legalisation lives in the other CsrFile.*.cs parts.
//
// PMP: pmpcfg0/2/.../14 and pmpaddr0..63 are stored and read back (with WARL legalisation and locking)
// but NOT enforced: every physical access is allowed whatever the PMP entries say. Firmware that programs
// PMP to grant S/U-mode access to all of memory (OpenSBI, the riscv-tests environment) works unchanged.
namespace RvJit.Runtime.Hart;

/// <summary>
/// The control and status registers of one hart (M and S level, counters, FP CSRs through the hart's
/// <see cref="CpuState"/>), with the access rules: privilege from csr[9:8], read-only from csr[11:10],
/// WARL field legalisation, and side effects (TLB flushes when translation inputs change).
/// Physical memory protection CSRs are stored but not enforced.
/// </summary>
public sealed partial class CsrFile
{
    public const ulong MstatusSie = 1UL << 1, MstatusMie = 1UL << 3, MstatusSpie = 1UL << 5, MstatusMpie = 1UL << 7;
    public const ulong MstatusSpp = 1UL << 8, MstatusMpp = 3UL << 11, MstatusFs = 3UL << 13;
    public const ulong MstatusMprv = 1UL << 17, MstatusSum = 1UL << 18, MstatusMxr = 1UL << 19;
    public const ulong MstatusTvm = 1UL << 20, MstatusTw = 1UL << 21, MstatusTsr = 1UL << 22;
    public const ulong MstatusUxl = 3UL << 32, MstatusSxl = 3UL << 34;
    public const ulong MstatusSd = 1UL << 63;

    /// <summary>misa: MXL = 2 (RV64) and the extensions A, C, D, F, I, M, S, U (the single-letter ones rvjit
    /// implements; QEMU 7.2's default cpu adds H, which rvjit does not have). Read-only.</summary>
    public const ulong MisaValue = (2UL << 62)
        | (1UL << ('A' - 'A')) | (1UL << ('C' - 'A')) | (1UL << ('D' - 'A')) | (1UL << ('F' - 'A'))
        | (1UL << ('I' - 'A')) | (1UL << ('M' - 'A')) | (1UL << ('S' - 'A')) | (1UL << ('U' - 'A'));

    private readonly Hart hart;

    /// <summary>mstatus as stored (sstatus is a view of it). UXL and SXL read 2 (64-bit).</summary>
    public ulong Mstatus = (2UL << 32) | (2UL << 34);
    /// <summary>satp (MODE:ASID:PPN).</summary>
    public ulong Satp;

    /// <summary>mie (sie is a view of it through <see cref="Mideleg"/>). mip lives in <see cref="Hart.Mip"/>.</summary>
    public ulong Mie;
    /// <summary>Exceptions (by cause bit) that trap to S-mode when raised in S or U-mode.</summary>
    public ulong Medeleg;
    /// <summary>Interrupts (by cause bit: only SSI, STI, SEI) that are S-level.</summary>
    public ulong Mideleg;

    public ulong Mtvec, Mscratch, Mepc, Mcause, Mtval, Mcounteren, Menvcfg;
    public ulong Stvec, Sscratch, Sepc, Scause, Stval, Scounteren, Senvcfg;

    public CsrFile(Hart hart) => this.hart = hart;

    /// <summary>True when a CSR number is accessible at the hart's privilege (csr[9:8] &lt;= privilege).</summary>
    private bool PrivilegeAllows(uint csr) => csr <= 0xFFF && ((csr >> 8) & 3) <= (uint)hart.Privilege;

    private bool IsSupervisorUnderTvm =>
        hart.Privilege == Privilege.Supervisor && (Mstatus & MstatusTvm) != 0;

    /// <summary>Reads a CSR at the hart's current privilege; false = illegal instruction.</summary>
    public bool TryRead(uint csr, out ulong value)
    {
        value = 0;
        if (!PrivilegeAllows(csr)) return false;
        switch (csr)
        {
            case CsrNumber.Fflags: case CsrNumber.Frm: case CsrNumber.Fcsr:
                return TryReadFp(csr, out value);
            case >= CsrNumber.Cycle and <= CsrNumber.Hpmcounter31:
                if (!CounterExists((int)(csr - CsrNumber.Cycle)) || !CounterAccessible((int)(csr - CsrNumber.Cycle))) return false;
                value = ReadCounter((int)(csr - CsrNumber.Cycle));
                return true;

            case CsrNumber.Sstatus: value = Mstatus & SstatusReadMask; return true;
            case CsrNumber.Sie: value = Mie & Mideleg; return true;
            case CsrNumber.Stvec: value = Stvec; return true;
            case CsrNumber.Scounteren: value = Scounteren; return true;
            case CsrNumber.Senvcfg: value = Senvcfg; return true;
            case CsrNumber.Sscratch: value = Sscratch; return true;
            case CsrNumber.Sepc: value = Sepc; return true;
            case CsrNumber.Scause: value = Scause; return true;
            case CsrNumber.Stval: value = Stval; return true;
            case CsrNumber.Sip: value = Volatile.Read(ref hart.Mip) & Mideleg; return true;
            case CsrNumber.Satp:
                if (IsSupervisorUnderTvm) return false;
                value = Satp;
                return true;
            case CsrNumber.Stimecmp:
                if (!StimecmpAccessible) return false;
                value = Stimecmp;
                return true;

            case CsrNumber.Mvendorid: case CsrNumber.Marchid: case CsrNumber.Mimpid: case CsrNumber.Mconfigptr:
                return true;
            case CsrNumber.Mhartid: value = hart.HartId; return true;

            case CsrNumber.Mstatus: value = Mstatus; return true;
            case CsrNumber.Misa: value = MisaValue; return true;
            case CsrNumber.Medeleg: value = Medeleg; return true;
            case CsrNumber.Mideleg: value = Mideleg; return true;
            case CsrNumber.Mie: value = Mie; return true;
            case CsrNumber.Mtvec: value = Mtvec; return true;
            case CsrNumber.Mcounteren: value = Mcounteren; return true;
            case CsrNumber.Menvcfg: value = Menvcfg; return true;
            case CsrNumber.Mcountinhibit: value = Mcountinhibit; return true;
            case >= CsrNumber.Mhpmevent3 and <= CsrNumber.Mhpmevent31: value = hpmEvents[csr - CsrNumber.Mhpmevent3]; return true;
            case CsrNumber.Mscratch: value = Mscratch; return true;
            case CsrNumber.Mepc: value = Mepc; return true;
            case CsrNumber.Mcause: value = Mcause; return true;
            case CsrNumber.Mtval: value = Mtval; return true;
            case CsrNumber.Mip: value = Volatile.Read(ref hart.Mip); return true;

            case >= CsrNumber.Pmpcfg0 and <= CsrNumber.Pmpcfg15: return TryReadPmpcfg(csr, out value);
            case >= CsrNumber.Pmpaddr0 and <= CsrNumber.Pmpaddr63: value = pmpaddr[csr - CsrNumber.Pmpaddr0]; return true;

            case CsrNumber.Mcycle: value = ReadCounter(CounterCycle); return true;
            case CsrNumber.Minstret: value = ReadCounter(CounterInstret); return true;
            case >= CsrNumber.Mhpmcounter3 and <= CsrNumber.Mhpmcounter31: return TryReadHpmCounter(csr, out value);

            case CsrNumber.Tselect: case CsrNumber.Tdata1: case CsrNumber.Tdata2: case CsrNumber.Tdata3:
                return true; // no triggers: everything reads 0
            default:
                return false;
        }
    }

    /// <summary>Writes a CSR at the hart's current privilege; false = illegal instruction (including writes to read-only CSRs).</summary>
    public bool TryWrite(uint csr, ulong value)
    {
        if (!PrivilegeAllows(csr) || (csr >> 10) == 3) return false;
        switch (csr)
        {
            case CsrNumber.Fflags: case CsrNumber.Frm: case CsrNumber.Fcsr:
                return TryWriteFp(csr, value);

            case CsrNumber.Sstatus: WriteMstatus((Mstatus & ~SstatusWriteMask) | (value & SstatusWriteMask)); return true;
            case CsrNumber.Sie: Mie = (Mie & ~Mideleg) | (value & Mideleg & MieWriteMask); return true;
            case CsrNumber.Stvec: Stvec = LegalTvec(Stvec, value); return true;
            case CsrNumber.Scounteren: Scounteren = value & 0xFFFF_FFFF; return true;
            case CsrNumber.Senvcfg: Senvcfg = value & SenvcfgWriteMask; return true;
            case CsrNumber.Sscratch: Sscratch = value; return true;
            case CsrNumber.Sepc: Sepc = value & ~1UL; return true;
            case CsrNumber.Scause: Scause = value; return true;
            case CsrNumber.Stval: Stval = value; return true;
            case CsrNumber.Sip: WriteMip(value, Mideleg & SipWriteMask); return true;
            case CsrNumber.Satp:
                if (IsSupervisorUnderTvm) return false;
                WriteSatp(value);
                return true;
            case CsrNumber.Stimecmp:
                if (!StimecmpAccessible) return false;
                WriteStimecmp(value);
                return true;

            case CsrNumber.Mstatus: WriteMstatus((Mstatus & ~MstatusWriteMask) | (value & MstatusWriteMask)); return true;
            case CsrNumber.Misa: return true; // misa is fixed: writes are ignored
            case CsrNumber.Medeleg: Medeleg = value & MedelegWriteMask; return true;
            case CsrNumber.Mideleg: Mideleg = value & MidelegWriteMask; return true;
            case CsrNumber.Mie: Mie = value & MieWriteMask; return true;
            case CsrNumber.Mtvec: Mtvec = LegalTvec(Mtvec, value); return true;
            case CsrNumber.Mcounteren: Mcounteren = value & 0xFFFF_FFFF; return true;
            case CsrNumber.Menvcfg: WriteMenvcfg(value); return true;
            case CsrNumber.Mcountinhibit: WriteCountInhibit(value); return true;
            case >= CsrNumber.Mhpmevent3 and <= CsrNumber.Mhpmevent31: hpmEvents[csr - CsrNumber.Mhpmevent3] = value; return true;
            case CsrNumber.Mscratch: Mscratch = value; return true;
            case CsrNumber.Mepc: Mepc = value & ~1UL; return true;
            case CsrNumber.Mcause: Mcause = value; return true;
            case CsrNumber.Mtval: Mtval = value; return true;
            case CsrNumber.Mip: WriteMip(value, MipWriteMask); return true;

            case >= CsrNumber.Pmpcfg0 and <= CsrNumber.Pmpcfg15: return TryWritePmpcfg(csr, value);
            case >= CsrNumber.Pmpaddr0 and <= CsrNumber.Pmpaddr63: WritePmpaddr((int)(csr - CsrNumber.Pmpaddr0), value); return true;

            case CsrNumber.Mcycle: WriteCounter(CounterCycle, value); return true;
            case CsrNumber.Minstret: WriteCounter(CounterInstret, value); return true;
            case >= CsrNumber.Mhpmcounter3 and <= CsrNumber.Mhpmcounter31: return TryWriteHpmCounter(csr, value);

            case CsrNumber.Tselect: case CsrNumber.Tdata1: case CsrNumber.Tdata2: case CsrNumber.Tdata3:
                return true; // no triggers: writes are ignored
            default:
                return false;
        }
    }
}
