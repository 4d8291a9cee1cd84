namespace RvJit.Cli;

/// <summary>Which files under `rvjit test`'s directory are test programs: RISC-V ELF executables.</summary>
internal static class TestDiscovery
{
    private const ushort MachineRiscv = 243, TypeRel = 1, TypeDyn = 3;

    /// <summary>A RISC-V ELF that is not a relocatable object or a shared library (by its .so name: a
    /// position-independent executable has the same ELF type). Host binaries and data files are skipped.</summary>
    public static bool IsTestProgram(string path)
    {
        try
        {
            using var s = File.OpenRead(path);
            Span<byte> h = stackalloc byte[20];
            if (s.ReadAtLeast(h, h.Length, throwOnEndOfStream: false) < h.Length) return false;
            if (h[0] != 0x7F || h[1] != (byte)'E' || h[2] != (byte)'L' || h[3] != (byte)'F') return false;
            bool little = h[5] != 2;
            ushort type = little ? (ushort)(h[16] | h[17] << 8) : (ushort)(h[17] | h[16] << 8);
            ushort machine = little ? (ushort)(h[18] | h[19] << 8) : (ushort)(h[19] | h[18] << 8);
            if (machine != MachineRiscv || type == TypeRel) return false;
            string name = Path.GetFileName(path);
            return !(type == TypeDyn && (name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal)));
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
