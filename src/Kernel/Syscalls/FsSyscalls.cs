// File I/O system calls: read, write and their vector/positional forms, lseek, sendfile, getdents64, sync.
using System.Runtime.InteropServices;
using System.Text;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Fs.Host;
using RvJit.Runtime.Hart;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// Data transfer between guest memory and open files, through a bounded bounce buffer (<see cref="GuestTransfer"/>:
/// a bad guest range ends a transfer as Linux ends it, and never loses data already taken from a pipe).
/// </summary>
public static class FsSyscalls
{
    private const long MaxTransfer = GuestBuffer.MaxTransfer;

    public static void Register(SyscallTable t)
    {
        t.Add("read", "i,r,u", Read);
        t.Add("write", "i,w,u", Write);
        t.Add("readv", "i,p,i", ReadV);
        t.Add("writev", "i,p,i", WriteV);
        t.Add("pread64", "i,r,u,d", PRead);
        t.Add("pwrite64", "i,w,u,d", PWrite);
        t.Add("preadv", "i,p,i,d", c => PReadV(c, (long)c.A3));
        t.Add("pwritev", "i,p,i,d", c => PWriteV(c, (long)c.A3));
        // (fd, iov, iovcnt, pos_l, pos_h, flags): on riscv64 pos_l is the whole offset and pos_h unused.
        t.Add("preadv2", "i,p,i,d,x,x", c => !KnownRwFlags(c.A5) ? new(Errno.EOPNOTSUPP.Fail()) : (long)c.A3 == -1 ? ReadV(c) : PReadV(c, (long)c.A3));
        t.Add("pwritev2", "i,p,i,d,x,x", c => !KnownRwFlags(c.A5) ? new(Errno.EOPNOTSUPP.Fail()) : (long)c.A3 == -1 ? WriteV(c) : PWriteV(c, (long)c.A3));
        t.Add("lseek", "i,d,i", LSeek);
        t.Add("sendfile", "i,i,p,u", SendFile);
        t.Add("copy_file_range", "i,p,i,p,u,x", CopyFileRange);
        t.Add("splice", "i,p,i,p,u,x", Splice);
        t.Add("getdents64", "i,p,u", GetDents64);
        t.Add("fsync", "i", c => c.File(c.A0) is { } f ? SyncFile(c, f) : Errno.EBADF.Fail());
        t.Add("fdatasync", "i", c => c.File(c.A0) is { } f ? SyncFile(c, f) : Errno.EBADF.Fail());
        t.Add("sync_file_range", "i,d,d,x", c => c.File(c.A0) is not null ? 0 : Errno.EBADF.Fail());
        t.Add("sync", "", c => { c.Kernel.SharedFiles.SyncAll(); return 0; });
        t.Add("syncfs", "i", c => c.File(c.A0) is not null ? 0 : Errno.EBADF.Fail());
        t.Add("fadvise64", "i,d,d,i", c => c.File(c.A0) is null ? Errno.EBADF.Fail() : 0);
        t.Add("readahead", "i,d,u", c => c.File(c.A0) is null ? Errno.EBADF.Fail() : 0);
        t.Add("fallocate", "i,i,d,d", Fallocate);
    }

    // RWF_HIPRI, DSYNC, SYNC, NOWAIT, APPEND, NOAPPEND, ATOMIC, DONTCACHE: hints rvjit may ignore; others are EOPNOTSUPP.
    private static bool KnownRwFlags(ulong flags) => (flags & ~0xffUL) == 0;

    private static long SyncFile(SyscallContext c, FileDescription f)
    {
        c.Kernel.SharedFiles.SyncAll();
        return -(long)f.Sync();
    }

    /// <summary>read(2) from a description into guest memory; regular files are read until full or EOF.</summary>
    internal static ValueTask<long> ReadInto(SyscallContext c, FileDescription file, GuestBuffer destination, long? offset)
    {
        if (!file.CanRead) return new(Errno.EBADF.Fail());
        if (file.ResultWithoutBuffer(write: false, destination.Remaining) is { } answer) return new(answer);
        if (destination.Remaining == 0) return offset is null ? file.Read(c.Thread, Memory<byte>.Empty) : new(0L);
        // Only regular files promise full reads; from anything else one short read ends the call.
        bool regular = IsRegular(file) && file.PollQueue is null;
        return GuestTransfer.Receive(c.Memory, destination, byteExact: regular, singleCall: !regular, (buffer, done) =>
            offset is { } o ? new(file.ReadAt(buffer.Span, o + done)) : file.Read(c.Thread, buffer));
    }

    private static bool IsRegular(FileDescription file) => file is HostFile { IsRegular: true };

    private static bool IsPipe(FileDescription file) =>
        file is PipeEnd || (file is HostFile && file.Stat(out var st) == Errno.Success && st.FileType == StatMode.Fifo);

    /// <summary>write(2) of guest memory to a description, a bounded chunk at a time.</summary>
    internal static ValueTask<long> WriteFrom(SyscallContext c, FileDescription file, GuestBuffer source, long? offset)
    {
        if (!file.CanWrite) return new(Errno.EBADF.Fail());
        if (file.ResultWithoutBuffer(write: true, source.Remaining) is { } answer) return new(answer);
        return GuestTransfer.Send(c.Memory, source, byteExact: IsRegular(file), singleChunk: false, (data, done) =>
            offset is { } o ? new(file.WriteAt(data.Span, o + done)) : file.Write(c.Thread, data));
    }

    private static ValueTask<long> Read(SyscallContext c) =>
        c.File(c.A0) is { } f ? ReadInto(c, f, new GuestBuffer(c.A1, c.A2), null) : new(Errno.EBADF.Fail());

    private static ValueTask<long> Write(SyscallContext c) =>
        c.File(c.A0) is { } f ? WriteFrom(c, f, new GuestBuffer(c.A1, c.A2), null) : new(Errno.EBADF.Fail());

    private static ValueTask<long> PRead(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return new(Errno.EBADF.Fail());
        if ((long)c.A3 < 0) return new(Errno.EINVAL.Fail());
        return ReadInto(c, f, new GuestBuffer(c.A1, c.A2), (long)c.A3);
    }

    private static ValueTask<long> PWrite(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return new(Errno.EBADF.Fail());
        if ((long)c.A3 < 0) return new(Errno.EINVAL.Fail());
        return WriteFrom(c, f, new GuestBuffer(c.A1, c.A2), (long)c.A3);
    }

    private static ValueTask<long> ReadV(SyscallContext c) => ReadVectors(c, null);
    private static ValueTask<long> PReadV(SyscallContext c, long offset) => offset < 0 ? new(Errno.EINVAL.Fail()) : ReadVectors(c, offset);

    private static ValueTask<long> ReadVectors(SyscallContext c, long? offset)
    {
        if (c.File(c.A0) is not { } f) return new(Errno.EBADF.Fail());
        if (!f.CanRead) return new(Errno.EBADF.Fail());
        Errno e = GuestBuffer.FromIovecs(c.Memory, c.A1, c.A2, out var vectors);
        if (e != Errno.Success) return new(e.Fail());
        // readv of nothing returns 0 without reading (a zero-length read(2) still asks the file).
        return vectors.Remaining == 0 ? new(0L) : ReadInto(c, f, vectors, offset);
    }

    private static ValueTask<long> WriteV(SyscallContext c) => WriteVectors(c, null);
    private static ValueTask<long> PWriteV(SyscallContext c, long offset) => offset < 0 ? new(Errno.EINVAL.Fail()) : WriteVectors(c, offset);

    // The vectors are gathered into chunks, so a pipe sees a small writev as one (atomic) write.
    private static ValueTask<long> WriteVectors(SyscallContext c, long? offset)
    {
        if (c.File(c.A0) is not { } f) return new(Errno.EBADF.Fail());
        if (!f.CanWrite) return new(Errno.EBADF.Fail());
        Errno e = GuestBuffer.FromIovecs(c.Memory, c.A1, c.A2, out var vectors);
        if (e != Errno.Success) return new(e.Fail());
        return vectors.Remaining == 0 ? new(0L) : WriteFrom(c, f, vectors, offset);
    }

    private static long LSeek(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        int whence = (int)c.A2;
        if (whence is < 0 or > 4) return Errno.EINVAL.Fail();
        return f.Seek((long)c.A1, whence);
    }

    private static async ValueTask<long> SendFile(SyscallContext c)
    {
        if (c.File(c.A0) is not { } output || c.File(c.A1) is not { } input) return Errno.EBADF.Fail();
        if (!input.CanRead || !output.CanWrite) return Errno.EBADF.Fail();
        long? offset = null;
        if (c.A2 != 0)
        {
            if (c.Memory.Read(c.A2, out long o) != Errno.Success) return Errno.EFAULT.Fail();
            if (o < 0) return Errno.EINVAL.Fail();
            offset = o;
        }
        // A pipe cannot be read by splicing (Linux: no splice_read; EINVAL even with bytes in it): Go's sendFile
        // falls back to read and write on EINVAL, but waits for the socket on EAGAIN and never woke.
        if (IsPipe(input)) return Errno.EINVAL.Fail();
        long copied = await Copy(c, input, offset, output, null, (long)Math.Min(c.A3, (ulong)MaxTransfer));
        if (copied > 0 && offset is { } start && c.Memory.Write(c.A2, start + copied) != Errno.Success) return Errno.EFAULT.Fail();
        return copied;
    }

    private static async ValueTask<long> CopyFileRange(SyscallContext c)
    {
        if (c.File(c.A0) is not { } input || c.File(c.A2) is not { } output) return Errno.EBADF.Fail();
        if (c.A5 != 0) return Errno.EINVAL.Fail();
        if (!input.CanRead || !output.CanWrite || (output.Flags & OpenFlags.Append) != 0) return Errno.EBADF.Fail();
        // Only between regular files (Go's io.Copy tries it on pipes and falls back on EINVAL).
        if (input.Directory is not null || output.Directory is not null) return Errno.EISDIR.Fail();
        if (!IsRegular(input) || !IsRegular(output)) return Errno.EINVAL.Fail();
        long? inOffset = null, outOffset = null;
        if (c.A1 != 0) { if (c.Memory.Read(c.A1, out long o) != Errno.Success) return Errno.EFAULT.Fail(); inOffset = o; }
        if (c.A3 != 0) { if (c.Memory.Read(c.A3, out long o) != Errno.Success) return Errno.EFAULT.Fail(); outOffset = o; }
        long copied = await Copy(c, input, inOffset, output, outOffset, (long)Math.Min(c.A4, (ulong)MaxTransfer));
        if (copied > 0)
        {
            if (inOffset is { } i) c.Memory.Write(c.A1, i + copied);
            if (outOffset is { } o) c.Memory.Write(c.A3, o + copied);
        }
        return copied;
    }

    /// <summary>
    /// splice: one side is a pipe. Out of a pipe, bytes leave it only once written (a non-blocking socket
    /// that takes part of them loses nothing); into a pipe, at most its free space is read.
    /// </summary>
    private static async ValueTask<long> Splice(SyscallContext c)
    {
        const ulong NonBlockFlag = 2, AllFlags = 0xf; // SPLICE_F_MOVE, NONBLOCK, MORE, GIFT
        if (c.A4 == 0) return 0;
        if ((c.A5 & ~AllFlags) != 0) return Errno.EINVAL.Fail();
        if (c.File(c.A0) is not { } input || c.File(c.A2) is not { } output) return Errno.EBADF.Fail();
        if (!input.CanRead || !output.CanWrite) return Errno.EBADF.Fail();
        long count = (long)Math.Min(c.A4, (ulong)MaxTransfer);
        bool nonBlock = (c.A5 & NonBlockFlag) != 0;
        if (input is PipeEnd { IsReadEnd: true } from)
        {
            if (c.A1 != 0) return Errno.ESPIPE.Fail();
            long? outOffset = null;
            if (c.A3 != 0) { if (c.Memory.Read(c.A3, out long o) != Errno.Success) return Errno.EFAULT.Fail(); outOffset = o; }
            var pipe = from.Buffer;
            while (pipe.Count == 0)
            {
                if (pipe.Writers == 0) return 0;
                if (nonBlock || from.IsNonBlocking) return Errno.EAGAIN.Fail();
                if (await c.Kernel.Wait(c.Thread, pipe.Changed) == Sync.WakeReason.Interrupted) return Errno.EINTR.Fail();
            }
            var data = new byte[Math.Min(count, pipe.Count)];
            pipe.Peek(data);
            long w = outOffset is { } oo ? output.WriteAt(data, oo) : await output.Write(c.Thread, data);
            if (w > 0)
            {
                pipe.Skip((int)w);
                if (outOffset is { } start) c.Memory.Write(c.A3, start + w);
            }
            return w;
        }
        if (output is PipeEnd { IsReadEnd: false } to)
        {
            if (c.A3 != 0) return Errno.ESPIPE.Fail();
            long? inOffset = null;
            if (c.A1 != 0) { if (c.Memory.Read(c.A1, out long o) != Errno.Success) return Errno.EFAULT.Fail(); inOffset = o; }
            var pipe = to.Buffer;
            while (true)
            {
                if (pipe.Readers == 0)
                {
                    c.Kernel.SendSignal(c.Thread, (int)Signals.Signal.SIGPIPE);
                    return Errno.EPIPE.Fail();
                }
                if (pipe.Space > 0) break;
                if (nonBlock || to.IsNonBlocking) return Errno.EAGAIN.Fail();
                if (await c.Kernel.Wait(c.Thread, pipe.Changed) == Sync.WakeReason.Interrupted) return Errno.EINTR.Fail();
            }
            var data = new byte[Math.Min(count, pipe.Space)];
            long n = inOffset is { } io ? input.ReadAt(data, io) : await input.Read(c.Thread, data);
            if (n <= 0) return n;
            pipe.Put(data.AsSpan(0, (int)n));
            if (inOffset is { } start) c.Memory.Write(c.A1, start + n);
            return n;
        }
        return Errno.EINVAL.Fail();
    }

    // Moves up to count bytes between two descriptions through a kernel buffer (positions or offsets).
    private static async ValueTask<long> Copy(SyscallContext c, FileDescription input, long? inOffset, FileDescription output, long? outOffset, long count)
    {
        var buffer = new byte[(int)Math.Min(Math.Max(count, 1), 1 << 16)];
        long total = 0;
        while (total < count)
        {
            int want = (int)Math.Min(count - total, buffer.Length);
            long n = inOffset is { } io ? input.ReadAt(buffer.AsSpan(0, want), io + total) : await input.Read(c.Thread, buffer.AsMemory(0, want));
            if (n < 0) return total > 0 ? total : n;
            if (n == 0) break;
            long w = outOffset is { } oo ? output.WriteAt(buffer.AsSpan(0, (int)n), oo + total) : await output.Write(c.Thread, buffer.AsMemory(0, (int)n));
            if (w < 0) return total > 0 ? total : w;
            total += w;
            if (w < n || n < want) break;
        }
        return total;
    }

    /// <summary>getdents64: struct linux_dirent64 { u64 ino; s64 off; u16 reclen; u8 type; char name[]; }, 8-aligned.
    /// Entries go to the guest one at a time (no buffer as large as the guest's count); an entry that does
    /// not fit, or a bad page, ends the call with the entries before it (EINVAL or EFAULT when there are none).</summary>
    private static long GetDents64(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        if (f.Directory is not { } dir) return Errno.ENOTDIR.Fail();
        long capacity = (long)Math.Min(c.A2, (ulong)int.MaxValue);
        Span<byte> record = stackalloc byte[(19 + 256 * 4 + 1 + 7) & ~7];
        long used = 0;
        while (dir.EntryAt(dir.Position) is { } e)
        {
            byte[] name = FileNames.Encode(e.Name);
            int length = (19 + name.Length + 1 + 7) & ~7;
            if (length > record.Length) { dir.Position++; continue; }
            if (used + length > capacity) return used > 0 ? used : Errno.EINVAL.Fail();
            var s = record[..length];
            s.Clear();
            MemoryMarshal.Write(s, e.Inode);
            MemoryMarshal.Write(s[8..], dir.Position + 1);
            MemoryMarshal.Write(s[16..], (ushort)length);
            s[18] = e.Type;
            name.CopyTo(s[19..]);
            if (c.Memory.Write(c.A1 + (ulong)used, s) != Errno.Success) return used > 0 ? used : Errno.EFAULT.Fail();
            used += length;
            dir.Position++;
        }
        return used;
    }

    private static long Fallocate(SyscallContext c)
    {
        if (c.File(c.A0) is not { } f) return Errno.EBADF.Fail();
        if (c.A1 != 0) return Errno.EOPNOTSUPP.Fail();
        long end = (long)c.A2 + (long)c.A3;
        if ((long)c.A2 < 0 || (long)c.A3 <= 0) return Errno.EINVAL.Fail();
        if (f.Stat(out var st) != Errno.Success) return Errno.EBADF.Fail();
        if (!st.IsRegular) return Errno.ENODEV.Fail();
        return (long)st.Size >= end ? 0 : -(long)f.Truncate(end);
    }
}
