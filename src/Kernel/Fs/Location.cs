// The result of resolving a guest path: where it leads (a host file in the root, or a kernel-made node).
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Fs;

/// <summary>
/// A resolved guest path. <see cref="GuestPath"/> is canonical (absolute, no ".", "..", or symlinks);
/// at most one of <see cref="Host"/> (a file below the guest's root, or the sysroot overlay, on the host)
/// and <see cref="Node"/> (a kernel-made file: /proc, /dev/null...) is set. A location may name a file
/// that does not exist yet (the last component of a path being created): then <see cref="Exists"/> is false.
/// </summary>
public sealed class Location
{
    public required string GuestPath { get; init; }
    internal HostEntry? Host { get; init; }
    public VirtualNode? Node { get; init; }
    public bool Exists { get; init; }

    /// <summary>A missing last component written with a trailing slash ("new/"): only mkdir may create it (open with
    /// O_CREAT is EISDIR, mknod, symlink and link ENOENT, a rename of a non-directory there ENOTDIR).</summary>
    public bool TrailingSlash { get; init; }

    /// <summary>The host path, for messages and host programs (which never run in a jail). Host calls go
    /// through <see cref="Host"/>, whose tree keeps them inside the root.</summary>
    public string? HostPath => Host?.DisplayPath;

    /// <summary>The file's status (valid when <see cref="Exists"/>), without following a final symlink
    /// unless the resolution followed it.</summary>
    public StatxBuffer Stat;

    public bool IsVirtual => Node is not null;
    public bool IsDirectory => Exists && Stat.IsDirectory;

    /// <summary>The last path component.</summary>
    public string Name => GuestPath == "/" ? "/" : GuestPath[(GuestPath.LastIndexOf('/') + 1)..];

    public override string ToString() => Host is null ? $"{GuestPath} (virtual)" : $"{GuestPath} -> {HostPath}";
}

/// <summary>A file below a host tree's root, named by its path relative to the root ("" for the root).</summary>
internal sealed record HostEntry(HostTree Tree, string RelativePath)
{
    public string DisplayPath => Tree.DisplayPathOf(RelativePath);
}
