// Checks that an image's loadable segments fit a bare-metal machine's RAM (by physical address).
namespace RvJit.Runtime.Elf;

/// <summary>Layout checks a bare-metal loader runs before copying PT_LOAD segments into RAM.</summary>
public static class ElfLayoutCheck
{
    /// <summary>
    /// Throws unless every non-empty PT_LOAD segment, placed at its physical address (p_paddr) with
    /// p_memsz bytes, lies inside RAM [<paramref name="ramBase"/>, <paramref name="ramBase"/> + <paramref name="ramSize"/>)
    /// and has all its p_filesz bytes in the file (a bare-metal loader copies them, as QEMU's does).
    /// Linux user-mode loading places segments by virtual address and does not use this.
    /// </summary>
    /// <exception cref="ElfFormatException">A segment lies (partly) outside RAM or past the end of the file.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The RAM range is empty or wraps past 2^64.</exception>
    public static void CheckFitsIn(this ElfImage image, ulong ramBase, ulong ramSize)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (ramSize == 0 || ramBase + (ramSize - 1) < ramBase)
            throw new ArgumentOutOfRangeException(nameof(ramSize), $"RAM 0x{ramBase:x} + 0x{ramSize:x} is empty or wraps.");
        ulong ramLast = ramBase + (ramSize - 1);
        foreach (var segment in image.ProgramHeaders)
        {
            if (segment.Type != SegmentType.Load || segment.MemorySize == 0)
                continue;
            if (segment.PhysicalAddress + segment.MemorySize <= segment.PhysicalAddress)
                throw ElfReading.Error(image.Name,
                    $"segment {segment.Index}: p_paddr 0x{segment.PhysicalAddress:x} + p_memsz 0x{segment.MemorySize:x} overflows the address space");
            if (!ElfReading.FitsInFile(segment.Offset, segment.FileSize, image.FileLength))
                throw ElfReading.Truncated(image.Name, $"segment {segment.Index} data", segment.Offset, segment.FileSize, image.FileLength);
            ulong last = segment.PhysicalAddress + (segment.MemorySize - 1);
            if (segment.PhysicalAddress < ramBase || last > ramLast)
                throw ElfReading.Error(image.Name,
                    $"segment {segment.Index} at 0x{segment.PhysicalAddress:x} - 0x{last:x} lies outside RAM 0x{ramBase:x}-0x{ramLast:x}");
        }
    }
}
