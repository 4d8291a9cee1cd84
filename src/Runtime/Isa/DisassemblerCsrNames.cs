// The names the disassembler prints for CSR numbers, per privileged-spec version (what objdump prints).
namespace RvJit.Runtime.Isa;

/// <summary>A version of the RISC-V privileged specification; CSR names depend on it.</summary>
public enum PrivSpec : byte
{
    V1_9_1,
    V1_10,
    V1_11,
    V1_12,
}

/// <summary>
/// Standard CSR names. Most names never changed; the rest are listed with the first and last privileged-spec
/// version that defines them (user-mode trap CSRs left in 1.12, "badaddr" became "tval" in 1.10, ...). A
/// number with no name is printed in hex by the disassembler. The set is the one GNU binutils 2.40 knows.
/// </summary>
public static class CsrNames
{
    private static readonly string?[][] byVersion = Build();

    /// <summary>The name of <paramref name="csr"/> under <paramref name="spec"/>, or null if it has none.</summary>
    public static string? Get(uint csr, PrivSpec spec = PrivSpec.V1_12) =>
        csr < 4096 ? byVersion[(int)spec][csr] : null;

    private static string?[][] Build()
    {
        var versions = Enum.GetValues<PrivSpec>();
        var tables = new string?[versions.Length][];
        for (int v = 0; v < versions.Length; v++)
        {
            var table = tables[v] = new string?[4096];
            foreach (var (number, name) in Unversioned()) table[number] = name;
            foreach (var (number, name, first, last) in Versioned())
                if (versions[v] >= first && versions[v] <= last) table[number] = name;
        }
        return tables;
    }

    /// <summary>Names every version shares.</summary>
    private static IEnumerable<(int Number, string Name)> Unversioned()
    {
        (int, string)[] single =
        [
            // Unprivileged: floating point, vector, entropy source.
            (0x001, "fflags"), (0x002, "frm"), (0x003, "fcsr"),
            (0x008, "vstart"), (0x009, "vxsat"), (0x00a, "vxrm"), (0x00f, "vcsr"), (0x015, "seed"),
            (0xc00, "cycle"), (0xc01, "time"), (0xc02, "instret"),
            (0xc80, "cycleh"), (0xc81, "timeh"), (0xc82, "instreth"),
            (0xc20, "vl"), (0xc21, "vtype"), (0xc22, "vlenb"),
            // Supervisor.
            (0x100, "sstatus"), (0x104, "sie"), (0x105, "stvec"),
            (0x10c, "sstateen0"), (0x10d, "sstateen1"), (0x10e, "sstateen2"), (0x10f, "sstateen3"),
            (0x114, "sieh"), (0x140, "sscratch"), (0x141, "sepc"), (0x142, "scause"), (0x144, "sip"),
            (0x14d, "stimecmp"), (0x150, "siselect"), (0x151, "sireg"), (0x154, "siph"), (0x15c, "stopei"),
            (0x15d, "stimecmph"), (0x5a8, "scontext"), (0xda0, "scountovf"), (0xdb0, "stopi"),
            // Virtual supervisor.
            (0x200, "vsstatus"), (0x204, "vsie"), (0x205, "vstvec"), (0x214, "vsieh"), (0x240, "vsscratch"),
            (0x241, "vsepc"), (0x242, "vscause"), (0x243, "vstval"), (0x244, "vsip"), (0x24d, "vstimecmp"),
            (0x250, "vsiselect"), (0x251, "vsireg"), (0x254, "vsiph"), (0x25c, "vstopei"), (0x25d, "vstimecmph"),
            (0x280, "vsatp"), (0xeb0, "vstopi"),
            // Hypervisor.
            (0x600, "hstatus"), (0x602, "hedeleg"), (0x603, "hideleg"), (0x604, "hie"), (0x605, "htimedelta"),
            (0x606, "hcounteren"), (0x607, "hgeie"), (0x608, "hvien"), (0x609, "hvictl"), (0x60a, "henvcfg"),
            (0x60c, "hstateen0"), (0x60d, "hstateen1"), (0x60e, "hstateen2"), (0x60f, "hstateen3"),
            (0x613, "hidelegh"), (0x615, "htimedeltah"), (0x618, "hvienh"), (0x61a, "henvcfgh"),
            (0x61c, "hstateen0h"), (0x61d, "hstateen1h"), (0x61e, "hstateen2h"), (0x61f, "hstateen3h"),
            (0x643, "htval"), (0x644, "hip"), (0x645, "hvip"), (0x646, "hviprio1"), (0x647, "hviprio2"),
            (0x64a, "htinst"), (0x655, "hviph"), (0x656, "hviprio1h"), (0x657, "hviprio2h"),
            (0x680, "hgatp"), (0x6a8, "hcontext"), (0xe12, "hgeip"),
            // Machine.
            (0x300, "mstatus"), (0x301, "misa"), (0x302, "medeleg"), (0x303, "mideleg"), (0x304, "mie"),
            (0x305, "mtvec"), (0x308, "mvien"), (0x309, "mvip"),
            (0x30c, "mstateen0"), (0x30d, "mstateen1"), (0x30e, "mstateen2"), (0x30f, "mstateen3"),
            (0x313, "midelegh"), (0x314, "mieh"), (0x318, "mvienh"), (0x319, "mviph"),
            (0x31c, "mstateen0h"), (0x31d, "mstateen1h"), (0x31e, "mstateen2h"), (0x31f, "mstateen3h"),
            (0x340, "mscratch"), (0x341, "mepc"), (0x342, "mcause"), (0x344, "mip"),
            (0x350, "miselect"), (0x351, "mireg"), (0x354, "miph"), (0x35c, "mtopei"),
            (0xb00, "mcycle"), (0xb02, "minstret"), (0xb80, "mcycleh"), (0xb82, "minstreth"),
            (0xf11, "mvendorid"), (0xf12, "marchid"), (0xf13, "mimpid"), (0xf14, "mhartid"), (0xfb0, "mtopi"),
            // Debug and trigger.
            (0x7a0, "tselect"), (0x7a1, "tdata1"), (0x7a2, "tdata2"), (0x7a3, "tdata3"), (0x7a4, "tinfo"),
            (0x7a5, "tcontrol"), (0x7a8, "mcontext"), (0x7aa, "mscontext"),
            (0x7b0, "dcsr"), (0x7b1, "dpc"), (0x7b2, "dscratch0"), (0x7b3, "dscratch1"),
        ];
        foreach (var entry in single) yield return entry;
        // The numbered counter families: counter n lives at base + n.
        for (int n = 3; n <= 31; n++)
        {
            yield return (0xc00 + n, $"hpmcounter{n}");
            yield return (0xc80 + n, $"hpmcounter{n}h");
            yield return (0xb00 + n, $"mhpmcounter{n}");
            yield return (0xb80 + n, $"mhpmcounter{n}h");
            yield return (0x320 + n, $"mhpmevent{n}");
            yield return (0x720 + n, $"mhpmevent{n}h");
        }
    }

    /// <summary>Names that only some versions define, with the first and last such version.</summary>
    private static IEnumerable<(int Number, string Name, PrivSpec First, PrivSpec Last)> Versioned()
    {
        const PrivSpec v191 = PrivSpec.V1_9_1, v110 = PrivSpec.V1_10, v111 = PrivSpec.V1_11, v112 = PrivSpec.V1_12;
        (int, string, PrivSpec, PrivSpec)[] single =
        [
            // User-mode trap handling (the N extension), dropped in 1.12.
            (0x000, "ustatus", v191, v111), (0x004, "uie", v191, v111), (0x005, "utvec", v191, v111),
            (0x040, "uscratch", v191, v111), (0x041, "uepc", v191, v111), (0x042, "ucause", v191, v111),
            (0x043, "ubadaddr", v191, v191), (0x043, "utval", v110, v111), (0x044, "uip", v191, v111),
            (0x102, "sedeleg", v191, v111), (0x103, "sideleg", v191, v111),
            // Renamed or introduced in 1.10.
            (0x106, "scounteren", v110, v112), (0x143, "sbadaddr", v191, v191), (0x143, "stval", v110, v112),
            (0x180, "sptbr", v191, v191), (0x180, "satp", v110, v112), (0x306, "mcounteren", v110, v112),
            (0x320, "mucounteren", v191, v191), (0x321, "mscounteren", v191, v191),
            (0x322, "mhcounteren", v191, v191), (0x320, "mcountinhibit", v111, v112),
            (0x343, "mbadaddr", v191, v191), (0x343, "mtval", v110, v112),
            (0x380, "mbase", v191, v191), (0x381, "mbound", v191, v191), (0x382, "mibase", v191, v191),
            (0x383, "mibound", v191, v191), (0x384, "mdbase", v191, v191), (0x385, "mdbound", v191, v191),
            // Introduced in 1.12.
            (0x10a, "senvcfg", v112, v112), (0x30a, "menvcfg", v112, v112), (0x310, "mstatush", v112, v112),
            (0x31a, "menvcfgh", v112, v112), (0x34a, "mtinst", v112, v112), (0x34b, "mtval2", v112, v112),
            (0x747, "mseccfg", v112, v112), (0x757, "mseccfgh", v112, v112), (0xf15, "mconfigptr", v112, v112),
        ];
        foreach (var entry in single) yield return entry;
        for (int n = 0; n < 16; n++)
            yield return (0x3a0 + n, $"pmpcfg{n}", n < 4 ? v110 : v112, v112);
        for (int n = 0; n < 64; n++)
            yield return (0x3b0 + n, $"pmpaddr{n}", n < 16 ? v110 : v112, v112);
    }
}
