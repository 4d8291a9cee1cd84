// Linux error numbers (asm-generic/errno-base.h and errno.h): what system calls return, negated.
namespace RvJit.Kernel;

/// <summary>Linux errno values. System calls return <c>-(long)errno</c> on failure.</summary>
public enum Errno
{
    Success = 0,
    EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8, EBADF = 9,
    ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, ENOTBLK = 15, EBUSY = 16, EEXIST = 17,
    EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23, EMFILE = 24, ENOTTY = 25,
    ETXTBSY = 26, EFBIG = 27, ENOSPC = 28, ESPIPE = 29, EROFS = 30, EMLINK = 31, EPIPE = 32, EDOM = 33,
    ERANGE = 34, EDEADLK = 35, ENAMETOOLONG = 36, ENOLCK = 37, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40,
    ENOMSG = 42, ELIBBAD = 80, EIDRM = 43, ENOSTR = 60, ENODATA = 61, ETIME = 62, EOVERFLOW = 75, EBADFD = 77,
    EILSEQ = 84, ERESTART = 85, ENOTSOCK = 88, EDESTADDRREQ = 89, EMSGSIZE = 90, EPROTOTYPE = 91,
    ENOPROTOOPT = 92, EPROTONOSUPPORT = 93, ESOCKTNOSUPPORT = 94, EOPNOTSUPP = 95, EPFNOSUPPORT = 96,
    EAFNOSUPPORT = 97, EADDRINUSE = 98, EADDRNOTAVAIL = 99, ENETDOWN = 100, ENETUNREACH = 101,
    ECONNABORTED = 103, ECONNRESET = 104, ENOBUFS = 105, EISCONN = 106, ENOTCONN = 107, ETIMEDOUT = 110,
    ECONNREFUSED = 111, EHOSTUNREACH = 113, EALREADY = 114, EINPROGRESS = 115, ESTALE = 116, EDQUOT = 122,
    ECANCELED = 125,
    /// <summary>Kernel-internal: the system call is restarted after a signal handler (never seen by the guest).</summary>
    ERESTARTSYS = 512,
}

/// <summary>Helpers to move between errno values and system call results.</summary>
public static class ErrnoExtensions
{
    /// <summary>The system call return value for a failure.</summary>
    public static long Fail(this Errno e) => -(long)e;

    /// <summary>True when a system call result is an error (-4095..-1, as the C library tests it).</summary>
    public static bool IsError(long result) => (ulong)result >= unchecked((ulong)-4095L);

    /// <summary>strerror() text, for strace output.</summary>
    public static string Describe(this Errno e) => e switch
    {
        Errno.EPERM => "Operation not permitted",
        Errno.ENOENT => "No such file or directory",
        Errno.ESRCH => "No such process",
        Errno.EINTR => "Interrupted system call",
        Errno.EIO => "Input/output error",
        Errno.ENOEXEC => "Exec format error",
        Errno.EBADF => "Bad file descriptor",
        Errno.ECHILD => "No child processes",
        Errno.EAGAIN => "Resource temporarily unavailable",
        Errno.ENOMEM => "Cannot allocate memory",
        Errno.EACCES => "Permission denied",
        Errno.EFAULT => "Bad address",
        Errno.EEXIST => "File exists",
        Errno.EXDEV => "Invalid cross-device link",
        Errno.ENOTDIR => "Not a directory",
        Errno.EISDIR => "Is a directory",
        Errno.EINVAL => "Invalid argument",
        Errno.EMFILE => "Too many open files",
        Errno.ENOTTY => "Inappropriate ioctl for device",
        Errno.ESPIPE => "Illegal seek",
        Errno.EROFS => "Read-only file system",
        Errno.EPIPE => "Broken pipe",
        Errno.ERANGE => "Numerical result out of range",
        Errno.ENAMETOOLONG => "File name too long",
        Errno.ENOSYS => "Function not implemented",
        Errno.ENOTEMPTY => "Directory not empty",
        Errno.ELOOP => "Too many levels of symbolic links",
        Errno.EOPNOTSUPP => "Operation not supported",
        Errno.ETIMEDOUT => "Connection timed out",
        _ => e.ToString(),
    };
}
