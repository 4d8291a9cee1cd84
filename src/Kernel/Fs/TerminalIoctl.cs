// Terminal and descriptor ioctls on host descriptors (TCGETS, TCSETS*, TIOCGWINSZ, FIONREAD...).
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// ioctl requests for host files. Terminal requests pass through to the host terminal: the kernel's
/// struct termios (36 bytes) and struct winsize (8 bytes) have the same layout on x86-64 and riscv64.
/// Process-group requests answer from the guest's own process groups.
/// </summary>
internal static unsafe class TerminalIoctl
{
    public const uint TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TCFLSH = 0x540B,
        TIOCSCTTY = 0x540E, TIOCGPGRP = 0x540F, TIOCSPGRP = 0x5410, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414,
        FIONREAD = 0x541B, FIONBIO = 0x5421, TIOCNOTTY = 0x5422, FIONCLEX = 0x5450, FIOCLEX = 0x5451,
        TIOCGSID = 0x5429;

    private const int TermiosSize = 36, WinsizeSize = 8;

    public static long Handle(FileDescription file, int fd, UserThread thread, uint request, ulong argument)
    {
        var memory = thread.Process.Space.Memory;
        switch (request)
        {
            case FIONREAD:
            {
                int available;
                if (LibC.Ioctl(fd, FIONREAD, &available) < 0)
                {
                    if (file.Stat(out var st) != Errno.Success || !st.IsRegular) return LibC.LastError.Fail();
                    long pos = file.Seek(0, 1);
                    available = (int)Math.Max(0, Math.Min(int.MaxValue, (long)st.Size - pos));
                }
                return memory.Write(argument, available) == Errno.Success ? 0 : Errno.EFAULT.Fail();
            }
            case TCGETS:
                return PassOut(fd, request, argument, TermiosSize, memory);
            case TIOCGWINSZ:
                return PassOut(fd, request, argument, WinsizeSize, memory);
            case TCSETS: case TCSETSW: case TCSETSF:
                return PassIn(fd, request, argument, TermiosSize, memory);
            case TIOCSWINSZ:
                return PassIn(fd, request, argument, WinsizeSize, memory);
            case TCFLSH:
                return LibC.IsATty(fd) == 1 ? LibC.Check(LibC.Ioctl(fd, request, (void*)argument)) : Errno.ENOTTY.Fail();
            case TIOCGPGRP:
                if (LibC.IsATty(fd) != 1) return Errno.ENOTTY.Fail();
                return memory.Write(argument, thread.Process.Kernel.Processes.ForegroundGroup(thread.Process)) == Errno.Success ? 0 : Errno.EFAULT.Fail();
            case TIOCSPGRP:
            {
                if (LibC.IsATty(fd) != 1) return Errno.ENOTTY.Fail();
                if (memory.Read(argument, out int group) != Errno.Success) return Errno.EFAULT.Fail();
                thread.Process.Kernel.Processes.SetForegroundGroup(thread.Process, group);
                return 0;
            }
            case TIOCGSID:
                if (LibC.IsATty(fd) != 1) return Errno.ENOTTY.Fail();
                return memory.Write(argument, thread.Process.Session) == Errno.Success ? 0 : Errno.EFAULT.Fail();
            case TIOCSCTTY: case TIOCNOTTY:
                return LibC.IsATty(fd) == 1 ? 0 : Errno.ENOTTY.Fail();
            default:
                return Errno.ENOTTY.Fail();
        }
    }

    private static long PassOut(int fd, uint request, ulong argument, int size, Memory.UserMemory memory)
    {
        byte* buffer = stackalloc byte[64];
        if (LibC.Ioctl(fd, request, buffer) < 0) return LibC.LastError.Fail();
        return memory.Write(argument, new ReadOnlySpan<byte>(buffer, size)) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    private static long PassIn(int fd, uint request, ulong argument, int size, Memory.UserMemory memory)
    {
        byte* buffer = stackalloc byte[64];
        if (memory.Read(argument, new Span<byte>(buffer, size)) != Errno.Success) return Errno.EFAULT.Fail();
        return LibC.Check(LibC.Ioctl(fd, request, buffer));
    }
}
