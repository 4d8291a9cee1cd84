// The user network's DHCP server (RFC 2131/2132), as slirp's bootp.c answers: DISCOVER gets an OFFER and
// REQUEST an ACK for the client's address (10.0.2.15 for the first client, by its Ethernet address), with the
// server identifier, netmask, router, DNS server and a day's lease; a request for another address gets a NAK.
using System.Buffers.Binary;
using System.Text;

namespace RvJit.Runtime.Net;

public sealed class DhcpServer
{
    public const ushort ServerPort = 67, ClientPort = 68;
    public const byte Discover = 1, Offer = 2, Request = 3, Ack = 5, Nak = 6;
    public const uint LeaseSeconds = 24 * 3600;
    /// <summary>Clients served (slirp's NB_BOOTP_CLIENTS): 10.0.2.15 up to 10.0.2.30.</summary>
    public const int Clients = 16;
    private const int FixedLength = 236, OptionsLength = 312;
    private static readonly byte[] Cookie = [99, 130, 83, 99];

    private readonly MacAddress?[] leases = new MacAddress?[Clients];

    /// <summary>The reply (a BOOTP message for 255.255.255.255:68) to a client's message, or null when none is due.</summary>
    public byte[]? Answer(ReadOnlySpan<byte> message)
    {
        if (message.Length < FixedLength || message[0] != 1 || message[1] != 1 || message[2] != 6) return null;
        var client = MacAddress.Read(message[28..]);
        var (type, requested) = Decode(message);
        if (type == 0) type = Request; // an old BOOTP client gets an answer as a request would
        if (type != Discover && type != Request) return null;

        uint? address = null;
        if (type == Discover)
        {
            if (requested is { } r && Claim(r, client)) address = r;
            address ??= NewAddress(client);
            if (address is null) return null;
        }
        else if (requested is { } r) address = Claim(r, client) ? r : null;
        else address = Find(client) ?? NewAddress(client);

        var reply = new byte[FixedLength + OptionsLength];
        reply[0] = 2;
        reply[1] = 1;
        reply[2] = 6;
        message.Slice(4, 4).CopyTo(reply.AsSpan(4)); // xid
        message.Slice(28, 16).CopyTo(reply.AsSpan(28)); // chaddr
        if (address is { } yours) BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(16), yours);
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(20), UserNetAddresses.Host);
        var q = reply.AsSpan(FixedLength);
        Cookie.CopyTo(q);
        int at = 4;
        void Option(Span<byte> o, byte code, ReadOnlySpan<byte> value)
        {
            o[at] = code;
            o[at + 1] = (byte)value.Length;
            value.CopyTo(o[(at + 2)..]);
            at += 2 + value.Length;
        }
        static byte[] U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); return b; }
        if (address is not null)
        {
            Option(q, 53, [type == Discover ? Offer : Ack]);
            Option(q, 54, U32(UserNetAddresses.Host));
            Option(q, 1, U32(UserNetAddresses.Netmask));
            Option(q, 3, U32(UserNetAddresses.Host));
            Option(q, 6, U32(UserNetAddresses.Dns));
            Option(q, 51, U32(LeaseSeconds));
        }
        else
        {
            Option(q, 53, [Nak]);
            Option(q, 56, Encoding.ASCII.GetBytes("requested address not available"));
        }
        q[at] = 255;
        return reply;
    }

    // The message type (option 53) and the requested address (option 50), past the magic cookie.
    private static (byte Type, uint? Requested) Decode(ReadOnlySpan<byte> m)
    {
        byte type = 0;
        uint? requested = null;
        if (m.Length < FixedLength + 4 || !m.Slice(FixedLength, 4).SequenceEqual(Cookie)) return (type, requested);
        for (int i = FixedLength + 4; i < m.Length;)
        {
            byte code = m[i];
            if (code == 255) break;
            if (code == 0) { i++; continue; }
            if (i + 1 >= m.Length) break;
            int len = m[i + 1];
            if (i + 2 + len > m.Length) break;
            var value = m.Slice(i + 2, len);
            if (code == 53 && len >= 1) type = value[0];
            if (code == 50 && len >= 4) requested = BinaryPrimitives.ReadUInt32BigEndian(value);
            i += 2 + len;
        }
        return (type, requested);
    }

    private bool Claim(uint address, MacAddress client)
    {
        long slot = (long)address - UserNetAddresses.Guest;
        if (slot is < 0 or >= Clients) return false;
        if (leases[slot] is { } owner && owner != client) return false;
        leases[slot] = client;
        return true;
    }

    private uint? Find(MacAddress client)
    {
        for (int i = 0; i < Clients; i++)
            if (leases[i] == client) return UserNetAddresses.Guest + (uint)i;
        return null;
    }

    private uint? NewAddress(MacAddress client)
    {
        if (Find(client) is { } known) return known;
        for (int i = 0; i < Clients; i++)
            if (leases[i] is null) { leases[i] = client; return UserNetAddresses.Guest + (uint)i; }
        return null;
    }
}
