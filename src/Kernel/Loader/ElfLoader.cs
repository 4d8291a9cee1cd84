// Maps an ELF image's PT_LOAD segments into an address space (static, static-PIE, PIE, or the dynamic linker).
using RvJit.Kernel.Memory;
using RvJit.Runtime.Elf;

namespace RvJit.Kernel.Loader;

/// <summary>Where an ELF image ended up in memory.</summary>
/// <param name="Bias">Added to every p_vaddr (0 for ET_EXEC).</param>
/// <param name="Entry">The relocated entry point.</param>
/// <param name="ProgramHeaders">Address of the program header table in memory (AT_PHDR), 0 if not mapped.</param>
/// <param name="End">One past the highest byte of any segment (the brk starts at the next page).</param>
public readonly record struct LoadedImage(ulong Bias, ulong Entry, ulong ProgramHeaders, ulong End);

/// <summary>
/// Maps ELF segments as file-backed private VMAs: pages are read from <c>source</c> on first touch, the
/// tail of the last file page and the bss read as zero. Each VMA takes a mapping reference on the source;
/// the caller keeps (and later drops) its own. ET_EXEC images go to their own addresses; ET_DYN
/// images are placed at <paramref name="preferredBase"/> (the PIE base) or anywhere free (the interpreter).
/// </summary>
public static class ElfLoader
{
    public static Errno Load(AddressSpace space, ElfImage image, IPageSource source, string name, ulong? preferredBase, out LoadedImage loaded)
    {
        loaded = default;
        // Plain loops: generic LINQ over ProgramHeader would be jitted at every start-up.
        var headers = image.ProgramHeaderSpan;
        ulong low = ulong.MaxValue, high = 0;
        int loadCount = 0;
        for (int i = 0; i < headers.Length; i++)
        {
            var p = headers[i];
            if (p.Type != SegmentType.Load || p.MemorySize == 0) continue;
            loadCount++;
            low = Math.Min(low, p.VirtualAddress);
            high = Math.Max(high, p.VirtualAddress + p.MemorySize);
        }
        if (loadCount == 0) return Errno.ENOEXEC;
        low = Page.AlignDown(low);
        high = Page.AlignUp(high);
        if (high <= low || high > MemoryLayout.UserLimit) return Errno.ENOEXEC;

        ulong bias = 0;
        if (image.Type == ElfType.Dyn)
        {
            ulong span = high - low;
            ulong start;
            if (preferredBase is { } b && space.IsFree(b, b + span)) start = b;
            else if (!space.TryFindFree(span, out start)) return Errno.ENOMEM;
            bias = start - low;
        }
        else if (image.Type != ElfType.Exec) return Errno.ENOEXEC;

        for (int i = 0; i < headers.Length; i++)
        {
            var ph = headers[i];
            if (ph.Type != SegmentType.Load || ph.MemorySize == 0) continue;
            // Linux maps the file bytes with mmap, which needs the offset and address congruent to the page size.
            if (ph.FileSize > 0 && (ph.Offset & Page.OffsetMask) != (ph.VirtualAddress & Page.OffsetMask)) return Errno.EINVAL;
            var prot = Protection.None;
            if (ph.IsReadable) prot |= Protection.Read;
            if (ph.IsWritable) prot |= Protection.Write;
            if (ph.IsExecutable) prot |= Protection.Execute;

            ulong va = ph.VirtualAddress + bias;
            ulong start = Page.AlignDown(va);
            ulong fileEnd = va + ph.FileSize;
            ulong memEnd = va + ph.MemorySize;
            ulong fileOffset = ph.Offset - (va - start);
            if (ph.FileSize > 0)
            {
                var backing = new MapBacking(source, fileOffset, fileEnd - start, Name: name);
                source.AddMapping(); // the new VMA's reference; the caller keeps its own
                long r = space.Map(start, Page.AlignUp(fileEnd) - start, prot, MapOptions.Fixed, backing);
                if (ErrnoExtensions.IsError(r))
                {
                    source.RemoveMapping();
                    return (Errno)(-r);
                }
            }
            ulong bssStart = ph.FileSize > 0 ? Page.AlignUp(fileEnd) : start;
            if (Page.AlignUp(memEnd) > bssStart)
            {
                long r = space.Map(bssStart, Page.AlignUp(memEnd) - bssStart, prot, MapOptions.Fixed, MapBacking.Anonymous());
                if (ErrnoExtensions.IsError(r)) return (Errno)(-r);
            }
        }

        loaded = new LoadedImage(bias, image.Entry + bias, ProgramHeaderAddress(image) is { } ph0 ? ph0 + bias : 0, high + bias);
        return Errno.Success;
    }

    // AT_PHDR: PT_PHDR if present, else the load segment that contains the header table's file bytes.
    private static ulong? ProgramHeaderAddress(ElfImage image)
    {
        var headers = image.ProgramHeaderSpan;
        for (int i = 0; i < headers.Length; i++)
            if (headers[i].Type == SegmentType.Phdr) return headers[i].VirtualAddress;
        ulong off = image.ProgramHeaderOffset;
        for (int i = 0; i < headers.Length; i++)
        {
            var p = headers[i];
            if (p.Type == SegmentType.Load && off >= p.Offset && off < p.Offset + p.FileSize)
                return p.VirtualAddress + (off - p.Offset);
        }
        return null;
    }
}
