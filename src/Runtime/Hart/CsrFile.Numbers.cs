// The CSR numbers (addresses in the 12-bit CSR space) that rvjit implements, by name.
namespace RvJit.Runtime.Hart;

/// <summary>
/// Named CSR numbers. Bits 9:8 of a number give the lowest privilege that may access it and bits 11:10 = 3
/// mark it read-only (privileged spec, "CSR Address Mapping Conventions").
/// </summary>
public static class CsrNumber
{
    // Unprivileged floating point
    public const uint Fflags = 0x001, Frm = 0x002, Fcsr = 0x003;

    // Unprivileged counters (read-only shadows; hpmcounter3..31 follow instret)
    public const uint Cycle = 0xC00, Time = 0xC01, Instret = 0xC02, Hpmcounter3 = 0xC03, Hpmcounter31 = 0xC1F;

    // Supervisor
    public const uint Sstatus = 0x100, Sie = 0x104, Stvec = 0x105, Scounteren = 0x106, Senvcfg = 0x10A;
    public const uint Sscratch = 0x140, Sepc = 0x141, Scause = 0x142, Stval = 0x143, Sip = 0x144;
    public const uint Stimecmp = 0x14D;
    public const uint Satp = 0x180;

    // Machine information (read-only)
    public const uint Mvendorid = 0xF11, Marchid = 0xF12, Mimpid = 0xF13, Mhartid = 0xF14, Mconfigptr = 0xF15;

    // Machine trap setup and handling
    public const uint Mstatus = 0x300, Misa = 0x301, Medeleg = 0x302, Mideleg = 0x303, Mie = 0x304, Mtvec = 0x305;
    public const uint Mcounteren = 0x306, Menvcfg = 0x30A, Mcountinhibit = 0x320;
    public const uint Mhpmevent3 = 0x323, Mhpmevent31 = 0x33F;
    public const uint Mscratch = 0x340, Mepc = 0x341, Mcause = 0x342, Mtval = 0x343, Mip = 0x344;

    // Physical memory protection (pmpcfg: even numbers only on RV64)
    public const uint Pmpcfg0 = 0x3A0, Pmpcfg15 = 0x3AF, Pmpaddr0 = 0x3B0, Pmpaddr63 = 0x3EF;

    // Machine counters
    public const uint Mcycle = 0xB00, Minstret = 0xB02, Mhpmcounter3 = 0xB03, Mhpmcounter31 = 0xB1F;

    // Debug/trace triggers (none implemented)
    public const uint Tselect = 0x7A0, Tdata1 = 0x7A1, Tdata2 = 0x7A2, Tdata3 = 0x7A3;
}
