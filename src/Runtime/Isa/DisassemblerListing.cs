// Whole sections laid out like `objdump -d`: symbol labels, address and byte columns, zero runs as "...".
using System.Text;

namespace RvJit.Runtime.Isa;

/// <summary>A section to disassemble: its header index, name, address and contents.</summary>
public sealed record ListingSection(int Index, string Name, ulong Address, ReadOnlyMemory<byte> Data, bool IsCode);

/// <summary>
/// Writes objdump -d output for sections of one file. Reproduces objdump's layout: a "&lt;symbol&gt;:" label
/// at each symbol (the one objdump's sort order puts first), addresses with leading zeros blanked to a common
/// width, instruction bytes as 16-bit or 32-bit little-endian chunks padded to 8 bytes, runs of zero bytes
/// as "...", data ($d mapping symbols) as .byte/.short/.word, and reads stopping at the next symbol.
/// </summary>
public sealed class DisassemblerListing
{
    private const int SkipZeroes = 8, SkipZeroesAtEnd = 3;
    private const int ReadErrorLength = 5; // objdump's riscv printer returns EIO as the length on a failed read

    private readonly ListingSymbol[] useful;
    private readonly DisassemblerOptions options;
    private readonly bool relocatable;
    private readonly ListingRelocation[] relocations;
    private readonly DisassemblerSession session;
    private SortedSymbols current = null!;
    private ListingSection section = null!;
    private ListingSymbol[] mappingSymbols = [];
    // objdump's disassemble_info.bytes_per_chunk outlives each instruction: object dumps reuse the last value.
    private int lastBytesPerChunk;
    // Options per ISA named by a $xrv... mapping symbol (files have many such symbols but few ISAs).
    private readonly Dictionary<string, DisassemblerOptions> optionsByArch = [];

    /// <param name="symbols">The file's symbols (defined ones; undefined and common symbols are ignored).</param>
    /// <param name="options">Privileged spec, extensions from the arch attribute, gp from __global_pointer$.</param>
    /// <param name="relocatable">An object file (ET_REL): addresses inside the section being listed are then
    /// named after that section's symbols only, as objdump does for files with relocations.</param>
    /// <param name="dynamicRelocations">A linked file's dynamic relocations: they name GOT slots.</param>
    public DisassemblerListing(IEnumerable<ListingSymbol> symbols, DisassemblerOptions options, bool relocatable = false,
        IEnumerable<ListingRelocation>? dynamicRelocations = null)
    {
        useful = symbols.Where(s => s.IsUseful).ToArray();
        this.options = options;
        this.relocatable = relocatable;
        relocations = ListingRelocations.Sorted(dynamicRelocations ?? []);
        // One session for the whole file: objdump keeps lui/auipc values across symbols and sections.
        session = new DisassemblerSession(options, useful.Length == 0 ? null : NameAddress);
    }

    /// <summary>Writes "\nDisassembly of section NAME:\n" and the section's listing.</summary>
    public void WriteSection(TextWriter output, ListingSection listed)
    {
        section = listed;
        current = new SortedSymbols(useful, listed.Index, listed.Name, relocations);
        mappingSymbols = Enumerable.Range(0, current.Count).Select(i => current[i])
            .Where(m => m.SectionIndex == listed.Index && ListingSymbol.IsMappingSymbol(m.Name)).ToArray();
        output.Write($"\nDisassembly of section {Sanitize(listed.Name)}:\n");
        ulong size = (ulong)listed.Data.Length;
        if (size == 0) return;

        ulong offset = 0;
        int place = current.Find(listed.Address, requireSection: true);
        while (offset < size)
        {
            ulong address = listed.Address + offset;
            ListingSymbol? symbol = place >= 0 ? current[place] : null;
            output.Write($"\n{address:x16} <{Sanitize(SortedSymbols.Describe(symbol, address, listed.Name, listed.Address))}>:\n");

            int next;
            if (symbol is null) next = -1;
            else if (symbol.Value > address) next = place;
            else
            {
                next = place;
                while (next < current.Count && !IsNextSymbol(current[next], symbol)) next++;
                if (next >= current.Count) next = -1;
            }
            ulong stop = symbol is not null && symbol.Value > address ? symbol.Value - listed.Address
                : next < 0 ? size : current[next].Value - listed.Address;
            if (stop > size || stop <= offset) stop = size;

            // A symbol typed as an object (and not a function) is dumped as bytes, not disassembled.
            bool objectHere = symbol is not null && symbol.SectionIndex == listed.Index && symbol.Value <= address
                && (symbol.Flags & ListingSymbolFlags.Function) == 0
                && ((symbol.Flags & ListingSymbolFlags.Object) != 0
                    || symbol.Name.Contains("gnu_compiled") || symbol.Name.Contains("gcc2_compiled"));
            WriteBytes(output, offset, stop, insns: !objectHere);
            offset = stop;
            place = next;
        }
    }

    private bool IsNextSymbol(ListingSymbol candidate, ListingSymbol symbol) =>
        candidate.SectionName == section.Name && candidate.Value > symbol.Value && candidate.IsPrintable;

    /// <summary>objdump's print_address for operands: the nearest symbol, not restricted to this section.</summary>
    private string NameAddress(ulong address)
    {
        bool inSection = address >= section.Address && address < section.Address + (ulong)section.Data.Length;
        var symbol = current.Lookup(address, requireSection: relocatable && inSection);
        return Sanitize(SortedSymbols.Describe(symbol, address, section.Name, section.Address));
    }

    /// <summary>objdump shows control characters in names as ^X.</summary>
    private static string Sanitize(string name)
    {
        if (!name.Any(char.IsControl)) return name;
        var text = new StringBuilder();
        foreach (char c in name)
            if (c < 0x20) text.Append('^').Append((char)(c + 0x40));
            else text.Append(c);
        return text.ToString();
    }

    /// <summary>Disassembles (or, for an object, dumps) [start, stop) of the current section: one symbol's range.</summary>
    private void WriteBytes(TextWriter output, ulong start, ulong stop, bool insns)
    {
        ReadOnlySpan<byte> data = section.Data.Span;
        int addressSkip = AddressDigitsToSkip();
        int bytesPerLine = 4;
        ulong offset = start;
        var line = new StringBuilder();
        while (offset < stop)
        {
            ulong zeros = 0;
            while (offset + zeros < stop && data[(int)(offset + zeros)] == 0) zeros++;
            if (zeros >= SkipZeroes || (offset + zeros == stop && zeros < SkipZeroesAtEnd))
            {
                // Skip whole words only, unless the zeros run to the end: an instruction may start with 00.
                if (offset + zeros != stop) zeros &= ~3UL;
                output.Write("\t...\n");
                offset += zeros;
                continue;
            }

            ulong address = section.Address + offset;
            if (!insns)
            {
                offset += (ulong)WriteObjectLine(output, data, offset, stop, addressSkip);
                continue;
            }
            var piece = Disassemble(data, offset, stop, address);
            lastBytesPerChunk = piece.RecordedChunk;
            if (piece.BytesPerLine != 0) bytesPerLine = piece.BytesPerLine;

            line.Clear();
            line.Append(FormatAddress(address, addressSkip)).Append(":\t");
            int chunk = piece.BytesPerChunk;
            int shown = Math.Min(piece.Length, bytesPerLine);
            AppendChunks(line, data, offset, offset + (ulong)shown, stop, chunk);
            for (int pad = shown; pad < bytesPerLine; pad += chunk)
                line.Append(' ', 2 * chunk + 1);
            line.Append('\t').Append(piece.Text);
            // Bytes that do not fit the first line continue on lines of their own.
            for (int done = shown; done < piece.Length;)
            {
                int more = Math.Min(piece.Length, done + bytesPerLine);
                line.Append('\n').Append(FormatAddress(address + (ulong)done, addressSkip)).Append(":\t");
                AppendChunks(line, data, offset + (ulong)done, offset + (ulong)more, stop, chunk);
                done = more;
            }
            output.Write(line.Append('\n').ToString());
            offset += (ulong)piece.Length;
        }
    }

    /// <summary>Up to 16 bytes of an object as hex chunks and printable characters; returns the bytes shown.</summary>
    private int WriteObjectLine(TextWriter output, ReadOnlySpan<byte> data, ulong offset, ulong stop, int addressSkip)
    {
        const int perLine = 16;
        int count = (int)Math.Min(perLine, stop - offset);
        int chunk = lastBytesPerChunk == 0 ? 1 : lastBytesPerChunk;
        var line = new StringBuilder(FormatAddress(section.Address + offset, addressSkip)).Append(":\t");
        AppendChunks(line, data, offset, offset + (ulong)count, stop, chunk);
        for (int pad = count; pad < perLine; pad += chunk) line.Append(' ', 2 * chunk + 1);
        line.Append("    ");
        foreach (byte b in data.Slice((int)offset, count)) line.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        output.Write(line.Append('\n').ToString());
        return count;
    }

    private static void AppendChunks(StringBuilder line, ReadOnlySpan<byte> data, ulong from, ulong to, ulong stop, int chunk)
    {
        for (ulong j = from; j < to; j += (ulong)chunk)
        {
            if (j + (ulong)chunk <= stop)
                for (int k = chunk - 1; k >= 0; k--) line.Append(data[(int)j + k].ToString("x2"));
            line.Append(' ');
        }
    }

    /// <summary>What one step of the disassembler produced: text, bytes consumed and how to show them.</summary>
    /// <param name="RecordedChunk">What objdump's bytes_per_chunk holds afterwards (0 after a failed instruction read).</param>
    private readonly record struct Piece(string Text, int Length, int BytesPerChunk, int BytesPerLine, int RecordedChunk);

    private Piece Disassemble(ReadOnlySpan<byte> data, ulong offset, ulong stop, ulong address)
    {
        // Reads may not cross the next symbol in code sections (objdump's stop_vma).
        ulong limit = section.IsCode ? stop : (ulong)data.Length;
        var (isData, arch) = MappingStateAt(address);
        session.Options = arch is null ? options : OptionsFor(arch);
        if (isData)
        {
            int size = (int)Math.Min(4, Math.Min(NextMappingSymbolDistance(address), (ulong)data.Length - offset));
            if (size == 3) size = 2;
            if (offset + (ulong)size > limit) return ReadError(address, size, size);
            ulong value = 0;
            for (int k = size - 1; k >= 0; k--) value = value << 8 | data[(int)offset + k];
            string text = size switch
            {
                1 => $".byte\t0x{value:x2}",
                2 => $".short\t0x{value:x4}",
                _ => $".word\t0x{value:x8}",
            };
            return new Piece(text, size, size, size == 1 ? 6 : 8, size);
        }
        if (offset + 2 > limit) return ReadError(address, 1, 0);
        int length = DisassemblerSession.InstructionLength((ushort)(data[(int)offset] | data[(int)offset + 1] << 8));
        if (offset + (ulong)length > limit) return ReadError(address, 1, 0);
        string insn = session.Format(data.Slice((int)offset, length), address, out _);
        int chunk = length % 4 == 0 ? 4 : 2;
        return new Piece(insn, length, chunk, 8, chunk);
    }

    private static Piece ReadError(ulong address, int bytesPerChunk, int recorded) =>
        new($"Address 0x{address:x} is out of bounds.\n", ReadErrorLength, bytesPerChunk, 0, recorded);

    /// <summary>Data or code at <paramref name="address"/> from the last mapping symbol at or before it in this
    /// section ($d data, $x code, $xrv64... code with that ISA); code for code sections without one.</summary>
    private (bool IsData, string? Arch) MappingStateAt(ulong address)
    {
        int after = FirstMappingSymbolAfter(address);
        if (after == 0) return (!section.IsCode, null);
        string name = mappingSymbols[after - 1].Name;
        if (name == "$d") return (true, null);
        return (false, name.StartsWith("$xrv") ? name[2..] : null);
    }

    private DisassemblerOptions OptionsFor(string arch)
    {
        if (!optionsByArch.TryGetValue(arch, out var chosen))
            optionsByArch[arch] = chosen = ExtensionSet.ParseArch(arch) is { } set ? options with { Extensions = set } : options;
        return chosen;
    }

    /// <summary>Data is printed in pieces of at most 4 bytes that stop at the next mapping symbol.</summary>
    private ulong NextMappingSymbolDistance(ulong address)
    {
        int after = FirstMappingSymbolAfter(address);
        return after < mappingSymbols.Length ? Math.Min(mappingSymbols[after].Value - address, 4) : 4;
    }

    /// <summary>Index of the first mapping symbol of this section above <paramref name="address"/>.</summary>
    private int FirstMappingSymbolAfter(ulong address)
    {
        int low = 0, high = mappingSymbols.Length;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (mappingSymbols[middle].Value <= address) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>objdump drops leading zero digits common to every address of the section, in groups of four,
    /// always keeping at least one leading zero.</summary>
    private int AddressDigitsToSkip()
    {
        string end = (section.Address + (ulong)section.Data.Length).ToString("x16");
        int skip = 0;
        while (skip < end.Length && end[skip] == '0') skip++;
        if (skip == end.Length && section.Address != 0) skip = 0;
        return skip != 0 ? (skip - 1) & -4 : 0;
    }

    private static string FormatAddress(ulong address, int skip)
    {
        char[] digits = address.ToString("x16").ToCharArray();
        int i = skip;
        while (i < digits.Length && digits[i] == '0') digits[i++] = ' ';
        if (i == digits.Length) digits[^1] = '0';
        return new string(digits, skip, digits.Length - skip);
    }
}
