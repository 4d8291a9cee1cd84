// The GDB remote serial protocol's framing: $payload#checksum, acknowledgements, escapes, Ctrl-C.
using System.Text;

namespace RvJit.Runtime.Debug;

/// <summary>
/// Packets of the GDB remote protocol over a byte stream (a TCP connection). Payloads are strings of bytes
/// (Latin-1: one char per byte). Acknowledgements are sent and awaited until the debugger asks for no-ack
/// mode; a byte 0x03 outside a packet is an interrupt request (Ctrl-C in gdb).
/// </summary>
public sealed class GdbPacketChannel(Stream stream)
{
    /// <summary>What <see cref="Receive"/> returns for Ctrl-C.</summary>
    public const string InterruptRequest = "\x03";

    private static readonly Encoding Bytes = Encoding.Latin1;

    /// <summary>True after QStartNoAckMode was answered: no '+' is sent or awaited any more.</summary>
    public bool NoAck { get; set; }

    /// <summary>The next packet's payload (unescaped), <see cref="InterruptRequest"/>, or null when the
    /// debugger closed the connection. A packet with a bad checksum is refused with '-' (the debugger resends).</summary>
    public string? Receive()
    {
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0) return null;
            if (b == 0x03) return InterruptRequest;
            if (b != '$') continue; // acknowledgements and noise between packets
            var payload = new StringBuilder();
            int sum = 0;
            while (true)
            {
                int c = stream.ReadByte();
                if (c < 0) return null;
                if (c == '#') break;
                sum += c;
                if (c == '}')
                {
                    int escaped = stream.ReadByte();
                    if (escaped < 0) return null;
                    sum += escaped;
                    payload.Append((char)(escaped ^ 0x20));
                }
                else payload.Append((char)c);
            }
            int hi = stream.ReadByte(), lo = stream.ReadByte();
            if (hi < 0 || lo < 0) return null;
            bool valid = HexValue(hi) is int h && HexValue(lo) is int l && ((h << 4) | l) == (sum & 0xff);
            if (!NoAck)
            {
                stream.WriteByte(valid ? (byte)'+' : (byte)'-');
                stream.Flush();
            }
            if (valid) return payload.ToString();
        }
    }

    /// <summary>Sends one packet; outside no-ack mode, resends until the debugger acknowledges it.</summary>
    public void Send(string payload)
    {
        var framed = new StringBuilder(payload.Length + 4).Append('$');
        int sum = 0;
        foreach (char ch in payload)
        {
            if (ch is '$' or '#' or '}' or '*')
            {
                framed.Append('}').Append((char)(ch ^ 0x20));
                sum += '}' + (ch ^ 0x20);
            }
            else
            {
                framed.Append(ch);
                sum += ch;
            }
        }
        framed.Append('#').Append((sum & 0xff).ToString("x2"));
        byte[] bytes = Bytes.GetBytes(framed.ToString());
        for (int attempt = 0; ; attempt++)
        {
            stream.Write(bytes);
            stream.Flush();
            if (NoAck) return;
            int ack = stream.ReadByte();
            if (ack is '+' or < 0 || attempt == 10) return;
        }
    }

    private static int? HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => null,
    };
}
