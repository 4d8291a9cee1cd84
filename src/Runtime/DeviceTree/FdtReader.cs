// Parses a DTB (version 16 or 17) into FdtNode trees: the tests read rvjit's own blobs back with it.
using System.Buffers.Binary;
using System.Text;

namespace RvJit.Runtime.DeviceTree;

/// <summary>Reads a flattened device tree; throws <see cref="FormatException"/> on a malformed blob.</summary>
public static class FdtReader
{
    public static FdtNode Parse(ReadOnlySpan<byte> blob, out List<(ulong Address, ulong Size)> reservations)
    {
        if (blob.Length < 40 || U32(blob, 0) != FdtWriter.Magic) throw new FormatException("not a DTB (bad magic)");
        uint total = U32(blob, 4), structOffset = U32(blob, 8), stringsOffset = U32(blob, 12), rsvOffset = U32(blob, 16);
        if (total > blob.Length) throw new FormatException($"DTB says {total} bytes, has {blob.Length}");
        reservations = [];
        for (int at = (int)rsvOffset; ; at += 16)
        {
            ulong address = BinaryPrimitives.ReadUInt64BigEndian(blob[at..]), size = BinaryPrimitives.ReadUInt64BigEndian(blob[(at + 8)..]);
            if (address == 0 && size == 0) break;
            reservations.Add((address, size));
        }
        var stack = new Stack<FdtNode>();
        FdtNode? root = null;
        int p = (int)structOffset;
        while (true)
        {
            uint token = U32(blob, p);
            p += 4;
            switch (token)
            {
                case FdtWriter.TokenBeginNode:
                    int end = blob[p..].IndexOf((byte)0);
                    var node = new FdtNode(Encoding.ASCII.GetString(blob.Slice(p, end)));
                    p = Align(p + end + 1);
                    if (stack.Count > 0) stack.Peek().Children.Add(node);
                    else root = node;
                    stack.Push(node);
                    break;
                case FdtWriter.TokenEndNode:
                    if (stack.Count == 0) throw new FormatException("unbalanced FDT_END_NODE");
                    stack.Pop();
                    break;
                case FdtWriter.TokenProp:
                    int length = (int)U32(blob, p), nameOffset = (int)U32(blob, p + 4);
                    p += 8;
                    var nameBytes = blob[((int)stringsOffset + nameOffset)..];
                    string name = Encoding.ASCII.GetString(nameBytes[..nameBytes.IndexOf((byte)0)]);
                    if (stack.Count == 0) throw new FormatException("property outside a node");
                    stack.Peek().Properties[name] = blob.Slice(p, length).ToArray();
                    p = Align(p + length);
                    break;
                case FdtWriter.TokenNop: break;
                case FdtWriter.TokenEnd:
                    if (stack.Count != 0 || root is null) throw new FormatException("FDT_END inside a node");
                    return root;
                default: throw new FormatException($"bad token 0x{token:x} at 0x{p - 4:x}");
            }
        }
    }

    private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32BigEndian(b[at..]);
    private static int Align(int p) => (p + 3) & ~3;
}
