// Which guest session a pseudo-terminal controls, and its foreground process group.
using RvJit.Kernel.Fs;
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Tasks;

/// <summary>
/// The host keeps a pseudo-terminal's line discipline, but its sessions are the guest's: a guest session leader that
/// takes a slave as its controlling terminal (TIOCSCTTY, or opening it without O_NOCTTY) is recorded here with the
/// foreground group, which TIOCGPGRP, TIOCSPGRP and TIOCGSID answer from, /dev/tty opens, and a window-size change
/// signals (SIGWINCH), as Linux's tty layer does. A slave is known by its number; a master stands for its slave, as
/// Linux's master ioctls act on the linked slave. Other terminals (rvjit's own) keep the process table's foreground
/// group. A session keeps its terminal until its leader gives it up (TIOCNOTTY) or it is given to another session.
/// </summary>
public sealed class ControllingTerminals
{
    private sealed class Terminal(int number)
    {
        public int Number { get; } = number;
        public string HostPath => "/dev/pts/" + Number;
        public int Session;
        public int ForegroundGroup;
    }

    private readonly Dictionary<int, Terminal> byNumber = [];
    private readonly Dictionary<int, Terminal> bySession = [];

    /// <summary>The pseudo-terminal a host descriptor is an end of: its slave's number and whether it is the master;
    /// null for any other file.</summary>
    public static unsafe (int Number, bool Master)? PseudoTerminalOf(int hostFd)
    {
        if (HostFiles.StatFd(hostFd, out var st) != Errno.Success || (st.Mode & StatMode.TypeMask) != StatMode.CharDevice) return null;
        uint major = st.RdevMajor, minor = st.RdevMinor;
        if (major is >= PseudoTerminals.SlaveMajorFirst and <= PseudoTerminals.SlaveMajorLast)
            return ((int)((major - PseudoTerminals.SlaveMajorFirst) * 256 + minor), false);
        if (major == PseudoTerminals.MultiplexerMajor && minor == PseudoTerminals.MultiplexerMinor)
        {
            uint number;
            return LibC.Ioctl(hostFd, TIOCGPTN, &number) == 0 ? ((int)number, true) : null;
        }
        return null;
    }

    internal const uint TIOCGPTN = 0x80045430;

    /// <summary>The host path of the session's controlling pseudo-terminal, null when it has none here.</summary>
    public string? HostPathOf(int session) => bySession.TryGetValue(session, out var t) ? t.HostPath : null;

    /// <summary>True when the session has a controlling terminal recorded here.</summary>
    public bool HasTerminal(int session) => bySession.ContainsKey(session);

    /// <summary>tty_open's rule: a session leader without a controlling terminal that opens a free slave takes it.</summary>
    public void AcquireOnOpen(Process process, HostFile file)
    {
        if (process.Session != process.Pid || bySession.ContainsKey(process.Session)) return;
        if (PseudoTerminalOf(file.HostFd) is not { Master: false } pty) return;
        if (byNumber.TryGetValue(pty.Number, out var t) && t.Session != 0) return;
        Attach(pty.Number, process);
    }

    private void Attach(int number, Process leader)
    {
        if (byNumber.TryGetValue(number, out var old) && old.Session != 0) bySession.Remove(old.Session);
        var t = new Terminal(number) { Session = leader.Session, ForegroundGroup = leader.ProcessGroup };
        byNumber[number] = t;
        bySession[leader.Session] = t;
    }

    /// <summary>TIOCSCTTY as Linux's tiocsctty: 0 when it is already the session's; EPERM for a caller that is not a
    /// session leader or already has a terminal, for a terminal another session has (unless <paramref name="steal"/>
    /// by uid 0), and for a descriptor not open for reading (unless uid 0).</summary>
    public Errno SetControlling(Process process, int number, bool readable, bool steal)
    {
        bool privileged = process.Uids.Effective == 0;
        if (process.Session == process.Pid && bySession.TryGetValue(process.Session, out var own) && own.Number == number) return Errno.Success;
        if (process.Session != process.Pid || bySession.ContainsKey(process.Session)) return Errno.EPERM;
        if (byNumber.TryGetValue(number, out var t) && t.Session != 0 && !(steal && privileged)) return Errno.EPERM;
        if (!readable && !privileged) return Errno.EPERM;
        Attach(number, process);
        return Errno.Success;
    }

    /// <summary>TIOCNOTTY by a process whose controlling terminal it is: a session leader gives it up for the session
    /// (its foreground group gets SIGHUP and SIGCONT, as disassociate_ctty sends them).</summary>
    public Errno GiveUp(Process process, int number, LinuxKernel kernel)
    {
        if (!bySession.TryGetValue(process.Session, out var t) || t.Number != number) return Errno.ENOTTY;
        if (process.Session != process.Pid) return Errno.Success;
        int group = t.ForegroundGroup;
        bySession.Remove(process.Session);
        byNumber.Remove(number);
        foreach (var p in kernel.Processes.InGroup(group).ToList())
        {
            kernel.SendSignal(p, (int)Signals.Signal.SIGHUP);
            kernel.SendSignal(p, (int)Signals.Signal.SIGCONT);
        }
        return Errno.Success;
    }

    /// <summary>A session leader's exit (Linux's disassociate_ctty on exit): its terminal's foreground group gets SIGHUP,
    /// and the terminal belongs to no session any more (a new pseudo-terminal may reuse the number).</summary>
    public void ControllingProcessExited(Process leader, LinuxKernel kernel)
    {
        if (!bySession.Remove(leader.Session, out var t)) return;
        byNumber.Remove(t.Number);
        foreach (var p in kernel.Processes.InGroup(t.ForegroundGroup).Where(p => p != leader).ToList())
            kernel.SendSignal(p, (int)Signals.Signal.SIGHUP);
    }

    /// <summary>The session and foreground group of slave <paramref name="number"/>: (0, 0) when no guest session has it.</summary>
    public (int Session, int ForegroundGroup) Of(int number) =>
        byNumber.TryGetValue(number, out var t) ? (t.Session, t.ForegroundGroup) : (0, 0);

    /// <summary>True when slave <paramref name="number"/> is <paramref name="process"/>'s controlling terminal.</summary>
    public bool IsControllingTerminalOf(Process process, int number) =>
        bySession.TryGetValue(process.Session, out var t) && t.Number == number;

    /// <summary>TIOCSPGRP on the caller's own terminal (checked by the caller).</summary>
    public void SetForeground(int number, int group)
    {
        if (byNumber.TryGetValue(number, out var t)) t.ForegroundGroup = group;
    }

    /// <summary>A window-size change of slave <paramref name="number"/>: SIGWINCH to its foreground group.</summary>
    public void Resized(int number, LinuxKernel kernel)
    {
        if (!byNumber.TryGetValue(number, out var t) || t.ForegroundGroup == 0) return;
        foreach (var p in kernel.Processes.InGroup(t.ForegroundGroup).ToList())
            kernel.SendSignal(p, (int)Signals.Signal.SIGWINCH);
    }
}
