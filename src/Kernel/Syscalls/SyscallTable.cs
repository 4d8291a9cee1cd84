// Dispatches system calls by number (riscv64: number in a7, arguments in a0..a5, result in a0).
using RvJit.Kernel.Executor;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Syscalls;

/// <summary>A system call implementation: returns the result (or -errno); may await.</summary>
public delegate ValueTask<long> SyscallHandler(SyscallContext c);

/// <summary>One row of the table: name, strace signature (<see cref="Strace"/>), handler.</summary>
public sealed record SyscallEntry(int Number, string Name, string Signature, SyscallHandler Handler);

/// <summary>
/// The system call table (the seed's syscall/mod.rs). Families register their calls from one file each
/// (FsSyscalls, ProcessSyscalls, MemorySyscalls, TimeSyscalls, SignalSyscalls, MiscSyscalls). An unknown
/// number returns -ENOSYS and is reported once by name.
/// </summary>
public sealed class SyscallTable
{
    public const int MaxNumber = 512;
    private readonly SyscallEntry?[] entries = new SyscallEntry?[MaxNumber];
    private readonly LinuxKernel kernel;
    private readonly Dictionary<UserThread, SyscallContext> contexts = new(ReferenceEqualityComparer.Instance); // see SysVIpc.undo

    /// <summary>Calls whose EINTR stands even when no handler runs (Linux returns -EINTR itself: signal(7)'s
    /// "never restarted" calls that are not in <see cref="RestartedWithoutHandler"/>).</summary>
    private static readonly HashSet<string> NeverRestarted = ["rt_sigtimedwait", "epoll_pwait", "epoll_pwait2", "semop", "semtimedop"];

    /// <summary>Calls that return EINTR after a handler ran even with SA_RESTART, and go on when none runs (Linux's
    /// ERESTARTNOHAND). The sleeps choose for themselves (<see cref="SyscallContext.Restart"/>).</summary>
    private static readonly HashSet<string> RestartedWithoutHandler = ["ppoll", "pselect6", "rt_sigsuspend", "msgsnd", "msgrcv"];

    public SyscallTable(LinuxKernel kernel) => this.kernel = kernel;

    /// <summary>How many families have registered (in <see cref="RegisterFamily"/>'s order); guarded by locking entries.</summary>
    private int familiesRegistered;
    private const int FamilyCount = 17;

    /// <summary>Families register at the first call of a number no registered family has, most used first: a row costs
    /// about 3.7 us of start-up in the publish (registering all 207 took 0.76-0.82 ms of every run: its literals and its
    /// handler's delegate, which ReadyToRun code resolves at first use), and a short program calls into a few families
    /// (an empty static program the first four, 107 rows; Lua's sort.lua the first seven, 151 rows).</summary>
    private void RegisterFamily(int family)
    {
        switch (family)
        {
            case 0: ProcessSyscalls.Register(this); break;
            case 1: MemorySyscalls.Register(this); break;
            case 2: MiscSyscalls.Register(this); break;
            case 3: PathSyscalls.Register(this); break;
            case 4: FsSyscalls.Register(this); break;
            case 5: DescriptorSyscalls.Register(this); break;
            case 6: SignalSyscalls.Register(this); break;
            case 7: TimeSyscalls.Register(this); break;
            case 8: PollSyscalls.Register(this); break;
            case 9: EventSyscalls.Register(this); break;
            case 10: SocketSyscalls.Register(this); break;
            case 11: TimerSyscalls.Register(this); break;
            case 12: InotifySyscalls.Register(this); break;
            case 13: MessageQueueSyscalls.Register(this); break;
            case 14: SemaphoreSyscalls.Register(this); break;
            case 15: SharedMemorySyscalls.Register(this); break;
            case 16: PosixMessageQueueSyscalls.Register(this); break;
        }
    }

    /// <summary>The row of <paramref name="number"/>, registering families until one has it (all of them for a number none has).</summary>
    private SyscallEntry? RegisterUntilFound(int number)
    {
        lock (entries)
        {
            while (entries[number] is null && familiesRegistered < FamilyCount) RegisterFamily(familiesRegistered++);
            return entries[number];
        }
    }

    /// <summary>Adds a call; the signature lists argument kinds for strace (see <see cref="Strace"/>).</summary>
    public void Add(string name, string signature, SyscallHandler handler)
    {
        int number = SyscallNames.NumberOf(name);
        if (number < 0) throw new ArgumentException($"unknown system call name {name}");
        if (entries[number] is not null) throw new ArgumentException($"system call {name} registered twice");
        Volatile.Write(ref entries[number], new SyscallEntry(number, name, signature, handler));
    }

    /// <summary>Adds a call whose handler never waits.</summary>
    public void Add(string name, string signature, Func<SyscallContext, long> handler) =>
        Add(name, signature, c => new ValueTask<long>(handler(c)));

    public SyscallEntry? this[int number] =>
        number is >= 0 and < MaxNumber ? Volatile.Read(ref entries[number]) ?? RegisterUntilFound(number) : null;

    /// <summary>The numbers with an implementation, for reports.</summary>
    public IEnumerable<SyscallEntry> Implemented
    {
        get
        {
            RegisterUntilFound(MaxNumber - 1); // no call has the last number: every family registers
            return entries.Where(e => e is not null)!;
        }
    }

    /// <summary>Handles the ecall <paramref name="thread"/> stopped on.</summary>
    public async ValueTask<ControlFlow> Dispatch(UserThread thread)
    {
        if (!contexts.TryGetValue(thread, out var c))
        {
            c = new SyscallContext(kernel, thread);
            contexts[thread] = c;
        }
        ulong firstArgument;
        unsafe
        {
            var x = thread.Context->X;
            c.Number = (int)x[17];
            c.A0 = firstArgument = x[10]; c.A1 = x[11]; c.A2 = x[12]; c.A3 = x[13]; c.A4 = x[14]; c.A5 = x[15];
            thread.Context->Pc += 4;
        }
        c.KeepRegisters = false;
        c.Flow = ControlFlow.Continue;
        c.Restart = null;
        thread.InterruptedRestart = SyscallRestart.None;

        var entry = this[c.Number];
        var strace = kernel.Strace;
        string? straceArguments = strace is not null && entry is not null ? strace.FormatArguments(c, entry, before: true) : null;
        long result;
        if (entry is null)
        {
            kernel.WarnOnce($"syscall {c.Number}", $"unsupported system call {SyscallNames.Of(c.Number)} ({c.Number}); returning ENOSYS");
            result = Errno.ENOSYS.Fail();
        }
        else
        {
            var pending = entry.Handler(c);
            result = pending.IsCompletedSuccessfully ? pending.Result : await pending;
        }

        if (!c.KeepRegisters)
        {
            unsafe { thread.Context->X[10] = (ulong)result; }
            if (result == Errno.EINTR.Fail() && entry is not null)
            {
                thread.InterruptedRestart = c.Restart ??
                    (NeverRestarted.Contains(entry.Name) ? SyscallRestart.None
                    : RestartedWithoutHandler.Contains(entry.Name) ? SyscallRestart.WithoutHandler
                    : SyscallRestart.Always);
                thread.SyscallFirstArgument = firstArgument;
            }
        }
        strace?.Report(c, entry, straceArguments, result);
        if (thread.ExitRequested) return ControlFlow.Exit;
        return c.Flow;
    }

    /// <summary>Drops the reusable context of a finished thread.</summary>
    public void Forget(UserThread thread) => contexts.Remove(thread);
}
