// Descriptor system calls: close, dup, fcntl (flags and record locks), pipe2, ioctl, flock.
using System.Runtime.InteropServices;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Sync;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Syscalls;

/// <summary>Operations on the descriptor table and on open file descriptions' flags and locks.</summary>
public static class DescriptorSyscalls
{
    private const int FDupFd = 0, FGetFd = 1, FSetFd = 2, FGetFl = 3, FSetFl = 4, FGetLk = 5, FSetLk = 6, FSetLkW = 7,
        FSetOwn = 8, FGetOwn = 9, FSetSig = 10, FGetSig = 11, FOfdGetLk = 36, FOfdSetLk = 37, FOfdSetLkW = 38,
        FDupFdCloExec = 1030, FSetPipeSize = 1031, FGetPipeSize = 1032, FAddSeals = 1033, FGetSeals = 1034;
    private const int FdCloExec = 1;

    public static void Register(SyscallTable t)
    {
        t.Add("close", "i", c => -(long)c.Process.Files.Close(SyscallContext.AsInt(c.A0)));
        t.Add("close_range", "u,u,x", CloseRange);
        t.Add("dup", "i", c => c.File(c.A0) is { } f ? c.Process.Files.Add(f, false, 0, FileLimit(c.Process)) : Errno.EBADF.Fail());
        t.Add("dup3", "i,i,O", Dup3);
        t.Add("fcntl", "i,i,x", Fcntl);
        t.Add("pipe2", "p,O", Pipe2);
        t.Add("ioctl", "i,x,x", Ioctl);
        t.Add("flock", "i,i", Flock);
    }

    public static int FileLimit(Process p) => (int)Math.Min(p.Limits[Resource.NoFile].Soft, 1 << 20);

    private static long CloseRange(SyscallContext c)
    {
        uint first = (uint)c.A0, last = (uint)c.A1;
        if (first > last || (c.A2 & ~6UL) != 0) return Errno.EINVAL.Fail();
        bool cloexecOnly = (c.A2 & 4) != 0;
        foreach (var (fd, _) in c.Process.Files.Open().ToList())
        {
            if ((uint)fd < first || (uint)fd > last) continue;
            if (cloexecOnly) c.Process.Files.SetCloseOnExec(fd, true);
            else c.Process.Files.Close(fd);
        }
        return 0;
    }

    private static long Dup3(SyscallContext c)
    {
        int oldFd = (int)c.A0, newFd = (int)c.A1;
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        if ((c.A2 & ~(ulong)OpenFlags.CloseOnExec) != 0 || oldFd == newFd) return Errno.EINVAL.Fail();
        if (newFd < 0 || newFd >= FileLimit(c.Process)) return Errno.EBADF.Fail();
        c.Process.Files.Place(newFd, f, (c.A2 & OpenFlags.CloseOnExec) != 0);
        return newFd;
    }

    private static long Pipe2(SyscallContext c)
    {
        int flags = (int)c.A1;
        if ((flags & ~(OpenFlags.CloseOnExec | OpenFlags.NonBlock | OpenFlags.Direct)) != 0) return Errno.EINVAL.Fail();
        var (read, write) = Pipe.Create(flags & OpenFlags.NonBlock);
        bool cloexec = (flags & OpenFlags.CloseOnExec) != 0;
        int limit = FileLimit(c.Process);
        int r = c.Process.Files.Add(read, cloexec, 0, limit);
        if (r < 0) return r;
        int w = c.Process.Files.Add(write, cloexec, 0, limit);
        if (w < 0) { c.Process.Files.Close(r); return w; }
        if (c.Memory.Write(c.A0, ((long)w << 32) | (uint)r) != Errno.Success)
        {
            c.Process.Files.Close(r);
            c.Process.Files.Close(w);
            return Errno.EFAULT.Fail();
        }
        return 0;
    }

    private static long Ioctl(SyscallContext c)
    {
        int fd = (int)c.A0;
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        uint request = (uint)c.A1;
        if (request == TerminalIoctl.FIOCLEX) { c.Process.Files.SetCloseOnExec(fd, true); return 0; }
        if (request == TerminalIoctl.FIONCLEX) { c.Process.Files.SetCloseOnExec(fd, false); return 0; }
        // FIONBIO is every file's (Linux's do_vfs_ioctl): Python's socket.setblocking uses it on a socketpair.
        if (request == TerminalIoctl.FIONBIO)
        {
            if (c.Memory.Read(c.A2, out int on) != Errno.Success) return Errno.EFAULT.Fail();
            f.Flags = on != 0 ? f.Flags | OpenFlags.NonBlock : f.Flags & ~OpenFlags.NonBlock;
            return 0;
        }
        return f.Ioctl(c.Thread, request, c.A2);
    }

    private static ValueTask<long> Fcntl(SyscallContext c)
    {
        int fd = (int)c.A0;
        var files = c.Process.Files;
        if (files.Get(fd) is not { } f) return new(Errno.EBADF.Fail());
        int cmd = (int)c.A1;
        switch (cmd)
        {
            case FDupFd:
            case FDupFdCloExec:
            {
                int min = (int)c.A2, limit = FileLimit(c.Process);
                if (min < 0 || min >= limit) return new(Errno.EINVAL.Fail());
                return new(files.Add(f, cmd == FDupFdCloExec, min, limit));
            }
            case FGetFd: return new(files.IsCloseOnExec(fd) ? FdCloExec : 0);
            case FSetFd: files.SetCloseOnExec(fd, (c.A2 & FdCloExec) != 0); return new(0);
            case FGetFl: return new(f.Flags | OpenFlags.LargeFile);
            case FSetFl:
                f.Flags = (f.Flags & ~OpenFlags.Settable) | ((int)c.A2 & OpenFlags.Settable);
                // O_APPEND must reach the host descriptor (the host does the appending); O_NONBLOCK stays
                // ours: the host descriptor may be shared with a terminal (host sockets stay non-blocking).
                if (f is Fs.HostFile && f.HostFd >= 0) Fs.Host.LibC.Fcntl(f.HostFd, FSetFl, f.Flags & (OpenFlags.Append | OpenFlags.NoAtime) & ~OpenFlags.NonBlock);
                return new(0);
            case FGetLk: case FSetLk: case FSetLkW: case FOfdGetLk: case FOfdSetLk: case FOfdSetLkW:
                return RecordLock(c, f, cmd);
            case FSetOwn: case FSetSig: return new(0);
            case FGetOwn: case FGetSig: return new(0);
            case FGetPipeSize: return new(f is PipeEnd get ? get.Buffer.Capacity : Errno.EBADF.Fail());
            case FSetPipeSize: return new(f is PipeEnd set ? set.Buffer.Resize((uint)c.A2, c.Kernel.Credentials.Uid == 0) : Errno.EBADF.Fail());
            case FGetSeals: return new(Errno.EINVAL.Fail());
            case FAddSeals: return new(Errno.EINVAL.Fail());
            default: return new(Errno.EINVAL.Fail());
        }
    }

    /// <summary>struct flock (riscv64): short l_type, short l_whence, long l_start, long l_len, int l_pid.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FlockRecord
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
        private int pad;
    }

    private static async ValueTask<long> RecordLock(SyscallContext c, FileDescription f, int cmd)
    {
        if (c.Memory.Read(c.A2, out FlockRecord record) != Errno.Success) return Errno.EFAULT.Fail();
        if (f.Stat(out var st) != Errno.Success) return Errno.EBADF.Fail();
        var key = (st.Device, st.Inode);
        long origin = record.Whence switch
        {
            0 => 0,
            1 => f.Seek(0, 1),
            2 => (long)st.Size,
            _ => -1,
        };
        if (origin < 0) return Errno.EINVAL.Fail();
        long start = origin + record.Start, end;
        if (record.Length > 0) end = start + record.Length;
        else if (record.Length == 0) end = long.MaxValue;
        else { end = start; start += record.Length; }
        if (start < 0) return Errno.EINVAL.Fail();
        if (record.Type is < FileLockTable.ReadLock or > FileLockTable.Unlock) return Errno.EINVAL.Fail();

        bool ofd = cmd is FOfdGetLk or FOfdSetLk or FOfdSetLkW;
        object owner = ofd ? f : c.Process;
        var locks = c.Kernel.Locks;
        if (cmd is FGetLk or FOfdGetLk)
        {
            if (record.Type == FileLockTable.Unlock) return Errno.EINVAL.Fail();
            var conflict = locks.FindConflict(key, owner, start, end, record.Type == FileLockTable.WriteLock);
            if (conflict is null) record.Type = FileLockTable.Unlock;
            else
            {
                record.Type = conflict.Write ? FileLockTable.WriteLock : FileLockTable.ReadLock;
                record.Whence = 0;
                record.Start = conflict.Start;
                record.Length = conflict.End == long.MaxValue ? 0 : conflict.End - conflict.Start;
                record.Pid = ofd ? -1 : conflict.Pid;
            }
            return c.Memory.Write(c.A2, record) == Errno.Success ? 0 : Errno.EFAULT.Fail();
        }
        if (record.Type == FileLockTable.ReadLock && !f.CanRead) return Errno.EBADF.Fail();
        if (record.Type == FileLockTable.WriteLock && !f.CanWrite) return Errno.EBADF.Fail();
        bool wait = cmd is FSetLkW or FOfdSetLkW;
        while (record.Type != FileLockTable.Unlock &&
               locks.FindConflict(key, owner, start, end, record.Type == FileLockTable.WriteLock) is not null)
        {
            if (!wait) return Errno.EAGAIN.Fail();
            if (await c.Kernel.Wait(c.Thread, locks.Released) == WakeReason.Interrupted) return Errno.EINTR.Fail();
        }
        locks.Set(key, owner, c.Process.Pid, start, end, record.Type);
        return 0;
    }

    private static async ValueTask<long> Flock(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        int op = (int)c.A1;
        bool nonBlocking = (op & 4) != 0;
        short type = (op & ~4) switch { 1 => FileLockTable.ReadLock, 2 => FileLockTable.WriteLock, 8 => FileLockTable.Unlock, _ => (short)-1 };
        if (type < 0) return Errno.EINVAL.Fail();
        if (f.Stat(out var st) != Errno.Success) return Errno.EBADF.Fail();
        var key = (st.Device, st.Inode);
        var locks = c.Kernel.Locks;
        while (type != FileLockTable.Unlock && locks.FindConflict(key, f, 0, long.MaxValue, type == FileLockTable.WriteLock, flockTable: true) is not null)
        {
            if (nonBlocking) return Errno.EAGAIN.Fail();
            if (await c.Kernel.Wait(c.Thread, locks.Released) == WakeReason.Interrupted) return Errno.EINTR.Fail();
        }
        locks.Set(key, f, c.Process.Pid, 0, long.MaxValue, type, flockTable: true);
        return 0;
    }
}
