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
    // Pseudo-terminal and less common terminal requests: the same numbers on riscv64 and x86-64 (asm-generic's).
    public const uint TIOCGPTN = 0x80045430, TIOCSPTLCK = 0x40045431, TIOCGPTLCK = 0x80045439, TIOCPKT = 0x5420,
        TIOCGPKT = 0x80045438, TIOCGPTPEER = 0x5441, TIOCSIG = 0x40045436, TIOCGDEV = 0x80045432, TCSBRK = 0x5409,
        TCSBRKP = 0x5425, TCXONC = 0x540A, TIOCSBRK = 0x5427, TIOCCBRK = 0x5428, TIOCOUTQ = 0x5411, TIOCEXCL = 0x540C,
        TIOCNXCL = 0x540D, TIOCGEXCL = 0x80045440, TIOCGETD = 0x5424, TIOCSETD = 0x5423, TIOCMGET = 0x5415,
        TIOCMBIS = 0x5416, TIOCMBIC = 0x5417, TIOCMSET = 0x5418, TCGETS2 = 0x802C542A, TCSETS2 = 0x402C542B,
        TCSETSW2 = 0x402C542C, TCSETSF2 = 0x402C542D, TIOCGLCKTRMIOS = 0x5456, TIOCSLCKTRMIOS = 0x5457,
        TIOCSTI = 0x5412, TIOCVHANGUP = 0x5437;

    private const int TermiosSize = 36, Termios2Size = 44, WinsizeSize = 8;

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
            case TCGETS: case TIOCGLCKTRMIOS:
                return PassOut(fd, request, argument, TermiosSize, memory);
            case TCGETS2:
                return PassOut(fd, request, argument, Termios2Size, memory);
            case TIOCGWINSZ:
                return PassOut(fd, request, argument, WinsizeSize, memory);
            case TIOCGPTN: case TIOCGPTLCK: case TIOCGPKT: case TIOCGDEV: case TIOCOUTQ: case TIOCGEXCL: case TIOCGETD: case TIOCMGET:
                return PassOut(fd, request, argument, 4, memory);
            case TCSETS: case TCSETSW: case TCSETSF: case TIOCSLCKTRMIOS:
                return PassIn(fd, request, argument, TermiosSize, memory);
            case TCSETS2: case TCSETSW2: case TCSETSF2:
                return PassIn(fd, request, argument, Termios2Size, memory);
            case TIOCSWINSZ:
                return SetWindowSize(fd, thread, argument);
            case TIOCSPTLCK: case TIOCPKT: case TIOCSETD: case TIOCMBIS: case TIOCMBIC: case TIOCMSET:
                return PassIn(fd, request, argument, 4, memory);
            case TIOCSTI:
                return PassIn(fd, request, argument, 1, memory);
            case TCFLSH: case TCSBRK: case TCSBRKP: case TCXONC: case TIOCSBRK: case TIOCCBRK: case TIOCEXCL: case TIOCNXCL: case TIOCVHANGUP:
                return LibC.IsATty(fd) == 1 ? LibC.Check(LibC.Ioctl(fd, request, (void*)argument)) : Errno.ENOTTY.Fail();
            case TIOCGPTPEER:
                return OpenPeer(fd, thread, argument);
            case TIOCSIG:
                return SignalForeground(fd, thread, argument);
            case TIOCGPGRP: case TIOCSPGRP: case TIOCGSID: case TIOCSCTTY: case TIOCNOTTY:
                if (LibC.IsATty(fd) != 1) return Errno.ENOTTY.Fail();
                return ControllingTerminals.PseudoTerminalOf(fd) is { } pty
                    ? SessionRequest(file, pty.Number, pty.Master, thread, request, argument)
                    : HostTerminalSessionRequest(thread, request, argument);
            default:
                return Errno.ENOTTY.Fail();
        }
    }

    /// <summary>Session requests on rvjit's own terminal: the guest's process groups, one foreground group.</summary>
    private static long HostTerminalSessionRequest(UserThread thread, uint request, ulong argument)
    {
        var memory = thread.Process.Space.Memory;
        switch (request)
        {
            case TIOCGPGRP:
                return memory.Write(argument, thread.Process.Kernel.Processes.ForegroundGroup(thread.Process)) == Errno.Success ? 0 : Errno.EFAULT.Fail();
            case TIOCSPGRP:
            {
                if (memory.Read(argument, out int group) != Errno.Success) return Errno.EFAULT.Fail();
                thread.Process.Kernel.Processes.SetForegroundGroup(thread.Process, group);
                return 0;
            }
            case TIOCGSID:
                return memory.Write(argument, thread.Process.Session) == Errno.Success ? 0 : Errno.EFAULT.Fail();
            default: // TIOCSCTTY, TIOCNOTTY
                return 0;
        }
    }

    /// <summary>Session requests on a pseudo-terminal, as Linux's tty layer answers them from the guest sessions
    /// (<see cref="ControllingTerminals"/>); on the master they act on the slave and need not come from its session.</summary>
    private static long SessionRequest(FileDescription file, int number, bool master, UserThread thread, uint request, ulong argument)
    {
        var process = thread.Process;
        var kernel = process.Kernel;
        var terminals = kernel.Terminals;
        var memory = process.Space.Memory;
        bool own = terminals.IsControllingTerminalOf(process, number);
        var (session, foreground) = terminals.Of(number);
        switch (request)
        {
            case TIOCGPGRP:
                if (!master && !own) return Errno.ENOTTY.Fail();
                return memory.Write(argument, foreground) == Errno.Success ? 0 : Errno.EFAULT.Fail();
            case TIOCGSID:
                if (!master && !own) return Errno.ENOTTY.Fail();
                if (session == 0) return Errno.ENOTTY.Fail();
                return memory.Write(argument, session) == Errno.Success ? 0 : Errno.EFAULT.Fail();
            case TIOCSPGRP:
            {
                if (!own || session != process.Session) return Errno.ENOTTY.Fail();
                if (memory.Read(argument, out int group) != Errno.Success) return Errno.EFAULT.Fail();
                if (group < 0) return Errno.EINVAL.Fail();
                var members = kernel.Processes.InGroup(group).ToList();
                if (members.Count == 0) return Errno.ESRCH.Fail();
                if (members[0].Session != process.Session) return Errno.EPERM.Fail();
                terminals.SetForeground(number, group);
                return 0;
            }
            case TIOCSCTTY:
                if (master) return 0;
                return -(long)terminals.SetControlling(process, number, (file.Flags & OpenFlags.AccessMode) != OpenFlags.WriteOnly, argument == 1);
            default: // TIOCNOTTY
                return master ? Errno.ENOTTY.Fail() : -(long)terminals.GiveUp(process, number, kernel);
        }
    }

    /// <summary>TIOCSWINSZ: the host keeps the size; a change of a pseudo-terminal's signals its guest foreground group.</summary>
    private static long SetWindowSize(int fd, UserThread thread, ulong argument)
    {
        byte* before = stackalloc byte[WinsizeSize];
        bool known = LibC.Ioctl(fd, TIOCGWINSZ, before) == 0;
        long r = PassIn(fd, TIOCSWINSZ, argument, WinsizeSize, thread.Process.Space.Memory);
        if (r != 0) return r;
        byte* after = stackalloc byte[WinsizeSize];
        if (known && LibC.Ioctl(fd, TIOCGWINSZ, after) == 0 && !new ReadOnlySpan<byte>(before, WinsizeSize).SequenceEqual(new ReadOnlySpan<byte>(after, WinsizeSize))
            && ControllingTerminals.PseudoTerminalOf(fd) is { } pty)
            thread.Process.Kernel.Terminals.Resized(pty.Number, thread.Process.Kernel);
        return 0;
    }

    /// <summary>TIOCGPTPEER: the master opens its slave (flags: access mode, O_NONBLOCK, O_CLOEXEC, O_NOCTTY).</summary>
    private static long OpenPeer(int fd, UserThread thread, ulong argument)
    {
        int flags = (int)argument;
        int hostFlags = (flags & (OpenFlags.AccessMode | OpenFlags.NonBlock)) | OpenFlags.NoCtty | OpenFlags.CloseOnExec;
        int peer = LibC.Ioctl(fd, TIOCGPTPEER, (void*)(ulong)hostFlags);
        if (peer < 0) return LibC.LastError.Fail();
        string path = ControllingTerminals.PseudoTerminalOf(peer) is { } pty ? "/dev/pts/" + pty.Number : "/dev/pts/?";
        var file = new HostFile(peer, flags & ~OpenFlags.CloseOnExec, null, path);
        var process = thread.Process;
        int guestFd = process.Files.Add(file, (flags & OpenFlags.CloseOnExec) != 0, 0, RvJit.Kernel.Syscalls.DescriptorSyscalls.FileLimit(process));
        if (guestFd < 0) { file.AddRef(); file.Release(); }
        return guestFd;
    }

    /// <summary>TIOCSIG on a master: the signal goes to the slave's guest foreground group (the host's would reach none).</summary>
    private static long SignalForeground(int fd, UserThread thread, ulong argument)
    {
        if (ControllingTerminals.PseudoTerminalOf(fd) is not { Master: true } pty) return Errno.EINVAL.Fail();
        int signal = (int)argument;
        if (signal <= 0 || signal > Signals.Signals.Count) return Errno.EINVAL.Fail();
        var kernel = thread.Process.Kernel;
        var (_, group) = kernel.Terminals.Of(pty.Number);
        if (group != 0)
            foreach (var p in kernel.Processes.InGroup(group).ToList()) kernel.SendSignal(p, signal);
        return 0;
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
