// A host directory tree reached only through a descriptor of its root: the host kernel keeps every lookup inside it.
using System.Text;

namespace RvJit.Kernel.Fs.Host;

/// <summary>
/// The guest's root (or the sysroot overlay) on the host. Paths below it are never given to the host as
/// host paths: a path is resolved relative to the root descriptor by <c>openat2(RESOLVE_IN_ROOT |
/// RESOLVE_NO_MAGICLINKS)</c>, so a symlink or a directory another guest swaps in meanwhile is still
/// looked up inside the root; where openat2 is missing, a walk that opens one component at a time with
/// O_PATH | O_NOFOLLOW does the same. Operations then act on the parent directory's descriptor and the
/// final name (*at calls, not following a final symlink), or on a descriptor of the file itself.
/// </summary>
internal sealed partial class HostTree : IDisposable
{
    private const int PathFlags = LibC.OPath | OpenFlags.CloseOnExec;
    private const int MaxRetries = 16;

    private readonly int rootFd;
    private bool useOpenat2;

    /// <param name="directory">The host directory (an absolute, normalized path).</param>
    /// <param name="useOpenat2">False: always walk component by component (what hosts without openat2 get).</param>
    public HostTree(string directory, bool useOpenat2 = true)
    {
        Directory = directory;
        this.useOpenat2 = useOpenat2;
        // A missing root leaves the tree empty: every lookup answers ENOENT.
        rootFd = LibC.Open(directory, PathFlags | LibC.ODirectory, 0);
    }

    /// <summary>The host directory, for messages and for host programs (never inside a jail).</summary>
    public string Directory { get; }

    /// <summary>The host path of <paramref name="relative"/>: for messages only, never for host calls.</summary>
    public string DisplayPathOf(string relative) =>
        relative.Length == 0 ? Directory : Directory == "/" ? "/" + relative : Directory + "/" + relative;

    public void Dispose()
    {
        if (rootFd >= 0) LibC.Close(rootFd);
    }

    /// <summary>A directory descriptor and a name in it: where an *at call acts. Closes the descriptor
    /// when it was opened for this (the root's own descriptor stays).</summary>
    public readonly struct Parent(int fd, string name, bool owned) : IDisposable
    {
        public int Fd { get; } = fd;
        public string Name { get; } = name;
        public void Dispose()
        {
            if (owned) LibC.Close(Fd);
        }
    }

    /// <summary>
    /// Opens the directory holding <paramref name="relative"/> (a path below the root, "" for the root
    /// itself, whose parent is taken to be the root and its name ".").
    /// </summary>
    public Errno OpenParent(string relative, out Parent parent)
    {
        parent = default;
        if (rootFd < 0) return Errno.ENOENT;
        int slash = relative.LastIndexOf('/');
        if (slash < 0)
        {
            parent = new Parent(rootFd, relative.Length == 0 ? "." : relative, owned: false);
            return Errno.Success;
        }
        Errno e = OpenDirectory(relative[..slash], out int fd);
        if (e != Errno.Success) return e;
        parent = new Parent(fd, relative[(slash + 1)..], owned: true);
        return Errno.Success;
    }

    /// <summary>An O_PATH descriptor of the directory <paramref name="relative"/>, resolved inside the root.</summary>
    public Errno OpenDirectory(string relative, out int fd)
    {
        fd = -1;
        if (rootFd < 0) return Errno.ENOENT;
        if (useOpenat2)
        {
            var how = new LibC.OpenHow
            {
                Flags = (ulong)(PathFlags | LibC.ODirectory),
                Resolve = LibC.ResolveInRoot | LibC.ResolveNoMagicLinks,
            };
            for (int attempt = 0; attempt < MaxRetries; attempt++)
            {
                fd = LibC.OpenAt2(rootFd, relative.Length == 0 ? "." : relative, how);
                if (fd >= 0) return Errno.Success;
                Errno e = LibC.LastError;
                // EAGAIN: a rename raced a ".." in the walk; the kernel asks to try again.
                if (e == Errno.EAGAIN) continue;
                if (e != Errno.ENOSYS) return e;
                useOpenat2 = false;
                break;
            }
            if (useOpenat2) return Errno.EAGAIN;
        }
        return Walk(relative, out fd);
    }

    // Without openat2: each component is opened O_PATH | O_NOFOLLOW relative to the one before, ".." goes
    // back to the previous descriptor (never above the root), and a symlink's text is walked again from
    // the root (absolute) or from its directory, so nothing changed meanwhile leads out of the root.
    private Errno Walk(string relative, out int fd)
    {
        fd = -1;
        var opened = new List<int>(); // the directory after each component; the root when empty
        var todo = new Stack<string>();
        PushComponents(todo, relative);
        int hops = 0;
        try
        {
            while (todo.Count > 0)
            {
                string part = todo.Pop();
                if (part == ".") continue;
                if (part == "..")
                {
                    if (opened.Count > 0) { LibC.Close(opened[^1]); opened.RemoveAt(opened.Count - 1); }
                    continue;
                }
                int at = opened.Count > 0 ? opened[^1] : rootFd;
                int next = LibC.OpenAt(at, part, PathFlags | OpenFlags.NoFollow, 0);
                if (next < 0) return LibC.LastError;
                Errno e = HostFiles.StatFd(next, out var stat);
                if (e == Errno.Success && stat.IsSymlink)
                {
                    string? target = ReadLinkAt(next, "");
                    LibC.Close(next);
                    if (++hops > Vfs.MaxSymlinkHops) return Errno.ELOOP;
                    if (string.IsNullOrEmpty(target)) return Errno.ENOENT;
                    if (target[0] == '/')
                    {
                        foreach (int d in opened) LibC.Close(d);
                        opened.Clear();
                    }
                    PushComponents(todo, target);
                    continue;
                }
                if (e != Errno.Success || !stat.IsDirectory)
                {
                    LibC.Close(next);
                    return e != Errno.Success ? e : Errno.ENOTDIR;
                }
                opened.Add(next);
            }
            if (opened.Count == 0)
            {
                fd = LibC.OpenAt(rootFd, ".", PathFlags | LibC.ODirectory, 0);
                return fd >= 0 ? Errno.Success : LibC.LastError;
            }
            fd = opened[^1];
            opened.RemoveAt(opened.Count - 1);
            return Errno.Success;
        }
        finally
        {
            foreach (int d in opened) LibC.Close(d);
        }
    }

    /// <summary>Pushes <paramref name="path"/>'s components so that the first is on top (the VFS's walk uses it too).</summary>
    internal static void PushComponents(Stack<string> todo, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = parts.Length - 1; i >= 0; i--) todo.Push(parts[i]);
    }

    /// <summary>The text of the symlink <paramref name="name"/> in <paramref name="dirfd"/> ("": the descriptor's own link); null on error.</summary>
    public static unsafe string? ReadLinkAt(int dirfd, string name)
    {
        byte* buffer = stackalloc byte[Vfs.PathMax];
        nint n = LibC.ReadLinkAt(dirfd, name, buffer, Vfs.PathMax);
        return n < 0 ? null : FileNames.Decode(new ReadOnlySpan<byte>(buffer, (int)n));
    }
}
