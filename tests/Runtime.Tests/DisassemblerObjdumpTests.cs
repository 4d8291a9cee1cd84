// The disassembler against objdump, instruction by instruction: every compressed parcel, random fillings of
// every table row, every CSR number under each privileged spec, uniformly random words and the SYSTEM space.
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Tests;

public class DisassemblerObjdumpTests
{
    private static readonly DisassemblerOptions RawBinary = new() { Extensions = ExtensionSet.Rv64gc };

    /// <summary>Disassembles raw bytes (from address 0) the way objdump -b binary -D -z reads them and compares.</summary>
    private static void CompareRaw(string what, byte[] code, DisassemblerOptions options, params string[] objdumpArgs)
    {
        var expected = DisassemblerOracle.DisassembleRaw(code, objdumpArgs);
        var session = new DisassemblerSession(options);
        var mismatches = new List<string>();
        int offset = 0, index = 0;
        while (offset + 2 <= code.Length)
        {
            string actual = session.Format(code.AsSpan(offset), (ulong)offset, out int length);
            var line = index < expected.Count ? expected[index] : default;
            if (line.Address != (ulong)offset || line.Text != actual)
                mismatches.Add($"{offset:x}: {Hex(code, offset, length)} expected \"{line.Text}\" at {line.Address:x}, actual \"{actual}\"");
            offset += length;
            index++;
        }
        Assert.Equal(expected.Count, index);
        DisassemblerOracle.AssertNoMismatches(what, index, mismatches);
    }

    private static string Hex(byte[] code, int offset, int length) =>
        Convert.ToHexString(code.AsSpan(offset, Math.Min(length, code.Length - offset)).ToArray().Reverse().ToArray()).ToLowerInvariant();

    [Fact]
    public void Every_compressed_parcel_matches_objdump()
    {
        var parcels = Enumerable.Range(0, 65536).Where(p => (p & 3) != 3).ToList();
        byte[] code = parcels.SelectMany(p => new[] { (byte)p, (byte)(p >> 8) }).ToArray();
        CompareRaw("compressed parcels", code, RawBinary);
        Assert.Equal(49152, parcels.Count);
    }

    /// <summary>200 random fillings of each row's operand bits (RVJIT_DISASM_FILLINGS and RVJIT_DISASM_SEED
    /// change the count and seed), biased towards the values aliases test (x0, ra, sp, zero immediates, -1,
    /// named CSRs, rm = dyn, equal registers), assembled with every extension binutils 2.40 knows enabled.</summary>
    [Fact]
    public void Random_fillings_of_every_table_row_match_objdump()
    {
        int fillings = int.TryParse(Environment.GetEnvironmentVariable("RVJIT_DISASM_FILLINGS"), out int n) ? n : 200;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("RVJIT_DISASM_SEED"), out int s) ? s : 20240611;
        var random = new Random(seed);
        var words = new List<uint>();
        // Zicond is newer than the binutils here (2.40): Zicond_prints_as_newer_binutils_spell_it covers it.
        foreach (var row in InstructionTable.Rows.Where(r => r.Extension != Extension.Zicond))
            for (int i = 0; i < fillings; i++)
                words.Add(RandomFilling(row, random));
        var expected = DisassemblerOracle.DisassembleWords(words, "rv64gc_zba_zbb_zbs_zbc_zbkb_zbkc_zbkx_zfh_zihintpause_zicbom_zicboz_zicbop");
        Assert.Equal(words.Count, expected.Count);

        // A relocatable object: objdump names addresses relative to the (symbol-less) .text section.
        var session = new DisassemblerSession(DisassemblerOptions.Default, a => a == 0 ? ".text" : $".text+0x{a:x}");
        var mismatches = new List<string>();
        for (int i = 0; i < words.Count; i++)
        {
            ulong pc = (ulong)i * 4;
            string actual = session.Format(Decoder.Decode(words[i]), pc);
            if (expected[i].Text != actual)
                mismatches.Add($"{pc:x}: {words[i]:x8} ({Decoder.Find32(words[i])?.Mnemonic}) expected \"{expected[i].Text}\", actual \"{actual}\"");
        }
        DisassemblerOracle.AssertNoMismatches("table rows", words.Count, mismatches);
    }

    internal static uint RandomFilling(InstructionDef row, Random random)
    {
        uint w = (uint)random.NextInt64(0, 1L << 32);
        uint Set(uint v, int shift, int bits, uint x) => (v & ~(((1u << bits) - 1) << shift)) | ((x & ((1u << bits) - 1)) << shift);
        uint[] regs = [0, 1, 2, 3, 4, 8];
        uint[] imms = [0, 1, 2, 3, 0xfff, 0xff, 0x800, 0x7ff, 0xc00, 0xc01, 0xc02, 0xc80, 0x100, 0x180, 0x300, 0x341, 0xf14, 0x0ff, 0x033, 0x831, 0x010, 0x8ff];
        if (random.Next(2) == 0) w = Set(w, 7, 5, regs[random.Next(regs.Length)]);
        if (random.Next(2) == 0) w = Set(w, 15, 5, regs[random.Next(regs.Length)]);
        if (random.Next(2) == 0) w = Set(w, 20, 5, regs[random.Next(regs.Length)]);
        if (random.Next(4) == 0) w = Set(w, 12, 3, random.Next(2) == 0 ? 0u : 7u);
        if (random.Next(3) == 0) w = Set(w, 20, 12, imms[random.Next(imms.Length)]);
        if (random.Next(5) == 0) w = Set(w, 25, 7, 0);
        if (random.Next(6) == 0) w = Set(w, 20, 5, (w >> 15) & 31); // rs2 = rs1
        return (w & ~row.Mask) | row.Match;
    }

    [Theory]
    [InlineData(PrivSpec.V1_9_1, "1.9.1")]
    [InlineData(PrivSpec.V1_10, "1.10")]
    [InlineData(PrivSpec.V1_11, "1.11")]
    [InlineData(PrivSpec.V1_12, "1.12")]
    public void Every_csr_number_is_named_like_objdump(PrivSpec spec, string objdumpSpec)
    {
        // csrrs a0, csr, a1: no alias applies, so the CSR operand is printed for all 4096 numbers.
        byte[] code = Enumerable.Range(0, 4096)
            .SelectMany(csr => BitConverter.GetBytes(Encoder.Encode(Op.Csrrs, rd: 10, rs1: 11, imm: csr))).ToArray();
        CompareRaw($"CSR names ({objdumpSpec})", code, RawBinary with { PrivSpec = spec }, "-M", $"priv-spec={objdumpSpec}");
    }

    [Fact]
    public void Uniformly_random_words_match_objdump()
    {
        var random = new Random(7);
        var bytes = new List<byte>();
        while (bytes.Count < 400_000)
        {
            uint w = (uint)random.NextInt64(0, 1L << 32) | 3;
            if ((w & 0x1f) == 0x1f) continue; // keep to 32-bit lengths so the stream stays aligned
            bytes.AddRange(BitConverter.GetBytes(w));
        }
        CompareRaw("random 32-bit words", bytes.ToArray(), RawBinary);
    }

    /// <summary>Every funct12 of the SYSTEM opcode with funct3 = 0 (ecall, ebreak, xret, wfi, sfence.*, and what
    /// older specs defined), with rs1 and rd zero and not.</summary>
    [Fact]
    public void System_opcode_space_matches_objdump()
    {
        var bytes = new List<byte>();
        foreach (uint rs1 in new uint[] { 0, 5 })
            foreach (uint rd in new uint[] { 0, 6 })
                for (uint funct12 = 0; funct12 < 4096; funct12++)
                    bytes.AddRange(BitConverter.GetBytes(funct12 << 20 | rs1 << 15 | rd << 7 | 0x73));
        CompareRaw("SYSTEM opcode", bytes.ToArray(), RawBinary);
    }

    /// <summary>A file that names only RV64GC: objdump prints the bit-manipulation, Zicond, Zfh rows as raw words
    /// (and pause as the fence it is).</summary>
    [Fact]
    public void Extensions_outside_the_arch_print_as_raw_words()
    {
        var random = new Random(3);
        var rows = InstructionTable.Rows.Where(r => r.Extension is Extension.Zba or Extension.Zbb or Extension.Zbs
            or Extension.Zbc or Extension.Zbkb or Extension.Zbkx or Extension.Zicond or Extension.Zihintpause
            or Extension.Zfh or Extension.Zfhmin).ToList();
        byte[] code = rows.SelectMany(r => Enumerable.Range(0, 20).Select(_ => RandomFilling(r, random)))
            .SelectMany(BitConverter.GetBytes).ToArray();
        CompareRaw("bit manipulation under rv64gc", code, RawBinary);
    }
}
