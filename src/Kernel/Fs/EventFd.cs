// eventfd: a 64-bit counter with read/write/poll semantics, for wake-ups between threads and processes.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>An eventfd2 file: write adds to the counter, read takes it (or 1 in semaphore mode).</summary>
public sealed class EventFd(ulong initial, bool semaphore, int flags) : FileDescription(flags)
{
    private static long nextInode = 0x60000;
    private readonly ulong inode = (ulong)Interlocked.Increment(ref nextInode);
    private ulong counter = initial;

    public override string FdInfo => $"eventfd-count: {counter,16:x}\neventfd-id: {inode}\neventfd-semaphore: {(semaphore ? 1 : 0)}\n";
    private readonly WaitQueue changed = new();

    public override string DisplayPath => "anon_inode:[eventfd]";
    public override WaitQueue? PollQueue => changed;

    public override async ValueTask<long> Read(UserThread thread, Memory<byte> buffer)
    {
        if (buffer.Length < 8) return Errno.EINVAL.Fail();
        while (counter == 0)
        {
            if (IsNonBlocking) return Errno.EAGAIN.Fail();
            if (await thread.Process.Kernel.Wait(thread, changed) == WakeReason.Interrupted) return Errno.EINTR.Fail();
        }
        ulong value = semaphore ? 1 : counter;
        counter -= value;
        BitConverter.TryWriteBytes(buffer.Span, value);
        changed.WakeAll();
        return 8;
    }

    public override async ValueTask<long> Write(UserThread thread, ReadOnlyMemory<byte> data)
    {
        if (data.Length < 8) return Errno.EINVAL.Fail();
        ulong add = BitConverter.ToUInt64(data.Span);
        if (add == ulong.MaxValue) return Errno.EINVAL.Fail();
        while (ulong.MaxValue - 1 - counter < add)
        {
            if (IsNonBlocking) return Errno.EAGAIN.Fail();
            if (await thread.Process.Kernel.Wait(thread, changed) == WakeReason.Interrupted) return Errno.EINTR.Fail();
        }
        counter += add;
        changed.WakeAll();
        return 8;
    }

    public override PollEvents Poll() =>
        (counter > 0 ? PollEvents.In : PollEvents.None) | (counter < ulong.MaxValue - 1 ? PollEvents.Out : PollEvents.None);

    public override Errno Stat(out StatxBuffer stat)
    {
        stat = StatxBuffer.Virtual(0x180, inode, 0, devMajor: 0, devMinor: 13);
        return Errno.Success;
    }
}
