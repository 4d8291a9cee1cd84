// /dev/ptmx and /dev/pts: the host's pseudo-terminals, so the host's line discipline serves both ends.
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// Pseudo-terminals are the host's, as the guest's sockets are: /dev/ptmx opens the host's multiplexer (a new
/// master, its slave appearing in the host's /dev/pts), and /dev/pts lists the host's slaves. The host kernel keeps
/// termios, echo and canonical input, window sizes and the lock (TIOCSPTLCK) of both ends; a slave's node reports
/// the host's own status (device, inode, owner), so ttyname's comparison of the path's stat with the descriptor's
/// holds. What the host cannot know is kept by the kernel (<see cref="ControllingTerminals"/>): which guest session
/// a slave controls and its foreground group.
/// </summary>
public static class PseudoTerminals
{
    public const uint SlaveMajorFirst = 136, SlaveMajorLast = 143, MultiplexerMajor = 5, MultiplexerMinor = 2;
    private const string HostDirectory = "/dev/pts";

    public static VirtualNode Multiplexer { get; } = new MultiplexerNode();
    public static VirtualNode SlaveDirectory { get; } = new SlaveDirectoryNode();

    /// <summary>Opens a host terminal device for the guest: never the host's controlling terminal (O_NOCTTY), the
    /// guest's flags otherwise (access mode, O_NONBLOCK, O_CLOEXEC is the descriptor table's).</summary>
    private static Errno OpenHost(string hostPath, int flags, out FileDescription? file, bool master = false)
    {
        file = null;
        int hostFlags = (flags & (OpenFlags.AccessMode | OpenFlags.NonBlock)) | OpenFlags.NoCtty | OpenFlags.CloseOnExec;
        int fd = LibC.Open(hostPath, hostFlags, 0);
        if (fd < 0) return LibC.LastError;
        int? number = master && ControllingTerminals.PseudoTerminalOf(fd) is { Master: true } pty ? pty.Number : null;
        file = new HostFile(fd, flags & ~OpenFlags.NoCtty, null, hostPath) { PseudoTerminalMaster = number };
        return Errno.Success;
    }

    private const int TermiosLocalFlags = 12, TermiosControlCharacters = 17, Isig = 1, VIntr = 0, VQuit = 1, VSusp = 10;

    /// <summary>
    /// Input written to a master: with ISIG on, its VINTR, VQUIT and VSUSP characters send SIGINT, SIGQUIT and SIGTSTP
    /// to the slave's guest foreground group, as Linux's n_tty_receive_signal_char does (the host's line discipline
    /// has already echoed them and flushed the queues as it does for its own group).
    /// </summary>
    public static unsafe void SignalCharacters(LinuxKernel kernel, int masterFd, int number, ReadOnlySpan<byte> input)
    {
        var (_, group) = kernel.Terminals.Of(number);
        if (group == 0) return;
        byte* termios = stackalloc byte[64];
        if (LibC.Ioctl(masterFd, 0x5401 /* TCGETS */, termios) != 0 || (*(uint*)(termios + TermiosLocalFlags) & Isig) == 0) return;
        byte intr = termios[TermiosControlCharacters + VIntr], quit = termios[TermiosControlCharacters + VQuit], susp = termios[TermiosControlCharacters + VSusp];
        foreach (byte b in input)
        {
            int signal = b == 0 ? 0 : b == intr ? (int)Signals.Signal.SIGINT : b == quit ? (int)Signals.Signal.SIGQUIT : b == susp ? (int)Signals.Signal.SIGTSTP : 0;
            if (signal == 0) continue;
            foreach (var p in kernel.Processes.InGroup(group).ToList()) kernel.SendSignal(p, signal);
        }
    }

    private sealed class MultiplexerNode : VirtualNode
    {
        public override uint Mode => StatMode.CharDevice | 0x1b6;

        public override StatxBuffer Stat(Process process) => StatxBuffer.Virtual(Mode, Inode, 0, 0, 5, MultiplexerMajor, MultiplexerMinor);

        public override Errno Open(Process process, string guestPath, int flags, out FileDescription? file) =>
            OpenHost("/dev/ptmx", flags, out file, master: true);
    }

    /// <summary>/dev/pts: the host's slaves by number (and its ptmx), looked up on the host at every visit.</summary>
    private sealed class SlaveDirectoryNode() : DirectoryNode(ListSlaves, 0x1ed)
    {
        public override VirtualNode? Lookup(Process process, string name)
        {
            if (name == "ptmx") return Multiplexer;
            if (!IsSlaveName(name)) return null;
            string hostPath = HostDirectory + "/" + name;
            return HostFiles.StatAt(LibC.AtFdCwd, hostPath, out _) == Errno.Success ? new SlaveNode(hostPath) : null;
        }
    }

    /// <summary>A slave's name: its number, in decimal.</summary>
    private static bool IsSlaveName(string name) => name.Length is > 0 and <= 9 && name.All(char.IsAsciiDigit);

    private static IEnumerable<(string Name, VirtualNode Node)> ListSlaves(Process process)
    {
        var entries = new List<(string, VirtualNode)> { ("ptmx", Multiplexer) };
        string[] names;
        try { names = System.IO.Directory.GetFileSystemEntries(HostDirectory).Select(p => Path.GetFileName(p)).ToArray(); }
        catch (IOException) { names = []; }
        catch (UnauthorizedAccessException) { names = []; }
        foreach (var name in names.Where(IsSlaveName).OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal))
            entries.Add((name, new SlaveNode(HostDirectory + "/" + name)));
        return entries;
    }

    /// <summary>One slave, /dev/pts/N: its status is the host node's.</summary>
    private sealed class SlaveNode(string hostPath) : VirtualNode
    {
        public override uint Mode => StatMode.CharDevice | 0x190;

        public override StatxBuffer Stat(Process process) =>
            HostFiles.StatAt(LibC.AtFdCwd, hostPath, out var stat) == Errno.Success ? stat : StatxBuffer.Virtual(Mode, Inode);

        /// <summary>Opening a slave without O_NOCTTY makes it the controlling terminal of a session leader that has
        /// none, as Linux's tty_open does.</summary>
        public override Errno Open(Process process, string guestPath, int flags, out FileDescription? file)
        {
            Errno e = OpenHost(hostPath, flags, out file);
            if (e == Errno.Success && (flags & OpenFlags.NoCtty) == 0 && file is HostFile host)
                process.Kernel.Terminals.AcquireOnOpen(process, host);
            return e;
        }
    }
}
