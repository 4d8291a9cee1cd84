// A growable FIFO of bytes with random access from its head: the data a TCP connection has sent or will
// send to the guest, kept until the guest acknowledges it.
namespace RvJit.Runtime.Net;

public sealed class ByteQueue
{
    private byte[] buffer = new byte[4096];
    private int head, count;

    public int Count => count;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (head + count + data.Length > buffer.Length)
        {
            // Compact, and grow when compaction is not enough.
            byte[] target = count + data.Length > buffer.Length ? new byte[Math.Max(buffer.Length * 2, count + data.Length)] : buffer;
            Array.Copy(buffer, head, target, 0, count);
            buffer = target;
            head = 0;
        }
        data.CopyTo(buffer.AsSpan(head + count));
        count += data.Length;
    }

    /// <summary>Drops <paramref name="n"/> bytes from the head (at most all of them).</summary>
    public void Discard(int n)
    {
        n = Math.Min(n, count);
        head += n;
        count -= n;
        if (count == 0) head = 0;
    }

    /// <summary>The bytes from <paramref name="offset"/>, at most <paramref name="length"/>.</summary>
    public ReadOnlySpan<byte> Peek(int offset, int length) =>
        buffer.AsSpan(head + offset, Math.Max(0, Math.Min(length, count - offset)));
}
