// A process's file descriptor table: small integers to open file descriptions, with close-on-exec bits.
namespace RvJit.Kernel.Fs;

/// <summary>
/// File descriptors of one process. Each slot holds a reference to a <see cref="FileDescription"/>;
/// fork copies the table (the descriptions are shared), exec closes the close-on-exec slots.
/// </summary>
public sealed class FdTable
{
    // A class, not a tuple: List<reference type> is precompiled, List<struct of ours> is jitted at start-up.
    private sealed record Slot(FileDescription File, bool CloseOnExec);

    private readonly List<Slot?> slots = [];

    /// <summary>Called with the description whenever a descriptor is closed (POSIX record locks are dropped then).</summary>
    public Action<FileDescription>? OnClose { get; set; }

    public FileDescription? Get(int fd) => fd >= 0 && fd < slots.Count ? slots[fd]?.File : null;

    public bool IsCloseOnExec(int fd) => fd >= 0 && fd < slots.Count && slots[fd] is { CloseOnExec: true };

    public bool SetCloseOnExec(int fd, bool on)
    {
        if (Get(fd) is not { } f) return false;
        slots[fd] = new Slot(f, on);
        return true;
    }

    /// <summary>Installs <paramref name="file"/> at the lowest free descriptor ≥ <paramref name="minimum"/>; -EMFILE past <paramref name="limit"/>.</summary>
    public int Add(FileDescription file, bool closeOnExec, int minimum = 0, int limit = 1024)
    {
        int fd = minimum;
        while (fd < slots.Count && slots[fd] is not null) fd++;
        if (fd >= limit) return -(int)Errno.EMFILE;
        Place(fd, file, closeOnExec);
        return fd;
    }

    /// <summary>Whether <see cref="Add"/> would find a descriptor below <paramref name="limit"/>.</summary>
    public bool HasFree(int limit)
    {
        int fd = 0;
        while (fd < slots.Count && slots[fd] is not null) fd++;
        return fd < limit;
    }

    /// <summary>Puts <paramref name="file"/> at <paramref name="fd"/>, closing what was there (dup2/dup3).</summary>
    public void Place(int fd, FileDescription file, bool closeOnExec)
    {
        file.AddRef();
        while (slots.Count <= fd) slots.Add(null);
        var old = slots[fd];
        slots[fd] = new Slot(file, closeOnExec);
        if (old is { } o) Drop(o.File);
    }

    public Errno Close(int fd)
    {
        if (Get(fd) is not { } f) return Errno.EBADF;
        slots[fd] = null;
        Drop(f);
        return Errno.Success;
    }

    private void Drop(FileDescription f)
    {
        OnClose?.Invoke(f);
        f.Release();
    }

    /// <summary>A copy for fork: same descriptions, one more reference each.</summary>
    public FdTable Clone()
    {
        var t = new FdTable { OnClose = null };
        foreach (var s in slots)
        {
            s?.File.AddRef();
            t.slots.Add(s);
        }
        return t;
    }

    public void CloseOnExec()
    {
        for (int fd = 0; fd < slots.Count; fd++)
            if (slots[fd] is { CloseOnExec: true }) Close(fd);
    }

    public void CloseAll()
    {
        for (int fd = 0; fd < slots.Count; fd++)
            if (slots[fd] is not null) Close(fd);
    }

    /// <summary>Open descriptors in order (for /proc/self/fd and close_range).</summary>
    public IEnumerable<(int Fd, FileDescription File)> Open()
    {
        for (int fd = 0; fd < slots.Count; fd++)
            if (slots[fd] is { } s) yield return (fd, s.File);
    }

    public int HighestOpen
    {
        get
        {
            for (int fd = slots.Count - 1; fd >= 0; fd--) if (slots[fd] is not null) return fd;
            return -1;
        }
    }
}
