// Random corruption of valid images: the reader may accept or reject, but must only ever throw ElfFormatException.
using RvJit.Runtime.Elf;

namespace RvJit.Runtime.Tests;

public class ElfFuzzTests
{
    public static TheoryData<string> Images => new() { "bare-metal", "shared-object" };

    private static byte[] Build(string which) =>
        (which == "bare-metal" ? ElfTestBuilder.BareMetalTest() : ElfTestBuilder.LinuxSharedObject()).Build().Bytes;

    /// <summary>Parses and touches everything a loader would; returns whether the image was accepted.</summary>
    private static bool ParseAndUse(byte[] bytes)
    {
        try
        {
            var image = ElfImage.Parse(bytes, "fuzz.elf");
            foreach (var segment in image.ProgramHeaders)
                _ = image.SegmentData(segment).Length;
            foreach (var section in image.Sections)
                _ = image.SectionData(section).Length;
            image.TryGetSymbol("tohost", out _);
            try
            {
                image.CheckFitsIn(0x8000_0000, 0x1000_0000);
            }
            catch (ElfFormatException)
            {
            }
            return true;
        }
        catch (ElfFormatException e)
        {
            Assert.StartsWith("fuzz.elf: ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
            return false;
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Random_byte_changes_only_raise_elf_format_errors(string which)
    {
        var original = Build(which);
        var random = new Random(12345);
        int rejected = 0;
        const int Rounds = 3000;
        for (int round = 0; round < Rounds; round++)
        {
            var bytes = (byte[])original.Clone();
            int changes = 1 + random.Next(4);
            for (int k = 0; k < changes; k++)
            {
                // Bias towards the headers, where a change matters most.
                int limit = random.Next(2) == 0 ? Math.Min(bytes.Length, 64 + 8 * 56) : bytes.Length;
                int at = random.Next(limit);
                bytes[at] = random.Next(3) switch
                {
                    0 => (byte)(bytes[at] ^ (1 << random.Next(8))),
                    1 => 0xff,
                    _ => (byte)random.Next(256),
                };
            }
            if (!ParseAndUse(bytes))
                rejected++;
        }
        // Both outcomes must occur, or the mutations are not exercising the checks.
        Assert.InRange(rejected, 1, Rounds - 1);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_truncation_only_raises_elf_format_errors(string which)
    {
        // A cut file is rejected unless only its section or symbol tables were cut: those are a warning.
        var original = Build(which);
        var whole = ElfImage.Parse(original, "t");
        ulong segmentsEnd = whole.ProgramHeaders.Max(p => p.Offset + p.FileSize);
        int accepted = 0;
        for (int length = 0; length < original.Length; length++)
        {
            if (!ParseAndUse(original[..length]))
                continue;
            accepted++;
            Assert.True((ulong)length >= segmentsEnd, $"truncated to {length} bytes, inside a segment, was accepted");
            Assert.NotNull(ElfImage.Parse(original[..length], "t").SectionProblem);
        }
        Assert.InRange(accepted, 1, original.Length - (int)segmentsEnd);
        Assert.True(ParseAndUse(original));
        Assert.Null(whole.SectionProblem);
    }

    [Fact]
    public void Random_field_values_in_headers_only_raise_elf_format_errors()
    {
        var built = ElfTestBuilder.BareMetalTest().Build();
        var random = new Random(777);
        ulong[] interesting = [0, 1, 8, 24, 56, 64, 0x7fff_ffff, 0x8000_0000, ulong.MaxValue, ulong.MaxValue - 7, (ulong)built.Bytes.Length];
        for (int round = 0; round < 3000; round++)
        {
            var bytes = built.Copy();
            // Overwrite one aligned 8-byte field in the ELF header, a program header or a section header.
            int region = random.Next(3);
            int at = region switch
            {
                0 => 16 + 8 * random.Next(6),
                1 => built.ProgramHeaderOffset + 8 * random.Next(3 * 56 / 8),
                _ => built.SectionHeaderOffset + 8 * random.Next((built.NameTableIndex + 1) * 8),
            };
            BuiltElf.PutU64(bytes, at, interesting[random.Next(interesting.Length)]);
            ParseAndUse(bytes);
        }
    }
}
