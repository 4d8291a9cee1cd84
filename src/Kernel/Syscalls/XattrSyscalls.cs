// Extended attributes: every file has none, and none can be set.
using RvJit.Kernel.Fs;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// The xattr calls answer as Linux does for a file without extended attributes on a file system that takes no new
/// ones: the list is empty, a get is ENODATA, a set EOPNOTSUPP, a remove ENODATA, after the path or descriptor and
/// the name are checked as Linux checks them. ls -l asks for them on every file (llistxattr, lgetxattr for ACLs and
/// SELinux labels) and took an ENOSYS warning on stderr each run; cp -a and tar treat EOPNOTSUPP as "not kept".
/// </summary>
public static class XattrSyscalls
{
    private const int NameMax = 255;

    public static void Register(SyscallTable t)
    {
        t.Add("setxattr", "s,s,p,u,x", c => Set(c, Path(c, follow: true)));
        t.Add("lsetxattr", "s,s,p,u,x", c => Set(c, Path(c, follow: false)));
        t.Add("fsetxattr", "i,s,p,u,x", c => Set(c, Descriptor(c)));
        t.Add("getxattr", "s,s,p,u", c => Missing(c, Path(c, follow: true)));
        t.Add("lgetxattr", "s,s,p,u", c => Missing(c, Path(c, follow: false)));
        t.Add("fgetxattr", "i,s,p,u", c => Missing(c, Descriptor(c)));
        t.Add("listxattr", "s,p,u", c => List(Path(c, follow: true)));
        t.Add("llistxattr", "s,p,u", c => List(Path(c, follow: false)));
        t.Add("flistxattr", "i,p,u", c => List(Descriptor(c)));
        t.Add("removexattr", "s,s", c => Missing(c, Path(c, follow: true)));
        t.Add("lremovexattr", "s,s", c => Missing(c, Path(c, follow: false)));
        t.Add("fremovexattr", "i,s", c => Missing(c, Descriptor(c)));
    }

    private static Errno Path(SyscallContext c, bool follow)
    {
        Errno e = c.ResolveArgument(unchecked((ulong)OpenFlags.AtFdCwd), c.A0, follow ? ResolveOptions.FollowFinal : ResolveOptions.None, out var location);
        if (e != Errno.Success) return e;
        return location.Exists ? Errno.Success : Errno.ENOENT;
    }

    private static Errno Descriptor(SyscallContext c) => c.File(c.A0) is null ? Errno.EBADF : Errno.Success;

    /// <summary>The name argument (a1): ERANGE when empty or longer than XATTR_NAME_MAX, as Linux's strncpy_from_user check.</summary>
    private static Errno Name(SyscallContext c)
    {
        Errno e = c.Memory.ReadString(c.A1, NameMax, out string name);
        if (e == Errno.ENAMETOOLONG) return Errno.ERANGE;
        if (e != Errno.Success) return e;
        return name.Length == 0 ? Errno.ERANGE : Errno.Success;
    }

    /// <summary>A get or a remove: the name checked, then ENODATA (no such attribute).</summary>
    private static long Missing(SyscallContext c, Errno target)
    {
        if (target != Errno.Success) return target.Fail();
        Errno e = Name(c);
        return (e != Errno.Success ? e : Errno.ENODATA).Fail();
    }

    private static long Set(SyscallContext c, Errno target)
    {
        if (target != Errno.Success) return target.Fail();
        const int Create = 1, Replace = 2;
        if ((c.A4 & ~(ulong)(Create | Replace)) != 0) return Errno.EINVAL.Fail();
        Errno e = Name(c);
        return (e != Errno.Success ? e : Errno.EOPNOTSUPP).Fail();
    }

    private static long List(Errno target) => target != Errno.Success ? target.Fail() : 0;
}
