// Real programs with the parts of their ELF file that Linux's loader never reads corrupted: whatever
// qemu-riscv64 runs normally, rvjit must run the same way (same stdout, same exit status).
using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace RvJit.Kernel.Tests;

public class ElfMutationTests
{
    private static readonly ConcurrentDictionary<string, Lazy<GuestResult>> QemuResults = new();

    /// <summary>A named corruption of a program file.</summary>
    private sealed record Mutant(string Name, Func<byte[], byte[]> Apply);

    private const int ShOff = 40, Flags = 48, Version = 20, EhSize = 52, ShEntSize = 58, ShNum = 60, ShStrNdx = 62;

    private static ulong SectionTable(byte[] f) => BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(ShOff));
    private static int SectionCount(byte[] f) => BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(ShNum));
    private static int SectionHeader(byte[] f, int index) => (int)SectionTable(f) + 64 * index;

    /// <summary>One past the last file byte of any segment: everything after it only the section tables use.</summary>
    private static int SegmentsEnd(byte[] f)
    {
        int table = (int)BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(32));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(56));
        ulong end = (ulong)(table + 56 * count);
        for (int i = 0; i < count; i++)
        {
            var ph = f.AsSpan(table + 56 * i);
            end = Math.Max(end, BinaryPrimitives.ReadUInt64LittleEndian(ph[8..]) + BinaryPrimitives.ReadUInt64LittleEndian(ph[32..]));
        }
        return (int)end;
    }

    private static Func<byte[], byte[]> Put16(int at, ushort v) => f => { BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(at), v); return f; };
    private static Func<byte[], byte[]> Put32(int at, uint v) => f => { BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(at), v); return f; };
    private static Func<byte[], byte[]> Put64(int at, ulong v) => f => { BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(at), v); return f; };

    /// <summary>Changes field <paramref name="field"/> (offset, size 4 or 8) of every section header of type <paramref name="type"/>.</summary>
    private static Func<byte[], byte[]> EachSection(uint? type, int field, int size, ulong value) => f =>
    {
        for (int i = 0; i < SectionCount(f); i++)
        {
            int at = SectionHeader(f, i);
            if (type is { } t && BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(at + 4)) != t) continue;
            if (size == 4) BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(at + field), (uint)value);
            else BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(at + field), value);
        }
        return f;
    };

    /// <summary>Changes field <paramref name="field"/> (8 bytes) of every program header whose type passes <paramref name="which"/>.</summary>
    private static Func<byte[], byte[]> EachSegment(Func<uint, bool> which, int field, ulong value) => f =>
    {
        int table = (int)BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(32));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(56));
        for (int i = 0; i < count; i++)
        {
            int at = table + 56 * i;
            if (which(BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(at)))) BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(at + field), value);
        }
        return f;
    };

    private const uint ShtSymTab = 2, ShtStrTab = 3, ShtDynSym = 11, PtLoad = 1;

    private static IEnumerable<Mutant> Mutants()
    {
        yield return new("e_shoff 0", Put64(ShOff, 0));
        yield return new("e_shoff past the end", f => Put64(ShOff, (ulong)f.Length + 0x1000)(f));
        yield return new("e_shoff ~0", Put64(ShOff, ulong.MaxValue));
        yield return new("e_shoff misaligned", f => Put64(ShOff, SectionTable(f) + 3)(f));
        yield return new("e_shnum 0", Put16(ShNum, 0));
        yield return new("e_shnum 0xffff", Put16(ShNum, 0xffff));
        yield return new("e_shnum 1", Put16(ShNum, 1));
        yield return new("e_shstrndx 0", Put16(ShStrNdx, 0));
        yield return new("e_shstrndx SHN_XINDEX", Put16(ShStrNdx, 0xffff));
        yield return new("e_shstrndx out of range", f => Put16(ShStrNdx, (ushort)(SectionCount(f) + 7))(f));
        yield return new("e_shstrndx not a string table", Put16(ShStrNdx, 1));
        yield return new("e_shentsize 0", Put16(ShEntSize, 0));
        yield return new("e_shentsize 40", Put16(ShEntSize, 40));
        yield return new("e_flags 0", Put32(Flags, 0));
        yield return new("e_flags ~0", Put32(Flags, uint.MaxValue));
        yield return new("e_version 0", Put32(Version, 0));
        yield return new("e_version ~0", Put32(Version, uint.MaxValue));
        yield return new("e_ehsize 0", Put16(EhSize, 0));
        yield return new("EI_OSABI 0x61", f => { f[7] = 0x61; return f; });
        yield return new("EI_ABIVERSION and EI_PAD", f => { f.AsSpan(8, 8).Fill(0xa5); return f; });
        yield return new("section headers zeroed", f => { f.AsSpan((int)SectionTable(f)).Fill(0); return f; });
        yield return new("section headers 0xff", f => { f.AsSpan((int)SectionTable(f)).Fill(0xff); return f; });
        yield return new("all sh_name 0xffffffff", EachSection(null, 0, 4, uint.MaxValue));
        yield return new("all sh_offset ~0", EachSection(null, 24, 8, ulong.MaxValue));
        yield return new("symbol tables sh_entsize 1", EachSection(ShtSymTab, 56, 8, 1));
        yield return new("dynsym sh_entsize 1", EachSection(ShtDynSym, 56, 8, 1));
        yield return new("symbol tables sh_link 0xffff", EachSection(ShtSymTab, 40, 4, 0xffff));
        yield return new("symbol tables sh_size ~0", EachSection(ShtSymTab, 32, 8, ulong.MaxValue));
        yield return new("string tables sh_size 0", EachSection(ShtStrTab, 32, 8, 0));
        yield return new("string tables sh_offset past the end", EachSection(ShtStrTab, 24, 8, 0x7fff_0000));
        yield return new("section table truncated away", f => f[..(int)SectionTable(f)]);
        yield return new("section table cut in half", f => f[..(int)(SectionTable(f) + (ulong)(f.Length - (int)SectionTable(f)) / 2)]);
        yield return new("sstrip: no section table, tail cut", f =>
        {
            Put64(ShOff, 0)(f);
            Put16(ShNum, 0)(f);
            Put16(ShStrNdx, 0)(f);
            return f[..SegmentsEnd(f)];
        });
        yield return new("p_paddr garbage", EachSegment(_ => true, 24, 0xdead_beef_dead_beef));
        yield return new("PT_LOAD p_align 3", EachSegment(t => t == PtLoad, 48, 3));
        yield return new("other segments' p_align 0", EachSegment(t => t != PtLoad, 48, 0));
        var random = new Random(19);
        for (int n = 0; n < 8; n++)
        {
            int seed = random.Next();
            yield return new($"random bytes after the segments #{n}", f =>
            {
                var r = new Random(seed);
                int start = SegmentsEnd(f);
                for (int k = 1 + r.Next(16); k > 0; k--) f[start + r.Next(f.Length - start)] = (byte)r.Next(256);
                return f;
            });
        }
    }

    public static IEnumerable<object[]> Cases() =>
        from name in new[] { "hello", "args" }
        from linkage in new[] { Linkage.Static, Linkage.Dynamic }
        from engine in new[] { "interp", "jit" }
        select new object[] { name, linkage, engine };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mutants_that_qemu_runs_run_the_same_under_rvjit(string name, Linkage linkage, string engine)
    {
        string program = GuestPrograms.Get(name, linkage);
        string[] args = ["one", "two"];
        string dir = Path.Combine(GuestPrograms.CacheDirectory, "mutants");
        Directory.CreateDirectory(dir);
        var original = File.ReadAllBytes(program);
        // hello under the interpreter gets every mutant; the other cases a third of them each (the JIT
        // compiles every run afresh), always with the stripped and truncated files.
        int stride = name == "hello" && engine == "interp" ? 1 : 3;
        int offset = (name.Length + (int)linkage + engine.Length) % stride;
        var files = Mutants()
            .Where((m, i) => i % stride == offset || m.Name.Contains("trunc") || m.Name.Contains("sstrip"))
            .Select(m => (m.Name, Path: Write(dir, Path.GetFileName(program), m.Name, m.Apply((byte[])original.Clone()))))
            .Append(("strip", Strip(program, dir)))
            .ToList();

        int compared = 0;
        var refused = new List<string>();
        var notRunByQemu = new List<string>();
        foreach (var (mutant, path) in files)
        {
            var expected = QemuResults.GetOrAdd(path, p => new Lazy<GuestResult>(() => GuestRunner.RunQemu(p, args))).Value;
            var actual = GuestRunner.RunRvjit(path, args, engine);
            bool qemuRanIt = expected.ExitCode is >= 0 and < 128 && !expected.Stderr.Contains("qemu-riscv64:");
            if (!qemuRanIt)
            {
                notRunByQemu.Add($"{mutant} ({expected.ExitCode})");
                continue;
            }
            compared++;
            if (actual.Stdout != expected.Stdout || actual.ExitCode != expected.ExitCode)
                refused.Add($"{mutant}: qemu {expected.ExitCode}, rvjit {actual.ExitCode} {actual.Stderr.Trim()}");
        }
        Assert.True(refused.Count == 0, $"rvjit differs from qemu on {refused.Count} of {compared} mutants:\n" + string.Join("\n", refused));
        // The corruptions are of fields Linux ignores: nearly all must run. qemu itself refuses e_ehsize 0,
        // gives e_flags to its CPU model, and crashes reading some symbol tables (it loads them for gdb).
        Assert.True(notRunByQemu.Count <= 4, "qemu did not run: " + string.Join(", ", notRunByQemu));
    }

    private static string Write(string dir, string program, string mutant, byte[] bytes)
    {
        string path = Path.Combine(dir, $"{program}-{string.Concat(mutant.Where(char.IsLetterOrDigit))}");
        File.WriteAllBytes(path, bytes);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string Strip(string program, string dir)
    {
        string path = Path.Combine(dir, Path.GetFileName(program) + "-stripped");
        var (code, output) = GuestPrograms.Exec("riscv64-linux-gnu-strip", ["-o", path, program]);
        Assert.True(code == 0, output);
        return path;
    }
}
