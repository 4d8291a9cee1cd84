// Linux signal numbers, default actions, and the wait-status encoding of deaths by signal.
namespace RvJit.Kernel.Signals;

/// <summary>Linux signal numbers (asm-generic/signal.h).</summary>
public enum Signal
{
    SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7, SIGFPE = 8,
    SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15,
    SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22,
    SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29,
    SIGPWR = 30, SIGSYS = 31,
}

/// <summary>What happens to a process when a signal without a handler arrives.</summary>
public enum DefaultAction : byte { Terminate, CoreDump, Ignore, Stop, Continue }

/// <summary>Facts about signals.</summary>
public static class Signals
{
    /// <summary>Signal numbers run 1..64 (32 and up are real-time signals).</summary>
    public const int Count = 64;

    public static DefaultAction DefaultActionOf(int signal) => (Signal)signal switch
    {
        Signal.SIGCHLD or Signal.SIGURG or Signal.SIGWINCH => DefaultAction.Ignore,
        Signal.SIGCONT => DefaultAction.Continue,
        Signal.SIGSTOP or Signal.SIGTSTP or Signal.SIGTTIN or Signal.SIGTTOU => DefaultAction.Stop,
        Signal.SIGQUIT or Signal.SIGILL or Signal.SIGTRAP or Signal.SIGABRT or Signal.SIGBUS or Signal.SIGFPE or
            Signal.SIGSEGV or Signal.SIGXCPU or Signal.SIGXFSZ or Signal.SIGSYS => DefaultAction.CoreDump,
        _ => DefaultAction.Terminate,
    };

    /// <summary>The bit of <paramref name="signal"/> in a sigset_t.</summary>
    public static ulong Bit(int signal) => 1UL << (signal - 1);

    /// <summary>Signals that can be neither caught nor blocked.</summary>
    public static readonly ulong Unblockable = Bit((int)Signal.SIGKILL) | Bit((int)Signal.SIGSTOP);

    public static string Name(int signal) => signal is > 0 and < 32 ? ((Signal)signal).ToString() : $"SIGRT{signal - 32}";
}

/// <summary>wait4 status words (the W* macros' encoding).</summary>
public static class WaitStatus
{
    public static int Exited(int code) => (code & 0xff) << 8;
    public static int Killed(int signal, bool coreDumped = false) => (signal & 0x7f) | (coreDumped ? 0x80 : 0);

    /// <summary>The shell convention rvjit exits with: the exit code, or 128 + signal.</summary>
    public static int ToShellStatus(int status) =>
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
}
