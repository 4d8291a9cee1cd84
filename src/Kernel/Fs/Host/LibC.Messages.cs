// P/Invoke declarations for host sendmsg/recvmsg (descriptors passed with SCM_RIGHTS) and kcmp.
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Fs.Host;

internal static unsafe partial class LibC
{
    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec { public byte* Base; public nint Length; }

    /// <summary>struct msghdr (64-bit Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public byte* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nint IovLength;
        public byte* Control;
        public nint ControlLength;
        public int Flags;
    }

    public const int SolSocket = 1, ScmRights = 1, ScmCredentials = 2, MsgCtrunc = 8, MsgCmsgCloexec = 0x40000000;

    [LibraryImport(Lib, EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Lib, EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall5(long number, long a, long b, long c, long d, long e);

    [LibraryImport(Lib, EntryPoint = "getpid")]
    public static partial int GetPid();

    /// <summary>kcmp(KCMP_FILE) of two of rvjit's own descriptors: 0 when they are one open file description,
    /// 1 or 2 when not, -1 when the host cannot say (no kcmp).</summary>
    public static int SameFileDescription(int fd1, int fd2)
    {
        long number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 312,
            Architecture.Arm64 => 272,
            _ => -1,
        };
        if (number < 0) return -1;
        int pid = GetPid();
        long r = Syscall5(number, pid, pid, 0 /* KCMP_FILE */, fd1, fd2);
        return r < 0 ? -1 : (int)r;
    }
}
