// Flattened device tree (DTB) writer: the devicetree specification's format, version 17.
using System.Buffers.Binary;
using System.Text;

namespace RvJit.Runtime.DeviceTree;

/// <summary>
/// Builds a DTB: a 40-byte header, the memory reservation map, the structure block (FDT_BEGIN_NODE,
/// FDT_PROP, FDT_END_NODE, FDT_END tokens, 4-byte aligned, big-endian) and the strings block (property
/// names, each stored once). Nodes are opened and closed in order; the root is the first node, named "".
/// </summary>
public sealed class FdtWriter
{
    public const uint Magic = 0xd00dfeed, Version = 17, LastCompatibleVersion = 16;
    public const uint TokenBeginNode = 1, TokenEndNode = 2, TokenProp = 3, TokenNop = 4, TokenEnd = 9;
    private const int HeaderSize = 40;

    private readonly MemoryStream structure = new();
    private readonly MemoryStream strings = new();
    private readonly Dictionary<string, int> stringOffsets = new();
    private readonly List<(ulong Address, ulong Size)> reservations = [];
    private int depth;
    private uint nextPhandle = 1;

    /// <summary>The physical id of the boot CPU (header field boot_cpuid_phys).</summary>
    public uint BootCpu { get; set; }

    /// <summary>Hands out phandles 1, 2, ... for nodes that others refer to.</summary>
    public uint AllocatePhandle() => nextPhandle++;

    public void AddReservation(ulong address, ulong size) => reservations.Add((address, size));

    public void BeginNode(string name)
    {
        Token(TokenBeginNode);
        Bytes(Encoding.ASCII.GetBytes(name + "\0"));
        Align();
        depth++;
    }

    public void EndNode()
    {
        if (depth == 0) throw new InvalidOperationException("EndNode without a matching BeginNode");
        Token(TokenEndNode);
        depth--;
    }

    public void Property(string name, ReadOnlySpan<byte> value)
    {
        Token(TokenProp);
        Token((uint)value.Length);
        Token((uint)NameOffset(name));
        Bytes(value);
        Align();
    }

    /// <summary>An empty property (a flag such as interrupt-controller).</summary>
    public void Property(string name) => Property(name, ReadOnlySpan<byte>.Empty);

    /// <summary>A list of 32-bit cells.</summary>
    public void Cells(string name, params uint[] cells)
    {
        var bytes = new byte[cells.Length * 4];
        for (int i = 0; i < cells.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), cells[i]);
        Property(name, bytes);
    }

    /// <summary>64-bit values as pairs of cells (addresses and sizes with #address-cells = #size-cells = 2).</summary>
    public void Cells64(string name, params ulong[] values)
    {
        var cells = new uint[values.Length * 2];
        for (int i = 0; i < values.Length; i++) { cells[2 * i] = (uint)(values[i] >> 32); cells[2 * i + 1] = (uint)values[i]; }
        Cells(name, cells);
    }

    /// <summary>One string, or a string list (each NUL-terminated, as in "compatible").</summary>
    public void Strings(string name, params string[] values) =>
        Property(name, Encoding.ASCII.GetBytes(string.Concat(values.Select(v => v + "\0"))));

    /// <summary>The finished blob.</summary>
    public byte[] Finish()
    {
        if (depth != 0) throw new InvalidOperationException($"{depth} node(s) still open");
        var structBytes = new MemoryStream();
        structure.WriteTo(structBytes);
        structBytes.Write(BigEndian(TokenEnd));

        int rsvOffset = HeaderSize; // 8-byte aligned
        int rsvSize = (reservations.Count + 1) * 16;
        int structOffset = rsvOffset + rsvSize;
        int structSize = (int)structBytes.Length;
        int stringsOffset = structOffset + structSize;
        int stringsSize = (int)strings.Length;
        int total = (stringsOffset + stringsSize + 7) & ~7; // padded, so a blob copied after another stays aligned

        var blob = new byte[total];
        Span<byte> b = blob;
        uint[] header = [Magic, (uint)total, (uint)structOffset, (uint)stringsOffset, (uint)rsvOffset, Version,
            LastCompatibleVersion, BootCpu, (uint)stringsSize, (uint)structSize];
        for (int i = 0; i < header.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(b[(4 * i)..], header[i]);
        for (int i = 0; i < reservations.Count; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(b[(rsvOffset + 16 * i)..], reservations[i].Address);
            BinaryPrimitives.WriteUInt64BigEndian(b[(rsvOffset + 16 * i + 8)..], reservations[i].Size);
        }
        structBytes.ToArray().CopyTo(b[structOffset..]);
        strings.ToArray().CopyTo(b[stringsOffset..]);
        return blob;
    }

    private int NameOffset(string name)
    {
        if (!stringOffsets.TryGetValue(name, out int offset))
        {
            offset = (int)strings.Length;
            strings.Write(Encoding.ASCII.GetBytes(name + "\0"));
            stringOffsets[name] = offset;
        }
        return offset;
    }

    private void Token(uint value) => structure.Write(BigEndian(value));

    private void Bytes(ReadOnlySpan<byte> bytes) => structure.Write(bytes);

    private void Align()
    {
        while (structure.Length % 4 != 0) structure.WriteByte(0);
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
