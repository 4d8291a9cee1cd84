// The bare-metal RAM fit check on PT_LOAD physical addresses.
using RvJit.Runtime.Elf;

namespace RvJit.Runtime.Tests;

public class ElfLayoutCheckTests
{
    private const ulong RamBase = 0x8000_0000;
    private const ulong RamSize = 0x1000_0000;

    [Fact]
    public void Image_inside_ram_passes()
    {
        var image = ElfImage.Parse(ElfTestBuilder.BareMetalTest().Build().Bytes, "t");
        image.CheckFitsIn(RamBase, RamSize);
        image.CheckFitsIn(RamBase, 0x1100); // second segment ends exactly at 0x8000_10ff
    }

    [Fact]
    public void Segment_ending_past_ram_is_reported_with_its_range()
    {
        var image = ElfImage.Parse(ElfTestBuilder.BareMetalTest().Build().Bytes, "test.elf");
        var e = Assert.Throws<ElfFormatException>(() => image.CheckFitsIn(RamBase, 0x10ff));
        Assert.Equal("test.elf: segment 1 at 0x80001000 - 0x800010ff lies outside RAM 0x80000000-0x800010fe", e.Message);
    }

    [Fact]
    public void Segment_below_ram_is_reported()
    {
        var builder = new ElfTestBuilder { Entry = 0x1000 };
        builder.AddLoad(0x7fff_f000, new byte[16], memorySize: 0x2000);
        var image = ElfImage.Parse(builder.Build().Bytes, "low.elf");
        var e = Assert.Throws<ElfFormatException>(() => ElfLayoutCheck.CheckFitsIn(image, RamBase, RamSize));
        Assert.Equal("low.elf: segment 0 at 0x7ffff000 - 0x80000fff lies outside RAM 0x80000000-0x8fffffff", e.Message);
    }

    [Fact]
    public void Physical_address_is_used_not_virtual()
    {
        var builder = new ElfTestBuilder { Entry = 0xffff_ffff_8000_0000 };
        builder.AddLoad(0xffff_ffff_8000_0000, new byte[16], physicalAddress: 0x8020_0000);
        var image = ElfImage.Parse(builder.Build().Bytes, "kernel");
        image.CheckFitsIn(RamBase, RamSize);

        builder = new ElfTestBuilder { Entry = 0x8000_0000 };
        builder.AddLoad(0x8000_0000, new byte[16], physicalAddress: 0x1000);
        image = ElfImage.Parse(builder.Build().Bytes, "t");
        Assert.Throws<ElfFormatException>(() => image.CheckFitsIn(RamBase, RamSize));
    }

    [Fact]
    public void Empty_load_segments_and_other_segment_types_are_ignored()
    {
        var builder = ElfTestBuilder.BareMetalTest();
        builder.AddLoad(0x10, [], memorySize: 0);
        builder.AddSegment(ElfTestBuilder.PtNote, new byte[8], 0x10);
        ElfImage.Parse(builder.Build().Bytes, "t").CheckFitsIn(RamBase, RamSize);
    }

    [Fact]
    public void Ram_reaching_the_top_of_the_address_space_is_allowed_but_wrapping_ram_is_not()
    {
        var image = ElfImage.Parse(ElfTestBuilder.BareMetalTest().Build().Bytes, "t");
        image.CheckFitsIn(RamBase, unchecked(0 - RamBase));
        Assert.Throws<ArgumentOutOfRangeException>(() => image.CheckFitsIn(RamBase, unchecked(0 - RamBase + 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => image.CheckFitsIn(RamBase, 0));
    }
}
