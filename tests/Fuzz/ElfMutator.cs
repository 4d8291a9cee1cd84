// Mutations of a valid ELF64 file: byte flips, field-aware changes to its headers, truncation, growth.
using System.Buffers.Binary;
using System.Text;

namespace RvJit.Fuzz;

/// <summary>
/// Produces a mutant of a seed ELF file from a seeded <see cref="Random"/>: one to three mutations chosen
/// among random byte changes, ELF header fields, program header fields (offsets, addresses, sizes, flags,
/// alignment, types, PT_INTERP's path, PT_GNU_STACK, PT_DYNAMIC), section header fields, truncation and
/// growth (a large size with a hole: the file stays sparse on disk). Describes what it did, for reports.
/// </summary>
public static class ElfMutator
{
    private const int PhdrSize = 56, ShdrSize = 64;

    // p_type values worth swapping in: LOAD, DYNAMIC, INTERP, NOTE, PHDR, TLS, GNU_STACK, GNU_RELRO, GNU_EH_FRAME, RISCV_ATTRIBUTES.
    private static readonly uint[] SegmentTypes = [1, 2, 3, 4, 6, 7, 0x6474e551, 0x6474e552, 0x6474e550, 0x70000003, 0, 0xffffffff];

    public sealed record Mutant(byte[] Bytes, long SparseLength, string Description);

    public static Mutant Mutate(byte[] seed, Random random)
    {
        var bytes = (byte[])seed.Clone();
        long sparse = 0;
        var what = new List<string>();
        int count = 1 + random.Next(3);
        for (int i = 0; i < count; i++)
        {
            switch (random.Next(12))
            {
                case 0: case 1: what.Add(FlipBytes(bytes, random)); break;
                case 2: what.Add(ElfHeaderField(bytes, random)); break;
                case 3: case 4: case 5: what.Add(ProgramHeaderField(bytes, random)); break;
                case 6: what.Add(SectionHeaderField(bytes, random)); break;
                case 7: what.Add(Interpreter(bytes, random)); break;
                case 8:
                {
                    int length = random.Next(2) == 0 ? random.Next(Math.Min(bytes.Length, 4096)) : random.Next(bytes.Length);
                    bytes = bytes[..length];
                    what.Add($"truncate to {length}");
                    break;
                }
                case 9:
                    sparse = random.Next(2) == 0 ? bytes.Length + random.Next(1 << 16) : (long)random.Next(1, 64) << 20;
                    what.Add($"grow to {sparse} (sparse)");
                    break;
                case 10: what.Add(SwapProgramHeaders(bytes, random)); break;
                default: what.Add(OverwriteWord(bytes, random)); break;
            }
        }
        return new Mutant(bytes, Math.Max(sparse, bytes.Length), string.Join("; ", what));
    }

    /// <summary>Writes the mutant; growth sets the length past the data (a hole, not written zeros).</summary>
    public static void Write(Mutant mutant, string path)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        f.Write(mutant.Bytes);
        if (mutant.SparseLength > mutant.Bytes.Length) f.SetLength(mutant.SparseLength);
    }

    private static ulong Interesting(Random random, ulong original, long fileLength)
    {
        return random.Next(16) switch
        {
            0 => 0,
            1 => 1,
            2 => 0xfff,
            3 => 0x1000,
            4 => 0x7fff_ffff,
            5 => 0x8000_0000,
            6 => 0xffff_ffff,
            7 => ulong.MaxValue,
            8 => 0x8000_0000_0000_0000,
            9 => 0x3f_ffff_f000,
            10 => (ulong)fileLength + (ulong)random.Next(-8, 9),
            11 => original + (ulong)random.Next(-4096, 4097),
            12 => original * 2,
            13 => original ^ (1UL << random.Next(64)),
            14 => 0xffff_ffff_ffff_f000,
            _ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40),
        };
    }

    private static string FlipBytes(byte[] bytes, Random random)
    {
        if (bytes.Length == 0) return "flip nothing";
        int changes = 1 + random.Next(8);
        int headers = Math.Min(bytes.Length, 64 + 16 * PhdrSize);
        for (int k = 0; k < changes; k++)
        {
            int at = random.Next(random.Next(2) == 0 ? headers : bytes.Length);
            bytes[at] = random.Next(3) switch
            {
                0 => (byte)(bytes[at] ^ (1 << random.Next(8))),
                1 => (byte)random.Next(256),
                _ => 0xff,
            };
        }
        return $"{changes} byte changes";
    }

    private static readonly (string Name, int Offset, int Size)[] HeaderFields =
    [
        ("ei_class", 4, 1), ("ei_data", 5, 1), ("ei_version", 6, 1), ("ei_osabi", 7, 1), ("e_type", 0x10, 2),
        ("e_machine", 0x12, 2), ("e_version", 0x14, 4), ("e_entry", 0x18, 8), ("e_phoff", 0x20, 8), ("e_shoff", 0x28, 8),
        ("e_flags", 0x30, 4), ("e_ehsize", 0x34, 2), ("e_phentsize", 0x36, 2), ("e_phnum", 0x38, 2),
        ("e_shentsize", 0x3a, 2), ("e_shnum", 0x3c, 2), ("e_shstrndx", 0x3e, 2),
    ];

    private static string ElfHeaderField(byte[] bytes, Random random)
    {
        var (name, offset, size) = HeaderFields[random.Next(HeaderFields.Length)];
        if (bytes.Length < offset + size) return $"{name}: file too short";
        ulong value = name switch
        {
            "e_type" => (ulong)random.Next(5),
            "e_phnum" or "e_shnum" => (ulong)(random.Next(2) == 0 ? random.Next(40) : random.Next(0x10000)),
            "ei_osabi" => (ulong)(random.Next(2) == 0 ? 3 : random.Next(256)),
            _ => Interesting(random, Read(bytes, offset, size), bytes.Length),
        };
        Write(bytes, offset, size, value);
        return $"{name} = 0x{Read(bytes, offset, size):x}";
    }

    private static readonly (string Name, int Offset, int Size)[] PhdrFields =
    [
        ("p_type", 0, 4), ("p_flags", 4, 4), ("p_offset", 8, 8), ("p_vaddr", 0x10, 8), ("p_paddr", 0x18, 8),
        ("p_filesz", 0x20, 8), ("p_memsz", 0x28, 8), ("p_align", 0x30, 8),
    ];

    private static int PhdrCount(byte[] bytes, out long phoff)
    {
        phoff = bytes.Length >= 64 ? (long)Read(bytes, 0x20, 8) : -1;
        if (bytes.Length < 64 || phoff < 64 || phoff > bytes.Length) return 0;
        int n = (int)Read(bytes, 0x38, 2);
        return (int)Math.Min(n, (bytes.Length - phoff) / PhdrSize);
    }

    private static string ProgramHeaderField(byte[] bytes, Random random)
    {
        int n = PhdrCount(bytes, out long phoff);
        if (n == 0) return "phdr: none";
        int index = random.Next(n);
        long at = phoff + index * PhdrSize;
        var (name, offset, size) = PhdrFields[random.Next(PhdrFields.Length)];
        ulong old = Read(bytes, (int)at + offset, size);
        ulong value = name switch
        {
            "p_type" => SegmentTypes[random.Next(SegmentTypes.Length)],
            "p_flags" => (ulong)random.Next(8),
            "p_align" => random.Next(3) switch { 0 => 0, 1 => 1UL << random.Next(40), _ => Interesting(random, old, bytes.Length) },
            _ => Interesting(random, old, bytes.Length),
        };
        Write(bytes, (int)at + offset, size, value);
        return $"phdr[{index}] (type 0x{Read(bytes, (int)at, 4):x}) {name} 0x{old:x} -> 0x{value:x}";
    }

    private static string SwapProgramHeaders(byte[] bytes, Random random)
    {
        int n = PhdrCount(bytes, out long phoff);
        if (n < 2) return "phdr copy: too few";
        int from = random.Next(n), to = random.Next(n);
        Array.Copy(bytes, phoff + from * PhdrSize, bytes, phoff + to * PhdrSize, PhdrSize);
        return $"phdr[{to}] = phdr[{from}]";
    }

    private static readonly (string Name, int Offset, int Size)[] ShdrFields =
    [
        ("sh_name", 0, 4), ("sh_type", 4, 4), ("sh_flags", 8, 8), ("sh_addr", 0x10, 8), ("sh_offset", 0x18, 8),
        ("sh_size", 0x20, 8), ("sh_link", 0x28, 4), ("sh_info", 0x2c, 4), ("sh_addralign", 0x30, 8), ("sh_entsize", 0x38, 8),
    ];

    private static string SectionHeaderField(byte[] bytes, Random random)
    {
        if (bytes.Length < 64) return "shdr: file too short";
        long shoff = (long)Read(bytes, 0x28, 8);
        int n = (int)Read(bytes, 0x3c, 2);
        if (shoff < 64 || shoff > bytes.Length) return "shdr: none";
        n = (int)Math.Min(n, (bytes.Length - shoff) / ShdrSize);
        if (n == 0) return "shdr: none";
        int index = random.Next(n);
        var (name, offset, size) = ShdrFields[random.Next(ShdrFields.Length)];
        int at = (int)(shoff + index * ShdrSize) + offset;
        ulong old = Read(bytes, at, size);
        ulong value = name == "sh_type" ? (ulong)random.Next(20) : Interesting(random, old, bytes.Length);
        Write(bytes, at, size, value);
        return $"shdr[{index}] {name} 0x{old:x} -> 0x{value:x}";
    }

    private static readonly string[] InterpreterPaths =
        ["", "/", "/nonexistent/ld.so", "/proc/self/exe", "/dev/zero", "/lib/ld-linux-riscv64-lp64d.so.1", "ld.so", "/lib"];

    private static string Interpreter(byte[] bytes, Random random)
    {
        int n = PhdrCount(bytes, out long phoff);
        for (int i = 0; i < n; i++)
        {
            int at = (int)(phoff + i * PhdrSize);
            if (Read(bytes, at, 4) != 3) continue;
            long offset = (long)Read(bytes, at + 8, 8), filesz = (long)Read(bytes, at + 0x20, 8);
            if (offset < 0 || filesz <= 0 || offset + filesz > bytes.Length) return "interp: out of file";
            string path = InterpreterPaths[random.Next(InterpreterPaths.Length)];
            var text = Encoding.ASCII.GetBytes(path);
            int len = (int)Math.Min(text.Length, filesz);
            Array.Clear(bytes, (int)offset, (int)filesz);
            Array.Copy(text, 0, bytes, offset, len);
            if (random.Next(4) == 0) bytes[offset + filesz - 1] = (byte)'x'; // no terminating NUL
            return $"interp = \"{path}\"";
        }
        return "interp: none";
    }

    private static string OverwriteWord(byte[] bytes, Random random)
    {
        if (bytes.Length < 8) return "word: file too short";
        int at = random.Next(bytes.Length / 8) * 8;
        ulong old = Read(bytes, at, 8);
        ulong value = Interesting(random, old, bytes.Length);
        Write(bytes, at, 8, value);
        return $"word at 0x{at:x} = 0x{value:x}";
    }

    private static ulong Read(byte[] b, int at, int size) => size switch
    {
        1 => b[at],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at)),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at)),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at)),
    };

    private static void Write(byte[] b, int at, int size, ulong v)
    {
        switch (size)
        {
            case 1: b[at] = (byte)v; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), (ushort)v); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), (uint)v); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), v); break;
        }
    }
}
