// A 48-bit Ethernet address.
namespace RvJit.Runtime.Net;

public readonly record struct MacAddress(ulong Value)
{
    public static readonly MacAddress Broadcast = new(0xFFFF_FFFF_FFFF);

    /// <summary>QEMU's default for the first NIC (52:54:00:12:34:56).</summary>
    public static readonly MacAddress QemuDefault = new(0x5254_0012_3456);

    public bool IsMulticast => (Value >> 40 & 1) != 0;

    public static MacAddress Read(ReadOnlySpan<byte> b)
    {
        ulong v = 0;
        for (int i = 0; i < 6; i++) v = v << 8 | b[i];
        return new MacAddress(v);
    }

    public void Write(Span<byte> b)
    {
        for (int i = 0; i < 6; i++) b[i] = (byte)(Value >> (40 - 8 * i));
    }

    public byte[] ToBytes()
    {
        var b = new byte[6];
        Write(b);
        return b;
    }

    /// <summary>"52:54:00:12:34:56" (colons or dashes); false for anything else.</summary>
    public static bool TryParse(string text, out MacAddress mac)
    {
        mac = default;
        string[] parts = text.Split(text.Contains('-') ? '-' : ':');
        if (parts.Length != 6) return false;
        ulong v = 0;
        foreach (string p in parts)
        {
            if (p.Length is < 1 or > 2 || !byte.TryParse(p, System.Globalization.NumberStyles.HexNumber, null, out byte b)) return false;
            v = v << 8 | b;
        }
        mac = new MacAddress(v);
        return true;
    }

    public override string ToString() => string.Join(":", ToBytes().Select(b => b.ToString("x2")));
}
