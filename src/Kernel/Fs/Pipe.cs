// Pipes: an in-kernel ring buffer with a read end and a write end; waiting ends await, never block.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>The buffer shared by the two ends of a pipe (64 KiB, like Linux's default; F_SETPIPE_SZ resizes it).</summary>
public sealed class Pipe
{
    public const int DefaultCapacity = 65536;
    /// <summary>Writes up to this size are atomic (never interleaved with other writers).</summary>
    public const int AtomicWriteSize = 4096;
    /// <summary>/proc/sys/fs/pipe-max-size: the largest size an unprivileged F_SETPIPE_SZ may ask for.</summary>
    public const int MaxUnprivilegedCapacity = 1 << 20;

    private static long nextInode = 0x50000;
    private byte[] ring = new byte[DefaultCapacity];
    private int head, count;

    public int Capacity => ring.Length;

    public ulong Inode { get; } = (ulong)Interlocked.Increment(ref nextInode);
    public int Readers, Writers;

    /// <summary>Woken whenever data, space or the number of ends changes.</summary>
    public WaitQueue Changed { get; } = new();

    public int Count => count;
    public int Space => Capacity - count;

    public int Take(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, count);
        int first = Math.Min(n, Capacity - head);
        ring.AsSpan(head, first).CopyTo(destination);
        ring.AsSpan(0, n - first).CopyTo(destination[first..]);
        head = (head + n) % Capacity;
        count -= n;
        if (n > 0) Changed.WakeAll();
        return n;
    }

    /// <summary>Copies the oldest bytes without consuming them (splice out of a pipe consumes what was written).</summary>
    public int Peek(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, count);
        int first = Math.Min(n, Capacity - head);
        ring.AsSpan(head, first).CopyTo(destination);
        ring.AsSpan(0, n - first).CopyTo(destination[first..]);
        return n;
    }

    /// <summary>Drops the oldest <paramref name="n"/> bytes (after a <see cref="Peek"/>).</summary>
    public void Skip(int n)
    {
        n = Math.Min(n, count);
        head = (head + n) % Capacity;
        count -= n;
        if (n > 0) Changed.WakeAll();
    }

    public int Put(ReadOnlySpan<byte> source)
    {
        int n = Math.Min(source.Length, Space);
        int tail = (head + count) % Capacity;
        int first = Math.Min(n, Capacity - tail);
        source[..first].CopyTo(ring.AsSpan(tail, first));
        source[first..n].CopyTo(ring.AsSpan(0, n - first));
        count += n;
        if (n > 0) Changed.WakeAll();
        return n;
    }

    /// <summary>F_SETPIPE_SZ: Linux's round_pipe_size (whole pages, a power of two of them, at most 2 GiB) and
    /// pipe_resize_ring (EBUSY when the data held would not fit); the new capacity or -errno.</summary>
    public long Resize(uint requested, bool privileged)
    {
        if (requested > 1u << 31) return Errno.EINVAL.Fail();
        int size = requested <= 4096 ? 4096 : (int)System.Numerics.BitOperations.RoundUpToPowerOf2(requested);
        if (size > Capacity && size > MaxUnprivilegedCapacity && !privileged) return Errno.EPERM.Fail();
        if (count > size) return Errno.EBUSY.Fail();
        if (size == Capacity) return size;
        var resized = new byte[size];
        Peek(resized);
        ring = resized;
        head = 0;
        Changed.WakeAll();
        return size;
    }

    /// <summary>Creates a pipe and its two ends (each holding one reference to be placed in an fd table).</summary>
    public static (PipeEnd Read, PipeEnd Write) Create(int extraFlags)
    {
        var pipe = new Pipe();
        return (new PipeEnd(pipe, isReadEnd: true, OpenFlags.ReadOnly | extraFlags),
                new PipeEnd(pipe, isReadEnd: false, OpenFlags.WriteOnly | extraFlags));
    }
}

/// <summary>One end of a <see cref="Pipe"/>.</summary>
public sealed class PipeEnd : FileDescription
{
    private readonly Pipe pipe;
    private readonly bool isReadEnd;

    internal PipeEnd(Pipe pipe, bool isReadEnd, int flags) : base(flags)
    {
        this.pipe = pipe;
        this.isReadEnd = isReadEnd;
        if (isReadEnd) pipe.Readers++; else pipe.Writers++;
    }

    public override string DisplayPath => $"pipe:[{pipe.Inode}]";

    /// <summary>The shared buffer (splice).</summary>
    public Pipe Buffer => pipe;
    public bool IsReadEnd => isReadEnd;
    public override WaitQueue? PollQueue => pipe.Changed;

    public override async ValueTask<long> Read(UserThread thread, Memory<byte> buffer)
    {
        if (!isReadEnd) return Errno.EBADF.Fail();
        if (buffer.Length == 0) return 0;
        while (true)
        {
            if (pipe.Count > 0) return pipe.Take(buffer.Span);
            if (pipe.Writers == 0) return 0;
            if (IsNonBlocking) return Errno.EAGAIN.Fail();
            if (await thread.Process.Kernel.Wait(thread, pipe.Changed) == WakeReason.Interrupted) return Errno.EINTR.Fail();
        }
    }

    public override async ValueTask<long> Write(UserThread thread, ReadOnlyMemory<byte> data)
    {
        if (isReadEnd) return Errno.EBADF.Fail();
        int written = 0;
        while (true)
        {
            if (pipe.Readers == 0)
            {
                thread.Process.Kernel.SendSignal(thread, (int)Signal.SIGPIPE);
                return written > 0 ? written : Errno.EPIPE.Fail();
            }
            int remaining = data.Length - written;
            // Small writes go in whole or not at all, so concurrent writers never interleave them.
            bool fits = remaining > Pipe.AtomicWriteSize || pipe.Space >= remaining;
            if (fits && pipe.Space > 0) written += pipe.Put(data.Span[written..]);
            if (written == data.Length) return written;
            if (IsNonBlocking) return written > 0 ? written : Errno.EAGAIN.Fail();
            if (await thread.Process.Kernel.Wait(thread, pipe.Changed) == WakeReason.Interrupted)
                return written > 0 ? written : Errno.EINTR.Fail();
        }
    }

    public override PollEvents Poll()
    {
        if (isReadEnd)
        {
            var e = pipe.Count > 0 ? PollEvents.In : PollEvents.None;
            return pipe.Writers == 0 ? e | PollEvents.HangUp : e;
        }
        if (pipe.Readers == 0) return PollEvents.Error;
        return pipe.Space > 0 ? PollEvents.Out : PollEvents.None;
    }

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = StatxBuffer.Virtual(StatMode.Fifo | 0x180, pipe.Inode, 0, devMajor: 0, devMinor: 12);
        return Errno.Success;
    }

    public override long Ioctl(UserThread thread, uint request, ulong argument)
    {
        if (request == TerminalIoctl.FIONREAD)
            return thread.Process.Space.Memory.Write(argument, isReadEnd ? pipe.Count : 0) == Errno.Success ? 0 : Errno.EFAULT.Fail();
        return Errno.ENOTTY.Fail();
    }

    protected override void Closed()
    {
        if (isReadEnd) pipe.Readers--; else pipe.Writers--;
        pipe.Changed.WakeAll();
    }
}
