// The virtual file system: path resolution inside the guest's root, with /proc, /dev nodes and the sysroot overlay.
using System.Text;
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>How <see cref="Vfs.Resolve"/> treats the last component.</summary>
[Flags]
public enum ResolveOptions
{
    None = 0,
    /// <summary>Follow a symlink in the last component (stat, open without O_NOFOLLOW).</summary>
    FollowFinal = 1,
    /// <summary>Do not consult the sysroot overlay (paths the guest creates or changes).</summary>
    NoOverlay = 2,
    // openat2's RESOLVE_* rules (the base directory is the dirfd's, for absolute paths too).
    /// <summary>RESOLVE_NO_XDEV: no component on another file system than the base directory (EXDEV).</summary>
    NoCrossDevice = 4,
    /// <summary>RESOLVE_NO_MAGICLINKS: no /proc/PID/fd-style link (ELOOP).</summary>
    NoMagicLinks = 8,
    /// <summary>RESOLVE_NO_SYMLINKS: no symbolic link at all (ELOOP).</summary>
    NoSymlinks = 16,
    /// <summary>RESOLVE_BENEATH: nothing above the base directory, no absolute path or link (EXDEV).</summary>
    Beneath = 32,
    /// <summary>RESOLVE_IN_ROOT: the base directory is "/" for absolute paths, links and "..".</summary>
    InRoot = 64,
}

/// <summary>
/// Resolves guest paths. Every component is looked up here: ".." stops at the root, symbolic links
/// (absolute ones too) are followed inside the root, so nothing leaves a --root jail. The host sees only
/// lookups relative to a descriptor of the root that it confines to the root itself (<see cref="HostTree"/>),
/// so a guest that changes the tree while a path is resolved (another guest sharing the root) still
/// stays inside. /proc and some /dev files are kernel nodes. With a sysroot overlay (qemu's -L), an
/// absolute path that exists in the sysroot is taken from there first.
/// </summary>
public sealed partial class Vfs : IDisposable
{
    public const int MaxSymlinkHops = 40;
    public const int PathMax = 4096;

    private readonly HostTree root;
    private readonly HostTree? overlay;
    private readonly VirtualNode procRoot;
    private readonly VirtualNode devRoot;

    /// <param name="hostRoot">The host directory the guest sees as "/" ("/" for the whole host tree).</param>
    /// <param name="overlayRoot">A sysroot consulted first for absolute paths (null: none).</param>
    /// <param name="useOpenat2">False: resolve as on hosts without openat2 (a component-by-component walk).</param>
    public Vfs(string hostRoot, string? overlayRoot, VirtualNode procRoot, VirtualNode devRoot, bool useOpenat2 = true)
    {
        root = new HostTree(NormalizeRoot(hostRoot), useOpenat2);
        overlay = overlayRoot is null ? null : new HostTree(NormalizeRoot(overlayRoot), useOpenat2);
        this.procRoot = procRoot;
        this.devRoot = devRoot;
    }

    public void Dispose()
    {
        root.Dispose();
        overlay?.Dispose();
    }

    private static string NormalizeRoot(string dir)
    {
        string full = Path.GetFullPath(dir);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>The host directory that is the guest's "/".</summary>
    public string HostRoot => root.Directory;
    public string? OverlayRoot => overlay?.Directory;
    public bool IsJailed => root.Directory != "/";

    /// <summary>Where a canonical guest path inside <paramref name="tree"/> is on the host.</summary>
    private static HostEntry HostEntryOf(HostTree tree, IReadOnlyList<string> components) => new(tree, RelativeOf(components));

    /// <summary>A canonical guest path relative to its tree's root ("" for the root).</summary>
    private static string RelativeOf(IReadOnlyList<string> components) => string.Join('/', components);

    private static string GuestPathOf(IReadOnlyList<string> components) =>
        components.Count == 0 ? "/" : "/" + string.Join('/', components);

    /// <summary>
    /// Resolves <paramref name="path"/> for <paramref name="process"/>; relative paths start at
    /// <paramref name="baseDirectory"/> (a canonical guest path). The last component may be missing
    /// (Exists = false, for creation); anything missing before it is ENOENT.
    /// </summary>
    public Errno Resolve(Process process, string baseDirectory, string path, ResolveOptions options, out Location location)
    {
        location = null!;
        if (path.Length == 0) return Errno.ENOENT;
        if (path.Length >= PathMax) return Errno.ENAMETOOLONG;
        bool absolute = path[0] == '/';
        if ((options & (ResolveOptions.Beneath | ResolveOptions.InRoot)) != 0)
        {
            if (absolute && (options & ResolveOptions.Beneath) != 0) return Errno.EXDEV;
            return ResolveIn(root, process, SplitComponents(baseDirectory), path, options, out location);
        }
        if (overlay is not null && absolute && (options & ResolveOptions.NoOverlay) == 0)
        {
            string first = FirstComponent(path);
            if (first.Length > 0 && first != "proc" && first != "dev" &&
                ResolveIn(overlay, process, [], path, options, out var inOverlay) == Errno.Success && inOverlay.Exists)
            {
                location = inOverlay;
                return Errno.Success;
            }
        }
        var start = absolute ? new List<string>() : SplitComponents(baseDirectory);
        return ResolveIn(root, process, start, path, options, out location);
    }

    private static string FirstComponent(string path)
    {
        string t = path.TrimStart('/');
        int slash = t.IndexOf('/');
        return slash < 0 ? t : t[..slash];
    }

    private static List<string> SplitComponents(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var components = new List<string>(parts.Length);
        foreach (string c in parts)
            if (c != ".") components.Add(c);
        return components;
    }

    /// <summary>True when nothing but "." components are left to resolve (the current one is the last).</summary>
    private static bool OnlyDots(Stack<string> todo)
    {
        foreach (string p in todo)
            if (p != ".") return false;
        return true;
    }

    private enum EntryKind { Missing, Directory, Other, Symlink }

    private Errno ResolveIn(HostTree under, Process process, List<string> stack, string path, ResolveOptions options, out Location location)
    {
        location = null!;
        bool follow = (options & ResolveOptions.FollowFinal) != 0;
        bool mustBeDirectory = path.Length > 1 && path.EndsWith('/');
        if (mustBeDirectory) follow = true;

        // Components still to walk, next on top.
        var todo = new Stack<string>();
        HostTree.PushComponents(todo, path);
        int hops = 0;
        // openat2's scoped walks: the base directory's depth is the floor ("/" for the rest), its device the only one.
        bool scoped = (options & (ResolveOptions.Beneath | ResolveOptions.InRoot)) != 0;
        int floor = scoped ? stack.Count : 0;
        ulong? device = null;
        if ((options & ResolveOptions.NoCrossDevice) != 0)
        {
            Probe(under, process, stack, out var baseStat, out _, out _, out Errno baseError);
            if (baseError != Errno.Success) return baseError;
            device = baseStat.Device;
        }

        while (todo.Count > 0)
        {
            string part = todo.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                if (stack.Count <= floor && (options & ResolveOptions.Beneath) != 0) return Errno.EXDEV;
                if (stack.Count > floor) stack.RemoveAt(stack.Count - 1); // never above the root
                if (device is not null && Probe(under, process, stack, out var upStat, out _, out _, out _) != EntryKind.Missing && upStat.Device != device) return Errno.EXDEV;
                continue;
            }
            if (FileNames.ByteCount(part) > 255) return Errno.ENAMETOOLONG;
            stack.Add(part);
            bool last = OnlyDots(todo);
            var kind = Probe(under, process, stack, out var stat, out var node, out string? linkTarget, out Errno error);
            if (error != Errno.Success) return error;
            if (device is not null && kind != EntryKind.Missing && stat.Device != device) return Errno.EXDEV;

            if (kind == EntryKind.Missing)
            {
                if (!last) return Errno.ENOENT;
                return MissingFinal(under, process, stack, mustBeDirectory, out location);
            }
            if (kind == EntryKind.Symlink && node?.MagicTarget(process) is not null && (options & (ResolveOptions.NoMagicLinks | ResolveOptions.NoSymlinks)) != 0 && (!last || follow))
                return Errno.ELOOP;
            if (kind == EntryKind.Symlink && (!last || follow) && (options & ResolveOptions.NoSymlinks) != 0) return Errno.ELOOP;
            if (kind == EntryKind.Symlink && (!last || follow))
            {
                // A magic link at the end stands for the open file itself.
                if (last && node?.MagicTarget(process) is { } magic)
                {
                    magic.Stat(out var magicStat);
                    location = new Location { GuestPath = GuestPathOf(stack), Node = node, Exists = true, Stat = magicStat };
                    return Errno.Success;
                }
                if (++hops > MaxSymlinkHops) return Errno.ELOOP;
                stack.RemoveAt(stack.Count - 1);
                if (string.IsNullOrEmpty(linkTarget)) return Errno.ENOENT;
                if (linkTarget[0] == '/')
                {
                    if ((options & ResolveOptions.Beneath) != 0) return Errno.EXDEV;
                    stack.RemoveRange(floor, stack.Count - floor);
                }
                else if (linkTarget.Contains(':') && node is not null) return Errno.ENOENT; // "pipe:[N]" and the like
                HostTree.PushComponents(todo, linkTarget);
                continue;
            }
            if (!last && kind != EntryKind.Directory) return Errno.ENOTDIR;
            if (last)
            {
                if (mustBeDirectory && kind != EntryKind.Directory) return Errno.ENOTDIR;
                location = node is not null
                    ? new Location { GuestPath = GuestPathOf(stack), Node = node, Exists = true, Stat = stat }
                    : new Location { GuestPath = GuestPathOf(stack), Host = HostEntryOf(under, stack), Exists = true, Stat = stat };
                return Errno.Success;
            }
        }

        // The path named the root itself (or only "." and "..").
        var rootKind = Probe(under, process, stack, out var rootStat, out var rootNode, out _, out Errno rootError);
        if (rootError != Errno.Success) return rootError;
        if (rootKind == EntryKind.Missing) return Errno.ENOENT;
        location = rootNode is not null
            ? new Location { GuestPath = GuestPathOf(stack), Node = rootNode, Exists = true, Stat = rootStat }
            : new Location { GuestPath = GuestPathOf(stack), Host = HostEntryOf(under, stack), Exists = true, Stat = rootStat };
        return Errno.Success;
    }

    // The last component does not exist: fine for creation, if its parent is a real directory.
    private Errno MissingFinal(HostTree under, Process process, List<string> stack, bool trailingSlash, out Location location)
    {
        location = null!;
        var parent = stack.GetRange(0, stack.Count - 1);
        var kind = Probe(under, process, parent, out _, out var parentNode, out _, out Errno error);
        if (error != Errno.Success) return error;
        if (kind != EntryKind.Directory) return kind == EntryKind.Missing ? Errno.ENOENT : Errno.ENOTDIR;
        location = parentNode is not null
            ? new Location { GuestPath = GuestPathOf(stack), Exists = false, TrailingSlash = trailingSlash }
            : new Location { GuestPath = GuestPathOf(stack), Host = HostEntryOf(under, stack), Exists = false, TrailingSlash = trailingSlash };
        return Errno.Success;
    }

    private EntryKind Probe(HostTree under, Process process, List<string> stack, out StatxBuffer stat, out VirtualNode? node, out string? linkTarget, out Errno error)
    {
        stat = default;
        node = null;
        linkTarget = null;
        error = Errno.Success;

        node = VirtualAt(under, process, stack, out bool isVirtual);
        if (isVirtual)
        {
            if (node is null) return EntryKind.Missing;
            stat = node.Stat(process);
            if (node.IsSymlink) { linkTarget = node.LinkTarget(process); return EntryKind.Symlink; }
            return node.IsDirectory ? EntryKind.Directory : EntryKind.Other;
        }

        Errno e = under.Lookup(RelativeOf(stack), out stat, out linkTarget);
        if (e != Errno.Success)
        {
            // A missing entry (or one the tree changed under us) is ENOENT to the walk; others are errors.
            if (e is not (Errno.ENOENT or Errno.ENOTDIR)) error = e;
            return EntryKind.Missing;
        }
        if (stat.IsSymlink) return EntryKind.Symlink;
        return stat.IsDirectory ? EntryKind.Directory : EntryKind.Other;
    }

    // /proc is always the kernel's; /dev/<name> is when the kernel provides that name.
    private VirtualNode? VirtualAt(HostTree under, Process process, List<string> stack, out bool isVirtual)
    {
        isVirtual = false;
        if (stack.Count == 0 || under == overlay) return null;
        VirtualNode? node;
        if (stack[0] == "proc") node = procRoot;
        else if (stack[0] == "dev")
        {
            if (stack.Count == 1)
            {
                // The host's /dev if the root has one; otherwise the kernel's own.
                if (under.Lookup("dev", out _, out _) == Errno.Success) return null;
                isVirtual = true;
                return devRoot;
            }
            node = devRoot.Lookup(process, stack[1]);
            if (node is null) return null;
            // /dev/shm is the kernel's only in a jail whose tree has none (otherwise the host's or the tree's own).
            if (ReferenceEquals(node, DevFs.SharedMemoryLink) && (!IsJailed || under.Lookup("dev/shm", out _, out _) == Errno.Success)) return null;
            isVirtual = true;
            for (int i = 2; i < stack.Count && node is not null; i++) node = node.Lookup(process, stack[i]);
            return node;
        }
        else return null;
        isVirtual = true;
        for (int i = 1; i < stack.Count && node is not null; i++) node = node.Lookup(process, stack[i]);
        return node;
    }
}
