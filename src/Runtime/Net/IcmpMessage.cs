// ICMP (RFC 792) as far as the user network answers it: echo requests become echo replies.
using System.Buffers.Binary;

namespace RvJit.Runtime.Net;

public static class IcmpMessage
{
    public const byte EchoReply = 0, EchoRequest = 8;

    /// <summary>The echo reply to an echo request (same identifier, sequence and data); null for anything
    /// else, a short message or a wrong checksum.</summary>
    public static byte[]? ReplyToEcho(ReadOnlySpan<byte> request)
    {
        if (request.Length < 8 || request[0] != EchoRequest || request[1] != 0) return null;
        if (InternetChecksum.Compute(request) != 0) return null;
        byte[] reply = request.ToArray();
        reply[0] = EchoReply;
        reply[2] = reply[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), InternetChecksum.Compute(reply));
        return reply;
    }
}
