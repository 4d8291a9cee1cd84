// A device tree read back from a DTB (FdtReader): nodes with their properties and children.
using System.Buffers.Binary;
using System.Text;

namespace RvJit.Runtime.DeviceTree;

/// <summary>A node of a parsed device tree.</summary>
public sealed class FdtNode(string name)
{
    public string Name { get; } = name;
    public Dictionary<string, byte[]> Properties { get; } = new();
    public List<FdtNode> Children { get; } = [];

    /// <summary>The node at a path such as "/soc/serial@10000000" below this one, or null.</summary>
    public FdtNode? Find(string path)
    {
        FdtNode? node = this;
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.Children.FirstOrDefault(c => c.Name == part);
            if (node is null) return null;
        }
        return node;
    }

    public uint[] Cells(string property)
    {
        byte[] v = Properties[property];
        var cells = new uint[v.Length / 4];
        for (int i = 0; i < cells.Length; i++) cells[i] = BinaryPrimitives.ReadUInt32BigEndian(v.AsSpan(4 * i));
        return cells;
    }

    /// <summary>A string list property ("compatible") or a single string.</summary>
    public string[] Strings(string property) =>
        Encoding.ASCII.GetString(Properties[property]).TrimEnd('\0').Split('\0');
}
