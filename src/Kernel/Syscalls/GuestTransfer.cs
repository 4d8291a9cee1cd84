// Moving guest-sized buffers between guest memory and files in bounded chunks, with Linux's answers for bad ranges.
using System.Buffers;
using System.Runtime.InteropServices;
using RvJit.Kernel.Memory;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// A guest buffer as read/write (one range) or the vector calls (an iovec array) give it, consumed front to
/// back. Lengths are clamped to Linux's MAX_RW_COUNT in total; nothing is allocated in proportion to them.
/// </summary>
internal sealed class GuestBuffer
{
    /// <summary>Largest single transfer (Linux's MAX_RW_COUNT).</summary>
    public const long MaxTransfer = 0x7ffff000;

    /// <summary>Most iovec entries a call takes (UIO_MAXIOV).</summary>
    public const int MaxVectors = 1024;

    private readonly (ulong Base, ulong Length)[] segments;
    private int index;
    private ulong offset;

    public long Remaining { get; private set; }

    public GuestBuffer(ulong address, ulong length)
    {
        long n = (long)Math.Min(length, (ulong)MaxTransfer);
        segments = [(address, (ulong)n)];
        Remaining = n;
    }

    private GuestBuffer((ulong Base, ulong Length)[] segments, long total)
    {
        this.segments = segments;
        Remaining = total;
    }

    /// <summary>
    /// Reads a struct iovec array as Linux's import_iovec does: more than <see cref="MaxVectors"/> entries is
    /// EINVAL, a negative length EINVAL, a range that wraps the address space EFAULT; the total is clamped to MAX_RW_COUNT.
    /// </summary>
    public static Errno FromIovecs(UserMemory memory, ulong address, ulong count, out GuestBuffer buffer)
    {
        buffer = new GuestBuffer([], 0);
        if (count > MaxVectors) return Errno.EINVAL;
        if (count == 0) return Errno.Success;
        Span<ulong> raw = stackalloc ulong[(int)count * 2];
        if (memory.Read(address, MemoryMarshal.AsBytes(raw)) != Errno.Success) return Errno.EFAULT;
        var segments = new (ulong, ulong)[count];
        long total = 0;
        for (int i = 0; i < (int)count; i++)
        {
            ulong b = raw[2 * i], len = raw[2 * i + 1];
            if ((long)len < 0) return Errno.EINVAL;
            len = Math.Min(len, (ulong)(MaxTransfer - total));
            if (b + len < b) return Errno.EFAULT;
            segments[i] = (b, len);
            total += (long)len;
        }
        buffer = new GuestBuffer(segments, total);
        return Errno.Success;
    }

    /// <summary>Copies the next bytes into <paramref name="destination"/> without consuming them, stopping at
    /// the first page the guest cannot read; returns how many were copied.</summary>
    public int Peek(UserMemory memory, Span<byte> destination)
    {
        int done = 0;
        int i = index;
        ulong at = offset;
        while (done < destination.Length && i < segments.Length)
        {
            var (b, len) = segments[i];
            int want = (int)Math.Min(len - at, (ulong)(destination.Length - done));
            int n = want == 0 ? 0 : memory.ReadPrefix(b + at, destination.Slice(done, want));
            done += n;
            if (n < want) break;
            i++;
            at = 0;
        }
        return done;
    }

    /// <summary>How many of the next <paramref name="max"/> bytes the guest can write (faulting pages in).</summary>
    public int WritablePrefix(UserMemory memory, int max)
    {
        int done = 0;
        int i = index;
        ulong at = offset;
        while (done < max && i < segments.Length)
        {
            var (b, len) = segments[i];
            int want = (int)Math.Min(len - at, (ulong)(max - done));
            int n = want == 0 ? 0 : memory.WritablePrefix(b + at, want);
            done += n;
            if (n < want) break;
            i++;
            at = 0;
        }
        return done;
    }

    /// <summary>Stores <paramref name="data"/> at the current position and consumes it.</summary>
    public Errno Put(UserMemory memory, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && index < segments.Length)
        {
            var (b, len) = segments[index];
            int n = (int)Math.Min(len - offset, (ulong)data.Length);
            if (n > 0 && memory.Write(b + offset, data[..n]) != Errno.Success) return Errno.EFAULT;
            data = data[n..];
            Skip(n);
        }
        return Errno.Success;
    }

    /// <summary>Consumes <paramref name="count"/> bytes.</summary>
    public void Skip(long count)
    {
        count = Math.Min(count, Remaining);
        Remaining -= count;
        while (count > 0 || (index < segments.Length && segments[index].Length == offset))
        {
            ulong left = segments[index].Length - offset;
            if ((ulong)count < left) { offset += (ulong)count; return; }
            count -= (long)left;
            index++;
            offset = 0;
        }
    }
}

/// <summary>
/// The copy loops of every data-transfer call: at most <see cref="Chunk"/> bytes of host memory per call,
/// whatever length the guest passes. A bad page ends the transfer as Linux ends it: the bytes before it
/// count (a short result), EFAULT only when nothing moved. Pipes and sockets copy whole 4 KiB units
/// (Linux's pipe buffers), so there a unit that reaches a bad page is not transferred at all.
/// </summary>
internal static class GuestTransfer
{
    public const int Chunk = 1 << 20;
    private const int Unit = 4096;

    /// <summary>Guest bytes out to <paramref name="sink"/> (given the chunk and the bytes already sent).</summary>
    /// <param name="byteExact">A regular file: a bad page cuts the transfer at that byte.</param>
    /// <param name="singleChunk">Only one call of the sink (a datagram, a message).</param>
    public static async ValueTask<long> Send(UserMemory memory, GuestBuffer source, bool byteExact, bool singleChunk,
        Func<ReadOnlyMemory<byte>, long, ValueTask<long>> sink)
    {
        if (source.Remaining == 0) return await sink(ReadOnlyMemory<byte>.Empty, 0);
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(source.Remaining, Chunk));
        try
        {
            long total = 0;
            while (source.Remaining > 0)
            {
                int want = (int)Math.Min(source.Remaining, buffer.Length);
                int n = source.Peek(memory, buffer.AsSpan(0, want));
                if (n < want && !byteExact) n -= n % Unit;
                if (n == 0) return total > 0 ? total : Errno.EFAULT.Fail();
                long w = await sink(buffer.AsMemory(0, n), total);
                if (w < 0) return total > 0 ? total : w;
                total += w;
                source.Skip(w);
                if (w < n || n < want || singleChunk) break;
            }
            return total;
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>Bytes from <paramref name="source"/> (given the chunk and the bytes already received) into the guest.
    /// The guest range of each chunk is checked before the source is asked, so a bad buffer consumes nothing.</summary>
    /// <param name="byteExact">A regular file: the read stops at the first bad byte, with what came before it.</param>
    /// <param name="singleCall">Ask the source once (pipes, sockets, terminals: a short read ends the call).</param>
    /// <param name="faultTakesMessage">A datagram socket's receive: Linux takes the datagram off the queue before it copies,
    /// so a buffer that faults from its first byte still takes (and drops) one: the source is called with no room, then
    /// the answer is EFAULT (or the source's own error, such as EAGAIN).</param>
    public static async ValueTask<long> Receive(UserMemory memory, GuestBuffer destination, bool byteExact, bool singleCall,
        Func<Memory<byte>, long, ValueTask<long>> source, bool faultTakesMessage = false)
    {
        if (destination.Remaining == 0) return await source(Memory<byte>.Empty, 0);
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(destination.Remaining, Chunk));
        try
        {
            long total = 0;
            while (destination.Remaining > 0)
            {
                int want = (int)Math.Min(destination.Remaining, buffer.Length);
                int n = destination.WritablePrefix(memory, want);
                if (n < want && !byteExact) n -= n % Unit;
                if (n == 0 && total == 0 && faultTakesMessage)
                {
                    long taken = await source(Memory<byte>.Empty, 0);
                    return taken < 0 ? taken : Errno.EFAULT.Fail();
                }
                if (n == 0) return total > 0 ? total : Errno.EFAULT.Fail();
                long r = await source(buffer.AsMemory(0, n), total);
                if (r < 0) return total > 0 ? total : r;
                // MSG_TRUNC reports a datagram's full length; only what fitted is copied.
                int copied = (int)Math.Min(r, n);
                // Another thread may have unmapped the buffer while the source waited.
                if (destination.Put(memory, buffer.AsSpan(0, copied)) != Errno.Success) return total > 0 ? total : Errno.EFAULT.Fail();
                total += r;
                if (r < n || n < want || singleCall) break;
            }
            return total;
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }
}
