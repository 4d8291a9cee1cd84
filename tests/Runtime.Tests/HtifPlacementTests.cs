// Where an image puts its HTIF words: setup costs nothing proportional to the distance between them.
using RvJit.Runtime.Elf;
using RvJit.Runtime.Machines;

namespace RvJit.Runtime.Tests;

public class HtifPlacementTests
{
    /// <summary>auipc t0, 1 (t0 = tohost); li t1, 43; sd t1, 0(t0); j . — exits with code 21 through HTIF.</summary>
    private static readonly byte[] ExitCode21 =
    [
        0x97, 0x12, 0x00, 0x00,
        0x13, 0x03, 0xb0, 0x02,
        0x23, 0xb0, 0x62, 0x00,
        0x6f, 0x00, 0x00, 0x00,
    ];

    private static ElfImage ImageWithFromhostAt(ulong fromhost)
    {
        var b = new ElfTestBuilder { Entry = 0x8000_0000 };
        b.AddLoad(0x8000_0000, ExitCode21, flags: ElfTestBuilder.PfR | ElfTestBuilder.PfX);
        b.AddLoad(0x8000_1000, new byte[16], flags: ElfTestBuilder.PfR | ElfTestBuilder.PfW);
        int text = b.AddSection(".text.init", ElfTestBuilder.ShtProgBits, ElfTestBuilder.ShfAlloc | ElfTestBuilder.ShfExec, 0x8000_0000, ExitCode21);
        int data = b.AddSection(".tohost", ElfTestBuilder.ShtProgBits, ElfTestBuilder.ShfAlloc | ElfTestBuilder.ShfWrite, 0x8000_1000, new byte[16]);
        b.AddSymbol("_start", 0x8000_0000, type: ElfTestBuilder.SttNoType, sectionIndex: (ushort)text);
        b.AddSymbol("tohost", 0x8000_1000, size: 8, sectionIndex: (ushort)data);
        b.AddSymbol("fromhost", fromhost, size: 8, sectionIndex: (ushort)data);
        return ElfImage.Parse(b.Build().Bytes, "far.elf");
    }

    [Theory]
    [InlineData(0x8000_1008UL)]             // the usual layout
    [InlineData(0x4000_0000_0000_0000UL)]   // 2^62 above: 2^50 pages between the words
    public async Task Fromhost_far_from_tohost_sets_up_at_once_and_the_image_exits(ulong fromhost)
    {
        var image = ImageWithFromhostAt(fromhost);
        var run = Task.Run(() =>
        {
            using var machine = SystemMachine.FromImage(image, new MachineOptions { Timeout = TimeSpan.FromSeconds(30) });
            return machine.Run();
        });
        // Walking the pages between the words took hours; the bound only detects a hang.
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(StopReason.HtifExit, outcome.Reason);
        Assert.Equal(21, outcome.ExitCode);
    }

    [Theory]
    [InlineData(0xffff_ffff_ffff_fffcUL)]
    [InlineData(0xffff_ffff_ffff_fff9UL)]
    public void Fromhost_word_crossing_the_top_of_the_address_space_is_a_one_line_error(ulong fromhost)
    {
        var image = ImageWithFromhostAt(fromhost);
        var e = Assert.Throws<ElfFormatException>(() => SystemMachine.FromImage(image, new MachineOptions()));
        Assert.StartsWith("far.elf: HTIF symbols tohost 0x80001000 and fromhost", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
