// Linux signal numbers in the GDB remote protocol, which numbers signals its own way.
namespace RvJit.Kernel.Debug;

/// <summary>Linux's signal numbers to GDB's target-independent ones and back (they differ from SIGBUS on).</summary>
public static class GdbSignals
{
    // (Linux, GDB): gdb/include/gdb/signals.def.
    private static readonly (int Linux, int Gdb)[] Pairs =
    [
        (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 10), (8, 8), (9, 9), (10, 30), (11, 11), (12, 31),
        (13, 13), (14, 14), (15, 15), (16, 0), (17, 20), (18, 19), (19, 17), (20, 18), (21, 21), (22, 22),
        (23, 16), (24, 24), (25, 25), (26, 26), (27, 27), (28, 28), (29, 23), (30, 32), (31, 12),
    ];

    /// <summary>GDB's number for a Linux signal (143, GDB's "unknown signal", for one it has no name for).</summary>
    public static int ToGdb(int linux)
    {
        foreach (var (l, g) in Pairs) if (l == linux && g != 0) return g;
        // GDB_SIGNAL_REALTIME_33..63 are 45..75; 32 and 64 come later.
        return linux switch { >= 33 and <= 63 => linux + 12, 32 => 77, 64 => 78, _ => 143 };
    }

    /// <summary>The Linux signal for a GDB signal number, 0 if there is none.</summary>
    public static int FromGdb(int gdb)
    {
        foreach (var (l, g) in Pairs) if (g == gdb) return l;
        return gdb switch { >= 45 and <= 75 => gdb - 12, 77 => 32, 78 => 64, _ => 0 };
    }
}
