// Opening a host FIFO that waits for its other end, without holding up the kernel.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

public sealed partial class Vfs
{
    /// <summary>
    /// Whether opening <paramref name="location"/> waits for the other end: a host FIFO opened for reading or for
    /// writing alone without O_NONBLOCK (fifo(7)). That open is <see cref="OpenFifo"/>'s: the host call would block the
    /// kernel's worker, and with it the other guest thread that was about to open the other end (Go's os tests).
    /// </summary>
    public static bool OpenWaitsForPartner(Location location, int flags) =>
        location.Exists && location.Node is null && location.Host is not null && location.Stat.FileType == StatMode.Fifo &&
        (flags & (OpenFlags.NonBlock | OpenFlags.Path)) == 0 && (flags & OpenFlags.AccessMode) != OpenFlags.ReadWrite;

    /// <summary>
    /// Opens a FIFO that waits for its other end (<see cref="OpenWaitsForPartner"/>): the host open runs on a pool
    /// thread, through a descriptor of the entry opened without following anything (its /proc/self/fd path reopens
    /// that very FIFO). A signal ends the wait with EINTR, restarted as Linux's ERESTARTSYS: the host open still
    /// waiting is released by opening the other end without blocking, and the descriptor it gets is closed.
    /// </summary>
    public async ValueTask<(Errno Error, FileDescription? File)> OpenFifo(LinuxKernel kernel, UserThread thread, Location location, int flags)
    {
        var host = location.Host!;
        Errno e = host.Tree.Open(host.RelativePath, OpenFlags.Path | OpenFlags.CloseOnExec, 0, out int entry);
        if (e != Errno.Success) return (e, null);
        string path = HostTree.DescriptorPath(entry);
        int hostFlags = (flags & ~(OpenOnlyFlags | OpenFlags.NonBlock | OpenFlags.NoFollow)) | OpenFlags.CloseOnExec;
        var open = new FifoOpen();
        try
        {
            var reason = await kernel.WaitForHost(thread, _ =>
            {
                int fd = LibC.Open(path, hostFlags, 0);
                open.Error = fd < 0 ? LibC.LastError : Errno.Success;
                open.Fd = fd;
                // The guest gave up meanwhile: nobody else will close it.
                if (Interlocked.CompareExchange(ref open.State, FifoOpen.Done, FifoOpen.Waiting) == FifoOpen.Abandoned && fd >= 0) LibC.Close(fd);
            });
            if (reason == Sync.WakeReason.Interrupted && Interlocked.CompareExchange(ref open.State, FifoOpen.Abandoned, FifoOpen.Waiting) == FifoOpen.Waiting)
            {
                int other = (flags & OpenFlags.AccessMode) == OpenFlags.ReadOnly ? OpenFlags.WriteOnly : OpenFlags.ReadOnly;
                int partner = LibC.Open(path, other | OpenFlags.NonBlock | OpenFlags.CloseOnExec, 0);
                if (partner >= 0) LibC.Close(partner);
                return (Errno.EINTR, null);
            }
            // Done (the wake may have raced with a signal: the open stands, as the signal is delivered after it).
            if (open.Fd < 0) return (open.Error, null);
            return (Errno.Success, new HostFile(open.Fd, flags & ~OpenOnlyFlags, location, location.GuestPath));
        }
        finally { LibC.Close(entry); }
    }

    /// <summary>The pool thread's open and who closes its descriptor if the guest stops waiting.</summary>
    private sealed class FifoOpen
    {
        public const int Waiting = 0, Done = 1, Abandoned = 2;
        public int State;
        public int Fd = -1;
        public Errno Error;
    }
}
